/**
 * The rendering and path options of the commands that read manifests (`--chart`, `--values`, `--set`,
 * `--set-string`, `--release-name`, `--kube-version`, `--helm`, `--kustomize`, `--ignore-paths`, the config's
 * `exclude.paths`), checked and turned into what readInputs takes.
 */
import type { ResolvedConfig } from '../engine/config-types.js';
import { KubewardError } from '../engine/errors.js';
import { formatKubeMinor, parseKubeVersion } from '../k8s/api-versions.js';
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

/**
 * `--kube-version V` as the rules' target (`major.minor`), or undefined when it is not given. An invalid version is a
 * usage error: helm would reject it too, and the rules would check against a version nobody meant.
 */
export function kubeVersionFlagOf(opts: Record<string, unknown>): string | undefined {
  if (typeof opts.kubeVersion !== 'string') return undefined;
  const parsed = parseKubeVersion(opts.kubeVersion);
  if (parsed.ok) return formatKubeMinor(parsed.version);
  throw new KubewardError('USAGE', `--kube-version: ${parsed.problem}`, {
    hint: 'Give the Kubernetes version the manifests are applied to, as helm takes it: --kube-version 1.29 (or v1.29.3).',
  });
}

/** The config with `--kube-version` as its target when the flag is given (the flag wins over `kubeVersion:`). */
export function withKubeVersionFlag(config: ResolvedConfig, opts: Record<string, unknown>): ResolvedConfig {
  const flag = kubeVersionFlagOf(opts);
  return flag === undefined ? config : { ...config, kubeVersion: flag };
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
        // The flag as written (helm compares patch and pre-release against a chart's kubeVersion), else the config's.
        ...(typeof opts.kubeVersion === 'string'
          ? { kubeVersion: opts.kubeVersion }
          : config.kubeVersion !== undefined
            ? { kubeVersion: config.kubeVersion }
            : {}),
        ...(typeof opts.namespace === 'string' && opts.namespace !== 'default' ? { namespace: opts.namespace } : {}),
      },
      ...(typeof opts.kustomize === 'string' ? { kustomize: opts.kustomize } : {}),
    },
    ...(ignore !== undefined ? { ignore } : {}),
  };
}
