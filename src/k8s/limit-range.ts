/**
 * LimitRange defaults (plugin/pkg/admission/limitranger): applied to the containers of Pods at CREATE, never to
 * pod templates, so a manifest's workload does not show them.
 */
import type { ObjectLookup } from './lookup.js';
import { ObjectMemo } from './memo.js';
import { nameOf } from './names.js';
import { asArray, asObject, type K8sObject } from './object.js';
import type { Quantity } from './quantity.js';
import { type EffectiveResources, parseResourceList } from './resource-list.js';

export interface LimitRangeDefault {
  readonly quantity: Quantity;
  /** Name of the LimitRange that supplies it. */
  readonly limitRange: string;
}

export interface LimitRangeDefaults {
  /** Request each container without one gets, by resource. */
  readonly requests: ReadonlyMap<string, LimitRangeDefault>;
  /** Limit each container without one gets, by resource. */
  readonly limits: ReadonlyMap<string, LimitRangeDefault>;
}

export const NO_LIMIT_RANGE_DEFAULTS: LimitRangeDefaults = { requests: new Map(), limits: new Map() };

/**
 * The container defaults the LimitRanges of one namespace apply, from their `type: Container` items, with each
 * item defaulted like the API server does (`SetDefaults_LimitRangeItem`): default ← max; defaultRequest ←
 * default, else min. With several LimitRanges the API picks one arbitrarily; here the first that sets a key wins.
 */
export function limitRangeContainerDefaults(limitRanges: readonly K8sObject[]): LimitRangeDefaults {
  const requests = new Map<string, LimitRangeDefault>();
  const limits = new Map<string, LimitRangeDefault>();
  for (const lr of limitRanges) {
    const name = nameOf(lr);
    for (const item of asArray(asObject(lr.spec)?.limits)) {
      const it = asObject(item);
      if (it?.type !== 'Container') continue;
      const min = parseResourceList(it.min);
      const max = parseResourceList(it.max);
      const defaultLimit = mergeLists(max, parseResourceList(it.default));
      const defaultRequest = mergeLists(mergeLists(min, defaultLimit), parseResourceList(it.defaultRequest));
      addDefaults(limits, defaultLimit, name);
      addDefaults(requests, defaultRequest, name);
    }
  }
  return { requests, limits };
}

/** Container resources after the LimitRanger plugin: each missing limit and request is set from the defaults. */
export function withLimitRangeDefaults(
  resources: EffectiveResources,
  defaults: LimitRangeDefaults,
): EffectiveResources {
  if (defaults.requests.size === 0 && defaults.limits.size === 0) return resources;
  const requests = new Map(resources.requests);
  const limits = new Map(resources.limits);
  const requestOrigins = new Map(resources.requestOrigins);
  const limitOrigins = new Map(resources.limitOrigins);
  for (const [name, d] of defaults.limits) {
    if (limits.has(name)) continue;
    limits.set(name, d.quantity);
    limitOrigins.set(name, { from: 'limitRange', limitRange: d.limitRange });
  }
  for (const [name, d] of defaults.requests) {
    if (requests.has(name)) continue;
    requests.set(name, d.quantity);
    requestOrigins.set(name, { from: 'limitRange', limitRange: d.limitRange });
  }
  return { requests, limits, requestOrigins, limitOrigins };
}

function mergeLists(base: ReadonlyMap<string, Quantity>, over: ReadonlyMap<string, Quantity>): Map<string, Quantity> {
  const out = new Map(base);
  for (const [k, v] of over) out.set(k, v);
  return out;
}

function addDefaults(into: Map<string, LimitRangeDefault>, list: ReadonlyMap<string, Quantity>, name: string): void {
  for (const [k, quantity] of list) if (!into.has(k)) into.set(k, { quantity, limitRange: name });
}

/** The container defaults of the LimitRanges in the object's namespace (as the index holds them). */
export function namespaceLimitRangeDefaults(index: ObjectLookup, object: K8sObject): LimitRangeDefaults {
  const limitRanges = index.inNamespace('LimitRange', index.namespaceOf(object));
  if (limitRanges.length === 0) return NO_LIMIT_RANGE_DEFAULTS;
  let defaults = defaultsByList.get(limitRanges);
  if (defaults === undefined) {
    defaults = limitRangeContainerDefaults(limitRanges);
    defaultsByList.set(limitRanges, defaults);
  }
  return defaults;
}

/** By the identity of the namespace's LimitRange list (index lists are never mutated). */
const defaultsByList = new ObjectMemo<readonly K8sObject[], LimitRangeDefaults>();
