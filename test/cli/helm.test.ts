/** The real helm binary: our example chart lints clean under helm, and its rendered output lints under kubeward. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, spawnCli } from '../helpers/cli.js';
import { helm, helmBinary } from '../helpers/helm.js';

const bin = helmBinary();
const chart = join(ROOT, 'examples', 'shop');

describe.skipIf('unavailable' in bin)(`with real helm${'unavailable' in bin ? ` (skipped: ${bin.unavailable})` : ''}`, () => {
  it('helm lint accepts the example chart', () => {
    expect(helm(['lint', chart])).toMatch(/1 chart\(s\) linted, 0 chart\(s\) failed/);
  });

  it('the committed example is exactly what helm template renders today', () => {
    const rendered = helm(['template', 'shop', chart, '--namespace', 'shop']);
    expect(readFileSync(join(ROOT, 'examples', 'shop-rendered.yaml'), 'utf8')).toBe(rendered);
  });

  it('helm template | kubeward lint - puts findings on the template files that produced them', () => {
    const rendered = helm(['template', 'shop', chart, '--namespace', 'shop']);
    const r = spawnCli(['lint', '-', '--format', 'json', '--source-root', 'examples'], { input: rendered });
    expect(r.code, r.stderr).toBe(1);
    const json = JSON.parse(r.stdout);
    const worker = json.findings.find((f: { ruleId: string; object: { name: string } }) => f.ruleId === 'resources-missing-requests' && f.object.name === 'shop-worker');
    expect(worker.file).toBe('examples/shop/templates/worker-deployment.yaml');
    // The rendered stream position is kept for whoever reads the stream.
    expect(worker.rendered.file).toBe('<stdin>');
    // The line is the line within the rendered document (1 = the line after `# Source:`).
    const lines = rendered.split('\n');
    const sourceLine = lines.findIndex((l) => l === '# Source: shop/templates/worker-deployment.yaml') + 1;
    expect(worker.line).toBe(worker.rendered.line - sourceLine);
    expect(lines[worker.rendered.line - 1]).toMatch(/^\s+resources: \{\}$/);
    const overLimit = json.findings.find((f: { ruleId: string }) => f.ruleId === 'resources-request-exceeds-limit');
    expect(overLimit).toMatchObject({ severity: 'error', file: 'examples/shop/templates/reports-cronjob.yaml', object: { kind: 'CronJob', name: 'shop-reports' } });
  });
});
