/** The container images of the ingress-nginx controller, from the first gcr.io images to registry.k8s.io. */
import { type ImageRef, parseImageRef } from '../k8s/image.js';

/** `controller`: ingress-nginx/controller; `chroot`: the controller-chroot variant; `legacy`: pre-1.0 repositories. */
export type IngressNginxImageVariant = 'controller' | 'chroot' | 'legacy';

export interface IngressNginxImage {
  readonly ref: ImageRef;
  readonly variant: IngressNginxImageVariant;
}

/** Before v0.34 the project also published one controller image per architecture (`…-arm64`). */
export const LEGACY_IMAGE_ARCHES: readonly string[] = ['amd64', 'arm64', 'arm', 'ppc64le', 's390x'];

const ARCH_SUFFIX = `(?:-(?:${LEGACY_IMAGE_ARCHES.join('|')}))?`;
/** Repository paths of the controller images, matched whole or after a `/` (so mirrors with a path prefix match). */
const IMAGE_PATTERNS: readonly (readonly [RegExp, IngressNginxImageVariant])[] = [
  // registry.k8s.io (v1.3+), k8s.gcr.io (v0.35-v1.2), us.gcr.io/k8s-artifacts-prod (v0.34)
  [/(?:^|\/)ingress-nginx\/controller$/, 'controller'],
  [/(?:^|\/)ingress-nginx\/controller-chroot$/, 'chroot'],
  // quay.io before v0.34 (tags without `v`), and the very first gcr.io images
  [new RegExp(`(?:^|/)kubernetes-ingress-controller/nginx-ingress-controller${ARCH_SUFFIX}$`), 'legacy'],
  [new RegExp(`(?:^|/)google_containers/nginx-ingress-controller${ARCH_SUFFIX}$`), 'legacy'],
];

/** The ingress-nginx controller image a reference names, or undefined (certgen, F5 NGINX and other images). */
export function ingressNginxImageOf(image: string): IngressNginxImage | undefined {
  const ref = parseImageRef(image);
  const repository = ref.repository.toLowerCase();
  for (const [pattern, variant] of IMAGE_PATTERNS) if (pattern.test(repository)) return { ref, variant };
  return undefined;
}
