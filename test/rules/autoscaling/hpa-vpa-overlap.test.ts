import { hpaVpaOverlap, MAX_PARTNERS } from '../../../src/rules/autoscaling/hpa-vpa-overlap.js';
import { ruleTester } from '../../helpers/rule-tester.js';

// Lines 1-12; the next document starts on line 13.
const WEB = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - {name: app, image: registry.example.com/shop/web:1.0, resources: {requests: {cpu: 200m, memory: 256Mi}}}
        - {name: proxy, image: envoyproxy/envoy:v1.33.0, resources: {requests: {cpu: 50m, memory: 64Mi}}}
---
`;

// Lines 13-21 after WEB; the cpu metric is on line 20.
const HPA_CPU = (name: string) => `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: ${name}, namespace: shop}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: 10
  metrics:
    - type: Resource
      resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}
---
`;

// Lines 23-28 after WEB + HPA_CPU; updateMode on line 28, then `extra` from line 29.
const VPA = (name: string, updatePolicy: string, extra = '') => `apiVersion: autoscaling.k8s.io/v1
kind: VerticalPodAutoscaler
metadata: {name: ${name}, namespace: shop}
spec:
  targetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  updatePolicy: ${updatePolicy}
${extra}`;

ruleTester.run(hpaVpaOverlap, {
  valid: [
    {
      name: 'accepts a VPA in Off mode next to an HPA on cpu',
      yaml: WEB + HPA_CPU('dont-fire-hpa') + VPA('dont-fire-vpa', '{updateMode: "Off"}'),
    },
    {
      name: 'accepts a VPA in Initial mode, which only sets requests when pods are created',
      yaml: WEB + HPA_CPU('dont-fire-hpa') + VPA('dont-fire-vpa', '{updateMode: Initial}'),
    },
    {
      name: 'accepts a VPA on memory next to an HPA on cpu',
      yaml:
        WEB +
        HPA_CPU('dont-fire-hpa') +
        VPA(
          'dont-fire-vpa',
          '{updateMode: Recreate}',
          `  resourcePolicy:
    containerPolicies:
      - {containerName: '*', controlledResources: [memory]}
`,
        ),
    },
    {
      name: 'accepts an HPA on Pods, Object and External metrics only',
      yaml: `${WEB}apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: dont-fire-hpa, namespace: shop}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: 10
  metrics:
    - type: Pods
      pods: {metric: {name: http_requests_per_second}, target: {type: AverageValue, averageValue: "50"}}
    - type: Object
      object:
        describedObject: {apiVersion: networking.k8s.io/v1, kind: Ingress, name: web}
        metric: {name: requests_per_second}
        target: {type: Value, value: 2k}
    - type: External
      external: {metric: {name: queue_depth}, target: {type: AverageValue, averageValue: "30"}}
---
${VPA('dont-fire-vpa', '{updateMode: Recreate}')}`,
    },
    {
      name: 'accepts a VPA whose container policies are all in mode Off',
      yaml:
        WEB +
        HPA_CPU('dont-fire-hpa') +
        VPA(
          'dont-fire-vpa',
          '{updateMode: Recreate}',
          `  resourcePolicy:
    containerPolicies:
      - {containerName: '*', mode: "Off"}
`,
        ),
    },
    {
      name: 'accepts a ContainerResource metric on a container the VPA leaves alone',
      yaml: `${WEB}apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: dont-fire-hpa, namespace: shop}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: 10
  metrics:
    - type: ContainerResource
      containerResource: {name: cpu, container: proxy, target: {type: Utilization, averageUtilization: 60}}
---
${VPA(
  'dont-fire-vpa',
  '{updateMode: InPlaceOrRecreate}',
  `  resourcePolicy:
    containerPolicies:
      - {containerName: proxy, mode: "Off"}
`,
)}`,
    },
    {
      name: 'accepts an HPA and a VPA on workloads of different kinds that share a name',
      yaml: `${WEB}${HPA_CPU('dont-fire-hpa')}apiVersion: autoscaling.k8s.io/v1
kind: VerticalPodAutoscaler
metadata: {name: dont-fire-vpa, namespace: shop}
spec:
  targetRef: {apiVersion: apps/v1, kind: StatefulSet, name: web}
`,
    },
    {
      name: 'accepts an HPA and a VPA on workloads of the same name in different namespaces',
      yaml: `${WEB}${HPA_CPU('dont-fire-hpa')}apiVersion: autoscaling.k8s.io/v1
kind: VerticalPodAutoscaler
metadata: {name: dont-fire-vpa, namespace: staging}
spec:
  targetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
`,
    },
  ],
  invalid: [
    {
      name: 'reports the overlap of a Recreate VPA and an HPA on cpu utilization once, at the VPA, with the HPA related',
      yaml: WEB + HPA_CPU('fire-hpa') + VPA('fire-vpa', '{updateMode: Recreate}'),
      findings: [
        {
          messageId: 'vpaOverlap',
          message:
            "VPA fire-vpa (updateMode Recreate) changes the cpu requests of containers app, proxy of Deployment web in running pods, while HPA fire-hpa scales it on cpu utilization: VPA raises the request and replaces or resizes pods, the HPA sees utilization fall and scales in, and VPA recalculates on fewer pods, so the two fight. Set the VPA's updateMode to Initial or Off, or narrow the VPA's controlledResources to [memory].",
          line: 28,
          severity: 'error',
          path: 'spec.updatePolicy.updateMode',
          related: ['HorizontalPodAutoscaler fire-hpa:20'],
        },
      ],
    },
    {
      // Lint checks both objects, and the VPA's finding is kept; when it is suppressed, the HPA's still states the
      // overlap (a suppression silences the rule on one object, not the problem), as admission does for an HPA
      // written while the VPA is in the cluster (test/webhook/admission.test.ts).
      name: 'reports the overlap at the HPA, with the VPA related, when the finding on the VPA is suppressed',
      yaml:
        WEB +
        HPA_CPU('fire-hpa') +
        VPA('fire-vpa', '{updateMode: Recreate}').replace(
          'metadata: {name: fire-vpa, namespace: shop}',
          'metadata: {name: fire-vpa, namespace: shop, annotations: {ignore-check.kubeward.io/hpa-vpa-overlap: "HPA moves to a queue metric"}}',
        ),
      findings: [
        {
          messageId: 'hpaOverlap',
          message:
            "HPA fire-hpa scales Deployment web on cpu utilization, while VPA fire-vpa (updateMode Recreate) changes the cpu requests of containers app, proxy in running pods: VPA raises the request and replaces or resizes pods, the HPA sees utilization fall and scales in, and VPA recalculates on fewer pods, so the two fight. Set the VPA's updateMode to Initial or Off, or narrow the VPA's controlledResources to [memory].",
          line: 20,
          severity: 'error',
          path: 'spec.metrics[0]',
          related: ['VerticalPodAutoscaler fire-vpa:23'],
        },
      ],
    },
    {
      name: 'reports the implicit 80% cpu metric of an HPA without metrics against a VPA without updatePolicy',
      yaml: `${WEB}apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: fire-hpa, namespace: shop}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: 10
---
apiVersion: autoscaling.k8s.io/v1
kind: VerticalPodAutoscaler
metadata: {name: fire-vpa, namespace: shop}
spec:
  targetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
`,
      findings: [
        {
          messageId: 'vpaOverlap',
          message:
            /^VPA fire-vpa \(updateMode unset, so Recreate\) changes the cpu requests of containers app, proxy of Deployment web in running pods, while HPA fire-hpa scales it on cpu utilization \(the default 80% target, since it names no metric\)/,
          line: 23,
          related: ['HorizontalPodAutoscaler fire-hpa:16'],
        },
      ],
    },
    {
      name: 'reports an autoscaling/v1 HPA on targetCPUUtilizationPercentage against an InPlaceOrRecreate VPA',
      yaml: `${WEB}apiVersion: autoscaling/v1
kind: HorizontalPodAutoscaler
metadata: {name: fire-hpa, namespace: shop}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: 10
  targetCPUUtilizationPercentage: 60
---
${VPA('fire-vpa', '{updateMode: InPlaceOrRecreate}')}`,
      findings: [
        {
          messageId: 'vpaOverlap',
          message:
            /^VPA fire-vpa \(updateMode InPlaceOrRecreate\) changes the cpu requests of containers app, proxy of Deployment web in running pods, while HPA fire-hpa scales it on cpu utilization:/,
          line: 26,
        },
      ],
    },
    {
      name: 'reports a v2beta1 HPA on memory targetAverageUtilization against a VPA in the deprecated Auto mode',
      yaml: `${WEB}apiVersion: autoscaling/v2beta1
kind: HorizontalPodAutoscaler
metadata: {name: fire-hpa, namespace: shop}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: 10
  metrics:
    - type: Resource
      resource: {name: memory, targetAverageUtilization: 75}
---
${VPA('fire-vpa', '{updateMode: Auto}')}`,
      findings: [
        {
          messageId: 'vpaOverlap',
          message:
            /^VPA fire-vpa \(updateMode Auto\) changes the memory requests of containers app, proxy of Deployment web in running pods, while HPA fire-hpa scales it on memory utilization: .* narrow the VPA's controlledResources to \[cpu\]\.$/,
          line: 28,
        },
      ],
    },
    {
      name: 'reports both overlapping metrics in one finding at the VPA, and suggests leaving resource metrics when the HPA uses both cpu and memory',
      yaml: `${WEB}apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: fire-hpa, namespace: shop}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: 10
  metrics:
    - type: Resource
      resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}
    - type: Resource
      resource: {name: memory, target: {type: AverageValue, averageValue: 200Mi}}
---
${VPA('fire-vpa', '{updateMode: InPlace}')}`,
      findings: [
        {
          messageId: 'vpaOverlap',
          message:
            /^VPA fire-vpa \(updateMode InPlace\) changes the cpu and memory requests of containers app, proxy of Deployment web in running pods, while HPA fire-hpa scales it on cpu utilization and memory average value: .*or move the HPA to Pods, Object or External metrics\.$/,
          line: 30,
          related: ['HorizontalPodAutoscaler fire-hpa:20'],
        },
      ],
    },
    {
      name: 'reports a ContainerResource metric on a container the VPA controls through its * policy',
      yaml: `${WEB}apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: fire-hpa, namespace: shop}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: 10
  metrics:
    - type: ContainerResource
      containerResource: {name: cpu, container: app, target: {type: Utilization, averageUtilization: 60}}
---
${VPA(
  'fire-vpa',
  '{updateMode: Recreate}',
  `  resourcePolicy:
    containerPolicies:
      - {containerName: proxy, mode: "Off"}
      - {containerName: '*', controlledResources: [cpu]}
`,
)}`,
      findings: [
        {
          messageId: 'vpaOverlap',
          message:
            /^VPA fire-vpa \(updateMode Recreate\) changes the cpu requests of container app of Deployment web in running pods, while HPA fire-hpa scales it on cpu utilization of container app:/,
          line: 28,
        },
      ],
    },
    {
      name: 'reports a VPA whose container policy narrows one container but whose default still controls the HPA resource',
      yaml:
        WEB +
        HPA_CPU('fire-hpa') +
        VPA(
          'fire-vpa',
          '{updateMode: Recreate}',
          `  resourcePolicy:
    containerPolicies:
      - {containerName: app, controlledResources: [memory]}
`,
        ),
      findings: [
        {
          messageId: 'vpaOverlap',
          message:
            /^VPA fire-vpa \(updateMode Recreate\) changes the cpu requests of container proxy of Deployment web/,
          line: 28,
        },
      ],
    },
    {
      name: 'says, one level lower, that it compared an HPA with the first MAX_PARTNERS of the VPAs on its target',
      yaml:
        WEB +
        HPA_CPU('fire-hpa') +
        Array.from({ length: MAX_PARTNERS + 1 }, (_, i) => VPA(`fire-vpa-${i}`, '{updateMode: "Off"}')).join('---\n'),
      findings: [
        {
          messageId: 'partnersTruncated',
          message: `HPA fire-hpa shares Deployment web with ${MAX_PARTNERS + 1} VerticalPodAutoscalers; kubeward compared it with the first ${MAX_PARTNERS} only. Keep one VerticalPodAutoscaler per workload (autoscaling-duplicate-target).`,
          line: 17,
          severity: 'warning',
          path: 'spec.scaleTargetRef',
        },
      ],
    },
    {
      name: 'reports the overlap when the common target is not among the loaded objects',
      yaml: `${HPA_CPU('fire-hpa')}${VPA('fire-vpa', '{updateMode: Recreate}')}`,
      findings: [
        {
          messageId: 'vpaOverlap',
          message: /^VPA fire-vpa \(updateMode Recreate\) changes the cpu requests of Deployment web/,
          line: 16,
          related: ['HorizontalPodAutoscaler fire-hpa:8'],
        },
      ],
    },
  ],
});
