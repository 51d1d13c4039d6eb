import { describeOf } from '../../k8s/names.js';
import type { K8sObject } from '../../k8s/object.js';
import { workloadsSelectedBy } from '../../k8s/pdb.js';
import { allowsEvictingAll, blocksEviction, budgetOf, desiredHealthy, hasNoBudget } from '../../k8s/pdb-budget.js';
import { totalScale } from '../../k8s/scale.js';
import { defineRule } from '../define-rule.js';

export const pdbIneffectiveBudget = defineRule({
  meta: {
    id: 'pdb-ineffective-budget',
    family: 'availability',
    severity: 'warning',
    title: 'A PodDisruptionBudget must allow some evictions and protect some pods',
    rationale:
      'A budget that allows no eviction (maxUnavailable: 0, minAvailable: 100%, or a minAvailable at or above the ' +
      'number of pods it selects, such as minAvailable: 1 on a single replica) makes every node drain hang: the ' +
      'eviction API answers 429 forever, kubectl drain retries until someone deletes the pod by hand, and node ' +
      'upgrades stall. A budget of maxUnavailable: 100% or minAvailable: 0 lets a drain take every pod at once, so ' +
      'it protects nothing while looking like it does; so does an integer maxUnavailable at or above the replica ' +
      'count (maxUnavailable: 1 on a single replica). A budget that sets neither minAvailable nor maxUnavailable is ' +
      'accepted, but the disruption controller then expects no pods and keeps disruptionsAllowed at 0: it blocks ' +
      'every eviction of the pods it selects, like maxUnavailable: 0.',
    remediation:
      'Set one of the two fields: maxUnavailable: 1 (or a percentage below 100%) with at least 2 replicas, or a ' +
      'minAvailable below the replica count; run at least 2 replicas of anything that needs a budget.',
    kinds: ['PodDisruptionBudget'],
    messages: {
      allowsNoEviction:
        '{{field}} {{value}} allows no voluntary eviction: the eviction API answers 429 and every node drain that meets one of these pods hangs until someone deletes it by hand.',
      protectsNothing:
        '{{field}} {{value}} lets a drain evict every selected pod at once: the budget protects nothing.',
      protectsNothingAtScale:
        'maxUnavailable {{value}} is not below the pod count ({{selected}}), so a drain may evict every selected pod at once: the budget protects nothing.',
      noBudget:
        'The PodDisruptionBudget sets neither minAvailable nor maxUnavailable: the disruption controller then expects 0 pods and keeps disruptionsAllowed at 0, so the eviction API answers 429 for every pod it selects and every node drain that meets one of them hangs until someone deletes it by hand; set maxUnavailable: 1 (or a minAvailable below the replica count).',
      neverEvictable:
        'minAvailable {{value}} requires {{required}}, but {{selected}}, so no pod can ever be evicted: the eviction API answers 429 and every node drain that meets one of these pods hangs until someone deletes it by hand.',
    },
    examples: {
      invalid: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: checkout
  namespace: shop
spec:
  replicas: 1
  selector:
    matchLabels: {app: checkout}
  template:
    metadata:
      labels: {app: checkout}
    spec:
      containers:
        - name: checkout
          image: registry.example.com/shop/checkout:2.4.1
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: checkout
  namespace: shop
spec:
  minAvailable: 1
  selector:
    matchLabels: {app: checkout}
`,
      valid: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: checkout
  namespace: shop
spec:
  replicas: 3
  selector:
    matchLabels: {app: checkout}
  template:
    metadata:
      labels: {app: checkout}
    spec:
      containers:
        - name: checkout
          image: registry.example.com/shop/checkout:2.4.1
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: checkout
  namespace: shop
spec:
  maxUnavailable: 1
  selector:
    matchLabels: {app: checkout}
`,
    },
  },
  check(object, ctx) {
    const budget = budgetOf(object);
    // A budget the API server rejects (pdb-invalid-budget) never exists in a cluster.
    if (budget === undefined) return hasNoBudget(object) ? [{ messageId: 'noBudget', path: ['spec'] }] : [];
    const path = ['spec', budget.field];
    const { field, value, text } = budget;
    const data = { field, value: text };
    if (
      (field === 'maxUnavailable' && value.value === 0) ||
      (field === 'minAvailable' && value.kind === 'percent' && value.value >= 100)
    ) {
      return [{ messageId: 'allowsNoEviction', data, path }];
    }
    if (allowsEvictingAll(budget)) return [{ messageId: 'protectsNothing', data, path }];
    const selected = workloadsSelectedBy(object, ctx.index);
    const scale = totalScale(selected, ctx.index);
    // With an HPA, the highest replica count decides "always"; pdb-hpa-min-replicas reports the HPA's minimum.
    if (scale === undefined || scale.max === 0) return [];
    const pods = describeSelected(selected, scale.max, scale.hpa !== undefined);
    if (field === 'maxUnavailable') {
      if (!allowsEvictingAll(budget, scale.max)) return [];
      return [{ messageId: 'protectsNothingAtScale', data: { value: text, selected: pods }, path }];
    }
    if (!blocksEviction(budget, scale.max)) return [];
    const need = desiredHealthy(budget, scale.max);
    return [
      {
        messageId: 'neverEvictable',
        data: { value: text, required: `${need} healthy pod${need === 1 ? '' : 's'}`, selected: pods },
        path,
      },
    ];
  },
});

/** `Deployment checkout runs 1 pod`, `Deployment web runs at most 4 pods` (HPA maxReplicas). */
function describeSelected(selected: readonly K8sObject[], total: number, autoscaled: boolean): string {
  const names = selected.slice(0, 3).map(describeOf);
  const more = selected.length > 3 ? ` and ${selected.length - 3} more` : '';
  const most = autoscaled ? ' at most' : '';
  return `${names.join(', ')}${more} run${selected.length === 1 ? 's' : ''}${most} ${total} pod${total === 1 ? '' : 's'}`;
}
