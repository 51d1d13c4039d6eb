/**
 * What ingress-nginx reads from a canary Ingress's own annotations: the canary keys, and what shapes the canary's
 * upstream (balancing, consistent hashing, session affinity). `service-upstream` decides how the canary's upstream
 * is addressed. Everything else comes from the main Ingress of the same host and path (controller.go
 * createUpstreams and mergeAlternativeBackends).
 */
import type { NginxAnnotation } from './nginx-catalogue.js';

const READ_ON_CANARY: ReadonlySet<string> = new Set([
  'load-balance',
  'upstream-hash-by',
  'upstream-hash-by-subset',
  'upstream-hash-by-subset-size',
  'service-upstream',
]);

/** Whether ingress-nginx reads the key on a canary Ingress. */
export function readOnCanary(entry: NginxAnnotation): boolean {
  return entry.group === 'canary' || entry.group === 'affinity' || READ_ON_CANARY.has(entry.name);
}
