/**
 * Rendering a Helm chart (`helm template`) or a Kustomize directory (`kustomize build`, else `kubectl kustomize`) into
 * a stream of manifests to lint, as the user's own tools would. The tool runs as a child process with the user's
 * values and flags passed through, its output bounded by `--max-file-size`, its time by RENDER_TIMEOUT_MS; a missing
 * tool or a failed render is an input problem naming the directory, the command and what it said, never a crash.
 */
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { load } from 'js-yaml';
import { InputReadError } from '../engine/load.js';
import { displayDir, errnoReason, formatBytes } from './os-errors.js';

/** The files that make a directory a Kustomize directory, in the order kustomize looks for them. */
export const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** A render that takes longer is stopped: a chart with a `lookup` loop or a hung plugin must not hang CI. */
export const RENDER_TIMEOUT_MS = 5 * 60_000;

/** The Helm flags of `kubeward lint`, passed to `helm template` as given. */
export interface HelmOptions {
  /** The helm binary (`--helm`), else `helm` on PATH. */
  readonly helm?: string;
  readonly values: readonly string[];
  readonly set: readonly string[];
  readonly setString: readonly string[];
  readonly releaseName?: string;
  readonly kubeVersion?: string;
  readonly namespace?: string;
}

export interface RenderOptions {
  readonly helm: HelmOptions;
  /** The kustomize binary (`--kustomize`): `kustomize`, or `kubectl` (run as `kubectl kustomize`). */
  readonly kustomize?: string;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly maxBytes: number;
}

/**
 * What was rendered: the stream, how `# Source:` paths map back to files (Helm), and the file an object is
 * attributed to when it has no template on disk (a subchart packed as .tgz; every object of a Kustomize build):
 * Chart.yaml or the kustomization, which a pull request can show, with the place in the stream kept as `rendered`.
 */
export interface Rendered {
  readonly text: string;
  readonly templatePath?: (template: string) => string;
  readonly attributeTo: string;
}

/** An executable named on PATH (the user's env), or undefined. */
export function onPath(name: string, env: Readonly<Record<string, string | undefined>>): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Chart.yaml's `name` (the first part of every `# Source:` path helm writes) and `type`. */
function chartMeta(dir: string): { name?: string; type?: string } {
  try {
    const chart = load(readFileSync(join(dir, 'Chart.yaml'), 'utf8'));
    if (chart === null || typeof chart !== 'object') return {};
    const { name, type } = chart as { name?: unknown; type?: unknown };
    return {
      ...(typeof name === 'string' && name !== '' ? { name } : {}),
      ...(typeof type === 'string' ? { type } : {}),
    };
  } catch {
    return {};
  }
}

/** The first lines of a tool's stderr, as one line for a message. */
function said(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('WARNING:'));
  const text = lines.slice(0, 3).join(' ');
  return text.length > 600 ? `${text.slice(0, 599)}…` : text;
}

function run(
  command: string,
  args: readonly string[],
  what: string,
  options: RenderOptions,
): { ok: true; text: string } | { ok: false; error: InputReadError } {
  // node:child_process on first use: loading it (and node:net with it) costs every `kubeward lint` start-up.
  const r = process.getBuiltinModule('node:child_process').spawnSync(command, args, {
    cwd: options.cwd,
    env: options.env as NodeJS.ProcessEnv,
    encoding: 'utf8',
    maxBuffer: options.maxBytes,
    timeout: RENDER_TIMEOUT_MS,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const line = [command, ...args].join(' ');
  if (r.error !== undefined) {
    const code = (r.error as { code?: string }).code;
    if (code === 'ENOBUFS') {
      return {
        ok: false,
        error: new InputReadError(
          'input-too-large',
          `${what} produced more than ${formatBytes(options.maxBytes)}; raise --max-file-size.`,
        ),
      };
    }
    if (code === 'ETIMEDOUT') {
      return {
        ok: false,
        error: new InputReadError(
          'input-render-failed',
          `${line} did not finish within ${RENDER_TIMEOUT_MS / 1000} s.`,
        ),
      };
    }
    return {
      ok: false,
      error: new InputReadError('input-render-failed', `${line} could not be run: ${errnoReason(r.error)}.`),
    };
  }
  if (r.status !== 0) {
    const message = said(r.stderr ?? '');
    const dependencies = /dependenc|missing in charts\/ directory/i.test(message)
      ? ' Fetch the chart dependencies first: helm dependency build <chart>.'
      : '';
    return {
      ok: false,
      error: new InputReadError(
        'input-render-failed',
        `${line} failed (exit ${r.status ?? r.signal}): ${message || 'no message'}.${dependencies}`,
      ),
    };
  }
  return { ok: true, text: r.stdout ?? '' };
}

/**
 * `helm template` of the chart in `dir` (CRDs included, as `helm install` applies them) with the user's values and
 * flags; undefined for a library chart, which renders nothing. Throws InputReadError.
 */
export function renderChart(dir: string, options: RenderOptions): Rendered | undefined {
  const meta = chartMeta(dir);
  if (meta.type === 'library') return undefined;
  const h = options.helm;
  const helm = h.helm ?? onPath('helm', options.env);
  const where = displayDir(options.cwd, dir);
  if (helm === undefined) {
    throw new InputReadError(
      'input-render-failed',
      `${where} is a Helm chart (it holds Chart.yaml), but helm is not on PATH: install helm, or pass --helm PATH. The other inputs were still linted.`,
    );
  }
  const args = [
    'template',
    ...(h.releaseName !== undefined ? [h.releaseName] : []),
    where,
    '--include-crds',
    ...h.values.flatMap((v) => ['--values', v]),
    ...h.set.flatMap((v) => ['--set', v]),
    ...h.setString.flatMap((v) => ['--set-string', v]),
    ...(h.kubeVersion !== undefined ? ['--kube-version', h.kubeVersion] : []),
    ...(h.namespace !== undefined ? ['--namespace', h.namespace] : []),
  ];
  const r = run(helm, args, `helm template of ${where}`, options);
  if (!r.ok) throw r.error;
  // `# Source: <chart name>/templates/x.yaml`: the chart name stands for the chart's directory.
  const name = meta.name ?? where.split('/').pop() ?? where;
  const prefix = `${name}/`;
  return {
    text: r.text,
    attributeTo: `${where === '.' ? '' : `${where}/`}Chart.yaml`,
    templatePath: (template) =>
      template.startsWith(prefix) ? `${where === '.' ? '' : `${where}/`}${template.slice(prefix.length)}` : template,
  };
}

/** `kustomize build` (or `kubectl kustomize`) of `dir`. Throws InputReadError. */
export function renderKustomization(dir: string, options: RenderOptions): Rendered {
  const where = displayDir(options.cwd, dir);
  const tool = options.kustomize ?? onPath('kustomize', options.env) ?? onPath('kubectl', options.env);
  if (tool === undefined) {
    throw new InputReadError(
      'input-render-failed',
      `${where} is a Kustomize directory (it holds a kustomization file), but neither kustomize nor kubectl is on PATH: install one, or pass --kustomize PATH. The other inputs were still linted.`,
    );
  }
  const kubectl = /(^|[\\/])kubectl(\.exe)?$/.test(tool);
  const r = run(tool, kubectl ? ['kustomize', where] : ['build', where], `the kustomize build of ${where}`, options);
  if (!r.ok) throw r.error;
  const file = KUSTOMIZATION_FILES.find((k) => existsSync(join(dir, k))) ?? 'kustomization.yaml';
  return { text: r.text, attributeTo: `${where === '.' ? '' : `${where}/`}${file}` };
}
