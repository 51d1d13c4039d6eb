import { vpaUnservedApiVersion } from '../../../src/rules/autoscaling/vpa-unserved-api-version.js';
import { ruleTester } from '../../helpers/rule-tester.js';

/** A VPA in `apiVersion` with `spec` (indented by 2 spaces) from line 4. */
const vpa = (apiVersion: string, name: string, spec: string) => `apiVersion: ${apiVersion}
kind: VerticalPodAutoscaler
metadata: {name: ${name}, namespace: shop}
spec:
${spec}`;

const TARGET = '  targetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n';
const SELECTOR = '  selector:\n    matchLabels: {app: web}\n';

ruleTester.run(vpaUnservedApiVersion, {
  valid: [
    {
      name: 'accepts a VPA in autoscaling.k8s.io/v1',
      yaml: vpa('autoscaling.k8s.io/v1', 'dont-fire-v1', TARGET),
    },
    {
      name: 'accepts other kinds of the group, such as a v1beta2 VerticalPodAutoscalerCheckpoint',
      yaml: `apiVersion: autoscaling.k8s.io/v1beta2
kind: VerticalPodAutoscalerCheckpoint
metadata: {name: dont-fire-checkpoint, namespace: shop}
spec: {vpaObjectName: web, containerName: app}
`,
    },
    {
      name: 'accepts a VerticalPodAutoscaler of another API group',
      yaml: vpa('poc.autoscaling.k8s.io/v1alpha1', 'dont-fire-other-group', SELECTOR),
    },
  ],
  invalid: [
    {
      name: 'reports a v1beta2 VPA as an apply failure whose only change is the apiVersion',
      yaml: vpa('autoscaling.k8s.io/v1beta2', 'fire-v1beta2', TARGET),
      findings: [
        {
          messageId: 'unservedVersion',
          line: 1,
          path: 'apiVersion',
          severity: 'error',
          message:
            'VPA fire-v1beta2 is written in autoscaling.k8s.io/v1beta2, which the VPA CRD does not serve (only autoscaling.k8s.io/v1, since VPA 1.3.0): the apply fails with "no matches for kind VerticalPodAutoscaler in version autoscaling.k8s.io/v1beta2". Change apiVersion to autoscaling.k8s.io/v1; nothing else in the manifest changes.',
        },
      ],
    },
    {
      name: 'reports a v1beta1 VPA that selects pods by label, saying to name the workload in spec.targetRef',
      yaml: vpa('autoscaling.k8s.io/v1beta1', 'fire-v1beta1', SELECTOR),
      findings: [
        {
          messageId: 'unservedVersion',
          line: 1,
          severity: 'error',
          message:
            /in version autoscaling\.k8s\.io\/v1beta1"\. Change apiVersion to autoscaling\.k8s\.io\/v1 and replace spec\.selector with spec\.targetRef naming the workload whose pods it selects/,
        },
      ],
    },
    {
      name: 'reports a VPA with both a selector and a targetRef, saying to remove the selector',
      yaml: vpa('autoscaling.k8s.io/v1beta1', 'fire-both', `${SELECTOR}${TARGET}`),
      findings: [
        {
          messageId: 'unservedVersion',
          line: 1,
          message:
            /Change apiVersion to autoscaling\.k8s\.io\/v1 and remove spec\.selector \(v1 selects the pods through spec\.targetRef only\)\.$/,
        },
      ],
    },
    {
      name: 'reports a v1beta2 VPA without a targetRef, saying v1 requires one',
      yaml: vpa('autoscaling.k8s.io/v1beta2', 'fire-no-target', '  updatePolicy: {updateMode: "Off"}\n'),
      findings: [
        {
          messageId: 'unservedVersion',
          line: 1,
          message: /and set spec\.targetRef, which v1 requires, to the workload it is meant for\.$/,
        },
      ],
    },
  ],
});
