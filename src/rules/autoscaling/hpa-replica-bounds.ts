import type { JsonPath, K8sObject, RuleFinding } from '../../engine/types.js';
import { defineRule } from '../define-rule.js';
import { describeObject, HPA_KIND, hpaMaxReplicas, hpaMetrics, hpaMinReplicas, nameOf } from '../shared/autoscalers.js';

/**
 * The replica bounds the API server validates: maxReplicas required and >= 1, minReplicas >= 1 (0 only with the
 * alpha HPAScaleToZero gate and an Object or External metric), and minReplicas <= maxReplicas.
 */
export const hpaReplicaBounds = defineRule({
  meta: {
    id: 'hpa-replica-bounds',
    family: 'autoscaling',
    severity: 'error',
    title: 'HPA minReplicas and maxReplicas must form a valid range',
    rationale:
      'The API server rejects an HPA whose minReplicas is greater than maxReplicas, whose maxReplicas is missing ' +
      'or below 1, or whose minReplicas is 0 without the alpha scale-to-zero gate. In a Helm release or a GitOps ' +
      'sync the rejected HPA fails the whole apply, and where it slips through (values overridden per environment) ' +
      'the workload runs without the autoscaling everyone assumes it has.',
    remediation: 'Set maxReplicas to at least 1 and at least minReplicas, and minReplicas to at least 1.',
    kinds: [HPA_KIND],
    examples: {
      invalid: `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: api
  namespace: platform
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
  minReplicas: 6
  maxReplicas: 4
`,
      valid: `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: api
  namespace: platform
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
  minReplicas: 4
  maxReplicas: 6
`,
    },
  },
  check(hpa) {
    const self = describeObject(HPA_KIND, nameOf(hpa));
    const min = hpaMinReplicas(hpa);
    const max = hpaMaxReplicas(hpa);
    const findings: RuleFinding[] = [];
    if (max.value === undefined) {
      findings.push({
        message: max.explicit
          ? `${self} has a maxReplicas that is not an integer: the API server rejects it. Set an integer of at least 1.`
          : `${self} has no maxReplicas, which is required: the API server rejects it. Set the largest replica ` +
            'count the workload may reach.',
        path: max.path,
      });
    } else if (max.value < 1) {
      findings.push({
        message: `${self} has maxReplicas ${max.value}: it must be at least 1, so the API server rejects it.`,
        path: max.path,
      });
    }
    if (min.value === undefined) {
      findings.push({
        message:
          `${self} has a minReplicas that is not an integer: the API server rejects it. ` +
          'Set an integer of at least 1.',
        path: min.path,
      });
      return findings;
    }
    if (min.value === 0) {
      findings.push(scaleToZero(hpa, self, min.path));
    } else if (min.value < 0) {
      findings.push({
        message: `${self} has minReplicas ${min.value}: it must be at least 1, so the API server rejects it.`,
        path: min.path,
      });
    }
    if (max.value !== undefined && max.value >= 1 && min.value > max.value) {
      findings.push({
        message:
          `${self} has minReplicas ${min.value} greater than maxReplicas ${max.value}: the API server rejects it ` +
          '("must be greater than or equal to `minReplicas`"). Raise maxReplicas or lower minReplicas.',
        path: min.path,
      });
    }
    return findings;
  },
});

/** minReplicas 0: valid only with the alpha HPAScaleToZero gate, and then only with an Object or External metric. */
function scaleToZero(hpa: K8sObject, self: string, path: JsonPath): RuleFinding {
  const external = hpaMetrics(hpa).some((m) => m.source === 'Object' || m.source === 'External');
  if (external) {
    return {
      message:
        `${self} has minReplicas 0, which needs the alpha feature gate HPAScaleToZero on the API server and the ` +
        'controller manager; without it the API server rejects the HPA.',
      path,
      severity: 'info',
    };
  }
  return {
    message:
      `${self} has minReplicas 0, which is only allowed with the alpha HPAScaleToZero gate and at least one ` +
      'Object or External metric (resource metrics cannot wake a workload with no pods): the API server rejects it. ' +
      'Set minReplicas to 1.',
    path,
  };
}
