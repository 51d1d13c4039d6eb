import type { RuleFinding } from '../../engine/rule.js';
import { type LimitRangeDefault, namespaceLimitRangeDefaults } from '../../k8s/limit-range.js';
import { describeContainer } from '../../k8s/names.js';
import { podContainerResources } from '../../k8s/pod-resources.js';
import { podLevelResources, QOS_RESOURCES, type QosResource } from '../../k8s/qos.js';
import { formatQuantity, formatStyleFor } from '../../k8s/quantity.js';
import { joinWords, upperFirst } from '../../k8s/text.js';
import { podTemplateOf, WORKLOAD_KINDS } from '../../k8s/workload.js';
import { defineRule } from '../define-rule.js';
import { problems } from '../shared/problems.js';

const messages = {
  missingRequest: '{{container}} has no {{resources}} request{{zero}}: {{consequence}}.',
  missingRequestWithLimitRange: '{{container}} has no {{resources}} request{{zero}}{{defaulted}}: {{consequence}}.',
  zeroRequest:
    '{{container}} requests {{resources}} 0{{copied}}, which counts as unset: the scheduler reserves nothing for it, a LimitRange default does not replace it, and the QoS class ignores it. Set a request above zero.',
  requestFromLimitRange: '{{container}} has no {{resources}} request; it relies on {{limitRange}} to default it.',
} as const;

type MessageId = keyof typeof messages;

export const resourcesMissingRequests = defineRule({
  meta: {
    id: 'resources-missing-requests',
    family: 'resources',
    severity: 'warning',
    title: 'Containers must request cpu and memory',
    rationale:
      'The scheduler places a pod by its requests. A container without a memory request is packed onto nodes as if ' +
      'it needed nothing, so the node overcommits, and under memory pressure the kubelet evicts the pods that use ' +
      'more than they requested first; without any request the pod is BestEffort and is evicted before everything ' +
      'else. A missing cpu request gives the container the minimum cpu share, so it is starved whenever the node is ' +
      'busy, and an HPA on cpu utilization reports <unknown> and never scales. A request of 0 counts as unset: the ' +
      'scheduler reserves nothing for it, the QoS class ignores it, and unlike a missing request a LimitRange ' +
      'default does not replace it.',
    remediation:
      'Set resources.requests.cpu and resources.requests.memory on every container, init container and sidecar, ' +
      'sized from observed usage (for example the p95 of container_memory_working_set_bytes).',
    kinds: WORKLOAD_KINDS,
    messages,
    severityShift: { lower: 'a LimitRange of the namespace defaults every request the container is missing' },
    examples: {
      invalid: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: checkout
  namespace: shop
spec:
  replicas: 3
  selector:
    matchLabels: {app: checkout}
  template:
    metadata:
      labels: {app: checkout}
    spec:
      containers:
        - name: checkout
          image: registry.example.com/shop/checkout:2.4.1
          ports:
            - containerPort: 8080
`,
      valid: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: checkout
  namespace: shop
spec:
  replicas: 3
  selector:
    matchLabels: {app: checkout}
  template:
    metadata:
      labels: {app: checkout}
    spec:
      containers:
        - name: checkout
          image: registry.example.com/shop/checkout:2.4.1
          resources:
            requests: {cpu: 250m, memory: 512Mi}
            limits: {memory: 512Mi}
`,
    },
  },
  check(object, ctx) {
    const template = podTemplateOf(object);
    if (template === undefined) return [];
    const specPath = template.specPath;
    const containers = podContainerResources(template.spec, { specPath });
    const podLevel = podLevelResources(template.spec, containers, specPath);
    const lrDefaults = namespaceLimitRangeDefaults(ctx.index, object);
    const usesLimitRange = lrDefaults.requests.size > 0;

    const findings: RuleFinding<MessageId>[] = [];
    for (const c of containers) {
      const coveredByPod = (r: QosResource): boolean => podLevel?.requests.has(r) === true;
      const absent = QOS_RESOURCES.filter((r) => !c.resources.requests.has(r) && !coveredByPod(r));
      // An explicit 0 (or a limit of 0 copied into the request) counts as unset, and no LimitRange replaces it.
      const zero = QOS_RESOURCES.filter((r) => c.resources.requests.get(r)?.nanos === 0n && !coveredByPod(r));
      if (absent.length === 0 && zero.length === 0) continue;
      const defaulted = absent.filter((r) => lrDefaults.requests.has(r));
      const uncovered = QOS_RESOURCES.filter(
        (r) => zero.includes(r) || (absent.includes(r) && !lrDefaults.requests.has(r)),
      );
      const who = upperFirst(describeContainer(c));
      const path = [...c.path, 'resources', 'requests'];
      if (absent.length === 0) {
        // Only zeros: the pod's QoS class is not stated here (resources-qos-class states it).
        const copied = zero.every((r) => c.resources.requestOrigins.get(r)?.from === 'limits');
        findings.push({
          messageId: 'zeroRequest',
          problem: problems.containerRequests(c.path),
          data: { container: who, resources: joinWords(zero, 'and'), copied: copied ? ' (copied from its limit)' : '' },
          path:
            zero.length === 1 ? [...c.path, 'resources', copied ? 'limits' : 'requests', zero[0] as QosResource] : path,
        });
        continue;
      }
      if (uncovered.length === 0) {
        // Every missing request is defaulted, so the namespace has a LimitRange.
        findings.push({
          messageId: 'requestFromLimitRange',
          problem: problems.containerRequests(c.path),
          data: {
            container: who,
            resources: joinWords(absent, 'or'),
            limitRange: limitRangeText(defaulted, lrDefaults.requests),
          },
          path,
          shift: 'lower',
        });
        continue;
      }
      const resources = joinWords(uncovered, 'or');
      const zeroText = zeroNote(zero);
      if (!usesLimitRange) {
        findings.push({
          messageId: 'missingRequest',
          problem: problems.containerRequests(c.path),
          data: { container: who, resources, zero: zeroText, consequence: consequenceOf(uncovered) },
          path,
        });
        continue;
      }
      const defaultedText =
        defaulted.length > 0
          ? ` (its ${joinWords(defaulted, 'and')} request relies on ${limitRangeText(defaulted, lrDefaults.requests)})`
          : '';
      findings.push({
        messageId: 'missingRequestWithLimitRange',
        problem: problems.containerRequests(c.path),
        data: {
          container: who,
          resources,
          zero: zeroText,
          defaulted: defaultedText,
          consequence: consequenceOf(uncovered),
        },
        path,
      });
    }
    return findings;
  },
});

/**
 * What the missing requests do (the pod's QoS class is stated by resources-qos-class alone): memory first, since an
 * eviction is worse than a starved container.
 */
function consequenceOf(missing: readonly QosResource[]): string {
  return missing.includes('memory')
    ? 'the scheduler reserves no memory for it, and it is evicted first under memory pressure'
    : 'it gets the smallest cpu share and is starved when the node is busy';
}

/** ` (its cpu request is 0, which counts as unset)`, or nothing. */
function zeroNote(zero: readonly QosResource[]): string {
  if (zero.length === 0) return '';
  return zero.length === 1
    ? ` (its ${zero[0]} request is 0, which counts as unset)`
    : ` (its ${joinWords(zero, 'and')} requests are 0, which counts as unset)`;
}

/** `LimitRange defaults (cpu 100m, memory 256Mi)`. */
function limitRangeText(resources: readonly QosResource[], defaults: ReadonlyMap<string, LimitRangeDefault>): string {
  const names = [...new Set(resources.map((r) => defaults.get(r)?.limitRange ?? ''))];
  const values = resources.map((r) => {
    const d = defaults.get(r);
    return d ? `${r} ${formatQuantity(d.quantity, formatStyleFor(r))}` : r;
  });
  return `LimitRange ${joinWords(names, 'and')} (${values.join(', ')})`;
}
