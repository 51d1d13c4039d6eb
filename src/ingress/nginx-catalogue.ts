/**
 * The ingress-nginx annotation catalogue (data in nginx-catalogue.gen.ts, generated from the research files by
 * scripts/gen-nginx-catalogue.mjs) and typed helpers over it: lookups, group names, value checks per kind, nearest-key
 * suggestions, the annotation prefixes of other controllers, and a per-index cache of the Ingress controller resolver.
 */

import { isIP } from 'node:net';
import type { ObjectLookup } from '../k8s/lookup.js';
import { ObjectMemo } from '../k8s/memo.js';
import type { JsonPath, K8sObject } from '../k8s/object.js';
import { asArray, asObject, asString, isObject } from '../k8s/object.js';
import { INGRESS_NGINX_PREFIX, type IngressControllerResolution, resolveIngressController } from './ingress-class.js';
import { NGINX_ANNOTATIONS } from './nginx-catalogue.gen.js';

export { INGRESS_NGINX_PREFIX };

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
export type NginxValueKind = NginxValueSpec['kind'];

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

export { NGINX_ANNOTATIONS };

const BY_NAME: ReadonlyMap<string, NginxAnnotation> = new Map(NGINX_ANNOTATIONS.map((a) => [a.name, a]));
/** Names a typo can be corrected to: keys the controller reads today. */
export const LIVE_NGINX_NAMES: readonly string[] = NGINX_ANNOTATIONS.filter((a) => a.status !== 'removed').map(
  (a) => a.name,
);

/** The catalogue entry for a name without prefix (`rewrite-target`). */
export function nginxAnnotationByName(name: string): NginxAnnotation | undefined {
  return BY_NAME.get(name);
}

/** The catalogue entry for a full key, or undefined when it is not an ingress-nginx key the catalogue knows. */
export function nginxAnnotationByKey(key: string): NginxAnnotation | undefined {
  return key.startsWith(INGRESS_NGINX_PREFIX) ? BY_NAME.get(key.slice(INGRESS_NGINX_PREFIX.length)) : undefined;
}

/** Short, human names for the groups, as sprawl messages show them. */
export const NGINX_GROUP_LABELS: Readonly<Record<NginxGroup, string>> = {
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
export function nginxGroupLabel(entry: NginxAnnotation | undefined): string {
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

// ---- values ---------------------------------------------------------------------------------------------------

/** strconv.ParseBool, which the controller's boolean validator and parser use. */
const GO_BOOLEANS: ReadonlySet<string> = new Set([
  '1',
  't',
  'T',
  'TRUE',
  'true',
  'True',
  '0',
  'f',
  'F',
  'FALSE',
  'false',
  'False',
]);
const GO_INT = /^[+-]?\d+$/;
const NGINX_SIZE = /^\d+[bkmg]?$/i;
const STATUS_CODE = /^[45]\d\d$/;
const HTTP_URL = /^https?:\/\/[^\s/?#]+/i;
const CIDR_SUFFIX = /^(.*)\/(\d{1,3})$/;
const UNIT_SUFFIX = /^[+-]?\d+(?:\.\d+)?\s*[a-z]+$/i;

function isIpOrCidr(entry: string): boolean {
  const m = CIDR_SUFFIX.exec(entry);
  if (m === null) return isIP(entry) !== 0;
  const family = isIP(m[1] ?? '');
  const bits = Number(m[2]);
  return (family === 4 && bits <= 32) || (family === 6 && bits <= 128);
}

function intProblem(spec: Extract<NginxValueSpec, { kind: 'int' }>, v: string): NginxValueProblem | undefined {
  if (!GO_INT.test(v)) {
    if (spec.unit === 'seconds' && UNIT_SUFFIX.test(v)) return rejected('takes a whole number of seconds with no unit');
    return rejected(spec.unit === 'seconds' ? 'is not a whole number of seconds' : 'is not an integer');
  }
  const n = Number(v);
  if ((spec.min !== null && n < spec.min) || (spec.max !== null && n > spec.max)) {
    return { reason: `is outside ${spec.min ?? '-∞'}-${spec.max ?? '∞'}`, effect: 'defaulted' };
  }
  return undefined;
}

function listProblem(value: string, valid: (item: string) => boolean, what: [string, string]): string | undefined {
  const bad = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => !valid(s));
  if (bad.length === 0) return undefined;
  const shown = bad.map((b) => (b === '' ? 'an empty entry' : `"${b}"`)).join(', ');
  return bad.length === 1 ? `has ${shown}, which is not ${what[0]}` : `has ${shown}, which are not ${what[1]}`;
}

/**
 * What the controller does with a bad value: `rejected` by the key's validator (ingress-nginx v1.12+ validates by
 * default and then refuses the whole Ingress; older controllers ignore the value), `ignored` by its parser,
 * `defaulted` (read, then replaced by the default), or `literal` (used as written, which is not what was meant).
 */
export type NginxValueEffect = 'rejected' | 'ignored' | 'defaulted' | 'literal';

export interface NginxValueProblem {
  /** A clause about the value: "is not a boolean ("true" or "false")". */
  readonly reason: string;
  readonly effect: NginxValueEffect;
}

const rejected = (reason: string | undefined): NginxValueProblem | undefined =>
  reason === undefined ? undefined : { reason, effect: 'rejected' };

/** Why the controller would reject or misread `value` for a key of this kind; undefined when it is fine. */
export function nginxValueProblem(spec: NginxValueSpec, value: string): NginxValueProblem | undefined {
  const v = value.trim();
  switch (spec.kind) {
    case 'boolean':
      return rejected(GO_BOOLEANS.has(v) ? undefined : 'is not a boolean ("true" or "false")');
    case 'int':
      return intProblem(spec, v);
    case 'size':
      return rejected(NGINX_SIZE.test(v) ? undefined : 'is not an nginx size (a number with an optional k, m or g)');
    case 'cidr-list':
      return rejected(listProblem(value, isIpOrCidr, ['an IP address or CIDR', 'IP addresses or CIDRs']));
    case 'status-list':
      return rejected(
        listProblem(value, (s) => STATUS_CODE.test(s), ['a 4xx or 5xx status code', '4xx or 5xx status codes']),
      );
    case 'enum':
      return rejected(enumProblem(spec, v));
    case 'url':
      return HTTP_URL.test(v) ? undefined : { reason: 'is not an absolute http(s) URL', effect: 'ignored' };
    case 'path':
      return v === 'true' || v === 'false'
        ? { reason: 'is a boolean where a path is expected', effect: 'literal' }
        : undefined;
    default:
      return undefined;
  }
}

function enumProblem(spec: Extract<NginxValueSpec, { kind: 'enum' }>, v: string): string | undefined {
  const ok = spec.caseSensitive
    ? spec.values.includes(v)
    : spec.values.some((x) => x.toLowerCase() === v.toLowerCase());
  if (ok) return undefined;
  const list = spec.values.map((x) => `"${x}"`).join(', ');
  return spec.values.length === 1 ? `is not ${list}` : `is not one of ${list}`;
}

// ---- other controllers ----------------------------------------------------------------------------------------

export type AnnotationController =
  | 'ingress-nginx'
  | 'f5-nginx'
  | 'traefik'
  | 'haproxy'
  | 'haproxy-ingress'
  | 'openshift-router'
  | 'aws-alb'
  | 'gce'
  | 'kong'
  | 'contour'
  | 'azure-agic'
  | 'emissary'
  | 'skipper'
  | 'apisix';

export interface ControllerPrefix {
  /** Ends with `/`. */
  readonly prefix: string;
  readonly controller: AnnotationController;
}

/** Annotation prefixes read by Ingress controllers. cert-manager.io/ and similar add-ons are not controllers. */
export const CONTROLLER_PREFIXES: readonly ControllerPrefix[] = [
  { prefix: INGRESS_NGINX_PREFIX, controller: 'ingress-nginx' },
  { prefix: 'nginx.org/', controller: 'f5-nginx' },
  { prefix: 'nginx.com/', controller: 'f5-nginx' },
  { prefix: 'appprotect.f5.com/', controller: 'f5-nginx' },
  { prefix: 'appprotectdos.f5.com/', controller: 'f5-nginx' },
  { prefix: 'traefik.ingress.kubernetes.io/', controller: 'traefik' },
  { prefix: 'haproxy.org/', controller: 'haproxy' },
  { prefix: 'haproxy-ingress.github.io/', controller: 'haproxy-ingress' },
  { prefix: 'haproxy.router.openshift.io/', controller: 'openshift-router' },
  { prefix: 'router.openshift.io/', controller: 'openshift-router' },
  { prefix: 'alb.ingress.kubernetes.io/', controller: 'aws-alb' },
  { prefix: 'ingress.gcp.kubernetes.io/', controller: 'gce' },
  { prefix: 'networking.gke.io/', controller: 'gce' },
  { prefix: 'konghq.com/', controller: 'kong' },
  { prefix: 'projectcontour.io/', controller: 'contour' },
  { prefix: 'appgw.ingress.kubernetes.io/', controller: 'azure-agic' },
  { prefix: 'getambassador.io/', controller: 'emissary' },
  { prefix: 'zalando.org/', controller: 'skipper' },
  { prefix: 'k8s.apisix.apache.org/', controller: 'apisix' },
];

export const CONTROLLER_LABELS: Readonly<Record<AnnotationController, string>> = {
  'ingress-nginx': 'ingress-nginx',
  'f5-nginx': 'F5 NGINX Ingress Controller',
  traefik: 'Traefik',
  haproxy: 'HAProxy Kubernetes Ingress Controller',
  'haproxy-ingress': 'HAProxy Ingress',
  'openshift-router': 'the OpenShift router (HAProxy)',
  'aws-alb': 'AWS Load Balancer Controller',
  gce: 'GKE Ingress',
  kong: 'Kong',
  contour: 'Contour',
  'azure-agic': 'Azure Application Gateway Ingress Controller',
  emissary: 'Emissary-ingress',
  skipper: 'Skipper',
  apisix: 'Apache APISIX',
};

const PREFIX_TABLE: ReadonlyMap<string, ControllerPrefix> = new Map(CONTROLLER_PREFIXES.map((p) => [p.prefix, p]));

/** The controller prefix a key is under (`traefik.ingress.kubernetes.io/router.tls` -> Traefik), if any. */
export function controllerPrefixOf(key: string): ControllerPrefix | undefined {
  const slash = key.indexOf('/');
  return slash < 0 ? undefined : PREFIX_TABLE.get(key.slice(0, slash + 1));
}

// ---- Ingress helpers ------------------------------------------------------------------------------------------

/** The raw annotations map (values as loaded: a non-string value is kept, so rules can report it). */
export function rawAnnotations(object: K8sObject): Readonly<Record<string, unknown>> {
  const a = object.metadata?.annotations;
  return isObject(a) ? a : {};
}

const resolutions = new ObjectMemo<ObjectLookup, ObjectMemo<K8sObject, IngressControllerResolution>>();

/** resolveIngressController, computed once per Ingress and index (several rules ask for each Ingress). */
export function ingressControllerOf(ingress: K8sObject, index: ObjectLookup): IngressControllerResolution {
  let perIndex = resolutions.get(index);
  if (perIndex === undefined) {
    perIndex = new ObjectMemo();
    resolutions.set(index, perIndex);
  }
  let r = perIndex.get(ingress);
  if (r === undefined) {
    r = resolveIngressController(ingress, index);
    perIndex.set(ingress, r);
  }
  return r;
}

/** The resolution when ingress-nginx serves the Ingress (the deep checks run only then), else undefined. */
export function ingressNginxServing(ingress: K8sObject, index: ObjectLookup): IngressControllerResolution | undefined {
  const r = ingressControllerOf(ingress, index);
  return r.controller === 'ingress-nginx' ? r : undefined;
}

/** A sentence to append to a finding when the controller was inferred rather than read from an IngressClass. */
export function confidenceNote(r: IngressControllerResolution): string {
  return r.confidence === 'high' ? '' : ` (ingress-nginx inferred with ${r.confidence} confidence: ${r.evidence}.)`;
}

/** `namespace/name` of an object, as messages name other Ingresses. */
export function refText(object: K8sObject, index: ObjectLookup): string {
  return `${index.namespaceOf(object)}/${String(object.metadata?.name ?? '(unnamed)')}`;
}

const WHITESPACE = /\s+/g;
const MAX_QUOTED = 80;

/** An annotation value for a message: JSON-quoted, on one line, cut at 80 characters. */
export function quoteValue(value: unknown): string {
  const oneLine = (typeof value === 'string' ? value : String(value)).replace(WHITESPACE, ' ').trim();
  return JSON.stringify(oneLine.length > MAX_QUOTED ? `${oneLine.slice(0, MAX_QUOTED - 1)}…` : oneLine);
}

/** Up to `max` items joined for a sentence ("a, b and 2 more"). */
export function listText(items: readonly string[], max = 3): string {
  if (items.length <= 1) return items[0] ?? '';
  if (items.length <= max) return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

const STEM = /^([^.\-_]+)([.\-_])/;

/** The group of any controller key: the catalogue group for ingress-nginx, the first word of the name otherwise. */
function groupLabelOfKey(key: string, prefix: ControllerPrefix): string {
  if (prefix.controller === 'ingress-nginx') return nginxGroupLabel(nginxAnnotationByKey(key));
  const m = STEM.exec(key.slice(prefix.prefix.length));
  return m ? `${m[1]}${m[2]}*` : key.slice(prefix.prefix.length);
}

/** "CORS (5), auth (3), canary (1)": how a set of controller keys splits into groups, largest first. */
export function annotationGroupsText(keys: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const key of keys) {
    const prefix = controllerPrefixOf(key);
    if (prefix === undefined) continue;
    const label = groupLabelOfKey(key, prefix);
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([label, n]) => `${label} (${n})`)
    .join(', ');
}

// ---- paths and regex mode -------------------------------------------------------------------------------------

export interface IngressPath {
  /** '' for a rule without host (the controller's default server). */
  readonly host: string;
  readonly path: string;
  readonly pathType: string | undefined;
  /** Path of the `path` field, for findings. */
  readonly at: JsonPath;
}

/** Every spec.rules[].http.paths[] entry that has a path. */
export function ingressPaths(ingress: K8sObject): IngressPath[] {
  const out: IngressPath[] = [];
  const rules = asArray(asObject(ingress.spec)?.rules);
  for (let i = 0; i < rules.length; i++) {
    const rule = asObject(rules[i]);
    const host = asString(rule?.host) ?? '';
    const paths = asArray(asObject(rule?.http)?.paths);
    for (let j = 0; j < paths.length; j++) {
      const p = asObject(paths[j]);
      const path = asString(p?.path);
      if (path === undefined) continue;
      out.push({ host, path, pathType: asString(p?.pathType), at: ['spec', 'rules', i, 'http', 'paths', j, 'path'] });
    }
  }
  return out;
}

const REGEX_META = /[\^$*+?()[\]{}|\\]/;
const NAMED_GROUP = /^\?(?:P?<[A-Za-z_]|')/;

/** A path that only makes sense as a regular expression (`.` alone is common in plain paths and does not count). */
export function looksLikeRegex(path: string): boolean {
  return REGEX_META.test(path);
}

/** Number of capturing groups in a PCRE pattern: `(`, `(?<name>`, `(?P<name>`, `(?'name'`; not `(?:`, lookarounds. */
export function captureGroupCount(pattern: string): number {
  let n = 0;
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
    } else if (c === '[') {
      inClass = true;
      if (pattern[i + 1] === ']') i++;
    } else if (c === '(') {
      if (pattern[i + 1] !== '?') n++;
      else if (NAMED_GROUP.test(pattern.slice(i + 1, i + 4))) n++;
    }
  }
  return n;
}

const CAPTURE_REF = /\$\{?([1-9])/g;

/** The highest `$N` (or `${N}`) capture reference in a rewrite target; 0 when there is none. */
export function maxCaptureRef(target: string): number {
  let max = 0;
  for (const m of target.matchAll(CAPTURE_REF)) max = Math.max(max, Number(m[1]));
  return max;
}

export const USE_REGEX_KEY = `${INGRESS_NGINX_PREFIX}use-regex`;
export const REWRITE_TARGET_KEY = `${INGRESS_NGINX_PREFIX}rewrite-target`;
const GO_TRUE: ReadonlySet<string> = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);

/**
 * The annotation that puts the Ingress's hosts in regex mode: `use-regex` true, or any `rewrite-target` (ingress-nginx
 * then matches every location of the server by case-insensitive regex).
 */
export function regexModeKey(annotations: Readonly<Record<string, unknown>>): string | undefined {
  const useRegex = annotations[USE_REGEX_KEY];
  if (typeof useRegex === 'string' && GO_TRUE.has(useRegex.trim())) return USE_REGEX_KEY;
  const target = annotations[REWRITE_TARGET_KEY];
  if (typeof target === 'string' && target !== '') return REWRITE_TARGET_KEY;
  return undefined;
}

export const CANARY_KEY = `${INGRESS_NGINX_PREFIX}canary`;

/**
 * A canary Ingress: ingress-nginx merges it into the main Ingress of the same host and path and ignores most of its
 * own annotations.
 */
export function isCanary(annotations: Readonly<Record<string, unknown>>): boolean {
  const v = annotations[CANARY_KEY];
  return typeof v === 'string' && GO_TRUE.has(v.trim());
}
