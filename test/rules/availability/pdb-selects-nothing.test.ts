import { pdbSelectsNothing } from '../../../src/rules/availability/pdb-selects-nothing.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const api = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
  labels: {app.kubernetes.io/name: api}
spec:
  replicas: 3
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api, version: v2}
    spec:
      containers:
        - name: api
          image: registry.example.com/shop/api:2.0.0
`;

const pdb = (name: string, selector: string, namespace = 'shop', apiVersion = 'policy/v1'): string => `---
apiVersion: ${apiVersion}
kind: PodDisruptionBudget
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  maxUnavailable: 1
${selector}`;

// api is 17 lines; a PDB after it has spec on line 24 and selector on line 26.
const SPEC_LINE = 24;
const SELECTOR_LINE = 26;

ruleTester.run(pdbSelectsNothing, {
  valid: [
    {
      name: 'accepts a budget whose status counts pods (read from a cluster, where Pods are not read)',
      yaml: `${pdb('dont-fire-operator-pods', '  selector:\n    matchLabels: {strimzi.io/cluster: events}\n')}status:
  expectedPods: 3
  currentHealthy: 3
  desiredHealthy: 2
  disruptionsAllowed: 1
`,
    },
    {
      name: 'accepts a selector matching the pod template labels',
      yaml: api + pdb('dont-fire-template', '  selector:\n    matchLabels: {app: api}\n'),
    },
    {
      name: 'accepts a policy/v1 empty selector, which selects every pod of the namespace',
      yaml: api + pdb('dont-fire-empty', '  selector: {}\n'),
    },
    {
      name: 'accepts matchExpressions with Exists',
      yaml: api + pdb('dont-fire-exists', '  selector:\n    matchExpressions: [{key: version, operator: Exists}]\n'),
    },
    {
      name: 'accepts a budget for pods an operator creates from a custom resource with the same labels',
      yaml: `apiVersion: monitoring.coreos.com/v1
kind: Prometheus
metadata:
  name: k8s
  namespace: monitoring
  labels: {app.kubernetes.io/name: prometheus, app.kubernetes.io/instance: k8s}
spec:
  replicas: 2
${pdb('dont-fire-operator', '  selector:\n    matchLabels: {app.kubernetes.io/name: prometheus, app.kubernetes.io/instance: k8s}\n', 'monitoring')}`,
    },
    {
      name: 'accepts a budget for the pods of an Argo Rollout, by its pod template labels',
      yaml: `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: checkout
  namespace: shop
spec:
  replicas: 4
  template:
    metadata:
      labels: {app: checkout}
    spec:
      containers:
        - name: checkout
          image: registry.example.com/shop/checkout:1.0.0
${pdb('dont-fire-rollout', '  selector:\n    matchLabels: {app: checkout}\n')}`,
    },
  ],
  invalid: [
    {
      name: 'reports a budget whose status counts no pod and that selects no loaded workload',
      yaml: `${pdb('fire-zero-expected', '  selector:\n    matchLabels: {app: gone}\n')}status:
  expectedPods: 0
`,
      findings: [{ messageId: 'selectsNoWorkload', message: /matches the pods of no loaded workload/, line: 9 }],
    },
    {
      name: 'reports a budget without a selector, at its spec',
      yaml: api + pdb('fire-no-selector', ''),
      findings: [
        {
          messageId: 'noSelector',
          message: 'The budget has no selector, so it selects no pod and protects nothing.',
          line: SPEC_LINE,
          severity: 'warning',
          path: 'spec',
        },
      ],
    },
    {
      name: 'reports an empty selector in policy/v1beta1, which selects nothing there',
      yaml: api + pdb('fire-beta-empty', '  selector: {}\n', 'shop', 'policy/v1beta1'),
      findings: [
        {
          messageId: 'emptySelector',
          message:
            'In policy/v1beta1 an empty selector selects no pod (policy/v1 would select every pod of the namespace), so the budget protects nothing.',
          line: SELECTOR_LINE,
          path: 'spec.selector',
        },
      ],
    },
    {
      name: "reports a selector copied from the Deployment's own labels, and says so",
      yaml: api + pdb('fire-own-labels', '  selector:\n    matchLabels: {app.kubernetes.io/name: api}\n'),
      findings: [
        {
          messageId: 'selectsWorkloadItself',
          message:
            'The selector matches the pods of no loaded workload in namespace shop, so the budget protects nothing; it matches the labels of Deployment api itself, but a budget selects pods, so match its pod template labels.',
          line: SELECTOR_LINE,
        },
      ],
    },
    {
      name: 'reports a budget in another namespace than the pods it names',
      yaml: api + pdb('fire-other-namespace', '  selector:\n    matchLabels: {app: api}\n', 'default'),
      findings: [
        {
          messageId: 'selectsNoWorkload',
          message:
            /^The selector matches the pods of no loaded workload in namespace default, so the budget protects nothing\.$/,
          line: SELECTOR_LINE,
        },
      ],
    },
    {
      name: 'reports a budget whose matchExpressions exclude every pod',
      yaml:
        api +
        pdb('fire-not-in', '  selector:\n    matchExpressions: [{key: version, operator: NotIn, values: [v2]}]\n'),
      findings: [
        { messageId: 'selectsWorkloadItself', message: /no loaded workload in namespace shop/, line: SELECTOR_LINE },
      ],
    },
  ],
});
