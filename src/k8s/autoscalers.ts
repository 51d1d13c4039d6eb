/**
 * HorizontalPodAutoscaler and VerticalPodAutoscaler semantics shared by the autoscaling rules.
 *
 * HPA (autoscaling/v1, v2beta1, v2beta2, v2):
 * - v1 knows only `targetCPUUtilizationPercentage`; absent, the controller uses 80% cpu utilization;
 * - v2beta1 writes targets as `targetAverageUtilization` / `targetAverageValue` next to the resource name,
 *   v2beta2 and v2 as `target: {type, averageUtilization | averageValue | value}`;
 * - an empty or absent `metrics` list is defaulted to one Resource metric: cpu at 80% Utilization;
 * - `minReplicas` defaults to 1; `maxReplicas` is required.
 *
 * VPA (autoscaling.k8s.io/v1, v1beta2; v1beta1 used a label selector that current VPA ignores):
 * - `updatePolicy.updateMode` unset means Recreate (Auto before VPA 1.6); Auto, Recreate, InPlaceOrRecreate and
 *   InPlace change running pods, Initial only sets requests at pod creation, Off only recommends;
 * - a container's policy is the `containerPolicies` entry with its name, else the `*` entry, else the defaults
 *   (mode Auto, controlledResources [cpu, memory]); `mode: Off` controls nothing; an explicit `controlledResources`
 *   list, even empty, replaces the default;
 * - only regular containers are managed: native sidecars (init containers with restartPolicy Always) need the VPA
 *   `NativeSidecar` feature gate, and plain init containers are never touched.
 */

import type { ObjectLookup } from './lookup.js';
import { ObjectMemo } from './memo.js';
import type { JsonObject, JsonPath, K8sObject } from './object.js';
import { asArray, asObject, asString, perObject } from './object.js';
import { podTemplateOf } from './workload.js';

export const HPA_KIND = 'HorizontalPodAutoscaler';
export const VPA_KIND = 'VerticalPodAutoscaler';

/** The resources both autoscalers can act on. */
export const SCALED_RESOURCES = ['cpu', 'memory'] as const;
export type ScaledResource = (typeof SCALED_RESOURCES)[number];

export function isScaledResource(name: string | undefined): name is ScaledResource {
  return name === 'cpu' || name === 'memory';
}

/** How messages name an autoscaler or a workload: `HPA web`, `VPA web-vpa`, `Deployment web`. */
export function describeObject(kind: string, name: string): string {
  if (kind === HPA_KIND) return `HPA ${name}`;
  if (kind === VPA_KIND) return `VPA ${name}`;
  return `${kind} ${name}`;
}

export function nameOf(object: K8sObject): string {
  return object.metadata?.name ?? '(unnamed)';
}

// ---------------------------------------------------------------------------------------------------------------
// Targets.

export interface TargetRef {
  kind: string;
  name: string;
  apiVersion?: string;
  /** Path of the reference (`spec.scaleTargetRef` or `spec.targetRef`). */
  path: JsonPath;
}

/** Where an autoscaler names its target. */
export function targetRefPath(kind: string): JsonPath {
  return kind === HPA_KIND ? ['spec', 'scaleTargetRef'] : ['spec', 'targetRef'];
}

/** The target an HPA or VPA names; undefined when the reference is absent or lacks a kind or a name. */
export const targetRefOf: (autoscaler: K8sObject) => TargetRef | undefined = perObject(readTargetRef);

function readTargetRef(autoscaler: K8sObject): TargetRef | undefined {
  const path = targetRefPath(autoscaler.kind);
  const ref = asObject(asObject(autoscaler.spec)?.[path[1] as string]);
  const kind = asString(ref?.kind);
  const name = asString(ref?.name);
  if (kind === undefined || kind === '' || name === undefined || name === '') return undefined;
  const apiVersion = asString(ref?.apiVersion);
  return { kind, name, path, ...(apiVersion !== undefined ? { apiVersion } : {}) };
}

export interface ResolvedTarget {
  ref: TargetRef;
  namespace: string;
  /** The target, matched by kind and name in the autoscaler's namespace (any API group); undefined when not loaded. */
  workload: K8sObject | undefined;
}

export function resolveTarget(index: ObjectLookup, autoscaler: K8sObject): ResolvedTarget | undefined {
  const ref = targetRefOf(autoscaler);
  if (ref === undefined) return undefined;
  const namespace = index.namespaceOf(autoscaler);
  return { ref, namespace, workload: index.get(ref.kind, namespace, ref.name) };
}

/**
 * Autoscalers of `kind` that target `ref` in `namespace`, one per name (a name declared twice is one object: the
 * second apply replaces the first), in load order.
 */
export function autoscalersTargeting(
  index: ObjectLookup,
  kind: string,
  namespace: string,
  ref: Pick<TargetRef, 'kind' | 'name'>,
): readonly K8sObject[] {
  const list = index.targeting(kind, namespace, ref.kind, ref.name);
  if (list.length <= 1) return list;
  return distinctByName.through(list, firstOfEachName);
}

/** By the identity of the index's list (never mutated): 5,000 HPAs on one target ask for the same list. */
const distinctByName = new ObjectMemo<readonly K8sObject[], readonly K8sObject[]>();

function firstOfEachName(list: readonly K8sObject[]): readonly K8sObject[] {
  const seen = new Set<string>();
  const out: K8sObject[] = [];
  for (const o of list) {
    const name = nameOf(o);
    if (seen.has(name)) continue;
    seen.add(name);
    out.push(o);
  }
  return out;
}

/** Names of the regular containers of a workload's pod template; undefined when it has no known pod template. */
export function regularContainerNames(workload: K8sObject | undefined): readonly string[] | undefined {
  return workload === undefined ? undefined : containerNamesOf(workload);
}

const nameSetOf: (names: readonly string[]) => ReadonlySet<string> = perObject((names) => new Set(names));

/** Once per workload: every HPA and VPA pair on it asks. */
const containerNamesOf: (workload: K8sObject) => readonly string[] | undefined = perObject(readContainerNames);

function readContainerNames(workload: K8sObject): readonly string[] | undefined {
  const template = podTemplateOf(workload);
  if (template === undefined) return undefined;
  const names: string[] = [];
  for (const c of asArray(template.spec.containers)) {
    const name = asString(asObject(c)?.name);
    if (name !== undefined) names.push(name);
  }
  return names;
}

// ---------------------------------------------------------------------------------------------------------------
// HPA metrics and replica bounds.

export type MetricTargetType = 'Utilization' | 'AverageValue' | 'Value';

export interface HpaMetric {
  /** `Resource`, `ContainerResource`, `Pods`, `Object`, `External` (as written, or inferred from the fields). */
  source: string;
  /** The resource of a Resource or ContainerResource metric. */
  resource?: string;
  /** The container of a ContainerResource metric. */
  container?: string;
  target?: MetricTargetType;
  /** The 80% cpu utilization the HPA uses when it names no metric. */
  implicit: boolean;
  /** Path of the metric (the list item, the v1 field, or `spec.metrics` for the implicit one). */
  path: JsonPath;
  /** Path of the target value (averageUtilization, targetAverageUtilization, …); equals `path` when implicit. */
  targetPath: JsonPath;
}

/** The default target when an HPA names no metric. */
export const DEFAULT_CPU_UTILIZATION = 80;

const METRIC_FIELDS: Readonly<Record<string, string>> = {
  Resource: 'resource',
  ContainerResource: 'containerResource',
  Pods: 'pods',
  Object: 'object',
  External: 'external',
};

/** The metrics an HPA scales on, across API versions, with the implicit cpu metric when none is given. */
export const hpaMetrics: (hpa: K8sObject) => readonly HpaMetric[] = perObject(readHpaMetrics);

function readHpaMetrics(hpa: K8sObject): HpaMetric[] {
  const spec = asObject(hpa.spec) ?? {};
  if (hpa.apiVersion === 'autoscaling/v1') {
    const path: JsonPath = ['spec', 'targetCPUUtilizationPercentage'];
    const explicit = spec.targetCPUUtilizationPercentage !== undefined && spec.targetCPUUtilizationPercentage !== null;
    return [
      { source: 'Resource', resource: 'cpu', target: 'Utilization', implicit: !explicit, path, targetPath: path },
    ];
  }
  const list = asArray(spec.metrics);
  if (list.length === 0) {
    const path: JsonPath = ['spec', 'metrics'];
    return [{ source: 'Resource', resource: 'cpu', target: 'Utilization', implicit: true, path, targetPath: path }];
  }
  const out: HpaMetric[] = [];
  list.forEach((item, i) => {
    const m = asObject(item);
    if (m !== undefined) out.push(parseMetric(m, ['spec', 'metrics', i]));
  });
  return out;
}

function parseMetric(m: JsonObject, path: JsonPath): HpaMetric {
  const source = asString(m.type) ?? Object.keys(METRIC_FIELDS).find((t) => m[METRIC_FIELDS[t] as string]) ?? '';
  const field = METRIC_FIELDS[source];
  const body = field === undefined ? undefined : asObject(m[field]);
  if (body === undefined || (source !== 'Resource' && source !== 'ContainerResource')) {
    return { source, implicit: false, path, targetPath: path };
  }
  const bodyPath = [...path, field as string];
  const resource = asString(body.name);
  const container = asString(body.container);
  const { target, targetPath } = metricTarget(body, bodyPath);
  return {
    source,
    implicit: false,
    path,
    targetPath,
    ...(resource !== undefined ? { resource } : {}),
    ...(container !== undefined ? { container } : {}),
    ...(target !== undefined ? { target } : {}),
  };
}

/** The target of a Resource/ContainerResource metric: v2/v2beta2 `target`, or v2beta1 `targetAverage*`. */
function metricTarget(body: JsonObject, bodyPath: JsonPath): { target?: MetricTargetType; targetPath: JsonPath } {
  const t = asObject(body.target);
  if (t !== undefined) {
    const tPath = [...bodyPath, 'target'];
    const written = asString(t.type);
    if (written === 'Utilization' || (written === undefined && t.averageUtilization !== undefined)) {
      return { target: 'Utilization', targetPath: [...tPath, 'averageUtilization'] };
    }
    if (written === 'AverageValue' || (written === undefined && t.averageValue !== undefined)) {
      return { target: 'AverageValue', targetPath: [...tPath, 'averageValue'] };
    }
    if (written === 'Value' || (written === undefined && t.value !== undefined)) {
      return { target: 'Value', targetPath: [...tPath, 'value'] };
    }
    return { targetPath: tPath };
  }
  if (body.targetAverageUtilization !== undefined) {
    return { target: 'Utilization', targetPath: [...bodyPath, 'targetAverageUtilization'] };
  }
  if (body.targetAverageValue !== undefined) {
    return { target: 'AverageValue', targetPath: [...bodyPath, 'targetAverageValue'] };
  }
  return { targetPath: bodyPath };
}

/** True for a Resource or ContainerResource metric on cpu or memory. */
export function isScaledResourceMetric(metric: HpaMetric): metric is HpaMetric & { resource: ScaledResource } {
  return (metric.source === 'Resource' || metric.source === 'ContainerResource') && isScaledResource(metric.resource);
}

/** `cpu utilization`, `memory average value of container app`, `cpu utilization (the default 80% …)`. */
export function describeMetric(metric: HpaMetric): string {
  const what =
    metric.target === 'Utilization' ? 'utilization' : metric.target === 'AverageValue' ? 'average value' : '';
  const base = [metric.resource ?? metric.source, what].filter((s) => s !== '').join(' ');
  if (metric.implicit) return `${base} (the default ${DEFAULT_CPU_UTILIZATION}% target, since it names no metric)`;
  return metric.container !== undefined ? `${base} of container ${metric.container}` : base;
}

export interface ReplicaBound {
  /** The value as written, or the default. */
  value: number | undefined;
  explicit: boolean;
  path: JsonPath;
}

/** `spec.minReplicas`, defaulting to 1 when absent. A non-integer value is reported as undefined. */
export function hpaMinReplicas(hpa: K8sObject): ReplicaBound {
  const raw = asObject(hpa.spec)?.minReplicas;
  const path: JsonPath = ['spec', 'minReplicas'];
  if (raw === undefined || raw === null) return { value: 1, explicit: false, path };
  return { value: typeof raw === 'number' && Number.isInteger(raw) ? raw : undefined, explicit: true, path };
}

/** `spec.maxReplicas` (required, no default). */
export function hpaMaxReplicas(hpa: K8sObject): ReplicaBound {
  const raw = asObject(hpa.spec)?.maxReplicas;
  const path: JsonPath = ['spec', 'maxReplicas'];
  if (raw === undefined || raw === null) return { value: undefined, explicit: false, path };
  return { value: typeof raw === 'number' && Number.isInteger(raw) ? raw : undefined, explicit: true, path };
}

// ---------------------------------------------------------------------------------------------------------------
// VPA update mode and container policies.

export const VPA_UPDATE_MODES = ['Off', 'Initial', 'Recreate', 'InPlaceOrRecreate', 'InPlace', 'Auto'] as const;

/** Modes in which VPA changes the resources of running pods (by eviction or in-place resize). */
export const ACTING_UPDATE_MODES: ReadonlySet<string> = new Set(['Auto', 'Recreate', 'InPlaceOrRecreate', 'InPlace']);

/** The mode VPA uses when `updatePolicy.updateMode` is unset (since VPA 1.6; `Auto` before, which acts the same). */
export const DEFAULT_UPDATE_MODE = 'Recreate';

export interface VpaUpdateMode {
  /** The effective mode (the default when unset). */
  mode: string;
  explicit: boolean;
  /** True when VPA changes running pods in this mode. An unknown mode (rejected by the CRD) does not act. */
  acting: boolean;
  path: JsonPath;
}

export function vpaUpdateMode(vpa: K8sObject): VpaUpdateMode {
  const path: JsonPath = ['spec', 'updatePolicy', 'updateMode'];
  const written = asString(asObject(asObject(vpa.spec)?.updatePolicy)?.updateMode);
  if (written === undefined || written === '') {
    return { mode: DEFAULT_UPDATE_MODE, explicit: false, acting: true, path };
  }
  return { mode: written, explicit: true, acting: ACTING_UPDATE_MODES.has(written), path };
}

/** `updateMode Recreate`, or `updateMode unset, so Recreate`. */
export function describeUpdateMode(mode: VpaUpdateMode): string {
  return mode.explicit ? `updateMode ${mode.mode}` : `updateMode unset, so ${mode.mode}`;
}

export interface VpaContainerPolicy {
  /** A container name, or `*` for every container without its own entry. */
  containerName: string;
  /** `Auto` (default) or `Off`. */
  mode: string;
  /** The resources the policy lets VPA change: none in mode Off, else `controlledResources` or cpu and memory. */
  controlled: ReadonlySet<string>;
  /** True when `controlledResources` is written. */
  explicitResources: boolean;
  path: JsonPath;
}

const DEFAULT_POLICY: VpaContainerPolicy = {
  containerName: '*',
  mode: 'Auto',
  controlled: new Set(SCALED_RESOURCES),
  explicitResources: false,
  path: ['spec', 'resourcePolicy'],
};

/** The `resourcePolicy.containerPolicies` entries, in order. Entries without a containerName are skipped. */
export function vpaContainerPolicies(vpa: K8sObject): readonly VpaContainerPolicy[] {
  return vpaPolicies(vpa).list;
}

interface VpaPolicies {
  readonly list: readonly VpaContainerPolicy[];
  /** The first entry of each container name (`*` included). */
  readonly byName: ReadonlyMap<string, VpaContainerPolicy>;
  /** The last `*` entry: the one applied to containers without their own. */
  readonly fallback: VpaContainerPolicy | undefined;
}

/** Read once per VPA: every HPA metric on a shared target asks for the policy of a container. */
const vpaPolicies: (vpa: K8sObject) => VpaPolicies = perObject(readVpaPolicies);

function readVpaPolicies(vpa: K8sObject): VpaPolicies {
  const list = asArray(asObject(asObject(vpa.spec)?.resourcePolicy)?.containerPolicies);
  const out: VpaContainerPolicy[] = [];
  const byName = new Map<string, VpaContainerPolicy>();
  let fallback: VpaContainerPolicy | undefined;
  list.forEach((item, i) => {
    const p = asObject(item);
    const containerName = asString(p?.containerName);
    if (p === undefined || containerName === undefined) return;
    const mode = asString(p.mode) ?? 'Auto';
    const explicitResources = Array.isArray(p.controlledResources);
    const listed = explicitResources ? asArray(p.controlledResources).map(String) : [...SCALED_RESOURCES];
    const policy: VpaContainerPolicy = {
      containerName,
      mode,
      controlled: new Set(mode === 'Off' ? [] : listed),
      explicitResources,
      path: ['spec', 'resourcePolicy', 'containerPolicies', i],
    };
    out.push(policy);
    if (!byName.has(containerName)) byName.set(containerName, policy);
    if (containerName === '*') fallback = policy;
  });
  return { list: out, byName, fallback };
}

/** The policy VPA applies to a container: its own entry, else the `*` entry, else the defaults. */
export function vpaPolicyFor(policies: readonly VpaContainerPolicy[], containerName: string): VpaContainerPolicy {
  let fallback: VpaContainerPolicy | undefined;
  for (const p of policies) {
    if (p.containerName === containerName) return p;
    if (p.containerName === '*') fallback = p;
  }
  return fallback ?? DEFAULT_POLICY;
}

/** vpaPolicyFor on the VPA's own policies, by name: constant time per container. */
function vpaPolicyOf(vpa: K8sObject, containerName: string): VpaContainerPolicy {
  const policies = vpaPolicies(vpa);
  return policies.byName.get(containerName) ?? policies.fallback ?? DEFAULT_POLICY;
}

/** Which containers a VPA changes `resource` on. */
export interface VpaControl {
  /** Named containers whose policy controls the resource. */
  containers: string[];
  /** True when the workload's containers are unknown and the policy for unlisted containers controls it. */
  otherContainers: boolean;
}

/**
 * The containers on which the VPA controls `resource`. With `containerNames` (the workload's regular containers)
 * the answer is exact; without them, listed policies count by name and the `*`/default policy stands for the rest.
 */
export function vpaControl(
  vpa: K8sObject,
  resource: string,
  containerNames: readonly string[] | undefined,
): VpaControl {
  if (containerNames !== undefined) {
    const containers = containerNames.filter((n) => vpaPolicyOf(vpa, n).controlled.has(resource));
    return { containers, otherContainers: false };
  }
  const containers = vpaContainerPolicies(vpa)
    .filter((p) => p.containerName !== '*' && p.controlled.has(resource))
    .map((p) => p.containerName);
  return { containers, otherContainers: vpaPolicyOf(vpa, '*').controlled.has(resource) };
}

export function controlsAny(control: VpaControl): boolean {
  return control.containers.length > 0 || control.otherContainers;
}

// ---------------------------------------------------------------------------------------------------------------
// HPA and VPA on the same resource.

export interface Overlap {
  metric: HpaMetric & { resource: ScaledResource };
  resource: ScaledResource;
  control: VpaControl;
}

/**
 * The HPA metrics that fight the VPA: each cpu/memory Resource or ContainerResource metric on a resource the VPA
 * changes in running pods (of the named container, for ContainerResource). Empty when the VPA does not act on
 * running pods. `workload` is the common target, when loaded: its regular containers make the answer exact.
 */
export function hpaVpaOverlaps(hpa: K8sObject, vpa: K8sObject, workload: K8sObject | undefined): Overlap[] {
  if (!vpaUpdateMode(vpa).acting) return [];
  const names = regularContainerNames(workload);
  const nameSet = names === undefined ? undefined : nameSetOf(names);
  // A Resource metric's answer depends only on its resource: two at most, however many metrics name them.
  const byResource = new Map<ScaledResource, VpaControl>();
  const out: Overlap[] = [];
  for (const metric of hpaMetrics(hpa)) {
    if (!isScaledResourceMetric(metric)) continue;
    const resource = metric.resource;
    let control: VpaControl;
    if (metric.source === 'ContainerResource') {
      const container = metric.container;
      if (container === undefined || (nameSet !== undefined && !nameSet.has(container))) continue;
      const policy = vpaPolicyOf(vpa, container);
      control = { containers: policy.controlled.has(resource) ? [container] : [], otherContainers: false };
    } else {
      control = byResource.get(resource) ?? vpaControl(vpa, resource, names);
      byResource.set(resource, control);
    }
    if (controlsAny(control)) out.push({ metric, resource, control });
  }
  return out;
}

/** `containers app and proxy`, `container app`, `its containers` (unknown workload). */
export function describeControl(control: VpaControl): string {
  const { containers, otherContainers } = control;
  if (containers.length === 0) return 'its containers';
  const named = containers.length === 1 ? `container ${containers[0]}` : `containers ${containers.join(', ')}`;
  return otherContainers ? `${named} and any other container` : named;
}
