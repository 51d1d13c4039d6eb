import type { RuleFinding } from '../../engine/rule.js';
import { resolveTarget } from '../../k8s/autoscalers.js';
import { type HpaMetric, hpaMetrics, isScaledResourceMetric } from '../../k8s/hpa.js';
import { HPA_KIND } from '../../k8s/kinds.js';
import { NO_LIMIT_RANGE_DEFAULTS, namespaceLimitRangeDefaults } from '../../k8s/limit-range.js';
import { describeContainer, describeObject, nameOf } from '../../k8s/names.js';
import { asObject } from '../../k8s/object.js';
import { type ContainerResources, podContainerResources } from '../../k8s/pod-resources.js';
import { podLevelResources, type QosResource } from '../../k8s/qos.js';
import { parseQuantity } from '../../k8s/quantity.js';
import { joinDescribed, MAX_LISTED } from '../../k8s/text.js';
import { type ContainerRef, containersOf, podTemplateOf } from '../../k8s/workload.js';
import { defineRule } from '../define-rule.js';
import { describeMetric } from '../shared/autoscaling-text.js';

// A request the pods get from their limits or from a LimitRange is already in `requests`: hence "nor a limit, nor a
// default" when a container has none.
const messages = {
  resourceRequestMissing:
    'HPA {{name}} scales {{target}} on {{metric}}, but {{containers}} {{have}} no {{resource}} request above zero (nor a ' +
    'limit, nor a default from a loaded LimitRange in namespace {{namespace}}): the HPA cannot compute the ' +
    'utilization (FailedGetResourceMetric, shown as <unknown>) and {{consequence}}. Set ' +
    'resources.requests.{{resource}} on {{them}}, or use an AverageValue target.',
  containerRequestMissing:
    'HPA {{name}} scales {{target}} on {{metric}}, but {{container}} has no {{resource}} request above zero (nor a limit, nor ' +
    'a default from a loaded LimitRange in namespace {{namespace}}): the HPA cannot compute the utilization ' +
    '(FailedGetContainerResourceMetric, shown as <unknown>) and {{consequence}}. Set ' +
    'resources.requests.{{resource}} on {{container}}, or use an AverageValue target.',
  unknownContainer:
    'HPA {{name}} scales {{target}} on {{metric}}, but its pod template has no container or sidecar named ' +
    '{{container}} (it has {{containers}}): the metric never has data (FailedGetContainerResourceMetric). Name one ' +
    'of the containers in containerResource.container.',
} as const;

type MessageId = keyof typeof messages;

/** Who scales what, the start of every message. */
interface Subject {
  readonly name: string;
  readonly target: string;
}

/**
 * An HPA Utilization target on cpu or memory needs a request for that resource on every container the controller
 * sums (regular containers and native sidecars; only the named one for ContainerResource), as the pods will have it:
 * requests copied from limits count, and so do defaults of a LimitRange in the namespace. Pod-level requests
 * (`spec.resources`) cover a Resource metric. AverageValue targets need no request.
 */
export const hpaUtilizationMissingRequests = defineRule({
  meta: {
    id: 'hpa-utilization-missing-requests',
    family: 'autoscaling',
    severity: 'error',
    title: 'HPA utilization targets need requests on the containers they measure',
    rationale:
      'The HPA computes utilization as usage divided by the pod request, summed over the containers and sidecars. ' +
      'If one of them has no request for the resource, the metric cannot be computed: kubectl get hpa shows ' +
      '<unknown>, events say FailedGetResourceMetric with "missing request for cpu", and the condition ScalingActive ' +
      'turns False. With that metric alone the HPA never scales; next to other metrics it can still scale up but ' +
      'never scales down, so the workload stays at its peak size.',
    remediation:
      'Set resources.requests for the resource on every container and native sidecar of the target (limits alone ' +
      'also work, as the request is copied from the limit), or switch the metric target to AverageValue, or use a ' +
      'ContainerResource metric on the container that has the request.',
    kinds: [HPA_KIND],
    messages,
    examples: {
      invalid: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: search
  namespace: catalog
spec:
  selector:
    matchLabels: {app: search}
  template:
    metadata:
      labels: {app: search}
    spec:
      containers:
        - name: search
          image: registry.example.com/catalog/search:3.1.0
          resources:
            requests: {cpu: 500m, memory: 1Gi}
        - name: envoy
          image: envoyproxy/envoy:v1.33.0
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: search
  namespace: catalog
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: search}
  minReplicas: 2
  maxReplicas: 12
  metrics:
    - type: Resource
      resource:
        name: cpu
        target: {type: Utilization, averageUtilization: 60}
`,
      valid: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: search
  namespace: catalog
spec:
  selector:
    matchLabels: {app: search}
  template:
    metadata:
      labels: {app: search}
    spec:
      containers:
        - name: search
          image: registry.example.com/catalog/search:3.1.0
          resources:
            requests: {cpu: 500m, memory: 1Gi}
        - name: envoy
          image: envoyproxy/envoy:v1.33.0
          resources:
            requests: {cpu: 50m, memory: 64Mi}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: search
  namespace: catalog
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: search}
  minReplicas: 2
  maxReplicas: 12
  metrics:
    - type: Resource
      resource:
        name: cpu
        target: {type: Utilization, averageUtilization: 60}
`,
    },
  },
  check(hpa, ctx) {
    const metrics = hpaMetrics(hpa);
    const measured = metrics.filter(
      (m) => isScaledResourceMetric(m) && (m.target === 'Utilization' || m.source === 'ContainerResource'),
    );
    if (measured.length === 0) return [];
    const target = resolveTarget(ctx.index, hpa);
    const workload = target?.workload;
    if (target === undefined || workload === undefined) return [];
    const template = podTemplateOf(workload);
    if (template === undefined) return [];
    const refs = containersOf(template).filter((c) => c.group === 'containers' || c.sidecar);
    const refByName = firstByName(refs);
    if (measured.every((m) => writtenForMetric(refs, refByName, m))) return [];

    const lrDefaults = namespaceLimitRangeDefaults(ctx.index, workload);
    const limitRangeDefaults = lrDefaults === NO_LIMIT_RANGE_DEFAULTS ? undefined : lrDefaults;
    const all = podContainerResources(template.spec, {
      specPath: template.specPath,
      ...(limitRangeDefaults ? { limitRangeDefaults } : {}),
    });
    const counted = all.filter((c) => c.group === 'containers' || c.sidecar);
    const countedByName = firstByName(counted);
    // What a Resource metric finds depends only on its resource: computed once for each, however many metrics.
    const missingByResource = new Map<string, { missing: readonly ContainerResources[]; names: string }>();
    const podLevel = podLevelResources(template.spec, all, template.specPath);
    const who: Subject = { name: nameOf(hpa), target: describeObject(target.ref.kind, target.ref.name) };
    const consequence =
      metrics.length === 1
        ? 'it is the only metric, so the HPA does not scale at all'
        : 'the HPA still scales up on its other metrics but never scales down';
    const findings: RuleFinding<MessageId>[] = [];
    for (const metric of metrics) {
      if (!isScaledResourceMetric(metric)) continue;
      const r = metric.resource;
      if (metric.source === 'ContainerResource') {
        const named = metric.container === undefined ? undefined : countedByName.get(metric.container);
        if (named === undefined) {
          findings.push(unknownContainer(metric, who, counted));
          continue;
        }
        if (metric.target !== 'Utilization' || requests(named, r)) continue;
        findings.push({
          messageId: 'containerRequestMissing',
          data: {
            ...who,
            metric: describeMetric(metric),
            container: describeContainer(named),
            resource: r,
            namespace: target.namespace,
            consequence,
          },
          path: metric.targetPath,
          related: [{ object: workload, path: [...named.path, 'resources'] }],
        });
        continue;
      }
      if (metric.target !== 'Utilization' || (podLevel?.requests.get(r) ?? 0n) > 0n) continue;
      let entry = missingByResource.get(r);
      if (entry === undefined) {
        const list = counted.filter((c) => !requests(c, r));
        entry = { missing: list, names: joinDescribed(list, describeContainer, 'and') };
        missingByResource.set(r, entry);
      }
      const { missing, names } = entry;
      if (missing.length === 0) continue;
      findings.push({
        messageId: 'resourceRequestMissing',
        data: {
          ...who,
          metric: describeMetric(metric),
          containers: names,
          have: missing.length > 1 ? 'have' : 'has',
          resource: r,
          namespace: target.namespace,
          consequence,
          them: missing.length > 1 ? 'each of them' : 'it',
        },
        path: metric.targetPath,
        related: missing.slice(0, MAX_LISTED).map((c) => ({ object: workload, path: [...c.path, 'resources'] })),
      });
    }
    return findings;
  },
});

/**
 * True when the metric is certainly computable from what the containers write: each measured container writes a
 * request or a limit for the resource (the limit becomes the request). Only a shortcut: everything else goes
 * through the full resource evaluation.
 */
function writtenForMetric(
  refs: readonly ContainerRef[],
  byName: ReadonlyMap<string, ContainerRef>,
  metric: HpaMetric,
): boolean {
  const r = metric.resource ?? '';
  if (metric.source === 'ContainerResource') {
    const named = metric.container === undefined ? undefined : byName.get(metric.container);
    return named !== undefined && (metric.target !== 'Utilization' || writesRequestOrLimit(named, r));
  }
  return refs.every((c) => writesRequestOrLimit(c, r));
}

function writesRequestOrLimit(ref: ContainerRef, resource: string): boolean {
  const resources = asObject(ref.container.resources);
  const written = (list: unknown): boolean => {
    const v = asObject(list)?.[resource];
    if (v === undefined || v === null || v === '') return false;
    // A written 0 is no request (the utilization divides by it); an unparsable value is judged by the full check.
    const q = parseQuantity(v);
    return !q.ok || q.nanos !== 0n;
  };
  return written(resources?.requests) || written(resources?.limits);
}

function unknownContainer(
  metric: HpaMetric,
  who: Subject,
  counted: readonly ContainerResources[],
): RuleFinding<MessageId> {
  return {
    messageId: 'unknownContainer',
    data: {
      ...who,
      metric: describeMetric(metric),
      container: metric.container ?? '(none)',
      containers: counted.length > 0 ? joinDescribed(counted, (c) => c.name, 'and') : 'none',
    },
    path: [...metric.path, 'containerResource', 'container'],
  };
}

/** The first container of each name (what a search by name finds), so that each metric costs one look-up. */
function firstByName<C extends { readonly name: string }>(containers: readonly C[]): ReadonlyMap<string, C> {
  const m = new Map<string, C>();
  for (const c of containers) if (!m.has(c.name)) m.set(c.name, c);
  return m;
}

/** Whether the container requests the resource: a request of 0 counts as none (the HPA divides by it). */
function requests(c: ContainerResources, r: string): boolean {
  return (c.resources.requests.get(r as QosResource)?.nanos ?? 0n) > 0n;
}
