/**
 * Turning CLI path arguments into inputs to lint: files, directories (recursively, following symbolic links once),
 * and `-` for stdin. Paths are resolved up front; files are read one at a time as the linter takes them, each with
 * `--max-file-size` counted while reading, so pipes, FIFOs and devices are bounded too.
 */
import { closeSync, type Dirent, fstatSync, openSync, readdirSync, readSync, realpathSync, statSync } from 'node:fs';
import { extname, join, relative, resolve } from 'node:path';
import { KubewardError } from '../engine/errors.js';
import type { LintInput } from '../engine/lint.js';
import { type InputProblem, InputReadError } from '../engine/load.js';
import { BinaryInputError, type CliIo, InputTooLargeError } from './io.js';

const EXTENSIONS = new Set(['.yaml', '.yml', '.json']);
const SKIP_DIRS = new Set(['.git', 'node_modules']);
/** Pipes and devices are read in pieces of this size. */
const READ_CHUNK = 1024 * 1024;

export interface ReadOptions {
  stdinFilename: string;
  maxFileBytes: number;
}

export interface ReadResult {
  /** Read lazily, one file at a time, as they are iterated (once). Read problems are added to `problems`. */
  inputs: Iterable<LintInput>;
  /** Problems with the inputs: missing paths, unreadable directories and files, too large, … */
  problems: InputProblem[];
}

/** A file to read: the name reports use and its absolute path. */
interface Planned {
  name: string;
  abs: string;
}

/**
 * The paths a command reads, and its `--max-file-size` in bytes: no path means standard input, unless that is a
 * terminal (then the user forgot the input). `command` names it in the message (`lint`, `migrate --to gateway-api`).
 */
export function inputTargets(
  paths: readonly string[],
  opts: Record<string, unknown>,
  io: CliIo,
  command: string,
): { targets: string[]; maxFileBytes: number } {
  const maxMiB = Number(opts.maxFileSize ?? 256);
  if (!Number.isFinite(maxMiB) || maxMiB <= 0) {
    throw new KubewardError(
      'USAGE',
      `--max-file-size must be a positive number of MiB, not "${String(opts.maxFileSize)}".`,
    );
  }
  if (paths.length === 0 && io.stdinIsTTY) {
    throw new KubewardError(
      'USAGE',
      `no input: give files or directories to ${command.split(' ')[0]}, or - to read standard input.`,
      {
        hint: `helm template . | kubeward ${command} -`,
      },
    );
  }
  return { targets: paths.length === 0 ? ['-'] : [...paths], maxFileBytes: Math.floor(maxMiB * 1024 * 1024) };
}

export async function readInputs(paths: readonly string[], io: CliIo, options: ReadOptions): Promise<ReadResult> {
  const problems: InputProblem[] = [];
  const planned: (Planned | LintInput)[] = [];
  const seen = new Set<string>();
  let stdinRead = false;
  for (const p of paths) {
    if (p === '-') {
      if (stdinRead) continue;
      stdinRead = true;
      try {
        planned.push({ file: options.stdinFilename, pieces: released(await io.readStdin(options.maxFileBytes)) });
      } catch (err) {
        problems.push(stdinProblem(options.stdinFilename, err, options.maxFileBytes));
      }
      continue;
    }
    const abs = resolve(io.cwd, p);
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(abs);
    } catch (err) {
      problems.push(
        isCode(err, 'ENOENT') || isCode(err, 'ENOTDIR')
          ? problemAt(
              p,
              'input-not-found',
              'no such file or directory; check the path (the other inputs were still linted).',
            )
          : problemAt(p, 'input-unreadable', `the path could not be read: ${errnoReason(err)}.`),
      );
      continue;
    }
    if (st.isDirectory()) {
      for (const f of walk(abs, io.cwd, problems, new Set())) {
        if (seen.has(f.real)) continue;
        seen.add(f.real);
        planned.push({ name: displayName(io.cwd, f.path), abs: f.path });
      }
    } else {
      planned.push({ name: displayName(io.cwd, abs, p), abs });
    }
  }
  return { inputs: readPlanned(planned, options.maxFileBytes), problems };
}

function* readPlanned(planned: readonly (Planned | LintInput)[], maxBytes: number): Generator<LintInput> {
  for (const item of planned) yield 'abs' in item ? { file: item.name, pieces: readPieces(item.abs, maxBytes) } : item;
}

/** The pieces in order, each let go as it is taken, so the loader holds no more of the input than it works on. */
function* released(pieces: (Buffer | undefined)[]): Generator<Buffer> {
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i];
    pieces[i] = undefined;
    if (piece !== undefined) yield piece;
  }
}

function stdinProblem(name: string, err: unknown, maxBytes: number): InputProblem {
  if (err instanceof InputTooLargeError) {
    return problemAt(
      name,
      'input-too-large',
      `standard input is larger than the limit of ${formatBytes(maxBytes)}; raise --max-file-size or split the input.`,
    );
  }
  if (err instanceof BinaryInputError) {
    return problemAt(
      name,
      'input-binary',
      'standard input contains NUL bytes: it is binary, not YAML or JSON; pass only manifests.',
    );
  }
  return problemAt(name, 'input-unreadable', `standard input could not be read: ${errnoReason(err)}.`);
}

function problemAt(file: string, ruleId: InputProblem['ruleId'], message: string): InputProblem {
  return { ruleId, message, file, line: 1, column: 1 };
}

function displayName(cwd: string, abs: string, given?: string): string {
  if (given !== undefined && !given.startsWith('/')) return given.split('\\').join('/');
  const rel = relative(cwd, abs);
  return rel.startsWith('..') || rel === '' ? abs : rel.split('\\').join('/');
}

/**
 * Manifest files below a directory, sorted, skipping .git and node_modules. Symbolic links are followed; a directory
 * already being walked (a link loop, or two links to one directory) is walked once. Unreadable directories and
 * broken links to manifest files are reported, and the walk goes on.
 */
function* walk(
  dir: string,
  cwd: string,
  problems: InputProblem[],
  visited: Set<string>,
): Generator<{ path: string; real: string }> {
  let real: string;
  let entries: Dirent[];
  try {
    real = realpathSync(dir);
    if (visited.has(real)) return;
    visited.add(real);
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    problems.push(
      problemAt(displayName(cwd, dir), 'input-unreadable', `the directory could not be read: ${errnoReason(err)}.`),
    );
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const full = join(dir, e.name);
    let isDir = e.isDirectory();
    let isFile = e.isFile();
    if (e.isSymbolicLink()) {
      try {
        const target = statSync(full);
        isDir = target.isDirectory();
        isFile = target.isFile();
      } catch (err) {
        if (EXTENSIONS.has(extname(e.name).toLowerCase())) {
          problems.push(
            problemAt(
              displayName(cwd, full),
              'input-unreadable',
              `the symbolic link could not be followed: ${errnoReason(err)}.`,
            ),
          );
        }
        continue;
      }
    }
    if (isDir) {
      if (!SKIP_DIRS.has(e.name)) yield* walk(full, cwd, problems, visited);
    } else if (isFile && EXTENSIONS.has(extname(e.name).toLowerCase())) {
      let fileReal = full;
      try {
        fileReal = realpathSync(full);
      } catch {
        // Reported when it is read.
      }
      yield { path: full, real: fileReal };
    }
  }
}

/**
 * Reads a file a megabyte at a time, counting bytes as it reads: a regular file over the limit is refused without
 * being read, and a pipe, FIFO or device (whose size is unknown) as soon as it passes the limit, instead of being read
 * until memory runs out. The loader stops taking pieces at a NUL byte (binary: `/dev/zero` ends at once).
 */
function* readPieces(abs: string, maxBytes: number): Generator<Uint8Array> {
  let fd: number;
  try {
    fd = openSync(abs, 'r');
  } catch (err) {
    throw new InputReadError('input-unreadable', `the file could not be read: ${errnoReason(err)}.`);
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw new InputReadError('input-unreadable', 'the path is a directory.');
    if (st.isFile() && st.size > maxBytes) throw tooLarge(`the file is ${formatBytes(st.size)}`, maxBytes);
    let total = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(READ_CHUNK);
      let n = 0;
      while (n < buf.length) {
        const got = readBlocking(fd, buf, n);
        if (got === 0) break;
        n += got;
      }
      total += n;
      if (total > maxBytes) throw tooLarge(`the input is larger than ${formatBytes(maxBytes)}`, maxBytes);
      if (n > 0) yield n === buf.length ? buf : buf.subarray(0, n);
      if (n < buf.length) return;
    }
  } finally {
    closeSync(fd);
  }
}

/** Something to wait on between two reads of a non-blocking descriptor that had no data yet. */
const PAUSE = new Int32Array(new SharedArrayBuffer(4));

/** readSync, turning an operating-system error into an input problem; waits (in a loop, a millisecond at a time) while a non-blocking descriptor has no data yet. */
function readBlocking(fd: number, buf: Buffer, offset: number): number {
  for (;;) {
    try {
      return readSync(fd, buf, offset, buf.length - offset, null);
    } catch (err) {
      if (!isCode(err, 'EAGAIN')) {
        throw new InputReadError('input-unreadable', `the file could not be read: ${errnoReason(err)}.`);
      }
      Atomics.wait(PAUSE, 0, 0, 1);
    }
  }
}

function tooLarge(what: string, maxBytes: number): InputReadError {
  return new InputReadError(
    'input-too-large',
    `${what}, over the limit of ${formatBytes(maxBytes)}; raise --max-file-size or split it.`,
  );
}

function isCode(err: unknown, code: string): boolean {
  return err !== null && typeof err === 'object' && (err as { code?: unknown }).code === code;
}

/** An operating-system error as a short phrase (`permission denied`), never a stack trace. */
export function errnoReason(err: unknown): string {
  if (err !== null && typeof err === 'object') {
    const e = err as { code?: unknown; message?: unknown };
    const known: Record<string, string> = {
      EACCES: 'permission denied',
      EPERM: 'operation not permitted',
      ENOENT: 'no such file or directory',
      ENOTDIR: 'a part of the path is not a directory',
      ELOOP: 'too many levels of symbolic links',
      EISDIR: 'it is a directory',
      EIO: 'input/output error',
    };
    if (typeof e.code === 'string' && known[e.code] !== undefined) return known[e.code] as string;
    if (typeof e.message === 'string') return e.message.replace(/\.$/, '');
  }
  return String(err);
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(n % (1024 * 1024) === 0 ? 0 : 1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(0)} KiB`;
  return `${n} bytes`;
}
