import type { RuleFinding } from '../../engine/rule.js';
import { hpaMaxReplicas, hpaMetrics, hpaMinReplicas } from '../../k8s/hpa.js';
import { HPA_KIND } from '../../k8s/kinds.js';
import { nameOf } from '../../k8s/names.js';
import type { JsonPath, K8sObject } from '../../k8s/object.js';
import { defineRule } from '../define-rule.js';

const messages = {
  replicasNotInteger:
    'HPA {{name}} has a {{field}} that is not an integer: the API server rejects it. Set an integer of at least 1.',
  maxReplicasMissing:
    'HPA {{name}} has no maxReplicas, which is required: the API server rejects it. Set the largest replica ' +
    'count the workload may reach.',
  replicasBelowOne: 'HPA {{name}} has {{field}} {{value}}: it must be at least 1, so the API server rejects it.',
  minAboveMax:
    'HPA {{name}} has minReplicas {{min}} greater than maxReplicas {{max}}: the API server rejects it ("must be ' +
    'greater than or equal to `minReplicas`"). Raise maxReplicas or lower minReplicas.',
  scaleToZeroNeedsGate:
    'HPA {{name}} has minReplicas 0, which needs the alpha feature gate HPAScaleToZero on the API server and the ' +
    'controller manager; without it (the default) the API server rejects the HPA. Set minReplicas to 1, or set ' +
    'the rule option scaleToZeroGate where the gate is on.',
  scaleToZeroNeedsObjectMetric:
    'HPA {{name}} has minReplicas 0, which is only allowed with the alpha HPAScaleToZero gate and at least one ' +
    'Object or External metric (resource metrics cannot wake a workload with no pods): the API server rejects ' +
    'it. Set minReplicas to 1.',
} as const;

type MessageId = keyof typeof messages;

export interface HpaReplicaBoundsOptions {
  /** The cluster runs with the alpha HPAScaleToZero gate: minReplicas 0 with an Object or External metric is valid. */
  scaleToZeroGate: boolean;
}

/**
 * The replica bounds the API server validates: maxReplicas required and >= 1, minReplicas >= 1 (0 only with the
 * alpha HPAScaleToZero gate and an Object or External metric), and minReplicas <= maxReplicas.
 */
export const hpaReplicaBounds = defineRule<HpaReplicaBoundsOptions, MessageId>({
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
    messages,
    options: {
      schema: {
        type: 'object',
        additionalProperties: false,
        properties: {
          scaleToZeroGate: {
            type: 'boolean',
            description:
              'The API server and controller manager run with the alpha HPAScaleToZero gate, so minReplicas 0 with an Object or External metric is valid.',
          },
        },
      },
      defaults: { scaleToZeroGate: false },
    },
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
  check(hpa, ctx) {
    const name = nameOf(hpa);
    const min = hpaMinReplicas(hpa);
    const max = hpaMaxReplicas(hpa);
    const findings: RuleFinding<MessageId>[] = [];
    if (max.value === undefined) {
      findings.push(
        max.explicit
          ? { messageId: 'replicasNotInteger', data: { name, field: 'maxReplicas' }, path: max.path }
          : { messageId: 'maxReplicasMissing', data: { name }, path: max.path },
      );
    } else if (max.value < 1) {
      findings.push({
        messageId: 'replicasBelowOne',
        data: { name, field: 'maxReplicas', value: max.value },
        path: max.path,
      });
    }
    if (min.value === undefined) {
      findings.push({ messageId: 'replicasNotInteger', data: { name, field: 'minReplicas' }, path: min.path });
      return findings;
    }
    if (min.value === 0) {
      const finding = scaleToZero(hpa, name, min.path, ctx.options.scaleToZeroGate === true);
      if (finding !== undefined) findings.push(finding);
    } else if (min.value < 0) {
      findings.push({
        messageId: 'replicasBelowOne',
        data: { name, field: 'minReplicas', value: min.value },
        path: min.path,
      });
    }
    if (max.value !== undefined && max.value >= 1 && min.value > max.value) {
      findings.push({ messageId: 'minAboveMax', data: { name, min: min.value, max: max.value }, path: min.path });
    }
    return findings;
  },
});

/**
 * minReplicas 0: valid only with the alpha HPAScaleToZero gate (off by default, so an error unless the option says
 * the cluster has it), and then only with an Object or External metric.
 */
function scaleToZero(hpa: K8sObject, name: string, path: JsonPath, gate: boolean): RuleFinding<MessageId> | undefined {
  const external = hpaMetrics(hpa).some((m) => m.source === 'Object' || m.source === 'External');
  if (!external) return { messageId: 'scaleToZeroNeedsObjectMetric', data: { name }, path };
  return gate ? undefined : { messageId: 'scaleToZeroNeedsGate', data: { name }, path };
}
