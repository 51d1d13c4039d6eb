/**
 * The pod QoS class, computed the way the kubelet and the API server do (`ComputePodQOS`, pkg/apis/core/helper/qos),
 * from the containers' effective resources (pod-resources.ts):
 *
 * - the class counts `containers` and every init container (sidecar or not), cpu and memory only, and only
 *   values above zero;
 * - pod-level `spec.resources` naming cpu or memory takes precedence: container values are then ignored.
 */
import { ObjectMemo } from './memo.js';
import { describeContainer } from './names.js';
import { asObject, type JsonObject, type JsonPath } from './object.js';
import {
  addInto,
  aggregateContainerResources,
  type ContainerResources,
  memoizedPerPodSpec,
  type PodResourceOptions,
  type PodSpecMemoEntry,
  podContainerResources,
} from './pod-resources.js';
import { formatQuantity, formatStyleFor, type Quantity } from './quantity.js';
import { describeValue, parseResourceList, type ResourceList, resourceListOf } from './resource-list.js';
import { joinWords } from './text.js';

export type QosClass = 'BestEffort' | 'Burstable' | 'Guaranteed';

/** Higher is better protected from eviction. */
export const QOS_RANK: Readonly<Record<QosClass, number>> = { BestEffort: 0, Burstable: 1, Guaranteed: 2 };

/** The only resources that affect the QoS class (`supportedQoSComputeResources`). */
export const QOS_RESOURCES = ['cpu', 'memory'] as const;

export type QosResource = (typeof QOS_RESOURCES)[number];

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
function hasPodLevelResources(podSpec: JsonObject): boolean {
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

const qosMemo = new ObjectMemo<JsonObject, PodSpecMemoEntry<QosResult>[]>();

/** The QoS class of the pods a pod spec creates, with the reasons it falls short of the higher classes. */
export function computeQosClass(podSpec: JsonObject, options: QosOptions = {}): QosResult {
  return memoizedPerPodSpec(qosMemo, podSpec, options, options.podLevelResources !== false, readQosClass);
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
