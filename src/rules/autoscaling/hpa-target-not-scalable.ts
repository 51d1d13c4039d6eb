import { HPA_KIND } from '../../k8s/kinds.js';
import { describeObject, nameOf } from '../../k8s/names.js';
import { targetRefOf, type UnscalableKind, unscalableKindOf } from '../../k8s/target-ref.js';
import { defineRule } from '../define-rule.js';

/** What to do instead, for each built-in kind without a /scale subresource. */
const INSTEAD: Readonly<Record<UnscalableKind, string>> = {
  DaemonSet:
    'a DaemonSet runs one pod per matching node, so scale the nodes (cluster autoscaler) or the pod size (VPA)',
  Job: 'set spec.parallelism, or use an event-driven job scaler such as a KEDA ScaledJob',
  CronJob: 'set the parallelism of its jobTemplate, or use an event-driven job scaler such as a KEDA ScaledJob',
  Pod: 'run the pod from a Deployment or StatefulSet and target that',
};

export const hpaTargetNotScalable = defineRule({
  meta: {
    id: 'hpa-target-not-scalable',
    family: 'autoscaling',
    severity: 'error',
    title: 'HPAs must target a kind with a scale subresource',
    rationale:
      'The HPA reads and writes the replica count through the /scale subresource of its target. DaemonSets, Jobs, ' +
      'CronJobs and Pods have none, so the HPA only reports FailedGetScale ("the server could not find the ' +
      'requested resource") and the workload is never scaled, while the manifest suggests it is autoscaled.',
    remediation:
      'Target a Deployment, StatefulSet, ReplicaSet or a custom resource with a scale subresource; for a ' +
      'DaemonSet scale the nodes or the pod size instead, for a Job use parallelism or an event-driven job scaler.',
    kinds: [HPA_KIND],
    messages: {
      noScaleSubresource:
        'HPA {{name}} targets {{target}}, which has no scale subresource: the HPA reports FailedGetScale and never ' +
        'scales it. Instead, {{instead}}.',
    },
    examples: {
      invalid: `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: log-shipper
  namespace: logging
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: DaemonSet, name: log-shipper}
  minReplicas: 1
  maxReplicas: 5
`,
      valid: `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: log-aggregator
  namespace: logging
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: StatefulSet, name: log-aggregator}
  minReplicas: 2
  maxReplicas: 5
`,
    },
  },
  check(hpa) {
    const ref = targetRefOf(hpa);
    if (ref === undefined) return [];
    // A custom resource that happens to share the name (e.g. OpenKruise's apps.kruise.io DaemonSet) is not judged.
    const kind = unscalableKindOf(ref);
    if (kind === undefined) return [];
    return [
      {
        messageId: 'noScaleSubresource',
        data: { name: nameOf(hpa), target: describeObject(ref.kind, ref.name), instead: INSTEAD[kind] },
        path: [...ref.path, 'kind'],
      },
    ];
  },
});
