/** The real helm binary: our example chart lints clean under helm, and its rendered output lints under kubeward. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, spawnCli } from '../helpers/cli.js';
import { helm, helmBinary } from '../helpers/helm.js';

const bin = helmBinary();
const chart = join(ROOT, 'examples', 'shop');

describe.skipIf('unavailable' in bin)(
  `with real helm${'unavailable' in bin ? ` (skipped: ${bin.unavailable})` : ''}`,
  () => {
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
      const worker = json.findings.find(
        (f: { ruleId: string; object: { name: string } }) =>
          f.ruleId === 'resources-qos-class' && f.object.name === 'shop-worker',
      );
      expect(worker.file).toBe('examples/shop/templates/worker-deployment.yaml');
      // The rendered stream position is kept for whoever reads the stream.
      expect(worker.rendered.file).toBe('<stdin>');
      // The template is on disk (under --source-root), so the line is the template line that produced the field:
      // `resources:` followed by `{{- toYaml .Values.worker.resources | nindent 12 }}`.
      const template = readFileSync(join(ROOT, worker.file), 'utf8').split('\n');
      expect(template[worker.line - 1]).toMatch(/^\s+resources:$/);
      expect(rendered.split('\n')[worker.rendered.line - 1]).toMatch(/^\s+resources:/);
      // Without the template on disk, the line within the rendered document is used.
      const elsewhere = spawnCli(['lint', '-', '--format', 'json', '--source-root', 'not-here'], { input: rendered });
      const w2 = JSON.parse(elsewhere.stdout).findings.find(
        (f: { ruleId: string; object: { name: string } }) =>
          f.ruleId === 'resources-qos-class' && f.object.name === 'shop-worker',
      );
      const sourceLine = rendered.split('\n').indexOf('# Source: shop/templates/worker-deployment.yaml') + 1;
      expect(w2.file).toBe('not-here/shop/templates/worker-deployment.yaml');
      expect(w2.line).toBe(w2.rendered.line - sourceLine);
      const overLimit = json.findings.find((f: { ruleId: string }) => f.ruleId === 'resources-request-exceeds-limit');
      expect(overLimit).toMatchObject({
        severity: 'error',
        file: 'examples/shop/templates/reports-cronjob.yaml',
        object: { kind: 'CronJob', name: 'shop-reports' },
      });
    });
  },
);
