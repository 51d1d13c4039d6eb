import { controllerResources } from '../../../src/rules/availability/controller-resources.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const controller = (name: string, resources: string, extraSpec = ''): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ingress-nginx
spec:
  replicas: 3
  selector:
    matchLabels: {app.kubernetes.io/name: ingress-nginx, app.kubernetes.io/component: controller}
  template:
    metadata:
      labels: {app.kubernetes.io/name: ingress-nginx, app.kubernetes.io/component: controller}
    spec:
${extraSpec}      containers:
        - name: controller
          image: registry.k8s.io/ingress-nginx/controller:v1.15.1
${resources}`;

const chartDefaults = `          resources:
            requests: {cpu: 100m, memory: 90Mi}
`;
const guaranteed = `          resources:
            requests: {cpu: "1", memory: 1Gi}
            limits: {cpu: 1000m, memory: 1024Mi}
`;
const limitsOnly = `          resources:
            limits: {cpu: 500m, memory: 512Mi}
`;
const cpuOnly = `          resources:
            requests: {cpu: 100m}
`;
const memoryOnly = `          resources:
            requests: {memory: 90Mi}
`;
const podLevel = `      resources:
        requests: {cpu: "1", memory: 1Gi}
        limits: {cpu: "1", memory: 1Gi}
`;

ruleTester.run(controllerResources, {
  valid: [
    {
      name: "accepts the ingress-nginx chart's default requests (Burstable)",
      yaml: controller('dont-fire-chart', chartDefaults),
    },
    {
      name: 'accepts a Guaranteed controller when the minimum is Guaranteed',
      yaml: controller('dont-fire-guaranteed', guaranteed),
      options: { minimumQos: 'Guaranteed' },
    },
    {
      name: 'accepts limits without requests, which the API copies into requests (Guaranteed)',
      yaml: controller('dont-fire-limits-only', limitsOnly),
      options: { minimumQos: 'Guaranteed' },
    },
    {
      name: 'accepts pod-level resources, which decide the QoS class when set',
      yaml: controller('dont-fire-pod-level', '', podLevel),
      options: { minimumQos: 'Guaranteed' },
    },
    {
      name: 'accepts a BestEffort workload that is not a controller',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: dont-fire-web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx:1.27
`,
    },
  ],
  invalid: [
    {
      name: 'reports a BestEffort controller at its resources',
      yaml: controller('fire-best-effort', ''),
      findings: [
        {
          messageId: 'bestEffort',
          message:
            /^The ingress-nginx controller \(image [^)]+\) is BestEffort, below the minimum Burstable \(no container sets a cpu or memory request or limit above zero\); it is the first pod evicted or OOM-killed/,
          line: 15,
          severity: 'warning',
          path: 'spec.template.spec.containers[0].resources',
        },
      ],
    },
    {
      name: 'reports a Burstable controller when the configured minimum is Guaranteed, at the missing limit',
      yaml: controller('fire-burstable', chartDefaults),
      options: { minimumQos: 'Guaranteed' },
      findings: [
        {
          messageId: 'belowGuaranteed',
          message: /is Burstable, below the minimum Guaranteed \(container controller has no cpu or memory limit\)/,
          line: 17,
          path: 'spec.template.spec.containers[0].resources.limits',
        },
      ],
    },
    {
      name: 'reports a controller container without a memory request although the pod is Burstable',
      yaml: controller('fire-no-memory', cpuOnly),
      findings: [
        {
          messageId: 'missingMemoryRequest',
          message: /: container controller has no memory request; under node memory pressure it is evicted before/,
          line: 17,
          path: 'spec.template.spec.containers[0].resources',
        },
      ],
    },
    {
      name: 'reports a controller container without a cpu request although the pod is Burstable',
      yaml: controller('fire-no-cpu', memoryOnly),
      findings: [
        {
          messageId: 'missingCpuRequest',
          message:
            'The ingress-nginx controller (image registry.k8s.io/ingress-nginx/controller:v1.15.1): container controller has no cpu request; it gets the minimum cpu share and is starved whenever its node is busy.',
          line: 17,
          path: 'spec.template.spec.containers[0].resources',
        },
      ],
    },
    {
      name: 'reports only the controller container when a sidecar has requests and the controller has none',
      yaml: controller(
        'fire-sidecar-only',
        `        - name: metrics
          image: registry.example.com/ops/exporter:1.0
          resources:
            requests: {cpu: 10m, memory: 32Mi}
`,
      ),
      findings: [
        { messageId: 'missingMemoryRequest', message: /container controller has no cpu or memory request/, line: 15 },
      ],
    },
  ],
});
