import { workloadsSelectedBy } from '../../k8s/pdb.js';
import { blocksEviction, budgetOf, desiredHealthy } from '../../k8s/pdb-budget.js';
import { totalScale } from '../../k8s/scale.js';
import { defineRule } from '../define-rule.js';
import { problems } from '../shared/problems.js';

export const pdbHpaMinReplicas = defineRule({
  meta: {
    id: 'pdb-hpa-min-replicas',
    family: 'availability',
    severity: 'warning',
    title: "A PodDisruptionBudget's minAvailable must stay below the HPA's minReplicas",
    rationale:
      'When minAvailable equals (or exceeds) the minReplicas of the HorizontalPodAutoscaler that scales the selected ' +
      'workload, the budget allows no eviction whenever the HPA has scaled down to its minimum: at night and at ' +
      'weekends, exactly when node upgrades and maintenance drains run. The drains hang with HTTP 429 until traffic ' +
      'grows again, and the review that approved the budget at peak load never saw it.',
    remediation:
      'Set minAvailable below the HPA minReplicas (or use maxUnavailable: 1, which always allows one eviction), or ' +
      'raise minReplicas above minAvailable.',
    kinds: ['PodDisruptionBudget'],
    messages: {
      blocksAtMinReplicas:
        'minAvailable {{minAvailable}} ({{required}}) {{relation}} the {{left}} left when HorizontalPodAutoscaler {{hpa}} is at minReplicas: while it is scaled down, no pod can be evicted and node drains hang.',
    },
    examples: {
      invalid: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: search
  namespace: shop
spec:
  selector:
    matchLabels: {app: search}
  template:
    metadata:
      labels: {app: search}
    spec:
      containers:
        - name: search
          image: registry.example.com/shop/search:5.0.2
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: search
  namespace: shop
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: search}
  minReplicas: 2
  maxReplicas: 10
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: search
  namespace: shop
spec:
  minAvailable: 2
  selector:
    matchLabels: {app: search}
`,
      valid: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: search
  namespace: shop
spec:
  selector:
    matchLabels: {app: search}
  template:
    metadata:
      labels: {app: search}
    spec:
      containers:
        - name: search
          image: registry.example.com/shop/search:5.0.2
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: search
  namespace: shop
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: search}
  minReplicas: 3
  maxReplicas: 10
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: search
  namespace: shop
spec:
  minAvailable: 2
  selector:
    matchLabels: {app: search}
`,
    },
  },
  check(object, ctx) {
    const budget = budgetOf(object);
    if (budget?.field !== 'minAvailable') return [];
    const scale = totalScale(workloadsSelectedBy(object, ctx.index), ctx.index);
    if (scale?.hpa === undefined || scale.min === 0) return [];
    // Blocked even at maxReplicas: pdb-ineffective-budget reports it.
    if (blocksEviction(budget, scale.max) || !blocksEviction(budget, scale.min)) return [];
    const need = desiredHealthy(budget, scale.min);
    const hpaName = scale.hpa.metadata?.name ?? '';
    return [
      {
        messageId: 'blocksAtMinReplicas',
        data: {
          minAvailable: budget.text,
          required: pods(need),
          relation: need === scale.min ? 'equals' : 'exceeds',
          left: pods(scale.min),
          hpa: hpaName,
        },
        path: ['spec', 'minAvailable'],
        problem: problems.budgetBlocksAtMinReplicas(object, scale.hpa, 'pdb'),
        related: [{ object: scale.hpa, path: ['spec', 'minReplicas'] }],
      },
    ];
  },
});

/** `1 pod`, `3 pods`. */
function pods(n: number): string {
  return `${n} pod${n === 1 ? '' : 's'}`;
}
