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
      name: 'reports two HPAs on one Deployment once, at the one defined last, with the other scaleTargetRef related',
      yaml: hpa('fire-cpu', 'worker') + hpa('fire-queue', 'worker'),
      findings: [
        {
          messageId: 'duplicateHpa',
          message:
            'HPA fire-queue and HPA fire-cpu both target Deployment worker: the controller disables both (ScalingActive False, AmbiguousSelector), or on older clusters they overwrite each other. Merge their metrics into one HPA.',
          line: 12,
          severity: 'error',
          path: 'spec.scaleTargetRef',
          related: ['HorizontalPodAutoscaler fire-cpu:5'],
        },
      ],
    },
    {
      // Each HPA states the problem (admission checks the one written); when the kept finding is suppressed, the
      // other HPA's is reported.
      name: 'reports two HPAs at the first one when the finding on the last is suppressed',
      yaml:
        hpa('fire-cpu', 'worker') +
        hpa('fire-queue', 'worker').replace(
          'metadata: {name: fire-queue, namespace: jobs}',
          'metadata: {name: fire-queue, namespace: jobs, annotations: {ignore-check.kubeward.io/autoscaling-duplicate-target: "fire-cpu is being removed"}}',
        ),
      findings: [
        {
          messageId: 'duplicateHpa',
          message: /^HPA fire-cpu and HPA fire-queue both target Deployment worker/,
          line: 5,
          related: ['HorizontalPodAutoscaler fire-queue:12'],
        },
      ],
    },
    {
      name: 'reports two VPAs on one Deployment once, at the one defined last',
      yaml: vpa('fire-a', 'worker') + vpa('fire-b', 'worker'),
      findings: [
        {
          messageId: 'duplicateVpa',
          message:
            'VPA fire-b and VPA fire-a both target Deployment worker: VPA applies only the oldest to each pod and ignores the rest. Merge them into one VPA, with per-container settings in resourcePolicy.containerPolicies.',
          line: 11,
          related: ['VerticalPodAutoscaler fire-a:5'],
        },
      ],
    },
    {
      name: 'reports three HPAs on one Deployment once, at the last, naming the other two and relating their scaleTargetRefs',
      yaml: hpa('fire-a', 'worker') + hpa('fire-b', 'worker') + hpa('fire-c', 'worker'),
      findings: [
        {
          messageId: 'duplicateHpa',
          message:
            /^HPA fire-c and HPA fire-a and HPA fire-b all target Deployment worker: the controller disables all/,
          line: 19,
          related: ['HorizontalPodAutoscaler fire-a:5', 'HorizontalPodAutoscaler fire-b:12'],
        },
      ],
    },
  ],
});
