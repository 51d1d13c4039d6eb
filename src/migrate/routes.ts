/**
 * The routes of one Ingress: for each host, an HTTPRoute (or GRPCRoute) with one rule per path, carrying the
 * Ingress's own effects only (another Ingress of the same host gets routes of its own, so annotations never leak
 * between them), attached to the host's HTTPS listener when the host has TLS, and a redirect route on its HTTP
 * listener when ingress-nginx would redirect. `spec.defaultBackend` is a catch-all route on a listener without a
 * hostname. A route longer than the CRD's 16 rules is split.
 */
import type { ObjectLookup } from '../k8s/lookup.js';
import { asArray, asObject, type JsonObject, type K8sObject } from '../k8s/object.js';
import { pathRewrite } from './annotations/rewrite.js';
import { backendRefObject, type CanaryPlan, withCanary } from './canary.js';
import type { IngressEffects, PathRewrite } from './draft.js';
import {
  GATEWAY_V1,
  MAX_HOSTNAMES_PER_ROUTE,
  MAX_MATCHES_PER_ROUTE,
  MAX_MATCHES_PER_RULE,
  MAX_RULES_PER_ROUTE,
} from './gateway-api.js';
import type { GatewaySet, ParentRef } from './gateways.js';
import { type HostFacts, locationKey, wwwTwin } from './host-facts.js';
import {
  type BackendRef,
  backendRefOf,
  type IngressRoutePath,
  type PathMatch,
  pathMatch,
  routePaths,
} from './matches.js';
import type { IngressProblem } from './record.js';

export interface RouteDraft {
  readonly kind: 'HTTPRoute' | 'GRPCRoute';
  readonly namespace: string;
  /** The name wanted, before it is made unique. */
  readonly baseName: string;
  readonly hostnames: readonly string[];
  readonly parentRefs: readonly ParentRef[];
  readonly rules: readonly JsonObject[];
  /** What kind of route this is, for its comment. */
  readonly role: string;
  /** What its comment must say about how its matches differ from nginx's. */
  readonly notes?: readonly string[];
  /** The canaries whose traffic its rules carry. */
  readonly canaries: readonly CanaryPlan[];
}

export interface RouteInput {
  readonly ingress: { readonly object: K8sObject; readonly namespace: string; readonly name: string };
  readonly className: string;
  readonly effects: IngressEffects;
  readonly facts: ReadonlyMap<string, HostFacts>;
  readonly gateways: GatewaySet;
  readonly index: ObjectLookup;
  /** The Ingress whose defaultBackend serves the catch-all server: the first without rules that has one (§13). */
  readonly catchAll?: string;
  /** The canary attached to the upstream (namespace, Ingress backend) of a rule, if any. */
  readonly canaryOf?: (namespace: string, backend: unknown) => CanaryPlan | undefined;
}

type Problem = (p: IngressProblem) => void;

interface PathRule {
  readonly path: IngressRoutePath;
  readonly match: JsonObject;
  readonly backend: BackendRef;
  readonly canary?: CanaryPlan | undefined;
  readonly rewrite?: PathRewrite;
}

/** Gateway API's Hostname: lower-case RFC 1123, an optional leading `*.`, at most 253 characters. */
const HOSTNAME = /^(?=.{1,253}$)(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

const FORWARDED_HTTPS = { type: 'Exact', name: 'X-Forwarded-Proto', value: 'https' };

/** The ConfigMap default of `no-tls-redirect-locations`. */
const ACME_CHALLENGE = '/.well-known/acme-challenge';

/** The match of a gRPC path: `/` is every method, `/pkg.Service` one service, `/pkg.Service/Method` one method. */
function grpcMatch(p: IngressRoutePath): JsonObject | undefined | 'all' {
  const path = p.path.replace(/\/+$/, '');
  if (path === '') return 'all';
  const m = /^\/([A-Za-z_][\w.]*)(?:\/([A-Za-z_]\w*))?$/.exec(path);
  if (m === null) return undefined;
  return { method: { type: 'Exact', service: m[1], ...(m[2] !== undefined ? { method: m[2] } : {}) } };
}

function pathRules(input: RouteInput, paths: readonly IngressRoutePath[], problem: Problem): PathRule[] {
  const { effects, index } = input;
  const rules: PathRule[] = [];
  const source = `${input.ingress.namespace}/${input.ingress.name}`;
  for (const p of paths) {
    const owner = input.facts.get(p.host)?.owners.get(locationKey(p.path, p.pathType))?.source;
    if (owner !== undefined && owner !== source) {
      problem({
        message:
          `Ingress ${owner} has ${p.host || '(any host)'} ${p.path} (${p.pathType}) first, so ingress-nginx ignores ` +
          'this path; the drafts leave it out too',
        field: `${p.field}.path`,
        kind: 'duplicate-path',
      });
      continue;
    }
    // ImplementationSpecific /a is nginx's `location /a` and Prefix /a its `location /a/` and `= /a`: both work there,
    // the Prefix one taking /a and /a/...; drafted, both are PathPrefix /a, and only one would win.
    const hostFacts = input.facts.get(p.host);
    const prefixOwner =
      p.pathType === 'ImplementationSpecific' && (hostFacts?.regexCauses.size ?? 0) === 0
        ? hostFacts?.owners.get(locationKey(p.path, 'Prefix'))?.source
        : undefined;
    if (prefixOwner !== undefined && prefixOwner !== source) {
      problem({
        message:
          `Ingress ${prefixOwner} has ${p.host || '(any host)'} ${p.path} as Prefix, which takes ${p.path} and what is ` +
          `under it; this ImplementationSpecific path got only the rest (e.g. ${p.path.replace(/\/$/, '')}x, a ` +
          'character prefix), which PathPrefix cannot express: its rule is left out',
        field: `${p.field}.path`,
        kind: 'duplicate-path',
      });
      continue;
    }
    const backend = backendRefOf(p.backend, input.ingress.namespace, index);
    if ('problem' in backend) {
      problem({
        message: `${backend.problem}; the rule for path "${p.path}" is left out`,
        field: `${p.field}.backend`,
        ...(backend.kind !== undefined ? { kind: backend.kind } : {}),
      });
      continue;
    }
    const rewrite = effects.grpc ? 'none' : pathRewrite(effects.rewrite, p.path);
    if (rewrite === undefined) {
      problem({
        message: `rewrite-target needs a regex rewrite for path "${p.path}", which standard Gateway API has not; its rule is left out`,
        field: `${p.field}.path`,
      });
      continue;
    }
    if (effects.grpc) {
      const m = grpcMatch(p);
      if (m === undefined) {
        problem({
          message: `path "${p.path}" is not a gRPC service or method path; its rule is left out`,
          field: `${p.field}.path`,
        });
        continue;
      }
      rules.push({ path: p, match: m === 'all' ? {} : m, backend: backend.ref, canary: canaryOf(input, p) });
      continue;
    }
    const regexHost = (input.facts.get(p.host)?.regexCauses.size ?? 0) > 0;
    const match =
      rewrite !== 'none' && rewrite.type === 'strip-prefix'
        ? { type: 'PathPrefix', value: rewrite.prefix }
        : pathMatch(p.path, p.pathType, regexHost);
    rules.push({
      path: p,
      match: { path: { ...match } },
      backend: backend.ref,
      canary: canaryOf(input, p),
      ...(rewrite !== 'none' ? { rewrite } : {}),
    });
  }
  return rules;
}

function canaryOf(input: RouteInput, p: IngressRoutePath): CanaryPlan | undefined {
  return input.canaryOf?.(input.ingress.namespace, p.backend);
}

/** The filters a proxied rule of the Ingress carries. */
function proxyFilters(effects: IngressEffects, grpc: boolean, rewrite: PathRewrite | undefined): JsonObject[] {
  const filters: JsonObject[] = [];
  if (effects.headers.length > 0) {
    filters.push({
      type: 'RequestHeaderModifier',
      requestHeaderModifier: { set: effects.headers.map((h) => ({ ...h })) },
    });
  }
  if (grpc) return filters;
  if (rewrite?.type === 'full') {
    filters.push({
      type: 'URLRewrite',
      urlRewrite: { path: { type: 'ReplaceFullPath', replaceFullPath: rewrite.path } },
    });
  } else if (rewrite?.type === 'strip-prefix') {
    filters.push({ type: 'URLRewrite', urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/' } } });
  }
  if (effects.cors !== undefined) filters.push({ type: 'CORS', cors: { ...effects.cors } });
  return filters;
}

function redirectFilter(effects: IngressEffects): JsonObject | undefined {
  const r = effects.redirect;
  if (r === undefined) return undefined;
  return {
    type: 'RequestRedirect',
    requestRedirect: {
      ...(r.scheme !== undefined ? { scheme: r.scheme } : {}),
      ...(r.hostname !== undefined ? { hostname: r.hostname } : {}),
      ...(r.port !== undefined ? { port: r.port } : {}),
      ...(r.path !== undefined ? { path: { type: 'ReplaceFullPath', replaceFullPath: r.path } } : {}),
      statusCode: r.statusCode,
    },
  };
}

/** The rules of the main route of one host; `canaries` receives the canaries they carry. */
function mainRules(
  input: RouteInput,
  rules: readonly PathRule[],
  extraHeader: boolean,
  canaries: Set<CanaryPlan>,
  withAppRoot: boolean,
): JsonObject[] {
  const namespace = input.ingress.namespace;
  const { effects } = input;
  const redirect = redirectFilter(effects);
  const out: JsonObject[] = [];
  if (effects.appRoot !== undefined && !effects.grpc && withAppRoot) {
    out.push({
      matches: [{ path: { type: 'Exact', value: '/' }, ...(extraHeader ? { headers: [FORWARDED_HTTPS] } : {}) }],
      filters: [
        {
          type: 'RequestRedirect',
          requestRedirect: {
            path: { type: 'ReplaceFullPath', replaceFullPath: effects.appRoot.path },
            statusCode: effects.appRoot.statusCode,
          },
        },
      ],
    });
  }
  for (const r of rules) {
    const match = extraHeader ? { ...r.match, headers: [FORWARDED_HTTPS] } : r.match;
    const matches = Object.keys(match).length > 0 ? [match] : [];
    if (redirect !== undefined && !effects.grpc) {
      out.push({ matches, filters: [redirect] });
      continue;
    }
    const filters = proxyFilters(effects, effects.grpc, r.rewrite);
    const rule: JsonObject = {
      ...(matches.length > 0 ? { matches } : {}),
      ...(filters.length > 0 ? { filters } : {}),
      backendRefs: [backendRefObject(r.backend, namespace)],
      ...(effects.requestTimeout !== undefined && !effects.grpc
        ? { timeouts: { request: effects.requestTimeout } }
        : {}),
    };
    if (r.canary === undefined) {
      out.push(rule);
      continue;
    }
    canaries.add(r.canary);
    out.push(...withCanary(rule, matches[0], r.backend, r.canary, namespace));
  }
  return out;
}

/** The HTTP listener's redirect to https, for the same matches. */
function redirectRules(input: RouteInput, rules: readonly PathRule[]): JsonObject[] {
  const code = input.effects.https.statusCode;
  const filter = { type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: code } };
  // The redirect is an HTTPRoute: a gRPC rule's method match becomes the path it came from.
  const matches = rules
    .map((r) => (input.effects.grpc ? { path: { ...httpPathMatch(input, r.path) } } : r.match))
    .filter((m) => Object.keys(m).length > 0);
  const out: JsonObject[] = [];
  for (let i = 0; i < Math.max(matches.length, 1); i += MAX_MATCHES_PER_RULE) {
    const part = matches.slice(i, i + MAX_MATCHES_PER_RULE);
    out.push({ ...(part.length > 0 ? { matches: part } : {}), filters: [filter] });
  }
  return out;
}

function httpPathMatch(input: RouteInput, p: IngressRoutePath): PathMatch {
  const regexHost = (input.facts.get(p.host)?.regexCauses.size ?? 0) > 0;
  return pathMatch(p.path, p.pathType, regexHost);
}

/** Routes of at most 16 rules and 128 matches each (the CRD's limits). */
function split(route: RouteDraft): RouteDraft[] {
  const parts: JsonObject[][] = [];
  let current: JsonObject[] = [];
  let matches = 0;
  for (const rule of route.rules) {
    const n = Math.max(asArray(rule.matches).length, 1);
    if (current.length > 0 && (current.length >= MAX_RULES_PER_ROUTE || matches + n > MAX_MATCHES_PER_ROUTE)) {
      parts.push(current);
      current = [];
      matches = 0;
    }
    current.push(rule);
    matches += n;
  }
  if (current.length > 0) parts.push(current);
  if (parts.length <= 1) return [route];
  // Each part names the canaries whose backends its own rules carry.
  const carries = (rules: readonly JsonObject[], plan: CanaryPlan) =>
    rules.some((r) =>
      asArray(r.backendRefs).some((b) => {
        const ref = asObject(b);
        return ref?.name === plan.backend.name && (ref?.namespace ?? route.namespace) === plan.namespace;
      }),
    );
  return parts.map((rules, i) => ({
    ...route,
    baseName: i === 0 ? route.baseName : `${route.baseName}-${i + 1}`,
    rules,
    canaries: route.canaries.filter((plan) => carries(rules, plan)),
    role: `${route.role} (part ${i + 1}: a route holds at most ${MAX_RULES_PER_ROUTE} rules and ${MAX_MATCHES_PER_ROUTE} matches)`,
  }));
}

function defaultBackendRef(input: RouteInput, problem: Problem): BackendRef | undefined {
  const backend = asObject(input.ingress.object.spec)?.defaultBackend;
  if (backend === undefined) return undefined;
  const ref = backendRefOf(backend, input.ingress.namespace, input.index);
  if ('problem' in ref) {
    problem({
      message: `${ref.problem}; the default backend is left out`,
      field: 'spec.defaultBackend',
      ...(ref.kind !== undefined ? { kind: ref.kind } : {}),
    });
    return undefined;
  }
  return ref.ref;
}

/**
 * An Ingress whose host is in regex mode because of other Ingresses of the class: its plain paths now match as
 * case-insensitive regexes from the start of the path (`/a` also matches `/ab` and `/A`), in ingress-nginx as in the
 * drafts, which is rarely what its owner meant.
 */
function regexModeProblem(input: RouteInput, host: string, rules: readonly PathRule[], problem: Problem): void {
  const causes = input.facts.get(host)?.regexCauses;
  if (causes === undefined || causes.size === 0) return;
  const source = `${input.ingress.namespace}/${input.ingress.name}`;
  if (causes.has(source)) return;
  const plain = [...new Set(rules.map((r) => r.path.path))];
  if (plain.length === 0) return;
  problem({
    message:
      `${host || 'the default server'} is in regex mode because of Ingress ${fewOf(causes)} (use-regex or ` +
      `rewrite-target apply to the whole host): ingress-nginx matches this Ingress's paths ${fewOf(plain.map((p) => `"${p}"`))} ` +
      'as case-insensitive regexes from the start of the path, and so do the drafts; give that host its own ' +
      'Ingress class or move the regex paths to another host to keep them literal',
    kind: 'regex-mode',
  });
}

/**
 * ImplementationSpecific `/a` is nginx's `location /a`, a character prefix: it also took `/ab`, which PathPrefix, by
 * whole path elements, does not. Said once per route, naming a few of the paths.
 */
function characterPrefixNote(rules: readonly PathRule[], regexHost: boolean): string[] {
  if (regexHost) return [];
  const paths = rules
    .filter((r) => r.path.pathType === 'ImplementationSpecific' && !r.path.path.endsWith('/'))
    .map((r) => r.path.path);
  if (paths.length === 0) return [];
  return [
    `ImplementationSpecific ${fewOf(paths)}: nginx matched them as character prefixes (${paths[0]} also took ` +
      `${paths[0]}x); PathPrefix matches whole path elements (${paths[0]} and ${paths[0]}/...) only.`,
  ];
}

function tlsOf(facts: HostFacts | undefined): boolean {
  return (facts?.certificates.length ?? 0) > 0;
}

/** The first few of a list and how many more: a message names a bounded number of Ingresses or paths. */
export function fewOf(items: Iterable<string>, few = 3): string {
  const all = [...items];
  return all.length <= few ? all.join(', ') : `${all.slice(0, few).join(', ')} and ${all.length - few} more`;
}

/** The parentRefs attached, each once: with --parent-ref every listener asked for is the same parent. */
function uniqueRefs(refs: readonly (ParentRef | undefined)[]): ParentRef[] {
  const seen = new Set<string>();
  return refs.filter((r): r is ParentRef => {
    if (r === undefined) return false;
    const key = `${r.kind ?? ''}/${r.namespace ?? ''}/${r.name}/${r.sectionName ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The host's `server-alias` names that Gateway API accepts as hostnames (others are reported), within the limit. */
function serverAliases(input: RouteInput, host: string, facts: HostFacts | undefined, problem: Problem): string[] {
  const aliases = facts?.aliases;
  if (aliases === undefined || host === '') return [];
  if (aliases.source === `${input.ingress.namespace}/${input.ingress.name}` && aliases.dropped.length > 0) {
    problem({ message: `server-alias of ${host}: ${aliases.dropped.join(', ')} left out, as ingress-nginx does` });
  }
  const ok: string[] = [];
  for (const a of aliases.names) {
    const name = a.toLowerCase();
    if (!HOSTNAME.test(name)) {
      problem({ message: `server-alias "${a}" of ${host} is not a hostname Gateway API accepts; it is left out` });
    } else if (ok.length + 1 >= MAX_HOSTNAMES_PER_ROUTE) {
      problem({
        message: `server-alias "${a}" of ${host}: a route holds ${MAX_HOSTNAMES_PER_ROUTE} hostnames; it is left out`,
      });
    } else if (!ok.includes(name) && name !== host) ok.push(name);
  }
  return ok;
}

/**
 * `from-to-www-redirect`: the twin host (www. added or removed) answers with a redirect to the host, keeping the
 * scheme, path and query, with the controller's `http-redirect-code` (308), on HTTP and, when a certificate of the
 * class covers the twin, HTTPS. Only when no Ingress of the class has the twin as a host; once per twin.
 */
function wwwRoutes(input: RouteInput, host: string, base: string, problem: Problem): RouteDraft[] {
  const twin = wwwTwin(host);
  if (twin === undefined) return [];
  const facts = input.facts.get(twin);
  if (facts?.server === true || facts?.aliasOf !== undefined) {
    problem({
      message:
        `from-to-www-redirect: ${twin} is ${facts.server ? 'a host of its own' : `a server-alias of ${facts.aliasOf}`} in ` +
        'the class, so ingress-nginx skips the redirect; so do the drafts',
    });
    return [];
  }
  const { ingress, gateways, className } = input;
  const source = `${ingress.namespace}/${ingress.name}`;
  if (facts?.twinOf !== source) return [];
  const certs = facts?.certificates ?? [];
  const refs = uniqueRefs([
    gateways.attach(className, ingress.namespace, 'HTTP', twin, [], source),
    ...(certs.length > 0 ? [gateways.attach(className, ingress.namespace, 'HTTPS', twin, certs, source)] : []),
  ]);
  if (refs.length === 0) return [];
  return [
    {
      kind: 'HTTPRoute',
      namespace: ingress.namespace,
      baseName: `${base}-from-${twin}`,
      hostnames: [twin],
      parentRefs: refs,
      rules: [
        {
          filters: [
            {
              type: 'RequestRedirect',
              requestRedirect: { hostname: host, statusCode: input.effects.https.statusCode },
            },
          ],
        },
      ],
      canaries: [],
      role:
        `requests for ${twin}, redirected to ${host} (from-to-www-redirect of Ingress ${source}; ingress-nginx also ` +
        'drops one trailing slash, which RequestRedirect does not)' +
        (certs.length > 0 ? '' : `; no certificate of the class names ${twin}, so only plain HTTP is redirected`),
    },
  ];
}

/** The routes of one Ingress; `problem` receives what could not be drafted. */
export function ingressRoutes(input: RouteInput, problem: Problem): RouteDraft[] {
  const byHost = new Map<string, IngressRoutePath[]>();
  for (const p of routePaths(input.ingress.object)) {
    const list = byHost.get(p.host);
    if (list) list.push(p);
    else byHost.set(p.host, [p]);
  }
  // A Gateway accepts only one of an HTTPRoute and a GRPCRoute on a listener hostname: on a host that also has HTTP
  // Ingresses, the gRPC paths become HTTPRoute rules (ingress-nginx served both from one server).
  const mixed = input.effects.grpc
    ? [...byHost.keys()].filter((h) => (input.facts.get(h)?.protocols.http.length ?? 0) > 0)
    : [];
  if (mixed.length === 0) return hostRoutes(input, byHost, byHost.size, problem);
  for (const h of mixed) {
    problem({
      message:
        `${h || 'the default server'} also has HTTP routes (Ingress ${fewOf(input.facts.get(h)?.protocols.http ?? [])}), ` +
        'and a Gateway accepts only one of HTTPRoute and GRPCRoute per listener hostname: the gRPC paths are ' +
        'HTTPRoute rules there; the backend Service port must declare HTTP/2 (appProtocol: kubernetes.io/h2c), or ' +
        'the Gateway speaks HTTP/1.1 to it',
    });
  }
  const grpcHosts = new Map([...byHost].filter(([h]) => !mixed.includes(h)));
  const httpHosts = new Map([...byHost].filter(([h]) => mixed.includes(h)));
  const asHttp: RouteInput = { ...input, effects: { ...input.effects, grpc: false } };
  return [
    ...hostRoutes(input, grpcHosts, byHost.size, problem),
    ...hostRoutes(asHttp, httpHosts, byHost.size, problem),
  ];
}

/** The routes of the Ingress's hosts in `byHost` (`hostCount` hosts in all). */
function hostRoutes(
  input: RouteInput,
  byHost: ReadonlyMap<string, IngressRoutePath[]>,
  hostCount: number,
  problem: Problem,
): RouteDraft[] {
  const { ingress, effects, gateways, className } = input;
  const source = `${ingress.namespace}/${ingress.name}`;
  const kind = effects.grpc ? 'GRPCRoute' : 'HTTPRoute';
  const routes: RouteDraft[] = [];
  const parent = (protocol: 'HTTP' | 'HTTPS', host: string, certs: HostFacts['certificates']): ParentRef =>
    gateways.attach(className, ingress.namespace, protocol, host, certs, source);
  const defaultRef = defaultBackendRef(input, problem);
  const defaultBackend = asObject(ingress.object.spec)?.defaultBackend;
  for (const [host, paths] of byHost) {
    if (host !== '' && !HOSTNAME.test(host)) {
      problem({
        message: `host "${host}" is not a hostname Gateway API accepts (RFC 1123, optionally *.); its rules are left out`,
        field: paths[0]?.field.replace(/\.http\.paths\[\d+\]$/, '.host'),
      });
      continue;
    }
    const rules = pathRules(input, paths, problem);
    // On a regex host, longest path first, as nginx tries regex locations.
    if ((input.facts.get(host)?.regexCauses.size ?? 0) > 0)
      rules.sort((a, b) => b.path.path.length - a.path.path.length);
    regexModeProblem(input, host, rules, problem);
    // With rules, spec.defaultBackend serves the paths of its hosts that no path matches (ingress-nginx's `/`
    // fallback location of each host the Ingress creates); a rule without host is server `_`, which has its own.
    // Only for the hosts whose server this Ingress creates, and where no Ingress has a `/` of its own (§13).
    const hostFacts = input.facts.get(host);
    const fallback = hostFacts?.root === undefined && hostFacts?.creator === source;
    if (defaultRef !== undefined && host !== '' && fallback && !input.effects.grpc) {
      rules.push({
        path: { host, path: '/', pathType: 'Prefix', backend: defaultBackend, field: 'spec.defaultBackend' },
        match: { path: { type: 'PathPrefix', value: '/' } },
        backend: defaultRef,
        canary: input.canaryOf?.(ingress.namespace, defaultBackend),
      });
    }
    if (rules.length === 0) continue;
    const facts = input.facts.get(host);
    const certs = facts?.certificates ?? [];
    const names = [host, ...serverAliases(input, host, facts, problem)];
    const hostnames = host === '' ? [] : names;
    const base = `${ingress.name}-${host === '' ? 'default-server' : host}`;
    const tls = certs.length > 0;
    // A passthrough host's port 443 is a TLSRoute's (passthrough.ts): the routes here serve port 80 only.
    const passthrough = (facts?.passthrough.length ?? 0) > 0;
    if (passthrough && tlsOf(facts) && !facts?.passthrough.includes(source)) {
      problem({
        message:
          `port 443 of ${host} is passed through (ssl-passthrough of Ingress ${fewOf(facts?.passthrough ?? [])}): this ` +
          "Ingress's paths there are served on port 80 only, as in ingress-nginx",
      });
    }
    // gRPC: the redirect HTTPRoute is on port 80 and the GRPCRoute on 443; without TLS here both would be on port 80.
    const redirect = tls ? effects.https.sslRedirect || effects.https.force : effects.https.force && !effects.grpc;
    if (effects.grpc && !tls && effects.https.force) {
      problem({
        message:
          `force-ssl-redirect on ${host || 'the default server'} without TLS here: the redirect HTTPRoute and the ` +
          'GRPCRoute would share the port-80 listener, which a Gateway refuses; it is not drafted',
      });
    }
    const attachAll = (protocol: 'HTTP' | 'HTTPS'): ParentRef[] =>
      uniqueRefs(names.map((n) => parent(protocol, n, protocol === 'HTTPS' ? certs : [])));
    const refs: ParentRef[] = [];
    if (tls && !passthrough) {
      // Both listeners: with a --parent-ref without section, they are one parent, named once.
      refs.push(...uniqueRefs([...attachAll('HTTPS'), ...(!redirect && !effects.grpc ? attachAll('HTTP') : [])]));
    } else if (!(passthrough && redirect)) {
      refs.push(...attachAll('HTTP'));
    }
    const behindBalancer = redirect && !tls;
    const appRootHere = effects.appRoot !== undefined && facts?.appRoot?.source === source;
    if (effects.appRoot !== undefined && !appRootHere && facts?.appRoot !== undefined) {
      problem({
        message:
          `app-root on ${host}: ingress-nginx uses the app-root of Ingress ${facts.appRoot.source} (the one with the ` +
          'longest path on the host), not this one',
      });
    }
    // ingress-nginx never redirects a location under `no-tls-redirect-locations` (/.well-known/acme-challenge).
    const exempt = redirect ? rules.filter((r) => r.path.path.startsWith(ACME_CHALLENGE)) : [];
    const redirected = exempt.length > 0 ? rules.filter((r) => !exempt.includes(r)) : rules;
    if (refs.length > 0) {
      const canaries = new Set<CanaryPlan>();
      const main = mainRules(input, rules, behindBalancer, canaries, appRootHere);
      routes.push(
        ...split({
          kind,
          namespace: ingress.namespace,
          baseName: base,
          hostnames,
          parentRefs: refs,
          rules: main,
          canaries: [...canaries],
          notes: characterPrefixNote(rules, (facts?.regexCauses.size ?? 0) > 0),
          role: behindBalancer
            ? `routes of Ingress ${source} for ${host || 'the default server'}: requests that came over HTTPS to a load balancer in front (X-Forwarded-Proto: https)`
            : `routes of Ingress ${source} for ${host || 'the default server'}${passthrough ? ' on port 80 (port 443 is passed through)' : ''}`,
        }),
      );
    }
    // With --parent-ref, HTTP and HTTPS are one parent: a redirect route would claim the very hostname and paths of the
    // route that serves them, and one of the two would win on both ports.
    const redirectHere = redirect && !(gateways.singleParent && tls);
    if (redirect && !redirectHere) {
      problem({
        message:
          `the HTTP to HTTPS redirect of ${host || 'the default server'} is not drafted: with --parent-ref every route ` +
          'attaches to one parent, so plain HTTP is served as HTTPS is; attach a redirect route (RequestRedirect ' +
          `scheme https, ${effects.https.statusCode}) to the parent's HTTP listener`,
      });
    }
    if (redirectHere) {
      const http = attachAll('HTTP');
      if (http.length > 0 && redirected.length > 0) {
        routes.push(
          ...split({
            kind: 'HTTPRoute',
            namespace: ingress.namespace,
            baseName: `${base}-https-redirect`,
            hostnames,
            parentRefs: http,
            rules: redirectRules(input, redirected),
            canaries: [],
            role:
              `plain-HTTP requests of Ingress ${source} for ${host || 'the default server'}, redirected to https ` +
              `(${effects.https.force ? 'force-ssl-redirect' : 'ssl-redirect'})` +
              (effects.https.preserveTrailingSlash
                ? ''
                : '; ingress-nginx also dropped one trailing slash at the end of the URI (preserve-trailing-slash is ' +
                  'off), which RequestRedirect keeps'),
          }),
        );
      }
      if (http.length > 0 && exempt.length > 0) {
        const canaries = new Set<CanaryPlan>();
        routes.push(
          ...split({
            kind,
            namespace: ingress.namespace,
            baseName: `${base}-acme-challenge`,
            hostnames,
            parentRefs: http,
            rules: mainRules(input, exempt, false, canaries, false),
            canaries: [...canaries],
            role: `paths of Ingress ${source} under ${ACME_CHALLENGE}, which ingress-nginx serves on plain HTTP without redirecting (no-tls-redirect-locations)`,
          }),
        );
      }
    }
    if (effects.wwwRedirect && host !== '') routes.push(...wwwRoutes(input, host, base, problem));
  }
  if (defaultRef !== undefined && hostCount === 0) {
    // An Ingress without rules: its backend serves every request no host matches (ingress-nginx's server `_`), if
    // it is the first such Ingress in ingress-nginx's order (§13).
    const holder = input.catchAll;
    const http = holder === undefined || holder === source ? parent('HTTP', '', []) : undefined;
    if (holder !== undefined && holder !== source) {
      problem({
        message: `the default backend of Ingress ${holder} serves the requests no host matches; ingress-nginx ignores this one`,
        field: 'spec.defaultBackend',
      });
    }
    if (http) {
      const rule = { backendRefs: [backendRefObject(defaultRef, ingress.namespace)] };
      const plan = input.canaryOf?.(ingress.namespace, defaultBackend);
      routes.push({
        kind: 'HTTPRoute',
        namespace: ingress.namespace,
        baseName: `${ingress.name}-default-backend`,
        hostnames: [],
        parentRefs: [http],
        rules: plan === undefined ? [rule] : withCanary(rule, undefined, defaultRef, plan, ingress.namespace),
        canaries: plan === undefined ? [] : [plan],
        role: `the default backend of Ingress ${source}: every request whose host no route names, on the listener without hostname`,
      });
    }
  }
  return routes;
}

/** The route object. */
export function routeObject(
  route: RouteDraft,
  name: string,
  annotations: Readonly<Record<string, string>>,
): JsonObject {
  return {
    apiVersion: GATEWAY_V1,
    kind: route.kind,
    metadata: { name, namespace: route.namespace, annotations: { ...annotations } },
    spec: {
      parentRefs: route.parentRefs.map((r) => ({ ...r })),
      ...(route.hostnames.length > 0 ? { hostnames: [...route.hostnames] } : {}),
      rules: route.rules,
    },
  };
}
