/** Turning CLI path arguments into texts to lint: files, directories (recursively), and `-` for stdin. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, resolve } from 'node:path';
import type { LintInput } from '../engine/lint.js';
import type { InputProblem } from '../engine/load.js';
import { type CliIo, InputTooLargeError } from './io.js';

const EXTENSIONS = new Set(['.yaml', '.yml', '.json']);
const SKIP_DIRS = new Set(['.git', 'node_modules']);

export interface ReadOptions {
  stdinFilename: string;
  maxFileBytes: number;
}

export interface ReadResult {
  inputs: LintInput[];
  problems: InputProblem[];
  /** Paths that do not exist (a usage error). */
  missing: string[];
}

export async function readInputs(paths: readonly string[], io: CliIo, options: ReadOptions): Promise<ReadResult> {
  const result: ReadResult = { inputs: [], problems: [], missing: [] };
  let stdinRead = false;
  for (const p of paths) {
    if (p === '-') {
      if (stdinRead) continue;
      stdinRead = true;
      try {
        const buf = await io.readStdin(options.maxFileBytes);
        addBuffer(result, options.stdinFilename, buf);
      } catch (err) {
        const message =
          err instanceof InputTooLargeError
            ? `standard input is larger than the limit of ${formatBytes(options.maxFileBytes)}; raise --max-file-size or split the input.`
            : `standard input could not be read: ${err instanceof Error ? err.message : String(err)}.`;
        result.problems.push({
          ruleId: err instanceof InputTooLargeError ? 'input-too-large' : 'input-unreadable',
          message,
          file: options.stdinFilename,
          line: 1,
          column: 1,
        });
      }
      continue;
    }
    const abs = resolve(io.cwd, p);
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(abs);
    } catch {
      result.missing.push(p);
      continue;
    }
    if (st.isDirectory()) {
      for (const f of walk(abs)) readOne(result, displayName(io.cwd, f), f, options.maxFileBytes);
    } else {
      readOne(result, displayName(io.cwd, abs, p), abs, options.maxFileBytes);
    }
  }
  return result;
}

function displayName(cwd: string, abs: string, given?: string): string {
  if (given !== undefined && !given.startsWith('/')) return given.split('\\').join('/');
  const rel = relative(cwd, abs);
  return rel.startsWith('..') || rel === '' ? abs : rel.split('\\').join('/');
}

/** Manifest files below a directory, sorted, skipping .git and node_modules. */
function* walk(dir: string): Generator<string> {
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  for (const e of entries) {
    const full = join(dir, e.name);
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name)) yield* walk(full);
    } else if (e.isFile() && EXTENSIONS.has(extname(e.name).toLowerCase())) {
      yield full;
    }
  }
}

function readOne(result: ReadResult, name: string, abs: string, maxBytes: number): void {
  try {
    const size = statSync(abs).size;
    if (size > maxBytes) {
      result.problems.push({
        ruleId: 'input-too-large',
        message: `the file is ${formatBytes(size)}, over the limit of ${formatBytes(maxBytes)}; raise --max-file-size or split it.`,
        file: name,
        line: 1,
        column: 1,
      });
      return;
    }
    addBuffer(result, name, readFileSync(abs));
  } catch (err) {
    result.problems.push({
      ruleId: 'input-unreadable',
      message: `the file could not be read: ${err instanceof Error ? err.message : String(err)}.`,
      file: name,
      line: 1,
      column: 1,
    });
  }
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

function addBuffer(result: ReadResult, name: string, buf: Buffer): void {
  const nul = buf.indexOf(0);
  if (nul >= 0) {
    const line = countLines(buf, nul);
    result.problems.push({
      ruleId: 'input-binary',
      message: 'the file contains NUL bytes: it is binary, not YAML or JSON; pass only manifest files.',
      file: name,
      line,
      column: 1,
    });
    return;
  }
  let text: string;
  try {
    text = UTF8.decode(buf);
  } catch {
    result.problems.push({
      ruleId: 'input-binary',
      message: 'the file is not valid UTF-8 text; Kubernetes manifests must be UTF-8.',
      file: name,
      line: 1,
      column: 1,
    });
    return;
  }
  result.inputs.push({ file: name, text });
}

function countLines(buf: Buffer, end: number): number {
  let n = 1;
  for (let i = buf.indexOf(10); i >= 0 && i < end; i = buf.indexOf(10, i + 1)) n++;
  return n;
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(n % (1024 * 1024) === 0 ? 0 : 1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(0)} KiB`;
  return `${n} bytes`;
}
