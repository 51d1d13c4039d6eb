import { type ControllerDetection, detectIngressController } from '../../ingress/controllers.js';
import { getPath } from '../../k8s/object.js';
import { workloadsSelectedBy } from '../../k8s/pdb.js';
import { defineRule } from '../define-rule.js';
import { CONTROLLER_RULE_OPTIONS } from '../shared/controller-options.js';

export const pdbUnhealthyPodEvictionPolicy = defineRule({
  meta: {
    id: 'pdb-unhealthy-pod-eviction-policy',
    family: 'availability',
    severity: 'info',
    title: "An ingress controller's PodDisruptionBudget should let drains evict unhealthy pods",
    rationale:
      'With the default unhealthyPodEvictionPolicy (IfHealthyBudget), a controller pod that is running but not ' +
      'Ready (crash-looping, or stuck because it cannot reconcile) may only be evicted while the budget is met. ' +
      'When the controller is degraded, which is when the budget is not met, a drain waits on the broken pods ' +
      'instead of replacing them, and the node upgrade that would fix things hangs.',
    remediation:
      'Set spec.unhealthyPodEvictionPolicy: AlwaysAllow on the budget (GA since Kubernetes 1.31), as the Kubernetes ' +
      'documentation recommends.',
    kinds: ['PodDisruptionBudget'],
    options: CONTROLLER_RULE_OPTIONS,
    messages: {
      policyNotAlwaysAllow:
        'The budget covers the {{controller}} {{kind}} {{name}} with unhealthyPodEvictionPolicy {{policy}}: a drain cannot evict its running but unready pods while the budget is not met, so a degraded controller blocks the node upgrade that would replace it; set AlwaysAllow.',
      missingPolicy:
        'The budget covers the {{controller}} {{kind}} {{name}} with no unhealthyPodEvictionPolicy: a drain cannot evict its running but unready pods while the budget is not met, so a degraded controller blocks the node upgrade that would replace it; set AlwaysAllow.',
    },
    examples: {
      invalid: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: istio-ingressgateway
  namespace: istio-system
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
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: istio-ingressgateway
  namespace: istio-system
spec:
  minAvailable: 1
  selector:
    matchLabels: {istio: ingressgateway}
`,
      valid: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: istio-ingressgateway
  namespace: istio-system
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
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: istio-ingressgateway
  namespace: istio-system
spec:
  minAvailable: 1
  unhealthyPodEvictionPolicy: AlwaysAllow
  selector:
    matchLabels: {istio: ingressgateway}
`,
    },
  },
  check(object, ctx) {
    const policy = getPath(object, ['spec', 'unhealthyPodEvictionPolicy']);
    if (policy === 'AlwaysAllow') return [];
    let found: { d: ControllerDetection; kind: string; name: string } | undefined;
    for (const w of workloadsSelectedBy(object, ctx.index)) {
      const d = detectIngressController(w, ctx.index, ctx.options.controllers);
      if (d !== undefined) {
        found = { d, kind: w.kind, name: w.metadata?.name ?? '' };
        break;
      }
    }
    if (found === undefined) return [];
    const data = { controller: found.d.controller.name, kind: found.kind, name: found.name };
    const path = policy === undefined ? ['spec'] : ['spec', 'unhealthyPodEvictionPolicy'];
    return [
      typeof policy === 'string'
        ? { messageId: 'policyNotAlwaysAllow', data: { ...data, policy }, path }
        : { messageId: 'missingPolicy', data, path },
    ];
  },
});
