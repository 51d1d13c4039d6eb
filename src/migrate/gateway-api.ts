/**
 * Gateway API facts the drafts are built to (v1.6.1, standard channel; ../shared/research/gateway-api.md): the API
 * versions used, the CRD limits a draft must stay under, the release each construct needs, and the names objects
 * and listeners may take.
 */
import { createHash } from 'node:crypto';

/** The Gateway API release the drafts are built to and validated against (its standard-channel CRDs). */
export const GATEWAY_API_RELEASE = {
  release: 'v1.6.1',
  channel: 'standard',
  published: '2026-07-16',
  commit: '8bb74df0',
} as const;

export const GATEWAY_GROUP = 'gateway.networking.k8s.io';
export const GATEWAY_V1 = `${GATEWAY_GROUP}/v1`;
/** ReferenceGrant as v1beta1: served by every release since v0.6 (v1 only since v1.5). */
export const REFERENCE_GRANT_VERSION = `${GATEWAY_GROUP}/v1beta1`;

/** CRD limits (maxItems) a draft must respect. */
export const MAX_RULES_PER_ROUTE = 16;
export const MAX_HOSTNAMES_PER_ROUTE = 16;
export const MAX_MATCHES_PER_RULE = 64;
export const MAX_MATCHES_PER_ROUTE = 128;
export const MAX_LISTENERS_PER_GATEWAY = 64;
export const MAX_CERTIFICATE_REFS = 64;

/** A Gateway API release, compared as [major, minor]. */
export type GatewayApiVersion = 'v1.0' | 'v1.1' | 'v1.2' | 'v1.4' | 'v1.5';

const ORDER: readonly GatewayApiVersion[] = ['v1.0', 'v1.1', 'v1.2', 'v1.4', 'v1.5'];

/** The later of two releases. */
export function laterVersion(a: GatewayApiVersion, b: GatewayApiVersion): GatewayApiVersion {
  return ORDER.indexOf(a) >= ORDER.indexOf(b) ? a : b;
}

/** What needs which release (gateway-api.md, "The minimum Gateway API version a draft needs"). */
export const NEEDS = {
  base: 'v1.0',
  grpcRoute: 'v1.1',
  timeouts: 'v1.2',
  backendTlsPolicy: 'v1.4',
  cors: 'v1.5',
  tlsRoute: 'v1.5',
  listenerSet: 'v1.5',
} as const satisfies Record<string, GatewayApiVersion>;

/** The annotation naming the Ingresses an object was drafted from. */
export const SOURCE_ANNOTATION = 'kubeward.io/source-ingress';

/** At most this much of `kubeward.io/source-ingress` (the API server allows 256 KiB for all annotations together). */
const SOURCE_ANNOTATION_MAX = 8 * 1024;

/**
 * The `kubeward.io/source-ingress` value: the sources, comma-separated, sorted; past 8 KiB the rest is counted
 * (`,+120 more`), since a shared Gateway can merge thousands and the full list is in the JSON record.
 */
export function sourceAnnotation(sources: Iterable<string>): Record<string, string> {
  const sorted = [...new Set(sources)].sort();
  let value = '';
  let i = 0;
  for (; i < sorted.length; i++) {
    const next = `${value}${i > 0 ? ',' : ''}${sorted[i]}`;
    if (next.length > SOURCE_ANNOTATION_MAX) break;
    value = next;
  }
  if (i < sorted.length) value += `,+${sorted.length - i} more`;
  return { [SOURCE_ANNOTATION]: value };
}

const DNS_LABEL_MAX = 63;
const DNS_SUBDOMAIN_MAX = 253;

/** `text` as a DNS label: lower case, [a-z0-9-], no leading or trailing '-'; '' when nothing is left. */
function labelChars(text: string): string {
  return text
    .toLowerCase()
    .replace(/\*/g, 'wildcard')
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
}

/** Cut to `max` characters, keeping it unique with a short hash of the whole when it had to be cut. */
function bounded(name: string, max: number): string {
  if (name.length <= max) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  return `${name.slice(0, max - 9).replace(/[-.]+$/, '')}-${hash}`;
}

/** An object name (DNS subdomain) from parts: `web` + `www.example.com` → `web-www.example.com`. */
export function objectName(...parts: readonly string[]): string {
  const joined = parts
    .map((p) =>
      p
        .toLowerCase()
        .replace(/\*/g, 'wildcard')
        .replace(/[^a-z0-9.-]+/g, '-')
        .replace(/^[-.]+|[-.]+$/g, ''),
    )
    .filter((p) => p !== '')
    .join('-');
  return bounded(joined === '' ? 'unnamed' : joined, DNS_SUBDOMAIN_MAX);
}

/**
 * A listener name (a DNS label, no dots): `https` + `www.example.com` → `https-www-example-com`; `unique` adds a
 * short hash of the host, for the host whose plain name another host took (`a-b.x` and `a.b.x`).
 */
export function listenerName(protocol: string, host: string, unique = false): string {
  const label = labelChars(host.replace(/\./g, '-'));
  const name = label === '' ? protocol : `${protocol}-${label}`;
  if (!unique) return bounded(name, DNS_LABEL_MAX);
  const hash = createHash('sha256').update(host).digest('hex').slice(0, 8);
  return `${name.slice(0, DNS_LABEL_MAX - 9).replace(/-+$/, '')}-${hash}`;
}

/** Names made unique within one namespace and kind: the second `web` becomes `web-2`. */
export class NameAllocator {
  readonly #taken = new Set<string>();

  take(kind: string, namespace: string, wanted: string): string {
    let name = wanted;
    for (let n = 2; this.#taken.has(`${kind}/${namespace}/${name}`); n++) {
      name = bounded(`${wanted}-${n}`, DNS_SUBDOMAIN_MAX);
    }
    this.#taken.add(`${kind}/${namespace}/${name}`);
    return name;
  }
}
