import { resourcesRequestExceedsLimit } from '../../../src/rules/resources/resources-request-exceeds-limit.js';
import { ruleTester } from '../../helpers/rule-tester.js';

ruleTester.run(resourcesRequestExceedsLimit, {
  valid: [
    {
      name: 'accepts requests equal to limits written in different units',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: dont-fire-equal-values
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
            requests: {cpu: 500m, memory: 1Gi}
            limits: {cpu: 0.5, memory: 1024Mi}
`,
    },
    {
      name: 'accepts a request without a limit when no LimitRange applies',
      yaml: `apiVersion: v1
kind: Pod
metadata:
  name: dont-fire-no-limit
spec:
  containers:
    - name: app
      image: registry.example.com/app:1.0
      resources:
        requests: {cpu: "4", memory: 8Gi}
`,
    },
    {
      name: 'accepts values that only differ below 1m, since the API rounds both up to 1m',
      yaml: `apiVersion: v1
kind: Pod
metadata:
  name: dont-fire-rounding
spec:
  containers:
    - name: app
      image: registry.example.com/app:1.0
      resources:
        requests: {cpu: "0.0002"}
        limits: {cpu: "0.0001"}
`,
    },
    {
      name: 'accepts a request below a LimitRange default limit',
      yaml: `apiVersion: v1
kind: LimitRange
metadata:
  name: cpu-defaults
  namespace: shop
spec:
  limits:
    - type: Container
      default: {cpu: "1"}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: dont-fire-limitrange
  namespace: shop
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: registry.example.com/web:1.0
          resources:
            requests: {cpu: 700m}
`,
    },
    {
      name: 'accepts an unparsable value, which resources-invalid-quantity reports',
      yaml: `apiVersion: v1
kind: Pod
metadata:
  name: dont-fire-invalid
spec:
  containers:
    - name: app
      image: registry.example.com/app:1.0
      resources:
        requests: {memory: 2GB}
        limits: {memory: 1Gi}
`,
    },
  ],
  invalid: [
    {
      name: 'reports a memory request of 1Gi above a limit of 1000Mi, comparing values',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: fire-gi-vs-mi
  namespace: billing
spec:
  selector:
    matchLabels: {app: billing-api}
  template:
    metadata:
      labels: {app: billing-api}
    spec:
      containers:
        - name: api
          image: registry.example.com/billing/api:3.7.0
          resources:
            requests:
              cpu: 500m
              memory: 1Gi
            limits:
              cpu: "1"
              memory: 1000Mi
`,
      findings: [
        {
          messageId: 'requestAboveLimit',
          message:
            'Container api requests memory 1Gi, more than its limit 1000Mi (1024Mi > 1000Mi); the API server rejects the Deployment ("must be less than or equal to … limit"), so the apply fails.',
          line: 19,
          severity: 'error',
          path: 'spec.template.spec.containers[0].resources.requests.memory',
        },
      ],
    },
    {
      name: 'reports a cpu request above its limit in an init container',
      yaml: `apiVersion: batch/v1
kind: Job
metadata:
  name: fire-init-cpu
spec:
  template:
    spec:
      restartPolicy: Never
      initContainers:
        - name: fetch
          image: registry.example.com/fetch:1.0
          resources:
            requests: {cpu: "1.5"}
            limits: {cpu: 1200m}
      containers:
        - name: run
          image: registry.example.com/run:1.0
`,
      findings: [
        {
          messageId: 'requestAboveLimit',
          message:
            /^Init container fetch requests cpu 1\.5, more than its limit 1200m \(1500m > 1200m\); the API server rejects the Job/,
          line: 13,
        },
      ],
    },
    {
      name: 'reports a request above the default limit of a LimitRange, which only fails at Pod creation',
      yaml: `apiVersion: v1
kind: LimitRange
metadata:
  name: cpu-defaults
  namespace: shop
spec:
  limits:
    - type: Container
      default: {cpu: 500m}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: fire-limitrange
  namespace: shop
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: registry.example.com/web:1.0
          resources:
            requests:
              cpu: 700m
`,
      findings: [
        {
          messageId: 'templateRequestAboveDefaultLimit',
          message:
            'Container web requests cpu 700m but sets no limit, and LimitRange cpu-defaults gives it the default limit 500m; every Pod is rejected at creation, which only shows as FailedCreate events on the ReplicaSet.',
          line: 28,
        },
      ],
    },
    {
      name: 'reports a LimitRange max used as the default limit',
      yaml: `apiVersion: v1
kind: LimitRange
metadata:
  name: memory-max
  namespace: batch
spec:
  limits:
    - type: Container
      max: {memory: 1Gi}
---
apiVersion: v1
kind: Pod
metadata:
  name: fire-limitrange-max
  namespace: batch
spec:
  containers:
    - name: app
      image: registry.example.com/app:1.0
      resources:
        requests: {memory: 2Gi}
`,
      findings: [
        {
          messageId: 'requestAboveDefaultLimit',
          message:
            /LimitRange memory-max gives it the default limit 1Gi; the API server rejects the Pod at creation\.$/,
          line: 21,
        },
      ],
    },
    {
      name: 'reports pod-level requests above pod-level limits',
      yaml: `apiVersion: v1
kind: Pod
metadata:
  name: fire-pod-level
spec:
  resources:
    requests: {memory: 2Gi}
    limits: {memory: 1Gi}
  containers:
    - name: app
      image: registry.example.com/app:1.0
`,
      findings: [
        {
          messageId: 'podRequestAboveLimit',
          message:
            'The pod-level memory request 2Gi is more than the pod-level limit 1Gi; the API server rejects the Pod ("must be less than or equal to … limit"), so the apply fails.',
          line: 7,
        },
      ],
    },
    {
      name: 'reports each resource of each container separately',
      yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: fire-two
spec:
  selector:
    matchLabels: {app: agent}
  template:
    metadata:
      labels: {app: agent}
    spec:
      containers:
        - name: agent
          image: registry.example.com/agent:1.0
          resources:
            requests: {cpu: "2", ephemeral-storage: 2Gi}
            limits: {cpu: "1", ephemeral-storage: 1Gi}
`,
      findings: [
        {
          messageId: 'requestAboveLimit',
          message: /^Container agent requests cpu 2, more than its limit 1;/,
          line: 16,
        },
        {
          messageId: 'requestAboveLimit',
          message: /^Container agent requests ephemeral-storage 2Gi, more than its limit 1Gi;/,
          line: 16,
        },
      ],
    },
  ],
});
