import { controllerSingleReplica } from '../../../src/rules/availability/controller-single-replica.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const controller = (name: string, replicas: string): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ingress-nginx
spec:
${replicas}  selector:
    matchLabels: {app.kubernetes.io/name: ingress-nginx, app.kubernetes.io/component: controller}
  template:
    metadata:
      labels: {app.kubernetes.io/name: ingress-nginx, app.kubernetes.io/component: controller}
    spec:
      containers:
        - name: controller
          image: registry.k8s.io/ingress-nginx/controller:v1.15.1
`;

const hpa = (target: string, min: string): string => `---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: ${target}
  namespace: ingress-nginx
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: ${target}}
${min}  maxReplicas: 10
`;

ruleTester.run(controllerSingleReplica, {
  valid: [
    { name: 'accepts a controller with 3 replicas', yaml: controller('dont-fire-three', '  replicas: 3\n') },
    {
      name: "accepts 1 written replica when an HPA's minReplicas of 2 decides the count",
      yaml: controller('dont-fire-hpa', '  replicas: 1\n') + hpa('dont-fire-hpa', '  minReplicas: 2\n'),
    },
    { name: 'accepts a controller scaled to 0 on purpose', yaml: controller('dont-fire-zero', '  replicas: 0\n') },
    {
      name: 'accepts a single-replica workload that is not a controller',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: dont-fire-web
spec:
  replicas: 1
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
    {
      name: 'accepts an HPA in another namespace (an HPA only scales its own namespace)',
      yaml:
        controller('dont-fire-ns', '  replicas: 2\n') +
        hpa('dont-fire-ns', '  minReplicas: 1\n').replace('namespace: ingress-nginx', 'namespace: other'),
    },
  ],
  invalid: [
    {
      name: 'reports replicas: 1 at the field',
      yaml: controller('fire-one', '  replicas: 1\n'),
      findings: [
        {
          messageId: 'singleReplica',
          message:
            'The ingress-nginx controller (image registry.k8s.io/ingress-nginx/controller:v1.15.1) runs 1 replica: a node drain, an eviction or a crash takes all of its traffic down until a new pod has started and reconciled its routes.',
          line: 7,
          severity: 'warning',
          path: 'spec.replicas',
        },
      ],
    },
    {
      name: 'reports a controller without replicas, which defaults to 1',
      yaml: controller('fire-default', ''),
      findings: [
        {
          messageId: 'singleReplica',
          message: /runs 1 replica \(spec\.replicas defaults to 1\)/,
          line: 6,
          path: 'spec',
        },
      ],
    },
    {
      name: 'reports an HPA whose minReplicas lets 3 written replicas scale down to 1',
      yaml: controller('fire-hpa', '  replicas: 3\n') + hpa('fire-hpa', '  minReplicas: 1\n'),
      findings: [
        {
          messageId: 'hpaSingleReplica',
          message: /can scale down to 1 replica \(minReplicas of HorizontalPodAutoscaler fire-hpa\)/,
          line: 7,
        },
      ],
    },
    {
      name: 'reports an HPA without minReplicas, which defaults to 1',
      yaml: controller('fire-hpa-default', '') + hpa('fire-hpa-default', ''),
      findings: [{ messageId: 'hpaSingleReplica', message: /can scale down to 1 replica/, line: 6, path: 'spec' }],
    },
  ],
});
