import { autoscalingTargetNotFound } from '../../../src/rules/autoscaling/autoscaling-target-not-found.js';
import { ruleTester } from '../../helpers/rule-tester.js';

// Lines 1-11; the next document starts on line 12.
const WEB = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - {name: app, image: registry.example.com/shop/web:1.0}
---
`;

ruleTester.run(autoscalingTargetNotFound, {
  valid: [
    {
      name: 'leaves an HPA without a scaleTargetRef name to autoscaling-missing-target-ref',
      yaml: `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: dont-fire-no-name, namespace: shop}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment}
  maxReplicas: 5
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
    {
      name: 'on a cluster listing, says nothing of a target of a kind kubeward does not read (an Argo Rollout)',
      cluster: true,
      yaml: `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: checkout-hpa, namespace: shop}
spec:
  scaleTargetRef: {apiVersion: argoproj.io/v1alpha1, kind: Rollout, name: checkout}
  minReplicas: 2
  maxReplicas: 5
`,
    },
    {
      name: 'accepts an HPA and a VPA whose Deployment is loaded',
      yaml: `${WEB}apiVersion: autoscaling/v2
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
      name: 'accepts a target matched by kind and name even when the apiVersion differs',
      yaml: `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: dont-fire-hpa, namespace: shop}
spec:
  scaleTargetRef: {apiVersion: argoproj.io/v1, kind: Rollout, name: web}
  maxReplicas: 5
---
${WEB}apiVersion: autoscaling.k8s.io/v1
kind: VerticalPodAutoscaler
metadata: {name: dont-fire-vpa, namespace: shop}
spec:
  targetRef: {apiVersion: extensions/v1beta1, kind: Deployment, name: web}
`,
    },
    {
      name: 'accepts a target in the default namespace when neither object names one',
      yaml: `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  selector: {matchLabels: {app: db}}
---
apiVersion: autoscaling.k8s.io/v1
kind: VerticalPodAutoscaler
metadata: {name: dont-fire-vpa, namespace: default}
spec:
  targetRef: {apiVersion: apps/v1, kind: StatefulSet, name: db}
`,
    },
  ],
  invalid: [
    {
      name: 'reports an HPA whose Deployment name is not loaded, as info that allows for a partial file set',
      yaml: `${WEB}apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: fire-hpa, namespace: shop}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web-api}
  maxReplicas: 5
`,
      findings: [
        {
          messageId: 'targetNotLoaded',
          message:
            'HPA fire-hpa targets Deployment web-api, which is not among the loaded objects in namespace shop (the file set may be partial). If it does not exist in the cluster either, the HPA reports FailedGetScale and scales nothing; check the kind and the name.',
          line: 16,
          severity: 'info',
          path: 'spec.scaleTargetRef',
        },
      ],
    },
    {
      name: 'reports a VPA whose target has the right name but the wrong kind',
      yaml: `${WEB}apiVersion: autoscaling.k8s.io/v1
kind: VerticalPodAutoscaler
metadata: {name: fire-vpa, namespace: shop}
spec:
  targetRef:
    apiVersion: apps/v1
    kind: StatefulSet
    name: web
`,
      findings: [
        {
          messageId: 'targetNotLoaded',
          message:
            /^VPA fire-vpa targets StatefulSet web, which is not among the loaded objects in namespace shop .*ConfigUnsupported/,
          line: 16,
        },
      ],
    },
    {
      name: 'reports a target that exists only in another namespace',
      yaml: `${WEB}apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: fire-hpa, namespace: staging}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: 5
`,
      findings: [
        {
          messageId: 'targetNotLoaded',
          message: /not among the loaded objects in namespace staging/,
          line: 16,
          severity: 'info',
        },
      ],
    },
    {
      name: 'on a cluster listing, says the target does not exist, without the partial-files hedge',
      cluster: true,
      yaml: `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: checkout-hpa, namespace: shop}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: checkout}
  minReplicas: 2
  maxReplicas: 5
`,
      findings: [
        {
          messageId: 'targetNotInCluster',
          message:
            'HPA checkout-hpa targets Deployment checkout, which does not exist in namespace shop of the cluster, so the ' +
            'HPA reports FailedGetScale and scales nothing; check the kind and the name.',
          line: 5,
          severity: 'warning',
        },
      ],
    },
  ],
});
