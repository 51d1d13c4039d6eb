import { hpaUtilizationMissingRequests } from '../../../src/rules/autoscaling/hpa-utilization-missing-requests.js';
import { ruleTester } from '../../helpers/rule-tester.js';

/** A Deployment `search` in namespace catalog whose pod spec lines are `podSpec` (indented by 4 spaces). */
const deployment = (podSpec: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: search, namespace: catalog}
spec:
  selector: {matchLabels: {app: search}}
  template:
    metadata: {labels: {app: search}}
    spec:
${podSpec}---
`;

/** An autoscaling/v2 HPA on Deployment search; its metrics (indented by 4 spaces) start on its 7th line. */
const hpa = (name: string, metrics: string) => `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: ${name}, namespace: catalog}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: search}
  maxReplicas: 12
  metrics:
${metrics}`;

const CPU_UTILIZATION = `    - type: Resource
      resource:
        name: cpu
        target: {type: Utilization, averageUtilization: 60}
`;

ruleTester.run(hpaUtilizationMissingRequests, {
  valid: [
    {
      name: 'accepts cpu utilization when every container and sidecar requests cpu',
      yaml:
        deployment(`      initContainers:
        - {name: migrate, image: registry.example.com/catalog/migrate:3.1.0}
        - {name: mesh, image: registry.example.com/mesh/proxy:2.0, restartPolicy: Always, resources: {requests: {cpu: 20m}}}
      containers:
        - {name: search, image: registry.example.com/catalog/search:3.1.0, resources: {requests: {cpu: 500m}}}
`) + hpa('dont-fire-hpa', CPU_UTILIZATION),
    },
    {
      name: 'accepts a container with limits only, because its pods get the limit as request',
      yaml:
        deployment(`      containers:
        - {name: search, image: registry.example.com/catalog/search:3.1.0, resources: {limits: {cpu: "1", memory: 2Gi}}}
`) + hpa('dont-fire-hpa', CPU_UTILIZATION),
    },
    {
      name: 'accepts an AverageValue target, which needs no request',
      yaml:
        deployment(`      containers:
        - {name: search, image: registry.example.com/catalog/search:3.1.0}
`) +
        hpa(
          'dont-fire-hpa',
          `    - type: Resource
      resource: {name: memory, target: {type: AverageValue, averageValue: 1500Mi}}
`,
        ),
    },
    {
      name: 'accepts a ContainerResource metric on the one container that requests the resource',
      yaml:
        deployment(`      containers:
        - {name: search, image: registry.example.com/catalog/search:3.1.0, resources: {requests: {cpu: 500m}}}
        - {name: exporter, image: registry.example.com/ops/exporter:0.9}
`) +
        hpa(
          'dont-fire-hpa',
          `    - type: ContainerResource
      containerResource: {name: cpu, container: search, target: {type: Utilization, averageUtilization: 60}}
`,
        ),
    },
    {
      name: 'accepts containers without requests when a LimitRange in the namespace defaults them',
      yaml: `apiVersion: v1
kind: LimitRange
metadata: {name: defaults, namespace: catalog}
spec:
  limits:
    - type: Container
      defaultRequest: {cpu: 100m, memory: 128Mi}
---
${deployment(`      containers:
        - {name: search, image: registry.example.com/catalog/search:3.1.0}
`)}${hpa('dont-fire-hpa', CPU_UTILIZATION)}`,
    },
    {
      name: 'accepts pod-level cpu requests in place of container requests',
      yaml:
        deployment(`      resources: {requests: {cpu: "1", memory: 2Gi}}
      containers:
        - {name: search, image: registry.example.com/catalog/search:3.1.0}
        - {name: exporter, image: registry.example.com/ops/exporter:0.9}
`) + hpa('dont-fire-hpa', CPU_UTILIZATION),
    },
    {
      name: 'accepts memory utilization when only the cpu request is missing',
      yaml:
        deployment(`      containers:
        - {name: search, image: registry.example.com/catalog/search:3.1.0, resources: {requests: {memory: 1Gi}}}
`) +
        hpa(
          'dont-fire-hpa',
          `    - type: Resource
      resource: {name: memory, target: {type: Utilization, averageUtilization: 70}}
`,
        ),
    },
    {
      name: 'accepts an HPA whose target is not loaded, since its containers are unknown',
      yaml: hpa('dont-fire-hpa', CPU_UTILIZATION),
    },
  ],
  invalid: [
    {
      name: 'reports a native sidecar without a cpu request under a cpu utilization target',
      yaml:
        deployment(`      initContainers:
        - {name: mesh, image: registry.example.com/mesh/proxy:2.0, restartPolicy: Always}
      containers:
        - {name: search, image: registry.example.com/catalog/search:3.1.0, resources: {requests: {cpu: 500m}}}
`) + hpa('fire-hpa', CPU_UTILIZATION),
      findings: [
        {
          messageId: 'resourceRequestMissing',
          message:
            'HPA fire-hpa scales Deployment search on cpu utilization, but sidecar container mesh has no cpu request above zero (nor a limit, nor a default from a loaded LimitRange in namespace catalog): the HPA cannot compute the utilization (FailedGetResourceMetric, shown as <unknown>) and it is the only metric, so the HPA does not scale at all. Set resources.requests.cpu on it, or use an AverageValue target.',
          line: 24,
          severity: 'error',
          path: 'spec.metrics[0].resource.target.averageUtilization',
          // The container that lacks the request, in the Deployment.
          related: ['Deployment search:10'],
        },
      ],
    },
    {
      name: 'reports the implicit cpu metric of an HPA that names none',
      yaml: `${deployment(`      containers:
        - {name: search, image: registry.example.com/catalog/search:3.1.0, resources: {requests: {memory: 1Gi}}}
`)}apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: fire-hpa, namespace: catalog}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: search}
  maxReplicas: 12
`,
      findings: [
        {
          messageId: 'resourceRequestMissing',
          message:
            /on cpu utilization \(the default 80% target, since it names no metric\), but container search has no cpu request/,
          line: 15,
        },
      ],
    },
    {
      name: 'reports an autoscaling/v1 targetCPUUtilizationPercentage on a ReplicaSet without cpu requests',
      yaml: `apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: frontend, namespace: catalog}
spec:
  selector: {matchLabels: {tier: frontend}}
  template:
    metadata: {labels: {tier: frontend}}
    spec:
      containers:
        - {name: nginx, image: nginx:1.27}
---
apiVersion: autoscaling/v1
kind: HorizontalPodAutoscaler
metadata: {name: fire-hpa, namespace: catalog}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: ReplicaSet, name: frontend}
  maxReplicas: 10
  targetCPUUtilizationPercentage: 50
`,
      findings: [
        {
          messageId: 'resourceRequestMissing',
          message:
            /^HPA fire-hpa scales ReplicaSet frontend on cpu utilization, but container nginx has no cpu request/,
          line: 18,
        },
      ],
    },
    {
      name: 'reports a v2beta1 targetAverageUtilization on memory, naming every container without the request',
      yaml: `${deployment(`      containers:
        - {name: search, image: registry.example.com/catalog/search:3.1.0, resources: {requests: {cpu: 500m}}}
        - {name: exporter, image: registry.example.com/ops/exporter:0.9}
`)}apiVersion: autoscaling/v2beta1
kind: HorizontalPodAutoscaler
metadata: {name: fire-hpa, namespace: catalog}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: search}
  maxReplicas: 12
  metrics:
    - type: Resource
      resource: {name: memory, targetAverageUtilization: 80}
`,
      findings: [
        {
          messageId: 'resourceRequestMissing',
          message:
            /on memory utilization, but container search and container exporter have no memory request .* Set resources\.requests\.memory on each of them/,
          line: 21,
          path: 'spec.metrics[0].resource.targetAverageUtilization',
        },
      ],
    },
    {
      name: 'reports a ContainerResource utilization on a container without the request',
      yaml:
        deployment(`      containers:
        - {name: search, image: registry.example.com/catalog/search:3.1.0, resources: {requests: {cpu: 500m}}}
        - {name: exporter, image: registry.example.com/ops/exporter:0.9}
`) +
        hpa(
          'fire-hpa',
          `    - type: ContainerResource
      containerResource:
        name: cpu
        container: exporter
        target: {type: Utilization, averageUtilization: 60}
`,
        ),
      findings: [
        {
          messageId: 'containerRequestMissing',
          message:
            /on cpu utilization of container exporter, but container exporter has no cpu request .*FailedGetContainerResourceMetric/,
          line: 24,
        },
      ],
    },
    {
      name: 'reports a ContainerResource metric naming a container the pod template does not have',
      yaml:
        deployment(`      containers:
        - {name: search, image: registry.example.com/catalog/search:3.1.0, resources: {requests: {cpu: 500m}}}
`) +
        hpa(
          'fire-hpa',
          `    - type: ContainerResource
      containerResource:
        name: cpu
        container: serach
        target: {type: AverageValue, averageValue: 400m}
`,
        ),
      findings: [
        {
          messageId: 'unknownContainer',
          message:
            /but its pod template has no container or sidecar named serach \(it has search\): the metric never has data/,
          line: 22,
          path: 'spec.metrics[0].containerResource.container',
        },
      ],
    },
    {
      name: 'reports that scale-down stops when other metrics still work',
      yaml:
        deployment(`      containers:
        - {name: search, image: registry.example.com/catalog/search:3.1.0}
`) +
        hpa(
          'fire-hpa',
          `${CPU_UTILIZATION}    - type: Pods
      pods: {metric: {name: queries_per_second}, target: {type: AverageValue, averageValue: "100"}}
`,
        ),
      findings: [
        {
          messageId: 'resourceRequestMissing',
          message: /the HPA still scales up on its other metrics but never scales down/,
          line: 22,
        },
      ],
    },
  ],
});
