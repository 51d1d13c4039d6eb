import { resourcesMissingMemoryLimit } from '../../../src/rules/resources/resources-missing-memory-limit.js';
import { ruleTester } from '../../helpers/rule-tester.js';

ruleTester.run(resourcesMissingMemoryLimit, {
  valid: [
    {
      name: 'accepts a Deployment when every container, init container and sidecar has a memory limit',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: dont-fire-memory-limits
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
            limits: {memory: 128Mi}
        - name: envoy
          image: envoyproxy/envoy:v1.33.0
          restartPolicy: Always
          resources:
            requests: {cpu: 50m, memory: 64Mi}
            limits: {memory: 64Mi}
      containers:
        - name: cart
          image: registry.example.com/shop/cart:4.2.0
          resources:
            requests: {cpu: 250m, memory: 256Mi}
            limits: {memory: 256Mi}
`,
    },
    {
      name: 'accepts containers without limits when a pod-level memory limit bounds the pod',
      yaml: `apiVersion: v1
kind: Pod
metadata:
  name: dont-fire-pod-level
spec:
  resources:
    limits: {cpu: "2", memory: 2Gi}
  containers:
    - name: app
      image: registry.example.com/app:1.0
    - name: log-shipper
      image: fluent/fluent-bit:3.2
`,
    },
    {
      name: 'accepts a memory limit written as a plain number of bytes',
      yaml: `apiVersion: batch/v1
kind: Job
metadata:
  name: dont-fire-bytes
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: export
          image: registry.example.com/export:1.0
          resources:
            limits:
              memory: 536870912
`,
    },
  ],
  invalid: [
    {
      name: 'reports a container with requests but no memory limit',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: fire-no-limit
  namespace: search
spec:
  selector:
    matchLabels: {app: indexer}
  template:
    metadata:
      labels: {app: indexer}
    spec:
      containers:
        - name: indexer
          image: registry.example.com/search/indexer:5.0.2
          resources:
            requests: {cpu: "1", memory: 2Gi}
            limits: {cpu: "2"}
`,
      findings: [
        {
          messageId: 'missingLimit',
          message:
            'Container indexer has no memory limit, so it can use memory until the node runs out and the OOM killer picks a victim.',
          line: 18,
          severity: 'warning',
        },
      ],
    },
    {
      name: 'reports a sidecar without a memory limit even when the app container has one',
      yaml: `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: fire-sidecar
spec:
  serviceName: kafka
  selector:
    matchLabels: {app: kafka}
  template:
    metadata:
      labels: {app: kafka}
    spec:
      initContainers:
        - name: jmx-exporter
          image: bitnami/jmx-exporter:1.1.0
          restartPolicy: Always
      containers:
        - name: kafka
          image: apache/kafka:3.9.0
          resources:
            requests: {cpu: "2", memory: 8Gi}
            limits: {memory: 8Gi}
`,
      findings: [
        { messageId: 'missingLimit', message: /^Sidecar container jmx-exporter has no memory limit,/, line: 14 },
      ],
    },
    {
      name: 'reports a memory limit of 0 as no limit',
      yaml: `apiVersion: v1
kind: Pod
metadata:
  name: fire-zero-limit
spec:
  containers:
    - name: app
      image: registry.example.com/app:1.0
      resources:
        limits: {memory: "0"}
`,
      findings: [
        {
          messageId: 'missingLimit',
          message: /^Container app has no memory limit \(a limit of 0 sets none\), so/,
          line: 10,
        },
      ],
    },
    {
      name: 'reports an unparsable memory limit as missing',
      yaml: `apiVersion: v1
kind: Pod
metadata:
  name: fire-invalid-limit
spec:
  containers:
    - name: app
      image: registry.example.com/app:1.0
      resources:
        limits:
          memory: 1GB
`,
      findings: [{ messageId: 'missingLimit', message: /^Container app has no memory limit, so/, line: 10 }],
    },
    {
      name: 'reports the limit as relying on a LimitRange default, at info severity',
      yaml: `apiVersion: v1
kind: LimitRange
metadata:
  name: mem-limit-range
  namespace: team-a
spec:
  limits:
    - type: Container
      default: {memory: 512Mi}
      defaultRequest: {memory: 256Mi}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: fire-limitrange
  namespace: team-a
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
            requests: {cpu: 100m, memory: 256Mi}
`,
      findings: [
        {
          messageId: 'limitFromLimitRange',
          message: 'Container api has no memory limit; it relies on LimitRange mem-limit-range to default it to 512Mi.',
          line: 27,
          severity: 'info',
        },
      ],
    },
    {
      name: 'reports containers when pod-level resources set only cpu',
      yaml: `apiVersion: v1
kind: Pod
metadata:
  name: fire-pod-level-cpu
spec:
  resources:
    limits: {cpu: "1"}
  containers:
    - name: app
      image: registry.example.com/app:1.0
`,
      findings: [{ messageId: 'missingLimit', message: /^Container app has no memory limit,/, line: 9 }],
    },
  ],
});
