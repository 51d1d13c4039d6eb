import type { RuleFinding } from '../../engine/rule.js';
import { describeContainer } from '../../k8s/names.js';
import { asObject, type JsonPath } from '../../k8s/object.js';
import {
  exampleQuantity,
  FRACTIONAL_BYTE_WARNED_RESOURCES,
  isFractionalBytes,
  type ParseResult,
  roundUpToMilli,
} from '../../k8s/quantity.js';
import { parsedResourceList } from '../../k8s/resource-list.js';
import { upperFirst } from '../../k8s/text.js';
import { containersOf, podTemplateOf, WORKLOAD_KINDS } from '../../k8s/workload.js';
import { defineRule } from '../define-rule.js';

const messages = {
  invalidQuantity:
    '{{owner}} has an invalid {{resource}} {{kind}} {{value}}: it {{reason}}, so the API server rejects the manifest. Write it like {{example}}.',
  negativeQuantity:
    '{{owner}} has a negative {{resource}} {{kind}} {{value}}, so the API server rejects the manifest ("must be greater than or equal to 0").',
  fractionalBytesMilli:
    '{{owner}} has a {{resource}} {{kind}} of {{value}}, which is not a whole number of bytes ({{bytes}}); the API server only warns. Did you mean {{suggestion}}?',
  fractionalBytes:
    '{{owner}} has a {{resource}} {{kind}} of {{value}}, which is not a whole number of bytes ({{bytes}}); the API server only warns. Write whole bytes, like 512Mi or 1Gi.',
} as const;

type MessageId = keyof typeof messages;

export const resourcesInvalidQuantity = defineRule({
  meta: {
    id: 'resources-invalid-quantity',
    family: 'resources',
    severity: 'error',
    title: 'Resource requests and limits must be valid quantities',
    rationale:
      'Quantities have a strict grammar: 1K, 1gi, 512MB or "1 Gi" are not quantities, and a negative value is ' +
      'invalid, so the API server rejects the whole manifest and the deploy fails (in a Helm release, the whole ' +
      'upgrade fails). A memory value that is not a whole number of bytes, such as 100m (0.1 byte) where 100Mi was ' +
      'meant, is accepted with only a warning and leaves the container with a limit it cannot start under.',
    remediation:
      'Write cpu in cores or millicores (500m, 1.5) and memory in bytes with a binary suffix (512Mi, 2Gi): suffixes ' +
      'are case-sensitive and no unit letter such as B is written.',
    kinds: WORKLOAD_KINDS,
    messages,
    severityShift: {
      lower: 'the quantity is valid but not a whole number of bytes, which the API server only warns about',
    },
    examples: {
      invalid: `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: orders-db
  namespace: orders
spec:
  serviceName: orders-db
  replicas: 3
  selector:
    matchLabels: {app: orders-db}
  template:
    metadata:
      labels: {app: orders-db}
    spec:
      containers:
        - name: postgres
          image: postgres:17.2
          resources:
            requests: {cpu: "1", memory: 4GB}
            limits: {memory: 4GB}
`,
      valid: `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: orders-db
  namespace: orders
spec:
  serviceName: orders-db
  replicas: 3
  selector:
    matchLabels: {app: orders-db}
  template:
    metadata:
      labels: {app: orders-db}
    spec:
      containers:
        - name: postgres
          image: postgres:17.2
          resources:
            requests: {cpu: "1", memory: 4Gi}
            limits: {memory: 4Gi}
`,
    },
  },
  check(object) {
    const template = podTemplateOf(object);
    if (template === undefined) return [];
    const findings: RuleFinding<MessageId>[] = [];
    for (const c of containersOf(template)) {
      const owner = upperFirst(describeContainer(c));
      findings.push(...checkResources(c.container.resources, [...c.path, 'resources'], owner));
    }
    findings.push(
      ...checkResources(template.spec.resources, [...template.specPath, 'resources'], "The pod's spec.resources"),
    );
    return findings;
  },
});

function checkResources(resources: unknown, path: JsonPath, owner: string): RuleFinding<MessageId>[] {
  const out: RuleFinding<MessageId>[] = [];
  const res = asObject(resources);
  for (const kind of ['requests', 'limits'] as const) {
    const list = asObject(res?.[kind]);
    if (list === undefined) continue;
    for (const [name, q] of parsedResourceList(list)) {
      const value = list[name];
      const finding = checkValue(value, q, name, kind === 'requests' ? 'request' : 'limit', owner);
      if (finding !== undefined) out.push({ ...finding, path: [...path, kind, name] });
    }
  }
  return out;
}

function checkValue(
  value: unknown,
  q: ParseResult,
  name: string,
  kind: 'request' | 'limit',
  owner: string,
): Omit<RuleFinding<MessageId>, 'path'> | undefined {
  if (q.ok && q.nanos >= 0n && !FRACTIONAL_BYTE_WARNED_RESOURCES.includes(name)) return undefined;
  const shown = typeof value === 'string' ? `"${value}"` : showValue(value);
  const data = { owner, resource: name, kind, value: shown };
  if (!q.ok) {
    return { messageId: 'invalidQuantity', data: { ...data, reason: q.reason, example: exampleQuantity(name) } };
  }
  if (q.nanos < 0n) return { messageId: 'negativeQuantity', data };
  if (FRACTIONAL_BYTE_WARNED_RESOURCES.includes(name) && isFractionalBytes(q.nanos)) {
    const bytes = bytesText(q.nanos);
    // 100m (0.1 byte) where 100Mi was meant.
    if (/^[0-9.]+m$/.test(q.text)) {
      return {
        messageId: 'fractionalBytesMilli',
        data: { ...data, bytes, suggestion: `${q.text.slice(0, -1)}Mi` },
        shift: 'lower',
      };
    }
    return { messageId: 'fractionalBytes', data: { ...data, bytes }, shift: 'lower' };
  }
  return undefined;
}

function bytesText(nanos: bigint): string {
  const milli = roundUpToMilli(nanos) / 1_000_000n;
  const whole = milli / 1000n;
  const frac = (milli % 1000n).toString().padStart(3, '0').replace(/0+$/, '');
  return `${whole}.${frac} bytes`;
}

function showValue(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value) ?? String(value);
}
