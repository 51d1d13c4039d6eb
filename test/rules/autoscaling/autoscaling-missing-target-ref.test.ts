import { autoscalingMissingTargetRef } from '../../../src/rules/autoscaling/autoscaling-missing-target-ref.js';
import { ruleTester } from '../../helpers/rule-tester.js';

ruleTester.run(autoscalingMissingTargetRef, {
  valid: [
    {
      name: 'accepts an HPA and a VPA that name their target, loaded or not',
      yaml: `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: dont-fire-hpa, namespace: shop}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: 5
---
apiVersion: autoscaling.k8s.io/v1
kind: VerticalPodAutoscaler
metadata: {name: dont-fire-vpa, namespace: shop}
spec:
  targetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
`,
    },
    {
      name: 'leaves a v1beta1 VPA that selects pods by label to vpa-unserved-api-version',
      yaml: `apiVersion: autoscaling.k8s.io/v1beta1
kind: VerticalPodAutoscaler
metadata: {name: dont-fire-v1beta1, namespace: shop}
spec:
  selector:
    matchLabels: {app: web}
`,
    },
  ],
  invalid: [
    {
      name: 'reports an HPA without a scaleTargetRef name as an error the API server rejects',
      yaml: `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: fire-hpa, namespace: shop}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment}
  maxReplicas: 5
`,
      findings: [
        {
          messageId: 'missingTargetRef',
          message:
            'HPA fire-hpa has no spec.scaleTargetRef with a kind and a name: the API server rejects it, and it could not scale anything. Set spec.scaleTargetRef to the workload it is meant for.',
          line: 5,
          severity: 'error',
          path: 'spec.scaleTargetRef',
        },
      ],
    },
    {
      name: 'reports a v1 VPA that still selects pods by label and has no targetRef, at the spec',
      yaml: `apiVersion: autoscaling.k8s.io/v1
kind: VerticalPodAutoscaler
metadata: {name: fire-vpa, namespace: shop}
spec:
  selector:
    matchLabels: {app: web}
`,
      findings: [
        {
          messageId: 'missingTargetRef',
          message: /^VPA fire-vpa has no spec\.targetRef with a kind and a name: the API server rejects it/,
          line: 4,
          severity: 'error',
        },
      ],
    },
  ],
});
