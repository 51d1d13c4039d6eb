/**
 * Turning CLI path arguments into inputs to lint: files, directories (recursively, following symbolic links once),
 * and `-` for stdin. Paths are resolved up front; files are read one at a time as the linter takes them, each with
 * `--max-file-size` counted while reading, so pipes, FIFOs and devices are bounded too.
 */
import { closeSync, type Dirent, fstatSync, openSync, readdirSync, readSync, realpathSync, statSync } from 'node:fs';
import { dirname, extname, join, relative, resolve } from 'node:path';
import { KubewardError } from '../engine/errors.js';
import type { LintInput } from '../engine/lint.js';
import { type InputProblem, InputReadError } from '../engine/load.js';
import { BinaryInputError, type CliIo, InputTooLargeError } from './io.js';
import { displayDir, displayName, errnoReason, formatBytes } from './os-errors.js';
import {
  type HelmOptions,
  KUSTOMIZATION_FILES,
  type RenderOptions,
  renderChart,
  renderKustomization,
} from './render.js';

const EXTENSIONS = new Set(['.yaml', '.yml', '.json']);
const SKIP_DIRS = new Set(['.git', 'node_modules']);
/** Pipes and devices are read in pieces of this size. */
const READ_CHUNK = 1024 * 1024;

export interface ReadOptions {
  stdinFilename: string;
  maxFileBytes: number;
  /** How charts and Kustomize directories are rendered; absent: the tools on PATH with no flags. */
  render?: Omit<RenderOptions, 'cwd' | 'env' | 'maxBytes'>;
  /** `--ignore-paths` and the config's `exclude.paths`: paths not read (a directory is not walked). */
  ignore?: PathFilter;
  /** `--chart DIR`: directories rendered as charts whatever they hold. */
  charts?: readonly string[];
  /** `--skip-non-manifests`: named files are skipped, as a walk's are, when they hold no Kubernetes object. */
  skipNonManifests?: boolean;
}

/** Whether a path (absolute) is ignored. */
export type PathFilter = (abs: string) => boolean;

export interface ReadResult {
  /** Read lazily, one file at a time, as they are iterated (once). Read problems are added to `problems`. */
  inputs: Iterable<LintInput>;
  /** Problems with the inputs: missing paths, unreadable directories and files, too large, … */
  problems: InputProblem[];
  /** Files skipped without being read (Helm templates outside a render), filled as `inputs` is iterated. */
  skipped: string[];
}

/** A file to read: the name reports use and its absolute path; `walked` when a directory walk found it. */
interface Planned {
  name: string;
  abs: string;
  walked: boolean;
}

/** A directory to render: a Helm chart or a Kustomize directory; `named` when the user named it (not walked). */
interface PlannedRender {
  render: 'helm' | 'kustomize';
  dir: string;
  name: string;
  named?: boolean;
}

type PlannedItem = Planned | PlannedRender | LintInput;

/** What a directory is: a Helm chart (Chart.yaml), a Kustomize directory, or a plain one to walk. */
function dirKind(dir: string): 'helm' | 'kustomize' | 'plain' {
  if (fileExists(join(dir, 'Chart.yaml'))) return 'helm';
  if (KUSTOMIZATION_FILES.some((k) => fileExists(join(dir, k)))) return 'kustomize';
  return 'plain';
}

function fileExists(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Chart directories above a directory, found once per directory of a read (a walk asks for every file). */
type ChartCache = Map<string, string | undefined>;

/** The nearest directory at or above `dir` (up to the filesystem root) holding Chart.yaml, if any. */
function chartAbove(dir: string, cache: ChartCache): string | undefined {
  if (cache.has(dir)) return cache.get(dir);
  const up = dirname(dir);
  const chart = fileExists(join(dir, 'Chart.yaml')) ? dir : up === dir ? undefined : chartAbove(up, cache);
  cache.set(dir, chart);
  return chart;
}

/** A file under the `templates/` directory of the chart it belongs to. */
function isChartTemplate(abs: string, cache: ChartCache): boolean {
  const chart = chartAbove(dirname(abs), cache);
  return chart !== undefined && relative(chart, abs).split(/[\\/]/)[0] === 'templates';
}

function renderName(cwd: string, dir: string, render: 'helm' | 'kustomize'): string {
  return `${displayDir(cwd, dir)} (${render === 'helm' ? 'helm template' : 'kustomize build'})`;
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
  /** Inputs other than paths were given (`--chart`): no path then means none, not standard input. */
  otherInputs = false,
): { targets: string[]; maxFileBytes: number } {
  const maxMiB = Number(opts.maxFileSize ?? 256);
  if (!Number.isFinite(maxMiB) || maxMiB <= 0) {
    throw new KubewardError(
      'USAGE',
      `--max-file-size must be a positive number of MiB, not "${String(opts.maxFileSize)}".`,
    );
  }
  if (paths.length === 0 && otherInputs) return { targets: [], maxFileBytes: maxBytesOf(maxMiB) };
  if (paths.length === 0 && io.stdinIsTTY) {
    throw new KubewardError(
      'USAGE',
      `no input: give files or directories to ${command.split(' ')[0]}, or - to read standard input.`,
      {
        hint: `helm template . | kubeward ${command} -`,
      },
    );
  }
  return { targets: paths.length === 0 ? ['-'] : [...paths], maxFileBytes: maxBytesOf(maxMiB) };
}

function maxBytesOf(mib: number): number {
  return Math.floor(mib * 1024 * 1024);
}

export async function readInputs(paths: readonly string[], io: CliIo, options: ReadOptions): Promise<ReadResult> {
  const problems: InputProblem[] = [];
  const skipped: string[] = [];
  const planned: PlannedItem[] = [];
  // Files and rendered directories by real path: each is read once, however many paths reach it.
  const seen = new Set<string>();
  const once = (abs: string): boolean => {
    const real = realPath(abs);
    if (seen.has(real)) return false;
    seen.add(real);
    return true;
  };
  const ignored = options.ignore ?? (() => false);
  const charts: ChartCache = new Map();
  const render = (kind: 'helm' | 'kustomize', dir: string, named: boolean): void => {
    if (once(dir)) planned.push({ render: kind, dir, name: renderName(io.cwd, dir, kind), named });
  };
  let stdinRead = false;
  for (const dir of options.charts ?? []) {
    const abs = resolve(io.cwd, dir);
    if (!fileExists(join(abs, 'Chart.yaml'))) {
      problems.push(
        problemAt(dir, 'input-not-found', 'no Chart.yaml in this directory: --chart takes a Helm chart directory.'),
      );
      continue;
    }
    render('helm', abs, true);
  }
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
    if (ignored(abs)) continue;
    if (st.isDirectory()) {
      const kind = dirKind(abs);
      if (kind !== 'plain') {
        render(kind, abs, true);
        continue;
      }
      for (const item of walk(abs, io.cwd, problems, new Set(), ignored)) {
        if ('render' in item) {
          render(item.render, item.dir, false);
          continue;
        }
        if (!once(item.path)) continue;
        // Inside a chart (its directories named on their own): templates are not manifests until rendered.
        if (isChartTemplate(item.path, charts)) skipped.push(displayName(io.cwd, item.path));
        else planned.push({ name: displayName(io.cwd, item.path), abs: item.path, walked: true });
      }
    } else if (options.skipNonManifests === true && isChartTemplate(abs, charts)) {
      // A chart's template named on its own: not a manifest until rendered.
      skipped.push(displayName(io.cwd, abs, p));
    } else if (once(abs)) {
      planned.push({ name: displayName(io.cwd, abs, p), abs, walked: options.skipNonManifests === true });
    }
  }
  const helm = options.render?.helm ?? { values: [], set: [], setString: [] };
  if (hasUserValues(helm) && !planned.some((i) => 'render' in i && i.render === 'helm' && i.named)) {
    throw new KubewardError(
      'USAGE',
      '--values, --set and --set-string apply to the charts named with --chart or as a path, and none was named.',
      {
        hint: 'name the chart: kubeward lint --chart DIR --values FILE (charts found while walking render with their own values)',
      },
    );
  }
  const renderOptions = {
    helm,
    ...(options.render?.kustomize !== undefined ? { kustomize: options.render.kustomize } : {}),
    cwd: io.cwd,
    env: io.env,
    maxBytes: options.maxFileBytes,
  };
  return { inputs: readPlanned(planned, options.maxFileBytes, renderOptions, problems, skipped), problems, skipped };
}

function hasUserValues(h: HelmOptions): boolean {
  return h.values.length > 0 || h.set.length > 0 || h.setString.length > 0;
}

function realPath(abs: string): string {
  try {
    return realpathSync(abs);
  } catch {
    return abs;
  }
}

function* readPlanned(
  planned: readonly PlannedItem[],
  maxBytes: number,
  render: RenderOptions,
  problems: InputProblem[],
  skipped: string[],
): Generator<LintInput> {
  for (const item of planned) {
    if ('render' in item) {
      try {
        const out =
          item.render === 'helm'
            ? renderChart(item.dir, item.named ? render : { ...render, helm: withoutUserValues(render.helm) })
            : renderKustomization(item.dir, render);
        if (out === undefined) {
          skipped.push(item.name);
          continue;
        }
        yield {
          file: item.name,
          text: out.text,
          rendered: true,
          attributeTo: out.attributeTo,
          ...(out.templatePath ? { templatePath: out.templatePath } : {}),
        };
      } catch (err) {
        if (!(err instanceof InputReadError)) throw err;
        problems.push(problemAt(item.name, err.ruleId, err.message));
      }
    } else if ('abs' in item) {
      yield { file: item.name, pieces: readPieces(item.abs, maxBytes), ...(item.walked ? { walked: true } : {}) };
    } else {
      yield item;
    }
  }
}

/** The helm binary and the chart-independent flags, without the values meant for the charts named. */
function withoutUserValues(h: HelmOptions): HelmOptions {
  return { ...h, values: [], set: [], setString: [] };
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
  ignored: PathFilter,
): Generator<{ path: string } | PlannedRender> {
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
    if (ignored(full)) continue;
    if (isDir) {
      if (SKIP_DIRS.has(e.name)) continue;
      const kind = dirKind(full);
      if (kind === 'plain') yield* walk(full, cwd, problems, visited, ignored);
      else yield { render: kind, dir: full, name: renderName(cwd, full, kind) };
    } else if (isFile && EXTENSIONS.has(extname(e.name).toLowerCase())) {
      yield { path: full };
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
