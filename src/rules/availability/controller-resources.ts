import type { RuleFinding } from '../../engine/rule.js';
import type { ControllerOptions } from '../../ingress/controller-evidence.js';
import { detectIngressController, servingContainers } from '../../ingress/controllers.js';
import { describeContainer } from '../../k8s/names.js';
import { computeQosClass, meetsQosClass, QOS_RESOURCES, type QosReason } from '../../k8s/qos.js';
import { effectiveResources } from '../../k8s/resource-list.js';
import { joinWords, upperFirst } from '../../k8s/text.js';
import { defineRule } from '../define-rule.js';
import {
  CONTROLLER_WORKLOAD_KINDS,
  CONTROLLERS_OPTION_SCHEMA,
  describeDetection,
} from '../shared/controller-options.js';
import { problems } from '../shared/problems.js';

export interface ControllerResourcesOptions {
  controllers: ControllerOptions;
  /** The lowest QoS class a controller pod may have. */
  minimumQos: 'Burstable' | 'Guaranteed';
}

/** How many reasons a message lists before "and N more". */
const MAX_REASONS = 3;

const messages = {
  bestEffort:
    '{{controller}} is BestEffort, below the minimum {{minimum}} ({{reasons}}); it is the first pod evicted or OOM-killed when its node runs short of memory, and that is an ingress outage.',
  belowGuaranteed:
    '{{controller}} is Burstable, below the minimum Guaranteed ({{reasons}}); it can be evicted under node memory pressure while Guaranteed pods stay, and that is an ingress outage.',
  missingMemoryRequest:
    '{{controller}}: {{container}} has no {{resources}} request; under node memory pressure it is evicted before every pod that stays within its requests.',
  missingCpuRequest:
    '{{controller}}: {{container}} has no cpu request; it gets the minimum cpu share and is starved whenever its node is busy.',
} as const;

type MessageId = keyof typeof messages;

export const controllerResources = defineRule<ControllerResourcesOptions, MessageId>({
  meta: {
    id: 'controller-resources',
    family: 'availability',
    severity: 'warning',
    title: 'Ingress and gateway controllers must request cpu and memory and reach the minimum QoS class',
    rationale:
      'A controller without requests is scheduled as if it needed nothing and, under node memory pressure, is the ' +
      'first pod the kubelet evicts and the OOM killer picks; a controller container without a memory request is ' +
      'evicted ahead of every pod that stays within its requests. Each such kill drops every connection through ' +
      'that replica and, with one replica or a traffic spike on all of them, is a full ingress outage.',
    remediation:
      'Set cpu and memory requests on the controller containers from observed peak usage; where the platform ' +
      'requires it (option minimumQos: Guaranteed), set cpu and memory limits equal to the requests on every ' +
      'container of the pod.',
    kinds: CONTROLLER_WORKLOAD_KINDS,
    specialized: 'the workload is an ingress or gateway controller, whose eviction is an ingress outage',
    options: {
      schema: {
        type: 'object',
        additionalProperties: false,
        properties: {
          controllers: CONTROLLERS_OPTION_SCHEMA,
          minimumQos: {
            type: 'string',
            enum: ['Burstable', 'Guaranteed'],
            description: 'The lowest QoS class a controller pod may have.',
          },
        },
      },
      defaults: { controllers: {}, minimumQos: 'Burstable' },
    },
    messages,
    examples: {
      invalid: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: haproxy-ingress
  namespace: ingress
spec:
  selector:
    matchLabels: {app: haproxy-ingress}
  template:
    metadata:
      labels: {app: haproxy-ingress}
    spec:
      containers:
        - name: haproxy-ingress
          image: quay.io/jcmoraisjr/haproxy-ingress:v0.15.0
`,
      valid: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: haproxy-ingress
  namespace: ingress
spec:
  selector:
    matchLabels: {app: haproxy-ingress}
  template:
    metadata:
      labels: {app: haproxy-ingress}
    spec:
      containers:
        - name: haproxy-ingress
          image: quay.io/jcmoraisjr/haproxy-ingress:v0.15.0
          resources:
            requests: {cpu: 500m, memory: 512Mi}
            limits: {memory: 512Mi}
`,
    },
  },
  check(object, ctx) {
    const d = detectIngressController(object, ctx.index, ctx.options.controllers);
    if (d === undefined) return [];
    const minimum = ctx.options.minimumQos ?? 'Burstable';
    const qos = computeQosClass(d.template.spec, { specPath: d.template.specPath });
    const who = upperFirst(describeDetection(d));
    if (!meetsQosClass(qos.qosClass, minimum)) {
      const reasons = qos.shortfalls[minimum];
      const path = reasons[0]?.path ?? d.template.specPath;
      // Below a minimum that is at most Guaranteed: BestEffort, or Burstable below Guaranteed.
      return [
        qos.qosClass === 'BestEffort'
          ? {
              messageId: 'bestEffort',
              data: { controller: who, minimum, reasons: listReasons(reasons) },
              path,
              problem: problems.podQosClass(),
            }
          : {
              messageId: 'belowGuaranteed',
              data: { controller: who, reasons: listReasons(reasons) },
              path,
              problem: problems.podQosClass(),
            },
      ];
    }
    if (qos.basis === 'pod') return [];
    const findings: RuleFinding<MessageId>[] = [];
    for (const c of servingContainers(d)) {
      const { requests } = effectiveResources(c.container);
      const missing = QOS_RESOURCES.filter((r) => {
        const q = requests.get(r);
        return q === undefined || q.nanos <= 0n;
      });
      if (missing.length === 0) continue;
      const path = [...c.path, 'resources'];
      const container = describeContainer(c);
      const problem = problems.containerRequests(c.path);
      findings.push(
        missing.includes('memory')
          ? {
              messageId: 'missingMemoryRequest',
              data: { controller: who, container, resources: joinWords(missing, 'or') },
              path,
              problem,
            }
          : { messageId: 'missingCpuRequest', data: { controller: who, container }, path, problem },
      );
    }
    return findings;
  },
});

function listReasons(reasons: readonly QosReason[]): string {
  const shown = reasons.slice(0, MAX_REASONS).map((r) => r.message);
  const more = reasons.length - shown.length;
  return more > 0 ? `${shown.join('; ')}; and ${more} more` : shown.join('; ');
}
