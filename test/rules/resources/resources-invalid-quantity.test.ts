import { resourcesInvalidQuantity } from '../../../src/rules/resources/resources-invalid-quantity.js';
import { ruleTester } from '../../helpers/rule-tester.js';

ruleTester.run(resourcesInvalidQuantity, {
  valid: [
    {
      name: 'accepts every form of the quantity grammar',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: dont-fire-grammar
spec:
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      initContainers:
        - name: init
          image: registry.example.com/init:1.0
          resources:
            requests: {cpu: .5, memory: 1.5Gi, ephemeral-storage: 1e9}
            limits: {cpu: "1.", memory: 1536Mi, ephemeral-storage: 2G}
      containers:
        - name: api
          image: registry.example.com/api:1.0
          resources:
            requests: {cpu: 250m, memory: "268435456", nvidia.com/gpu: 1}
            limits: {cpu: 1, memory: 1E3, nvidia.com/gpu: "1"}
`,
    },
    {
      name: 'accepts a fractional cpu value, which is not in bytes',
      yaml: `apiVersion: v1
kind: Pod
metadata:
  name: dont-fire-fractional-cpu
spec:
  containers:
    - name: app
      image: registry.example.com/app:1.0
      resources:
        requests: {cpu: 0.25}
`,
    },
    {
      name: 'accepts a memory value in decimal units that is a whole number of bytes',
      yaml: `apiVersion: v1
kind: Pod
metadata:
  name: dont-fire-decimal-bytes
spec:
  containers:
    - name: app
      image: registry.example.com/app:1.0
      resources:
        requests: {memory: 0.5k}
        limits: {memory: 129e6}
`,
    },
  ],
  invalid: [
    {
      name: 'reports 4GB as invalid, with the reason and an example',
      yaml: `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: fire-gb
  namespace: orders
spec:
  serviceName: orders-db
  selector:
    matchLabels: {app: orders-db}
  template:
    metadata:
      labels: {app: orders-db}
    spec:
      containers:
        - name: postgres
          image: postgres:17.2
          resources:
            requests:
              cpu: "1"
              memory: 4GB
`,
      findings: [
        {
          messageId: 'invalidQuantity',
          message:
            'Container postgres has an invalid memory request "4GB": it has an unknown suffix "GB" (no unit letter is written: use G or Gi), so the API server rejects the manifest. Write it like 512Mi or 1Gi.',
          line: 20,
          severity: 'error',
          path: 'spec.template.spec.containers[0].resources.requests.memory',
        },
      ],
    },
    {
      name: 'reports the common typos 1K, 1gi and a space in an init container and a sidecar',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: fire-typos
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      initContainers:
        - name: warmup
          image: registry.example.com/warmup:1.0
          resources:
            requests:
              memory: 1K
        - name: proxy
          image: envoyproxy/envoy:v1.33.0
          restartPolicy: Always
          resources:
            limits:
              memory: 1gi
              cpu: 1 core
      containers:
        - name: web
          image: registry.example.com/web:1.0
`,
      findings: [
        {
          messageId: 'invalidQuantity',
          message:
            /^Init container warmup has an invalid memory request "1K": it has an unknown suffix "K" \(use k for 1000 or Ki for 1024\)/,
          line: 17,
        },
        {
          messageId: 'invalidQuantity',
          message: /^Sidecar container proxy has an invalid memory limit "1gi": .*case-sensitive: Gi/,
          line: 23,
        },
        {
          messageId: 'invalidQuantity',
          message:
            /^Sidecar container proxy has an invalid cpu limit "1 core": it contains whitespace, .* Write it like 500m or 1\.5\.$/,
          line: 24,
        },
      ],
    },
    {
      name: 'reports a decimal exponent and an empty value',
      yaml: `apiVersion: v1
kind: Pod
metadata:
  name: fire-exponent
spec:
  containers:
    - name: app
      image: registry.example.com/app:1.0
      resources:
        requests:
          memory: 1e1.5
        limits:
          memory: ""
`,
      findings: [
        { messageId: 'invalidQuantity', message: /"1e1\.5": it has a fractional exponent "e1\.5"/, line: 11 },
        { messageId: 'invalidQuantity', message: /invalid memory limit "": it is empty,/, line: 13 },
      ],
    },
    {
      name: 'reports values that are not strings or numbers',
      yaml: `apiVersion: v1
kind: Pod
metadata:
  name: fire-boolean
spec:
  containers:
    - name: app
      image: registry.example.com/app:1.0
      resources:
        limits:
          nvidia.com/gpu: true
          cpu: {cores: 2}
`,
      findings: [
        {
          messageId: 'invalidQuantity',
          message: /invalid nvidia\.com\/gpu limit true: it is a boolean, not a quantity, .* Write it like 1\.$/,
          line: 11,
        },
        {
          messageId: 'invalidQuantity',
          message: /invalid cpu limit \{"cores":2\}: it is a map, not a quantity,/,
          line: 12,
        },
      ],
    },
    {
      name: 'reports a negative request',
      yaml: `apiVersion: v1
kind: Pod
metadata:
  name: fire-negative
spec:
  containers:
    - name: app
      image: registry.example.com/app:1.0
      resources:
        requests:
          cpu: -500m
`,
      findings: [
        {
          messageId: 'negativeQuantity',
          message:
            'Container app has a negative cpu request "-500m", so the API server rejects the manifest ("must be greater than or equal to 0").',
          line: 11,
          severity: 'error',
        },
      ],
    },
    {
      name: 'warns about 100m of memory, a fractional byte value, and suggests 100Mi',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: fire-fractional-bytes
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
              memory: 100m
            limits:
              memory: 0.5
              ephemeral-storage: 1.5
`,
      findings: [
        {
          messageId: 'fractionalBytesMilli',
          message:
            'Container api has a memory request of "100m", which is not a whole number of bytes (0.1 bytes); the API server only warns. Did you mean 100Mi?',
          line: 17,
          severity: 'warning',
        },
        {
          messageId: 'fractionalBytes',
          message: /memory limit of 0\.5, which is not a whole number of bytes \(0\.5 bytes\);.* Write whole bytes/,
          line: 19,
          severity: 'warning',
        },
        {
          messageId: 'fractionalBytes',
          message: /ephemeral-storage limit of 1\.5, which is not a whole number of bytes/,
          line: 20,
          severity: 'warning',
        },
      ],
    },
    {
      name: 'reports an invalid pod-level value',
      yaml: `apiVersion: v1
kind: Pod
metadata:
  name: fire-pod-level
spec:
  resources:
    limits:
      memory: 2 GiB
  containers:
    - name: app
      image: registry.example.com/app:1.0
`,
      findings: [
        {
          messageId: 'invalidQuantity',
          message: /^The pod's spec.resources has an invalid memory limit "2 GiB"/,
          line: 8,
        },
      ],
    },
  ],
});
