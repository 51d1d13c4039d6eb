import { detectIngressController } from '../../ingress/controllers.js';
import { budgetsSelecting } from '../../k8s/pdb.js';
import { upperFirst } from '../../k8s/text.js';
import { defineRule } from '../define-rule.js';
import { CONTROLLER_RULE_OPTIONS, describeDetection } from '../shared/controller-options.js';

export const controllerMissingPdb = defineRule({
  meta: {
    id: 'controller-missing-pdb',
    family: 'availability',
    severity: 'warning',
    title: 'Ingress and gateway controllers must be covered by a PodDisruptionBudget',
    rationale:
      'Without a PodDisruptionBudget nothing stops a node drain, a cluster-autoscaler scale-down or a node pool ' +
      'upgrade from evicting every controller replica at once, for example when they were scheduled on the same ' +
      'node or when several nodes are drained in parallel: all ingress traffic fails until new pods have started ' +
      'and reconciled. DaemonSets are not checked, because kubectl drain leaves DaemonSet pods in place.',
    remediation:
      'Add a policy/v1 PodDisruptionBudget in the same namespace whose selector matches the pod template labels, ' +
      'with maxUnavailable: 1 (or minAvailable below the replica count) and unhealthyPodEvictionPolicy: AlwaysAllow.',
    kinds: ['Deployment', 'StatefulSet'],
    reportsAbsence: true,
    options: CONTROLLER_RULE_OPTIONS,
    messages: {
      missingPdb:
        '{{controller}} has no PodDisruptionBudget selecting its pods in namespace {{namespace}}: a node drain or an autoscaler scale-down may evict every replica at once.',
    },
    examples: {
      invalid: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: contour
  namespace: projectcontour
spec:
  replicas: 2
  selector:
    matchLabels: {app: contour}
  template:
    metadata:
      labels: {app: contour}
    spec:
      containers:
        - name: contour
          image: ghcr.io/projectcontour/contour:v1.33.0
          args: [serve, --incluster]
`,
      valid: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: contour
  namespace: projectcontour
spec:
  replicas: 2
  selector:
    matchLabels: {app: contour}
  template:
    metadata:
      labels: {app: contour}
    spec:
      containers:
        - name: contour
          image: ghcr.io/projectcontour/contour:v1.33.0
          args: [serve, --incluster]
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: contour
  namespace: projectcontour
spec:
  maxUnavailable: 1
  unhealthyPodEvictionPolicy: AlwaysAllow
  selector:
    matchLabels: {app: contour}
`,
    },
  },
  check(object, ctx) {
    const d = detectIngressController(object, ctx.index, ctx.options.controllers);
    if (d === undefined || budgetsSelecting(object, ctx.index).length > 0) return [];
    const namespace = ctx.index.namespaceOf(object);
    return [
      {
        messageId: 'missingPdb',
        data: { controller: upperFirst(describeDetection(d)), namespace },
        path: [...d.template.specPath.slice(0, -1), 'metadata', 'labels'],
      },
    ];
  },
});
