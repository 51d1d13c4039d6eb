import type { JsonPath, K8sObject, RuleFinding } from '../../engine/types.js';
import { defineRule } from '../define-rule.js';
import { asObject } from '../shared/object.js';
import {
  describeContainer,
  namespaceLimitRangeDefaults,
  podContainerResources,
  resourceListOf,
  upperFirst,
} from '../shared/qos.js';
import { formatInCommonUnit, formatQuantity, formatStyleFor, type Quantity } from '../shared/quantity.js';
import { podTemplateOf, WORKLOAD_KINDS } from '../shared/workload.js';

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
    const findings: RuleFinding[] = [];
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
            message: `${who} requests ${name} ${request.text}, more than its limit ${limit.text}${difference(request, limit, style)}; ${rejection(object)}`,
            path: requestPath,
          });
          continue;
        }
        const lr = lrLimits.get(name);
        if (lr === undefined || request.nanos <= lr.quantity.nanos) continue;
        findings.push({
          message: `${who} requests ${name} ${request.text} but sets no limit, and LimitRange ${lr.limitRange} gives it the default limit ${formatQuantity(lr.quantity, style)}; ${podRejection(object)}`,
          path: requestPath,
        });
      }
    }
    const podResources = asObject(template.spec.resources);
    const podRequests = resourceListOf(podResources?.requests);
    const podLimits = resourceListOf(podResources?.limits);
    for (const [name, request] of podRequests) {
      const limit = podLimits.get(name);
      if (limit === undefined || request.nanos <= limit.nanos) continue;
      findings.push({
        message: `The pod-level ${name} request ${request.text} is more than the pod-level limit ${limit.text}; ${rejection(object)}`,
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

/** What happens to a manifest whose own template is invalid: the API server validates templates too. */
function rejection(object: K8sObject): string {
  return `the API server rejects the ${object.kind} ("must be less than or equal to … limit"), so the apply fails.`;
}

/** What happens when only the created Pods are invalid (LimitRange defaults are applied to Pods, not templates). */
function podRejection(object: K8sObject): string {
  switch (object.kind) {
    case 'Pod':
      return 'the API server rejects the Pod at creation.';
    case 'Deployment':
      return 'every Pod is rejected at creation, which only shows as FailedCreate events on the ReplicaSet.';
    case 'CronJob':
      return 'every Pod is rejected at creation, which only shows as FailedCreate events on the Jobs it creates.';
    default:
      return `every Pod is rejected at creation, which only shows as FailedCreate events on the ${object.kind}.`;
  }
}
