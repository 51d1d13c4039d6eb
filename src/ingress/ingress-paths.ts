/**
 * The paths of an Ingress and how ingress-nginx matches them: regex mode (which `use-regex` or any `rewrite-target`
 * turns on for every location of a host), capture groups and their references, and canary Ingresses, which it merges
 * into the main Ingress of the same host and path.
 */
import { asArray, asObject, asString, type JsonPath, type K8sObject } from '../k8s/object.js';
import { INGRESS_NGINX_PREFIX } from './annotation-prefixes.js';
import { parseGoBool } from './nginx-values.js';

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

const USE_REGEX = 'use-regex';
const REWRITE_TARGET = 'rewrite-target';
/** `rewrite-target` under the default prefix; `${prefix}rewrite-target` under a controller's own. */
export const REWRITE_TARGET_KEY = `${INGRESS_NGINX_PREFIX}${REWRITE_TARGET}`;

/**
 * The annotation that puts the Ingress's hosts in regex mode: `use-regex` true, or any `rewrite-target` (ingress-nginx
 * then matches every location of the server by case-insensitive regex), under the controller's annotation prefix.
 */
export function regexModeKey(
  annotations: Readonly<Record<string, unknown>>,
  prefix: string = INGRESS_NGINX_PREFIX,
): string | undefined {
  const useRegexKey = `${prefix}${USE_REGEX}`;
  if (parseGoBool(annotations[useRegexKey]) === true) return useRegexKey;
  const targetKey = `${prefix}${REWRITE_TARGET}`;
  const target = annotations[targetKey];
  if (typeof target === 'string' && target !== '') return targetKey;
  return undefined;
}

/**
 * `regexModeKey` over an Ingress's keys by canonical name (`nginxKeysOf`, read under its controller's prefix): the
 * name of the key that puts its hosts in regex mode, if any.
 */
export function regexModeName(keys: ReadonlyMap<string, { readonly value: string }>): string | undefined {
  if (parseGoBool(keys.get(USE_REGEX)?.value) === true) return USE_REGEX;
  return (keys.get(REWRITE_TARGET)?.value ?? '') !== '' ? REWRITE_TARGET : undefined;
}

/**
 * A canary Ingress: ingress-nginx merges it into the main Ingress of the same host and path and ignores most of its
 * own annotations. `prefix` is the controller's annotation prefix.
 */
export function isCanary(
  annotations: Readonly<Record<string, unknown>>,
  prefix: string = INGRESS_NGINX_PREFIX,
): boolean {
  return parseGoBool(annotations[`${prefix}canary`]) === true;
}
