/** Running the CLI: in-process with a fake io, or as the real built binary in a child process. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { type CliIo, readStream } from '../../src/cli/io.js';
import { createProgram, run } from '../../src/cli/program.js';

export const ROOT = join(import.meta.dirname, '..', '..');
/** The real manifests of ../shared/corpus, copied into the repository (the benchmark's big.yaml.gz stays outside). */
export const CORPUS = join(ROOT, 'test', 'corpus');
/** ingress2gateway's fixtures (../shared/i2g-fixtures), copied into the repository. */
export const I2G_FIXTURES = join(ROOT, 'test', 'fixtures', 'i2g-fixtures');

export interface CliOutcome {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(
  args: string[],
  opts: { stdin?: string; cwd?: string; env?: Record<string, string> } = {},
): Promise<CliOutcome> {
  let stdout = '';
  let stderr = '';
  const code = await run(['node', 'kubeward', ...args], {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    readStdin: (max) => readStream(Readable.from([Buffer.from(opts.stdin ?? '')]), max),
    stdinIsTTY: opts.stdin === undefined,
    stdoutIsTTY: false,
    stderrIsTTY: false,
    cwd: opts.cwd ?? ROOT,
    env: opts.env ?? {},
  });
  return { code, stdout, stderr };
}

/** The real binary (bin/kubeward.cjs over dist/, built by `npm test`), optionally with a small heap. */
export function spawnCli(
  args: string[],
  opts: { input?: string | Buffer; cwd?: string; maxOldSpaceMiB?: number; timeoutMs?: number } = {},
): CliOutcome & { signal: NodeJS.Signals | null } {
  const nodeArgs = opts.maxOldSpaceMiB ? [`--max-old-space-size=${opts.maxOldSpaceMiB}`] : [];
  const r = spawnSync(process.execPath, [...nodeArgs, join(ROOT, 'bin', 'kubeward.cjs'), ...args], {
    cwd: opts.cwd ?? ROOT,
    input: opts.input,
    encoding: 'utf8',
    timeout: opts.timeoutMs ?? 60_000,
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, signal: r.signal };
}

/** True when the output looks like a JS stack trace: never acceptable for user input. */
export function hasStackTrace(text: string): boolean {
  return /^\s+at .+\(.+:\d+:\d+\)$/m.test(text) || /\n\s+at (?:file:|node:|async )/.test(text);
}

/** An io that reads nothing and writes nowhere, for building the program without running it. */
export const SILENT_IO: CliIo = {
  stdout: () => undefined,
  stderr: () => undefined,
  readStdin: async () => [],
  stdinIsTTY: false,
  stdoutIsTTY: false,
  stderrIsTTY: false,
  cwd: ROOT,
  env: {},
};

/** The flags (long and short) a kubeward command accepts, read from the real commander program. */
export function commandFlags(name: string): Set<string> {
  const command = createProgram(SILENT_IO, { exitCode: 0 }).commands.find((c) => c.name() === name);
  if (command === undefined) throw new Error(`no command ${name}`);
  return new Set(command.options.flatMap((o) => [o.long, o.short]).filter((f): f is string => f !== undefined));
}
