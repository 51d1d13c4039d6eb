/** How messages name objects and containers. */
import { HPA_KIND, VPA_KIND } from './kinds.js';
import type { ObjectLookup } from './lookup.js';
import type { K8sObject } from './object.js';
import type { ContainerRef } from './workload.js';

/** How messages name an autoscaler or a workload: `HPA web`, `VPA web-vpa`, `Deployment web`. */
export function describeObject(kind: string, name: string): string {
  if (kind === HPA_KIND) return `HPA ${name}`;
  if (kind === VPA_KIND) return `VPA ${name}`;
  return `${kind} ${name}`;
}

export function nameOf(object: K8sObject): string {
  return object.metadata?.name ?? '(unnamed)';
}

/** `namespace/name` of an object, as messages name other Ingresses. */
export function refText(object: K8sObject, index: ObjectLookup): string {
  return `${index.namespaceOf(object)}/${String(object.metadata?.name ?? '(unnamed)')}`;
}

/** How messages name a container: `container app`, `init container migrate`, `sidecar container proxy`. */
export function describeContainer(ref: Pick<ContainerRef, 'name' | 'group' | 'sidecar'>): string {
  if (ref.sidecar) return `sidecar container ${ref.name}`;
  return ref.group === 'initContainers' ? `init container ${ref.name}` : `container ${ref.name}`;
}
