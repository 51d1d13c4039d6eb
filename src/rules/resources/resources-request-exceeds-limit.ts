import type { RuleFinding } from '../../engine/rule.js';
import { namespaceLimitRangeDefaults } from '../../k8s/limit-range.js';
import { describeContainer } from '../../k8s/names.js';
import { asObject, type JsonPath, type K8sObject } from '../../k8s/object.js';
import { podContainerResources } from '../../k8s/pod-resources.js';
import { formatInCommonUnit, formatQuantity, formatStyleFor, type Quantity } from '../../k8s/quantity.js';
import { resourceListOf } from '../../k8s/resource-list.js';
import { upperFirst } from '../../k8s/text.js';
import { podTemplateOf, WORKLOAD_KINDS } from '../../k8s/workload.js';
import { defineRule } from '../define-rule.js';

const messages = {
  requestAboveLimit:
    '{{container}} requests {{resource}} {{request}}, more than its limit {{limit}}{{difference}}; the API server rejects the {{kind}} ("must be less than or equal to … limit"), so the apply fails.',
  podRequestAboveLimit:
    'The pod-level {{resource}} request {{request}} is more than the pod-level limit {{limit}}; the API server rejects the {{kind}} ("must be less than or equal to … limit"), so the apply fails.',
  requestAboveDefaultLimit:
    '{{container}} requests {{resource}} {{request}} but sets no limit, and LimitRange {{limitRange}} gives it the default limit {{limit}}; the API server rejects the Pod at creation.',
  templateRequestAboveDefaultLimit:
    '{{container}} requests {{resource}} {{request}} but sets no limit, and LimitRange {{limitRange}} gives it the default limit {{limit}}; every Pod is rejected at creation, which only shows as FailedCreate events on the {{eventsOn}}.',
} as const;

type MessageId = keyof typeof messages;

export const resourcesRequestExceedsLimit = defineRule({
  meta: {
    id: 'resources-request-exceeds-limit',
    family: 'resources',
    severity: 'error',
    title: 'Requests must not exceed limits',
    rationale:
      'A request above its limit is invalid: the API server rejects the manifest with "must be less than or equal ' +
      'to memory limit", so the deploy fails. When the limit comes from a LimitRange default instead, the workload ' +
      'itself is accepted and only its Pods are rejected at creation, which shows up as FailedCreate events on the ' +
      'ReplicaSet while the Deployment silently stays at zero new replicas.',
    remediation:
      'Lower the request or raise the limit so that the request is at most the limit, comparing values ' +
      '(1Gi is 1024Mi, 500m is 0.5); when a LimitRange supplies the limit, set the limit explicitly.',
    kinds: WORKLOAD_KINDS,
    messages,
    examples: {
      invalid: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: billing-api
  namespace: billing
spec:
  replicas: 2
  selector:
    matchLabels: {app: billing-api}
  template:
    metadata:
      labels: {app: billing-api}
    spec:
      containers:
        - name: api
          image: registry.example.com/billing/api:3.7.0
          resources:
            requests: {cpu: 500m, memory: 1Gi}
            limits: {cpu: "1", memory: 1000Mi}
`,
      valid: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: billing-api
  namespace: billing
spec:
  replicas: 2
  selector:
    matchLabels: {app: billing-api}
  template:
    metadata:
      labels: {app: billing-api}
    spec:
      containers:
        - name: api
          image: registry.example.com/billing/api:3.7.0
          resources:
            requests: {cpu: 500m, memory: 1Gi}
            limits: {cpu: "1", memory: 1024Mi}
`,
    },
  },
  check(object, ctx) {
    const template = podTemplateOf(object);
    if (template === undefined) return [];
    const findings: RuleFinding<MessageId>[] = [];
    const lrLimits = namespaceLimitRangeDefaults(ctx.index, object).limits;
    for (const c of podContainerResources(template.spec, { specPath: template.specPath })) {
      const resources = asObject(c.container.resources);
      const requests = resourceListOf(resources?.requests);
      const limits = resourceListOf(resources?.limits);
      const who = upperFirst(describeContainer(c));
      for (const [name, request] of requests) {
        const requestPath: JsonPath = [...c.path, 'resources', 'requests', name];
        const limit = limits.get(name);
        const style = formatStyleFor(name);
        if (limit !== undefined) {
          if (request.nanos <= limit.nanos) continue;
          findings.push({
            messageId: 'requestAboveLimit',
            data: {
              container: who,
              resource: name,
              request: request.text,
              limit: limit.text,
              difference: difference(request, limit, style),
              kind: object.kind,
            },
            path: requestPath,
          });
          continue;
        }
        const lr = lrLimits.get(name);
        if (lr === undefined || request.nanos <= lr.quantity.nanos) continue;
        const data = {
          container: who,
          resource: name,
          request: request.text,
          limitRange: lr.limitRange,
          limit: formatQuantity(lr.quantity, style),
        };
        // LimitRange defaults are applied to Pods, not to templates: a workload is accepted and its Pods are not.
        findings.push(
          object.kind === 'Pod'
            ? { messageId: 'requestAboveDefaultLimit', data, path: requestPath }
            : {
                messageId: 'templateRequestAboveDefaultLimit',
                data: { ...data, eventsOn: failedCreateEventsOn(object) },
                path: requestPath,
              },
        );
      }
    }
    const podResources = asObject(template.spec.resources);
    const podRequests = resourceListOf(podResources?.requests);
    const podLimits = resourceListOf(podResources?.limits);
    for (const [name, request] of podRequests) {
      const limit = podLimits.get(name);
      if (limit === undefined || request.nanos <= limit.nanos) continue;
      findings.push({
        messageId: 'podRequestAboveLimit',
        data: { resource: name, request: request.text, limit: limit.text, kind: object.kind },
        path: [...template.specPath, 'resources', 'requests', name],
      });
    }
    return findings;
  },
});

/** ` (1024Mi > 1000Mi)` when the values as written do not show the comparison plainly. */
function difference(request: Quantity, limit: Quantity, style: 'decimal' | 'binary'): string {
  const [a, b] = formatInCommonUnit([request, limit], style);
  return a === request.text && b === limit.text ? '' : ` (${a} > ${b})`;
}

/** Where the FailedCreate events of a workload's rejected Pods show: the object that creates the Pods. */
function failedCreateEventsOn(object: K8sObject): string {
  switch (object.kind) {
    case 'Deployment':
      return 'ReplicaSet';
    case 'CronJob':
      return 'Jobs it creates';
    default:
      return object.kind;
  }
}
