import { detectIngressController } from '../../ingress/controllers.js';
import { getPath } from '../../k8s/object.js';
import { scaleOf } from '../../k8s/scale.js';
import { upperFirst } from '../../k8s/text.js';
import { defineRule } from '../define-rule.js';
import { CONTROLLER_RULE_OPTIONS, describeDetection } from '../shared/controller-options.js';

export const controllerSingleReplica = defineRule({
  meta: {
    id: 'controller-single-replica',
    family: 'availability',
    severity: 'warning',
    title: 'Ingress and gateway controllers must run at least 2 replicas',
    rationale:
      'With one replica, every node drain, eviction, OOM kill or crash of the controller pod is a full outage of ' +
      'every Ingress and route it serves, and it lasts until a replacement has been scheduled, started and has ' +
      'reconciled every route. An HPA whose minReplicas is 1 lets the controller shrink back into that state at ' +
      'night, exactly when a maintenance drain happens.',
    remediation:
      'Run at least 2 replicas (spec.replicas, or minReplicas of the HPA that scales the controller), spread them ' +
      'over nodes or zones with topologySpreadConstraints, and protect them with a PodDisruptionBudget.',
    kinds: ['Deployment', 'StatefulSet'],
    options: CONTROLLER_RULE_OPTIONS,
    messages: {
      singleReplica:
        '{{controller}} runs {{replicas}} replica{{defaulted}}: a node drain, an eviction or a crash takes all of its traffic down until a new pod has started and reconciled its routes.',
      hpaSingleReplica:
        '{{controller}} can scale down to {{replicas}} replica (minReplicas of HorizontalPodAutoscaler {{hpa}}): a node drain, an eviction or a crash takes all of its traffic down until a new pod has started and reconciled its routes.',
    },
    examples: {
      invalid: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ingress-nginx-controller
  namespace: ingress-nginx
spec:
  replicas: 1
  selector:
    matchLabels: {app.kubernetes.io/name: ingress-nginx, app.kubernetes.io/component: controller}
  template:
    metadata:
      labels: {app.kubernetes.io/name: ingress-nginx, app.kubernetes.io/component: controller}
    spec:
      containers:
        - name: controller
          image: registry.k8s.io/ingress-nginx/controller:v1.15.1
`,
      valid: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ingress-nginx-controller
  namespace: ingress-nginx
spec:
  selector:
    matchLabels: {app.kubernetes.io/name: ingress-nginx, app.kubernetes.io/component: controller}
  template:
    metadata:
      labels: {app.kubernetes.io/name: ingress-nginx, app.kubernetes.io/component: controller}
    spec:
      containers:
        - name: controller
          image: registry.k8s.io/ingress-nginx/controller:v1.15.1
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: ingress-nginx-controller
  namespace: ingress-nginx
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: ingress-nginx-controller}
  minReplicas: 3
  maxReplicas: 11
`,
    },
  },
  check(object, ctx) {
    const d = detectIngressController(object, ctx.index, ctx.options.controllers);
    if (d === undefined) return [];
    const scale = scaleOf(object, ctx.index);
    // 0 replicas is a deliberate shutdown, not an availability risk this rule can help with.
    if (scale === undefined || scale.min >= 2 || scale.min === 0) return [];
    const who = upperFirst(describeDetection(d));
    const hasReplicas = getPath(object, ['spec', 'replicas']) !== undefined;
    const path = hasReplicas ? ['spec', 'replicas'] : ['spec'];
    if (scale.hpa !== undefined) {
      const hpa = scale.hpa.metadata?.name ?? '';
      return [{ messageId: 'hpaSingleReplica', data: { controller: who, replicas: scale.min, hpa }, path }];
    }
    const defaulted = hasReplicas ? '' : ' (spec.replicas defaults to 1)';
    return [{ messageId: 'singleReplica', data: { controller: who, replicas: scale.min, defaulted }, path }];
  },
});
