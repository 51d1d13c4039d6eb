import { autoscalersTargeting } from '../../k8s/autoscalers.js';
import { HPA_KIND } from '../../k8s/kinds.js';
import { describeObject, nameOf } from '../../k8s/names.js';
import { asObject } from '../../k8s/object.js';
import { joinDescribed } from '../../k8s/text.js';
import { defineRule } from '../define-rule.js';

/**
 * `spec.replicas` written in the manifest of a workload an HPA scales. Meant for files: an object an admission
 * webhook receives is already defaulted (`replicas: 1` when absent), so presence says nothing there; disable this
 * rule for the webhook.
 */
export const hpaManagedReplicas = defineRule({
  meta: {
    id: 'hpa-managed-replicas',
    family: 'autoscaling',
    // A stored workload always has spec.replicas (the API server defaults it, the HPA writes it): manifests only.
    runsOn: ['lint'],
    severity: 'warning',
    title: 'Workloads scaled by an HPA should not set spec.replicas in their manifest',
    rationale:
      'The HPA owns the replica count of its target. A manifest that also writes spec.replicas resets the count on ' +
      'every kubectl apply, helm upgrade or GitOps sync: a deployment during peak traffic drops a 20-pod workload ' +
      'back to 3 until the HPA scales it up again minutes later, and Argo CD or Flux show the workload as out of ' +
      'sync after every scaling step. The rule is meant for files: an admission webhook sees defaulted objects, ' +
      'where replicas is always set.',
    remediation:
      'Remove spec.replicas from the manifest (or from the chart values when autoscaling is on) and let minReplicas ' +
      'set the floor; when removing it from a live object, first apply it once with the current replica count so ' +
      'the field is dropped without a scale to 1.',
    kinds: ['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController', 'Rollout'],
    messages: {
      replicasSet:
        '{{workload}} sets spec.replicas{{value}} but {{hpas}} {{scale}} it: every apply or GitOps sync resets the ' +
        'replica count to this value and fights the HPA. Remove spec.replicas from the manifest and let minReplicas ' +
        'set the floor.',
    },
    examples: {
      invalid: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: storefront
  namespace: shop
spec:
  replicas: 3
  selector:
    matchLabels: {app: storefront}
  template:
    metadata:
      labels: {app: storefront}
    spec:
      containers:
        - name: storefront
          image: registry.example.com/shop/storefront:5.0.2
          resources:
            requests: {cpu: 300m, memory: 384Mi}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: storefront
  namespace: shop
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: storefront}
  minReplicas: 3
  maxReplicas: 30
`,
      valid: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: storefront
  namespace: shop
spec:
  selector:
    matchLabels: {app: storefront}
  template:
    metadata:
      labels: {app: storefront}
    spec:
      containers:
        - name: storefront
          image: registry.example.com/shop/storefront:5.0.2
          resources:
            requests: {cpu: 300m, memory: 384Mi}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: storefront
  namespace: shop
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: storefront}
  minReplicas: 3
  maxReplicas: 30
`,
    },
  },
  check(workload, ctx) {
    const replicas = asObject(workload.spec)?.replicas;
    if (replicas === undefined || replicas === null) return [];
    const name = workload.metadata?.name;
    if (name === undefined) return [];
    const hpas = autoscalersTargeting(ctx.index, HPA_KIND, ctx.index.namespaceOf(workload), {
      kind: workload.kind,
      name,
    });
    if (hpas.length === 0) return [];
    const names = joinDescribed(hpas, (h) => describeObject(HPA_KIND, nameOf(h)), 'and');
    const shown = typeof replicas === 'object' ? '' : ` (${String(replicas)})`;
    return [
      {
        messageId: 'replicasSet',
        data: {
          workload: describeObject(workload.kind, name),
          value: shown,
          hpas: names,
          scale: hpas.length > 1 ? 'scale' : 'scales',
        },
        path: ['spec', 'replicas'],
      },
    ];
  },
});
