import type { RuleFinding } from '../../engine/rule.js';
import type { K8sObject } from '../../k8s/object.js';
import { budgetsSelecting, budgetsWithSelectorOf, workloadsSelectedBy } from '../../k8s/pdb.js';
import { defineRule } from '../define-rule.js';
import { problems } from '../shared/problems.js';

export const pdbOverlappingSelectors = defineRule({
  meta: {
    id: 'pdb-overlapping-selectors',
    family: 'availability',
    severity: 'error',
    title: 'A pod must not be selected by more than one PodDisruptionBudget',
    rationale:
      'The eviction API does not support a pod covered by two PodDisruptionBudgets: it refuses every eviction of ' +
      'such a pod with HTTP 500 ("This pod has more than one PodDisruptionBudget"), whatever the budgets allow. ' +
      'kubectl drain, the cluster autoscaler and managed node upgrades then hang on the node running that pod ' +
      'until someone deletes the pod by hand.',
    remediation:
      'Keep exactly one PodDisruptionBudget per set of pods: delete the duplicate, or narrow the selectors (for ' +
      'example add app.kubernetes.io/component) so that no pod template matches both.',
    kinds: ['PodDisruptionBudget'],
    messages: {
      overlapsWorkload:
        'PodDisruptionBudget {{budget}} also selects the pods of {{kind}} {{name}}: the eviction API refuses to evict a pod covered by two budgets (HTTP 500), so every drain of a node running these pods hangs.',
      sameSelector:
        'PodDisruptionBudget {{budget}} has the same selector: the eviction API refuses to evict a pod covered by two budgets (HTTP 500), so every drain of a node running these pods hangs.',
      moreOverlaps:
        'More PodDisruptionBudgets than the {{max}} above select these pods too; kubeward names the first {{max}} only. Keep one budget per set of pods.',
    },
    examples: {
      invalid: `apiVersion: apps/v1
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
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web
  namespace: shop
spec:
  maxUnavailable: 1
  selector:
    matchLabels: {app: web}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: frontend
  namespace: shop
spec:
  minAvailable: 50%
  selector:
    matchLabels: {tier: frontend}
`,
      valid: `apiVersion: apps/v1
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
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web
  namespace: shop
spec:
  maxUnavailable: 1
  selector:
    matchLabels: {app: web}
`,
    },
  },
  check(object, ctx) {
    // Pairs are inherent (a thousand budgets on one set of pods are a million pairs), so each budget names at most
    // MAX_OVERLAPS others and then says there are more: the work per budget stops there.
    const shared = new Map<K8sObject, K8sObject | undefined>();
    let more = false;
    outer: for (const w of workloadsSelectedBy(object, ctx.index)) {
      for (const other of budgetsSelecting(w, ctx.index)) {
        if (other === object || sameName(other, object) || shared.has(other)) continue;
        if (shared.size === MAX_OVERLAPS) {
          more = true;
          break outer;
        }
        shared.set(other, w);
      }
    }
    if (!more) {
      for (const other of budgetsWithSelectorOf(object, ctx.index)) {
        if (other === object || sameName(other, object) || shared.has(other)) continue;
        if (shared.size === MAX_OVERLAPS) {
          more = true;
          break;
        }
        shared.set(other, undefined);
      }
    }
    const path = ['spec', 'selector'];
    const findings: RuleFinding<'overlapsWorkload' | 'sameSelector' | 'moreOverlaps'>[] = [];
    for (const [other, workload] of shared) {
      const budget = other.metadata?.name ?? '';
      const problem = problems.overlappingBudgets(object, other);
      const related = [{ object: other, path }];
      findings.push(
        workload
          ? {
              messageId: 'overlapsWorkload',
              data: { budget, kind: workload.kind, name: workload.metadata?.name ?? '' },
              path,
              problem,
              related,
            }
          : { messageId: 'sameSelector', data: { budget }, path, problem, related },
      );
    }
    if (more) findings.push({ messageId: 'moreOverlaps', data: { max: MAX_OVERLAPS }, path });
    return findings;
  },
});

/** Overlapping budgets named per budget. */
export const MAX_OVERLAPS = 16;

/** Two documents with one name are the same object applied twice (example collections repeat names). */
function sameName(a: K8sObject, b: K8sObject): boolean {
  return a.metadata?.name !== undefined && a.metadata.name === b.metadata?.name;
}
