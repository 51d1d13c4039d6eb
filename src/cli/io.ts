import { fstatSync, mkdirSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { KubewardError } from '../engine/errors.js';
import { errnoReason } from './os-errors.js';

/** What the CLI writes to and reads from; injectable so tests run commands in-process. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Reads all of standard input as the pieces it arrived in, stopping with an error past `maxBytes`. */
  readStdin: (maxBytes: number) => Promise<Buffer[]>;
  stdinIsTTY: boolean;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  /** The terminal's width when stdout is a terminal (`process.stdout.columns`); undefined otherwise. */
  columns?: number;
  cwd: string;
  env: Record<string, string | undefined>;
  /** Set when stdout is the process's own: long-running commands may then write it through a buffered stream. */
  stdoutFd?: number;
}

/** What became of the writes to one of the process's output streams. */
export interface OutputState {
  /** The stream failed (the reader went away, or the file could not take more): nothing more is written to it. */
  closed: boolean;
  /**
   * Why it failed (`no space left on device`), unless the cause is a closed pipe (EPIPE), which is not an error:
   * `head -1` has read what it wanted.
   */
  failure?: string;
}

/** The `code` of a Node.js system error, if it has one. */
function errnoCode(err: unknown): string | undefined {
  const code = err !== null && typeof err === 'object' ? (err as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

/** Why a write to stdout failed, as a phrase (kept here, not in os-errors.ts, so main.js loads no other chunk). */
function writeErrorReason(err: unknown): string {
  const known: Record<string, string> = {
    ENOSPC: 'no space left on device',
    EDQUOT: 'the disk quota is exceeded',
    EFBIG: 'the file is too large',
    EIO: 'input/output error',
    EBADF: 'it is not open for writing',
  };
  const code = errnoCode(err);
  if (code !== undefined && known[code] !== undefined) return known[code];
  return err instanceof Error ? err.message : String(err);
}

/** A writer for stdout or stderr, as main() uses it. */
export interface GuardedOutput {
  write: (text: string | Uint8Array) => void;
  /** Resolves once the stream has taken (or refused) everything written so far. */
  settled: () => Promise<void>;
  state: OutputState;
}

/** Records a failed write in `state`: the stream is closed, and why unless the reader went away (EPIPE). */
function failed(state: OutputState, err: unknown): void {
  state.closed = true;
  if (errnoCode(err) !== 'EPIPE' && state.failure === undefined) state.failure = writeErrorReason(err);
}

/**
 * A writer for stdout or stderr that stops at the first error instead of letting Node.js throw it as an unhandled
 * 'error' event (a stack trace, exit 1): `kubeward lint … | head -1` closes the pipe, and the rest of the report is
 * dropped.
 */
export function guardedOutput(stream: NodeJS.WriteStream, state: OutputState = { closed: false }): GuardedOutput {
  stream.on('error', (err: unknown) => failed(state, err));
  const writable = () => !state.closed && !stream.destroyed;
  return {
    write: (text) => {
      if (writable()) stream.write(text);
    },
    settled: () =>
      new Promise<void>((resolve) => {
        if (!writable()) resolve();
        else stream.write('', () => resolve());
      }),
    state,
  };
}

/**
 * The same writer on a file descriptor of the process, written synchronously as node writes its stdout to a file or
 * a pipe: `process.stdout` is not made until needed, which for a small lint is a tenth of its start-up (node's
 * stream modules, and node:net for a pipe). A descriptor that would block (a non-blocking pipe that is full) hands
 * the rest to the stream (`stream()`), which waits for it. Windows writes through the stream: its console takes
 * text through the stream's own calls.
 */
export function descriptorOutput(fd: number, stream: () => NodeJS.WriteStream): GuardedOutput {
  if (process.platform === 'win32') return guardedOutput(stream());
  const state: OutputState = { closed: false };
  let through: GuardedOutput | undefined;
  return {
    write: (text) => {
      if (state.closed) return;
      if (through !== undefined) {
        through.write(text);
        return;
      }
      const bytes = typeof text === 'string' ? Buffer.from(text) : text;
      let done = 0;
      try {
        while (done < bytes.length) done += writeSync(fd, bytes, done);
      } catch (err) {
        if (errnoCode(err) !== 'EAGAIN') failed(state, err);
        else {
          through = guardedOutput(stream(), state);
          through.write(bytes.subarray(done));
        }
      }
    },
    settled: () => through?.settled() ?? Promise.resolve(),
    state,
  };
}

/** The exit code once output has settled: the run's own, or 2 when stdout failed for a reason other than EPIPE. */
export function exitCodeAfterOutput(code: number, stdout: OutputState): number {
  return stdout.failure !== undefined ? Math.max(code, 2) : code;
}

export function processIo(
  write: { stdout: (text: string) => void; stderr: (text: string) => void } = {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
  },
): CliIo {
  // Asked only when a command needs to know (`process.stdin` alone costs a small lint a tenth of its start-up).
  const terminal = memoTerminal();
  return {
    stdout: write.stdout,
    stderr: write.stderr,
    readStdin: (maxBytes) => readStream(process.stdin, maxBytes),
    get stdinIsTTY() {
      return terminal(0);
    },
    get stdoutIsTTY() {
      return terminal(1);
    },
    get stderrIsTTY() {
      return terminal(2);
    },
    get columns() {
      return terminal(1) && process.stdout.columns > 0 ? process.stdout.columns : undefined;
    },
    cwd: process.cwd(),
    env: process.env,
    stdoutFd: 1,
  };
}

/** `isTerminal`, asked once per descriptor. */
function memoTerminal(): (fd: number) => boolean {
  const known = new Map<number, boolean>();
  return (fd) => {
    const answer = known.get(fd) ?? isTerminal(fd);
    known.set(fd, answer);
    return answer;
  };
}

/**
 * Whether a descriptor of the process is a terminal, as `process.stdout.isTTY` says. A terminal is a character
 * device, so a file or a pipe is answered by fstat alone, without node:tty (which loads node's streams and node:net).
 */
export function isTerminal(fd: number): boolean {
  try {
    if (!fstatSync(fd).isCharacterDevice()) return false;
  } catch {
    return false;
  }
  return process.getBuiltinModule('node:tty').isatty(fd);
}

export class InputTooLargeError extends Error {}
/** Standard input has a NUL byte: binary, not manifests (`kubeward lint - < /dev/zero` stops at the first chunk). */
export class BinaryInputError extends Error {}

/**
 * A stream's bytes as the pieces it delivered (not joined: joining would hold the input twice, and a piece that owns
 * its memory can be moved to a worker thread).
 */
export async function readStream(stream: NodeJS.ReadableStream, maxBytes: number): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buf.length;
    if (size > maxBytes) throw new InputTooLargeError(`standard input is larger than ${maxBytes} bytes`);
    if (buf.indexOf(0) >= 0) throw new BinaryInputError('standard input contains NUL bytes');
    chunks.push(buf);
  }
  return chunks;
}

/**
 * Colour: --color/--no-color win, then NO_COLOR / FORCE_COLOR, then `TERM=dumb` (a terminal that shows escape codes
 * as text: Emacs shell buffers, some CI runners) means none, then whether the stream is a terminal.
 */
export function useColor(flag: boolean | undefined, isTTY: boolean, env: Record<string, string | undefined>): boolean {
  if (flag !== undefined) return flag;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0';
  if (env.TERM === 'dumb') return false;
  return isTTY;
}

// Files the CLI writes (`-o`, `--out-dir`, `--out`): a path that cannot be written is a usage error (exit 2) that
// names the path and says why, never "internal error". Here, in the module every command loads, so that a command
// using them adds no chunk to the bundle.

/** Whether `path` is an existing directory (false for anything that cannot be looked at). */
function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Why `abs` could not be written, as a phrase: the OS reason, with the ones a write meets most said plainly. */
function writeFailure(err: unknown, abs: string): string {
  switch (errnoCode(err)) {
    case 'ENOENT':
      // /proc and similar file systems answer ENOENT for a file they cannot create in a directory that exists.
      return isDirectory(dirname(abs))
        ? 'the file cannot be created in that directory'
        : `the directory ${dirname(abs)} does not exist`;
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOSPC':
      return 'no space left on device';
    case 'EDQUOT':
      return 'the disk quota is exceeded';
    case 'EEXIST':
      return 'a file of that name is in the way';
    default:
      return errnoReason(err);
  }
}

/**
 * Writes `--output` (or a file of a directory option, named by `flag`); a path that cannot be written is a usage
 * error that names the path and says why, never a stack trace.
 */
export function writeReportFile(
  abs: string,
  given: string,
  report: string,
  what = 'the report',
  flag = '--output',
): void {
  try {
    writeFileSync(abs, report);
  } catch (err) {
    throw new KubewardError('USAGE', `cannot write ${what} to ${flag} ${given}: ${writeFailure(err, abs)}.`, {
      hint: `give a file in an existing, writable directory${flag === '--output' ? ', or leave out -o to write to standard output' : ''}`,
    });
  }
}

/**
 * Creates an output directory and its missing parents, one level at a time. Not `mkdirSync(…, { recursive: true })`:
 * Node.js's spins forever where mkdir answers ENOENT under a parent that exists (`/proc/self/x`), and its error names
 * no level. Cost: one stat per level of the path.
 */
export function makeOutputDirectory(abs: string, given: string, flag: string): void {
  const missing: string[] = [];
  let dir = abs;
  while (!isDirectory(dir)) {
    missing.push(dir);
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  for (const level of missing.reverse()) {
    try {
      mkdirSync(level);
    } catch (err) {
      if (errnoCode(err) === 'EEXIST' && isDirectory(level)) continue;
      const why = errnoCode(err) === 'ENOENT' ? 'a directory cannot be created there' : writeFailure(err, level);
      const what = level === abs ? `${flag} ${given}` : `${level} for ${flag} ${given}`;
      throw new KubewardError('USAGE', `cannot create ${what}: ${why}.`, { hint: 'give a directory you can write to' });
    }
  }
}
