import { autoscalingDuplicateTarget } from '../../../src/rules/autoscaling/autoscaling-duplicate-target.js';
import { ruleTester } from '../../helpers/rule-tester.js';

/** 7 lines; scaleTargetRef on its 5th. */
const hpa = (name: string, target: string, namespace = 'jobs') => `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: ${target}}
  maxReplicas: 10
---
`;

/** 6 lines; targetRef on its 5th. */
const vpa = (name: string, target: string) => `apiVersion: autoscaling.k8s.io/v1
kind: VerticalPodAutoscaler
metadata: {name: ${name}, namespace: jobs}
spec:
  targetRef: {apiVersion: apps/v1, kind: Deployment, name: ${target}}
---
`;

ruleTester.run(autoscalingDuplicateTarget, {
  valid: [
    {
      name: 'accepts one HPA and one VPA on the same Deployment',
      yaml: hpa('dont-fire-hpa', 'worker') + vpa('dont-fire-vpa', 'worker'),
    },
    {
      name: 'accepts two HPAs on two different Deployments',
      yaml: hpa('dont-fire-a', 'worker-a') + hpa('dont-fire-b', 'worker-b'),
    },
    {
      name: 'accepts the same HPA declared twice, since the second apply replaces the first',
      yaml: hpa('dont-fire-hpa', 'worker') + hpa('dont-fire-hpa', 'worker'),
    },
    {
      name: 'accepts HPAs on same-named Deployments in different namespaces',
      yaml: hpa('dont-fire-a', 'worker', 'jobs') + hpa('dont-fire-b', 'worker', 'batch'),
    },
  ],
  invalid: [
    {
      name: 'reports two HPAs on one Deployment, each on its own scaleTargetRef',
      yaml: hpa('fire-cpu', 'worker') + hpa('fire-queue', 'worker'),
      findings: [
        {
          messageId: 'duplicateHpa',
          message:
            'HPA fire-cpu and HPA fire-queue both target Deployment worker: the controller disables both (ScalingActive False, AmbiguousSelector), or on older clusters they overwrite each other. Merge their metrics into one HPA.',
          line: 5,
          severity: 'error',
          path: 'spec.scaleTargetRef',
        },
        {
          messageId: 'duplicateHpa',
          message: /^HPA fire-queue and HPA fire-cpu both target Deployment worker/,
          line: 12,
        },
      ],
    },
    {
      name: 'reports two VPAs on one Deployment',
      yaml: vpa('fire-a', 'worker') + vpa('fire-b', 'worker'),
      findings: [
        {
          messageId: 'duplicateVpa',
          message:
            'VPA fire-a and VPA fire-b both target Deployment worker: VPA applies only the oldest to each pod and ignores the rest. Merge them into one VPA, with per-container settings in resourcePolicy.containerPolicies.',
          line: 5,
        },
        { messageId: 'duplicateVpa', message: /^VPA fire-b and VPA fire-a both target Deployment worker/, line: 11 },
      ],
    },
    {
      name: 'reports three HPAs on one Deployment, naming the other two on each',
      yaml: hpa('fire-a', 'worker') + hpa('fire-b', 'worker') + hpa('fire-c', 'worker'),
      findings: [
        {
          messageId: 'duplicateHpa',
          message:
            /^HPA fire-a and HPA fire-b and HPA fire-c all target Deployment worker: the controller disables all/,
          line: 5,
        },
        { messageId: 'duplicateHpa', message: /^HPA fire-b and HPA fire-a and HPA fire-c all target/, line: 12 },
        { messageId: 'duplicateHpa', message: /^HPA fire-c and HPA fire-a and HPA fire-b all target/, line: 19 },
      ],
    },
  ],
});
