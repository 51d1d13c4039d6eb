/**
 * The same object defined more than once where one apply applies both (same kind, namespace and name, in one file,
 * one directory or one render): a cluster holds one, so whichever is applied last replaces the other. Reported as an
 * info finding on each later definition, naming the first, never merged silently. Definitions in different
 * directories or renders are not compared: per-environment directories and Kustomize overlays define the same
 * objects on purpose, one deployment each.
 */
import { dirname } from 'node:path';
import { ruleEnabled, ruleSeverity } from './config.js';
import type { ResolvedConfig } from './config-types.js';
import { DUPLICATE_OBJECT, DUPLICATE_OBJECT_CHECK } from './engine-checks.js';
import type { ObjectIndex } from './object-index.js';
import { placed } from './run.js';
import { isNamespaceExcluded } from './suppress.js';
import type { Finding, SourcedObject } from './types.js';

export { DUPLICATE_OBJECT } from './engine-checks.js';

/** Where a definition is: in the stream that held it when a template was named (two renders share templates). */
function where(o: SourcedObject): string {
  const here = o.source.locate([]);
  const at = here.rendered ?? here;
  return `${at.file}:${at.line}`;
}

/** The API group of an apiVersion (`''` for the core group): an Istio and a Gateway API Gateway are two objects. */
function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/**
 * Notices per scope (file, directory, render), at most: a stream where every object is repeated (two renders
 * concatenated) is one mistake, not thousands; the last notice says how many more there are.
 */
export const DUPLICATES_PER_SCOPE = 20;

/** One finding per definition after the first (at most DUPLICATES_PER_SCOPE per scope), linear in the objects. */
export function duplicateFindings(
  objects: readonly SourcedObject[],
  index: ObjectIndex,
  renders: ReadonlySet<string>,
  config: ResolvedConfig | undefined,
): Finding[] {
  // Configured under `rules:` like a rule: `duplicate-object: off`, or a severity.
  if (config !== undefined && !ruleEnabled(DUPLICATE_OBJECT_CHECK, config)) return [];
  const severity = config !== undefined ? ruleSeverity(DUPLICATE_OBJECT_CHECK, config) : 'info';
  const first = new Map<string, SourcedObject>();
  const findings: Finding[] = [];
  const perScope = new Map<string, { shown: number; more: number; last?: Finding }>();
  for (const o of objects) {
    const name = o.ref.name;
    if (name === undefined || name === '') continue;
    const namespace = index.namespaceOf(o.object);
    if (config !== undefined && isNamespaceExcluded(namespace, config)) continue;
    const input = o.source.inputFile;
    const scope = renders.has(input) ? input : dirname(input);
    const key = `${scope}\0${groupOf(o.ref.apiVersion)}\0${o.ref.kind}\0${namespace}\0${name}`;
    const earlier = first.get(key);
    if (earlier === undefined) {
      first.set(key, o);
      continue;
    }
    const counted = perScope.get(scope) ?? { shown: 0, more: 0 };
    perScope.set(scope, counted);
    if (counted.shown >= DUPLICATES_PER_SCOPE) {
      counted.more++;
      continue;
    }
    counted.shown++;
    const label = `${o.ref.kind} ${namespace !== '' ? `${namespace}/` : ''}${name}`;
    const finding: Finding = {
      ruleId: DUPLICATE_OBJECT,
      family: 'kubeward',
      severity,
      message:
        `${label} is also defined at ${where(earlier)}: a cluster holds one object of a name, so whichever is applied ` +
        'last replaces the other; keep one definition, or rename one of them.',
      object: { ...o.ref, ...(namespace !== '' ? { namespace } : {}) },
      ...placed(o.source, []),
      // The first definition, as a cross-object problem names its other objects.
      related: [
        { object: { ...earlier.ref, ...(namespace !== '' ? { namespace } : {}) }, ...placed(earlier.source, []) },
      ],
    };
    findings.push(finding);
    counted.last = finding;
  }
  for (const [scope, counted] of perScope) {
    if (counted.more === 0 || counted.last === undefined) continue;
    const last = counted.last;
    const where = renders.has(scope) ? scope : scope === '.' ? 'the working directory' : scope;
    last.message += ` ${counted.more} more objects of ${where} are defined twice too (the first ${DUPLICATES_PER_SCOPE} are reported): were two renders concatenated?`;
  }
  return findings;
}
