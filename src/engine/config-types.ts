/** The resolved configuration the engine runs with (from `.kubeward.yaml`, `--config`, or defaults). */
import type { Severity } from './types.js';

export interface RuleSetting {
  /** false = the rule does not run. */
  enabled?: boolean;
  /** Overrides the rule's default severity. */
  severity?: Severity;
  /** Merged over the rule's default options, then validated against the rule's options schema. */
  options?: Record<string, unknown>;
}

export interface ObjectExclusion {
  /** Glob (`*`, `?`) over metadata.name. */
  name: string;
  kind?: string;
  /** Glob over the namespace. */
  namespace?: string;
  /** Only these rule ids; all rules when absent. */
  rules?: string[];
  /** Shown in the report next to the suppressed findings. */
  reason?: string;
}

/** The `ingressNginx:` mapping: what the manifests may not show about the ingress-nginx install. */
export interface IngressNginxSettings {
  /** The controller's `--annotations-prefix` (no final `/`), for Ingresses whose controller kubeward does not see. */
  readonly annotationsPrefix?: string;
}

export interface ResolvedConfig {
  /** The file the config came from, for messages; undefined for the built-in defaults. */
  file?: string;
  /** Per-rule settings by rule id (already validated: ids exist, options fit the schema). */
  rules: Record<string, RuleSetting>;
  /** Namespaces (globs) whose objects are not linted at all. */
  excludeNamespaces: string[];
  /** Files and directories (globs, relative to `baseDir`) not read: `exclude.paths`. */
  excludePaths?: string[];
  /** The directory of the config file (absolute): what `exclude.paths` is relative to. */
  baseDir?: string;
  /** Objects whose findings are suppressed (counted, with the reason). */
  excludeObjects: ObjectExclusion[];
  /** `ignore-check.kubeward.io/<rule-id>` annotations honoured (default true). */
  allowAnnotationSuppression: boolean;
  /** Default for `--fail-on`. */
  failOn?: Severity | 'never';
  /** Rules read it through their context (`RuleContext.ingressNginx`). */
  ingressNginx?: IngressNginxSettings;
  /**
   * The Kubernetes version the manifests are applied to (`kubeVersion:`, or `--kube-version`, which wins), as
   * `major.minor`; rules read it through their context (`RuleContext.kubeVersion`). Unset: the newest minor
   * kubeward knows.
   */
  kubeVersion?: string;
  /**
   * Report each problem once (`eachProblemOnce:`, default true): of findings that state one problem (two rules on one
   * object, or one rule on each object of a cross-object problem) the most precise is kept, with the other objects as
   * related locations. False: every rule reports on every object involved.
   */
  eachProblemOnce?: boolean;
  /**
   * The `webhook:` mapping, validated against the config schema with the rest of the file (so `lint` and `serve`
   * report a mistake in it the same way); `kubeward serve` resolves it over its defaults (webhook/settings.ts).
   */
  webhook?: Readonly<Record<string, unknown>>;
}

export const DEFAULT_CONFIG: ResolvedConfig = {
  rules: {},
  excludeNamespaces: [],
  excludeObjects: [],
  allowAnnotationSuppression: true,
};
