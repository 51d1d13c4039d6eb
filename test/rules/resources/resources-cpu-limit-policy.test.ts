import { resourcesCpuLimitPolicy } from '../../../src/rules/resources/resources-cpu-limit-policy.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const withCpuLimit = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: fire-cpu-limit
  namespace: shop
spec:
  selector:
    matchLabels: {app: pricing}
  template:
    metadata:
      labels: {app: pricing}
    spec:
      initContainers:
        - name: istio-proxy
          image: istio/proxyv2:1.24.0
          restartPolicy: Always
          resources:
            requests: {cpu: 100m, memory: 128Mi}
            limits: {cpu: "2", memory: 1Gi}
      containers:
        - name: pricing
          image: registry.example.com/shop/pricing:1.12.3
          resources:
            requests: {cpu: 500m, memory: 768Mi}
            limits:
              cpu: 500m
              memory: 768Mi
`;

const withoutCpuLimit = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: fire-no-cpu-limit
  namespace: shop
spec:
  selector:
    matchLabels: {app: pricing}
  template:
    metadata:
      labels: {app: pricing}
    spec:
      initContainers:
        - name: migrate
          image: registry.example.com/shop/pricing-migrate:1.12.3
      containers:
        - name: pricing
          image: registry.example.com/shop/pricing:1.12.3
          resources:
            requests: {cpu: 500m, memory: 768Mi}
            limits: {memory: 768Mi}
`;

ruleTester.run(resourcesCpuLimitPolicy, {
  valid: [
    {
      name: 'accepts cpu limits under the default policy none',
      yaml: withCpuLimit.replace('fire-cpu-limit', 'dont-fire-policy-none'),
    },
    {
      name: 'accepts containers without cpu limits under the default policy none',
      yaml: withoutCpuLimit.replace('fire-no-cpu-limit', 'dont-fire-policy-none-no-limit'),
      options: { policy: 'none' },
    },
    {
      name: 'accepts containers without cpu limits when the policy forbids them',
      yaml: withoutCpuLimit.replace('fire-no-cpu-limit', 'dont-fire-forbid'),
      options: { policy: 'forbid' },
    },
    {
      name: 'accepts a cpu limit of 0 when the policy forbids limits, since 0 sets none',
      yaml: `apiVersion: v1
kind: Pod
metadata:
  name: dont-fire-zero
spec:
  containers:
    - name: app
      image: registry.example.com/app:1.0
      resources:
        limits: {cpu: "0"}
`,
      options: { policy: 'forbid' },
    },
    {
      name: 'accepts containers with cpu limits when the policy requires them',
      yaml: withCpuLimit.replace('fire-cpu-limit', 'dont-fire-require'),
      options: { policy: 'require' },
    },
    {
      name: 'accepts containers without limits when a pod-level cpu limit satisfies the require policy',
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
`,
      options: { policy: 'require' },
    },
  ],
  invalid: [
    {
      name: 'reports every cpu limit, sidecars included, when the policy forbids them',
      yaml: withCpuLimit,
      options: { policy: 'forbid' },
      findings: [
        {
          messageId: 'containerLimitForbidden',
          message:
            'Sidecar container istio-proxy has a cpu limit of 2, which the cpu limit policy forbids: CFS throttles it at that rate even when the node is idle.',
          line: 19,
          path: 'spec.template.spec.initContainers[0].resources.limits.cpu',
        },
        {
          messageId: 'containerLimitForbidden',
          message:
            'Container pricing has a cpu limit of 500m, which the cpu limit policy forbids: CFS throttles it at that rate even when the node is idle.',
          line: 26,
          severity: 'warning',
        },
      ],
    },
    {
      name: 'reports a pod-level cpu limit when the policy forbids cpu limits',
      yaml: `apiVersion: v1
kind: Pod
metadata:
  name: fire-pod-level
spec:
  resources:
    limits:
      cpu: "4"
  containers:
    - name: app
      image: registry.example.com/app:1.0
`,
      options: { policy: 'forbid' },
      findings: [
        {
          messageId: 'podLimitForbidden',
          message: /^The pod-level cpu limit of 4 is forbidden by the cpu limit policy/,
          line: 8,
        },
      ],
    },
    {
      name: 'reports containers and init containers without a cpu limit when the policy requires one',
      yaml: withoutCpuLimit,
      options: { policy: 'require' },
      findings: [
        {
          messageId: 'missingLimit',
          message:
            'Init container migrate has no cpu limit, which the cpu limit policy requires: it can take every idle core on the node.',
          line: 14,
        },
        {
          messageId: 'missingLimit',
          message: /^Container pricing has no cpu limit, which the cpu limit policy requires/,
          line: 21,
        },
      ],
    },
    {
      name: 'reports a cpu limit of 0 as no limit when the policy requires one',
      yaml: `apiVersion: v1
kind: Pod
metadata:
  name: fire-zero
spec:
  containers:
    - name: app
      image: registry.example.com/app:1.0
      resources:
        limits: {cpu: 0}
`,
      options: { policy: 'require' },
      findings: [
        {
          messageId: 'missingLimit',
          message: /^Container app has no cpu limit \(a limit of 0 sets none\), which the cpu limit policy requires/,
          line: 10,
        },
      ],
    },
    {
      name: 'reports the cpu limit as relying on a LimitRange default at info severity when the policy requires one',
      yaml: `apiVersion: v1
kind: LimitRange
metadata:
  name: cpu-defaults
  namespace: shop
spec:
  limits:
    - type: Container
      max: {cpu: "2"}
---
apiVersion: v1
kind: Pod
metadata:
  name: fire-limitrange
  namespace: shop
spec:
  containers:
    - name: app
      image: registry.example.com/app:1.0
`,
      options: { policy: 'require' },
      findings: [
        {
          messageId: 'limitFromLimitRange',
          message: 'Container app has no cpu limit; it relies on LimitRange cpu-defaults to default it to 2.',
          line: 18,
          severity: 'info',
        },
      ],
    },
  ],
});
