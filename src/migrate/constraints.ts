/**
 * The Gateway API v1.6.1 standard-channel rules a generated object can break and a JSON Schema cannot see: the CRDs'
 * CEL rules (`x-kubernetes-validations`), checked here by code, with no CEL library. The API server evaluates them
 * after defaulting, so the defaults they depend on (a backendRef's kind Service, a parentRef's kind Gateway, a rule's
 * PathPrefix "/" match, a listener's TLS mode Terminate) are applied here too. Each check's comment quotes the CEL
 * rule's message (`CEL: "…"`); test/migrate/constraints.test.ts checks that every rule of the CRDs is quoted, but
 * GatewayClass's "Value is immutable" (an update rule) and the status rules. ReferenceGrant has no CEL rule.
 * Also checked: the list limits (maxItems) a translator fills up (rules, hostnames, matches, listeners), which the
 * schema has but nothing in src/ validates, and an HTTPS listener without tls, which its field documentation forbids.
 * Messages are "<json path>: <what is wrong>".
 */
import { isIP } from 'node:net';
import { asArray, asObject, asString, type JsonObject, type JsonPath, type K8sObject } from '../k8s/object.js';

const GROUP = 'gateway.networking.k8s.io';

/** A path as the reports show it: `spec.rules[0].filters[1]`, `spec.infrastructure.labels["a/b"]`. */
function pathText(path: JsonPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

function at(path: JsonPath, message: string): string {
  return `${pathText(path)}: ${message}`;
}

/** CEL's `has()`: the field is there (a null is pruned before validation, so it is not). */
function has(object: JsonObject, field: string): boolean {
  return object[field] !== undefined && object[field] !== null;
}

/** `has(x.f) && x.f != ''`: CEL rules treat an empty string like an absent field. */
function nonEmpty(object: JsonObject, field: string): boolean {
  return has(object, field) && object[field] !== '';
}

interface Item {
  readonly value: JsonObject;
  readonly path: JsonPath;
}

/** The objects in the list `parent[field]`, each with its path (`path` is the parent's). */
function itemsAt(parent: JsonObject | undefined, field: string, path: JsonPath): Item[] {
  const out: Item[] = [];
  asArray(parent?.[field]).forEach((entry, index) => {
    const value = asObject(entry);
    if (value !== undefined) out.push({ value, path: [...path, field, index] });
  });
  return out;
}

/** For each item whose key an earlier item has: the item and the earlier one's index in the list. */
function repeats(items: readonly Item[], keyOf: (item: JsonObject) => string | undefined): [Item, number][] {
  const first = new Map<string, number>();
  const out: [Item, number][] = [];
  items.forEach((item, index) => {
    const key = keyOf(item.value);
    if (key === undefined) return;
    const earlier = first.get(key);
    if (earlier === undefined) first.set(key, index);
    else out.push([item, earlier]);
  });
  return out;
}

function lastIndex(path: JsonPath): string {
  return String(path[path.length - 1]);
}

/** A list limit of the schema (maxItems). */
function limit(parent: JsonObject | undefined, field: string, path: JsonPath, max: number): string[] {
  const size = asArray(parent?.[field]).length;
  return size > max ? [at([...path, field], `${size} entries; the CRD allows at most ${max}`)] : [];
}

// ---------------------------------------------------------------------------------------------------------------
// References

/** Which object a reference names, with the CRD's defaults for group and kind; namespace '' is no namespace. */
function refIdentity(ref: JsonObject, group: string, kind: string, withNamespace: boolean): string {
  const g = asString(ref.group) ?? group;
  const k = asString(ref.kind) ?? kind;
  const ns = withNamespace ? (asString(ref.namespace) ?? '') : '';
  return JSON.stringify([g, k, asString(ref.name) ?? '', ns]);
}

/**
 * Several references to one parent (a route's parentRefs) or target (a policy's targetRefs) must each name a
 * section, and different ones; the port of a parentRef plays no part in these rules.
 */
function sectionRules(refs: readonly Item[], identity: (ref: JsonObject) => string, noun: string): string[] {
  const out: string[] = [];
  const sectionOf = (ref: JsonObject): string => (nonEmpty(ref, 'sectionName') ? String(ref.sectionName) : '');
  for (const [item, earlier] of repeats(refs, identity)) {
    const others = refs.filter((r) => identity(r.value) === identity(item.value));
    // CEL: "sectionName must be specified when parentRefs includes 2 or more references to the same parent"
    // CEL: "sectionName must be specified when targetRefs includes 2 or more references to the same target"
    if (others.some((r) => (sectionOf(r.value) === '') !== (sectionOf(item.value) === ''))) {
      out.push(at(item.path, `the same ${noun} as ${noun}Refs[${earlier}]: each reference to it needs a sectionName`));
    }
  }
  // CEL: "sectionName must be unique when parentRefs includes 2 or more references to the same parent"
  // CEL: "sectionName must be unique when targetRefs includes 2 or more references to the same target"
  for (const [item, earlier] of repeats(refs, (ref) => JSON.stringify([identity(ref), sectionOf(ref)]))) {
    const section = sectionOf(item.value);
    const what = section === '' ? 'without a sectionName' : `with sectionName ${section}`;
    out.push(at(item.path, `the same ${noun} as ${noun}Refs[${earlier}], ${what} too`));
  }
  return out;
}

function parentRefRules(spec: JsonObject | undefined): string[] {
  const refs = itemsAt(spec, 'parentRefs', ['spec']);
  return sectionRules(refs, (ref) => refIdentity(ref, GROUP, 'Gateway', true), 'parent');
}

/** A backendRef (or a mirror's backendRef) to a Service: the port is required. */
function servicePortRule(ref: JsonObject, path: JsonPath): string[] {
  const group = asString(ref.group) ?? '';
  const kind = asString(ref.kind) ?? 'Service';
  // CEL: "Must have port for Service reference"
  return group === '' && kind === 'Service' && !has(ref, 'port') ? [at(path, 'a Service backendRef needs a port')] : [];
}

// ---------------------------------------------------------------------------------------------------------------
// Route filters (HTTPRoute and GRPCRoute)

interface FilterKind {
  /** The filter's `type`. */
  readonly type: string;
  /** The field that holds its configuration. */
  readonly field: string;
  /** At most one per list. */
  readonly single: boolean;
}

/** HTTPRoute's filter types (standard channel). RequestMirror and ExtensionRef may repeat. */
const HTTP_FILTERS: readonly FilterKind[] = [
  // CEL: "filter.requestHeaderModifier must be nil if the filter.type is not RequestHeaderModifier"
  // CEL: "filter.requestHeaderModifier must be specified for RequestHeaderModifier filter.type"
  // CEL: "RequestHeaderModifier filter cannot be repeated"
  { type: 'RequestHeaderModifier', field: 'requestHeaderModifier', single: true },
  // CEL: "filter.responseHeaderModifier must be nil if the filter.type is not ResponseHeaderModifier"
  // CEL: "filter.responseHeaderModifier must be specified for ResponseHeaderModifier filter.type"
  // CEL: "ResponseHeaderModifier filter cannot be repeated"
  { type: 'ResponseHeaderModifier', field: 'responseHeaderModifier', single: true },
  // CEL: "filter.requestMirror must be nil if the filter.type is not RequestMirror"
  // CEL: "filter.requestMirror must be specified for RequestMirror filter.type"
  { type: 'RequestMirror', field: 'requestMirror', single: false },
  // CEL: "filter.requestRedirect must be nil if the filter.type is not RequestRedirect"
  // CEL: "filter.requestRedirect must be specified for RequestRedirect filter.type"
  // CEL: "RequestRedirect filter cannot be repeated"
  { type: 'RequestRedirect', field: 'requestRedirect', single: true },
  // CEL: "filter.urlRewrite must be nil if the filter.type is not URLRewrite"
  // CEL: "filter.urlRewrite must be specified for URLRewrite filter.type"
  // CEL: "URLRewrite filter cannot be repeated"
  { type: 'URLRewrite', field: 'urlRewrite', single: true },
  // CEL: "filter.extensionRef must be nil if the filter.type is not ExtensionRef"
  // CEL: "filter.extensionRef must be specified for ExtensionRef filter.type"
  { type: 'ExtensionRef', field: 'extensionRef', single: false },
  // CEL: "filter.cors must be nil if the filter.type is not CORS"
  // CEL: "filter.cors must be specified for CORS filter.type"
  // CEL: "CORS filter cannot be repeated"
  { type: 'CORS', field: 'cors', single: true },
];

/** GRPCRoute's filter types: the same rules for the four it has. */
const GRPC_FILTERS: readonly FilterKind[] = HTTP_FILTERS.filter((f) =>
  ['RequestHeaderModifier', 'ResponseHeaderModifier', 'RequestMirror', 'ExtensionRef'].includes(f.type),
);

/** One filter's type and configuration field agree. */
function filterFieldRules(filter: Item, kinds: readonly FilterKind[]): string[] {
  const type = asString(filter.value.type);
  const out: string[] = [];
  for (const kind of kinds) {
    if (has(filter.value, kind.field) && type !== kind.type) {
      out.push(
        at([...filter.path, kind.field], `set on a filter of type ${type ?? '(none)'}; only ${kind.type} has it`),
      );
    }
    if (!has(filter.value, kind.field) && type === kind.type) {
      out.push(at(filter.path, `a ${kind.type} filter without its ${kind.field} field`));
    }
  }
  return out;
}

/** `self.filter(f, f.type == T).size() <= 1`, and redirect and rewrite not together, in one list of filters. */
function filterListRules(filters: readonly Item[], kinds: readonly FilterKind[]): string[] {
  const out: string[] = [];
  for (const kind of kinds.filter((k) => k.single)) {
    const same = filters.filter((f) => f.value.type === kind.type);
    for (const extra of same.slice(1)) {
      out.push(
        at(extra.path, `a second ${kind.type} filter (the first is filters[${lastIndex(same[0]?.path ?? [])}])`),
      );
    }
  }
  const redirect = filters.find((f) => f.value.type === 'RequestRedirect');
  const rewrite = filters.find((f) => f.value.type === 'URLRewrite');
  // CEL: "May specify either httpRouteFilterRequestRedirect or httpRouteFilterRequestRewrite, but not both"
  // (HTTPRoute only: GRPCRoute has neither filter.)
  if (redirect !== undefined && rewrite !== undefined && kinds.some((k) => k.type === 'URLRewrite')) {
    out.push(at(rewrite.path, `a URLRewrite and a RequestRedirect (filters[${lastIndex(redirect.path)}]) together`));
  }
  return out;
}

/** A redirect's or rewrite's path modifier: its type and its value field agree. */
function pathModifierRules(modifier: JsonObject, path: JsonPath): string[] {
  const type = asString(modifier.type);
  const out: string[] = [];
  for (const field of ['replaceFullPath', 'replacePrefixMatch']) {
    const wanted = field === 'replaceFullPath' ? 'ReplaceFullPath' : 'ReplacePrefixMatch';
    // CEL: "replaceFullPath must be specified when type is set to 'ReplaceFullPath'"
    // CEL: "replacePrefixMatch must be specified when type is set to 'ReplacePrefixMatch'"
    if (type === wanted && !has(modifier, field)) out.push(at(path, `type ${wanted} without ${field}`));
    // CEL: "type must be 'ReplaceFullPath' when replaceFullPath is set"
    // CEL: "type must be 'ReplacePrefixMatch' when replacePrefixMatch is set"
    if (type !== wanted && has(modifier, field))
      out.push(at([...path, field], `set, but the type is ${type ?? '(none)'}`));
  }
  return out;
}

/** A CORS filter's lists: '*' stands alone. */
function corsRules(cors: JsonObject, path: JsonPath): string[] {
  const out: string[] = [];
  // CEL: "AllowOrigins cannot contain '*' alongside other origins"
  // CEL: "AllowMethods cannot contain '*' alongside other methods"
  // CEL: "AllowHeaders cannot contain '*' alongside other methods"
  for (const field of ['allowOrigins', 'allowMethods', 'allowHeaders']) {
    const list = asArray(cors[field]);
    if (list.includes('*') && list.length > 1) out.push(at([...path, field], `'*' together with other values`));
  }
  return out;
}

/** A RequestMirror filter: one of percent and fraction, a fraction not above 1, a Service backend with a port. */
function mirrorRules(mirror: JsonObject, path: JsonPath): string[] {
  const out: string[] = [];
  // CEL: "Only one of percent or fraction may be specified in HTTPRequestMirrorFilter"
  if (has(mirror, 'percent') && has(mirror, 'fraction')) out.push(at(path, 'both percent and fraction'));
  const fraction = asObject(mirror.fraction);
  if (fraction !== undefined) {
    const numerator = typeof fraction.numerator === 'number' ? fraction.numerator : undefined;
    const denominator = typeof fraction.denominator === 'number' ? fraction.denominator : 100;
    // CEL: "numerator must be less than or equal to denominator"
    if (numerator !== undefined && numerator > denominator) {
      out.push(at([...path, 'fraction'], `numerator ${numerator} above denominator ${denominator}`));
    }
  }
  const backend = asObject(mirror.backendRef);
  if (backend !== undefined) out.push(...servicePortRule(backend, [...path, 'backendRef']));
  return out;
}

/** Everything about one list of filters (a rule's, or a backendRef's). */
function filtersRules(filters: readonly Item[], kinds: readonly FilterKind[]): string[] {
  const out = filterListRules(filters, kinds);
  for (const filter of filters) {
    out.push(...filterFieldRules(filter, kinds));
    const { value, path } = filter;
    for (const field of ['requestRedirect', 'urlRewrite']) {
      const modifier = asObject(asObject(value[field])?.path);
      if (modifier !== undefined) out.push(...pathModifierRules(modifier, [...path, field, 'path']));
    }
    const cors = asObject(value.cors);
    if (cors !== undefined) out.push(...corsRules(cors, [...path, 'cors']));
    const mirror = asObject(value.requestMirror);
    if (mirror !== undefined) out.push(...mirrorRules(mirror, [...path, 'requestMirror']));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// HTTPRoute

/** The path a match takes after defaulting: PathPrefix "/" unless it says otherwise. */
function matchPath(match: JsonObject): { type: string; value: string } {
  const path = asObject(match.path);
  return { type: asString(path?.type) ?? 'PathPrefix', value: asString(path?.value) ?? '/' };
}

/** A rule's matches after defaulting: no matches is one PathPrefix "/" match. */
function ruleMatches(rule: JsonObject): readonly unknown[] {
  return has(rule, 'matches') ? asArray(rule.matches) : [{}];
}

/** `has(f.<field>) && has(f.<field>.path) && f.<field>.path.type == 'ReplacePrefixMatch' && has(...replacePrefixMatch)` */
function replacesPrefix(filter: unknown, field: string): boolean {
  const modifier = asObject(asObject(asObject(filter)?.[field])?.path);
  return modifier?.type === 'ReplacePrefixMatch' && has(modifier, 'replacePrefixMatch');
}

/** A prefix replacement needs exactly one match, a PathPrefix one (the prefix it replaces). */
function prefixMatchRules(rule: JsonObject, path: JsonPath): string[] {
  const matches = ruleMatches(rule);
  const first = asObject(matches[0]);
  const onePrefix = matches.length === 1 && first !== undefined && matchPath(first).type === 'PathPrefix';
  if (onePrefix) return [];
  const filters = asArray(rule.filters);
  const backendFilters = asArray(rule.backendRefs).map((b) => asObject(b)?.filters);
  // The CRD's rules use exists_one: they apply when exactly one filter (or one backendRef) replaces a prefix.
  const exactlyOne = (list: readonly unknown[], test: (x: unknown) => boolean): boolean =>
    list.filter(test).length === 1;
  const out: string[] = [];
  const why = `ReplacePrefixMatch needs exactly one match, of type PathPrefix (the rule has ${matches.length})`;
  // CEL: "When using RequestRedirect filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified"
  // CEL: "When using URLRewrite filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified"
  for (const field of ['requestRedirect', 'urlRewrite']) {
    if (exactlyOne(filters, (f) => replacesPrefix(f, field))) out.push(at([...path, 'matches'], `${field}: ${why}`));
  }
  // CEL: "Within backendRefs, when using RequestRedirect filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified"
  // CEL: "Within backendRefs, When using URLRewrite filter with path.replacePrefixMatch, exactly one PathPrefix match must be specified"
  for (const field of ['requestRedirect', 'urlRewrite']) {
    const inBackend = (list: unknown): boolean => exactlyOne(asArray(list), (f) => replacesPrefix(f, field));
    if (exactlyOne(backendFilters, inBackend)) out.push(at([...path, 'matches'], `a backendRef's ${field}: ${why}`));
  }
  return out;
}

const DURATION = /^([0-9]{1,5}(h|m|s|ms)){1,4}$/;
const UNIT_MS: Readonly<Record<string, number>> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1 };

/** A Gateway API duration (GEP-2257: `1h30m`, `500ms`) in milliseconds; undefined when it is not one. */
export function durationMs(text: string): number | undefined {
  if (!DURATION.test(text)) return undefined;
  let total = 0;
  for (const m of text.matchAll(/(\d+)(ms|h|m|s)/g)) total += Number(m[1]) * (UNIT_MS[m[2] ?? ''] ?? 0);
  return total;
}

function timeoutRules(rule: JsonObject, path: JsonPath): string[] {
  const timeouts = asObject(rule.timeouts);
  const request = durationMs(asString(timeouts?.request) ?? '');
  const backend = durationMs(asString(timeouts?.backendRequest) ?? '');
  // CEL: "backendRequest timeout cannot be longer than request timeout"
  if (request === undefined || backend === undefined || request === 0 || backend <= request) return [];
  const text = `${String(timeouts?.backendRequest)} above the request timeout ${String(timeouts?.request)}`;
  return [at([...path, 'timeouts', 'backendRequest'], text)];
}

const PATH_CHARS = /^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$/;

/** What an Exact or PathPrefix path value must not contain or end with. */
const PATH_FORBIDDEN: readonly { readonly text: string; readonly end: boolean }[] = [
  // CEL: "must not contain '//' when type one of ['Exact', 'PathPrefix']"
  { text: '//', end: false },
  // CEL: "must not contain '/./' when type one of ['Exact', 'PathPrefix']"
  { text: '/./', end: false },
  // CEL: "must not contain '/../' when type one of ['Exact', 'PathPrefix']"
  { text: '/../', end: false },
  // CEL: "must not contain '%2f' when type one of ['Exact', 'PathPrefix']"
  { text: '%2f', end: false },
  // CEL: "must not contain '%2F' when type one of ['Exact', 'PathPrefix']"
  { text: '%2F', end: false },
  // CEL: "must not contain '#' when type one of ['Exact', 'PathPrefix']"
  { text: '#', end: false },
  // CEL: "must not end with '/..' when type one of ['Exact', 'PathPrefix']"
  { text: '/..', end: true },
  // CEL: "must not end with '/.' when type one of ['Exact', 'PathPrefix']"
  { text: '/.', end: true },
];

function pathMatchRules(match: Item): string[] {
  if (!has(match.value, 'path')) return [];
  const { type, value } = matchPath(match.value);
  const path = [...match.path, 'path'];
  // CEL: "type must be one of ['Exact', 'PathPrefix', 'RegularExpression']"
  if (type === 'RegularExpression') return [];
  if (type !== 'Exact' && type !== 'PathPrefix') return [at([...path, 'type'], `${type} is no path match type`)];
  const out: string[] = [];
  // CEL: "value must be an absolute path and start with '/' when type one of ['Exact', 'PathPrefix']"
  if (!value.startsWith('/')) out.push(at([...path, 'value'], `${JSON.stringify(value)} does not start with '/'`));
  for (const f of PATH_FORBIDDEN) {
    const bad = f.end ? value.endsWith(f.text) : value.includes(f.text);
    if (bad)
      out.push(at([...path, 'value'], `${JSON.stringify(value)} ${f.end ? 'ends with' : 'contains'} '${f.text}'`));
  }
  // CEL: "must only contain valid characters (matching ^(?:[-A-Za-z0-9/._~!$&'()*+,;=:@]|[%][0-9a-fA-F]{2})+$) for types ['Exact', 'PathPrefix']"
  if (!PATH_CHARS.test(value)) {
    out.push(at([...path, 'value'], `${JSON.stringify(value)} has characters an ${type} path may not have`));
  }
  return out;
}

const MAX_RULES = 16;
const MAX_HOSTNAMES = 16;
const MAX_MATCHES_PER_RULE = 64;
const MAX_MATCHES = 128;

/** The limits HTTPRoute and GRPCRoute share; HTTPRoute counts a rule without matches as its one default match. */
function routeLimits(spec: JsonObject | undefined, countOf: (rule: JsonObject) => number): string[] {
  const out = [...limit(spec, 'rules', ['spec'], MAX_RULES), ...limit(spec, 'hostnames', ['spec'], MAX_HOSTNAMES)];
  const rules = itemsAt(spec, 'rules', ['spec']);
  for (const rule of rules) out.push(...limit(rule.value, 'matches', rule.path, MAX_MATCHES_PER_RULE));
  // The CEL rule adds up the first 16 rules only; more than 16 is an error of its own.
  const total = rules.slice(0, MAX_RULES).reduce((sum, rule) => sum + countOf(rule.value), 0);
  // CEL: "While 16 rules and 64 matches per rule are allowed, the total number of matches across all rules in a route must be less than 128"
  if (total > MAX_MATCHES)
    out.push(at(['spec', 'rules'], `${total} matches in all; the CRD allows at most ${MAX_MATCHES}`));
  return out;
}

function backendRefsRules(rule: Item, kinds: readonly FilterKind[] | undefined): string[] {
  const out: string[] = [];
  for (const ref of itemsAt(rule.value, 'backendRefs', rule.path)) {
    out.push(...servicePortRule(ref.value, ref.path));
    if (kinds !== undefined) out.push(...filtersRules(itemsAt(ref.value, 'filters', ref.path), kinds));
  }
  return out;
}

function httpRouteRules(spec: JsonObject | undefined): string[] {
  const out = [...parentRefRules(spec), ...routeLimits(spec, (rule) => ruleMatches(rule).length)];
  for (const rule of itemsAt(spec, 'rules', ['spec'])) {
    const filters = itemsAt(rule.value, 'filters', rule.path);
    const backends = asArray(rule.value.backendRefs).length;
    // CEL: "RequestRedirect filter must not be used together with backendRefs"
    for (const redirect of filters.filter((f) => has(f.value, 'requestRedirect'))) {
      if (backends > 0) out.push(at(redirect.path, `a RequestRedirect in a rule with ${backends} backendRefs`));
    }
    out.push(...filtersRules(filters, HTTP_FILTERS), ...backendRefsRules(rule, HTTP_FILTERS));
    out.push(...prefixMatchRules(rule.value, rule.path), ...timeoutRules(rule.value, rule.path));
    for (const match of itemsAt(rule.value, 'matches', rule.path)) out.push(...pathMatchRules(match));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// GRPCRoute

const GRPC_SERVICE = /^\.?[a-z_][a-z_0-9]*(\.[a-z_][a-z_0-9]*)*$/i;
const GRPC_METHOD = /^[A-Za-z_][A-Za-z_0-9]*$/;

function grpcMethodRules(match: Item): string[] {
  const method = asObject(match.value.method);
  if (method === undefined) return [];
  const path = [...match.path, 'method'];
  const exact = (asString(method.type) ?? 'Exact') === 'Exact';
  const out: string[] = [];
  // CEL: "One or both of 'service' or 'method' must be specified"
  if (!has(method, 'service') && !has(method, 'method')) out.push(at(path, 'neither service nor method'));
  // CEL: "service must only contain valid characters (matching ^(?i)\.?[a-z_][a-z_0-9]*(\.[a-z_][a-z_0-9]*)*$)"
  const service = asString(method.service);
  if (exact && service !== undefined && !GRPC_SERVICE.test(service)) {
    out.push(at([...path, 'service'], `${JSON.stringify(service)} is no gRPC service name`));
  }
  // CEL: "method must only contain valid characters (matching ^[A-Za-z_][A-Za-z_0-9]*$)"
  const name = asString(method.method);
  if (exact && name !== undefined && !GRPC_METHOD.test(name)) {
    out.push(at([...path, 'method'], `${JSON.stringify(name)} is no gRPC method name`));
  }
  return out;
}

function grpcRouteRules(spec: JsonObject | undefined): string[] {
  const out = [...parentRefRules(spec), ...routeLimits(spec, (rule) => asArray(rule.matches).length)];
  for (const rule of itemsAt(spec, 'rules', ['spec'])) {
    out.push(...filtersRules(itemsAt(rule.value, 'filters', rule.path), GRPC_FILTERS));
    out.push(...backendRefsRules(rule, GRPC_FILTERS));
    for (const match of itemsAt(rule.value, 'matches', rule.path)) out.push(...grpcMethodRules(match));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// TLSRoute, TCPRoute, UDPRoute

const RFC_1123 = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)$/;

function tlsHostnameRules(spec: JsonObject | undefined): string[] {
  const out: string[] = [];
  asArray(spec?.hostnames).forEach((h, index) => {
    if (typeof h !== 'string') return;
    const path = ['spec', 'hostnames', index];
    // CEL: "Hostnames cannot contain an IP"
    if (isIP(h) !== 0) out.push(at(path, `${h} is an IP address`));
    // CEL: "Hostnames must be valid based on RFC-1123"
    else if (!h.includes('*') && !RFC_1123.test(h)) out.push(at(path, `${JSON.stringify(h)} is no RFC 1123 hostname`));
    // CEL: "Wildcards on hostnames must be the first label, and the rest of hostname must be valid based on RFC-1123"
    else if (h.includes('*') && !(h.startsWith('*.') && RFC_1123.test(h.slice(2)))) {
      out.push(at(path, `${JSON.stringify(h)}: a wildcard only as the whole first label ('*.example.com')`));
    }
  });
  return out;
}

/** TLSRoute, TCPRoute and UDPRoute: parentRefs and backendRefs; TLSRoute's hostnames too. */
function layer4RouteRules(spec: JsonObject | undefined, kind: string): string[] {
  const out = [...parentRefRules(spec), ...limit(spec, 'rules', ['spec'], 1)];
  if (kind === 'TLSRoute') out.push(...tlsHostnameRules(spec));
  for (const rule of itemsAt(spec, 'rules', ['spec'])) out.push(...backendRefsRules(rule, undefined));
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Gateway and ListenerSet

const MAX_LISTENERS = 64;

/** One listener's TLS by protocol, and its hostname. */
function listenerRules(listener: Item): string[] {
  const { value, path } = listener;
  const protocol = asString(value.protocol) ?? '';
  const tls = asObject(value.tls);
  // The default mode is Terminate.
  const mode = tls === undefined ? undefined : (asString(tls.mode) ?? 'Terminate');
  const out: string[] = [];
  // CEL: "tls must not be specified for protocols ['HTTP', 'TCP', 'UDP']"
  if (['HTTP', 'TCP', 'UDP'].includes(protocol) && has(value, 'tls'))
    out.push(at([...path, 'tls'], `set on a ${protocol} listener`));
  // CEL: "tls mode must be Terminate for protocol HTTPS"
  if (protocol === 'HTTPS' && mode !== undefined && mode !== '' && mode !== 'Terminate') {
    out.push(at([...path, 'tls', 'mode'], `${mode} on an HTTPS listener; HTTPS terminates TLS`));
  }
  // Not a CEL rule: the tls field's documentation ("This field is required if the Protocol field is "HTTPS" or
  // "TLS""). The API server accepts an HTTPS listener without it; the implementation has no certificate to serve.
  if (protocol === 'HTTPS' && tls === undefined) out.push(at(path, 'an HTTPS listener without tls'));
  // CEL: "tls mode must be set for protocol TLS"
  if (protocol === 'TLS' && (mode === undefined || mode === ''))
    out.push(at(path, 'a TLS listener without a tls mode'));
  // CEL: "hostname must not be specified for protocols ['TCP', 'UDP']"
  if (['TCP', 'UDP'].includes(protocol) && nonEmpty(value, 'hostname')) {
    out.push(at([...path, 'hostname'], `set on a ${protocol} listener`));
  }
  const refs = asArray(tls?.certificateRefs).length;
  const options = Object.keys(asObject(tls?.options) ?? {}).length;
  // CEL: "certificateRefs or options must be specified when mode is Terminate"
  if (mode === 'Terminate' && refs === 0 && options === 0) {
    out.push(at([...path, 'tls'], 'mode Terminate without certificateRefs (or options)'));
  }
  return out;
}

/**
 * Listener names and (port, protocol, hostname) unique. ListenerSet's rule skips listeners without a port, which its
 * v1 schema requires anyway; the skip is kept so the check stays the CRD's rule.
 */
function listenerSetRules(spec: JsonObject | undefined): string[] {
  const listeners = itemsAt(spec, 'listeners', ['spec']);
  const out = [...limit(spec, 'listeners', ['spec'], MAX_LISTENERS)];
  for (const listener of listeners) out.push(...listenerRules(listener));
  // CEL: "Listener name must be unique within the Gateway"
  for (const [item, earlier] of repeats(listeners, (l) => JSON.stringify(l.name ?? null))) {
    out.push(at([...item.path, 'name'], `${String(item.value.name)} is also the name of listeners[${earlier}]`));
  }
  // CEL: "Combination of port, protocol and hostname must be unique for each listener"
  const endpoint = (l: JsonObject): string | undefined =>
    has(l, 'port') ? JSON.stringify([l.port, l.protocol ?? null, has(l, 'hostname') ? l.hostname : null]) : undefined;
  for (const [item, earlier] of repeats(listeners, endpoint)) {
    out.push(at(item.path, `the same port, protocol and hostname as listeners[${earlier}]`));
  }
  return out;
}

const ADDRESS_HOSTNAME = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function addressRules(spec: JsonObject | undefined): string[] {
  const addresses = itemsAt(spec, 'addresses', ['spec']);
  const typeOf = (a: JsonObject): string => asString(a.type) ?? 'IPAddress';
  const out: string[] = [];
  // CEL: "IPAddress values must be unique"
  // CEL: "Hostname values must be unique"
  const key = (a: JsonObject): string | undefined =>
    ['IPAddress', 'Hostname'].includes(typeOf(a)) && has(a, 'value') ? JSON.stringify([typeOf(a), a.value]) : undefined;
  for (const [item, earlier] of repeats(addresses, key)) {
    out.push(at([...item.path, 'value'], `${String(item.value.value)} is also addresses[${earlier}]`));
  }
  for (const { value, path } of addresses) {
    const text = asString(value.value);
    // CEL: "Hostname value must be empty or contain only valid characters (matching ^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$)"
    if (typeOf(value) === 'Hostname' && text !== undefined && !ADDRESS_HOSTNAME.test(text)) {
      out.push(at([...path, 'value'], `${JSON.stringify(text)} is no hostname`));
    }
  }
  return out;
}

const LABEL_KEY =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9]$/;

/** The labels and annotations a Gateway asks its infrastructure to carry: Kubernetes label and annotation keys. */
function infrastructureRules(spec: JsonObject | undefined): string[] {
  const infrastructure = asObject(spec?.infrastructure);
  const out: string[] = [];
  for (const field of ['labels', 'annotations']) {
    for (const key of Object.keys(asObject(infrastructure?.[field]) ?? {})) {
      const path = ['spec', 'infrastructure', field, key];
      // CEL: "Label keys must be in the form of an optional DNS subdomain prefix followed by a required name segment of up to 63 characters."
      // CEL: "Annotation keys must be in the form of an optional DNS subdomain prefix followed by a required name segment of up to 63 characters."
      if (!LABEL_KEY.test(key)) out.push(at(path, 'not a valid key (an optional DNS prefix and "/", then a name)'));
      // CEL: "If specified, the label key's prefix must be a DNS subdomain not longer than 253 characters in total."
      // CEL: "If specified, the annotation key's prefix must be a DNS subdomain not longer than 253 characters in total."
      if ((key.split('/')[0] ?? '').length >= 253) out.push(at(path, 'a prefix of 253 characters or more'));
    }
  }
  return out;
}

function gatewayRules(spec: JsonObject | undefined): string[] {
  const out = [...addressRules(spec), ...infrastructureRules(spec), ...listenerSetRules(spec)];
  const perPort = itemsAt(asObject(asObject(spec?.tls)?.frontend), 'perPort', ['spec', 'tls', 'frontend']);
  // CEL: "Port for TLS configuration must be unique within the Gateway"
  for (const [item, earlier] of repeats(perPort, (p) => JSON.stringify(p.port ?? null))) {
    out.push(at([...item.path, 'port'], `port ${String(item.value.port)} is also perPort[${earlier}]`));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// BackendTLSPolicy

function backendTlsPolicyRules(spec: JsonObject | undefined): string[] {
  const targets = itemsAt(spec, 'targetRefs', ['spec']);
  // group and kind are required, so no defaults; a target has no namespace (the policy's own).
  const out = sectionRules(targets, (ref) => refIdentity(ref, '', '', false), 'target');
  const validation = asObject(spec?.validation);
  if (validation === undefined) return out;
  const path = ['spec', 'validation'];
  const refs = asArray(validation.caCertificateRefs).length > 0;
  const wellKnown = nonEmpty(validation, 'wellKnownCACertificates');
  // CEL: "must not contain both CACertificateRefs and WellKnownCACertificates"
  if (refs && wellKnown) out.push(at(path, 'both caCertificateRefs and wellKnownCACertificates'));
  // CEL: "must specify either CACertificateRefs or WellKnownCACertificates"
  if (!refs && !wellKnown) out.push(at(path, 'neither caCertificateRefs nor wellKnownCACertificates'));
  for (const san of itemsAt(validation, 'subjectAltNames', path)) {
    const type = asString(san.value.type);
    // CEL: "SubjectAltName element must contain Hostname, if Type is set to Hostname"
    // CEL: "SubjectAltName element must not contain Hostname, if Type is not set to Hostname"
    // CEL: "SubjectAltName element must contain URI, if Type is set to URI"
    // CEL: "SubjectAltName element must not contain URI, if Type is not set to URI"
    for (const [field, wanted] of [
      ['hostname', 'Hostname'],
      ['uri', 'URI'],
    ] as const) {
      if (type === wanted && !nonEmpty(san.value, field)) out.push(at(san.path, `type ${wanted} without ${field}`));
      if (type !== wanted && nonEmpty(san.value, field))
        out.push(at([...san.path, field], `set, but the type is ${type}`));
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------

const BY_KIND: Readonly<Record<string, (spec: JsonObject | undefined, kind: string) => string[]>> = {
  HTTPRoute: httpRouteRules,
  GRPCRoute: grpcRouteRules,
  TLSRoute: layer4RouteRules,
  TCPRoute: layer4RouteRules,
  UDPRoute: layer4RouteRules,
  Gateway: gatewayRules,
  ListenerSet: listenerSetRules,
  BackendTLSPolicy: backendTlsPolicyRules,
};

/**
 * The CEL rules (and list limits) of the Gateway API standard channel that `object` breaks, as
 * "<json path>: <what is wrong>"; [] for a valid object and for anything that is not a Gateway API kind with such
 * rules (ReferenceGrant has none). Run it beside the schema validation: it assumes nothing the schema checks.
 */
export function gatewayApiViolations(object: K8sObject): string[] {
  if (!object.apiVersion.startsWith(`${GROUP}/`)) return [];
  const rules = Object.hasOwn(BY_KIND, object.kind) ? BY_KIND[object.kind] : undefined;
  return rules === undefined ? [] : rules(asObject(object.spec), object.kind);
}
