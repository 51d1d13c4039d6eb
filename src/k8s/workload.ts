/**
 * Workloads: every kind that carries a pod spec, and where that spec lives.
 * Shared by every rule family so that a CronJob's job template is never forgotten.
 */
import type { JsonObject, JsonPath, K8sObject } from './object.js';
import { asArray, asObject, isObject, perObject } from './object.js';

export const WORKLOAD_KINDS = [
  'Pod',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'ReplicationController',
  'Job',
  'CronJob',
] as const;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];

const WORKLOAD_SET: ReadonlySet<string> = new Set(WORKLOAD_KINDS);

export function isWorkloadKind(kind: string): kind is WorkloadKind {
  return WORKLOAD_SET.has(kind);
}

/** Path of the pod template (the object holding `metadata` and `spec`) in each workload kind; `[]` for a Pod. */
function podTemplatePath(kind: string): JsonPath | undefined {
  switch (kind) {
    case 'Pod':
      return [];
    case 'CronJob':
      return ['spec', 'jobTemplate', 'spec', 'template'];
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'ReplicaSet':
    case 'ReplicationController':
    case 'Job':
      return ['spec', 'template'];
    default:
      return undefined;
  }
}

export interface PodTemplate {
  /** Path of the pod spec inside the object, e.g. ['spec', 'template', 'spec']. */
  specPath: JsonPath;
  spec: JsonObject;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

/**
 * The pod spec of a workload, with its path; undefined for other kinds or a workload without a spec. Computed once
 * per object: many rules and the index ask for it.
 */
export const podTemplateOf: (object: K8sObject) => PodTemplate | undefined = perObject(readPodTemplate);

function readPodTemplate(object: K8sObject): PodTemplate | undefined {
  const base = podTemplatePath(object.kind);
  if (base === undefined) return undefined;
  let cur: unknown = object;
  for (const seg of base) cur = isObject(cur) ? cur[seg as string] : undefined;
  const tmpl = asObject(cur);
  if (tmpl === undefined) return undefined;
  const spec = asObject(tmpl.spec);
  if (spec === undefined) return undefined;
  const meta = asObject(tmpl.metadata);
  return {
    specPath: [...base, 'spec'],
    spec,
    labels: stringMap(meta?.labels),
    annotations: stringMap(meta?.annotations),
  };
}

function stringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const o = asObject(v);
  if (o) for (const [k, val] of Object.entries(o)) out[k] = String(val);
  return out;
}

export type ContainerGroup = 'initContainers' | 'containers';

export interface ContainerRef {
  container: JsonObject;
  name: string;
  group: ContainerGroup;
  index: number;
  /** Path of the container inside the object. */
  path: JsonPath;
  /** An init container with `restartPolicy: Always` (a native sidecar). */
  sidecar: boolean;
}

/**
 * Init containers then containers (ephemeral containers cannot declare resources and are left out); computed once
 * per template.
 */
export const containersOf: (template: PodTemplate) => readonly ContainerRef[] = perObject(readContainers);

function readContainers(template: PodTemplate): ContainerRef[] {
  const out: ContainerRef[] = [];
  for (const group of ['initContainers', 'containers'] as const) {
    asArray(template.spec[group]).forEach((c, index) => {
      const container = asObject(c);
      if (container === undefined) return;
      out.push({
        container,
        name: typeof container.name === 'string' ? container.name : `#${index}`,
        group,
        index,
        path: [...template.specPath, group, index],
        sidecar: group === 'initContainers' && container.restartPolicy === 'Always',
      });
    });
  }
  return out;
}

/** Replica count as written; undefined when absent (the API defaults it to 1). Pods and DaemonSets have none. */
export function replicasOf(object: K8sObject): number | undefined {
  const spec = asObject(object.spec);
  const r = spec?.replicas;
  return typeof r === 'number' ? r : undefined;
}
