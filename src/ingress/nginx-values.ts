/** Annotation values as the ingress-nginx controller's validators and parsers read them, per value kind. */
import type { NginxValueSpec } from './nginx-catalogue.js';

const GO_TRUE: ReadonlySet<string> = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const GO_FALSE: ReadonlySet<string> = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);
/** strconv.ParseBool, which the controller's boolean validator and parser use. */
const GO_BOOLEANS: ReadonlySet<string> = new Set([...GO_TRUE, ...GO_FALSE]);

/** A value as strconv.ParseBool reads it (surrounding space trimmed, as the parser does); undefined when invalid. */
export function parseGoBool(value: unknown): boolean | undefined {
  if (typeof value !== 'string') return undefined;
  const v = value.trim();
  return GO_TRUE.has(v) ? true : GO_FALSE.has(v) ? false : undefined;
}
const GO_INT = /^[+-]?\d+$/;
const NGINX_SIZE = /^\d+[bkmg]?$/i;
const STATUS_CODE = /^[45]\d\d$/;
const HTTP_URL = /^https?:\/\/[^\s/?#]+/i;
const CIDR_SUFFIX = /^(.*)\/(\d{1,3})$/;
const UNIT_SUFFIX = /^[+-]?\d+(?:\.\d+)?\s*[a-z]+$/i;

/** net.isIP, node:net loaded on first use: most lints never read an address list, and loading it costs start-up. */
function isIP(text: string): number {
  return process.getBuiltinModule('node:net').isIP(text);
}

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
