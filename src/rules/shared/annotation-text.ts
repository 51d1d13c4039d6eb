/** How the ingress-annotation rules phrase what they found. */
import { closestMatch } from '../../engine/suggest.js';
import { type ControllerPrefix, controllerPrefixOf, INGRESS_NGINX_PREFIX } from '../../ingress/annotation-prefixes.js';
import type { IngressControllerResolution } from '../../ingress/ingress-class.js';
import {
  LIVE_NGINX_NAMES,
  type NginxAnnotation,
  type NginxGroup,
  nginxAnnotationByKey,
} from '../../ingress/nginx-catalogue.js';

/** The known key nearest to an unknown name (`rewrite-targe` -> `rewrite-target`), if it is close enough. */
export function suggestNginxName(name: string): string | undefined {
  return closestMatch(name, LIVE_NGINX_NAMES);
}

/** A sentence to append to a finding when the controller was inferred rather than read from an IngressClass. */
export function confidenceNote(r: IngressControllerResolution): string {
  return r.confidence === 'high' ? '' : ` (ingress-nginx inferred with ${r.confidence} confidence: ${r.evidence}.)`;
}

/** Short, human names for the groups, as sprawl messages show them. */
const NGINX_GROUP_LABELS: Readonly<Record<NginxGroup, string>> = {
  acl: 'IP allow/deny lists',
  affinity: 'session affinity',
  alias: 'server aliases',
  authentication: 'auth',
  backend: 'proxy tuning',
  canary: 'canary',
  cors: 'CORS',
  fastcgi: 'FastCGI',
  http2: 'HTTP/2',
  log: 'logging',
  mirror: 'mirroring',
  modsecurity: 'ModSecurity WAF',
  opentelemetry: 'tracing',
  proxy: 'backend TLS',
  'rate-limit': 'rate limiting',
  redirect: 'redirects',
  rewrite: 'rewrites',
  snippets: 'snippets',
  'ssl-passthrough': 'TLS passthrough',
};

/** The group a key counts under in a sprawl breakdown: every snippet counts as a snippet, whatever its parser. */
function nginxGroupLabel(entry: NginxAnnotation | undefined): string {
  if (entry === undefined) return 'unknown keys';
  if (entry.snippet) return NGINX_GROUP_LABELS.snippets;
  if (entry.status === 'removed' || entry.group === null) return 'removed keys';
  return NGINX_GROUP_LABELS[entry.group];
}

/** Where the key goes on Gateway API, as one clause (no final period). */
export function gatewayApiFate(entry: NginxAnnotation): string {
  const { status, construct } = entry.i2g;
  if ((status === 'translated' || status === 'partial') && construct) {
    return `ingress2gateway converts it to ${construct}`;
  }
  if (status === 'emitter-specific' && construct) {
    return `standard Gateway API has no equivalent (ingress2gateway: ${construct})`;
  }
  if (status === 'recognized-not-converted') return 'ingress2gateway recognises it but does not convert it';
  return 'ingress2gateway does not convert it and standard Gateway API has no equivalent';
}

const STEM = /^([^.\-_]+)([.\-_])/;

/** The group of any controller key: the catalogue group for ingress-nginx, the first word of the name otherwise. */
function groupLabelOfKey(key: string, prefix: ControllerPrefix): string {
  if (prefix.controller === 'ingress-nginx') return nginxGroupLabel(nginxAnnotationByKey(key, prefix.prefix));
  const m = STEM.exec(key.slice(prefix.prefix.length));
  return m ? `${m[1]}${m[2]}*` : key.slice(prefix.prefix.length);
}

/**
 * "CORS (5), auth (3), canary (1)": how a set of controller keys splits into groups, largest first. `nginxPrefix` is
 * the prefix the Ingress's ingress-nginx controller reads (its `--annotations-prefix`).
 */
export function annotationGroupsText(keys: readonly string[], nginxPrefix: string = INGRESS_NGINX_PREFIX): string {
  const counts = new Map<string, number>();
  for (const key of keys) {
    const prefix = key.startsWith(nginxPrefix)
      ? { prefix: nginxPrefix, controller: 'ingress-nginx' as const }
      : controllerPrefixOf(key);
    if (prefix === undefined) continue;
    const label = groupLabelOfKey(key, prefix);
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([label, n]) => `${label} (${n})`)
    .join(', ');
}
