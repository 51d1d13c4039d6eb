import { pdbIneffectiveBudget } from '../../../src/rules/availability/pdb-ineffective-budget.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const deployment = (name: string, replicas: string, app = name): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: shop
spec:
${replicas}  selector:
    matchLabels: {app: ${app}, tier: web}
  template:
    metadata:
      labels: {app: ${app}, tier: web}
    spec:
      containers:
        - name: main
          image: registry.example.com/shop/${app}:1.0.0
`;

/** A PDB in namespace shop; its document starts 1 line after the previous one ends, with `---`. */
const pdb = (name: string, budget: string, selector = `{matchLabels: {app: ${name}}}`): string => `---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: ${name}
  namespace: shop
spec:
  ${budget}
  selector: ${selector}
`;

const hpa = (target: string, min: number, max: number): string => `---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: ${target}
  namespace: shop
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: ${target}}
  minReplicas: ${min}
  maxReplicas: ${max}
`;

// deployment() with a replicas line is 16 lines, so the budget of a PDB after it is on line 24 (23 without).
const BUDGET_LINE = 24;

ruleTester.run(pdbIneffectiveBudget, {
  valid: [
    {
      name: 'accepts maxUnavailable 1 of 2 replicas, which keeps one pod up during a drain',
      yaml: deployment('dont-fire-two', '  replicas: 2\n') + pdb('dont-fire-two', 'maxUnavailable: 1'),
    },
    {
      name: 'accepts maxUnavailable 1 under an HPA whose maxReplicas is above it',
      yaml:
        deployment('dont-fire-hpa-max', '') +
        hpa('dont-fire-hpa-max', 1, 3) +
        pdb('dont-fire-hpa-max', 'maxUnavailable: 1'),
    },
    {
      name: 'accepts maxUnavailable 1 when the PDB selects no loaded workload',
      yaml: pdb('dont-fire-unknown', 'maxUnavailable: 1'),
    },
    {
      name: 'leaves budgets the API server rejects to pdb-invalid-budget',
      yaml:
        deployment('dont-fire-invalid', '  replicas: 3\n') +
        pdb('dont-fire-invalid', 'minAvailable: 150%') +
        pdb('dont-fire-negative', 'maxUnavailable: -1', '{matchLabels: {app: dont-fire-invalid}}') +
        pdb('dont-fire-both', 'minAvailable: 100%\n  maxUnavailable: 0', '{matchLabels: {app: dont-fire-invalid}}'),
    },
    {
      name: 'accepts minAvailable 1 of 3 replicas',
      yaml: deployment('dont-fire-three', '  replicas: 3\n') + pdb('dont-fire-three', 'minAvailable: 1'),
    },
    {
      name: 'accepts minAvailable 50% of 3 replicas, which rounds up to 2',
      yaml: deployment('dont-fire-half', '  replicas: 3\n') + pdb('dont-fire-half', 'minAvailable: 50%'),
    },
    {
      name: "leaves minAvailable at the HPA's minimum to pdb-hpa-min-replicas",
      yaml: deployment('dont-fire-hpa', '') + hpa('dont-fire-hpa', 2, 10) + pdb('dont-fire-hpa', 'minAvailable: 2'),
    },
    {
      name: 'accepts minAvailable 1 on a DaemonSet, whose pod count is not in the manifests',
      yaml:
        deployment('dont-fire-ds', '').replace('kind: Deployment', 'kind: DaemonSet') +
        pdb('dont-fire-ds', 'minAvailable: 1'),
    },
    {
      name: 'accepts minAvailable 1 when the PDB selects no loaded workload',
      yaml: pdb('dont-fire-nothing', 'minAvailable: 1'),
    },
  ],
  invalid: [
    {
      name: 'reports maxUnavailable 0, which blocks every drain',
      yaml: deployment('fire-max-zero', '  replicas: 3\n') + pdb('fire-max-zero', 'maxUnavailable: 0'),
      findings: [
        {
          messageId: 'allowsNoEviction',
          message:
            'maxUnavailable 0 allows no voluntary eviction: the eviction API answers 429 and every node drain that meets one of these pods hangs until someone deletes it by hand.',
          line: BUDGET_LINE,
          severity: 'warning',
          path: 'spec.maxUnavailable',
        },
      ],
    },
    {
      name: 'reports maxUnavailable "0%" and minAvailable 100% even without loaded workloads',
      yaml: pdb('fire-zero-percent', 'maxUnavailable: "0%"') + pdb('fire-all-percent', 'minAvailable: 100%'),
      findings: [
        { messageId: 'allowsNoEviction', message: /^maxUnavailable 0% allows no voluntary eviction/, line: 8 },
        { messageId: 'allowsNoEviction', message: /^minAvailable 100% allows no voluntary eviction/, line: 17 },
      ],
    },
    {
      name: 'reports maxUnavailable 100% and minAvailable 0, which protect nothing',
      yaml: pdb('fire-max-all', 'maxUnavailable: 100%') + pdb('fire-min-zero', 'minAvailable: 0'),
      findings: [
        {
          messageId: 'protectsNothing',
          message: /^maxUnavailable 100% lets a drain evict every selected pod at once: the budget protects nothing\.$/,
          line: 8,
        },
        {
          messageId: 'protectsNothing',
          message: /^minAvailable 0 lets a drain evict every selected pod at once/,
          line: 17,
        },
      ],
    },
    {
      name: 'reports minAvailable 1 on a single-replica Deployment (replicas defaults to 1)',
      yaml: deployment('fire-single', '') + pdb('fire-single', 'minAvailable: 1'),
      findings: [
        {
          messageId: 'neverEvictable',
          message:
            /^minAvailable 1 requires 1 healthy pod, but Deployment fire-single runs 1 pod, so no pod can ever be evicted: the eviction API answers 429/,
          line: BUDGET_LINE - 1,
          path: 'spec.minAvailable',
        },
      ],
    },
    {
      name: 'reports minAvailable 90% of 3 replicas, which rounds up to all 3',
      yaml: deployment('fire-rounding', '  replicas: 3\n') + pdb('fire-rounding', 'minAvailable: 90%'),
      findings: [
        {
          messageId: 'neverEvictable',
          message: /^minAvailable 90% requires 3 healthy pods, but Deployment fire-rounding runs 3 pods/,
          line: BUDGET_LINE,
        },
      ],
    },
    {
      name: 'reports a budget equal to the pods of all the workloads it selects together',
      yaml:
        deployment('fire-web', '  replicas: 1\n', 'web') +
        `---\n${deployment('fire-web-canary', '  replicas: 2\n', 'web-canary')}` +
        pdb('fire-sum', 'minAvailable: 3', '{matchLabels: {tier: web}}'),
      findings: [
        {
          messageId: 'neverEvictable',
          message: /but Deployment fire-web, Deployment fire-web-canary run 3 pods/,
          line: 41,
        },
      ],
    },
    {
      name: 'reports an integer maxUnavailable equal to the single replica, as the 100% form',
      yaml: deployment('fire-max-single', '  replicas: 1\n') + pdb('fire-max-single', 'maxUnavailable: 1'),
      findings: [
        {
          messageId: 'protectsNothingAtScale',
          message:
            'maxUnavailable 1 is not below the pod count (Deployment fire-max-single runs 1 pod), so a drain may evict every selected pod at once: the budget protects nothing.',
          line: BUDGET_LINE,
          severity: 'warning',
          path: 'spec.maxUnavailable',
        },
      ],
    },
    {
      name: 'reports maxUnavailable above the pods of all the workloads it selects, and 50% of one pod, which rounds up',
      yaml:
        deployment('fire-a', '  replicas: 1\n', 'a') +
        `---\n${deployment('fire-b', '  replicas: 2\n', 'b')}` +
        pdb('fire-above', 'maxUnavailable: 5', '{matchLabels: {tier: web}}') +
        pdb('fire-half-of-one', 'maxUnavailable: 50%', '{matchLabels: {app: a}}'),
      findings: [
        {
          messageId: 'protectsNothingAtScale',
          message: /^maxUnavailable 5 is not below the pod count \(Deployment fire-a, Deployment fire-b run 3 pods\)/,
          line: 41,
        },
        {
          messageId: 'protectsNothingAtScale',
          message: /^maxUnavailable 50% is not below the pod count \(Deployment fire-a runs 1 pod\)/,
          line: 50,
        },
      ],
    },
    {
      name: "reports maxUnavailable at the HPA's maxReplicas, which protects nothing even at full scale",
      yaml: deployment('fire-hpa-all', '') + hpa('fire-hpa-all', 1, 2) + pdb('fire-hpa-all', 'maxUnavailable: 2'),
      findings: [
        {
          messageId: 'protectsNothingAtScale',
          message: /Deployment fire-hpa-all runs at most 2 pods/,
          line: BUDGET_LINE - 1 + 10,
        },
      ],
    },
    {
      name: 'reports a PDB with neither minAvailable nor maxUnavailable, which blocks every eviction, at spec',
      yaml:
        deployment('fire-no-budget', '  replicas: 3\n') +
        `---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: fire-no-budget
  namespace: shop
spec:
  selector: {matchLabels: {app: fire-no-budget}}
`,
      findings: [
        {
          messageId: 'noBudget',
          message:
            /^The PodDisruptionBudget sets neither minAvailable nor maxUnavailable: the disruption controller then expects 0 pods and keeps disruptionsAllowed at 0, so the eviction API answers 429/,
          line: 23,
          path: 'spec',
        },
      ],
    },
    {
      name: 'reports a budget field set to null as unset',
      yaml: pdb('fire-null', 'maxUnavailable: null'),
      findings: [{ messageId: 'noBudget', line: 7 }],
    },
    {
      name: "reports minAvailable at the HPA's maxReplicas, which blocks even at full scale",
      yaml: deployment('fire-hpa-max', '') + hpa('fire-hpa-max', 2, 4) + pdb('fire-hpa-max', 'minAvailable: 4'),
      findings: [
        {
          messageId: 'neverEvictable',
          message: /Deployment fire-hpa-max runs at most 4 pods/,
          line: BUDGET_LINE - 1 + 10,
        },
      ],
    },
  ],
});
