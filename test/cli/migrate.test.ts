/** `kubeward migrate --to gateway-api`: outputs, exit codes and bad input, through the real commander program. */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { CORPUS, hasStackTrace, runCli, spawnCli } from '../helpers/cli.js';
import { scratchDir } from '../helpers/scratch.js';
import { ingress, NGINX_CLASS, yamlOf } from '../migrate/helpers.js';

function inputDir(objects: readonly unknown[]): string {
  const dir = scratchDir('migrate');
  writeFileSync(join(dir, 'in.yaml'), yamlOf(objects));
  return dir;
}

const CLEAN = [
  NGINX_CLASS,
  ingress({ name: 'web' }),
  ingress({ name: 'blog', namespace: 'blog', host: 'blog.example.com' }),
];
const WITH_GAPS = [NGINX_CLASS, ingress({ name: 'web', annotations: { 'limit-rps': '5' } })];

describe('kubeward migrate', () => {
  it('writes the drafts as YAML on stdout and a summary on stderr, exit 0', async () => {
    const cwd = inputDir(CLEAN);
    const r = await runCli(['migrate', '--to', 'gateway-api', 'in.yaml'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const docs = loadAll(r.stdout) as { kind: string }[];
    expect(docs.map((d) => d.kind)).toEqual(['Gateway', 'HTTPRoute', 'HTTPRoute']);
    expect(r.stderr).toMatch(/2 ingress-nginx Ingresses -> 3 Gateway API objects \(2 translated whole/);
  });

  it('--strict exits 1 when anything was left untranslated; without it, 0', async () => {
    const cwd = inputDir(WITH_GAPS);
    expect((await runCli(['migrate', '--to', 'gateway-api', 'in.yaml'], { cwd })).code).toBe(0);
    const strict = await runCli(['migrate', '--to', 'gateway-api', '--strict', 'in.yaml'], { cwd });
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/shop\/web .*OPEN without a policy.*limit-rps/);
  });

  it('--format json gives the objects and the record', async () => {
    const cwd = inputDir(WITH_GAPS);
    const r = await runCli(['migrate', '--to', 'gateway-api', '--format', 'json', 'in.yaml'], { cwd });
    const json = JSON.parse(r.stdout);
    expect(json.schemaVersion).toBe(1);
    expect(json.objects.map((o: { object: { kind: string } }) => o.object.kind)).toEqual(['Gateway', 'HTTPRoute']);
    expect(json.ingresses[0]).toMatchObject({
      namespace: 'shop',
      name: 'web',
      outcome: 'gaps',
      requiresPolicy: ['nginx.ingress.kubernetes.io/limit-rps'],
      annotations: [
        expect.objectContaining({ key: 'nginx.ingress.kubernetes.io/limit-rps', class: 'implementation-specific' }),
      ],
    });
  });

  it('--out-dir writes gateways.yaml and a file per namespace', async () => {
    const cwd = inputDir(CLEAN);
    const r = await runCli(['migrate', '--to', 'gateway-api', '--out-dir', 'drafts', 'in.yaml'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(join(cwd, 'drafts')).sort()).toEqual(['blog.yaml', 'gateways.yaml', 'shop.yaml']);
    expect(
      (loadAll(readFileSync(join(cwd, 'drafts', 'blog.yaml'), 'utf8')) as { metadata: { namespace: string } }[]).every(
        (d) => d.metadata.namespace === 'blog',
      ),
    ).toBe(true);
    expect(r.stdout).toBe('');
  });

  it('usage errors exit 2 with a message: -o with --out-dir, a bad --parent-ref, a missing --to', async () => {
    const cwd = inputDir(CLEAN);
    for (const args of [
      ['--to', 'gateway-api', '-o', 'x.yaml', '--out-dir', 'd', 'in.yaml'],
      ['--to', 'gateway-api', '--parent-ref', 'nope', 'in.yaml'],
      ['in.yaml'],
    ]) {
      const r = await runCli(['migrate', ...args], { cwd });
      expect(r.code, args.join(' ')).toBe(2);
      expect(hasStackTrace(r.stderr)).toBe(false);
    }
    expect(existsSync(join(cwd, 'x.yaml'))).toBe(false);
  });

  it('invalid YAML, or no Ingress at all, is an input error (exit 2), and no drafts are written', async () => {
    const broken = scratchDir('migrate-bad');
    writeFileSync(join(broken, 'in.yaml'), 'kind: Ingress\n  bad: [\n');
    const r = await runCli(['migrate', '--to', 'gateway-api', 'in.yaml'], { cwd: broken });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/in\.yaml:\d+:\d+: .*\n.*no drafts written/);
    const none = inputDir([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }]);
    const empty = await runCli(['migrate', '--to', 'gateway-api', 'in.yaml'], { cwd: none });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/no Ingress among the 1 objects/);
  });

  it('runs from the bundled binary on the corpus, every Ingress accounted for', () => {
    const r = spawnCli([
      'migrate',
      '--to',
      'gateway-api',
      '--format',
      'json',
      join(CORPUS, 'ingress-nginx-examples.yaml'),
    ]);
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout);
    const ingresses = (
      loadAll(readFileSync(join(CORPUS, 'ingress-nginx-examples.yaml'), 'utf8')) as { kind?: string }[]
    ).filter((d) => d?.kind === 'Ingress');
    expect(json.ingresses.length + json.skipped.length).toBe(ingresses.length);
  });
});
