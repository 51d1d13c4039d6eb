/**
 * Auditing a cluster's objects: the engine's `runRules`, unchanged, over objects that came from the API instead
 * of files. Each object is attributed to `cluster:<context>/<namespace>/<kind>/<name>` (cluster-scoped objects:
 * `cluster:<context>/<kind>/<name>`) at line 0, column 0: there is no file position. stylish and junit print `0:0`;
 * SARIF and GitHub clamp to line 1, column 1 (their minimum).
 *
 * Every listed object is in the index, so LimitRanges, HPAs, PDBs and IngressClasses give rules their context
 * exactly as in a manifest set. Some are context only, with no findings of their own: objects their listed owner
 * created (ReplicaSets of a Deployment, Jobs of a CronJob), and, when a namespace is given, cluster-scoped objects
 * (IngressClasses, webhook configurations).
 */
import { DEFAULT_CONFIG, type ResolvedConfig } from '../engine/config-types.js';
import { checkedFiles } from '../engine/lint.js';
import { refOf } from '../engine/load.js';
import { createIndex } from '../engine/object-index.js';
import type { AnyRule } from '../engine/rule.js';
import { buildResult, runRules } from '../engine/run.js';
import type { LintResult, ObjectSource, SourcedObject } from '../engine/types.js';
import { CLUSTER_SCOPED_KINDS } from '../k8s/kinds.js';
import { asArray, asObject, type K8sObject } from '../k8s/object.js';
import { WATCHED_RESOURCES } from './kinds.js';

/** The prefix of every cluster attribution. */
export const CLUSTER_SOURCE_PREFIX = 'cluster:';

/** `cluster:<context>/<namespace>/<kind>/<name>`, or `cluster:<context>/<kind>/<name>` when cluster-scoped. */
export function clusterSourceName(context: string, object: K8sObject): string {
  const ns = object.metadata?.namespace;
  const name = object.metadata?.name ?? '<unnamed>';
  const scoped = typeof ns === 'string' && ns !== '' && !CLUSTER_SCOPED_KINDS.has(object.kind) ? `${ns}/` : '';
  return `${CLUSTER_SOURCE_PREFIX}${context}/${scoped}${object.kind}/${name}`;
}

/** A source without positions: every path is at line 0, column 0 of the attribution. */
export function clusterSource(context: string, object: K8sObject): ObjectSource {
  const file = clusterSourceName(context, object);
  return {
    file,
    inputFile: `${CLUSTER_SOURCE_PREFIX}${context}`,
    position: { line: 0, column: 0 },
    locate: () => ({ file, line: 0, column: 0 }),
  };
}

export function sourcedClusterObject(context: string, object: K8sObject): SourcedObject {
  return { object, ref: refOf(object), source: clusterSource(context, object) };
}

export interface AuditOptions {
  /** The kubeconfig context the objects came from. */
  context: string;
  rules: readonly AnyRule[];
  config?: ResolvedConfig;
  /** Report only this namespace's objects; the others (cluster-scoped ones) are still in the index. */
  namespace?: string;
  /**
   * Kinds listed in full (the cluster's every object of the kind is among `objects`); default every watched kind.
   * A kind that could not be listed (403) must be left out, or absence rules would report its objects as missing.
   */
  completeKinds?: ReadonlySet<string>;
}

/** Every kind `kubeward audit` lists. */
const LISTED_KINDS: ReadonlySet<string> = new Set(WATCHED_RESOURCES.map((r) => r.kind));

/**
 * An object created by the controller of another listed object: a Deployment's ReplicaSets (every revision it
 * keeps), a CronJob's Jobs. Their pod templates are copies of their owner's, so reporting them too would repeat each
 * finding up to a dozen times. They stay in the index (rules may look them up); an object owned by a kind kubeward
 * does not list (an Argo Rollout's ReplicaSets) is reported, being the only view of it.
 */
export function ownedByListedController(object: K8sObject): boolean {
  const owners = asArray(asObject(object.metadata)?.ownerReferences);
  return owners.some((o) => {
    const ref = asObject(o);
    return ref?.controller === true && typeof ref.kind === 'string' && LISTED_KINDS.has(ref.kind);
  });
}

/** Runs the rules over a cluster's objects and builds the result every formatter takes. */
export function auditObjects(objects: readonly K8sObject[], options: AuditOptions): LintResult {
  const index = createIndex(objects, { completeKinds: options.completeKinds ?? LISTED_KINDS });
  const reported = objects.filter(
    (o) =>
      (options.namespace === undefined || index.namespaceOf(o) === options.namespace) && !ownedByListedController(o),
  );
  const sourced = reported.map((o) => sourcedClusterObject(options.context, o));
  // Rules that read what a manifest writes (meta.runsOn without `audit`) would fire on every stored object: the
  // context turns them off.
  const config = options.config ?? DEFAULT_CONFIG;
  const run = runRules(sourced, { rules: options.rules, index, config, context: 'audit' });
  // The cluster is one input: summaries read "N objects in 1 file".
  const result = buildResult(run, [], { files: 1, objects: sourced.length });
  return { ...result, checked: checkedFiles(sourced, index) };
}
