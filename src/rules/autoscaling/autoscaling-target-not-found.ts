import { resolveTarget } from '../../k8s/autoscalers.js';
import { HPA_KIND, VPA_KIND } from '../../k8s/kinds.js';
import { describeObject, nameOf } from '../../k8s/names.js';
import { asObject } from '../../k8s/object.js';
import { targetRefPath } from '../../k8s/target-ref.js';
import { defineRule } from '../define-rule.js';

/**
 * An HPA or VPA whose target is not loaded. Matched by kind and name in the autoscaler's namespace, whatever the
 * API group (an HPA on an Argo Rollout is fine when the Rollout is loaded). Info only: a lint run often sees part
 * of what the cluster holds. An autoscaler without a usable target reference is reported one level higher (a warning
 * at the default severity).
 */
export const autoscalingTargetNotFound = defineRule({
  meta: {
    id: 'autoscaling-target-not-found',
    family: 'autoscaling',
    severity: 'info',
    title: 'HPA and VPA targets should exist',
    rationale:
      'An autoscaler whose target is missing does nothing: the HPA reports FailedGetScale and keeps the condition ' +
      'AbleToScale False, the VPA reports ConfigUnsupported and recommends nothing. This usually means a renamed ' +
      'Deployment, a chart value that changed the name of the workload but not of its autoscaler, or a typo, and ' +
      'the workload then runs unscaled without anyone noticing.',
    remediation:
      'Point scaleTargetRef (HPA) or targetRef (VPA) at the kind and name of an existing workload in the same ' +
      'namespace, or delete the autoscaler; if the target lives in files this run did not read, lint them together.',
    kinds: [HPA_KIND, VPA_KIND],
    reportsAbsence: true,
    messages: {
      v1beta1Selector:
        'VPA {{name}} selects pods with the v1beta1 spec.selector and has no spec.targetRef: current VPA releases ' +
        'skip a VPA without targetRef, so it controls no pods. Replace the selector with spec.targetRef naming the ' +
        'workload (autoscaling.k8s.io/v1).',
      missingTargetRef:
        '{{autoscaler}} has no {{field}} with a kind and a name: the API server rejects it, and it could not scale ' +
        'anything. Set {{field}} to the workload it is meant for.',
      targetNotLoaded:
        '{{autoscaler}} targets {{target}}, which is not among the loaded objects in namespace {{namespace}} (the ' +
        'file set may be partial). If it does not exist in the cluster either, {{effect}}; check the kind and the name.',
      targetNotInCluster:
        '{{autoscaler}} targets {{target}}, which does not exist in namespace {{namespace}} of the cluster, so ' +
        '{{effect}}; check the kind and the name.',
    },
    severityShift: {
      raise:
        'the autoscaler has no target reference with a kind and a name (or a v1beta1 VPA selects pods by label ' +
        'instead), so it scales nothing wherever it runs',
    },
    examples: {
      invalid: `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: payments
  namespace: billing
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: payments-api}
  minReplicas: 2
  maxReplicas: 8
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: payments
  namespace: billing
spec:
  selector:
    matchLabels: {app: payments}
  template:
    metadata:
      labels: {app: payments}
    spec:
      containers:
        - name: payments
          image: registry.example.com/billing/payments:7.3.0
          resources:
            requests: {cpu: 200m, memory: 256Mi}
`,
      valid: `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: payments
  namespace: billing
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: payments}
  minReplicas: 2
  maxReplicas: 8
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: payments
  namespace: billing
spec:
  selector:
    matchLabels: {app: payments}
  template:
    metadata:
      labels: {app: payments}
    spec:
      containers:
        - name: payments
          image: registry.example.com/billing/payments:7.3.0
          resources:
            requests: {cpu: 200m, memory: 256Mi}
`,
    },
  },
  check(autoscaler, ctx) {
    const self = describeObject(autoscaler.kind, nameOf(autoscaler));
    const target = resolveTarget(ctx.index, autoscaler);
    if (target === undefined) {
      const field = targetRefPath(autoscaler.kind);
      if (autoscaler.kind === VPA_KIND && asObject(autoscaler.spec)?.selector !== undefined) {
        return [
          {
            messageId: 'v1beta1Selector',
            data: { name: nameOf(autoscaler) },
            path: ['spec', 'selector'],
            shift: 'raise',
          },
        ];
      }
      return [
        {
          messageId: 'missingTargetRef',
          data: { autoscaler: self, field: field.join('.') },
          path: field,
          shift: 'raise',
        },
      ];
    }
    if (target.workload !== undefined) return [];
    const { ref, namespace } = target;
    const complete = ctx.index.completeKinds;
    // From a cluster, kubeward reads some kinds only: a target of another kind (an Argo Rollout) may well exist.
    if (complete !== undefined && !complete.has(ref.kind)) return [];
    const effect =
      autoscaler.kind === HPA_KIND
        ? 'the HPA reports FailedGetScale and scales nothing'
        : 'the VPA reports ConfigUnsupported and recommends nothing';
    return [
      {
        messageId: complete === undefined ? 'targetNotLoaded' : 'targetNotInCluster',
        data: { autoscaler: self, target: describeObject(ref.kind, ref.name), namespace, effect },
        path: ref.path,
      },
    ];
  },
});
