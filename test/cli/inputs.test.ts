/**
 * What the CLI reads: --max-file-size on every kind of input (files, FIFOs, pipes, devices), directory walks with
 * symbolic links and unreadable entries, missing paths, an unwritable --output, and inputs without any object.
 * Operator mistakes end with exit 2 and a message that says what to fix, never a stack trace or a hang.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasStackTrace, ROOT, runCli, spawnCli } from '../helpers/cli.js';
import { scratchDir } from '../helpers/scratch.js';

const service = 'apiVersion: v1\nkind: Service\nmetadata: {name: s, namespace: shop}\nspec: {ports: [{port: 80}]}\n';
const bestEffort = `apiVersion: v1
kind: Pod
metadata: {name: besteffort, namespace: shop}
spec:
  containers:
    - name: app
      image: ghcr.io/example/app:1.0
`;

function tmp(files: Record<string, string> = {}): string {
  const dir = scratchDir('inputs');
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

interface Json {
  findings: { ruleId: string; file: string; message: string }[];
  summary: { files: number; objects: number; inputErrors: number };
}

function expectNoTrace(r: { stdout: string; stderr: string }): void {
  expect(hasStackTrace(r.stdout + r.stderr), r.stdout + r.stderr).toBe(false);
}

/** Runs a shell pipeline with the real binary as `kubeward`; bash, for process substitution. */
function shell(script: string, timeoutMs = 60_000): { code: number; stdout: string; stderr: string } {
  const r = spawnSync('bash', ['-c', script], {
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, KW: join(ROOT, 'bin', 'kubeward.cjs'), NODE: process.execPath, NO_COLOR: '1' },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('--max-file-size counts the bytes of every input', () => {
  it('a FIFO larger than the limit is refused as it is read', async () => {
    const dir = tmp();
    const fifo = join(dir, 'big.yaml');
    spawnSync('mkfifo', [fifo]);
    // The writer is its own process: it blocks until kubeward opens the FIFO, and gets EPIPE when kubeward stops.
    const writer = spawn(
      process.execPath,
      [
        '-e',
        `const fs=require('fs');const fd=fs.openSync(${JSON.stringify(fifo)},'w');const line=Buffer.from('# padding line\\n'.repeat(4096));try{for(let i=0;i<64;i++)fs.writeSync(fd,line)}catch{}`,
      ],
      { stdio: 'ignore' },
    );
    const r = spawnCli(['lint', fifo, '--max-file-size', '1', '--format', 'json'], { timeoutMs: 30_000 });
    writer.kill();
    expectNoTrace(r);
    expect(r.code, r.stderr).toBe(2);
    const json = JSON.parse(r.stdout) as Json;
    expect(json.findings).toMatchObject([
      { ruleId: 'input-too-large', file: fifo, message: expect.stringContaining('larger than 1 MiB') },
    ]);
  });

  it('a FIFO under the limit is linted like a file', () => {
    const dir = tmp();
    const fifo = join(dir, 'pod.yaml');
    spawnSync('mkfifo', [fifo]);
    const writer = spawn(
      process.execPath,
      ['-e', `require('fs').writeFileSync(${JSON.stringify(fifo)}, ${JSON.stringify(bestEffort)})`],
      {
        stdio: 'ignore',
      },
    );
    const r = spawnCli(['lint', fifo, '--format', 'json', '--fail-on', 'never'], { timeoutMs: 30_000 });
    writer.kill();
    expectNoTrace(r);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as Json).summary).toMatchObject({ objects: 1, inputErrors: 0 });
  });

  it('process substitution <(…) over the limit is refused', () => {
    const r = shell(`"$NODE" "$KW" lint <(yes '# padding line' | head -c 3000000) --max-file-size 1 --format json`);
    expectNoTrace(r);
    expect(r.code, r.stderr).toBe(2);
    expect((JSON.parse(r.stdout) as Json).findings[0]).toMatchObject({ ruleId: 'input-too-large' });
  });

  it('a 300 MB pipe on standard input is refused at the default limit (256 MiB)', () => {
    const r = shell(`yes '# padding line' | head -c 300000000 | "$NODE" "$KW" lint - --format json`, 120_000);
    expectNoTrace(r);
    expect(r.code, r.stderr).toBe(2);
    expect((JSON.parse(r.stdout) as Json).findings[0]).toMatchObject({
      ruleId: 'input-too-large',
      message: expect.stringContaining('256 MiB'),
    });
  });

  it('a 300 MB pipe through <(…) is refused at the default limit', () => {
    const r = shell(`"$NODE" "$KW" lint <(yes '# padding line' | head -c 300000000) --format json`, 120_000);
    expectNoTrace(r);
    expect(r.code, r.stderr).toBe(2);
    expect((JSON.parse(r.stdout) as Json).findings[0]).toMatchObject({ ruleId: 'input-too-large' });
  });

  it('lint - < /dev/zero ends at once too', () => {
    const r = shell('"$NODE" "$KW" lint - --format json < /dev/zero', 20_000);
    expectNoTrace(r);
    expect(r.code, r.stderr).toBe(2);
    expect((JSON.parse(r.stdout) as Json).findings[0]).toMatchObject({ ruleId: 'input-binary', file: '<stdin>' });
  });

  it('lint /dev/zero ends at once: binary input, exit 2', () => {
    const r = spawnCli(['lint', '/dev/zero', '--format', 'json'], { timeoutMs: 20_000 });
    expect(r.signal, 'kubeward was killed by the timeout').toBeNull();
    expectNoTrace(r);
    expect(r.code, r.stderr).toBe(2);
    expect((JSON.parse(r.stdout) as Json).findings[0]).toMatchObject({ ruleId: 'input-binary', file: '/dev/zero' });
  });
});

describe('directory walks', () => {
  it('lints files reached through symbolic links, once, and does not loop on a link to a parent', async () => {
    const outside = tmp({ 'pod.yaml': bestEffort });
    const cwd = tmp({ 'k8s/svc.yaml': service });
    symlinkSync(join(outside, 'pod.yaml'), join(cwd, 'k8s', 'linked-pod.yaml'));
    symlinkSync(join(cwd, 'k8s'), join(cwd, 'k8s', 'loop'));
    symlinkSync(outside, join(cwd, 'k8s', 'outside'));
    const r = await runCli(['lint', 'k8s', '--format', 'json', '--fail-on', 'never'], { cwd });
    expectNoTrace(r);
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as Json;
    // svc.yaml, and pod.yaml once (through linked-pod.yaml, not again through outside/).
    expect(json.summary).toMatchObject({ files: 2, objects: 2, inputErrors: 0 });
    expect(new Set(json.findings.map((f) => f.file))).toEqual(new Set(['k8s/linked-pod.yaml']));
  });

  it('reports a broken link to a manifest and a self-referencing link, and lints the rest', async () => {
    const cwd = tmp({ 'k8s/svc.yaml': service });
    symlinkSync(join(cwd, 'gone.yaml'), join(cwd, 'k8s', 'dangling.yaml'));
    symlinkSync(join(cwd, 'k8s', 'self.yaml'), join(cwd, 'k8s', 'self.yaml'));
    const r = await runCli(['lint', 'k8s', '--format', 'json'], { cwd });
    expectNoTrace(r);
    expect(r.code).toBe(2);
    const json = JSON.parse(r.stdout) as Json;
    expect(json.summary.objects).toBe(1);
    expect(json.findings.map((f) => [f.ruleId, f.file])).toEqual([
      ['input-unreadable', 'k8s/dangling.yaml'],
      ['input-unreadable', 'k8s/self.yaml'],
    ]);
  });

  it.skipIf(process.getuid?.() === 0)(
    'reports an unreadable subdirectory and lints the rest (exit 2, no stack trace)',
    async () => {
      const cwd = tmp({ 'k8s/svc.yaml': service, 'k8s/secret/pod.yaml': bestEffort });
      chmodSync(join(cwd, 'k8s', 'secret'), 0o000);
      try {
        const r = await runCli(['lint', 'k8s', '--format', 'json'], { cwd });
        expectNoTrace(r);
        expect(r.code).toBe(2);
        const json = JSON.parse(r.stdout) as Json;
        expect(json.summary.objects).toBe(1);
        expect(json.findings[0]).toMatchObject({
          ruleId: 'input-unreadable',
          file: 'k8s/secret',
          message: expect.stringContaining('permission denied'),
        });
      } finally {
        chmodSync(join(cwd, 'k8s', 'secret'), 0o755);
      }
    },
  );
});

describe('operator mistakes', () => {
  it('a missing path is reported and the other inputs are still linted (exit 2)', async () => {
    const cwd = tmp({ 'pod.yaml': bestEffort });
    const r = await runCli(['lint', 'nope.yaml', 'pod.yaml', '--format', 'json'], { cwd });
    expectNoTrace(r);
    expect(r.code).toBe(2);
    const json = JSON.parse(r.stdout) as Json;
    expect(json.summary).toMatchObject({ files: 2, objects: 1, inputErrors: 1 });
    expect(json.findings.find((f) => f.file === 'nope.yaml')).toMatchObject({
      ruleId: 'input-not-found',
      message: expect.stringContaining('no such file or directory'),
    });
    expect(json.findings.some((f) => f.file === 'pod.yaml')).toBe(true);
  });

  it('an --output path that cannot be written is a clear usage error', () => {
    const cwd = tmp({ 'pod.yaml': bestEffort });
    for (const out of [join(cwd, 'no', 'such', 'dir', 'report.json'), cwd]) {
      const r = spawnCli(['lint', join(cwd, 'pod.yaml'), '-o', out]);
      expectNoTrace(r);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(
        /cannot write the report to --output .*: (the directory .* does not exist|it is a directory)\./,
      );
    }
  });

  it.each([
    ['an empty file', ''],
    ['a file of comments and document markers', '# rendered nothing\n---\n# still nothing\n...\n'],
  ])('%s is an input error: no objects were found (exit 2)', async (_name, content) => {
    const cwd = tmp({ 'empty.yaml': content });
    const r = await runCli(['lint', 'empty.yaml', '--format', 'json'], { cwd });
    expect(r.code).toBe(2);
    expect((JSON.parse(r.stdout) as Json).findings).toMatchObject([
      { ruleId: 'input-no-objects', file: 'empty.yaml', message: expect.stringContaining('no Kubernetes objects') },
    ]);
    const stdin = await runCli(['lint', '-', '--format', 'json'], { stdin: content, cwd });
    expect(stdin.code).toBe(2);
    expect((JSON.parse(stdin.stdout) as Json).findings[0]).toMatchObject({
      ruleId: 'input-no-objects',
      file: '<stdin>',
    });
  });
});
