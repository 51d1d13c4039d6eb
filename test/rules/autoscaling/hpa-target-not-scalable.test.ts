import { hpaTargetNotScalable } from '../../../src/rules/autoscaling/hpa-target-not-scalable.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const hpa = (name: string, apiVersion: string, kind: string) => `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: ${name}, namespace: logging}
spec:
  scaleTargetRef:
    apiVersion: ${apiVersion}
    kind: ${kind}
    name: shipper
  minReplicas: 1
  maxReplicas: 5
`;

ruleTester.run(hpaTargetNotScalable, {
  valid: [
    { name: 'accepts an HPA on a Deployment', yaml: hpa('dont-fire-deploy', 'apps/v1', 'Deployment') },
    { name: 'accepts an HPA on a StatefulSet', yaml: hpa('dont-fire-sts', 'apps/v1', 'StatefulSet') },
    {
      name: 'accepts an HPA on a custom resource it cannot judge',
      yaml: hpa('dont-fire-rollout', 'argoproj.io/v1alpha1', 'Rollout'),
    },
    {
      name: 'accepts a custom resource that shares a built-in name but not its API group',
      yaml: hpa('dont-fire-kruise', 'apps.kruise.io/v1alpha1', 'DaemonSet'),
    },
  ],
  invalid: [
    {
      name: 'reports an HPA on a DaemonSet at the target kind',
      yaml: hpa('fire-ds', 'apps/v1', 'DaemonSet'),
      findings: [
        {
          messageId: 'noScaleSubresource',
          message:
            'HPA fire-ds targets DaemonSet shipper, which has no scale subresource: the HPA reports FailedGetScale and never scales it. Instead, a DaemonSet runs one pod per matching node, so scale the nodes (cluster autoscaler) or the pod size (VPA).',
          line: 7,
          severity: 'error',
          path: 'spec.scaleTargetRef.kind',
        },
      ],
    },
    {
      name: 'reports an HPA on a Job',
      yaml: hpa('fire-job', 'batch/v1', 'Job'),
      findings: [
        {
          messageId: 'noScaleSubresource',
          message: /^HPA fire-job targets Job shipper, which has no scale subresource.*spec\.parallelism/,
          line: 7,
        },
      ],
    },
    {
      name: 'reports an HPA on a CronJob',
      yaml: hpa('fire-cronjob', 'batch/v1', 'CronJob'),
      findings: [{ messageId: 'noScaleSubresource', message: /^HPA fire-cronjob targets CronJob shipper/, line: 7 }],
    },
    {
      name: 'reports an HPA on a bare Pod',
      yaml: hpa('fire-pod', 'v1', 'Pod'),
      findings: [
        {
          messageId: 'noScaleSubresource',
          message: /^HPA fire-pod targets Pod shipper.*run the pod from a Deployment or StatefulSet/,
          line: 7,
        },
      ],
    },
  ],
});
