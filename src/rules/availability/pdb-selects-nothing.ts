import { getPath } from '../../k8s/object.js';
import {
  customOwnerSelectedBy,
  emptySelectorMatchesAll,
  workloadSelectedByOwnLabels,
  workloadsSelectedBy,
} from '../../k8s/pdb.js';
import { isEmptySelector } from '../../k8s/selector.js';
import { defineRule } from '../define-rule.js';

export const pdbSelectsNothing = defineRule({
  meta: {
    id: 'pdb-selects-nothing',
    family: 'availability',
    severity: 'warning',
    title: 'A PodDisruptionBudget should select the pods of a workload',
    rationale:
      'A PodDisruptionBudget whose selector matches no pod protects nothing: the team believes drains are limited, ' +
      'but the next node upgrade evicts every replica at once. The usual causes are a selector copied from the ' +
      "workload's own labels instead of its pod template labels, a PDB in another namespace than the pods, a " +
      'missing selector (which selects nothing in policy/v1), or `selector: {}` in policy/v1beta1, which also ' +
      'selects nothing there.',
    remediation:
      "Copy the selector from the workload's spec.selector (it matches the pod template labels), create the PDB in " +
      'the namespace of the pods, and use policy/v1.',
    kinds: ['PodDisruptionBudget'],
    reportsAbsence: true,
    messages: {
      noSelector: 'The budget has no selector, so it selects no pod and protects nothing.',
      emptySelector:
        'In {{apiVersion}} an empty selector selects no pod (policy/v1 would select every pod of the namespace), so the budget protects nothing.',
      selectsNoWorkload:
        'The selector matches the pods of no loaded workload in namespace {{namespace}}, so the budget protects nothing.',
      selectsWorkloadItself:
        'The selector matches the pods of no loaded workload in namespace {{namespace}}, so the budget protects nothing; it matches the labels of {{kind}} {{name}} itself, but a budget selects pods, so match its pod template labels.',
    },
    examples: {
      invalid: `apiVersion: apps/v1
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
      labels: {app: api}
    spec:
      containers:
        - name: api
          image: registry.example.com/shop/api:1.0.0
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: api
  namespace: shop
spec:
  maxUnavailable: 1
  selector:
    matchLabels: {app.kubernetes.io/name: api}
`,
      valid: `apiVersion: apps/v1
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
      labels: {app: api}
    spec:
      containers:
        - name: api
          image: registry.example.com/shop/api:1.0.0
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: api
  namespace: shop
spec:
  maxUnavailable: 1
  selector:
    matchLabels: {app: api}
`,
    },
  },
  check(object, ctx) {
    const selector = getPath(object, ['spec', 'selector']);
    if (selector === undefined || selector === null) {
      return [{ messageId: 'noSelector', path: ['spec'] }];
    }
    if (!emptySelectorMatchesAll(object) && isEmptySelector(selector)) {
      return [{ messageId: 'emptySelector', data: { apiVersion: object.apiVersion }, path: ['spec', 'selector'] }];
    }
    // From a cluster, the disruption controller has counted the pods the budget selects, whoever created them
    // (kubeward reads no Pods, and no operator's custom resources).
    const expectedPods = getPath(object, ['status', 'expectedPods']);
    if (typeof expectedPods === 'number' && expectedPods > 0) return [];
    if (workloadsSelectedBy(object, ctx.index).length > 0) return [];
    // Pods an operator creates from a custom resource (Prometheus, Alertmanager, Argo Rollouts) are not loaded.
    if (customOwnerSelectedBy(object, ctx.index) !== undefined) return [];
    const namespace = ctx.index.namespaceOf(object);
    const byOwnLabels = workloadSelectedByOwnLabels(object, ctx.index);
    const path = ['spec', 'selector'];
    if (byOwnLabels === undefined) return [{ messageId: 'selectsNoWorkload', data: { namespace }, path }];
    const own = { namespace, kind: byOwnLabels.kind, name: byOwnLabels.metadata?.name ?? '' };
    return [{ messageId: 'selectsWorkloadItself', data: own, path }];
  },
});
