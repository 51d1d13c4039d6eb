import { matchAnyGlob } from '../../k8s/glob.js';
import { LABEL_SELECTOR_SCHEMA } from '../../k8s/label-selector-schema.js';
import { namespaceLimitRangeDefaults } from '../../k8s/limit-range.js';
import { describeContainer } from '../../k8s/names.js';
import { computeQosClass, meetsQosClass, QOS_RANK, type QosReason } from '../../k8s/qos.js';
import { compileSelector, type LabelSelector } from '../../k8s/selector.js';
import { joinWords } from '../../k8s/text.js';
import { podTemplateOf, WORKLOAD_KINDS } from '../../k8s/workload.js';
import { defineRule } from '../define-rule.js';
import { problems } from '../shared/problems.js';

export interface QosMinimum {
  /** The lowest class the matching pods may have. */
  class: 'Burstable' | 'Guaranteed';
  /** Namespace globs (`*`, `?`); all namespaces when absent. */
  namespaces?: string[];
  /** Over the pod template labels; all pods when absent. */
  selector?: LabelSelector;
  /** Shown in the message, e.g. "payments must not be evicted before batch jobs". */
  reason?: string;
}

export interface ResourcesQosClassOptions {
  minimum: QosMinimum[];
}

/** How many reasons a message lists before "and N more". */
const MAX_REASONS = 4;

const stringList = { type: 'array', items: { type: 'string' } };

const messages = {
  belowMinimum:
    'The pod is {{qosClass}}{{withNoRequests}}, below the configured minimum {{minimum}} for namespace {{namespace}}{{reason}}: {{reasons}}.',
  bestEffort:
    'The pod is BestEffort, with no requests on {{containers}}: {{reasons}}; the scheduler reserves nothing for it, and it is the first to be evicted or OOMKilled when the node runs short of memory.',
} as const;

type MessageId = keyof typeof messages;

export const resourcesQosClass = defineRule<ResourcesQosClassOptions, MessageId>({
  meta: {
    id: 'resources-qos-class',
    family: 'resources',
    severity: 'warning',
    title: 'Pods must not be BestEffort, and must reach the configured minimum QoS class',
    rationale:
      'The QoS class decides who goes first when a node runs short of memory: the kubelet evicts BestEffort pods ' +
      'before anything else and the OOM killer scores them highest, so a BestEffort pod is the first to be ' +
      'Evicted or OOMKilled, whatever its importance. Burstable pods using more than they request go next; only ' +
      'Guaranteed pods (every container, init containers and sidecars included, with cpu and memory limits equal ' +
      'to its requests) are protected.',
    remediation:
      'Give every container cpu and memory requests to make the pod Burstable; for Guaranteed, set cpu and memory ' +
      'limits on every container, init container and sidecar, equal to the requests (or set pod-level ' +
      'spec.resources).',
    kinds: WORKLOAD_KINDS,
    covers:
      "each container's `resources-missing-requests` finding when the pod is BestEffort (no container has a request)",
    messages,
    options: {
      schema: {
        type: 'object',
        additionalProperties: false,
        properties: {
          minimum: {
            type: 'array',
            description:
              'Minimum classes: `{class: Burstable|Guaranteed, namespaces?: [glob], selector?: {matchLabels, matchExpressions}, reason?}`; the strictest matching entry applies.',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['class'],
              properties: {
                class: { type: 'string', enum: ['Burstable', 'Guaranteed'] },
                namespaces: stringList,
                selector: LABEL_SELECTOR_SCHEMA,
                reason: { type: 'string' },
              },
            },
          },
        },
      },
      defaults: { minimum: [] },
    },
    examples: {
      invalid: `apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly-report
  namespace: analytics
spec:
  schedule: "0 2 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: report
              image: registry.example.com/analytics/report:1.9.0
`,
      valid: `apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly-report
  namespace: analytics
spec:
  schedule: "0 2 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: report
              image: registry.example.com/analytics/report:1.9.0
              resources:
                requests: {cpu: 200m, memory: 256Mi}
                limits: {memory: 512Mi}
`,
    },
  },
  check(object, ctx) {
    const template = podTemplateOf(object);
    if (template === undefined) return [];
    // LimitRange defaults apply on Pod creation, so a namespace's LimitRange can lift a pod out of BestEffort.
    const limitRangeDefaults = namespaceLimitRangeDefaults(ctx.index, object);
    const qos = computeQosClass(template.spec, { specPath: template.specPath, limitRangeDefaults });
    const namespace = ctx.index.namespaceOf(object);
    const minimum = strictestMinimum(ctx.options.minimum ?? [], namespace, template.labels);
    const containers = joinWords(qos.containers.map(describeContainer), 'and');
    const bestEffort = qos.qosClass === 'BestEffort';
    // A BestEffort pod's finding states each container's missing requests (resources-missing-requests) at once.
    const problem = bestEffort ? problems.podBestEffort(qos.containers.map((c) => c.path)) : problems.podQosClass();
    if (minimum !== undefined && !meetsQosClass(qos.qosClass, minimum.class)) {
      const reasons = qos.shortfalls[minimum.class];
      return [
        {
          messageId: 'belowMinimum',
          problem,
          data: {
            withNoRequests: bestEffort ? `, with no requests on ${containers}` : '',
            qosClass: qos.qosClass,
            minimum: minimum.class,
            namespace,
            reason: minimum.reason ? ` (${minimum.reason})` : '',
            reasons: listReasons(reasons),
          },
          path: reasons[0]?.path ?? template.specPath,
        },
      ];
    }
    if (!bestEffort) return [];
    const reasons = qos.shortfalls.Burstable;
    return [
      {
        messageId: 'bestEffort',
        problem,
        data: { reasons: listReasons(reasons), containers },
        path: reasons[0]?.path ?? template.specPath,
      },
    ];
  },
});

function strictestMinimum(
  minimums: readonly QosMinimum[],
  namespace: string,
  labels: Record<string, string>,
): QosMinimum | undefined {
  let best: QosMinimum | undefined;
  for (const m of minimums) {
    if (m.namespaces !== undefined && !matchAnyGlob(m.namespaces, namespace)) continue;
    if (m.selector !== undefined && !compileSelector(m.selector, true)(labels)) continue;
    if (best === undefined || QOS_RANK[m.class] > QOS_RANK[best.class]) best = m;
  }
  return best;
}

function listReasons(reasons: readonly QosReason[]): string {
  const shown = reasons.slice(0, MAX_REASONS).map((r) => r.message);
  const more = reasons.length - shown.length;
  return more > 0 ? `${shown.join('; ')}; and ${more} more` : shown.join('; ');
}
