import { resourcesQosClass } from '../../../src/rules/resources/resources-qos-class.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const guaranteedPayments = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: dont-fire-guaranteed
  namespace: payments
spec:
  selector:
    matchLabels: {app: ledger}
  template:
    metadata:
      labels: {app: ledger, tier: critical}
    spec:
      initContainers:
        - name: migrate
          image: registry.example.com/payments/ledger-migrate:2.0.0
          resources:
            limits: {cpu: 200m, memory: 128Mi}
      containers:
        - name: ledger
          image: registry.example.com/payments/ledger:2.0.0
          resources:
            requests: {cpu: "1", memory: 1Gi}
            limits: {cpu: 1000m, memory: 1024Mi}
`;

const burstablePayments = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: fire-burstable
  namespace: payments
spec:
  selector:
    matchLabels: {app: ledger}
  template:
    metadata:
      labels: {app: ledger, tier: critical}
    spec:
      initContainers:
        - name: migrate
          image: registry.example.com/payments/ledger-migrate:2.0.0
          resources:
            requests: {cpu: 100m, memory: 128Mi}
            limits: {cpu: 200m, memory: 128Mi}
      containers:
        - name: ledger
          image: registry.example.com/payments/ledger:2.0.0
          resources:
            requests: {cpu: "1", memory: 1Gi}
            limits: {cpu: "1"}
`;

const guaranteedMinimum = {
  minimum: [{ class: 'Guaranteed' as const, namespaces: ['pay*'], reason: 'payments must survive node pressure' }],
};

ruleTester.run(resourcesQosClass, {
  valid: [
    {
      name: 'accepts a Burstable pod when no minimum is configured',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: dont-fire-burstable
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
            requests: {memory: 256Mi}
`,
    },
    {
      name: 'accepts a Guaranteed pod with limits only, init containers included, against a Guaranteed minimum',
      yaml: guaranteedPayments,
      options: guaranteedMinimum,
    },
    {
      name: 'accepts a Burstable pod when the Guaranteed minimum is for other namespaces',
      yaml: burstablePayments.replace('namespace: payments', 'namespace: shop'),
      options: guaranteedMinimum,
    },
    {
      name: 'accepts a Burstable pod when the minimum selector does not match its labels',
      yaml: burstablePayments,
      options: { minimum: [{ class: 'Guaranteed', selector: { matchLabels: { tier: 'batch' } } }] },
    },
    {
      name: 'accepts a pod made Guaranteed by pod-level resources whatever its containers say',
      yaml: `apiVersion: v1
kind: Pod
metadata:
  name: dont-fire-pod-level
  namespace: payments
spec:
  resources:
    limits: {cpu: "2", memory: 2Gi}
  containers:
    - name: app
      image: registry.example.com/app:1.0
    - name: log-shipper
      image: fluent/fluent-bit:3.2
`,
      options: guaranteedMinimum,
    },
    {
      name: 'accepts a pod whose namespace LimitRange defaults its requests (it is created Burstable, not BestEffort)',
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
  name: dont-fire-limitrange
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
    },
  ],
  invalid: [
    {
      name: 'reports a BestEffort pod by class name and says why',
      yaml: `apiVersion: batch/v1
kind: CronJob
metadata:
  name: fire-besteffort
  namespace: analytics
spec:
  schedule: "0 2 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: report
              image: registry.example.com/analytics/report:1.9.0
`,
      findings: [
        {
          messageId: 'bestEffort',
          message:
            'The pod is BestEffort, with no requests on container report: no container sets a cpu or memory request or limit above zero; the scheduler reserves nothing for it, and it is the first to be evicted or OOMKilled when the node runs short of memory.',
          line: 14,
          severity: 'warning',
        },
      ],
    },
    {
      name: 'reports a GPU-only pod as BestEffort and names the GPU',
      yaml: `apiVersion: v1
kind: Pod
metadata:
  name: fire-gpu-only
spec:
  containers:
    - name: trainer
      image: registry.example.com/ml/trainer:0.4
      resources:
        limits:
          nvidia.com/gpu: 1
`,
      findings: [
        {
          messageId: 'bestEffort',
          message:
            'The pod is BestEffort, with no requests on container trainer: no container sets a cpu or memory request or limit above zero; container trainer only sets nvidia.com/gpu, which does not count toward the QoS class; the scheduler reserves nothing for it, and it is the first to be evicted or OOMKilled when the node runs short of memory.',
          line: 9,
        },
      ],
    },
    {
      name: 'reports cpu: 0 and memory: 0 as BestEffort',
      yaml: `apiVersion: v1
kind: Pod
metadata:
  name: fire-zero
spec:
  containers:
    - name: app
      image: registry.example.com/app:1.0
      resources:
        requests: {cpu: 0, memory: "0"}
`,
      findings: [
        {
          messageId: 'bestEffort',
          message:
            /^The pod is BestEffort, with no requests on container app: .*container app sets cpu and memory to 0, which counts as unset;/,
          line: 9,
        },
      ],
    },
    {
      name: 'reports a Burstable pod below a Guaranteed minimum with each shortfall',
      yaml: burstablePayments,
      options: guaranteedMinimum,
      findings: [
        {
          messageId: 'belowMinimum',
          message:
            'The pod is Burstable, below the configured minimum Guaranteed for namespace payments (payments must survive node pressure): init container migrate requests cpu 100m != limit 200m; container ledger has no memory limit.',
          line: 17,
          path: 'spec.template.spec.initContainers[0].resources.requests.cpu',
        },
      ],
    },
    {
      name: 'reports a sidecar without limits that makes an otherwise Guaranteed pod Burstable',
      yaml: `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: fire-sidecar
  namespace: payments
spec:
  serviceName: vault
  selector:
    matchLabels: {app: vault}
  template:
    metadata:
      labels: {app: vault}
    spec:
      initContainers:
        - name: vault-agent
          image: hashicorp/vault:1.18
          restartPolicy: Always
      containers:
        - name: vault
          image: hashicorp/vault:1.18
          resources:
            limits: {cpu: "1", memory: 1Gi}
`,
      options: {
        minimum: [
          { class: 'Guaranteed', selector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['vault'] }] } },
        ],
      },
      findings: [
        {
          messageId: 'belowMinimum',
          message:
            'The pod is Burstable, below the configured minimum Guaranteed for namespace payments: sidecar container vault-agent has no cpu or memory limit.',
          line: 15,
        },
      ],
    },
    {
      name: 'reports a BestEffort pod once, against a Burstable minimum',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: fire-besteffort-minimum
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
`,
      options: { minimum: [{ class: 'Burstable' }] },
      findings: [
        {
          messageId: 'belowMinimum',
          message:
            'The pod is BestEffort, with no requests on container web, below the configured minimum Burstable for namespace shop: no container sets a cpu or memory request or limit above zero.',
          line: 14,
        },
      ],
    },
    {
      name: 'reports against the strictest matching minimum',
      yaml: burstablePayments,
      options: {
        minimum: [
          { class: 'Burstable', namespaces: ['*'] },
          { class: 'Guaranteed', selector: { matchLabels: { tier: 'critical' } }, reason: 'critical tier' },
        ],
      },
      findings: [
        {
          messageId: 'belowMinimum',
          message:
            /^The pod is Burstable, below the configured minimum Guaranteed for namespace payments \(critical tier\): /,
          line: 17,
        },
      ],
    },
    {
      name: 'reports pod-level resources that fall short of Guaranteed, ignoring the Guaranteed containers',
      yaml: `apiVersion: v1
kind: Pod
metadata:
  name: fire-pod-level
  namespace: payments
spec:
  resources:
    requests: {cpu: 500m, memory: 1Gi}
    limits: {cpu: "1", memory: 1Gi}
  containers:
    - name: app
      image: registry.example.com/app:1.0
      resources:
        limits: {cpu: 500m, memory: 1Gi}
`,
      options: guaranteedMinimum,
      findings: [
        {
          messageId: 'belowMinimum',
          message:
            'The pod is Burstable, below the configured minimum Guaranteed for namespace payments (payments must survive node pressure): the pod-level cpu request 500m != limit 1.',
          line: 8,
        },
      ],
    },
  ],
});
