import { pdbHpaMinReplicas } from '../../../src/rules/availability/pdb-hpa-min-replicas.js';
import { ruleTester } from '../../helpers/rule-tester.js';

/** A Deployment (lines 1-15), an HPA (16-25 with a two-line range) and a PDB whose budget is on line 34. */
const scaled = (name: string, hpaRange: string, budget: string, hpaNamespace = 'shop'): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: shop
spec:
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
        - name: main
          image: registry.example.com/shop/${name}:1.0.0
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: ${name}
  namespace: ${hpaNamespace}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: ${name}}
${hpaRange}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: ${name}
  namespace: shop
spec:
  selector: {matchLabels: {app: ${name}}}
  ${budget}
`;

const BUDGET_LINE = 34;

ruleTester.run(pdbHpaMinReplicas, {
  valid: [
    {
      name: "accepts minAvailable below the HPA's minReplicas",
      yaml: scaled('dont-fire-below', '  minReplicas: 3\n  maxReplicas: 10', 'minAvailable: 2'),
    },
    {
      name: 'accepts maxUnavailable, which always allows an eviction',
      yaml: scaled('dont-fire-max-unavailable', '  minReplicas: 2\n  maxReplicas: 10', 'maxUnavailable: 1'),
    },
    {
      name: 'leaves a budget that blocks even at maxReplicas to pdb-ineffective-budget',
      yaml: scaled('dont-fire-always', '  minReplicas: 2\n  maxReplicas: 3', 'minAvailable: 3'),
    },
    {
      name: 'ignores an HPA in another namespace, which cannot scale this Deployment',
      yaml: scaled('dont-fire-other-ns', '  minReplicas: 2\n  maxReplicas: 10', 'minAvailable: 2', 'staging'),
    },
  ],
  invalid: [
    {
      name: "reports minAvailable equal to the HPA's minReplicas",
      yaml: scaled('fire-equal', '  minReplicas: 2\n  maxReplicas: 10', 'minAvailable: 2'),
      findings: [
        {
          messageId: 'blocksAtMinReplicas',
          message:
            'minAvailable 2 (2 pods) equals the 2 pods left when HorizontalPodAutoscaler fire-equal is at minReplicas: while it is scaled down, no pod can be evicted and node drains hang.',
          line: BUDGET_LINE,
          severity: 'warning',
          path: 'spec.minAvailable',
          // The HPA's minReplicas, the other side of the problem (hpa-min-replicas-blocks-drain states it there).
          related: ['HorizontalPodAutoscaler fire-equal:24'],
        },
      ],
    },
    {
      name: "reports minAvailable above the HPA's minReplicas",
      yaml: scaled('fire-above', '  minReplicas: 2\n  maxReplicas: 10', 'minAvailable: 3'),
      findings: [
        {
          messageId: 'blocksAtMinReplicas',
          message: /^minAvailable 3 \(3 pods\) exceeds the 2 pods left/,
          line: BUDGET_LINE,
        },
      ],
    },
    {
      name: 'reports minAvailable 1 with an HPA that does not set minReplicas (default 1)',
      yaml: scaled('fire-default-min', '  maxReplicas: 5', 'minAvailable: 1').replace(
        '  maxReplicas: 5\n',
        '  maxReplicas: 5\n  metrics: []\n',
      ),
      findings: [
        {
          messageId: 'blocksAtMinReplicas',
          message: /^minAvailable 1 \(1 pod\) equals the 1 pod left/,
          line: BUDGET_LINE,
        },
      ],
    },
    {
      name: 'reports a percentage that rounds up to every pod at the minimum',
      yaml: scaled('fire-percent', '  minReplicas: 2\n  maxReplicas: 10', 'minAvailable: 60%'),
      findings: [
        {
          messageId: 'blocksAtMinReplicas',
          message: /^minAvailable 60% \(2 pods\) equals the 2 pods left/,
          line: BUDGET_LINE,
        },
      ],
    },
  ],
});
