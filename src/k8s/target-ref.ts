/**
 * The scale-target reference: where an autoscaler names the workload it scales (`spec.scaleTargetRef` of an HPA,
 * `spec.targetRef` of a VPA, a kind and a name in the autoscaler's namespace), and which built-in kinds an HPA can
 * scale and which it cannot. The index, the webhook's overlay and the rules read targets through this one module.
 */
import { HPA_KIND, VPA_KIND } from './kinds.js';
import { asObject, asString, type JsonPath, type K8sObject, perObject } from './object.js';

/** The field each autoscaler kind names its target in. */
const TARGET_REF_FIELDS: Readonly<Record<string, string>> = {
  [HPA_KIND]: 'scaleTargetRef',
  [VPA_KIND]: 'targetRef',
};

/** Whether objects of the kind name a scale target (HorizontalPodAutoscaler, VerticalPodAutoscaler). */
export function hasTargetRef(kind: string): boolean {
  return Object.hasOwn(TARGET_REF_FIELDS, kind);
}

/** Kinds with a `/scale` subresource whose replica count is in `spec.replicas` (default 1). */
export const SCALABLE_KINDS: ReadonlySet<string> = new Set([
  'Deployment',
  'StatefulSet',
  'ReplicaSet',
  'ReplicationController',
]);

/**
 * Built-in kinds without a `/scale` subresource, by the API groups Kubernetes serves them from: an HPA on one of them
 * only reports FailedGetScale. A custom resource that shares the name in another group (OpenKruise's `apps.kruise.io`
 * DaemonSet) is not one of them.
 */
const UNSCALABLE_GROUPS = {
  DaemonSet: ['apps', 'extensions'],
  Job: ['batch'],
  CronJob: ['batch'],
  Pod: [''],
} as const satisfies Readonly<Record<string, readonly string[]>>;

/** A built-in kind without a `/scale` subresource. */
export type UnscalableKind = keyof typeof UNSCALABLE_GROUPS;

/** The API group of an apiVersion (`apps/v1` -> `apps`, `v1` -> '', the core group). */
function apiGroupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/**
 * The built-in kind without a `/scale` subresource that a reference names, or undefined: the kind is DaemonSet, Job,
 * CronJob or Pod and the apiVersion, when the reference writes one, is of the group that serves it.
 */
export function unscalableKindOf(ref: {
  readonly kind: string;
  readonly apiVersion?: string;
}): UnscalableKind | undefined {
  if (!Object.hasOwn(UNSCALABLE_GROUPS, ref.kind)) return undefined;
  const kind = ref.kind as UnscalableKind;
  const groups: readonly string[] = UNSCALABLE_GROUPS[kind];
  return ref.apiVersion === undefined || groups.includes(apiGroupOf(ref.apiVersion)) ? kind : undefined;
}

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
