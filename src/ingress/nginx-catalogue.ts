/**
 * The ingress-nginx annotation catalogue (data in nginx-catalogue.gen.ts, generated from the research files by
 * scripts/gen-nginx-catalogue.mjs): the entry of each key, by name or by full key.
 */
import { INGRESS_NGINX_PREFIX } from './annotation-prefixes.js';
import { NGINX_ANNOTATIONS } from './nginx-catalogue.gen.js';

export type NginxRiskLevel = 'Critical' | 'High' | 'Medium' | 'Low';

export type NginxScope = 'location' | 'ingress';

export type NginxStatus = 'active' | 'alias' | 'removed';

/** The parser group in the controller source; `ssl-passthrough` stands in for that key's empty ("TBD") group. */
export type NginxGroup =
  | 'acl'
  | 'affinity'
  | 'alias'
  | 'authentication'
  | 'backend'
  | 'canary'
  | 'cors'
  | 'fastcgi'
  | 'http2'
  | 'log'
  | 'mirror'
  | 'modsecurity'
  | 'opentelemetry'
  | 'proxy'
  | 'rate-limit'
  | 'redirect'
  | 'rewrite'
  | 'snippets'
  | 'ssl-passthrough';

export type I2gStatus = 'translated' | 'partial' | 'emitter-specific' | 'recognized-not-converted' | 'not-recognized';

/** What values a key takes, as the controller's validator (and parser) checks them. */
export type NginxValueSpec =
  | { readonly kind: 'none' }
  | { readonly kind: 'snippet' }
  | { readonly kind: 'string' }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'size' }
  | { readonly kind: 'cidr-list' }
  | { readonly kind: 'status-list' }
  | { readonly kind: 'url' }
  | { readonly kind: 'path' }
  | {
      readonly kind: 'int';
      readonly unit: 'seconds' | null;
      readonly min: number | null;
      readonly max: number | null;
    }
  | { readonly kind: 'enum'; readonly values: readonly string[]; readonly caseSensitive: boolean };

export interface NginxAnnotation {
  /** Full key, with the prefix. */
  readonly key: string;
  /** The key without the prefix. */
  readonly name: string;
  readonly status: NginxStatus;
  /** null for removed keys. */
  readonly group: NginxGroup | null;
  readonly riskLevel: NginxRiskLevel | null;
  readonly scope: NginxScope | null;
  readonly value: NginxValueSpec;
  /** First controller version whose source has the key (`<=0.34.0`: the oldest tag read). */
  readonly since: string | null;
  readonly removedIn: string | null;
  /** For a legacy alias: the canonical name. */
  readonly aliasOf: string | null;
  /** For a canonical key: its legacy aliases. */
  readonly aliases: readonly string[];
  /** For a removed key: what to use instead, when the research names it. */
  readonly replacement: string | null;
  /** Ends in -snippet: raw nginx configuration, gated by allow-snippet-annotations. */
  readonly snippet: boolean;
  /** CVEs in which the key was the injection vector. */
  readonly cves: readonly string[];
  /** What ingress2gateway does with the key; `supported` = it produces standard Gateway API output. */
  readonly i2g: { readonly status: I2gStatus; readonly supported: boolean; readonly construct: string | null };
}

const BY_NAME: ReadonlyMap<string, NginxAnnotation> = new Map(NGINX_ANNOTATIONS.map((a) => [a.name, a]));
/** Names a typo can be corrected to: keys the controller reads today. */
export const LIVE_NGINX_NAMES: readonly string[] = NGINX_ANNOTATIONS.filter((a) => a.status !== 'removed').map(
  (a) => a.name,
);

/** The catalogue entry for a name without prefix (`rewrite-target`). */
export function nginxAnnotationByName(name: string): NginxAnnotation | undefined {
  return BY_NAME.get(name);
}

/**
 * The catalogue entry for a full key under `prefix` (the controller's annotation prefix, ending with `/`), or
 * undefined when it is not an ingress-nginx key the catalogue knows.
 */
export function nginxAnnotationByKey(key: string, prefix: string = INGRESS_NGINX_PREFIX): NginxAnnotation | undefined {
  return key.startsWith(prefix) ? BY_NAME.get(key.slice(prefix.length)) : undefined;
}
