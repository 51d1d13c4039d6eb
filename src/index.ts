/**
 * kubeward's programmatic API, for tools that embed the linter.
 *
 *   const result = await lintText(yaml, { file: 'rendered.yaml', config: { rules: { 'resources-qos-class': 'error' } } });
 */

import { defaultConfig, loadConfig, resolveConfig } from './engine/config.js';
import type { ResolvedConfig } from './engine/config-types.js';
import { lintInputs } from './engine/lint.js';
import { positionlessSource, refOf } from './engine/load.js';
import { buildResult, runRules } from './engine/run.js';
import type { LintResult, SourcedObject } from './engine/types.js';
import type { K8sObject } from './k8s/object.js';
import { FORMATS } from './report/index.js';
import { allRules } from './rules/index.js';
import { VERSION } from './version.js';

export { loadConfig } from './engine/config.js';
export type { ObjectExclusion, ResolvedConfig, RuleSetting } from './engine/config-types.js';
export { KubewardError } from './engine/errors.js';
export type { ObjectIndex } from './engine/object-index.js';
export { createIndex } from './engine/object-index.js';
export type { AnyRule, MessageData, Rule, RuleContext, RuleFinding, RuleMeta, SeverityShift } from './engine/rule.js';
export type { Family, Finding, LintResult, ObjectRef, Severity, Summary } from './engine/types.js';
export type { K8sObject } from './k8s/object.js';
export { defineRule } from './rules/define-rule.js';
export { allRules } from './rules/index.js';

export interface ApiOptions {
  /**
   * The configuration: an object in the `.kubeward.yaml` format (validated; errors throw a KubewardError),
   * a ResolvedConfig from `loadConfig`, or a path to a config file. Default: built-in defaults.
   */
  config?: unknown;
  /** Namespace of namespaced objects that name none (default `default`). */
  defaultNamespace?: string;
}

export interface LintTextOptions extends ApiOptions {
  /** The name reports use for the text (default `<input>`). */
  file?: string;
  /** Attribute Helm-rendered documents to their `# Source:` templates (default true). */
  helmSource?: boolean;
  sourceRoot?: string;
}

function isResolved(c: unknown): c is ResolvedConfig {
  return typeof c === 'object' && c !== null && 'allowAnnotationSuppression' in c && 'excludeObjects' in c;
}

async function configFrom(config: unknown): Promise<ResolvedConfig> {
  if (config === undefined) return defaultConfig();
  if (typeof config === 'string') return loadConfig({ cwd: process.cwd(), explicitPath: config, rules: allRules });
  if (isResolved(config)) return config;
  return resolveConfig(config, undefined, allRules);
}

/** Lints YAML or JSON text (one or many documents, Helm output included). */
export async function lintText(text: string, options: LintTextOptions = {}): Promise<LintResult> {
  const config = await configFrom(options.config);
  return lintInputs([{ file: options.file ?? '<input>', text }], {
    rules: allRules,
    config,
    ...(options.defaultNamespace !== undefined ? { defaultNamespace: options.defaultNamespace } : {}),
    ...(options.helmSource !== undefined ? { helmSource: options.helmSource } : {}),
    ...(options.sourceRoot !== undefined ? { sourceRoot: options.sourceRoot } : {}),
  });
}

/** Lints objects already in memory; findings carry `file` = `name` and no line (0). */
export async function lintObjects(
  objects: readonly K8sObject[],
  options: ApiOptions & { name?: string } = {},
): Promise<LintResult> {
  const config = await configFrom(options.config);
  const name = options.name ?? '<objects>';
  const sourced: SourcedObject[] = objects.map((object) => ({
    object,
    ref: refOf(object),
    source: positionlessSource(name),
  }));
  const run = runRules(sourced, {
    rules: allRules,
    config,
    ...(options.defaultNamespace !== undefined ? { defaultNamespace: options.defaultNamespace } : {}),
  });
  return buildResult(run, [], { files: 0, objects: sourced.length });
}

export type FormatName = keyof typeof FORMATS;

/** Renders a result in one of the CLI's formats (`stylish`, `json`, `sarif`, `junit`, `github`). */
export function formatResult(
  result: LintResult,
  format: FormatName,
  options: { cwd?: string; color?: boolean } = {},
): string {
  return FORMATS[format](result, {
    rules: allRules,
    cwd: options.cwd ?? process.cwd(),
    color: options.color ?? false,
    toolName: 'kubeward',
    toolVersion: VERSION,
  });
}
