/**
 * How kubeward names objects (and containers), in one place. The forms differ on purpose, by where the name is read:
 *
 * - messages of a rule name objects by kind and name (`describeObject`, `nameOf`; `describeOf` for an object found
 *   along the way), other objects of the index by `namespace/name` (`refText`), containers by their role
 *   (`describeContainer`);
 * - a finding names its object as the report shows it (`reportedName`, which the engine's ObjectRef carries), the
 *   webhook's deny message as `namespace/name` of that (`qualifiedName`), and reports that need one string per object
 *   as `Kind/namespace/name` (`objectLabel`).
 */
import { HPA_KIND, VPA_KIND } from './kinds.js';
import type { ObjectLookup } from './lookup.js';
import type { K8sObject, ObjectMeta } from './object.js';
import type { ContainerRef } from './workload.js';

/** How messages name an autoscaler or a workload: `HPA web`, `VPA web-vpa`, `Deployment web`. */
export function describeObject(kind: string, name: string): string {
  if (kind === HPA_KIND) return `HPA ${name}`;
  if (kind === VPA_KIND) return `VPA ${name}`;
  return `${kind} ${name}`;
}

/**
 * How messages name an object a rule found along the way, by its own kind and name: the controller workload behind a
 * Service or a ConfigMap, the webhook configuration calling a Service, the workloads a budget selects
 * (`Deployment ingress-nginx-controller`). describeObject of them, with an empty name when the object has none.
 */
export function describeOf(object: K8sObject): string {
  return describeObject(object.kind, String(object.metadata?.name ?? ''));
}

/** The name for a message, `(unnamed)` when there is none. */
export function nameOf(object: K8sObject): string {
  return object.metadata?.name ?? '(unnamed)';
}

/**
 * `namespace/name` of an object, as messages name other objects of the index (other Ingresses): the namespace it lives
 * in (the default one when it names none), `(unnamed)` without a name.
 */
export function refText(object: K8sObject, index: ObjectLookup): string {
  return `${index.namespaceOf(object)}/${String(object.metadata?.name ?? '(unnamed)')}`;
}

/** How messages name a container: `container app`, `init container migrate`, `sidecar container proxy`. */
export function describeContainer(ref: Pick<ContainerRef, 'name' | 'group' | 'sidecar'>): string {
  if (ref.sidecar) return `sidecar container ${ref.name}`;
  return ref.group === 'initContainers' ? `init container ${ref.name}` : `container ${ref.name}`;
}

/**
 * The name a finding reports an object by: its name, `generateName*` while the API server has not named it (a CREATE
 * of an object with generateName), else `<unnamed>`.
 */
export function reportedName(metadata: ObjectMeta | undefined): string {
  if (typeof metadata?.name === 'string' && metadata.name !== '') return metadata.name;
  return typeof metadata?.generateName === 'string' ? `${metadata.generateName}*` : '<unnamed>';
}

/** `namespace/name` with the namespace the object writes (`name` alone when it writes none): the webhook's deny message. */
export function qualifiedName(object: K8sObject): string {
  const namespace = object.metadata?.namespace;
  const name = reportedName(object.metadata);
  return typeof namespace === 'string' && namespace !== '' ? `${namespace}/${name}` : name;
}

/** `Kind/namespace/name`, or `Kind/name` for a cluster-scoped object: one string per object in reports. */
export function objectLabel(ref: {
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
}): string {
  return ref.namespace ? `${ref.kind}/${ref.namespace}/${ref.name}` : `${ref.kind}/${ref.name}`;
}
