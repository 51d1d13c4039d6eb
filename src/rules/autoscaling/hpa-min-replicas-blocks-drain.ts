import type { RuleFinding } from '../../engine/rule.js';
import { resolveTarget } from '../../k8s/autoscalers.js';
import { hpaMinReplicas } from '../../k8s/hpa.js';
import { HPA_KIND } from '../../k8s/kinds.js';
import { describeObject, nameOf } from '../../k8s/names.js';
import { asObject, type K8sObject } from '../../k8s/object.js';
import { budgetsSelecting } from '../../k8s/pdb.js';
import { type Budget, blocksEviction, budgetOf, budgetScale } from '../../k8s/pdb-budget.js';
import { podTemplateOf } from '../../k8s/workload.js';
import { defineRule } from '../define-rule.js';
import { problems } from '../shared/problems.js';

/**
 * An HPA that may scale its target down to a size at which a PodDisruptionBudget's minAvailable allows no eviction.
 * The HPA side of availability's `pdb-hpa-min-replicas` (which reports the PDB), with the same shared PDB helpers,
 * so each object reports its own side and the webhook can deny whichever is applied. Pods of every workload the
 * budget selects count. Left to the availability rules: budgets that block at every size (`maxUnavailable: 0`,
 * or minAvailable above the largest size), and other maxUnavailable budgets, which always allow one eviction.
 */
export const hpaMinReplicasBlocksDrain = defineRule({
  meta: {
    id: 'hpa-min-replicas-blocks-drain',
    family: 'autoscaling',
    severity: 'warning',
    title: 'HPA minReplicas should leave room for the PodDisruptionBudget',
    rationale:
      'At night the HPA scales the workload down to minReplicas. If a PodDisruptionBudget then requires every ' +
      'remaining pod to stay available (minReplicas 1 with minAvailable 1 is the classic case), no pod may be ' +
      'evicted: kubectl drain retries "Cannot evict pod as it would violate the pod\'s disruption budget" forever, ' +
      'node upgrades and cluster-autoscaler scale-downs stall, and the on-call engineer is paged for a stuck ' +
      'maintenance window.',
    remediation:
      'Raise minReplicas above what the budget requires (for minAvailable N, at least N + 1), or express the budget ' +
      'as maxUnavailable: 1 so one pod can always be evicted.',
    kinds: [HPA_KIND],
    messages: {
      drainBlocked:
        'HPA {{name}} can scale {{target}} down to {{replicas}}{{together}} ({{minimum}}), and PodDisruptionBudget ' +
        '{{pdb}} requires minAvailable {{minAvailable}}: at that size no pod may be evicted, so node drains and ' +
        'upgrades hang until the HPA scales up. Set minReplicas to {{safe}} or more, or use maxUnavailable: 1 in the ' +
        'budget.',
    },
    examples: {
      invalid: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: notifications
  namespace: messaging
spec:
  selector:
    matchLabels: {app: notifications}
  template:
    metadata:
      labels: {app: notifications}
    spec:
      containers:
        - name: notifications
          image: registry.example.com/messaging/notifications:1.8.0
          resources:
            requests: {cpu: 100m, memory: 128Mi}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: notifications
  namespace: messaging
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: notifications}
  minReplicas: 1
  maxReplicas: 6
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: notifications
  namespace: messaging
spec:
  minAvailable: 1
  selector:
    matchLabels: {app: notifications}
`,
      valid: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: notifications
  namespace: messaging
spec:
  selector:
    matchLabels: {app: notifications}
  template:
    metadata:
      labels: {app: notifications}
    spec:
      containers:
        - name: notifications
          image: registry.example.com/messaging/notifications:1.8.0
          resources:
            requests: {cpu: 100m, memory: 128Mi}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: notifications
  namespace: messaging
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: notifications}
  minReplicas: 2
  maxReplicas: 6
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: notifications
  namespace: messaging
spec:
  minAvailable: 1
  selector:
    matchLabels: {app: notifications}
`,
    },
  },
  check(hpa, ctx) {
    const min = hpaMinReplicas(hpa);
    const floor = min.value;
    if (floor === undefined || floor < 1) return [];
    const target = resolveTarget(ctx.index, hpa);
    const workload = target?.workload;
    if (target === undefined || workload === undefined || podTemplateOf(workload) === undefined) return [];
    const findings: RuleFinding<'drainBlocked'>[] = [];
    for (const pdb of budgetsSelecting(workload, ctx.index)) {
      const budget = budgetOf(pdb);
      // Both fields set is invalid (the API rejects it); maxUnavailable budgets are judged by the availability rules.
      if (budget === undefined || budget.field !== 'minAvailable' || hasMaxUnavailable(pdb)) continue;
      // Pods of every workload the budget selects count, each at its own minimum (its HPA's, or its replicas).
      const scale = budgetScale(pdb, ctx.index);
      if (scale === undefined || scale.min < 1) continue;
      // Blocked even at the largest size: no minReplicas helps, and pdb-ineffective-budget reports the budget.
      if (blocksEviction(budget, scale.max) || !blocksEviction(budget, scale.min)) continue;
      const others = scale.min - floor;
      const pods = `${scale.min} ${scale.min === 1 ? 'pod' : 'pods'}`;
      findings.push({
        messageId: 'drainBlocked',
        data: {
          name: nameOf(hpa),
          target: describeObject(target.ref.kind, target.ref.name),
          replicas: `${floor} ${floor === 1 ? 'replica' : 'replicas'}`,
          together: others > 0 ? ` (${pods} with the other workloads the budget selects)` : '',
          minimum: min.explicit ? `minReplicas ${floor}` : `no minReplicas, so ${floor} by default`,
          pdb: nameOf(pdb),
          minAvailable: budget.text,
          safe: smallestSafeTotal(budget, scale.min, scale.max) - others,
        },
        path: min.path,
        problem: problems.budgetBlocksAtMinReplicas(pdb, hpa, 'hpa'),
        related: [{ object: pdb, path: ['spec', 'minAvailable'] }],
      });
    }
    return findings;
  },
});

function hasMaxUnavailable(pdb: K8sObject): boolean {
  const v = asObject(pdb.spec)?.maxUnavailable;
  return v !== undefined && v !== null;
}

/**
 * The smallest pod count from `from` up to `to` at which the budget allows an eviction; `to` itself when none below
 * it does (the caller has checked that the budget allows one at `to`).
 */
function smallestSafeTotal(budget: Budget, from: number, to: number): number {
  for (let n = from; n < to; n++) if (!blocksEviction(budget, n)) return n;
  return to;
}
