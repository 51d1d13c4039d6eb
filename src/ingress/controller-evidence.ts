/**
 * The evidence that a workload is an ingress or gateway controller, besides the class names in its arguments
 * (controller-classes.ts): a container image of a known controller, well-known labels, the rule option
 * `controllers: {images, labels}`, and the annotation `kubeward.io/critical`.
 */
import { matchGlob } from '../k8s/glob.js';
import { withoutDigest } from '../k8s/image.js';
import { COMPONENT_LABEL, NAME_LABEL } from '../k8s/labels.js';
import { asObject, asString, asStringMap, type JsonPath, type K8sObject, labelsOf } from '../k8s/object.js';
import type { ContainerRef, PodTemplate } from '../k8s/workload.js';
import type { IngressControllerId } from './controller-ids.js';
import { knownControllerImage } from './controller-images.js';
import type { DetectedController } from './controller-profiles.js';

/** Marks any workload as critical infrastructure (`"true"`), or never one (`"false"`). */
export const CRITICAL_ANNOTATION = 'kubeward.io/critical';

/** The `controllers` rule option: extra images and labels that mark a workload as a controller. */
export interface ControllerOptions {
  /** Globs (`*`, `?`) over the image reference, with or without its tag and digest. */
  images?: string[];
  /** Label key to value glob; any one matching pod template or workload label is enough. */
  labels?: Record<string, string>;
}

export type EvidenceKind = 'image' | 'class' | 'label' | 'config' | 'annotation';

export interface ControllerEvidence {
  readonly kind: EvidenceKind;
  /** A clause for messages, e.g. `image registry.k8s.io/ingress-nginx/controller:v1.15.1`. */
  readonly detail: string;
  /** Where the evidence is, inside the workload. */
  readonly path: JsonPath;
}

/** One piece of evidence, the controller it points to, and the container it was found in (if any). */
export interface Found {
  controller: DetectedController;
  evidence: ControllerEvidence;
  container?: ContainerRef;
}

function imageOf(c: ContainerRef): string | undefined {
  const image = asString(c.container.image);
  return image !== undefined && image.trim() !== '' ? image : undefined;
}

export function imageEvidence(containers: readonly ContainerRef[]): Found[] {
  const matches = containers.map((c) => {
    const image = imageOf(c);
    return { c, image, known: image === undefined ? undefined : knownControllerImage(image) };
  });
  const allKnown = matches.length > 0 && matches.every((m) => m.known !== undefined);
  const out: Found[] = [];
  for (const m of matches) {
    if (m.known === undefined || m.image === undefined) continue;
    if (m.known.role === 'proxy' && !allKnown) continue;
    out.push({
      controller: m.known.controller,
      evidence: { kind: 'image', detail: `image ${withoutDigest(m.image)}`, path: [...m.c.path, 'image'] },
      container: m.c,
    });
  }
  // A controller image outranks a proxy image (Contour's Envoy pods run both).
  return [...out.filter((f) => !isProxy(f)), ...out.filter(isProxy)];
}

function isProxy(f: Found): boolean {
  return f.controller === 'envoy' || f.controller === 'istio-gateway';
}

// ---------------------------------------------------------------------------------------------------------------
// Labels

/** `app.kubernetes.io/name` (or `app`) values of known controllers. */
const KNOWN_NAMES: ReadonlyMap<string, IngressControllerId> = new Map([
  ['ingress-nginx', 'ingress-nginx'],
  ['nginx-ingress', 'f5-nginx'],
  ['traefik', 'traefik'],
  ['contour', 'contour'],
  ['envoy', 'envoy'],
  ['haproxy-ingress', 'haproxy-ingress'],
  ['kubernetes-ingress', 'haproxy'],
  ['kong', 'kong'],
  ['istio-ingressgateway', 'istio-gateway'],
  ['emissary-ingress', 'emissary'],
  ['ambassador', 'emissary'],
  ['nginx-gateway-fabric', 'nginx-gateway-fabric'],
  ['aws-load-balancer-controller', 'aws-alb'],
]);

/** `app.kubernetes.io/component` values of a chart's helpers, which share the controller's name label. */
const HELPER_COMPONENTS: ReadonlySet<string> = new Set([
  'admission-webhook',
  'webhook',
  'default-backend',
  'defaultbackend',
  'certgen',
  'cert-gen',
  'migrations',
  'init-migrations',
  'hooks',
  'test',
  'tests',
  'metrics',
  'cleanup',
  'crds',
  'upgrade',
]);

const NAME_KEYS = [NAME_LABEL, 'app'] as const;

export function labelEvidence(workload: K8sObject, template: PodTemplate): Found[] {
  const sources: [Record<string, string>, () => JsonPath][] = [
    [template.labels, () => [...template.specPath.slice(0, -1), 'metadata', 'labels']],
    [labelsOf(workload), () => ['metadata', 'labels']],
  ];
  const out: Found[] = [];
  for (const [labels, pathOf] of sources) {
    const component = labels[COMPONENT_LABEL] ?? labels.component;
    if (component !== undefined && HELPER_COMPONENTS.has(component)) continue;
    for (const key of NAME_KEYS) {
      const value = labels[key];
      if (value === undefined) continue;
      const known = KNOWN_NAMES.get(value);
      if (known !== undefined) {
        out.push({
          controller: known,
          evidence: { kind: 'label', detail: `label ${key}: ${value}`, path: [...pathOf(), key] },
        });
      } else if (/ingress/i.test(value) && component === 'controller') {
        out.push({
          controller: 'other',
          evidence: {
            kind: 'label',
            detail: `labels ${key}: ${value} and component controller`,
            path: [...pathOf(), key],
          },
        });
      }
    }
    const istio = labels.istio;
    if (istio !== undefined && /ingressgateway/i.test(istio)) {
      out.push({
        controller: 'istio-gateway',
        evidence: { kind: 'label', detail: `label istio: ${istio}`, path: [...pathOf(), 'istio'] },
      });
    }
    for (const key of ['gateway.istio.io/managed', 'istio.io/gateway-name']) {
      if (labels[key] === undefined) continue;
      out.push({
        controller: 'istio-gateway',
        evidence: { kind: 'label', detail: `label ${key}`, path: [...pathOf(), key] },
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Config option and annotation

export function configEvidence(
  workload: K8sObject,
  template: PodTemplate,
  containers: readonly ContainerRef[],
  extra: ControllerOptions | undefined,
): Found[] {
  if (extra === undefined) return [];
  const out: Found[] = [];
  const globs = extra.images ?? [];
  if (globs.length > 0) {
    for (const c of containers) {
      const image = imageOf(c);
      if (image === undefined) continue;
      const bare = withoutDigest(image);
      const colon = bare.lastIndexOf(':');
      const forms = [image, bare, colon > bare.lastIndexOf('/') ? bare.slice(0, colon) : bare];
      const glob = globs.find((g) => forms.some((f) => matchGlob(g, f)));
      if (glob === undefined) continue;
      out.push({
        controller: 'critical',
        evidence: {
          kind: 'config',
          detail: `image ${bare}, matching option controllers.images ${glob}`,
          path: [...c.path, 'image'],
        },
        container: c,
      });
    }
  }
  const wanted = Object.entries(extra.labels ?? {});
  if (wanted.length > 0) {
    const sources: [Record<string, string>, JsonPath][] = [
      [template.labels, [...template.specPath.slice(0, -1), 'metadata', 'labels']],
      [asStringMap(workload.metadata?.labels), ['metadata', 'labels']],
    ];
    for (const [labels, path] of sources) {
      const hit = wanted.find(([k, v]) => labels[k] !== undefined && matchGlob(v, labels[k] as string));
      if (hit === undefined) continue;
      out.push({
        controller: 'critical',
        evidence: {
          kind: 'config',
          detail: `label ${hit[0]}: ${labels[hit[0]]}, matching option controllers.labels`,
          path: [...path, hit[0]],
        },
      });
      break;
    }
  }
  return out;
}

/** The `kubeward.io/critical` value on the workload or its pod template, with where it is. */
export function criticalAnnotation(
  workload: K8sObject,
  template: PodTemplate,
): { value: string; path: JsonPath } | undefined {
  const own = asString(asObject(workload.metadata?.annotations)?.[CRITICAL_ANNOTATION]);
  if (own !== undefined) return { value: own, path: ['metadata', 'annotations', CRITICAL_ANNOTATION] };
  const onPod = template.annotations[CRITICAL_ANNOTATION];
  if (onPod !== undefined) {
    return { value: onPod, path: [...template.specPath.slice(0, -1), 'metadata', 'annotations', CRITICAL_ANNOTATION] };
  }
  return undefined;
}
