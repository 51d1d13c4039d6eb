/**
 * The container images of known controllers. A proxy image (Envoy, Istio's proxyv2) is a controller only when every
 * container of the pod runs a known controller or proxy image: next to an application it is a sidecar, not a gateway.
 */
import { globToRegExp, hasWildcard } from '../k8s/glob.js';
import { imageRepository } from '../k8s/image.js';
import type { IngressControllerId } from './controller-ids.js';
import { LEGACY_IMAGE_ARCHES } from './nginx-images.js';

/** `controller`: the image is a controller on its own; `proxy`: only when nothing but known images run in the pod. */
export type ImageRole = 'controller' | 'proxy';

export interface ImagePattern {
  /** Glob over the repository path (registry, tag and digest removed), matched whole or after a `/`. */
  readonly repository: string;
  readonly controller: IngressControllerId;
  readonly role: ImageRole;
}

const img = (repository: string, controller: IngressControllerId, role: ImageRole = 'controller'): ImagePattern => ({
  repository,
  controller,
  role,
});

/** Known images. Plain `nginx`, `haproxy` and `envoyproxy/envoy` next to an app are web servers or sidecars. */
const CONTROLLER_IMAGES: readonly ImagePattern[] = [
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
  img('jcmoraisjr/haproxy-ingress', 'haproxy-ingress'),
  img('haproxy-ingress/haproxy-ingress', 'haproxy-ingress'),
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
  img('eks/aws-load-balancer-controller', 'aws-alb'),
  img('amazon/aws-load-balancer-controller', 'aws-alb'),
  img('azure-application-gateway/kubernetes-ingress', 'azure-agic'),
  img('ingress-gce-glbc-*', 'gce'),
];

interface CompiledImage {
  readonly re: RegExp;
  readonly known: { controller: IngressControllerId; role: ImageRole };
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
const imageMemo = new Map<string, { controller: IngressControllerId; role: ImageRole } | null>();
const IMAGE_MEMO_LIMIT = 4096;

/** The known controller image pattern a container image matches, if any. */
export function knownControllerImage(image: string): { controller: IngressControllerId; role: ImageRole } | undefined {
  const hit = imageMemo.get(image);
  if (hit !== undefined) return hit ?? undefined;
  const repository = imageRepository(image);
  const known = repository === '' ? undefined : matchKnownImage(repository);
  if (imageMemo.size >= IMAGE_MEMO_LIMIT) imageMemo.clear();
  imageMemo.set(image, known ?? null);
  return known;
}
