/**
 * Suppressions, applied by the engine after the rules ran (rules never see them):
 * - the annotation `ignore-check.kubeward.io/<rule-id>: "<reason>"` on an object suppresses that rule on it,
 *   unless the config sets `suppressions.annotations: false`;
 * - `exclude.objects` entries in the config suppress findings on matching objects, with the configured reason;
 * - `exclude.namespaces` in the config keeps whole namespaces from being linted at all.
 * Problems with the annotations themselves become findings of the pseudo-rules below.
 * There is deliberately no `ignore-check.kubeward.io/all`: it is an unknown rule id like any other.
 */
import { matchAnyGlob, matchGlob } from '../k8s/glob.js';
import type { K8sObject, PathSegment } from '../k8s/object.js';
import { isObject } from '../k8s/object.js';
import type { ObjectExclusion, ResolvedConfig } from './config-types.js';
import { closestMatch, MAX_SUGGESTIONS_PER_OBJECT } from './suggest.js';
import type { Severity, Suppression } from './types.js';

export const IGNORE_CHECK_PREFIX = 'ignore-check.kubeward.io/';

/** An ignore-check annotation with an empty (or blank) value. */
export const SUPPRESSION_WITHOUT_REASON = 'suppression-without-reason';
/** An ignore-check annotation naming no known rule. */
export const SUPPRESSION_UNKNOWN_RULE = 'suppression-unknown-rule';
/** An ignore-check annotation while the config forbids them. */
export const SUPPRESSION_NOT_ALLOWED = 'suppression-not-allowed';

export const SUPPRESSION_PROBLEM_IDS: readonly string[] = [
  SUPPRESSION_NOT_ALLOWED,
  SUPPRESSION_UNKNOWN_RULE,
  SUPPRESSION_WITHOUT_REASON,
];

/** A problem with an ignore-check annotation, reported on the annotation like a rule finding. */
export interface SuppressionProblem {
  ruleId: string;
  severity: Severity;
  message: string;
  /** `['metadata', 'annotations', <annotation key>]`. */
  path: PathSegment[];
}

/** An `ignore-check.kubeward.io/<rule-id>` annotation found on an object. */
export interface IgnoreAnnotation {
  key: string;
  ruleId: string;
  /** The annotation's value, trimmed; empty when none was given. */
  reason: string;
}

function annotationsOf(object: K8sObject): Record<string, unknown> {
  const annotations = object.metadata?.annotations;
  return isObject(annotations) ? annotations : {};
}

function reasonOf(value: unknown): string {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}

/** The object's ignore-check annotations, in the order they appear. */
export function ignoreAnnotations(object: K8sObject): IgnoreAnnotation[] {
  return Object.entries(annotationsOf(object))
    .filter(([key]) => key.startsWith(IGNORE_CHECK_PREFIX))
    .map(([key, value]) => ({ key, ruleId: key.slice(IGNORE_CHECK_PREFIX.length), reason: reasonOf(value) }));
}

/** Whether objects in `namespace` are not linted at all. Cluster-scoped objects (`''` or undefined) never are. */
export function isNamespaceExcluded(namespace: string | undefined, config: ResolvedConfig): boolean {
  if (namespace === undefined || namespace === '') return false;
  return matchAnyGlob(config.excludeNamespaces, namespace);
}

function exclusionMatches(
  entry: ObjectExclusion,
  object: K8sObject,
  namespace: string | undefined,
  ruleId: string,
): boolean {
  if (entry.rules !== undefined && !entry.rules.includes(ruleId)) return false;
  if (entry.kind !== undefined && entry.kind !== object.kind) return false;
  if (entry.namespace !== undefined) {
    if (namespace === undefined || namespace === '' || !matchGlob(entry.namespace, namespace)) return false;
  }
  const name = object.metadata?.name;
  return matchGlob(entry.name, typeof name === 'string' ? name : '');
}

/** The first `exclude.objects` entry that covers this rule on this object. */
export function matchingExclusion(
  object: K8sObject,
  namespace: string | undefined,
  ruleId: string,
  config: ResolvedConfig,
): ObjectExclusion | undefined {
  return config.excludeObjects.find((entry) => exclusionMatches(entry, object, namespace, ruleId));
}

function annotationSuppression(object: K8sObject, ruleId: string, config: ResolvedConfig): Suppression | undefined {
  if (!config.allowAnnotationSuppression) return undefined;
  const annotations = annotationsOf(object);
  const key = `${IGNORE_CHECK_PREFIX}${ruleId}`;
  if (!Object.hasOwn(annotations, key)) return undefined;
  return { by: 'annotation', reason: reasonOf(annotations[key]) };
}

function configSuppression(
  object: K8sObject,
  namespace: string | undefined,
  ruleId: string,
  config: ResolvedConfig,
): Suppression | undefined {
  const entry = matchingExclusion(object, namespace, ruleId, config);
  if (entry === undefined) return undefined;
  const reason = entry.reason?.trim();
  return { by: 'config', reason: reason ? reason : `excluded by ${config.file ?? 'the config'}` };
}

/**
 * Why a finding of `ruleId` on `object` is suppressed, or undefined when it is not. An ignore-check annotation
 * (when the config allows them) wins over a config exclusion. An annotation with an empty value still suppresses,
 * with an empty reason (and `suppressionProblems` reports it). `namespace` is the object's effective namespace
 * (`''` or undefined for a cluster-scoped object).
 */
export function suppressionFor(
  object: K8sObject,
  namespace: string | undefined,
  ruleId: string,
  config: ResolvedConfig,
): Suppression | undefined {
  return annotationSuppression(object, ruleId, config) ?? configSuppression(object, namespace, ruleId, config);
}

function notAllowedMessage(key: string, config: ResolvedConfig): string {
  return `Annotation ${key} suppresses nothing: ${config.file ?? 'the config'} sets suppressions.annotations to false.`;
}

function unknownRuleMessage(a: IgnoreAnnotation, knownRuleIds: ReadonlySet<string>, suggest: boolean): string {
  const head = `Annotation ${a.key} names no known rule, so it suppresses nothing.`;
  if (a.ruleId === 'all')
    return `${head} Suppressing every rule at once is not supported; add one annotation per rule id.`;
  const match = suggest ? closestMatch(a.ruleId, knownRuleIds) : undefined;
  return match === undefined ? head : `${head} Did you mean ${IGNORE_CHECK_PREFIX}${match}?`;
}

function annotationProblem(
  a: IgnoreAnnotation,
  knownRuleIds: ReadonlySet<string>,
  config: ResolvedConfig,
  suggest: boolean,
): SuppressionProblem | undefined {
  const path: PathSegment[] = ['metadata', 'annotations', a.key];
  if (!config.allowAnnotationSuppression) {
    return { ruleId: SUPPRESSION_NOT_ALLOWED, severity: 'info', message: notAllowedMessage(a.key, config), path };
  }
  if (!knownRuleIds.has(a.ruleId)) {
    return {
      ruleId: SUPPRESSION_UNKNOWN_RULE,
      severity: 'warning',
      message: unknownRuleMessage(a, knownRuleIds, suggest),
      path,
    };
  }
  if (a.reason === '') {
    return {
      ruleId: SUPPRESSION_WITHOUT_REASON,
      severity: 'warning',
      message: `Annotation ${a.key} suppresses ${a.ruleId} without a reason; give the reason as the annotation's value.`,
      path,
    };
  }
  return undefined;
}

/**
 * Problems with the object's ignore-check annotations: at most one per annotation. Only the first
 * `MAX_SUGGESTIONS_PER_OBJECT` unknown rule ids get a "did you mean" (an object may carry thousands).
 */
export function suppressionProblems(
  object: K8sObject,
  knownRuleIds: ReadonlySet<string>,
  config: ResolvedConfig,
): SuppressionProblem[] {
  const problems: SuppressionProblem[] = [];
  let unknown = 0;
  for (const a of ignoreAnnotations(object)) {
    const isUnknown = !knownRuleIds.has(a.ruleId);
    const problem = annotationProblem(a, knownRuleIds, config, !isUnknown || unknown < MAX_SUGGESTIONS_PER_OBJECT);
    if (isUnknown) unknown++;
    if (problem !== undefined) problems.push(problem);
  }
  return problems;
}
