import { pdbUnhealthyPodEvictionPolicy } from '../../../src/rules/availability/pdb-unhealthy-pod-eviction-policy.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const workload = (image: string, labels = '{app: edge}'): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: edge
  namespace: edge
spec:
  replicas: 3
  selector:
    matchLabels: {app: edge}
  template:
    metadata:
      labels: ${labels}
    spec:
      containers:
        - name: main
          image: ${image}
`;

/** 8 lines after the workload's 16: spec on line 23, the policy (when given) on line 24. */
const pdb = (name: string, policy: string): string => `---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: ${name}
  namespace: edge
spec:
${policy}  maxUnavailable: 1
  selector: {matchLabels: {app: edge}}
`;

const NGINX = 'registry.k8s.io/ingress-nginx/controller:v1.15.1';

ruleTester.run(pdbUnhealthyPodEvictionPolicy, {
  valid: [
    {
      name: "accepts a controller's budget with unhealthyPodEvictionPolicy: AlwaysAllow",
      yaml: workload(NGINX) + pdb('dont-fire-always-allow', '  unhealthyPodEvictionPolicy: AlwaysAllow\n'),
    },
    {
      name: 'accepts the default policy on the budget of a workload that is not a controller',
      yaml: workload('registry.example.com/shop/api:1.0.0') + pdb('dont-fire-app', ''),
    },
    {
      name: 'accepts a budget that selects no loaded workload',
      yaml: pdb('dont-fire-nothing', ''),
    },
  ],
  invalid: [
    {
      name: "reports a controller's budget without the policy, at its spec",
      yaml: workload(NGINX) + pdb('fire-default', ''),
      findings: [
        {
          messageId: 'missingPolicy',
          message:
            'The budget covers the ingress-nginx controller Deployment edge with no unhealthyPodEvictionPolicy: a drain cannot evict its running but unready pods while the budget is not met, so a degraded controller blocks the node upgrade that would replace it; set AlwaysAllow.',
          line: 23,
          severity: 'info',
          path: 'spec',
        },
      ],
    },
    {
      name: 'reports an explicit IfHealthyBudget at the field',
      yaml: workload(NGINX) + pdb('fire-if-healthy', '  unhealthyPodEvictionPolicy: IfHealthyBudget\n'),
      findings: [
        {
          messageId: 'policyNotAlwaysAllow',
          message: /with unhealthyPodEvictionPolicy IfHealthyBudget: /,
          line: 24,
          path: 'spec.unhealthyPodEvictionPolicy',
        },
      ],
    },
    {
      name: 'reports the budget of a workload detected by the controllers.labels option',
      yaml: workload('registry.example.com/edge/proxy:4.2.0', '{app: edge, tier: ingress}') + pdb('fire-option', ''),
      options: { controllers: { labels: { tier: 'ingress' } } },
      findings: [
        { messageId: 'missingPolicy', message: /^The budget covers the critical workload Deployment edge/, line: 23 },
      ],
    },
  ],
});
