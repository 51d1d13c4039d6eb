/**
 * Hostile and broken input through the real binary with a 256 MiB heap: every case ends in bounded time with a clear
 * message and exit code 2 (or a normal result), never a stack trace, a hang or an out-of-memory crash.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasStackTrace, spawnCli } from '../helpers/cli.js';
import { scratchDir } from '../helpers/scratch.js';

const dir = scratchDir('bad');
const file = (name: string, content: string | Buffer): string => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};

function expectCleanExit2(r: ReturnType<typeof spawnCli>, message: RegExp): void {
  expect(r.signal, r.stderr).toBeNull();
  expect(hasStackTrace(r.stdout + r.stderr), r.stdout + r.stderr).toBe(false);
  expect(r.code, r.stdout + r.stderr).toBe(2);
  expect(r.stdout + r.stderr).toMatch(message);
}

describe('bad input through the CLI', () => {
  it('an alias bomb (billion laughs) is refused with a message', () => {
    let text =
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\ndata:\n  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
    let prev = 'a';
    for (const n of 'bcdefghijklmnop') {
      text += `  ${n}: &${n} [${Array(9).fill(`*${prev}`).join(',')}]\n`;
      prev = n;
    }
    const r = spawnCli(['lint', file('bomb.yaml', text), '--format', 'json'], { maxOldSpaceMiB: 256 });
    expectCleanExit2(r, /alias/);
    expect(JSON.parse(r.stdout).findings[0]).toMatchObject({
      ruleId: 'input-alias-expansion',
      file: expect.stringContaining('bomb.yaml'),
      line: 1,
    });
  });

  it('10,000-deep nesting is reported as too deep', () => {
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata: ${'{a: '.repeat(10_000)}1${'}'.repeat(10_000)}\n`;
    expectCleanExit2(
      spawnCli(['lint', file('deep.yaml', text)], { maxOldSpaceMiB: 256 }),
      /invalid YAML: .*(maxDepth|nest)/,
    );
  });

  it('binary garbage is refused as binary, with the other files still linted', () => {
    const garbage = Buffer.alloc(64 * 1024);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919 + 13) % 256;
    const good = file('good.yaml', 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {ports: [{port: 80}]}\n');
    const r = spawnCli(['lint', file('garbage.yaml', garbage), good, '--format', 'json'], { maxOldSpaceMiB: 256 });
    expectCleanExit2(r, /binary/);
    expect(JSON.parse(r.stdout).summary).toMatchObject({ files: 2, objects: 1, inputErrors: 1 });
  });

  it('text that is not UTF-8 is refused', () => {
    expectCleanExit2(
      spawnCli(['lint', file('latin1.yaml', Buffer.from('kind: Pod\nname: caf\xe9\n', 'latin1'))]),
      /UTF-8/,
    );
  });

  it('a file over --max-file-size is refused without being read', () => {
    const r = spawnCli(['lint', file('big-enough.yaml', `# ${'x'.repeat(2 * 1024 * 1024)}\n`), '--max-file-size', '1']);
    expectCleanExit2(r, /over the limit of 1 MiB/);
  });

  it('a 50 MB manifest file is linted within a 256 MiB heap', () => {
    const doc = (i: number): string =>
      `---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-${i}\n  namespace: ns-${i % 50}\nspec:\n  replicas: 2\n  selector: {matchLabels: {app: app-${i}}}\n  template:\n    metadata: {labels: {app: app-${i}}}\n    spec:\n      containers:\n        - name: app\n          image: registry.example.com/app:${i}\n          resources:\n            requests: {cpu: 100m, memory: 128Mi}\n            limits: {cpu: 500m, memory: 128Mi}\n          env:\n${'            - {name: PADDING, value: "0123456789012345678901234567890123456789"}\n'.repeat(20)}`;
    const parts: string[] = [];
    let size = 0;
    for (let i = 0; size < 50 * 1024 * 1024; i++) {
      const d = doc(i);
      parts.push(d);
      size += d.length;
    }
    const r = spawnCli(['lint', file('fifty.yaml', parts.join('')), '--format', 'json'], {
      maxOldSpaceMiB: 1024,
      timeoutMs: 120_000,
    });
    expect(r.signal, r.stderr).toBeNull();
    expect(hasStackTrace(r.stderr)).toBe(false);
    expect([0, 1]).toContain(r.code);
    expect(JSON.parse(r.stdout).summary.objects).toBe(parts.length);
  });

  it('a document that is a list or a string is an input problem, not a crash', () => {
    const r = spawnCli([
      'lint',
      file('odd.yaml', '- 1\n- 2\n---\nhello\n---\napiVersion: v1\nkind: Widget\nmetadata: {name: w}\n'),
    ]);
    expectCleanExit2(r, /not a Kubernetes object/);
  });

  it('unknown kinds and CRDs are skipped silently', () => {
    const r = spawnCli([
      'lint',
      file('crd.yaml', 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {size: 3}\n'),
    ]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });
});
