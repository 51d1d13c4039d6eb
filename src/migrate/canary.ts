/**
 * Canary Ingresses (docs/migration/ingress-nginx-semantics.md §10). ingress-nginx creates no server or location for a
 * canary: for each of its paths whose host, path and pathType equal a location of a main Ingress of the class, the
 * canary's Service becomes the "alternative backend" of that location's upstream (Service and port), when the
 * Services differ. The alternative hangs on the upstream, so every location proxying to that upstream sends the
 * canary its share, and only the first canary of an upstream takes effect. Canary requests go through the main
 * location, with its settings; the canary's own location keys are ignored.
 *
 * In Gateway API, per main rule proxying to such an upstream: a header match rule (`canary-by-header` with a value:
 * that value; without one: `always` to the canary and `never` to the main backend, which ends the decision), and
 * weighted backendRefs on the rule itself. The weight's total is `canary-weight-total` only above 100, else 100.
 * Cookie and pattern canaries are named, not drafted.
 */
import type { NginxKey } from '../ingress/nginx-keys.js';
import type { ObjectLookup } from '../k8s/lookup.js';
import { asObject, asString, type JsonObject } from '../k8s/object.js';
import { intOf } from './annotations/values.js';
import { GATEWAY_GROUP, objectName, REFERENCE_GRANT_VERSION } from './gateway-api.js';
import { type ClassIngress, type HostFacts, locationKey } from './host-facts.js';
import { type BackendRef, backendRefOf, routePaths } from './matches.js';
import type { AnnotationClass, IngressProblem } from './record.js';

/** How requests reach the canary, as the drafts carry it. */
export interface CanaryPlan {
  /** The canary Ingress, `namespace/name`. */
  readonly source: string;
  readonly namespace: string;
  readonly backend: BackendRef;
  /** Requests out of `total` sent to the canary by weight; 0 for none. */
  readonly weight: number;
  readonly total: number;
  /** `canary-by-header`, with `canary-by-header-value` when set. */
  readonly header?: { readonly name: string; readonly value?: string };
}

/** What one canary key became. */
export interface CanaryKeyOutcome {
  readonly class: AnnotationClass;
  readonly translated: boolean;
  readonly construct?: string;
  readonly reason?: string;
}

export interface CanaryReport {
  /** One per main upstream it attaches to. */
  readonly plans: readonly CanaryPlan[];
  readonly keys: ReadonlyMap<string, CanaryKeyOutcome>;
  readonly problems: IngressProblem[];
}

export interface CanaryMember extends ClassIngress {
  readonly keys: ReadonlyMap<string, NginxKey>;
}

/** ingress-nginx's BasicCharsRegex (parser/validators.go): a value outside it falls back to the default. */
const BASIC_CHARS = /^[/\-._~:a-zA-Z0-9]*$/;
/** An HTTP header name (token), as Gateway API's HTTPHeaderName. */
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/;

/** The upstream ingress-nginx names a backend by: namespace, Service and port as written. */
export function upstreamKey(namespace: string, backend: unknown): string | undefined {
  const service = asObject(asObject(backend)?.service);
  const name = asString(service?.name);
  const port = asObject(service?.port);
  const p = port?.number ?? port?.name;
  if (name === undefined || (typeof p !== 'number' && typeof p !== 'string')) return undefined;
  return `${namespace}/${name}/${p}`;
}

function basic(value: string | undefined): string | undefined {
  return value !== undefined && value !== '' && BASIC_CHARS.test(value) ? value : undefined;
}

interface Settings {
  readonly weight: number;
  readonly total: number;
  readonly header?: { readonly name: string; readonly value?: string };
  readonly keys: Map<string, CanaryKeyOutcome>;
}

/** The canary keys as ingress-nginx parses them, and what each becomes (before the main rules are known). */
function settingsOf(keys: ReadonlyMap<string, NginxKey>): Settings {
  const out = new Map<string, CanaryKeyOutcome>();
  const value = (name: string) => keys.get(name)?.value;
  const weightRaw = value('canary-weight');
  const weight = intOf(weightRaw) ?? 0;
  const totalRaw = value('canary-weight-total');
  const totalSet = intOf(totalRaw);
  const total = totalSet !== undefined && totalSet > 100 ? totalSet : 100;
  const headerName = basic(value('canary-by-header'));
  const headerValue = basic(value('canary-by-header-value'));
  const weighted = 'HTTPRoute rule backendRefs weights (main Service and canary Service)';
  if (weightRaw !== undefined) {
    out.set(
      'canary-weight',
      intOf(weightRaw) === undefined
        ? { class: 'not-needed', translated: true, reason: `"${weightRaw}" is not a number: ingress-nginx uses 0` }
        : weight <= 0
          ? { class: 'not-needed', translated: true, reason: 'no request goes to the canary by weight' }
          : { class: 'standard', translated: true, construct: `${weighted}: ${Math.min(weight, total)} of ${total}` },
    );
  }
  if (totalRaw !== undefined) {
    out.set(
      'canary-weight-total',
      totalSet === undefined || totalSet <= 100
        ? {
            class: 'not-needed',
            translated: true,
            reason: 'ingress-nginx counts weights out of 100 unless the total is above 100',
          }
        : { class: 'standard', translated: true, construct: `${weighted}: out of ${total}` },
    );
  }
  let header: Settings['header'];
  const headerRaw = value('canary-by-header');
  if (headerRaw !== undefined) {
    if (headerName === undefined || !HEADER_NAME.test(headerName)) {
      out.set('canary-by-header', {
        class: 'not-needed',
        translated: true,
        reason: `"${headerRaw}" is not a header name ingress-nginx accepts here: no request is routed by it`,
      });
    } else {
      header = headerValue !== undefined ? { name: headerName, value: headerValue } : { name: headerName };
      out.set('canary-by-header', {
        class: 'standard',
        translated: true,
        construct:
          headerValue !== undefined
            ? `HTTPRoute rule header match ${headerName}: ${headerValue} (Exact) to the canary Service`
            : `HTTPRoute rule header matches ${headerName}: always (to the canary Service) and never (to the main Service)`,
      });
    }
  }
  const valueRaw = value('canary-by-header-value');
  if (valueRaw !== undefined) {
    out.set(
      'canary-by-header-value',
      header === undefined
        ? { class: 'not-needed', translated: true, reason: 'without a usable canary-by-header it has no effect' }
        : headerValue === undefined
          ? {
              class: 'not-needed',
              translated: true,
              reason: `"${valueRaw}" has characters ingress-nginx rejects: it compares always/never instead`,
            }
          : { class: 'standard', translated: true, construct: `HTTPRoute rule header match (Exact ${headerValue})` },
    );
  }
  const patternRaw = value('canary-by-header-pattern');
  if (patternRaw !== undefined) {
    out.set(
      'canary-by-header-pattern',
      header === undefined
        ? { class: 'not-needed', translated: true, reason: 'without a usable canary-by-header it has no effect' }
        : header.value !== undefined
          ? { class: 'not-needed', translated: true, reason: 'ignored: canary-by-header-value is set' }
          : {
              class: 'implementation-specific',
              translated: false,
              construct: 'HTTPRoute header match of type RegularExpression',
              reason:
                'a RegularExpression header match is implementation-specific (support and dialect; this is PCRE): ' +
                `not drafted, so requests whose ${header.name} matches the pattern go by weight instead`,
            },
    );
  }
  const cookieRaw = value('canary-by-cookie');
  if (cookieRaw !== undefined) {
    out.set(
      'canary-by-cookie',
      basic(cookieRaw) === undefined
        ? { class: 'not-needed', translated: true, reason: `"${cookieRaw}" is not a cookie name ingress-nginx accepts` }
        : {
            class: 'implementation-specific',
            translated: false,
            construct: 'a RegularExpression match on the Cookie header',
            reason:
              'Gateway API matches no cookie: requests with the cookie go by header and weight instead (a ' +
              `RegularExpression match on Cookie, (^|;\\s*)${cookieRaw}=always(;|$), approximates it where the ` +
              'implementation supports one)',
          },
    );
  }
  return { weight, total, ...(header !== undefined ? { header } : {}), keys: out };
}

/** Whether the canary sends anything anywhere (weight, or a header). */
function routesSomething(s: Settings): boolean {
  return s.weight > 0 || s.header !== undefined;
}

/**
 * The plans of the canaries among one class's Ingresses (keyed by the upstream they attach to) and a report per
 * canary Ingress (`namespace/name`). `members` are in ingress-nginx's order.
 */
export function planCanaries(
  members: readonly CanaryMember[],
  facts: ReadonlyMap<string, HostFacts>,
  index: ObjectLookup,
): { plans: Map<string, CanaryPlan>; reports: Map<string, CanaryReport> } {
  // The main location of a path: its first owner among the class's main Ingresses (host-facts.ts).
  const mainOf = (host: string, path: string, pathType: string) => {
    const owner = facts.get(host)?.owners.get(locationKey(path, pathType));
    return owner === undefined
      ? undefined
      : { source: owner.source, upstream: upstreamKey(owner.namespace, owner.backend) };
  };
  const plans = new Map<string, CanaryPlan>();
  const reports = new Map<string, CanaryReport>();
  for (const m of members) {
    if (!m.canary) continue;
    const source = `${m.namespace}/${m.name}`;
    const settings = settingsOf(m.keys);
    const problems: IngressProblem[] = [];
    const mine: CanaryPlan[] = [];
    if (asObject(m.ingress.spec)?.defaultBackend !== undefined) {
      problems.push({
        message:
          "a canary's default backend joins the catch-all server of ingress-nginx, which the drafts do not carry: " +
          'it is left out',
        field: 'spec.defaultBackend',
      });
    }
    if (!routesSomething(settings)) {
      problems.push({
        message: 'neither a weight above 0 nor a header: ingress-nginx sends it nothing, and nor do the drafts',
      });
    }
    routePaths(m.ingress).forEach((p) => {
      const main = mainOf(p.host, p.path, p.pathType);
      const where = `${p.host || '(any host)'} ${p.path} (${p.pathType})`;
      if (main === undefined) {
        problems.push({
          message: `no main Ingress of the class has ${where}: ingress-nginx ignores this path of the canary, and so do the drafts`,
          field: `${p.field}.path`,
        });
        return;
      }
      const own = upstreamKey(m.namespace, p.backend);
      if (own === undefined || main.upstream === undefined) {
        problems.push({ message: `the backend of ${where} names no Service port`, field: `${p.field}.backend` });
        return;
      }
      if (own === main.upstream) {
        problems.push({
          message: `${where} goes to the same Service as main Ingress ${main.source}: ingress-nginx ignores it`,
          field: `${p.field}.backend`,
        });
        return;
      }
      const taken = plans.get(main.upstream);
      if (taken !== undefined && taken.source !== source) {
        problems.push({
          message:
            `${where}: canary ${taken.source} is already the alternative backend of ${main.upstream.replace(/\//g, ' ')}, ` +
            'and ingress-nginx uses only the first: this one gets nothing there',
          field: `${p.field}.backend`,
        });
        return;
      }
      if (taken !== undefined) return;
      const ref = backendRefOf(p.backend, m.namespace, index);
      if ('problem' in ref) {
        problems.push({ message: `${ref.problem}; the canary is left out at ${where}`, field: `${p.field}.backend` });
        return;
      }
      if (!routesSomething(settings)) return;
      const plan: CanaryPlan = {
        source,
        namespace: m.namespace,
        backend: ref.ref,
        weight: Math.max(0, Math.min(settings.weight, settings.total)),
        total: settings.total,
        ...(settings.header !== undefined ? { header: settings.header } : {}),
      };
      plans.set(main.upstream, plan);
      mine.push(plan);
    });
    reports.set(source, { plans: mine, keys: settings.keys, problems });
  }
  return { plans, reports };
}

/** A backendRef object, with its namespace when it is not the route's and a weight when given. */
export function backendRefObject(ref: BackendRef, routeNamespace: string, weight?: number): JsonObject {
  return {
    name: ref.name,
    ...(ref.namespace !== undefined && ref.namespace !== routeNamespace ? { namespace: ref.namespace } : {}),
    port: ref.port,
    ...(weight !== undefined ? { weight } : {}),
  };
}

/**
 * The rules a main rule becomes when its upstream has a canary: header rules first (a match with more headers takes
 * precedence over the same path without), then the rule itself with weighted backendRefs.
 */
export function withCanary(
  rule: JsonObject,
  match: JsonObject | undefined,
  main: BackendRef,
  plan: CanaryPlan,
  routeNamespace: string,
): JsonObject[] {
  const canaryRef = { ...plan.backend, namespace: plan.namespace };
  const out: JsonObject[] = [];
  const headerRule = (value: string, to: JsonObject): JsonObject => {
    const base = match ?? {};
    const headers = [
      ...((base.headers as JsonObject[] | undefined) ?? []),
      { type: 'Exact', name: plan.header?.name ?? '', value },
    ];
    return { ...rule, matches: [{ ...base, headers }], backendRefs: [to] };
  };
  if (plan.header !== undefined) {
    if (plan.header.value !== undefined) {
      out.push(headerRule(plan.header.value, backendRefObject(canaryRef, routeNamespace)));
    } else {
      out.push(headerRule('always', backendRefObject(canaryRef, routeNamespace)));
      out.push(headerRule('never', backendRefObject(main, routeNamespace)));
    }
  }
  if (plan.weight > 0) {
    out.push({
      ...rule,
      backendRefs: [
        backendRefObject(main, routeNamespace, plan.total - plan.weight),
        backendRefObject(canaryRef, routeNamespace, plan.weight),
      ],
    });
  } else {
    out.push(rule);
  }
  return out;
}

/** ReferenceGrants for canary Services in another namespace than the main routes that send to them. */
export function canaryReferenceGrants(
  uses: Iterable<{ readonly plan: CanaryPlan; readonly from: ReadonlySet<string> }>,
): { readonly object: JsonObject; readonly plan: CanaryPlan }[] {
  const out: { object: JsonObject; plan: CanaryPlan }[] = [];
  for (const { plan, from } of uses) {
    const namespaces = [...from].filter((ns) => ns !== plan.namespace).sort();
    if (namespaces.length === 0) continue;
    const object: JsonObject = {
      apiVersion: REFERENCE_GRANT_VERSION,
      kind: 'ReferenceGrant',
      metadata: { name: objectName('canary', plan.backend.name), namespace: plan.namespace },
      spec: {
        from: namespaces.flatMap((namespace) => [
          { group: GATEWAY_GROUP, kind: 'HTTPRoute', namespace },
          { group: GATEWAY_GROUP, kind: 'GRPCRoute', namespace },
        ]),
        to: [{ group: '', kind: 'Service', name: plan.backend.name }],
      },
    };
    out.push({ object, plan });
  }
  return out;
}
