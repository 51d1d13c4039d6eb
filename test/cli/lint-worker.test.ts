/**
 * Inputs past WORKER_THRESHOLD_BYTES are linted on a worker thread (lint-worker.ts) by the built CLI; in-process
 * here (vitest runs the sources). Both must give the same report, exit code and errors.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WORKER_THRESHOLD_BYTES } from '../../src/cli/lint-worker.js';
import { hasStackTrace, runCli, spawnCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'kubeward-worker-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Just over the threshold: ConfigMaps of a thousand 1 KiB values each (small strings, on the heap the worker's limit
 * bounds), and Deployments with findings between them.
 */
function bigManifest(): string {
  const data = Array.from({ length: 1024 }, (_, k) => `  k${k}: ${'x'.repeat(1000)}\n`).join('');
  const docs: string[] = [];
  let size = 0;
  for (let i = 0; size < WORKER_THRESHOLD_BYTES + 1024 * 1024; i++) {
    docs.push(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: filler-${i}, namespace: shop}\ndata:\n${data}`);
    size += data.length;
    for (let j = 0; j < 20; j++) {
      docs.push(`apiVersion: apps/v1
kind: Deployment
metadata: {name: app-${i}-${j}, namespace: shop}
spec:
  selector: {matchLabels: {app: a${i}-${j}}}
  template:
    metadata: {labels: {app: a${i}-${j}}}
    spec:
      containers:
        - name: app
          image: ghcr.io/example/app:1.${j}
`);
    }
  }
  return docs.join('---\n');
}

const text = bigManifest();
const file = join(dir, 'big.yaml');
writeFileSync(file, text);

interface Json {
  findings: { ruleId: string; file: string; line: number; column: number; message: string }[];
  summary: { objects: number; findings: number };
}
const shape = (stdout: string) =>
  (JSON.parse(stdout) as Json).findings.map((f) => [f.ruleId, f.line, f.column, f.message].join(' '));

describe('a large input, on a worker', () => {
  it('gives the report and exit code of the in-process lint, from a file and from standard input', async () => {
    expect(text.length).toBeGreaterThan(WORKER_THRESHOLD_BYTES);
    const inProcess = await runCli(['lint', file, '-f', 'json']);
    const worker = spawnCli(['lint', file, '-f', 'json'], { timeoutMs: 120_000 });
    expect(worker.stderr).toBe('');
    expect(worker.code).toBe(inProcess.code);
    expect(worker.stdout).toBe(inProcess.stdout);
    expect((JSON.parse(worker.stdout) as Json).summary.objects).toBeGreaterThan(600);

    const piped = spawnCli(['lint', '-', '-f', 'json'], { input: text, timeoutMs: 120_000 });
    expect(piped.code).toBe(inProcess.code);
    expect(shape(piped.stdout)).toEqual(shape(inProcess.stdout));
  }, 240_000);

  it('says the heap is too small, with what to do, when the worker runs out of it (no V8 crash)', () => {
    const r = spawnCli(['lint', file], { maxOldSpaceMiB: 16, timeoutMs: 120_000 });
    expect(r.signal).toBeNull();
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('the input needs more memory than the');
    expect(r.stderr).toContain('--max-old-space-size');
    expect(hasStackTrace(r.stderr)).toBe(false);
  }, 240_000);

  it('still reports a standard input it cannot read when the files beside it are large', () => {
    const r = spawnCli(['lint', file, '-', '-f', 'json'], { input: Buffer.from('a\0b'), timeoutMs: 120_000 });
    expect(r.code).toBe(2);
    expect((JSON.parse(r.stdout) as Json).findings.some((f) => f.ruleId === 'input-binary')).toBe(true);
  }, 240_000);

  it('reports a configuration error the worker meets as the main thread would: exit 2, no stack trace', () => {
    const r = spawnCli(['lint', file, '-c', join(dir, 'missing.yaml')], { timeoutMs: 120_000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('missing.yaml');
    expect(hasStackTrace(r.stderr)).toBe(false);
  }, 240_000);
});
