/**
 * Where output goes: a reader that closes the pipe early (`kubeward lint … | head -1`) ends the run quietly with its
 * own exit code, stdout that fails otherwise (`> /dev/full`) is exit 2 with the reason, an `-o`/`--out`/`--out-dir`
 * that cannot be written is exit 2 naming the path and the reason for every command that takes one, and stylish
 * output fits the terminal (its width, `COLUMNS`, 120 elsewhere; `TERM=dumb` means no colour).
 *
 * The pipe and /dev/full cases run the real built binary (bin/kubeward.cjs over dist/) in a child process.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliIo, useColor } from '../../src/cli/io.js';
import { run } from '../../src/cli/program.js';
import { reportColumns } from '../../src/cli/report-output.js';
import { applyFixture } from '../cluster/support.js';
import { CORPUS, hasStackTrace, I2G_FIXTURES, ROOT, spawnCli } from '../helpers/cli.js';
import { type FakeApiServer, startFakeApiServer } from '../helpers/fake-apiserver.js';
import { scratchDir } from '../helpers/scratch.js';

const BIN = join(ROOT, 'bin', 'kubeward.cjs');
const ESC = '\u001b';
/** A file with ingress-nginx Ingresses, for migrate and migration-report. */
const INGRESSES = join(
  I2G_FIXTURES,
  'pr-399',
  'test',
  'e2e',
  'emitters',
  'agentgateway',
  'testdata',
  'input',
  'ssl_redirect.yaml',
);

interface Closed {
  code: number | null;
  signal: NodeJS.Signals | null;
  firstLine: string;
  stderr: string;
}

/**
 * Runs the binary with stdout on a pipe, reads until the first line, then closes the pipe's read end (as `head -1`
 * does) and waits for the process to end.
 */
function readFirstLineAndClose(args: string[], env: Record<string, string> = {}): Promise<Closed> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1', ...env },
    });
    let head = '';
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      head += chunk;
      if (head.includes('\n')) child.stdout.destroy();
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`kubeward ${args.join(' ')} did not end after its stdout was closed`));
    }, 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, firstLine: head.split('\n')[0] ?? '', stderr });
    });
  });
}

describe('a reader that closes the pipe early', () => {
  // The whole run, for its exit code and to be sure the report is larger than a pipe's buffer.
  let full: ReturnType<typeof spawnCli>;
  beforeAll(() => {
    full = spawnCli(['lint', CORPUS]);
  });

  it('ends quietly with the exit code the run has when the whole report is read (stylish and json)', async () => {
    expect(full.code).toBe(1);
    // More than a pipe holds (64 KiB on Linux), so writing the rest meets the closed pipe.
    expect(full.stdout.length).toBeGreaterThan(64 * 1024);
    const stylish = await readFirstLineAndClose(['lint', CORPUS]);
    expect(stylish).toMatchObject({ code: full.code, signal: null, stderr: '' });
    expect(stylish.firstLine).toBe(full.stdout.split('\n')[0]);

    const json = await readFirstLineAndClose(['lint', CORPUS, '--format', 'json']);
    expect(json).toMatchObject({ code: 1, signal: null, stderr: '', firstLine: '{' });
  });

  it('keeps exit code 2 of a run with an input error', async () => {
    // SARIF: 800 KB, many times what a pipe holds, so the run is still writing when the pipe closes.
    const closed = await readFirstLineAndClose(['lint', CORPUS, join(ROOT, 'no-such-file.yaml'), '--format', 'sarif']);
    expect(closed).toMatchObject({ code: 2, signal: null, stderr: '' });
  });

  it('is quiet in a shell pipeline into head -1, as a user runs it', () => {
    const r = spawnSync('bash', ['-c', `node ${BIN} lint ${CORPUS} | head -1; echo "status=\${PIPESTATUS[0]}" >&2`], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(r.stdout).toBe(`${full.stdout.split('\n')[0]}\n`);
    expect(r.stderr).toBe('status=1\n');
  });

  it('ends quietly when stderr is closed before a usage error is written to it', async () => {
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, 'lint', '--no-such-flag'], {
        cwd: ROOT,
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      child.stderr.destroy();
      child.on('error', reject);
      child.on('close', (c) => resolve(c));
    });
    expect(code).toBe(2);
  });
});

describe('stdout that cannot take the report', () => {
  it.skipIf(!existsSync('/dev/full'))('is exit 2 with the reason on stderr, no stack trace (> /dev/full)', () => {
    const fd = openSync('/dev/full', 'w');
    try {
      const r = spawnSync(process.execPath, [BIN, 'lint', CORPUS], {
        cwd: ROOT,
        stdio: ['ignore', fd, 'pipe'],
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(r.status).toBe(2);
      expect(r.stderr).toBe('kubeward: cannot write to standard output: no space left on device.\n');
    } finally {
      closeSync(fd);
    }
  });
});

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

function memoryIo(overrides: Partial<CliIo> = {}): { io: CliIo; out: () => Outcome } {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    readStdin: async () => [],
    stdinIsTTY: true,
    stdoutIsTTY: false,
    stderrIsTTY: false,
    cwd: ROOT,
    env: {},
    ...overrides,
  };
  return { io, out: () => ({ code: -1, stdout, stderr }) };
}

async function cli(args: string[], overrides: Partial<CliIo> = {}): Promise<Outcome> {
  const { io, out } = memoryIo(overrides);
  const code = await run(['node', 'kubeward', ...args], io);
  return { ...out(), code };
}

/** Paths that cannot be written, each with the reason kubeward must give. */
function unwritablePaths(dir: string): { name: string; path: string; reason: string }[] {
  const file = join(dir, 'a-file');
  writeFileSync(file, 'not a directory\n');
  mkdirSync(join(dir, 'a-directory'), { recursive: true });
  return [
    {
      name: 'a path under a regular file (ENOTDIR)',
      path: join(file, 'report.txt'),
      reason: 'a part of the path is not a directory',
    },
    {
      name: 'a directory that does not exist (ENOENT)',
      path: join(dir, 'missing', 'report.txt'),
      reason: `the directory ${join(dir, 'missing')} does not exist`,
    },
    { name: 'an existing directory (EISDIR)', path: join(dir, 'a-directory'), reason: 'it is a directory' },
    // procfs answers ENOENT for a file it will not create, in a directory that exists.
    {
      name: 'a file /proc will not create',
      path: '/proc/self/kubeward-report.txt',
      reason: 'the file cannot be created in that directory',
    },
  ];
}

describe('an --output that cannot be written', () => {
  const dir = scratchDir('output');
  const cases = unwritablePaths(dir);
  const commands: { name: string; args: string[]; what: string }[] = [
    { name: 'lint', args: ['lint', join(CORPUS, 'ingress-nginx-default.yaml')], what: 'the report' },
    {
      name: 'lint --format sarif',
      args: ['lint', join(CORPUS, 'ingress-nginx-default.yaml'), '--format', 'sarif'],
      what: 'the report',
    },
    { name: 'migrate', args: ['migrate', '--to', 'gateway-api', INGRESSES], what: 'the drafts' },
    { name: 'migration-report', args: ['migration-report', INGRESSES], what: 'the report' },
    {
      name: 'migration-report --format html',
      args: ['migration-report', INGRESSES, '--format', 'html'],
      what: 'the report',
    },
  ];

  for (const command of commands) {
    it.each(cases)(`${command.name} -o: $name is exit 2 with the path and the reason`, async ({ path, reason }) => {
      const r = await cli([...command.args, '-o', path]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(
        `kubeward: cannot write ${command.what} to --output ${path}: ${reason}.\n` +
          '  hint: give a file in an existing, writable directory, or leave out -o to write to standard output\n',
      );
    });
  }

  it('writes the report when the path is writable (the same commands, to show the failures are the path)', async () => {
    for (const command of commands) {
      const path = join(dir, `${command.name.replace(/\W+/g, '-')}.out`);
      const r = await cli([...command.args, '-o', path]);
      expect(r.stderr).not.toContain('cannot write');
      expect(r.code).toBeLessThan(2);
      expect(readFileSync(path, 'utf8').length).toBeGreaterThan(100);
    }
  });

  it.skipIf(!existsSync('/sys/kernel'))('names a file system that refuses the write (/sys, even to root)', async () => {
    const r = await cli(['lint', join(CORPUS, 'ingress-nginx-default.yaml'), '-o', '/sys/kernel/kubeward-report.txt']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^kubeward: cannot write the report to --output \/sys\/kernel\/kubeward-report\.txt: (permission denied|operation not permitted|the file system is read-only)\.\n/,
    );
  });

  it('never prints "internal error" or a stack trace through the real binary', () => {
    for (const { path } of cases) {
      const r = spawnCli(['lint', join(CORPUS, 'ingress-nginx-default.yaml'), '-o', path]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(path);
      expect(r.stderr).not.toContain('internal error');
      expect(hasStackTrace(r.stderr)).toBe(false);
    }
  });
});

describe('an output directory that cannot be made (rules --out)', () => {
  const dir = scratchDir('output-dir');
  const file = join(dir, 'a-file');
  writeFileSync(file, 'not a directory\n');

  it('is exit 2 naming the level that could not be made and why', async () => {
    const under = await cli(['rules', '--format', 'markdown', '--out', join(file, 'docs')]);
    expect(under.code).toBe(2);
    expect(under.stderr).toBe(
      `kubeward: cannot create ${file} for --out ${join(file, 'docs')}: a file of that name is in the way.\n  hint: give a directory you can write to\n`,
    );
    const itself = await cli(['rules', '--format', 'markdown', '--out', file]);
    expect(itself.stderr).toBe(
      `kubeward: cannot create --out ${file}: a file of that name is in the way.\n  hint: give a directory you can write to\n`,
    );
  });

  it('makes missing parents and writes every page', async () => {
    const docs = join(dir, 'a', 'b', 'docs');
    const r = await cli(['rules', '--format', 'markdown', '--out', docs]);
    expect(r.code).toBe(0);
    expect(readFileSync(join(docs, 'README.md'), 'utf8')).toContain('resources-missing-memory-limit');
  });

  it('returns at once under /proc, where recursive mkdir in Node.js spins forever (real binary, bounded)', () => {
    const started = Date.now();
    const r = spawnCli(['rules', '--format', 'markdown', '--out', '/proc/self/kubeward-docs/rules'], {
      timeoutMs: 20_000,
    });
    expect(r.signal).toBeNull();
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'kubeward: cannot create /proc/self/kubeward-docs for --out /proc/self/kubeward-docs/rules: a directory cannot be created there.\n  hint: give a directory you can write to\n',
    );
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});

describe('migrate --out-dir that cannot be made or written', () => {
  const dir = scratchDir('output-out-dir');
  const file = join(dir, 'a-file');
  writeFileSync(file, 'not a directory\n');
  const migrate = (outDir: string) => cli(['migrate', '--to', 'gateway-api', INGRESSES, '--out-dir', outDir]);

  it('is exit 2 naming the level that could not be made and why', async () => {
    const r = await migrate(join(file, 'drafts'));
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `kubeward: cannot create ${file} for --out-dir ${join(file, 'drafts')}: a file of that name is in the way.\n  hint: give a directory you can write to\n`,
    );
  });

  it('names the file of the directory that cannot be written, and the flag', async () => {
    const out = join(dir, 'drafts');
    mkdirSync(join(out, 'gateways.yaml'), { recursive: true });
    const r = await migrate(out);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `kubeward: cannot write the drafts to --out-dir ${join(out, 'gateways.yaml')}: it is a directory.\n  hint: give a file in an existing, writable directory\n`,
    );
  });

  it('returns at once under /proc (real binary, bounded)', () => {
    const r = spawnCli(['migrate', '--to', 'gateway-api', INGRESSES, '--out-dir', '/proc/self/kubeward-drafts'], {
      timeoutMs: 20_000,
    });
    expect(r.signal).toBeNull();
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'kubeward: cannot create --out-dir /proc/self/kubeward-drafts: a directory cannot be created there.\n',
    );
  });

  it('makes missing parents and writes the drafts', async () => {
    const out = join(dir, 'new', 'drafts');
    const r = await migrate(out);
    expect(r.code).toBe(0);
    expect(readFileSync(join(out, 'gateways.yaml'), 'utf8')).toContain('kind: Gateway');
  });
});

describe('audit -o', () => {
  let server: FakeApiServer;
  let kubeconfig: string;
  beforeAll(async () => {
    server = await startFakeApiServer();
    applyFixture(server, 'shop.yaml');
    kubeconfig = server.writeKubeconfig();
  });
  afterAll(async () => {
    await server.close();
  });

  it.each(unwritablePaths(scratchDir('audit-output')))(
    '$name is exit 2 with the path and the reason',
    async ({ path, reason }) => {
      const r = await cli(['audit', '--kubeconfig', kubeconfig, '-o', path]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`kubeward: cannot write the report to --output ${path}: ${reason}.\n`);
    },
  );
});

describe('stylish on a terminal and elsewhere', () => {
  const file = join(CORPUS, 'ingress-nginx-default.yaml');
  const longest = (text: string) =>
    Math.max(
      ...text
        .split('\n')
        .filter((l) => l.startsWith('   ') && l.trim().includes(' '))
        .map((l) => l.length),
    );

  it('wraps messages to the terminal width on a TTY, to COLUMNS when set, and to 120 on a pipe', async () => {
    const tty = await cli(['lint', file, '--no-color'], { stdoutIsTTY: true, columns: 72 });
    expect(longest(tty.stdout)).toBeLessThanOrEqual(72);
    expect(longest(tty.stdout)).toBeGreaterThan(60);
    const columnsEnv = await cli(['lint', file, '--no-color'], {
      stdoutIsTTY: true,
      columns: 72,
      env: { COLUMNS: '100' },
    });
    expect(longest(columnsEnv.stdout)).toBeLessThanOrEqual(100);
    expect(longest(columnsEnv.stdout)).toBeGreaterThan(90);
    const pipe = await cli(['lint', file]);
    expect(longest(pipe.stdout)).toBeLessThanOrEqual(120);
    expect(longest(pipe.stdout)).toBeGreaterThan(100);
    // The same bytes every time on a pipe, whatever the terminal that started it (no io.columns off a TTY).
    expect((await cli(['lint', file])).stdout).toBe(pipe.stdout);
  });

  it('writes a report file at the fixed width, whatever the terminal', async () => {
    const dir = scratchDir('output-width');
    await cli(['lint', file, '-o', join(dir, 'a.txt')], { stdoutIsTTY: true, columns: 60 });
    await cli(['lint', file, '-o', join(dir, 'b.txt')]);
    const a = readFileSync(join(dir, 'a.txt'), 'utf8');
    expect(a).toBe(readFileSync(join(dir, 'b.txt'), 'utf8'));
    expect(longest(a)).toBeGreaterThan(100);
    expect(a).not.toContain(ESC);
  });

  it('uses no colour with TERM=dumb, unless --color or FORCE_COLOR asks for it', async () => {
    expect((await cli(['lint', file], { stdoutIsTTY: true, env: {} })).stdout).toContain(ESC);
    expect((await cli(['lint', file], { stdoutIsTTY: true, env: { TERM: 'dumb' } })).stdout).not.toContain(ESC);
    expect((await cli(['lint', file, '--color'], { stdoutIsTTY: true, env: { TERM: 'dumb' } })).stdout).toContain(ESC);
    expect(useColor(undefined, true, { TERM: 'dumb', FORCE_COLOR: '1' })).toBe(true);
    expect(useColor(undefined, true, { TERM: 'xterm-256color' })).toBe(true);
    expect(useColor(undefined, false, { TERM: 'xterm-256color' })).toBe(false);
    expect(useColor(undefined, true, { TERM: 'dumb', NO_COLOR: '1' })).toBe(false);
  });

  it('reads COLUMNS only when it is a positive integer', () => {
    expect(reportColumns({ env: { COLUMNS: '90' } }, false)).toBe(90);
    expect(reportColumns({ env: { COLUMNS: '0' }, columns: 70 }, false)).toBe(70);
    expect(reportColumns({ env: { COLUMNS: 'wide' }, columns: 70 }, true)).toBe(120);
    expect(reportColumns({ env: {} }, false)).toBe(120);
  });
});
