import type { RuleFinding } from '../../engine/rule.js';
import { namespaceLimitRangeDefaults } from '../../k8s/limit-range.js';
import { describeContainer } from '../../k8s/names.js';
import { podContainerResources } from '../../k8s/pod-resources.js';
import { podLevelResources } from '../../k8s/qos.js';
import { formatQuantity } from '../../k8s/quantity.js';
import { upperFirst } from '../../k8s/text.js';
import { podTemplateOf, WORKLOAD_KINDS } from '../../k8s/workload.js';
import { defineRule } from '../define-rule.js';

const messages = {
  missingLimit:
    '{{container}} has no memory limit{{zeroLimit}}, so it can use memory until the node runs out and the OOM killer picks a victim.',
  limitFromLimitRange:
    '{{container}} has no memory limit; it relies on LimitRange {{limitRange}} to default it to {{limit}}.',
} as const;

type MessageId = keyof typeof messages;

export const resourcesMissingMemoryLimit = defineRule({
  meta: {
    id: 'resources-missing-memory-limit',
    family: 'resources',
    severity: 'warning',
    title: 'Containers must set a memory limit',
    rationale:
      'Memory is not compressible: a container without a memory limit can grow until the node runs out, and then ' +
      'the kernel OOM killer picks a victim on the node (often another team’s pod, shown as OOMKilled with exit code ' +
      '137) or the kubelet evicts pods under memory pressure. With a limit, a leak kills only the leaking container, ' +
      'at a size you chose, and the restart shows up in its own restart count.',
    remediation:
      'Set resources.limits.memory on every container, init container and sidecar; for a predictable pod set it ' +
      'equal to the memory request.',
    kinds: WORKLOAD_KINDS,
    messages,
    severityShift: { lower: 'a LimitRange of the namespace defaults the missing memory limit' },
    examples: {
      invalid: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: search-indexer
  namespace: search
spec:
  replicas: 2
  selector:
    matchLabels: {app: search-indexer}
  template:
    metadata:
      labels: {app: search-indexer}
    spec:
      containers:
        - name: indexer
          image: registry.example.com/search/indexer:5.0.2
          resources:
            requests: {cpu: "1", memory: 2Gi}
`,
      valid: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: search-indexer
  namespace: search
spec:
  replicas: 2
  selector:
    matchLabels: {app: search-indexer}
  template:
    metadata:
      labels: {app: search-indexer}
    spec:
      containers:
        - name: indexer
          image: registry.example.com/search/indexer:5.0.2
          resources:
            requests: {cpu: "1", memory: 2Gi}
            limits: {memory: 2Gi}
`,
    },
  },
  check(object, ctx) {
    const template = podTemplateOf(object);
    if (template === undefined) return [];
    const containers = podContainerResources(template.spec, { specPath: template.specPath });
    const podLevel = podLevelResources(template.spec, containers, template.specPath);
    if ((podLevel?.limits.get('memory') ?? 0n) > 0n) return [];
    const lrDefault = namespaceLimitRangeDefaults(ctx.index, object).limits.get('memory');

    const findings: RuleFinding<MessageId>[] = [];
    for (const c of containers) {
      const limit = c.resources.limits.get('memory');
      if (limit !== undefined && limit.nanos > 0n) continue;
      const who = upperFirst(describeContainer(c));
      const path = [...c.path, 'resources', 'limits'];
      const zero = limit === undefined ? '' : ` (a limit of ${limit.text} sets none)`;
      if (lrDefault !== undefined && limit === undefined) {
        findings.push({
          messageId: 'limitFromLimitRange',
          data: {
            container: who,
            limitRange: lrDefault.limitRange,
            limit: formatQuantity(lrDefault.quantity, 'binary'),
          },
          path,
          shift: 'lower',
        });
        continue;
      }
      findings.push({
        messageId: 'missingLimit',
        data: { container: who, zeroLimit: zero },
        path,
      });
    }
    return findings;
  },
});
