import type { RuleFinding } from '../../engine/rule.js';
import { namespaceLimitRangeDefaults } from '../../k8s/limit-range.js';
import { describeContainer } from '../../k8s/names.js';
import { podContainerResources } from '../../k8s/pod-resources.js';
import { podLevelResources } from '../../k8s/qos.js';
import { formatQuantity } from '../../k8s/quantity.js';
import { upperFirst } from '../../k8s/text.js';
import { podTemplateOf, WORKLOAD_KINDS } from '../../k8s/workload.js';
import { defineRule } from '../define-rule.js';

export type CpuLimitPolicy = 'none' | 'require' | 'forbid';

export interface ResourcesCpuLimitPolicyOptions {
  policy: CpuLimitPolicy;
}

const messages = {
  containerLimitForbidden:
    '{{container}} has a cpu limit of {{limit}}, which the cpu limit policy forbids: CFS throttles it at that rate even when the node is idle.',
  podLimitForbidden:
    'The pod-level cpu limit of {{limit}} is forbidden by the cpu limit policy: CFS throttles the pod at that rate even when the node is idle.',
  missingLimit:
    '{{container}} has no cpu limit{{zeroLimit}}, which the cpu limit policy requires: it can take every idle core on the node.',
  limitFromLimitRange:
    '{{container}} has no cpu limit; it relies on LimitRange {{limitRange}} to default it to {{limit}}.',
} as const;

type MessageId = keyof typeof messages;

export const resourcesCpuLimitPolicy = defineRule<ResourcesCpuLimitPolicyOptions, MessageId>({
  meta: {
    id: 'resources-cpu-limit-policy',
    family: 'resources',
    severity: 'warning',
    title: 'Containers follow the cluster policy on cpu limits',
    rationale:
      'A cpu limit is enforced by CFS quota: once a container has used its quota in a 100ms period it is throttled ' +
      'until the next one, even when the node is idle, which shows up as p99 latency spikes and failed liveness ' +
      'probes while cpu usage graphs look low (container_cpu_cfs_throttled_periods_total rises). Without a limit, a ' +
      'busy container can take every idle core, and neighbours only keep what they requested. Clusters pick one ' +
      'policy: forbid cpu limits and rely on requests, or require them for strict isolation.',
    remediation:
      'With policy forbid, remove resources.limits.cpu and size resources.requests.cpu instead; with policy require, ' +
      'set resources.limits.cpu on every container, init container and sidecar.',
    kinds: WORKLOAD_KINDS,
    messages,
    severityShift: {
      lower: 'a LimitRange of the namespace defaults the cpu limit the policy requires',
    },
    options: {
      schema: {
        type: 'object',
        additionalProperties: false,
        properties: {
          policy: {
            type: 'string',
            enum: ['none', 'require', 'forbid'],
            description:
              '`none`: no findings; `require`: every container needs a cpu limit; `forbid`: no container may set one.',
          },
        },
      },
      defaults: { policy: 'none' },
    },
    examples: {
      invalid: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: pricing
  namespace: shop
spec:
  replicas: 4
  selector:
    matchLabels: {app: pricing}
  template:
    metadata:
      labels: {app: pricing}
    spec:
      containers:
        - name: pricing
          image: registry.example.com/shop/pricing:1.12.3
          resources:
            requests: {cpu: 500m, memory: 768Mi}
            limits: {cpu: 500m, memory: 768Mi}
`,
      valid: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: pricing
  namespace: shop
spec:
  replicas: 4
  selector:
    matchLabels: {app: pricing}
  template:
    metadata:
      labels: {app: pricing}
    spec:
      containers:
        - name: pricing
          image: registry.example.com/shop/pricing:1.12.3
          resources:
            requests: {cpu: 500m, memory: 768Mi}
            limits: {memory: 768Mi}
`,
      options: { policy: 'forbid' },
    },
  },
  check(object, ctx) {
    const policy = ctx.options.policy;
    if (policy !== 'require' && policy !== 'forbid') return [];
    const template = podTemplateOf(object);
    if (template === undefined) return [];
    const specPath = template.specPath;
    const containers = podContainerResources(template.spec, { specPath });
    const podLevel = podLevelResources(template.spec, containers, specPath);
    const podCpuLimit = podLevel?.limits.get('cpu') ?? 0n;
    const findings: RuleFinding<MessageId>[] = [];

    if (policy === 'forbid') {
      for (const c of containers) {
        const limit = c.resources.limits.get('cpu');
        if (limit === undefined || limit.nanos <= 0n) continue;
        findings.push({
          messageId: 'containerLimitForbidden',
          data: { container: upperFirst(describeContainer(c)), limit: limit.text },
          path: [...c.path, 'resources', 'limits', 'cpu'],
        });
      }
      if (podCpuLimit > 0n) {
        findings.push({
          messageId: 'podLimitForbidden',
          data: { limit: formatQuantity(podCpuLimit) },
          path: [...specPath, 'resources', 'limits', 'cpu'],
        });
      }
      return findings;
    }

    if (podCpuLimit > 0n) return [];
    const lrDefault = namespaceLimitRangeDefaults(ctx.index, object).limits.get('cpu');
    for (const c of containers) {
      const limit = c.resources.limits.get('cpu');
      if (limit !== undefined && limit.nanos > 0n) continue;
      const who = upperFirst(describeContainer(c));
      const path = [...c.path, 'resources', 'limits'];
      if (lrDefault !== undefined && limit === undefined) {
        findings.push({
          messageId: 'limitFromLimitRange',
          data: { container: who, limitRange: lrDefault.limitRange, limit: formatQuantity(lrDefault.quantity) },
          path,
          shift: 'lower',
        });
        continue;
      }
      findings.push({
        messageId: 'missingLimit',
        data: { container: who, zeroLimit: limit === undefined ? '' : ` (a limit of ${limit.text} sets none)` },
        path,
      });
    }
    return findings;
  },
});
