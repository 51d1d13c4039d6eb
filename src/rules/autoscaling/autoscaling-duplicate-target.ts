import { defineRule } from '../define-rule.js';
import {
  autoscalersTargeting,
  describeObject,
  HPA_KIND,
  nameOf,
  targetRefOf,
  VPA_KIND,
} from '../shared/autoscalers.js';
import { joinWords } from '../shared/qos.js';

/**
 * Two HPAs, or two VPAs, on the same target (same kind and name in one namespace). Objects that share a name are
 * one object declared twice, not a duplicate. Each autoscaler reports itself, at its target reference.
 */
export const autoscalingDuplicateTarget = defineRule({
  meta: {
    id: 'autoscaling-duplicate-target',
    family: 'autoscaling',
    severity: 'error',
    title: 'A workload must have at most one HPA and at most one VPA',
    rationale:
      'Two HPAs on one workload compute two replica counts for the same pods: the controller now disables both ' +
      '(ScalingActive False, reason AmbiguousSelector, "controlled by multiple HPAs"), so the workload stops ' +
      'autoscaling, and older clusters let them overwrite each other every sync. Two VPAs on one workload are ' +
      'undefined behaviour upstream: the oldest wins for each pod and the other one is silently ignored, so a ' +
      'change to the wrong object never takes effect.',
    remediation:
      'Keep one HPA per workload and put all its metrics in it (the HPA scales to the highest proposal); keep one ' +
      'VPA per workload and express per-container differences in its resourcePolicy.containerPolicies.',
    kinds: [HPA_KIND, VPA_KIND],
    examples: {
      invalid: `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: worker-cpu
  namespace: jobs
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: worker}
  minReplicas: 2
  maxReplicas: 10
  metrics:
    - type: Resource
      resource:
        name: cpu
        target: {type: Utilization, averageUtilization: 75}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: worker-queue
  namespace: jobs
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: worker}
  minReplicas: 2
  maxReplicas: 40
  metrics:
    - type: External
      external:
        metric: {name: queue_depth}
        target: {type: AverageValue, averageValue: "30"}
`,
      valid: `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: worker
  namespace: jobs
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: worker}
  minReplicas: 2
  maxReplicas: 40
  metrics:
    - type: Resource
      resource:
        name: cpu
        target: {type: Utilization, averageUtilization: 75}
    - type: External
      external:
        metric: {name: queue_depth}
        target: {type: AverageValue, averageValue: "30"}
`,
    },
  },
  check(autoscaler, ctx) {
    const ref = targetRefOf(autoscaler);
    if (ref === undefined) return [];
    const self = nameOf(autoscaler);
    const namespace = ctx.index.namespaceOf(autoscaler);
    const others = autoscalersTargeting(ctx.index, autoscaler.kind, namespace, ref).filter((o) => nameOf(o) !== self);
    if (others.length === 0) return [];
    const names = joinWords(
      others.map((o) => describeObject(autoscaler.kind, nameOf(o))),
      'and',
    );
    const workload = describeObject(ref.kind, ref.name);
    const all = others.length === 1 ? 'both' : 'all';
    const effect =
      autoscaler.kind === HPA_KIND
        ? `the controller disables ${all} (ScalingActive False, AmbiguousSelector), or on older clusters they ` +
          'overwrite each other. Merge their metrics into one HPA.'
        : 'VPA applies only the oldest to each pod and ignores the rest. Merge them into one VPA, with per-container ' +
          'settings in resourcePolicy.containerPolicies.';
    return [
      {
        message: `${describeObject(autoscaler.kind, self)} and ${names} ${all} target ${workload}: ${effect}`,
        path: ref.path,
      },
    ];
  },
});
