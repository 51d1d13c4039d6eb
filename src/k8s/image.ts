/** Image references: `registry.k8s.io/ingress-nginx/controller:v1.11.2@sha256:…` and the parts rules read. */

export interface ImageRef {
  /** Registry host, when the reference names one (`registry.k8s.io`). */
  readonly registry?: string;
  /** The repository path without registry, tag or digest (`ingress-nginx/controller`). */
  readonly repository: string;
  readonly tag?: string;
  /** `sha256:…` */
  readonly digest?: string;
}

/** Splits `registry.k8s.io/ingress-nginx/controller:v1.11.2@sha256:…` into its parts. */
export function parseImageRef(image: string): ImageRef {
  let name = image.trim();
  let digest: string | undefined;
  const at = name.indexOf('@');
  if (at >= 0) {
    digest = name.slice(at + 1);
    name = name.slice(0, at);
  }
  let tag: string | undefined;
  const colon = name.lastIndexOf(':');
  if (colon > name.lastIndexOf('/')) {
    tag = name.slice(colon + 1);
    name = name.slice(0, colon);
  }
  const parts = name.split('/');
  const first = parts[0] ?? '';
  let registry: string | undefined;
  if (parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost')) {
    registry = first;
    parts.shift();
  }
  return {
    repository: parts.join('/'),
    ...(registry !== undefined ? { registry } : {}),
    ...(tag ? { tag } : {}),
    ...(digest ? { digest } : {}),
  };
}

/**
 * The repository path of an image reference, lower-cased: registry host, tag and digest removed, and Docker Hub's
 * `library/` prefix dropped (`docker.io/library/traefik:v3` → `traefik`).
 */
export function imageRepository(image: string): string {
  const parts = parseImageRef(image).repository.split('/');
  if (parts.length > 1 && parts[0] === 'library') parts.shift();
  return parts.join('/').toLowerCase();
}

/** The image without its digest (`repo:tag`), for messages and option globs. */
export function withoutDigest(image: string): string {
  const at = image.indexOf('@');
  return at >= 0 ? image.slice(0, at) : image;
}
