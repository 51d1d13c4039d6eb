import { autoscalersTargeting } from '../../k8s/autoscalers.js';
import { HPA_KIND, VPA_KIND } from '../../k8s/kinds.js';
import { describeObject, nameOf } from '../../k8s/names.js';
import { type K8sObject, perObject } from '../../k8s/object.js';
import { targetRefOf } from '../../k8s/target-ref.js';
import { joinFirst, MAX_LISTED } from '../../k8s/text.js';
import { defineRule } from '../define-rule.js';
import { problems } from '../shared/problems.js';

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
    messages: {
      duplicateHpa:
        'HPA {{name}} and {{others}} {{all}} target {{workload}}: the controller disables {{all}} (ScalingActive ' +
        'False, AmbiguousSelector), or on older clusters they overwrite each other. Merge their metrics into one HPA.',
      duplicateVpa:
        'VPA {{name}} and {{others}} {{all}} target {{workload}}: VPA applies only the oldest to each pod and ' +
        'ignores the rest. Merge them into one VPA, with per-container settings in ' +
        'resourcePolicy.containerPolicies.',
    },
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
    const targeting = autoscalersTargeting(ctx.index, autoscaler.kind, namespace, ref);
    // One per name, so this autoscaler's name is there at most once; only the listed others are described.
    const count = targeting.length - (namesOf(targeting).has(self) ? 1 : 0);
    if (count === 0) return [];
    const others = firstOthers(targeting, self, MAX_LISTED).map((o) => describeObject(autoscaler.kind, nameOf(o)));
    const data = {
      name: self,
      others: joinFirst(others, count, 'and'),
      all: count === 1 ? 'both' : 'all',
      workload: describeObject(ref.kind, ref.name),
    };
    const workload = `${namespace}/${ref.kind}/${ref.name}`;
    // The last one defined (of every definition, a repeated name included) is where the problem is fixed.
    const defined = ctx.index.targeting(autoscaler.kind, namespace, ref.kind, ref.name);
    const last = defined[defined.length - 1] === autoscaler;
    return [
      {
        messageId: autoscaler.kind === HPA_KIND ? 'duplicateHpa' : 'duplicateVpa',
        data,
        path: ref.path,
        problem: problems.duplicateAutoscalers(autoscaler.kind, workload, last),
        related: firstOthers(targeting, self, MAX_LISTED).map((o) => ({ object: o, path: targetRefOf(o)?.path ?? [] })),
      },
    ];
  },
});

/** The names of a list of autoscalers, once per list (the index's lists are never mutated). */
const namesOf: (list: readonly K8sObject[]) => ReadonlySet<string> = perObject((list) => new Set(list.map(nameOf)));

/** The first `max` autoscalers of the list not named `self`. */
function firstOthers(list: readonly K8sObject[], self: string, max: number): K8sObject[] {
  const out: K8sObject[] = [];
  for (const o of list) {
    if (out.length >= max) break;
    if (nameOf(o) !== self) out.push(o);
  }
  return out;
}
