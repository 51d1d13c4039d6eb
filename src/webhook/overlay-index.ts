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

import type { IndexOverlay, ObjectIndex } from '../engine/object-index.js';
import { asObject, type K8sObject } from '../k8s/object.js';
import type { LabelMatcher } from '../k8s/selector.js';
import { compileSelector } from '../k8s/selector.js';
import { hasTargetRef, targetRefOf } from '../k8s/target-ref.js';
import { isWorkloadKind, podTemplateOf } from '../k8s/workload.js';

/** `list` with `replaced` swapped for `added` where it stood, or `added` appended; `list` itself when unchanged. */
function patch(list: readonly K8sObject[], replaced: K8sObject | undefined, added: K8sObject | undefined) {
  const at = replaced === undefined ? -1 : list.indexOf(replaced);
  if (at < 0) return added === undefined ? list : [...list, added];
  const out = list.slice();
  if (added === undefined) out.splice(at, 1);
  else out[at] = added;
  return out;
}

/**
 * A class, not an object literal: one is made per request. The literal this replaced had a getter, and V8 promotes
 * object literals with accessors to the old generation together with what they reach (here the request's object):
 * under load that was about 480 KB promoted per scavenge and a full mark-compact every half second, in a server
 * with no rules at all (--trace-gc-nvp). Instances of a class carry no accessor of their own and die young.
 */
class OverlayIndex implements ObjectIndex {
  readonly overlay: IndexOverlay;
  readonly completeKinds: ReadonlySet<string> | undefined;
  private readonly base: ObjectIndex;
  private readonly object: K8sObject;
  private readonly replaced: K8sObject | undefined;
  private readonly namespace: string;
  private readonly name: unknown;
  private allObjects: readonly K8sObject[] | undefined = undefined;
  private ofOwnKind: readonly K8sObject[] | undefined = undefined;
  private inOwnNamespace: readonly K8sObject[] | undefined = undefined;
  private ownSelector: { empty: boolean; matcher: LabelMatcher } | undefined = undefined;

  constructor(base: ObjectIndex, object: K8sObject) {
    this.base = base;
    this.object = object;
    this.namespace = base.namespaceOf(object);
    this.name = object.metadata?.name;
    // The cached version of the same object, if any (a CREATE with generateName has no name yet: nothing to replace).
    this.replaced =
      typeof this.name === 'string' && this.name !== '' ? base.get(object.kind, this.namespace, this.name) : undefined;
    this.overlay = { base, object, replaced: this.replaced };
    this.completeKinds = base.completeKinds;
  }

  private sameBucket(kind: string, ns: string): boolean {
    return kind === this.object.kind && ns === this.namespace;
  }

  get objects(): readonly K8sObject[] {
    this.allObjects ??= patch(this.base.objects, this.replaced, this.object);
    return this.allObjects;
  }

  namespaceOf(o: K8sObject): string {
    return this.base.namespaceOf(o);
  }

  ofKind(kind: string): readonly K8sObject[] {
    if (kind !== this.object.kind) return this.base.ofKind(kind);
    this.ofOwnKind ??= patch(this.base.ofKind(kind), this.replaced, this.object);
    return this.ofOwnKind;
  }

  inNamespace(kind: string, ns: string): readonly K8sObject[] {
    if (!this.sameBucket(kind, ns)) return this.base.inNamespace(kind, ns);
    this.inOwnNamespace ??= patch(this.base.inNamespace(kind, ns), this.replaced, this.object);
    return this.inOwnNamespace;
  }

  get(kind: string, ns: string, n: string): K8sObject | undefined {
    if (this.sameBucket(kind, ns) && n === this.name) return this.object;
    return this.base.get(kind, ns, n);
  }

  workloadsMatching(matcher: LabelMatcher, ns: string): readonly K8sObject[] {
    const list = this.base.workloadsMatching(matcher, ns);
    if (ns !== this.namespace || !isWorkloadKind(this.object.kind)) return list;
    const template = podTemplateOf(this.object);
    return patch(list, this.replaced, template && matcher(template.labels) ? this.object : undefined);
  }

  targeting(kind: string, ns: string, targetKind: string, targetName: string): readonly K8sObject[] {
    const list = this.base.targeting(kind, ns, targetKind, targetName);
    if (!this.sameBucket(kind, ns)) return list;
    const target = hasTargetRef(this.object.kind) ? targetRefOf(this.object) : undefined;
    const matches = target !== undefined && target.kind === targetKind && target.name === targetName;
    return patch(list, this.replaced, matches ? this.object : undefined);
  }

  selectorOf(o: K8sObject, emptyMatches: boolean): LabelMatcher {
    if (o !== this.object) return this.base.selectorOf(o, emptyMatches);
    if (this.ownSelector === undefined || this.ownSelector.empty !== emptyMatches) {
      this.ownSelector = {
        empty: emptyMatches,
        matcher: compileSelector(asObject(this.object.spec)?.selector, emptyMatches),
      };
    }
    return this.ownSelector.matcher;
  }
}

export function createOverlayIndex(base: ObjectIndex, object: K8sObject): ObjectIndex {
  return new OverlayIndex(base, object);
}
