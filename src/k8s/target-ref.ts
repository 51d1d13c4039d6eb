/** Where an autoscaler names the workload it scales: `spec.scaleTargetRef` (HPA), `spec.targetRef` (VPA). */
import { HPA_KIND } from './kinds.js';
import { asObject, asString, type JsonPath, type K8sObject, perObject } from './object.js';

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
