import { HPA_KIND, VPA_KIND } from '../../k8s/kinds.js';
import { describeObject, nameOf } from '../../k8s/names.js';
import { targetRefOf, targetRefPath } from '../../k8s/target-ref.js';
import { defineRule } from '../define-rule.js';
import { isUnservedVpaVersion } from './vpa-unserved-api-version.js';

/**
 * An HPA without `spec.scaleTargetRef` kind and name, or a VPA without `spec.targetRef` kind and name: both are
 * required (HPA validation; the v1 VPA CRD schema). A VPA in a version the CRD does not serve is
 * vpa-unserved-api-version's finding, which says what to write instead.
 */
export const autoscalingMissingTargetRef = defineRule({
  meta: {
    id: 'autoscaling-missing-target-ref',
    family: 'autoscaling',
    severity: 'error',
    title: 'HPAs and VPAs must name their target',
    rationale:
      'An HPA needs spec.scaleTargetRef and a VPA needs spec.targetRef, each with a kind and a name: the API server ' +
      'rejects an autoscaler without them, so in a Helm release or a GitOps sync the whole apply fails. It usually ' +
      'comes from a chart value that left the target name empty, or from a v1beta1 VPA that selected pods by label.',
    remediation:
      'Set spec.scaleTargetRef (HPA) or spec.targetRef (VPA) to the apiVersion, kind and name of the workload the ' +
      'autoscaler is meant for.',
    kinds: [HPA_KIND, VPA_KIND],
    messages: {
      missingTargetRef:
        '{{autoscaler}} has no {{field}} with a kind and a name: the API server rejects it, and it could not scale ' +
        'anything. Set {{field}} to the workload it is meant for.',
    },
    examples: {
      invalid: `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: payments
  namespace: billing
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment}
  minReplicas: 2
  maxReplicas: 8
`,
      valid: `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: payments
  namespace: billing
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: payments}
  minReplicas: 2
  maxReplicas: 8
`,
    },
  },
  check(autoscaler) {
    if (targetRefOf(autoscaler) !== undefined || isUnservedVpaVersion(autoscaler)) return [];
    const field = targetRefPath(autoscaler.kind);
    return [
      {
        messageId: 'missingTargetRef',
        data: { autoscaler: describeObject(autoscaler.kind, nameOf(autoscaler)), field: field.join('.') },
        path: field,
      },
    ];
  },
});
