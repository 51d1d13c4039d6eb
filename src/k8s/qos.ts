/**
 * Container and pod resources as Kubernetes finally sees them, and the pod QoS class computed the way the kubelet
 * and the API server do (`ComputePodQOS`, pkg/apis/core/helper/qos):
 *
 * - requests missing from a container are copied from its limits, key by key (`SetDefaults_Pod`; an explicit
 *   `cpu: 0` request stays); a manifest's pod template never shows this copy, so it is simulated here;
 * - every ResourceList value is rounded up to 1m, as the API server stores it;
 * - the class counts `containers` and every init container (sidecar or not), cpu and memory only, and only
 *   values above zero;
 * - pod-level `spec.resources` naming cpu or memory takes precedence: container values are then ignored.
 */

import type { ObjectLookup } from './lookup.js';
import { ObjectMemo } from './memo.js';
import type { JsonObject, JsonPath, K8sObject } from './object.js';
import { asArray, asObject } from './object.js';
import {
  formatQuantity,
  formatStyleFor,
  type ParseResult,
  parseQuantity,
  type Quantity,
  roundUpToMilli,
} from './quantity.js';
import { type ContainerRef, containersOf } from './workload.js';

export type QosClass = 'BestEffort' | 'Burstable' | 'Guaranteed';
export const QOS_CLASSES: readonly QosClass[] = ['BestEffort', 'Burstable', 'Guaranteed'];
/** Higher is better protected from eviction. */
export const QOS_RANK: Readonly<Record<QosClass, number>> = { BestEffort: 0, Burstable: 1, Guaranteed: 2 };

/** The only resources that affect the QoS class (`supportedQoSComputeResources`). */
export const QOS_RESOURCES = ['cpu', 'memory'] as const;
export type QosResource = (typeof QOS_RESOURCES)[number];

export type ResourceList = ReadonlyMap<string, Quantity>;

/**
 * Parses a ResourceList (`requests` or `limits`). Values that do not parse are left out (treated as absent);
 * the others are rounded up to 1m like the API server stores them. The text keeps the value as written.
 */
export function parseResourceList(value: unknown): Map<string, Quantity> {
  return new Map(resourceListOf(value));
}

/**
 * parseResourceList without the copy, parsed once per list object: several rules read each container's lists, and a
 * list may hold thousands of extended resources.
 */
export function resourceListOf(value: unknown): ResourceList {
  const list = asObject(value);
  return list === undefined ? NO_RESOURCES : resourceLists.through(list, readResourceList);
}

const NO_RESOURCES: ResourceList = new Map();
const resourceLists = new ObjectMemo<JsonObject, ResourceList>();
const parsedLists = new ObjectMemo<JsonObject, ReadonlyMap<string, ParseResult>>();

/** Every value of a resource list parsed, valid or not, once per list object (in the list's order). */
export function parsedResourceList(list: JsonObject): ReadonlyMap<string, ParseResult> {
  return parsedLists.through(list, (l) => new Map(Object.entries(l).map(([name, raw]) => [name, parseQuantity(raw)])));
}

function readResourceList(list: JsonObject): ResourceList {
  const out = new Map<string, Quantity>();
  for (const [name, q] of parsedResourceList(list)) {
    if (q.ok) out.set(name, { nanos: roundUpToMilli(q.nanos), text: q.text });
  }
  return out;
}

/** Where a value the container does not write comes from. */
export type ValueOrigin = { from: 'limits' } | { from: 'limitRange'; limitRange: string };

export interface EffectiveResources {
  /** Requests after the limits→requests copy (and after LimitRange defaults when they were applied). */
  readonly requests: ResourceList;
  readonly limits: ResourceList;
  /** Request keys the container does not write, with where they come from. */
  readonly requestOrigins: ReadonlyMap<string, ValueOrigin>;
  /** Limit keys the container does not write (only LimitRange defaults). */
  readonly limitOrigins: ReadonlyMap<string, ValueOrigin>;
}

/**
 * A container's requests and limits as the Pod created from it will have them (before admission): each request
 * the container does not set is copied from its limit. A key that is present, even `0`, is never overwritten.
 */
export function effectiveResources(container: JsonObject): EffectiveResources {
  let result = effectiveMemo.get(container);
  if (result === undefined) {
    result = readEffectiveResources(container);
    effectiveMemo.set(container, result);
  }
  return result;
}

/** Every resources rule reads each container: parse it once per container object. */
const effectiveMemo = new ObjectMemo<JsonObject, EffectiveResources>();

function readEffectiveResources(container: JsonObject): EffectiveResources {
  const resources = asObject(container.resources);
  const requests = parseResourceList(resources?.requests);
  const limits = resourceListOf(resources?.limits);
  const requestOrigins = new Map<string, ValueOrigin>();
  for (const [name, limit] of limits) {
    if (requests.has(name)) continue;
    requests.set(name, limit);
    requestOrigins.set(name, { from: 'limits' });
  }
  return { requests, limits, requestOrigins, limitOrigins: new Map() };
}

// ---------------------------------------------------------------------------------------------------------------
// LimitRange defaults (plugin/pkg/admission/limitranger): applied to Pods at CREATE, never to templates.

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
    const name = lr.metadata?.name ?? '(unnamed)';
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

// ---------------------------------------------------------------------------------------------------------------
// Containers of a pod spec with their effective resources.

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
  return memoized(containersMemo, podSpec, options, true, readPodContainerResources);
}

/**
 * Several rules ask for the same pod's containers and QoS class: remember the answers per pod spec and options
 * (LimitRange defaults by identity: `namespaceLimitRangeDefaults` returns the same object for the same LimitRanges).
 */
interface MemoEntry<T> {
  readonly defaults: LimitRangeDefaults | undefined;
  readonly podLevel: boolean;
  readonly path: JsonPath | undefined;
  readonly value: T;
}

const containersMemo = new ObjectMemo<JsonObject, MemoEntry<readonly ContainerResources[]>[]>();
const qosMemo = new ObjectMemo<JsonObject, MemoEntry<QosResult>[]>();

function memoized<T>(
  memo: ObjectMemo<JsonObject, MemoEntry<T>[]>,
  podSpec: JsonObject,
  options: QosOptions,
  podLevel: boolean,
  compute: (podSpec: JsonObject, options: QosOptions) => T,
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

/** How messages name a container: `container app`, `init container migrate`, `sidecar container proxy`. */
export function describeContainer(ref: Pick<ContainerRef, 'name' | 'group' | 'sidecar'>): string {
  if (ref.sidecar) return `sidecar container ${ref.name}`;
  return ref.group === 'initContainers' ? `init container ${ref.name}` : `container ${ref.name}`;
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

function addInto<K extends string>(into: Map<K, bigint>, list: ReadonlyMap<K, Quantity | bigint>): void {
  for (const [k, v] of list) into.set(k, (into.get(k) ?? 0n) + (typeof v === 'bigint' ? v : v.nanos));
}

function maxInto(into: Map<string, bigint>, list: ReadonlyMap<string, bigint>): void {
  for (const [k, v] of list) {
    const cur = into.get(k);
    if (cur === undefined || v > cur) into.set(k, v);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Pod-level resources (spec.resources, KEP-2837).

export interface PodLevelResources {
  /** Pod-level requests after pod-level defaulting. */
  readonly requests: ReadonlyMap<string, bigint>;
  /** Pod-level limits after pod-level defaulting. */
  readonly limits: ReadonlyMap<string, bigint>;
  /** Path of `spec.resources`. */
  readonly path: JsonPath;
}

/** True when `spec.resources` names cpu or memory in its requests or limits: then it decides the QoS class. */
export function hasPodLevelResources(podSpec: JsonObject): boolean {
  const resources = asObject(podSpec.resources);
  const requests = resourceListOf(resources?.requests);
  const limits = resourceListOf(resources?.limits);
  return QOS_RESOURCES.some((r) => requests.has(r) || limits.has(r));
}

/**
 * Pod-level resources as the Pod will have them, or undefined when `spec.resources` names neither cpu nor memory.
 * Defaulting: with pod-level limits, a missing pod-level request becomes the containers' aggregate request, or the
 * pod-level limit when no container requests it; with pod-level requests but no limits, a pod-level limit becomes
 * the containers' aggregate limit when every container has one.
 */
export function podLevelResources(
  podSpec: JsonObject,
  containers: readonly ContainerResources[],
  specPath: JsonPath = [],
): PodLevelResources | undefined {
  if (!hasPodLevelResources(podSpec)) return undefined;
  const resources = asObject(podSpec.resources);
  const requests = toNanos(parseResourceList(resources?.requests));
  const limits = toNanos(parseResourceList(resources?.limits));
  if (limits.size === 0 && requests.size > 0) {
    const aggregate = aggregateContainerResources(containers, 'limits');
    for (const r of QOS_RESOURCES) {
      const all = containers.length > 0 && containers.every((c) => c.resources.limits.has(r));
      const sum = aggregate.get(r);
      if (all && sum !== undefined) limits.set(r, sum);
    }
  }
  if (limits.size > 0) {
    const aggregate = aggregateContainerResources(containers, 'requests');
    for (const r of QOS_RESOURCES) {
      if (requests.has(r)) continue;
      const value = aggregate.get(r) ?? limits.get(r);
      if (value !== undefined) requests.set(r, value);
    }
  }
  return { requests, limits, path: [...specPath, 'resources'] };
}

function toNanos(list: ResourceList): Map<string, bigint> {
  return new Map([...list].map(([k, v]) => [k, v.nanos]));
}

// ---------------------------------------------------------------------------------------------------------------
// The QoS class.

/** One reason a pod does not reach a class, for messages: a clause without a final period, and where to fix it. */
export interface QosReason {
  readonly message: string;
  readonly path: JsonPath;
}

export interface QosResult {
  readonly qosClass: QosClass;
  /** `pod` when pod-level resources decided the class (container values ignored), else `containers`. */
  readonly basis: 'pod' | 'containers';
  /** Summed positive cpu/memory requests the class was computed from, in nanos. */
  readonly requests: ReadonlyMap<QosResource, bigint>;
  /** Summed positive cpu/memory limits the class was computed from, in nanos. */
  readonly limits: ReadonlyMap<QosResource, bigint>;
  /** Why the pod does not reach each class; empty for a class it reaches. */
  readonly shortfalls: Readonly<Record<'Burstable' | 'Guaranteed', readonly QosReason[]>>;
  /** The containers with their effective resources. */
  readonly containers: readonly ContainerResources[];
}

export interface QosOptions extends PodResourceOptions {
  /** The PodLevelResources feature gate (beta, on by default since 1.34). Default true. */
  podLevelResources?: boolean;
}

/** The QoS class of the pods a pod spec creates, with the reasons it falls short of the higher classes. */
export function computeQosClass(podSpec: JsonObject, options: QosOptions = {}): QosResult {
  return memoized(qosMemo, podSpec, options, options.podLevelResources !== false, readQosClass);
}

function readQosClass(podSpec: JsonObject, options: QosOptions): QosResult {
  const specPath = options.specPath ?? [];
  const containers = podContainerResources(podSpec, options);
  const podLevel = options.podLevelResources === false ? undefined : podLevelResources(podSpec, containers, specPath);
  if (podLevel !== undefined) return podLevelQos(podLevel, containers);
  return containerQos(containers, specPath);
}

/** True when the class is at least `minimum`. */
export function meetsQosClass(actual: QosClass, minimum: QosClass): boolean {
  return QOS_RANK[actual] >= QOS_RANK[minimum];
}

function classify(
  requests: ReadonlyMap<QosResource, bigint>,
  limits: ReadonlyMap<QosResource, bigint>,
  isGuaranteed: boolean,
): QosClass {
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (!isGuaranteed || requests.size !== limits.size) return 'Burstable';
  for (const [r, req] of requests) if (limits.get(r) !== req) return 'Burstable';
  return 'Guaranteed';
}

function positiveQos(list: ReadonlyMap<string, Quantity | bigint>): Map<QosResource, bigint> {
  const out = new Map<QosResource, bigint>();
  for (const r of QOS_RESOURCES) {
    const v = list.get(r);
    const n = typeof v === 'bigint' ? v : v?.nanos;
    if (n !== undefined && n > 0n) out.set(r, n);
  }
  return out;
}

function containerQos(containers: readonly ContainerResources[], specPath: JsonPath): QosResult {
  const requests = new Map<QosResource, bigint>();
  const limits = new Map<QosResource, bigint>();
  let isGuaranteed = true;
  for (const c of containers) {
    addInto(requests, positiveQos(c.resources.requests));
    const lim = positiveQos(c.resources.limits);
    addInto(limits, lim);
    if (!QOS_RESOURCES.every((r) => lim.has(r))) isGuaranteed = false;
  }
  const qosClass = classify(requests, limits, isGuaranteed);
  const guaranteed = qosClass === 'Guaranteed' ? [] : containerGuaranteedShortfalls(containers, specPath);
  const burstable = qosClass === 'BestEffort' ? containerBestEffortReasons(containers, specPath) : [];
  return {
    qosClass,
    basis: 'containers',
    requests,
    limits,
    shortfalls: { Burstable: burstable, Guaranteed: guaranteed },
    containers,
  };
}

function containerGuaranteedShortfalls(containers: readonly ContainerResources[], specPath: JsonPath): QosReason[] {
  const out: QosReason[] = [];
  for (const c of containers) {
    const who = describeContainer(c);
    const { requests, limits } = c.resources;
    const noLimit = QOS_RESOURCES.filter((r) => !isPositiveIn(limits, r));
    if (noLimit.length > 0) {
      const zero = noLimit.some((r) => limits.has(r)) ? ' (a limit of 0 counts as none)' : '';
      out.push({
        message: `${who} has no ${joinWords(noLimit, 'or')} limit${zero}`,
        path: [...c.path, 'resources', 'limits'],
      });
    }
    for (const r of QOS_RESOURCES) {
      const limit = limits.get(r);
      if (limit === undefined || limit.nanos <= 0n) continue;
      const request = requests.get(r);
      const reqNanos = request !== undefined && request.nanos > 0n ? request.nanos : 0n;
      if (reqNanos === limit.nanos) continue;
      const reqText = request === undefined ? '0' : describeValue(request, c.resources.requestOrigins.get(r));
      out.push({
        message: `${who} requests ${r} ${reqText} != limit ${describeValue(limit, c.resources.limitOrigins.get(r))}`,
        path: [...c.path, 'resources', 'requests', r],
      });
    }
  }
  if (out.length === 0) {
    const message =
      containers.length === 0 ? 'the pod has no containers' : 'the summed requests differ from the summed limits';
    out.push({ message, path: [...specPath, 'containers'] });
  }
  return out;
}

function containerBestEffortReasons(containers: readonly ContainerResources[], specPath: JsonPath): QosReason[] {
  const first = containers.find((c) => c.group === 'containers') ?? containers[0];
  const out: QosReason[] = [
    {
      message:
        containers.length === 0
          ? 'the pod has no containers'
          : 'no container sets a cpu or memory request or limit above zero',
      path: first ? [...first.path, 'resources'] : [...specPath, 'containers'],
    },
  ];
  for (const c of containers) {
    const { requests, limits } = c.resources;
    const names = new Set([...requests.keys(), ...limits.keys()]);
    const zero = QOS_RESOURCES.filter((r) => names.has(r));
    const other = [...names].filter((n) => !(QOS_RESOURCES as readonly string[]).includes(n));
    const who = describeContainer(c);
    if (zero.length > 0) {
      out.push({
        message: `${who} sets ${joinWords(zero, 'and')} to 0, which counts as unset`,
        path: [...c.path, 'resources'],
      });
    } else if (other.length > 0) {
      out.push({
        message: `${who} only sets ${other.join(', ')}, which ${other.length > 1 ? 'do' : 'does'} not count toward the QoS class`,
        path: [...c.path, 'resources'],
      });
    }
  }
  return out;
}

function podLevelQos(pod: PodLevelResources, containers: readonly ContainerResources[]): QosResult {
  const requests = positiveQos(pod.requests);
  const limits = positiveQos(pod.limits);
  const isGuaranteed = QOS_RESOURCES.every((r) => limits.has(r));
  const qosClass = classify(requests, limits, isGuaranteed);
  const guaranteed: QosReason[] = [];
  if (qosClass !== 'Guaranteed') {
    const noLimit = QOS_RESOURCES.filter((r) => !limits.has(r));
    if (noLimit.length > 0) {
      guaranteed.push({
        message: `pod-level resources have no ${joinWords(noLimit, 'or')} limit`,
        path: [...pod.path, 'limits'],
      });
    }
    for (const [r, limit] of limits) {
      const req = requests.get(r) ?? 0n;
      if (req === limit) continue;
      guaranteed.push({
        message: `the pod-level ${r} request ${formatQuantity(req, formatStyleFor(r))} != limit ${formatQuantity(limit, formatStyleFor(r))}`,
        path: [...pod.path, 'requests', r],
      });
    }
    if (guaranteed.length === 0) {
      guaranteed.push({ message: 'pod-level requests differ from pod-level limits', path: pod.path });
    }
  }
  const burstable: QosReason[] =
    qosClass === 'BestEffort'
      ? [{ message: 'pod-level resources set no cpu or memory above zero', path: pod.path }]
      : [];
  return {
    qosClass,
    basis: 'pod',
    requests,
    limits,
    shortfalls: { Burstable: burstable, Guaranteed: guaranteed },
    containers,
  };
}

function isPositiveIn(list: ResourceList, name: string): boolean {
  const v = list.get(name);
  return v !== undefined && v.nanos > 0n;
}

/** A value for messages: as written, plus where it came from when the container does not write it. */
export function describeValue(q: Quantity, origin?: ValueOrigin): string {
  if (origin === undefined) return q.text;
  if (origin.from === 'limits') return `${q.text} (copied from its limit)`;
  return `${q.text} (default of LimitRange ${origin.limitRange})`;
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

/** Upper-cases the first letter, to start a message with a clause such as `describeContainer()` returns. */
export function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * How many items a message lists before it says how many more there are. A message naming every one of thousands
 * of containers or autoscalers, repeated in a finding for each of them, would cost the square of the object's size.
 */
export const MAX_LISTED = 20;

/** `cpu`, `cpu or memory`, `cpu, memory or ephemeral-storage`; past `max` words, `a, b, … t and 980 more`. */
export function joinWords(words: readonly string[], conjunction: 'and' | 'or', max = MAX_LISTED): string {
  if (words.length <= 1) return words.join('');
  if (words.length > max) return `${words.slice(0, max).join(', ')} ${conjunction} ${words.length - max} more`;
  return `${words.slice(0, -1).join(', ')} ${conjunction} ${words[words.length - 1]}`;
}

/** joinWords of the items' descriptions, describing only the ones it lists. */
export function joinDescribed<T>(
  items: readonly T[],
  describe: (item: T) => string,
  conjunction: 'and' | 'or',
  max = MAX_LISTED,
): string {
  if (items.length <= max) return joinWords(items.map(describe), conjunction, max);
  return `${items.slice(0, max).map(describe).join(', ')} ${conjunction} ${items.length - max} more`;
}
