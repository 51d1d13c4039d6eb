import { hpaMaxReplicas, hpaMinReplicas } from '../../k8s/hpa.js';
import { HPA_KIND } from '../../k8s/kinds.js';
import { nameOf } from '../../k8s/names.js';
import { defineRule } from '../define-rule.js';

/**
 * minReplicas equal to maxReplicas (minReplicas defaults to 1): valid, but the controller clamps every proposal into
 * [min, max], so the HPA holds its target at that count whatever the load. Invalid bounds are hpa-replica-bounds'.
 */
export const hpaFixedReplicas = defineRule({
  meta: {
    id: 'hpa-fixed-replicas',
    family: 'autoscaling',
    severity: 'warning',
    title: 'HPA minReplicas and maxReplicas should differ',
    rationale:
      'The HPA clamps the replica count it computes between minReplicas and maxReplicas. When the two are equal it ' +
      'holds the workload at that count whatever the load: a traffic spike is not absorbed, quiet hours keep every ' +
      'replica, and a manual kubectl scale is reverted, while dashboards and reviewers assume the workload is ' +
      'autoscaled. This usually comes from chart values copied between environments or an emergency pin that was ' +
      'never removed.',
    remediation:
      'Lower minReplicas or raise maxReplicas to the range the workload may scale in; if a fixed count is meant, ' +
      'delete the HPA and set spec.replicas on the workload.',
    kinds: [HPA_KIND],
    messages: {
      fixedReplicas:
        'HPA {{name}} has minReplicas {{min}} equal to maxReplicas {{max}}: it holds its target at {{max}} ' +
        '{{replicas}} whatever the load and never scales. Widen the range, or delete the HPA and set spec.replicas ' +
        'if a fixed count is meant.',
    },
    examples: {
      invalid: `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: checkout
  namespace: shop
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: checkout}
  minReplicas: 3
  maxReplicas: 3
  metrics:
    - type: Resource
      resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}
`,
      valid: `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: checkout
  namespace: shop
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: checkout}
  minReplicas: 3
  maxReplicas: 12
  metrics:
    - type: Resource
      resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}
`,
    },
  },
  check(hpa) {
    const min = hpaMinReplicas(hpa);
    const max = hpaMaxReplicas(hpa);
    // Bounds the API server rejects (missing, below 1, not integers) are hpa-replica-bounds' findings.
    if (min.value === undefined || max.value === undefined || max.value < 1 || min.value !== max.value) return [];
    return [
      {
        messageId: 'fixedReplicas',
        data: {
          name: nameOf(hpa),
          min: min.explicit ? min.value : `${min.value} (the default)`,
          max: max.value,
          replicas: max.value === 1 ? 'replica' : 'replicas',
        },
        path: max.path,
      },
    ];
  },
});
