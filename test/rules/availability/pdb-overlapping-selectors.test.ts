import { MAX_OVERLAPS, pdbOverlappingSelectors } from '../../../src/rules/availability/pdb-overlapping-selectors.js';
import { type ExpectedFinding, ruleTester } from '../../helpers/rule-tester.js';

const web = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replicas: 3
  selector:
    matchLabels: {app: web, tier: frontend}
  template:
    metadata:
      labels: {app: web, tier: frontend}
    spec:
      containers:
        - name: web
          image: registry.example.com/shop/web:3.1.0
`;

/** 9 lines; the selector is on its last line. */
const pdb = (name: string, selector: string, namespace = 'shop', apiVersion = 'policy/v1'): string => `---
apiVersion: ${apiVersion}
kind: PodDisruptionBudget
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  maxUnavailable: 1
  selector: ${selector}
`;

// web is 16 lines: the first PDB's selector is on line 25, the second's on line 34.
const FIRST = 25;
const SECOND = 34;

/** 5 lines: one Pod of its own app, all of tier many. */
const pod = (i: number): string => `---
apiVersion: v1
kind: Pod
metadata: {name: pod-${i}, namespace: shop, labels: {app: pod-${i}, tier: many}}
spec: {containers: [{name: app, image: registry.example.com/shop/app:1.0.0}]}
`;

// One budget over every Pod of tier many, and a budget of its own for each of MAX_OVERLAPS + 1 Pods: the first
// budget overlaps one more than it names; each other budget overlaps the first alone. Each overlap is one problem,
// reported once: the first MAX_OVERLAPS at the first budget (first in input order), which names them; the last,
// which the first budget does not name, at the last budget's own finding.
const PODS = Array.from({ length: MAX_OVERLAPS + 1 }, (_, i) => i);
const ALL_LINE = PODS.length * 5 + 9;
const OWN_LINE = (i: number): number => ALL_LINE + 9 * (i + 1);
const manyBudgets =
  PODS.map(pod).join('') +
  pdb('fire-all', '{matchLabels: {tier: many}}') +
  PODS.map((i) => pdb(`fire-pod-${i}`, `{matchLabels: {app: pod-${i}}}`)).join('');
const manyFindings: ExpectedFinding<'overlapsWorkload' | 'moreOverlaps'>[] = [
  ...PODS.slice(0, MAX_OVERLAPS).map((i) => ({
    messageId: 'overlapsWorkload' as const,
    message: new RegExp(`^PodDisruptionBudget fire-pod-${i} also selects the pods of Pod pod-${i}: `),
    line: ALL_LINE,
    related: [`PodDisruptionBudget fire-pod-${i}:${OWN_LINE(i)}`],
  })),
  {
    messageId: 'moreOverlaps',
    message:
      'More PodDisruptionBudgets than the 16 above select these pods too; kubeward names the first 16 only. Keep one budget per set of pods.',
    line: ALL_LINE,
    path: 'spec.selector',
  },
  {
    messageId: 'overlapsWorkload',
    message: new RegExp(`^PodDisruptionBudget fire-all also selects the pods of Pod pod-${MAX_OVERLAPS}: `),
    line: OWN_LINE(MAX_OVERLAPS),
    related: [`PodDisruptionBudget fire-all:${ALL_LINE}`],
  },
];

ruleTester.run(pdbOverlappingSelectors, {
  valid: [
    {
      name: 'accepts one budget per set of pods',
      yaml: web + pdb('dont-fire-web', '{matchLabels: {app: web}}') + pdb('dont-fire-api', '{matchLabels: {app: api}}'),
    },
    {
      name: 'accepts two documents with the same name, which are one object applied twice',
      yaml:
        web +
        pdb('dont-fire-twice', '{matchLabels: {app: web}}') +
        pdb('dont-fire-twice', '{matchLabels: {tier: frontend}}'),
    },
    {
      name: 'accepts the same selector in two namespaces',
      yaml:
        pdb('dont-fire-a', '{matchLabels: {app: web}}') + pdb('dont-fire-b', '{matchLabels: {app: web}}', 'staging'),
    },
    {
      name: 'accepts a policy/v1beta1 empty selector next to a budget, because it selects nothing',
      yaml:
        web +
        pdb('dont-fire-web', '{matchLabels: {app: web}}') +
        pdb('dont-fire-beta-empty', '{}', 'shop', 'policy/v1beta1'),
    },
  ],
  invalid: [
    {
      name: 'reports the overlap of two budgets on the pods of one Deployment once, at the first, with the other related',
      yaml:
        web + pdb('fire-web', '{matchLabels: {app: web}}') + pdb('fire-frontend', '{matchLabels: {tier: frontend}}'),
      findings: [
        {
          messageId: 'overlapsWorkload',
          message:
            'PodDisruptionBudget fire-frontend also selects the pods of Deployment web: the eviction API refuses to evict a pod covered by two budgets (HTTP 500), so every drain of a node running these pods hangs.',
          line: FIRST,
          severity: 'error',
          path: 'spec.selector',
          related: [`PodDisruptionBudget fire-frontend:${SECOND}`],
        },
      ],
    },
    {
      // Each budget states the overlap (admission checks the one written); with the first's finding suppressed, the
      // second's is reported.
      name: 'reports the overlap at the second budget, with the first related, when the finding on the first is suppressed',
      yaml:
        web +
        pdb('fire-web', '{matchLabels: {app: web}}').replace(
          '  name: fire-web\n',
          '  name: fire-web\n  annotations: {ignore-check.kubeward.io/pdb-overlapping-selectors: "fire-frontend is being removed"}\n',
        ) +
        pdb('fire-frontend', '{matchLabels: {tier: frontend}}'),
      findings: [
        {
          messageId: 'overlapsWorkload',
          message: /^PodDisruptionBudget fire-web also selects the pods of Deployment web:/,
          line: SECOND + 1,
          related: [`PodDisruptionBudget fire-web:${FIRST + 1}`],
        },
      ],
    },
    {
      name: 'reports a policy/v1 empty selector, which selects every pod of the namespace, next to another budget',
      yaml:
        web +
        pdb('fire-specific', '{matchExpressions: [{key: app, operator: In, values: [web, api]}]}') +
        pdb('fire-everything', '{}'),
      findings: [
        {
          messageId: 'overlapsWorkload',
          message: /^PodDisruptionBudget fire-everything also selects the pods of Deployment web/,
          line: FIRST,
          related: [`PodDisruptionBudget fire-everything:${SECOND}`],
        },
      ],
    },
    {
      name: 'names MAX_OVERLAPS overlapping budgets, then says there are more',
      yaml: manyBudgets,
      findings: manyFindings,
    },
    {
      name: 'reports identical selectors even when no loaded workload matches them',
      yaml:
        pdb('fire-a', '{matchLabels: {app: cache, tier: data}}') +
        pdb('fire-b', '{matchLabels: {tier: data, app: cache}}'),
      findings: [
        {
          messageId: 'sameSelector',
          message: /^PodDisruptionBudget fire-b has the same selector: /,
          line: 9,
          related: ['PodDisruptionBudget fire-b:18'],
        },
      ],
    },
  ],
});
