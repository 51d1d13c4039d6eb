/**
 * VerticalPodAutoscaler semantics (autoscaling.k8s.io/v1, v1beta2; v1beta1 used a label selector that current VPA
 * ignores):
 * - `updatePolicy.updateMode` unset means Recreate (Auto before VPA 1.6); Auto, Recreate, InPlaceOrRecreate and
 *   InPlace change running pods, Initial only sets requests at pod creation, Off only recommends;
 * - a container's policy is the `containerPolicies` entry with its name, else the `*` entry, else the defaults
 *   (mode Auto, controlledResources [cpu, memory]); `mode: Off` controls nothing; an explicit `controlledResources`
 *   list, even empty, replaces the default;
 * - only regular containers are managed: native sidecars (init containers with restartPolicy Always) need the VPA
 *   `NativeSidecar` feature gate, and plain init containers are never touched.
 */
import { SCALED_RESOURCES } from './autoscalers.js';
import { asArray, asObject, asString, type JsonPath, type K8sObject, perObject } from './object.js';

/** Modes in which VPA changes the resources of running pods (by eviction or in-place resize). */
const ACTING_UPDATE_MODES: ReadonlySet<string> = new Set(['Auto', 'Recreate', 'InPlaceOrRecreate', 'InPlace']);

/** The mode VPA uses when `updatePolicy.updateMode` is unset (since VPA 1.6; `Auto` before, which acts the same). */
const DEFAULT_UPDATE_MODE = 'Recreate';

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

/** The policy VPA applies to a container: its own entry, else the `*` entry, else the defaults. By name: constant time per container. */
export function vpaPolicyOf(vpa: K8sObject, containerName: string): VpaContainerPolicy {
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
