/**
 * The containers of a pod spec with their effective resources (after the limits→requests copy and, when asked, the
 * LimitRange defaults), and the pod's total of them as the scheduler and the kubelet count it.
 */
import { type LimitRangeDefaults, withLimitRangeDefaults } from './limit-range.js';
import { ObjectMemo } from './memo.js';
import type { JsonObject, JsonPath } from './object.js';
import type { Quantity } from './quantity.js';
import { type EffectiveResources, effectiveResources } from './resource-list.js';
import { type ContainerRef, containersOf } from './workload.js';

export interface ContainerResources extends ContainerRef {
  readonly resources: EffectiveResources;
}

export interface PodResourceOptions {
  /** Path of the pod spec inside the object, for the paths in the results. Default `[]`. */
  specPath?: JsonPath;
  /** Apply these LimitRange defaults, as they would be on Pod creation. */
  limitRangeDefaults?: LimitRangeDefaults;
}

/** Init containers then containers, each with its effective resources. Ephemeral containers are left out. */
export function podContainerResources(
  podSpec: JsonObject,
  options: PodResourceOptions = {},
): readonly ContainerResources[] {
  return memoizedPerPodSpec(containersMemo, podSpec, options, true, readPodContainerResources);
}

/**
 * Several rules ask for the same pod's containers and QoS class: remember the answers per pod spec and options
 * (LimitRange defaults by identity: `namespaceLimitRangeDefaults` returns the same object for the same LimitRanges).
 */
export interface PodSpecMemoEntry<T> {
  readonly defaults: LimitRangeDefaults | undefined;
  readonly podLevel: boolean;
  readonly path: JsonPath | undefined;
  readonly value: T;
}

const containersMemo = new ObjectMemo<JsonObject, PodSpecMemoEntry<readonly ContainerResources[]>[]>();

export function memoizedPerPodSpec<T, O extends PodResourceOptions>(
  memo: ObjectMemo<JsonObject, PodSpecMemoEntry<T>[]>,
  podSpec: JsonObject,
  options: O,
  podLevel: boolean,
  compute: (podSpec: JsonObject, options: O) => T,
): T {
  const defaults = options.limitRangeDefaults;
  // By identity: rules pass the memoized pod template's own specPath.
  const path = options.specPath;
  let entries = memo.get(podSpec);
  if (entries === undefined) {
    entries = [];
    memo.set(podSpec, entries);
  }
  for (const e of entries) {
    if (e.defaults === defaults && e.podLevel === podLevel && e.path === path) return e.value;
  }
  const value = compute(podSpec, options);
  if (entries.length >= 4) entries.shift();
  entries.push({ defaults, podLevel, path, value });
  return value;
}

function readPodContainerResources(podSpec: JsonObject, options: PodResourceOptions): ContainerResources[] {
  const specPath = options.specPath ?? [];
  const defaults = options.limitRangeDefaults;
  return containersOf({ specPath, spec: podSpec, labels: {}, annotations: {} }).map((ref) => {
    const own = effectiveResources(ref.container);
    return { ...ref, resources: defaults ? withLimitRangeDefaults(own, defaults) : own };
  });
}

/**
 * The pod's effective total of requests or limits (`AggregateContainerRequests`/`AggregateContainerLimits`):
 * app containers and sidecars run together and add up; each plain init container runs alone next to the sidecars
 * started before it; the pod needs the larger of the two, per resource.
 */
export function aggregateContainerResources(
  containers: readonly ContainerResources[],
  which: 'requests' | 'limits',
): Map<string, bigint> {
  const total = new Map<string, bigint>();
  for (const c of containers) if (c.group === 'containers') addInto(total, c.resources[which]);
  const sidecars = new Map<string, bigint>();
  const initPeak = new Map<string, bigint>();
  for (const c of containers) {
    if (c.group !== 'initContainers') continue;
    if (c.sidecar) {
      addInto(total, c.resources[which]);
      addInto(sidecars, c.resources[which]);
      maxInto(initPeak, sidecars);
    } else {
      const running = new Map(sidecars);
      addInto(running, c.resources[which]);
      maxInto(initPeak, running);
    }
  }
  maxInto(total, initPeak);
  return total;
}

/** Adds each value of `list` to the total of its key in `into`. */
export function addInto<K extends string>(into: Map<K, bigint>, list: ReadonlyMap<K, Quantity | bigint>): void {
  for (const [k, v] of list) into.set(k, (into.get(k) ?? 0n) + (typeof v === 'bigint' ? v : v.nanos));
}

function maxInto(into: Map<string, bigint>, list: ReadonlyMap<string, bigint>): void {
  for (const [k, v] of list) {
    const cur = into.get(k);
    if (cur === undefined || v > cur) into.set(k, v);
  }
}
