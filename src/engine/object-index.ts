/**
 * The index every rule reads other objects through. In the CLI it holds the loaded files; in the webhook it is
 * the informer cache with the incoming object laid over it. Its lookups are the Kubernetes layer's (k8s/lookup.ts):
 * by kind and namespace buckets, so cross-object rules stay linear in the number of objects.
 */
import { CLUSTER_SCOPED_KINDS } from '../k8s/kinds.js';
import type { ObjectLookup } from '../k8s/lookup.js';
import type { K8sObject } from '../k8s/object.js';
import { asObject } from '../k8s/object.js';
import { compileSelector, type LabelMatcher } from '../k8s/selector.js';
import { hasTargetRef, targetRefOf } from '../k8s/target-ref.js';
import { isWorkloadKind, podTemplateOf } from '../k8s/workload.js';

/** The lookups of the Kubernetes layer, with what the engine knows about the index itself. */
export interface ObjectIndex extends ObjectLookup {
  /**
   * Kinds of which the index holds every object that exists: set for a cluster (the kinds listed or watched
   * successfully), absent for files. A rule reporting that an object is missing can only be sure for these kinds;
   * an HPA on an Argo Rollout is not "dangling" because kubeward does not read Rollouts from the cluster.
   */
  readonly completeKinds?: ReadonlySet<string>;
  /**
   * Set on the webhook's per-request index: the cluster cache (`base`) with one object laid over it, replacing its
   * cached version. A rule's per-index aggregate can be built once on `base` and corrected for the one object.
   */
  readonly overlay?: IndexOverlay;
}

export interface IndexOverlay {
  readonly base: ObjectIndex;
  readonly object: K8sObject;
  /** The cached version the object replaces, if any. */
  readonly replaced: K8sObject | undefined;
}

export interface IndexOptions {
  /** Namespace of namespaced objects that name none (kubectl's context namespace). Default `default`. */
  defaultNamespace?: string;
  /** See `ObjectIndex.completeKinds`. */
  completeKinds?: ReadonlySet<string>;
}

const EMPTY: readonly K8sObject[] = Object.freeze([]);

export function createIndex(objects: readonly K8sObject[], options: IndexOptions = {}): ObjectIndex {
  const defaultNamespace = options.defaultNamespace ?? 'default';
  const byKind = new Map<string, K8sObject[]>();
  const byKindNs = new Map<string, Map<string, K8sObject[]>>();
  // kind → namespace → name: nested maps, so a lookup builds no key string.
  const byKey = new Map<string, Map<string, Map<string, K8sObject>>>();
  const workloadsByNs = new Map<string, K8sObject[]>();
  // autoscaler kind → namespace → target kind → target name → autoscalers, built on first use.
  const targetMaps = new Map<string, Map<string, Map<string, Map<string, K8sObject[]>>>>();
  const selectorCache = new WeakMap<K8sObject, { empty: boolean; matcher: LabelMatcher }>();

  const namespaceOf = (o: K8sObject): string => {
    if (CLUSTER_SCOPED_KINDS.has(o.kind)) return '';
    const ns = o.metadata?.namespace;
    return typeof ns === 'string' && ns !== '' ? ns : defaultNamespace;
  };

  for (const o of objects) {
    const ns = namespaceOf(o);
    push(byKind, o.kind, o);
    push(nested(byKindNs, o.kind), ns, o);
    const name = o.metadata?.name;
    if (typeof name === 'string') {
      const names = nested(nested(byKey, o.kind), ns);
      if (!names.has(name)) names.set(name, o);
    }
    if (isWorkloadKind(o.kind)) push(workloadsByNs, ns, o);
  }
  // Lists and the index are frozen: never changed once built, and shared by every request of the webhook, so memo
  // tables keep what they computed from them (k8s/memo.ts).
  for (const list of byKind.values()) Object.freeze(list);
  for (const perNs of byKindNs.values()) for (const list of perNs.values()) Object.freeze(list);

  const targetMap = (kind: string): Map<string, Map<string, Map<string, K8sObject[]>>> => {
    let m = targetMaps.get(kind);
    if (m) return m;
    m = new Map();
    if (hasTargetRef(kind)) {
      for (const o of byKind.get(kind) ?? EMPTY) {
        const ref = targetRefOf(o);
        if (ref !== undefined) push(nested(nested(m, namespaceOf(o)), ref.kind), ref.name, o);
      }
    }
    for (const perNs of m.values())
      for (const byName of perNs.values()) for (const l of byName.values()) Object.freeze(l);
    targetMaps.set(kind, m);
    return m;
  };

  const index: ObjectIndex = {
    objects,
    ...(options.completeKinds !== undefined ? { completeKinds: options.completeKinds } : {}),
    namespaceOf,
    ofKind: (kind) => byKind.get(kind) ?? EMPTY,
    inNamespace: (kind, ns) => byKindNs.get(kind)?.get(ns) ?? EMPTY,
    get: (kind, ns, name) => byKey.get(kind)?.get(ns)?.get(name),
    workloadsMatching(matcher, ns) {
      const out: K8sObject[] = [];
      for (const w of workloadsByNs.get(ns) ?? EMPTY) {
        const t = podTemplateOf(w);
        if (t && matcher(t.labels)) out.push(w);
      }
      return out;
    },
    targeting: (kind, ns, targetKind, targetName) => targetMap(kind).get(ns)?.get(targetKind)?.get(targetName) ?? EMPTY,
    selectorOf(object, emptyMatches) {
      const hit = selectorCache.get(object);
      if (hit && hit.empty === emptyMatches) return hit.matcher;
      const matcher = compileSelector(asObject(object.spec)?.selector, emptyMatches);
      selectorCache.set(object, { empty: emptyMatches, matcher });
      return matcher;
    },
  };
  return Object.freeze(index);
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

function nested<K, V>(m: Map<K, Map<string, V>>, k: K): Map<string, V> {
  let inner = m.get(k);
  if (inner === undefined) {
    inner = new Map();
    m.set(k, inner);
  }
  return inner;
}
