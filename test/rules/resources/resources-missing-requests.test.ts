import { resourcesMissingRequests } from '../../../src/rules/resources/resources-missing-requests.js';
import { ruleTester } from '../../helpers/rule-tester.js';

ruleTester.run(resourcesMissingRequests, {
  valid: [
    {
      name: 'accepts a Deployment when every container requests cpu and memory',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: dont-fire-requests
  namespace: shop
spec:
  selector:
    matchLabels: {app: cart}
  template:
    metadata:
      labels: {app: cart}
    spec:
      initContainers:
        - name: migrate
          image: registry.example.com/shop/cart-migrate:1.0.0
          resources:
            requests: {cpu: 100m, memory: 128Mi}
        - name: envoy
          image: envoyproxy/envoy:v1.33.0
          restartPolicy: Always
          resources:
            requests: {cpu: 50m, memory: 64Mi}
      containers:
        - name: cart
          image: registry.example.com/shop/cart:4.2.0
          resources:
            requests: {cpu: 250m, memory: 256Mi}
`,
    },
    {
      name: 'accepts a container with limits only, because the requests are copied from the limits',
      yaml: `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: dont-fire-limits-only
  namespace: data
spec:
  serviceName: redis
  selector:
    matchLabels: {app: redis}
  template:
    metadata:
      labels: {app: redis}
    spec:
      containers:
        - name: redis
          image: redis:7.4
          resources:
            limits: {cpu: "1", memory: 1Gi}
`,
    },
    {
      name: 'accepts a container request of 0 when the pod-level request covers the resource',
      yaml: `apiVersion: v1
kind: Pod
metadata:
  name: dont-fire-zero-pod-level
spec:
  resources:
    requests: {cpu: 500m, memory: 256Mi}
  containers:
    - name: idle
      image: registry.example.com/tools/idle:1.0
      resources:
        requests: {cpu: "0", memory: 32Mi}
`,
    },
    {
      name: 'accepts containers without requests when pod-level resources cover cpu and memory',
      yaml: `apiVersion: v1
kind: Pod
metadata:
  name: dont-fire-pod-level
spec:
  resources:
    requests: {cpu: "1", memory: 1Gi}
  containers:
    - name: app
      image: registry.example.com/app:1.0
    - name: log-shipper
      image: fluent/fluent-bit:3.2
`,
    },
    {
      name: 'accepts objects that are not workloads',
      yaml: `apiVersion: v1
kind: Service
metadata:
  name: dont-fire-service
spec:
  selector: {app: cart}
  ports:
    - port: 80
`,
    },
  ],
  invalid: [
    {
      name: 'reports an explicit cpu request of 0 at the value, as unset, without stating the QoS class',
      yaml: `apiVersion: v1
kind: Pod
metadata:
  name: fire-zero-cpu
spec:
  containers:
    - name: idle
      image: registry.example.com/tools/idle:1.0
      resources:
        requests:
          cpu: "0"
          memory: 32Mi
`,
      findings: [
        {
          messageId: 'zeroRequest',
          line: 11,
          path: 'spec.containers[0].resources.requests.cpu',
          severity: 'warning',
          message:
            'Container idle requests cpu 0, which counts as unset: the scheduler reserves nothing for it, a LimitRange default does not replace it, and the QoS class ignores it. Set a request above zero.',
        },
      ],
    },
    {
      name: 'reports cpu and memory requests of 0 together, and a LimitRange does not excuse them',
      yaml: `apiVersion: v1
kind: LimitRange
metadata:
  name: container-defaults
  namespace: shop
spec:
  limits:
    - type: Container
      defaultRequest: {cpu: 100m, memory: 256Mi}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: fire-zero-both
  namespace: shop
spec:
  selector:
    matchLabels: {app: idle}
  template:
    metadata:
      labels: {app: idle}
    spec:
      containers:
        - name: idle
          image: registry.example.com/tools/idle:1.0
          resources:
            requests: {cpu: 0, memory: 0}
`,
      findings: [
        {
          messageId: 'zeroRequest',
          line: 27,
          severity: 'warning',
          message: /^Container idle requests cpu and memory 0, which counts as unset/,
        },
      ],
    },
    {
      name: 'reports a request of 0 copied from a limit of 0',
      yaml: `apiVersion: v1
kind: Pod
metadata:
  name: fire-zero-limit
spec:
  containers:
    - name: worker
      image: registry.example.com/tools/worker:1.0
      resources:
        limits: {cpu: "0", memory: 64Mi}
`,
      findings: [
        {
          messageId: 'zeroRequest',
          line: 10,
          message: /^Container worker requests cpu 0 \(copied from its limit\), which counts as unset/,
        },
      ],
    },
    {
      name: 'reports a request of 0 next to a missing request in the one finding for the container',
      yaml: `apiVersion: v1
kind: Pod
metadata:
  name: fire-zero-and-missing
spec:
  containers:
    - name: worker
      image: registry.example.com/tools/worker:1.0
      resources:
        requests: {cpu: 0m}
`,
      findings: [
        {
          messageId: 'missingRequest',
          line: 10,
          message:
            'Container worker has no cpu or memory request (its cpu request is 0, which counts as unset): the scheduler reserves no memory for it, and it is evicted first under memory pressure.',
        },
      ],
    },
    {
      name: 'reports a request of 0 that no LimitRange replaces next to a request the LimitRange defaults',
      yaml: `apiVersion: v1
kind: LimitRange
metadata:
  name: container-defaults
  namespace: shop
spec:
  limits:
    - type: Container
      defaultRequest: {cpu: 100m, memory: 256Mi}
---
apiVersion: v1
kind: Pod
metadata:
  name: fire-zero-limitrange
  namespace: shop
spec:
  containers:
    - name: worker
      image: registry.example.com/tools/worker:1.0
      resources:
        requests: {memory: "0"}
`,
      findings: [
        {
          messageId: 'missingRequestWithLimitRange',
          line: 21,
          severity: 'warning',
          message:
            'Container worker has no memory request (its memory request is 0, which counts as unset) (its cpu request relies on LimitRange container-defaults (cpu 100m)): the scheduler reserves no memory for it, and it is evicted first under memory pressure.',
        },
      ],
    },
    {
      name: 'reports a container without any request, without stating the pod QoS class (resources-qos-class states it)',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: fire-no-requests
  namespace: shop
spec:
  selector:
    matchLabels: {app: checkout}
  template:
    metadata:
      labels: {app: checkout}
    spec:
      containers:
        - name: checkout
          image: registry.example.com/shop/checkout:2.4.1
`,
      findings: [
        {
          messageId: 'missingRequest',
          message:
            'Container checkout has no cpu or memory request: the scheduler reserves no memory for it, and it is evicted first under memory pressure.',
          line: 14,
          severity: 'warning',
        },
      ],
    },
    {
      name: 'reports only the missing memory request, pointing at the requests',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: fire-no-memory-request
spec:
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
        - name: api
          image: registry.example.com/api:1.0
          resources:
            requests:
              cpu: 250m
            limits:
              cpu: 500m
`,
      findings: [
        {
          messageId: 'missingRequest',
          message:
            'Container api has no memory request: the scheduler reserves no memory for it, and it is evicted first under memory pressure.',
          line: 16,
          path: 'spec.template.spec.containers[0].resources.requests',
        },
      ],
    },
    {
      name: 'reports init containers and sidecars too',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: fire-init-and-sidecar
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      initContainers:
        - name: migrate
          image: registry.example.com/web-migrate:1.0
        - name: istio-proxy
          image: istio/proxyv2:1.24.0
          restartPolicy: Always
          resources:
            requests: {cpu: 100m}
      containers:
        - name: web
          image: registry.example.com/web:1.0
          resources:
            requests: {cpu: 250m, memory: 256Mi}
            limits: {cpu: 250m, memory: 256Mi}
`,
      findings: [
        {
          messageId: 'missingRequest',
          message:
            /^Init container migrate has no cpu or memory request: the scheduler reserves no memory for it, and it is evicted first under memory pressure\.$/,
          line: 13,
        },
        { messageId: 'missingRequest', message: /^Sidecar container istio-proxy has no memory request:/, line: 19 },
      ],
    },
    {
      name: 'reports a missing cpu request by what it does to cpu, without stating the QoS class',
      yaml: `apiVersion: v1
kind: Pod
metadata:
  name: api
  namespace: shop
spec:
  containers:
    - name: api
      image: registry.example.com/api:1.0
      resources:
        requests: {memory: 256Mi}
`,
      findings: [
        {
          messageId: 'missingRequest',
          message:
            'Container api has no cpu request: it gets the smallest cpu share and is starved when the node is busy.',
          line: 11,
        },
      ],
    },
    {
      name: 'reports a memory request of 1K as missing, since an invalid value counts as absent',
      yaml: `apiVersion: v1
kind: Pod
metadata:
  name: fire-invalid-request
  namespace: jobs
spec:
  containers:
    - name: worker
      image: registry.example.com/worker:2.0
      resources:
        requests:
          cpu: 100m
          memory: 1K
`,
      findings: [
        {
          messageId: 'missingRequest',
          message:
            'Container worker has no memory request: the scheduler reserves no memory for it, and it is evicted first under memory pressure.',
          line: 11,
        },
      ],
    },
    {
      name: 'reports the request as relying on a LimitRange in the namespace, at info severity',
      yaml: `apiVersion: v1
kind: LimitRange
metadata:
  name: container-defaults
  namespace: shop
spec:
  limits:
    - type: Container
      default: {cpu: 500m, memory: 512Mi}
      defaultRequest: {cpu: 100m, memory: 256Mi}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: fire-limitrange
  namespace: shop
spec:
  selector:
    matchLabels: {app: reviews}
  template:
    metadata:
      labels: {app: reviews}
    spec:
      containers:
        - name: reviews
          image: registry.example.com/shop/reviews:1.3.0
`,
      findings: [
        {
          messageId: 'requestFromLimitRange',
          message:
            'Container reviews has no cpu or memory request; it relies on LimitRange container-defaults (cpu 100m, memory 256Mi) to default it.',
          line: 25,
          severity: 'info',
        },
      ],
    },
    {
      name: 'reports a LimitRange with only max as defaulting the request to max',
      yaml: `apiVersion: v1
kind: LimitRange
metadata:
  name: memory-max
  namespace: batch
spec:
  limits:
    - type: Container
      max: {memory: 2Gi}
---
apiVersion: batch/v1
kind: Job
metadata:
  name: fire-limitrange-max
  namespace: batch
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: export
          image: registry.example.com/export:1.0
          resources:
            requests: {cpu: 500m}
`,
      findings: [
        {
          messageId: 'requestFromLimitRange',
          message:
            /^Container export has no memory request; it relies on LimitRange memory-max \(memory 2Gi\) to default it\.$/,
          line: 24,
          severity: 'info',
        },
      ],
    },
    {
      name: 'reports a warning when the LimitRange defaults only one of the missing requests',
      yaml: `apiVersion: v1
kind: LimitRange
metadata:
  name: cpu-defaults
  namespace: shop
spec:
  limits:
    - type: Container
      defaultRequest: {cpu: 100m}
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: fire-partial-limitrange
  namespace: shop
spec:
  selector:
    matchLabels: {app: node-agent}
  template:
    metadata:
      labels: {app: node-agent}
    spec:
      containers:
        - name: agent
          image: registry.example.com/node-agent:0.9
`,
      findings: [
        {
          messageId: 'missingRequestWithLimitRange',
          message:
            'Container agent has no memory request (its cpu request relies on LimitRange cpu-defaults (cpu 100m)): the scheduler reserves no memory for it, and it is evicted first under memory pressure.',
          line: 24,
          severity: 'warning',
        },
      ],
    },
    {
      name: 'reports a warning when the LimitRange defaults none of the missing requests',
      yaml: `apiVersion: v1
kind: LimitRange
metadata:
  name: cpu-defaults
  namespace: shop
spec:
  limits:
    - type: Container
      defaultRequest: {cpu: 100m}
---
apiVersion: v1
kind: Pod
metadata:
  name: fire-limitrange-other-resource
  namespace: shop
spec:
  containers:
    - name: cache
      image: registry.example.com/cache:2.1
      resources:
        requests: {cpu: 250m}
`,
      findings: [
        {
          messageId: 'missingRequestWithLimitRange',
          message:
            'Container cache has no memory request: the scheduler reserves no memory for it, and it is evicted first under memory pressure.',
          line: 21,
          severity: 'warning',
        },
      ],
    },
    {
      name: 'reports the container when the LimitRange is in another namespace',
      yaml: `apiVersion: v1
kind: LimitRange
metadata:
  name: container-defaults
  namespace: other
spec:
  limits:
    - type: Container
      defaultRequest: {cpu: 100m, memory: 128Mi}
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: fire-other-namespace
  namespace: shop
spec:
  schedule: "*/5 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: sync
              image: registry.example.com/sync:1.0
`,
      findings: [
        {
          messageId: 'missingRequest',
          message:
            /^Container sync has no cpu or memory request: the scheduler reserves no memory for it, and it is evicted first under memory pressure\.$/,
          line: 24,
        },
      ],
    },
    {
      name: 'reports only the resource that pod-level resources do not cover',
      yaml: `apiVersion: v1
kind: Pod
metadata:
  name: fire-pod-level-cpu-only
spec:
  resources:
    requests: {cpu: "1"}
  containers:
    - name: app
      image: registry.example.com/app:1.0
`,
      findings: [
        {
          messageId: 'missingRequest',
          message:
            'Container app has no memory request: the scheduler reserves no memory for it, and it is evicted first under memory pressure.',
          line: 9,
        },
      ],
    },
  ],
});
