import type { RuleFinding } from '../../engine/rule.js';
import { hpaVpaOverlaps, type Overlap } from '../../k8s/autoscaler-overlap.js';
import {
  autoscalersTargeting,
  type ResolvedTarget,
  SCALED_RESOURCES,
  type ScaledResource,
} from '../../k8s/autoscalers.js';
import { hpaMetrics, isScaledResourceMetric } from '../../k8s/hpa.js';
import { HPA_KIND, VPA_KIND } from '../../k8s/kinds.js';
import { describeObject, nameOf } from '../../k8s/names.js';
import { type K8sObject, perObject } from '../../k8s/object.js';
import { targetRefOf } from '../../k8s/target-ref.js';
import { joinWords } from '../../k8s/text.js';
import { vpaUpdateMode } from '../../k8s/vpa.js';
import { defineRule } from '../define-rule.js';
import { describeControl, describeMetric, describeUpdateMode } from '../shared/autoscaling-text.js';
import { problems } from '../shared/problems.js';

/** Partners compared per HPA or VPA. */
export const MAX_PARTNERS = 16;

/** The feedback loop, and the first fix; `{{alternative}}` is the second (see `alternative`). */
const CYCLE =
  'VPA raises the request and replaces or resizes pods, the HPA sees utilization fall and scales in, and VPA ' +
  "recalculates on fewer pods, so the two fight. Set the VPA's updateMode to Initial or Off, or {{alternative}}.";

const messages = {
  hpaOverlap:
    'HPA {{name}} scales {{target}} on {{metric}}, while VPA {{vpa}} ({{mode}}) changes the {{resource}} requests ' +
    `of {{control}} in running pods: ${CYCLE}`,
  vpaOverlap:
    'VPA {{name}} ({{mode}}) changes the {{resources}} requests of {{controlled}} in running pods, while HPA {{hpa}} ' +
    `scales it on {{metrics}}: ${CYCLE}`,
  partnersTruncated:
    `{{autoscaler}} shares {{target}} with {{count}} {{other}}s; kubeward compared it with the first ${MAX_PARTNERS} ` +
    'only. Keep one {{other}} per workload (autoscaling-duplicate-target).',
} as const;

type MessageId = keyof typeof messages;

/**
 * An HPA and a VPA in an acting mode on the same workload and the same resource. Each side reports on itself (the
 * HPA at the metric, the VPA at its updateMode), so the webhook can deny whichever of the two is being applied.
 */
export const hpaVpaOverlap = defineRule({
  meta: {
    id: 'hpa-vpa-overlap',
    family: 'autoscaling',
    severity: 'error',
    title: 'HPA and VPA must not scale the same workload on the same resource',
    rationale:
      'VPA raises the cpu or memory request and evicts or resizes the pods; the HPA, which measures utilization ' +
      'against that request, sees utilization drop and scales in; VPA then recalculates on fewer, busier pods and ' +
      'raises the request again. The replica count and the pod size oscillate, pods restart all day, and capacity ' +
      'drops exactly when load rises. VPA upstream documents this combination as unsupported.',
    remediation:
      'Keep one autoscaler per resource: set the VPA updateMode to Initial or Off (recommendations only), or limit ' +
      'the VPA controlledResources to the resource the HPA does not scale on (for example memory when the HPA scales ' +
      'on cpu), or scale the HPA on Pods, Object or External metrics.',
    kinds: [HPA_KIND, VPA_KIND],
    messages,
    severityShift: {
      lower:
        `the autoscaler shares its target with more than ${MAX_PARTNERS} autoscalers of the other kind, of which ` +
        `kubeward compared the first ${MAX_PARTNERS} only (the finding says how many there are)`,
    },
    examples: {
      invalid: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: checkout
  namespace: shop
spec:
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
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: checkout
  namespace: shop
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: checkout}
  minReplicas: 3
  maxReplicas: 20
  metrics:
    - type: Resource
      resource:
        name: cpu
        target: {type: Utilization, averageUtilization: 70}
---
apiVersion: autoscaling.k8s.io/v1
kind: VerticalPodAutoscaler
metadata:
  name: checkout
  namespace: shop
spec:
  targetRef: {apiVersion: apps/v1, kind: Deployment, name: checkout}
  updatePolicy:
    updateMode: Recreate
`,
      valid: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: checkout
  namespace: shop
spec:
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
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: checkout
  namespace: shop
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: checkout}
  minReplicas: 3
  maxReplicas: 20
  metrics:
    - type: Resource
      resource:
        name: cpu
        target: {type: Utilization, averageUtilization: 70}
---
apiVersion: autoscaling.k8s.io/v1
kind: VerticalPodAutoscaler
metadata:
  name: checkout
  namespace: shop
spec:
  targetRef: {apiVersion: apps/v1, kind: Deployment, name: checkout}
  updatePolicy:
    updateMode: Recreate
  resourcePolicy:
    containerPolicies:
      - containerName: '*'
        controlledResources: [memory]
`,
    },
  },
  check(object, ctx) {
    const ref = targetRefOf(object);
    if (ref === undefined) return [];
    const namespace = ctx.index.namespaceOf(object);
    const other = object.kind === HPA_KIND ? VPA_KIND : HPA_KIND;
    const partners = autoscalersTargeting(ctx.index, other, namespace, ref);
    if (partners.length === 0) return [];
    const target: ResolvedTarget = { ref, namespace, workload: ctx.index.get(ref.kind, namespace, ref.name) };
    // Pairs are inherent here (each HPA against each VPA of its target), so the work per object is bounded: past
    // MAX_PARTNERS, one finding says how many were left out (two autoscalers of a kind on one target are already an
    // error of autoscaling-duplicate-target).
    const compared = partners.length > MAX_PARTNERS ? partners.slice(0, MAX_PARTNERS) : partners;
    const findings = object.kind === HPA_KIND ? checkHpa(object, target, compared) : checkVpa(object, target, compared);
    if (partners.length > MAX_PARTNERS && canOverlap(object)) {
      findings.push({
        messageId: 'partnersTruncated',
        data: {
          autoscaler: describeObject(object.kind, nameOf(object)),
          target: describeObject(ref.kind, ref.name),
          count: partners.length,
          other,
        },
        path: ref.path,
        shift: 'lower',
      });
    }
    return findings;
  },
});

/** Whether the autoscaler can overlap at all: an HPA on cpu or memory, a VPA in an acting mode. */
function canOverlap(autoscaler: K8sObject): boolean {
  if (autoscaler.kind === HPA_KIND) return scaledResourcesOf(autoscaler).size > 0;
  return vpaUpdateMode(autoscaler).acting;
}

function checkHpa(hpa: K8sObject, target: ResolvedTarget, vpas: readonly K8sObject[]): RuleFinding<MessageId>[] {
  const findings: RuleFinding<MessageId>[] = [];
  for (const vpa of vpas) {
    for (const overlap of hpaVpaOverlaps(hpa, vpa, target.workload)) {
      findings.push({
        messageId: 'hpaOverlap',
        data: {
          name: nameOf(hpa),
          target: describeObject(target.ref.kind, target.ref.name),
          metric: describeMetric(overlap.metric),
          vpa: nameOf(vpa),
          mode: describeUpdateMode(vpaUpdateMode(vpa)),
          resource: overlap.resource,
          control: describeControl(overlap.control),
          alternative: alternative(hpa, [overlap]),
        },
        path: overlap.metric.path,
        problem: problems.hpaVpaOverlap(hpa, vpa, 'hpa'),
      });
    }
  }
  return findings;
}

function checkVpa(vpa: K8sObject, target: ResolvedTarget, hpas: readonly K8sObject[]): RuleFinding<MessageId>[] {
  const mode = vpaUpdateMode(vpa);
  if (!mode.acting) return [];
  const findings: RuleFinding<MessageId>[] = [];
  for (const hpa of hpas) {
    const overlaps = hpaVpaOverlaps(hpa, vpa, target.workload);
    if (overlaps.length === 0) continue;
    const resources = SCALED_RESOURCES.filter((r) => overlaps.some((o) => o.resource === r));
    const metrics = overlaps.map((o) => describeMetric(o.metric));
    findings.push({
      messageId: 'vpaOverlap',
      data: {
        name: nameOf(vpa),
        mode: describeUpdateMode(mode),
        resources: joinWords(resources, 'and'),
        controlled: controlledText(overlaps, describeObject(target.ref.kind, target.ref.name)),
        hpa: nameOf(hpa),
        metrics: joinWords(metrics, 'and'),
        alternative: alternative(hpa, overlaps),
      },
      path: mode.path,
      problem: problems.hpaVpaOverlap(hpa, vpa, 'vpa'),
    });
  }
  return findings;
}

/** What the VPA changes, as the HPA side named it: `container proxy of Deployment web`, or the workload. */
function controlledText(overlaps: readonly Overlap[], target: string): string {
  const named = [...new Set(overlaps.map((o) => describeControl(o.control)))].filter((t) => t !== 'its containers');
  return named.length === 0 ? target : `${joinWords(named, 'and')} of ${target}`;
}

/** The second fix: narrowing VPA to the other axis only works when the HPA leaves one of cpu and memory alone. */
function alternative(hpa: K8sObject, overlaps: readonly Overlap[]): string {
  const hpaResources = new Set<ScaledResource>(scaledResourcesOf(hpa));
  for (const o of overlaps) hpaResources.add(o.resource);
  const free = SCALED_RESOURCES.filter((r) => !hpaResources.has(r));
  return free.length > 0
    ? `narrow the VPA's controlledResources to [${free.join(', ')}]`
    : 'move the HPA to Pods, Object or External metrics';
}

/** The cpu and memory an HPA's metrics name, once per HPA: every finding's fix asks (one per metric). */
const scaledResourcesOf: (hpa: K8sObject) => ReadonlySet<ScaledResource> = perObject((hpa) => {
  const out = new Set<ScaledResource>();
  for (const m of hpaMetrics(hpa)) if (isScaledResourceMetric(m)) out.add(m.resource);
  return out;
});
