/**
 * The rendering and path options of the commands that read manifests (`--chart`, `--values`, `--set`,
 * `--set-string`, `--release-name`, `--kube-version`, `--helm`, `--kustomize`, `--ignore-paths`, the config's
 * `exclude.paths`), checked and turned into what readInputs takes.
 */
import type { ResolvedConfig } from '../engine/config-types.js';
import type { ReadOptions } from './inputs.js';
import { pathFilter } from './path-filter.js';

function strings(value: unknown): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

/** `--chart DIR` (repeatable). */
export function chartsOf(opts: Record<string, unknown>): string[] {
  return strings(opts.chart);
}

export function renderOptionsOf(
  opts: Record<string, unknown>,
  config: ResolvedConfig,
  cwd: string,
): Pick<ReadOptions, 'render' | 'ignore' | 'charts' | 'skipNonManifests'> {
  const ignore = pathFilter([
    { base: cwd, globs: strings(opts.ignorePaths) },
    ...(config.baseDir !== undefined ? [{ base: config.baseDir, globs: config.excludePaths ?? [] }] : []),
  ]);
  return {
    charts: chartsOf(opts),
    skipNonManifests: opts.skipNonManifests === true,
    render: {
      helm: {
        ...(typeof opts.helm === 'string' ? { helm: opts.helm } : {}),
        values: strings(opts.values),
        set: strings(opts.set),
        setString: strings(opts.setString),
        ...(typeof opts.releaseName === 'string' ? { releaseName: opts.releaseName } : {}),
        ...(typeof opts.kubeVersion === 'string' ? { kubeVersion: opts.kubeVersion } : {}),
        ...(typeof opts.namespace === 'string' && opts.namespace !== 'default' ? { namespace: opts.namespace } : {}),
      },
      ...(typeof opts.kustomize === 'string' ? { kustomize: opts.kustomize } : {}),
    },
    ...(ignore !== undefined ? { ignore } : {}),
  };
}
