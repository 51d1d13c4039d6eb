import type { ObjectIndex } from '../../engine/object-index.js';
import type { RuleFinding } from '../../engine/rule.js';
import { detectIngressController } from '../../ingress/controllers.js';
import { type IntOrPercent, parseIntOrPercent, scaledValue } from '../../k8s/int-or-percent.js';
import { asObject, getPath, type JsonPath, type K8sObject } from '../../k8s/object.js';
import { scaleOf } from '../../k8s/scale.js';
import { upperFirst } from '../../k8s/text.js';
import { defineRule } from '../define-rule.js';
import {
  CONTROLLER_RULE_OPTIONS,
  CONTROLLER_WORKLOAD_KINDS,
  type ControllerRuleOptions,
  describeDetection,
} from '../shared/controller-options.js';

const DEFAULT_DEPLOYMENT_FENCEPOST: IntOrPercent = { kind: 'percent', value: 25 };

const messages = {
  rejectedRollout:
    '{{controller}}: the API server rejects {{field}} {{value}} ({{reason}}), so the apply fails and the running rollout settings stay.',
  recreateStrategy:
    '{{controller}}: the Recreate strategy stops every pod before the new ones start, so each rollout is a full outage until the new pods are Ready.',
  fencepostsRoundToZero:
    '{{controller}}: with {{replicas}}, maxSurge {{maxSurge}} and maxUnavailable {{maxUnavailable}} both round to 0, so the rollout deletes the only pod before its replacement starts.',
  maxUnavailableAll:
    '{{controller}}: maxUnavailable {{maxUnavailable}} allows {{unavailable}} of {{replicas}} to be down during a rollout, so an update may take every pod down at once.',
  statefulSetMaxUnavailableAll:
    '{{controller}}: updateStrategy maxUnavailable {{maxUnavailable}} allows all {{replicas}} to be updated at once, so a rollout takes every pod down.',
  daemonSetMaxUnavailableAll:
    '{{controller}}: updateStrategy maxUnavailable {{maxUnavailable}} lets the rollout replace the pod on every node at the same time, so an update takes the controller down everywhere.',
} as const;

type MessageId = keyof typeof messages;

export const controllerUnsafeRollout = defineRule<ControllerRuleOptions, MessageId>({
  meta: {
    id: 'controller-unsafe-rollout',
    family: 'availability',
    severity: 'warning',
    title: 'Ingress and gateway controller rollouts must keep some replicas serving',
    severityShift: { raise: 'the API server rejects the rolling-update values (the apply fails)' },
    rationale:
      'An update strategy that may take down as many pods as the controller runs (the Recreate strategy, a ' +
      'maxUnavailable at or above the replica count, maxSurge 0 on a single replica, or a DaemonSet with ' +
      'maxUnavailable 100%) turns every image bump or config change into a full ingress outage that lasts until the ' +
      'new pods have started and reconciled every route.',
    remediation:
      'Use a RollingUpdate with maxUnavailable: 0 and maxSurge: 1 (or 25%) for Deployments, at least 2 replicas, ' +
      'and for DaemonSets a maxUnavailable of 1 or a small percentage (or maxSurge on nodes with spare ports).',
    kinds: CONTROLLER_WORKLOAD_KINDS,
    options: CONTROLLER_RULE_OPTIONS,
    messages,
    examples: {
      invalid: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: kong-gateway
  namespace: kong
spec:
  replicas: 2
  strategy:
    type: RollingUpdate
    rollingUpdate: {maxUnavailable: 100%, maxSurge: 0}
  selector:
    matchLabels: {app.kubernetes.io/name: kong}
  template:
    metadata:
      labels: {app.kubernetes.io/name: kong}
    spec:
      containers:
        - name: proxy
          image: kong/kong-gateway:3.9
`,
      valid: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: kong-gateway
  namespace: kong
spec:
  replicas: 2
  strategy:
    type: RollingUpdate
    rollingUpdate: {maxUnavailable: 0, maxSurge: 1}
  selector:
    matchLabels: {app.kubernetes.io/name: kong}
  template:
    metadata:
      labels: {app.kubernetes.io/name: kong}
    spec:
      containers:
        - name: proxy
          image: kong/kong-gateway:3.9
`,
    },
  },
  check(object, ctx) {
    const d = detectIngressController(object, ctx.index, ctx.options.controllers);
    if (d === undefined) return [];
    const risk = rejectedRollout(object) ?? rolloutRisk(object, ctx.index);
    if (risk === undefined) return [];
    const controller = upperFirst(describeDetection(d));
    return [
      {
        messageId: risk.messageId,
        data: { controller, ...risk.data },
        path: risk.path,
        ...(risk.shift ? { shift: risk.shift } : {}),
      },
    ];
  },
});

/** The finding but for its `controller` placeholder, which the check fills. */
type Risk = RuleFinding<MessageId> & { path: JsonPath };

/**
 * Rolling-update values the API server rejects (apps validation: ValidateRollingUpdateDeployment,
 * ValidateRollingUpdateDaemonSet, validateRollingUpdateStatefulSet): maxUnavailable above 100%, and a Deployment's
 * maxUnavailable 0 with maxSurge 0. Reported at the rule's raise, since no rollout of them ever happens.
 */
function rejectedRollout(object: K8sObject): Risk | undefined {
  const strategyField = object.kind === 'Deployment' ? 'strategy' : 'updateStrategy';
  if (object.kind !== 'Deployment' && object.kind !== 'StatefulSet' && object.kind !== 'DaemonSet') return undefined;
  const rollingPath = ['spec', strategyField, 'rollingUpdate'];
  const rolling = asObject(getPath(object, rollingPath));
  if (rolling === undefined) return undefined;
  const unavailable = parseIntOrPercent(rolling.maxUnavailable);
  if (unavailable?.kind === 'percent' && unavailable.value > 100) {
    return {
      messageId: 'rejectedRollout',
      data: { field: 'maxUnavailable', value: String(rolling.maxUnavailable), reason: 'must not be greater than 100%' },
      path: [...rollingPath, 'maxUnavailable'],
      shift: 'raise',
    };
  }
  if (object.kind !== 'Deployment') return undefined;
  const surge = parseIntOrPercent(rolling.maxSurge);
  if (unavailable?.value === 0 && surge?.value === 0) {
    return {
      messageId: 'rejectedRollout',
      data: {
        field: 'maxUnavailable',
        value: String(rolling.maxUnavailable),
        reason: 'may not be 0 when maxSurge is 0',
      },
      path: [...rollingPath, 'maxUnavailable'],
      shift: 'raise',
    };
  }
  return undefined;
}

function rolloutRisk(object: K8sObject, index: ObjectIndex): Risk | undefined {
  switch (object.kind) {
    case 'Deployment':
      return deploymentRisk(object, index);
    case 'StatefulSet':
      return statefulSetRisk(object, index);
    case 'DaemonSet':
      return daemonSetRisk(object);
    default:
      return undefined;
  }
}

function replicasText(n: number, hpa: K8sObject | undefined): string {
  const s = `${n} replica${n === 1 ? '' : 's'}`;
  return hpa ? `${s} (minReplicas of HorizontalPodAutoscaler ${hpa.metadata?.name ?? ''})` : s;
}

/** Deployment fenceposts (`ResolveFenceposts`): surge rounds up, unavailable down, and 0/0 becomes unavailable 1. */
function deploymentRisk(object: K8sObject, index: ObjectIndex): Risk | undefined {
  const strategy = asObject(getPath(object, ['spec', 'strategy']));
  if (strategy?.type === 'Recreate') {
    return { messageId: 'recreateStrategy', path: ['spec', 'strategy', 'type'] };
  }
  const scale = scaleOf(object, index);
  if (scale === undefined || scale.min === 0) return undefined;
  const n = scale.min;
  const rolling = asObject(strategy?.rollingUpdate);
  const rawUnavailable = rolling?.maxUnavailable;
  const rawSurge = rolling?.maxSurge;
  const maxUnavailable =
    rawUnavailable === undefined ? DEFAULT_DEPLOYMENT_FENCEPOST : parseIntOrPercent(rawUnavailable);
  const maxSurge = rawSurge === undefined ? DEFAULT_DEPLOYMENT_FENCEPOST : parseIntOrPercent(rawSurge);
  if (maxUnavailable === undefined || maxSurge === undefined) return undefined;
  const surge = scaledValue(maxSurge, n, true);
  const unavailable = scaledValue(maxUnavailable, n, false);
  const who = replicasText(n, scale.hpa);
  if (surge === 0 && unavailable === 0) {
    // Both round to 0: the controller takes down one pod at a time, which with a single replica is all of them.
    if (n > 1) return undefined;
    return {
      messageId: 'fencepostsRoundToZero',
      data: { replicas: who, maxSurge: String(rawSurge ?? '25%'), maxUnavailable: String(rawUnavailable ?? '25%') },
      path: rawSurge !== undefined ? ['spec', 'strategy', 'rollingUpdate', 'maxSurge'] : ['spec', 'strategy'],
    };
  }
  if (unavailable < n) return undefined;
  return {
    messageId: 'maxUnavailableAll',
    data: { maxUnavailable: String(rawUnavailable ?? '25%'), unavailable, replicas: who },
    path: rawUnavailable !== undefined ? ['spec', 'strategy', 'rollingUpdate', 'maxUnavailable'] : ['spec', 'strategy'],
  };
}

/** StatefulSets update one pod at a time unless rollingUpdate.maxUnavailable says otherwise (rounded down, at least 1). */
function statefulSetRisk(object: K8sObject, index: ObjectIndex): Risk | undefined {
  const strategy = asObject(getPath(object, ['spec', 'updateStrategy']));
  if (strategy?.type === 'OnDelete') return undefined;
  const raw = asObject(strategy?.rollingUpdate)?.maxUnavailable;
  if (raw === undefined) return undefined;
  const value = parseIntOrPercent(raw);
  const scale = scaleOf(object, index);
  // With one replica the update always takes it down: controller-single-replica reports that.
  if (value === undefined || scale === undefined || scale.min < 2) return undefined;
  const unavailable = Math.max(1, scaledValue(value, scale.min, false));
  if (unavailable < scale.min) return undefined;
  return {
    messageId: 'statefulSetMaxUnavailableAll',
    data: { maxUnavailable: String(raw), replicas: replicasText(scale.min, scale.hpa) },
    path: ['spec', 'updateStrategy', 'rollingUpdate', 'maxUnavailable'],
  };
}

/** DaemonSets: the node count is unknown, so only a percentage of 100% or more is certain to take every pod. */
function daemonSetRisk(object: K8sObject): Risk | undefined {
  const strategy = asObject(getPath(object, ['spec', 'updateStrategy']));
  if (strategy?.type === 'OnDelete') return undefined;
  const raw = asObject(strategy?.rollingUpdate)?.maxUnavailable;
  const value = parseIntOrPercent(raw);
  if (value?.kind !== 'percent' || value.value < 100) return undefined;
  return {
    messageId: 'daemonSetMaxUnavailableAll',
    data: { maxUnavailable: String(raw) },
    path: ['spec', 'updateStrategy', 'rollingUpdate', 'maxUnavailable'],
  };
}
