import { controllerMissingPdb } from '../../../src/rules/availability/controller-missing-pdb.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const gateway = (name: string): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: istio-ingress
  labels: {app.kubernetes.io/part-of: istio}
spec:
  replicas: 3
  selector:
    matchLabels: {app: istio-ingressgateway, istio: ingressgateway}
  template:
    metadata:
      labels: {app: istio-ingressgateway, istio: ingressgateway}
    spec:
      containers:
        - name: istio-proxy
          image: docker.io/istio/proxyv2:1.27.1
          args: [proxy, router]
`;

const pdb = (selector: string, namespace = 'istio-ingress', apiVersion = 'policy/v1'): string => `---
apiVersion: ${apiVersion}
kind: PodDisruptionBudget
metadata:
  name: gateway
  namespace: ${namespace}
spec:
  maxUnavailable: 1
  selector: ${selector}
`;

ruleTester.run(controllerMissingPdb, {
  valid: [
    {
      name: 'accepts a gateway whose pods a PDB selects by a subset of the template labels',
      yaml: gateway('dont-fire-labels') + pdb('{matchLabels: {istio: ingressgateway}}'),
    },
    {
      name: 'accepts a policy/v1 PDB with an empty selector, which selects every pod of the namespace',
      yaml: gateway('dont-fire-empty') + pdb('{}'),
    },
    {
      name: 'accepts a PDB selecting with matchExpressions',
      yaml:
        gateway('dont-fire-expr') +
        pdb('{matchExpressions: [{key: istio, operator: In, values: [ingressgateway, eastwestgateway]}]}'),
    },
    {
      name: 'accepts a DaemonSet controller, whose pods kubectl drain leaves in place',
      yaml: gateway('dont-fire-daemonset')
        .replace('kind: Deployment', 'kind: DaemonSet')
        .replace('  replicas: 3\n', ''),
    },
    {
      name: 'accepts a workload that is not a controller',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: dont-fire-api
spec:
  replicas: 3
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
        - name: api
          image: registry.example.com/shop/api:1.0.0
`,
    },
  ],
  invalid: [
    {
      name: 'reports a gateway without any PDB, at its pod template labels',
      yaml: gateway('fire-none'),
      findings: [
        {
          messageId: 'missingPdb',
          message:
            'The Istio gateway (image docker.io/istio/proxyv2:1.27.1) has no PodDisruptionBudget selecting its pods in namespace istio-ingress: a node drain or an autoscaler scale-down may evict every replica at once.',
          line: 13,
          severity: 'warning',
          path: 'spec.template.metadata.labels',
        },
      ],
    },
    {
      name: 'reports a gateway whose PDB lives in another namespace',
      yaml: gateway('fire-other-namespace') + pdb('{matchLabels: {istio: ingressgateway}}', 'default'),
      findings: [
        {
          messageId: 'missingPdb',
          message: /has no PodDisruptionBudget selecting its pods in namespace istio-ingress/,
          line: 13,
        },
      ],
    },
    {
      name: 'reports a gateway whose only PDB is policy/v1beta1 with an empty selector, which selects nothing there',
      yaml: gateway('fire-beta-empty') + pdb('{}', 'istio-ingress', 'policy/v1beta1'),
      findings: [{ messageId: 'missingPdb', message: /has no PodDisruptionBudget/, line: 13 }],
    },
    {
      name: "reports a gateway whose PDB selects the Deployment's own labels instead of its pod labels",
      yaml: gateway('fire-own-labels') + pdb('{matchLabels: {app.kubernetes.io/part-of: istio}}'),
      findings: [{ messageId: 'missingPdb', message: /has no PodDisruptionBudget/, line: 13 }],
    },
    {
      name: 'reports a gateway that a PDB excludes with NotIn',
      yaml:
        gateway('fire-not-in') + pdb('{matchExpressions: [{key: istio, operator: NotIn, values: [ingressgateway]}]}'),
      findings: [{ messageId: 'missingPdb', message: /has no PodDisruptionBudget/, line: 13 }],
    },
  ],
});
