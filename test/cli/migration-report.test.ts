/** `kubeward migration-report`: formats, output file, config prefix, exit codes and bad input, through commander. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS, hasStackTrace, runCli, spawnCli } from '../helpers/cli.js';
import { scratchDir } from '../helpers/scratch.js';
import { ingress, NGINX_CLASS, yamlOf } from '../migrate/helpers.js';

const EXAMPLES = join(CORPUS, 'ingress-nginx-examples.yaml');

function inputDir(text: string, files: Record<string, string> = {}): string {
  const dir = scratchDir('migration-report');
  writeFileSync(join(dir, 'in.yaml'), text);
  for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), body);
  return dir;
}

describe('kubeward migration-report', () => {
  it('writes the Markdown report of the ingress-nginx examples corpus, exit 0', async () => {
    const r = await runCli(['migration-report', EXAMPLES]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^# ingress-nginx migration report\n/);
    expect(r.stdout).toContain('37 of 37 Ingresses on ingress-nginx (35 covered): 19 clean, 14 policy, 2 blocked.');
    for (const heading of [
      'Inventory',
      'Exposure',
      'Annotation debt',
      'Translatability and difficulty per Ingress',
      'Security-relevant keys',
      'Namespaces',
      'Findings that change the plan',
      'Recommendation',
      'How difficulty is computed',
      'Sources',
    ]) {
      expect(r.stdout).toContain(`\n## ${heading}\n`);
    }
    expect(r.stdout).toContain('56 ingress-nginx annotations, 34 distinct keys; per Ingress min 0, median 1, max 7.');
    expect(r.stdout).toContain('| default | 28 | 16 | 10 | 2 |');
    expect(r.stdout).toContain('Minimum Gateway API version the drafts need: **v1.1**.');
  });

  it('--format json gives the same figures as the Markdown, and -o writes it to a file', async () => {
    const cwd = scratchDir('migration-report');
    const r = await runCli(['migration-report', '--format', 'json', '-o', 'report.json', EXAMPLES], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    const json = JSON.parse(readFileSync(join(cwd, 'report.json'), 'utf8'));
    expect(json.schemaVersion).toBe(1);
    expect(json.inventory).toMatchObject({ total: 37, ingressNginx: 37 });
    expect(json.ingresses).toHaveLength(35);
    expect(json.inventory.unconverted).toHaveLength(2);
    expect(json.annotationDebt).toMatchObject({ total: 56, distinctKeys: 34, snippets: 1 });
    expect(json.recommendation.path).toBe('gateway-api');
  });

  it('reads standard input with --stdin-filename and -n for objects that name no namespace', async () => {
    const text = yamlOf([NGINX_CLASS, { ...ingress({ name: 'web' }), metadata: { name: 'web' } }]);
    const r = await runCli(['migration-report', '-', '-f', 'json', '-n', 'team-a', '--stdin-filename', 'x.yaml'], {
      stdin: text,
    });
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.inventory.ingresses).toEqual([expect.objectContaining({ namespace: 'team-a', file: 'x.yaml' })]);
  });

  it("reads the config's ingressNginx.annotationsPrefix for keys under a custom prefix", async () => {
    const text = yamlOf([NGINX_CLASS, ingress({ name: 'web', annotations: { 'ingress.example.com/limit-rps': '5' } })]);
    const cwd = inputDir(text, { 'k.yaml': 'ingressNginx:\n  annotationsPrefix: ingress.example.com\n' });
    const without = JSON.parse((await runCli(['migration-report', '-f', 'json', 'in.yaml'], { cwd })).stdout);
    expect(without.annotationDebt.total).toBe(0);
    const r = await runCli(['migration-report', '-f', 'json', '-c', 'k.yaml', 'in.yaml'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).ingresses[0].annotations).toEqual([
      expect.objectContaining({ key: 'ingress.example.com/limit-rps', class: 'implementation-specific' }),
    ]);
  });

  it('exits 2 when the inputs hold no Ingress, naming what was read', async () => {
    const cwd = inputDir(yamlOf([NGINX_CLASS]));
    const r = await runCli(['migration-report', 'in.yaml'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/no Ingress among the 1 objects of the inputs: nothing to report/);
  });

  it('exits 2 on invalid YAML with its file and line, and on an unknown format, without a stack trace', async () => {
    const cwd = inputDir('kind: Ingress\n  bad: [\n');
    const bad = await runCli(['migration-report', 'in.yaml'], { cwd });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/in\.yaml:\d+:\d+: .*\n.*no report written: fix the inputs above first/);
    const format = await runCli(['migration-report', '--format', 'pdf', 'in.yaml'], { cwd });
    expect(format.code).toBe(2);
    expect(format.stderr).toMatch(/pdf/);
    expect(format.stderr).toMatch(/markdown, json, html/);
    expect(hasStackTrace(bad.stderr + format.stderr)).toBe(false);
  });

  it('--format html writes one page with the figures of the JSON, to standard output or -o', async () => {
    const cwd = scratchDir('migration-report');
    // SOURCE_DATE_EPOCH fixes the generation time, so the two runs give the same bytes.
    const env = { SOURCE_DATE_EPOCH: '1764633600' };
    const r = await runCli(['migration-report', '-f', 'html', '-o', 'report.html', EXAMPLES], { cwd, env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    const html = readFileSync(join(cwd, 'report.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>\n/);
    expect(html).toContain('<div class="value">37 of 37</div>');
    expect(html).toContain(
      '<div class="value"><span class="t-clean">19</span> / <span class="t-policy">14</span> / <span class="t-blocked">2</span></div>',
    );
    expect(html).toContain('Computed by kubeward ');
    expect(html).toContain(' at 2025-12-02T00:00:00Z from files ');
    const out = await runCli(['migration-report', '--format', 'html', EXAMPLES], { cwd, env });
    expect(out.code).toBe(0);
    expect(out.stdout).toBe(html);
  });

  it('runs from the built binary', () => {
    const r = spawnCli(['migration-report', '-f', 'json', EXAMPLES]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).inventory.total).toBe(37);
  });
});
