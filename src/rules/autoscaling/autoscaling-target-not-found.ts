import { resolveTarget } from '../../k8s/autoscalers.js';
import { HPA_KIND, VPA_KIND } from '../../k8s/kinds.js';
import { describeObject, nameOf } from '../../k8s/names.js';
import { defineRule } from '../define-rule.js';

/**
 * An HPA or VPA whose target is not loaded. Matched by kind and name in the autoscaler's namespace, whatever the
 * API group (an HPA on an Argo Rollout is fine when the Rollout is loaded). Info only: a lint run often sees part
 * of what the cluster holds; a target missing from a cluster listing that is complete for its kind is reported one
 * level higher (a warning at the default severity). An autoscaler without a usable target reference is
 * autoscaling-missing-target-ref's finding.
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
      targetNotLoaded:
        '{{autoscaler}} targets {{target}}, which is not among the loaded objects in namespace {{namespace}} (the ' +
        'file set may be partial). If it does not exist in the cluster either, {{effect}}; check the kind and the name.',
      targetNotInCluster:
        '{{autoscaler}} targets {{target}}, which does not exist in namespace {{namespace}} of the cluster, so ' +
        '{{effect}}; check the kind and the name.',
    },
    severityShift: {
      raise:
        'the cluster listing is complete for the target kind and has no such target, so the autoscaler certainly ' +
        'scales nothing',
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
    // No usable reference: autoscaling-missing-target-ref (or vpa-unserved-api-version) reports it.
    if (target === undefined) return [];
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
        // In a complete listing the autoscaler certainly does nothing: a run-time failure, at least a warning.
        ...(complete === undefined ? {} : { shift: 'raise' as const }),
      },
    ];
  },
});
