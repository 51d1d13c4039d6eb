/**
 * Which workloads are ingress or gateway controllers: the pods that sit in front of every other service, so that a
 * restart, a drain or an OOM kill of theirs is an outage of everything behind them. One detector for every
 * availability rule, the CLI and the webhook. Evidence, strongest first:
 *
 *   1. a container image of a known controller (a proxy image such as Envoy counts only when every container of the
 *      pod runs a known controller or proxy image: next to an application it is a sidecar, not a gateway);
 *   2. a container argument naming the controller of a loaded IngressClass or GatewayClass (or a well-known
 *      controller name), or `--ingress-class=<name>` of a loaded IngressClass;
 *   3. well-known labels: `app.kubernetes.io/name` (or `app`) of a known controller, unless
 *      `app.kubernetes.io/component` names a helper (admission webhook, default backend, …); a name containing
 *      "ingress" with `app.kubernetes.io/component: controller`; Istio's gateway labels;
 *   4. the rule option `controllers: {images: [glob], labels: {key: glob}}`;
 *   5. the annotation `kubeward.io/critical: "true"` on the workload or its pod template (`"false"` opts out of
 *      every kind of evidence).
 *
 * Jobs and CronJobs are never controllers.
 */

import { globToRegExp, hasWildcard, matchGlob } from '../k8s/glob.js';
import { imageRepository } from '../k8s/image.js';
import type { ObjectLookup } from '../k8s/lookup.js';
import { ObjectMemo } from '../k8s/memo.js';
import type { JsonPath, K8sObject } from '../k8s/object.js';
import { asArray, asObject, asString, asStringMap } from '../k8s/object.js';
import { type ContainerRef, containersOf, type PodTemplate, podTemplateOf } from '../k8s/workload.js';
import { LEGACY_IMAGE_ARCHES } from './ingress-nginx.js';

/** Marks any workload as critical infrastructure (`"true"`), or never one (`"false"`). */
export const CRITICAL_ANNOTATION = 'kubeward.io/critical';

export type ControllerId =
  | 'ingress-nginx'
  | 'f5-nginx'
  | 'traefik'
  | 'contour'
  | 'envoy'
  | 'envoy-gateway'
  | 'haproxy'
  | 'kong'
  | 'istio-gateway'
  | 'emissary'
  | 'nginx-gateway-fabric'
  | 'cloud'
  | 'ingress'
  | 'critical';

export interface ControllerProfile {
  readonly id: ControllerId;
  /** What messages call it, e.g. `ingress-nginx controller`. */
  readonly name: string;
  /** The readiness endpoint that reports ready only once the configuration is loaded, for remediations. */
  readonly readiness: string;
  /** TCP ports (number or name) the controller opens only after its first reconciliation. */
  readonly reconciledTcpPorts?: readonly (number | string)[];
}

const GENERIC_READINESS =
  'an HTTP endpoint that answers only once the controller has loaded its routes (not a TCP check and not the liveness endpoint)';

export const CONTROLLER_PROFILES: Readonly<Record<ControllerId, ControllerProfile>> = {
  'ingress-nginx': {
    id: 'ingress-nginx',
    name: 'ingress-nginx controller',
    readiness: 'httpGet /healthz on port 10254',
  },
  'f5-nginx': {
    id: 'f5-nginx',
    name: 'F5 NGINX Ingress Controller',
    readiness: 'httpGet /nginx-ready on the readiness port (8081 by default)',
  },
  traefik: { id: 'traefik', name: 'Traefik proxy', readiness: 'httpGet /ping on the ping entry point' },
  contour: {
    id: 'contour',
    name: 'Contour ingress controller',
    readiness: 'httpGet /healthz on port 8000, or the xDS port 8001, which Contour opens only after its caches synced',
    reconciledTcpPorts: [8001, 'xds'],
  },
  envoy: {
    id: 'envoy',
    name: 'Envoy proxy',
    readiness: 'httpGet /ready on the Envoy health listener (8002 for Contour)',
  },
  'envoy-gateway': {
    id: 'envoy-gateway',
    name: 'Envoy Gateway',
    readiness: 'httpGet /ready on the proxy readiness port',
  },
  haproxy: {
    id: 'haproxy',
    name: 'HAProxy ingress controller',
    readiness: 'httpGet /healthz on the controller health port',
  },
  kong: {
    id: 'kong',
    name: 'Kong gateway',
    readiness: 'httpGet /status/ready on the status listener (8100), which answers once a configuration is loaded',
  },
  'istio-gateway': {
    id: 'istio-gateway',
    name: 'Istio gateway',
    readiness: 'httpGet /healthz/ready on port 15021, which answers once the proxy received its configuration',
  },
  emissary: {
    id: 'emissary',
    name: 'Emissary-ingress controller',
    readiness: 'httpGet /ambassador/v0/check_ready on port 8877',
  },
  'nginx-gateway-fabric': {
    id: 'nginx-gateway-fabric',
    name: 'NGINX Gateway Fabric controller',
    readiness: 'httpGet /readyz on port 8081',
  },
  cloud: { id: 'cloud', name: 'cloud load balancer controller', readiness: 'httpGet /readyz on the health port' },
  ingress: { id: 'ingress', name: 'ingress controller', readiness: GENERIC_READINESS },
  critical: { id: 'critical', name: 'critical workload', readiness: GENERIC_READINESS },
};

/** `controller`: the image is a controller on its own; `proxy`: only when nothing but known images run in the pod. */
export type ImageRole = 'controller' | 'proxy';

export interface ImagePattern {
  /** Glob over the repository path (registry, tag and digest removed), matched whole or after a `/`. */
  readonly repository: string;
  readonly controller: ControllerId;
  readonly role: ImageRole;
}

const img = (repository: string, controller: ControllerId, role: ImageRole = 'controller'): ImagePattern => ({
  repository,
  controller,
  role,
});

/** Known images. Plain `nginx`, `haproxy` and `envoyproxy/envoy` next to an app are web servers or sidecars. */
export const CONTROLLER_IMAGES: readonly ImagePattern[] = [
  img('ingress-nginx/controller', 'ingress-nginx'),
  img('ingress-nginx/controller-chroot', 'ingress-nginx'),
  ...['', ...LEGACY_IMAGE_ARCHES.map((arch) => `-${arch}`)].flatMap((suffix) => [
    img(`kubernetes-ingress-controller/nginx-ingress-controller${suffix}`, 'ingress-nginx'),
    img(`google_containers/nginx-ingress-controller${suffix}`, 'ingress-nginx'),
  ]),
  img('nginx/nginx-ingress', 'f5-nginx'),
  img('nginxinc/nginx-ingress', 'f5-nginx'),
  img('nginx-ic*/nginx-plus-ingress', 'f5-nginx'),
  img('traefik', 'traefik'),
  img('traefik/traefik', 'traefik'),
  img('rancher/mirrored-library-traefik', 'traefik'),
  img('projectcontour/contour', 'contour'),
  img('bitnami/contour', 'contour'),
  img('envoyproxy/envoy', 'envoy', 'proxy'),
  img('envoyproxy/envoy-distroless', 'envoy', 'proxy'),
  img('envoyproxy/envoy-alpine', 'envoy', 'proxy'),
  img('bitnami/envoy', 'envoy', 'proxy'),
  img('envoyproxy/gateway', 'envoy-gateway'),
  img('haproxytech/kubernetes-ingress', 'haproxy'),
  img('jcmoraisjr/haproxy-ingress', 'haproxy'),
  img('haproxy-ingress/haproxy-ingress', 'haproxy'),
  img('kong', 'kong'),
  img('kong/kong', 'kong'),
  img('kong/kong-gateway', 'kong'),
  img('kong/kubernetes-ingress-controller', 'kong'),
  img('istio*/proxyv2', 'istio-gateway', 'proxy'),
  img('emissaryingress/emissary', 'emissary'),
  img('datawire/emissary', 'emissary'),
  img('datawire/ambassador', 'emissary'),
  img('datawire/aes', 'emissary'),
  img('nginx/nginx-gateway-fabric', 'nginx-gateway-fabric'),
  img('nginx/nginx-gateway-fabric/nginx', 'nginx-gateway-fabric'),
  img('nginxinc/nginx-gateway-fabric', 'nginx-gateway-fabric'),
  img('eks/aws-load-balancer-controller', 'cloud'),
  img('amazon/aws-load-balancer-controller', 'cloud'),
  img('azure-application-gateway/kubernetes-ingress', 'cloud'),
  img('ingress-gce-glbc-*', 'cloud'),
];

/** IngressClass `spec.controller` and GatewayClass `spec.controllerName` values of well-known controllers. */
export const KNOWN_CONTROLLER_NAMES: readonly (readonly [string, ControllerId])[] = [
  ['k8s.io/ingress-nginx', 'ingress-nginx'],
  ['nginx.org/ingress-controller', 'f5-nginx'],
  ['traefik.io/ingress-controller', 'traefik'],
  ['traefik.io/gateway-controller', 'traefik'],
  ['projectcontour.io/*', 'contour'],
  ['haproxy.org/ingress-controller', 'haproxy'],
  ['haproxy-ingress.github.io/controller', 'haproxy'],
  ['ingress-controllers.konghq.com/*', 'kong'],
  ['konghq.com/*', 'kong'],
  ['istio.io/*', 'istio-gateway'],
  ['getambassador.io/*', 'emissary'],
  ['gateway.envoyproxy.io/*', 'envoy-gateway'],
  ['gateway.nginx.org/*', 'nginx-gateway-fabric'],
  ['ingress.k8s.aws/alb', 'cloud'],
  ['azure/application-gateway', 'cloud'],
];

/** `app.kubernetes.io/name` (or `app`) values of known controllers. */
const KNOWN_NAMES: ReadonlyMap<string, ControllerId> = new Map([
  ['ingress-nginx', 'ingress-nginx'],
  ['nginx-ingress', 'f5-nginx'],
  ['traefik', 'traefik'],
  ['contour', 'contour'],
  ['envoy', 'envoy'],
  ['haproxy-ingress', 'haproxy'],
  ['kubernetes-ingress', 'haproxy'],
  ['kong', 'kong'],
  ['istio-ingressgateway', 'istio-gateway'],
  ['emissary-ingress', 'emissary'],
  ['ambassador', 'emissary'],
  ['nginx-gateway-fabric', 'nginx-gateway-fabric'],
  ['aws-load-balancer-controller', 'cloud'],
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

/** Kinds that run long-lived pods and can therefore be controllers. */
const CONTROLLER_KINDS: ReadonlySet<string> = new Set([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'ReplicationController',
  'Pod',
]);

/** The `controllers` rule option: extra images and labels that mark a workload as a controller. */
export interface ControllerOptions {
  /** Globs (`*`, `?`) over the image reference, with or without its tag and digest. */
  images?: string[];
  /** Label key to value glob; any one matching pod template or workload label is enough. */
  labels?: Record<string, string>;
}

/** JSON Schema of the `controllers` option, shared by every rule that detects controllers. */
export const CONTROLLERS_OPTION_SCHEMA = {
  type: 'object',
  description:
    'Extra ingress/gateway controller detection: `images` (globs over the image reference) and `labels` (key to value glob, any one matching).',
  additionalProperties: false,
  properties: {
    images: { type: 'array', items: { type: 'string', minLength: 1 } },
    labels: { type: 'object', additionalProperties: { type: 'string' } },
  },
} as const;

/** Options of every rule that detects controllers. */
export interface ControllerRuleOptions {
  controllers: ControllerOptions;
}

/** The options schema and defaults of a rule whose only option is `controllers`. */
export const CONTROLLER_RULE_OPTIONS: { schema: Record<string, unknown>; defaults: ControllerRuleOptions } = {
  schema: { type: 'object', additionalProperties: false, properties: { controllers: CONTROLLERS_OPTION_SCHEMA } },
  defaults: { controllers: {} },
};

/** The workload kinds the controller rules check (Pods and ReplicaSets are owned by these in practice). */
export const CONTROLLER_WORKLOAD_KINDS: readonly string[] = ['Deployment', 'StatefulSet', 'DaemonSet'];

export type EvidenceKind = 'image' | 'class' | 'label' | 'config' | 'annotation';

export interface ControllerEvidence {
  readonly kind: EvidenceKind;
  /** A clause for messages, e.g. `image registry.k8s.io/ingress-nginx/controller:v1.15.1`. */
  readonly detail: string;
  /** Where the evidence is, inside the workload. */
  readonly path: JsonPath;
}

export interface ControllerDetection {
  readonly controller: ControllerProfile;
  /** Every piece of evidence found, strongest first; the first decided `controller`. */
  readonly evidence: readonly ControllerEvidence[];
  /** The pod template the detection read. */
  readonly template: PodTemplate;
  /** Containers (and native sidecars) of the pod. */
  readonly containers: readonly ContainerRef[];
  /** The containers that run the controller (by image or arguments); empty when the evidence is about the pod. */
  readonly controllerContainers: readonly ContainerRef[];
}

// ---------------------------------------------------------------------------------------------------------------
// Images

/** The image without its digest (`repo:tag`), for messages and option globs. */
function withoutDigest(image: string): string {
  const at = image.indexOf('@');
  return at >= 0 ? image.slice(0, at) : image;
}

interface CompiledImage {
  readonly re: RegExp;
  readonly known: { controller: ControllerId; role: ImageRole };
}

/**
 * Each known pattern compiled once (the repository matches it whole, or after any leading path: a mirror), filed by
 * its last path segment when that is literal, so an image is tested only against the patterns that can match it.
 */
const IMAGES_BY_LAST_SEGMENT = new Map<string, CompiledImage[]>();
const IMAGES_WITH_WILDCARD_NAME: CompiledImage[] = [];
for (const p of CONTROLLER_IMAGES) {
  const compiled: CompiledImage = {
    re: new RegExp(`^(?:.*/)?${globToRegExp(p.repository).source.slice(1)}`, 'su'),
    known: { controller: p.controller, role: p.role },
  };
  const last = lastSegment(p.repository);
  if (hasWildcard(last)) IMAGES_WITH_WILDCARD_NAME.push(compiled);
  else {
    const list = IMAGES_BY_LAST_SEGMENT.get(last);
    if (list) list.push(compiled);
    else IMAGES_BY_LAST_SEGMENT.set(last, [compiled]);
  }
}

function lastSegment(repository: string): string {
  return repository.slice(repository.lastIndexOf('/') + 1);
}

function matchKnownImage(repository: string): CompiledImage['known'] | undefined {
  const candidates = IMAGES_BY_LAST_SEGMENT.get(lastSegment(repository)) ?? [];
  for (const list of [candidates, IMAGES_WITH_WILDCARD_NAME]) {
    for (const p of list) if (p.re.test(repository)) return p.known;
  }
  return undefined;
}

/** Images repeat across a cluster (every replica set of a rollout); remember the last few thousand answers. */
const imageMemo = new Map<string, { controller: ControllerId; role: ImageRole } | null>();
const IMAGE_MEMO_LIMIT = 4096;

/** The known controller image pattern a container image matches, if any. */
export function knownControllerImage(image: string): { controller: ControllerId; role: ImageRole } | undefined {
  const hit = imageMemo.get(image);
  if (hit !== undefined) return hit ?? undefined;
  const repository = imageRepository(image);
  const known = repository === '' ? undefined : matchKnownImage(repository);
  if (imageMemo.size >= IMAGE_MEMO_LIMIT) imageMemo.clear();
  imageMemo.set(image, known ?? null);
  return known;
}

function imageOf(c: ContainerRef): string | undefined {
  const image = asString(c.container.image);
  return image !== undefined && image.trim() !== '' ? image : undefined;
}

interface Found {
  controller: ControllerId;
  evidence: ControllerEvidence;
  container?: ContainerRef;
}

function imageEvidence(containers: readonly ContainerRef[]): Found[] {
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
// IngressClass / GatewayClass controller names in container arguments

interface ClassNames {
  /** Controller name → what declares it (`IngressClass nginx`) and the controller it is. */
  readonly controllers: ReadonlyMap<string, { source: string; controller: ControllerId }>;
  /** IngressClass name → its controller. */
  readonly ingressClasses: ReadonlyMap<string, ControllerId>;
}

const classNamesCache = new ObjectMemo<readonly K8sObject[], ObjectMemo<readonly K8sObject[], ClassNames>>();

function knownControllerName(name: string): ControllerId | undefined {
  for (const [pattern, id] of KNOWN_CONTROLLER_NAMES) if (matchGlob(pattern, name)) return id;
  return undefined;
}

/**
 * The controller names of the loaded IngressClasses and GatewayClasses, computed once per pair of lists (in the
 * webhook each request has its own index, but the class lists are the cluster cache's own arrays).
 */
function classNamesOf(index: ObjectLookup): ClassNames {
  const ingressClasses = index.ofKind('IngressClass');
  const gatewayClasses = index.ofKind('GatewayClass');
  let byGateway = classNamesCache.get(ingressClasses);
  if (byGateway === undefined) {
    byGateway = new ObjectMemo();
    classNamesCache.set(ingressClasses, byGateway);
  }
  const hit = byGateway.get(gatewayClasses);
  if (hit) return hit;
  const out = readClassNames(ingressClasses, gatewayClasses);
  byGateway.set(gatewayClasses, out);
  return out;
}

function readClassNames(ingressClassList: readonly K8sObject[], gatewayClassList: readonly K8sObject[]): ClassNames {
  const controllers = new Map<string, { source: string; controller: ControllerId }>();
  const ingressClasses = new Map<string, ControllerId>();
  for (const [kind, field, list] of [
    ['IngressClass', 'controller', ingressClassList],
    ['GatewayClass', 'controllerName', gatewayClassList],
  ] as const) {
    for (const cls of list) {
      const name = asString(asObject(cls.spec)?.[field]);
      if (name === undefined || name === '') continue;
      const controller = knownControllerName(name) ?? 'ingress';
      if (!controllers.has(name)) controllers.set(name, { source: `${kind} ${cls.metadata?.name ?? ''}`, controller });
      const clsName = cls.metadata?.name;
      if (kind === 'IngressClass' && typeof clsName === 'string') ingressClasses.set(clsName, controller);
    }
  }
  return { controllers, ingressClasses };
}

const INGRESS_CLASS_FLAG = /^--?(?:ingress-class|ingressclass|providers\.kubernetesingress\.ingressclass)=(.+)$/;
const CONTROLLER_FLAG = /^--?(?:controller-class|gateway-ctlr-name|controller-name|gateway-controller-name)=(.+)$/;

function classEvidence(containers: readonly ContainerRef[], index: ObjectLookup): Found[] {
  const names = classNamesOf(index);
  const out: Found[] = [];
  for (const c of containers) {
    for (const field of ['command', 'args'] as const) {
      asArray(c.container[field]).forEach((raw, i) => {
        if (typeof raw !== 'string') return;
        const found = argEvidence(raw, names);
        if (found === undefined) return;
        out.push({
          controller: found.controller,
          evidence: { kind: 'class', detail: found.detail, path: [...c.path, field, i] },
          container: c,
        });
      });
    }
  }
  return out;
}

function argEvidence(arg: string, names: ClassNames): { controller: ControllerId; detail: string } | undefined {
  const controllerFlag = CONTROLLER_FLAG.exec(arg)?.[1];
  if (controllerFlag !== undefined) {
    const loaded = names.controllers.get(controllerFlag);
    if (loaded) return { controller: loaded.controller, detail: `argument ${arg}, the controller of ${loaded.source}` };
    const known = knownControllerName(controllerFlag);
    if (known) return { controller: known, detail: `argument ${arg}` };
  }
  const classFlag = INGRESS_CLASS_FLAG.exec(arg)?.[1];
  if (classFlag !== undefined) {
    const controller = names.ingressClasses.get(classFlag);
    if (controller) return { controller, detail: `argument ${arg}, a loaded IngressClass` };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Labels

const NAME_KEYS = ['app.kubernetes.io/name', 'app'] as const;

function labelEvidence(workload: K8sObject, template: PodTemplate): Found[] {
  const sources: [Record<string, string>, () => JsonPath][] = [
    [template.labels, () => [...template.specPath.slice(0, -1), 'metadata', 'labels']],
    [asStringMap(workload.metadata?.labels), () => ['metadata', 'labels']],
  ];
  const out: Found[] = [];
  for (const [labels, pathOf] of sources) {
    const component = labels['app.kubernetes.io/component'] ?? labels.component;
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
          controller: 'ingress',
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

function configEvidence(
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
function criticalAnnotation(workload: K8sObject, template: PodTemplate): { value: string; path: JsonPath } | undefined {
  const own = asString(asObject(workload.metadata?.annotations)?.[CRITICAL_ANNOTATION]);
  if (own !== undefined) return { value: own, path: ['metadata', 'annotations', CRITICAL_ANNOTATION] };
  const onPod = template.annotations[CRITICAL_ANNOTATION];
  if (onPod !== undefined) {
    return { value: onPod, path: [...template.specPath.slice(0, -1), 'metadata', 'annotations', CRITICAL_ANNOTATION] };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Detection

/** Index → options key → object → detection (null: not a controller). Keyed by index first, so nothing pins one. */
const detectionCache = new ObjectMemo<ObjectLookup, Map<string, ObjectMemo<K8sObject, ControllerDetection | null>>>();
const optionKeys = new WeakMap<ControllerOptions, string>();

function optionsKey(extra: ControllerOptions | undefined): string {
  if (extra === undefined) return '';
  let key = optionKeys.get(extra);
  if (key === undefined) {
    key = JSON.stringify([extra.images ?? [], Object.entries(extra.labels ?? {}).sort()]);
    optionKeys.set(extra, key);
  }
  return key;
}

/**
 * Whether the workload is an ingress or gateway controller (or marked critical), which one, and on what evidence.
 * Results are cached per index, options and object.
 */
export function detectIngressController(
  workload: K8sObject,
  index: ObjectLookup,
  extra?: ControllerOptions,
): ControllerDetection | undefined {
  const key = optionsKey(extra);
  let byKey = detectionCache.get(index);
  if (byKey === undefined) {
    byKey = new Map();
    detectionCache.set(index, byKey);
  }
  let byObject = byKey.get(key);
  if (byObject === undefined) {
    byObject = new ObjectMemo();
    byKey.set(key, byObject);
  }
  const hit = byObject.get(workload);
  if (hit !== undefined) return hit ?? undefined;
  const result = detect(workload, index, extra);
  byObject.set(workload, result ?? null);
  return result;
}

function detect(
  workload: K8sObject,
  index: ObjectLookup,
  extra: ControllerOptions | undefined,
): ControllerDetection | undefined {
  if (!CONTROLLER_KINDS.has(workload.kind)) return undefined;
  const template = podTemplateOf(workload);
  if (template === undefined) return undefined;
  const critical = criticalAnnotation(workload, template);
  if (critical?.value === 'false') return undefined;
  const containers = containersOf(template).filter((c) => c.group === 'containers' || c.sidecar);
  const found: Found[] = [
    ...imageEvidence(containers),
    ...classEvidence(containers, index),
    ...labelEvidence(workload, template),
    ...configEvidence(workload, template, containers, extra),
  ];
  if (critical?.value === 'true') {
    found.push({
      controller: 'critical',
      evidence: { kind: 'annotation', detail: `annotation ${CRITICAL_ANNOTATION}: "true"`, path: critical.path },
    });
  }
  const first = found[0];
  if (first === undefined) return undefined;
  // In order of the evidence, each once (a set: a pod may run thousands of controller-image containers).
  const controllerContainers = [...new Set(found.flatMap((f) => (f.container === undefined ? [] : [f.container])))];
  return {
    controller: CONTROLLER_PROFILES[first.controller],
    evidence: found.map((f) => f.evidence),
    template,
    containers,
    controllerContainers,
  };
}

/** `the ingress-nginx controller (image registry.k8s.io/ingress-nginx/controller:v1.15.1)`, for messages. */
export function describeDetection(d: ControllerDetection): string {
  const first = d.evidence[0];
  return first === undefined ? `the ${d.controller.name}` : `the ${d.controller.name} (${first.detail})`;
}

/** The containers whose probes and resources decide the controller's health: its own, else every container. */
export function servingContainers(d: ControllerDetection): readonly ContainerRef[] {
  return d.controllerContainers.length > 0 ? d.controllerContainers : d.containers;
}
