/**
 * An ObjectIndex that is `base` (the cluster cache) with one object laid over it: the incoming object replaces the
 * cached object of the same kind, namespace and name (its previous version), or is added when there is none.
 *
 * Nothing is copied up front: every lookup delegates to `base` and patches the answer only when it concerns the
 * overlaid object's kind and namespace, so a request costs what its lookups cost, never a pass over the cache.
 * The one exception is `objects` (every object), built on first use: a rule that reads it is O(cache size).
 *
 * Order: lists keep the cache's order, with the overlaid object in its previous version's place; where it newly
 * joins a list (`targeting`, `workloadsMatching` after a change of target or labels) it comes last.
 */

import type { ObjectIndex } from '../engine/object-index.js';
import type { LabelMatcher } from '../engine/selector.js';
import { compileSelector } from '../engine/selector.js';
import type { K8sObject } from '../engine/types.js';
import { asObject } from '../rules/shared/object.js';
import { isWorkloadKind, podTemplateOf } from '../rules/shared/workload.js';

/** Where each autoscaler kind names its target (as `createIndex` reads it). */
const TARGET_REF_FIELD: Readonly<Record<string, string>> = {
  HorizontalPodAutoscaler: 'scaleTargetRef',
  VerticalPodAutoscaler: 'targetRef',
};

/** `list` with `replaced` swapped for `added` where it stood, or `added` appended; `list` itself when unchanged. */
function patch(list: readonly K8sObject[], replaced: K8sObject | undefined, added: K8sObject | undefined) {
  const at = replaced === undefined ? -1 : list.indexOf(replaced);
  if (at < 0) return added === undefined ? list : [...list, added];
  const out = list.slice();
  if (added === undefined) out.splice(at, 1);
  else out[at] = added;
  return out;
}

export function createOverlayIndex(base: ObjectIndex, object: K8sObject): ObjectIndex {
  const namespace = base.namespaceOf(object);
  const name = object.metadata?.name;
  // The cached version of the same object, if any (a CREATE with generateName has no name yet: nothing to replace).
  const replaced = typeof name === 'string' && name !== '' ? base.get(object.kind, namespace, name) : undefined;
  const sameBucket = (kind: string, ns: string): boolean => kind === object.kind && ns === namespace;

  let allObjects: readonly K8sObject[] | undefined;
  let ofOwnKind: readonly K8sObject[] | undefined;
  let inOwnNamespace: readonly K8sObject[] | undefined;
  let ownSelector: { empty: boolean; matcher: LabelMatcher } | undefined;

  const targetOf = (o: K8sObject): { kind: string; name: string } | undefined => {
    const field = TARGET_REF_FIELD[o.kind];
    if (field === undefined) return undefined;
    const ref = asObject(asObject(o.spec)?.[field]);
    return ref && typeof ref.kind === 'string' && typeof ref.name === 'string'
      ? { kind: ref.kind, name: ref.name }
      : undefined;
  };

  return {
    overlay: { base, object, replaced },
    ...(base.completeKinds !== undefined ? { completeKinds: base.completeKinds } : {}),
    get objects() {
      allObjects ??= patch(base.objects, replaced, object);
      return allObjects;
    },
    namespaceOf: (o) => base.namespaceOf(o),
    ofKind(kind) {
      if (kind !== object.kind) return base.ofKind(kind);
      ofOwnKind ??= patch(base.ofKind(kind), replaced, object);
      return ofOwnKind;
    },
    inNamespace(kind, ns) {
      if (!sameBucket(kind, ns)) return base.inNamespace(kind, ns);
      inOwnNamespace ??= patch(base.inNamespace(kind, ns), replaced, object);
      return inOwnNamespace;
    },
    get(kind, ns, n) {
      if (sameBucket(kind, ns) && n === name) return object;
      return base.get(kind, ns, n);
    },
    workloadsMatching(matcher, ns) {
      const list = base.workloadsMatching(matcher, ns);
      if (ns !== namespace || !isWorkloadKind(object.kind)) return list;
      const template = podTemplateOf(object);
      return patch(list, replaced, template && matcher(template.labels) ? object : undefined);
    },
    targeting(kind, ns, targetKind, targetName) {
      const list = base.targeting(kind, ns, targetKind, targetName);
      if (!sameBucket(kind, ns)) return list;
      const target = targetOf(object);
      const matches = target !== undefined && target.kind === targetKind && target.name === targetName;
      return patch(list, replaced, matches ? object : undefined);
    },
    selectorOf(o, emptyMatches) {
      if (o !== object) return base.selectorOf(o, emptyMatches);
      if (ownSelector === undefined || ownSelector.empty !== emptyMatches) {
        ownSelector = { empty: emptyMatches, matcher: compileSelector(asObject(object.spec)?.selector, emptyMatches) };
      }
      return ownSelector.matcher;
    },
  };
}
