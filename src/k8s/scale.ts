/** How many pods a workload runs: its replicas, or the bounds of the HPA that scales it. */
import type { ObjectLookup } from './lookup.js';
import { asObject, type K8sObject } from './object.js';
import { SCALABLE_KINDS } from './target-ref.js';
import { replicasOf } from './workload.js';

export interface Scale {
  /** The fewest pods the workload runs: the HPA's minReplicas when one targets it, else its replicas. */
  readonly min: number;
  /** The most pods: the HPA's maxReplicas when one targets it, else its replicas. */
  readonly max: number;
  /** The HPA that sets the count, if any. */
  readonly hpa?: K8sObject;
}

/** How many pods a workload runs; undefined when that is not in the manifests (DaemonSets, Jobs). */
export function scaleOf(workload: K8sObject, index: ObjectLookup): Scale | undefined {
  if (workload.kind === 'Pod') return { min: 1, max: 1 };
  if (!SCALABLE_KINDS.has(workload.kind)) return undefined;
  const name = workload.metadata?.name;
  const hpa =
    typeof name === 'string'
      ? index.targeting('HorizontalPodAutoscaler', index.namespaceOf(workload), workload.kind, name)[0]
      : undefined;
  if (hpa !== undefined) {
    const spec = asObject(hpa.spec);
    const min = typeof spec?.minReplicas === 'number' ? spec.minReplicas : 1;
    const max = typeof spec?.maxReplicas === 'number' ? Math.max(spec.maxReplicas, min) : min;
    return { min, max, hpa };
  }
  const replicas = replicasOf(workload) ?? 1;
  return { min: replicas, max: replicas };
}

/** The summed scale of several workloads; undefined when any of them has no known count. */
export function totalScale(workloads: readonly K8sObject[], index: ObjectLookup): Scale | undefined {
  let min = 0;
  let max = 0;
  let hpa: K8sObject | undefined;
  for (const w of workloads) {
    const s = scaleOf(w, index);
    if (s === undefined) return undefined;
    min += s.min;
    max += s.max;
    hpa ??= s.hpa;
  }
  return hpa === undefined ? { min, max } : { min, max, hpa };
}
