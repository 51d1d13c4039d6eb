/**
 * The scale-target reference: where an autoscaler names the workload it scales (`spec.scaleTargetRef` of an HPA,
 * `spec.targetRef` of a VPA, a kind and a name in the autoscaler's namespace), and which built-in kinds an HPA can
 * scale. The index, the webhook's overlay and the rules read targets through this one module.
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
