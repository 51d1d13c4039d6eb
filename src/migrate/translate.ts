/**
 * Ingress -> Gateway API: the Ingresses the controller resolver attributes to ingress-nginx are translated, every
 * other one is listed as skipped with its controller. For each, its annotations go through the translators (each
 * records what its keys became), the rest are classified, and its routes are drafted; the record says all of it.
 * One Ingress's problem never stops the others.
 */

import type { SourcedObject } from '../engine/types.js';
import { ingressControllerOf } from '../ingress/ingress-class.js';
import { ingressPaths } from '../ingress/ingress-paths.js';
import { readOnCanary } from '../ingress/nginx-canary.js';
import { nginxAnnotationByName } from '../ingress/nginx-catalogue.js';
import { nginxKeysOf } from '../ingress/nginx-keys.js';
import { nginxOrder } from '../ingress/nginx-order.js';
import { parseGoBool } from '../ingress/nginx-values.js';
import type { ObjectLookup } from '../k8s/lookup.js';
import { asArray, asObject, type JsonObject, type K8sObject } from '../k8s/object.js';
import { cors } from './annotations/cors.js';
import { requestHeaders } from './annotations/headers.js';
import { fromToWww, serverAlias, sslPassthrough } from './annotations/host-wide.js';
import { backendProtocol } from './annotations/protocol.js';
import { proxySsl } from './annotations/proxy-ssl.js';
import { appRoot, fixedRedirect, httpsRedirect } from './annotations/redirects.js';
import { rewriteTarget, useRegex } from './annotations/rewrite.js';
import { proxyTimeouts } from './annotations/timeouts.js';
import { untranslatedVerdict } from './annotations/untranslated.js';
import { BackendTlsSet } from './backend-tls.js';
import {
  type CanaryMember,
  type CanaryPlan,
  type CanaryReport,
  canaryReferenceGrants,
  planCanaries,
  upstreamKey,
} from './canary.js';
import {
  type AnnotationInput,
  type AnnotationTranslator,
  type IngressEffects,
  initialEffects,
  type TranslationContext,
} from './draft.js';
import {
  type GatewayApiVersion,
  laterVersion,
  NameAllocator,
  NEEDS,
  objectName,
  sourceAnnotation,
} from './gateway-api.js';
import { type BuiltObject, GatewaySet, type Placement } from './gateways.js';
import { type HostFacts, hostFactsOf } from './host-facts.js';
import { passthroughRoutes } from './passthrough.js';
import {
  ANNOTATION_CLASSES,
  type AnnotationClass,
  type AnnotationOutcome,
  type IngressProblem,
  type IngressRecord,
  type MigrationSummary,
  type SkippedIngress,
} from './record.js';
import { ingressRoutes, type RouteDraft, routeObject } from './routes.js';

export type { Placement } from './gateways.js';

export interface MigrateOptions {
  readonly placement: Placement;
  /** `gatewayClassName` of the Gateways (default: the IngressClass's name). */
  readonly gatewayClass?: string;
  /** Leave out the routes of Ingresses whose security-relevant keys cannot be translated. */
  readonly failClosed?: boolean;
  /** The ingress-nginx annotation prefix of the config, for a controller the inputs do not show. */
  readonly annotationsPrefix?: string;
}

/** A drafted object with its comment block and what it needs. */
export interface DraftObject extends BuiltObject {
  readonly needs: GatewayApiVersion;
}

export interface MigrationResult {
  readonly objects: readonly DraftObject[];
  readonly ingresses: readonly IngressRecord[];
  readonly skipped: readonly SkippedIngress[];
  readonly summary: MigrationSummary;
}

export { SOURCE_ANNOTATION } from './gateway-api.js';
export const REQUIRES_POLICY_ANNOTATION = 'kubeward.io/requires-policy';

/** In order: the protocol first (a GRPCRoute takes fewer filters), redirects before what they replace. */
const TRANSLATORS: readonly AnnotationTranslator[] = [
  backendProtocol,
  proxySsl,
  httpsRedirect,
  fromToWww,
  serverAlias,
  sslPassthrough,
  fixedRedirect,
  appRoot,
  rewriteTarget,
  useRegex,
  requestHeaders,
  proxyTimeouts,
  cors,
];

const CONTROLLER_NAMES: Readonly<Record<string, string>> = {
  'f5-nginx': 'F5 NGINX Ingress Controller (nginx.org/*), which is maintained',
  traefik: 'Traefik',
  other: 'another controller',
  unknown: 'no controller kubeward can tell',
};

interface Candidate extends CanaryMember {
  readonly sourced: SourcedObject;
  /** Its place among the inputs. */
  readonly order: number;
  readonly className: string;
  readonly attribution: IngressRecord['attribution'];
}

interface Translated {
  readonly effects: IngressEffects;
  readonly outcomes: AnnotationOutcome[];
  readonly problems: IngressProblem[];
}

/** What a canary Ingress's own keys are: the canary keys as planned, the rest ignored unless read on a canary. */
function canaryOutcomes(
  keys: ReadonlyMap<string, AnnotationInput>,
  report: CanaryReport | undefined,
): AnnotationOutcome[] {
  const out: AnnotationOutcome[] = [];
  for (const input of keys.values()) {
    const entry = nginxAnnotationByName(input.name);
    const planned = report?.keys.get(input.name);
    const base = { key: input.key, value: input.value, securityRelevant: false };
    if (planned !== undefined) out.push({ ...base, ...planned });
    else if (input.name === 'canary') {
      out.push(
        (report?.plans.length ?? 0) > 0
          ? {
              ...base,
              class: 'standard',
              translated: true,
              construct: "weighted backendRefs and header matches in the main Ingress's rules",
            }
          : { ...base, class: 'not-needed', translated: true, reason: 'the canary sends nothing (see its gaps)' },
      );
    } else if (entry !== undefined && entry.status !== 'removed' && !readOnCanary(entry)) {
      out.push({
        ...base,
        class: 'not-needed',
        translated: true,
        reason: "ingress-nginx ignores it on a canary: canary requests get the main Ingress's settings",
      });
    } else out.push({ ...base, ...untranslatedVerdict(input.name, input.value, entry) });
  }
  return out;
}

function translateAnnotations(
  c: Candidate,
  facts: ReadonlyMap<string, HostFacts>,
  canary: CanaryReport | undefined,
): Translated {
  const annotations = c.keys;
  const effects = initialEffects();
  const byName = new Map<string, AnnotationOutcome>();
  const problems: IngressProblem[] = [];
  if (c.canary) {
    problems.push(...(canary?.problems ?? []));
    const outcomes = canaryOutcomes(annotations, canary).sort((a, b) => a.key.localeCompare(b.key));
    return { effects, outcomes, problems };
  }
  const paths = ingressPaths(c.ingress);
  const hasTls = paths.some((p) => (facts.get(p.host)?.certificates.length ?? 0) > 0);
  const ctx: TranslationContext = {
    namespace: c.namespace,
    source: `${c.namespace}/${c.name}`,
    facts,
    annotations,
    paths,
    hasTls,
    effects,
    record(name, outcome) {
      const input = annotations.get(name);
      if (input === undefined || byName.has(name)) return;
      const securityRelevant = untranslatedVerdict(name, input.value, nginxAnnotationByName(name)).securityRelevant;
      byName.set(name, { key: input.key, value: input.value, ...outcome, securityRelevant });
    },
    problem(p) {
      problems.push(p);
    },
  };
  for (const t of TRANSLATORS) t.translate(ctx);
  for (const input of annotations.values()) {
    if (byName.has(input.name)) continue;
    const verdict = untranslatedVerdict(input.name, input.value, nginxAnnotationByName(input.name));
    byName.set(input.name, { key: input.key, value: input.value, ...verdict });
  }
  const outcomes = [...byName.values()].sort((a, b) => a.key.localeCompare(b.key));
  return { effects, outcomes, problems };
}

/** An Ingress with a defaultBackend and no rules: it bids for the catch-all server. */
function isCatchAll(ingress: K8sObject): boolean {
  const spec = asObject(ingress.spec);
  return spec?.defaultBackend !== undefined && asArray(spec.rules).length === 0;
}

function candidatesOf(
  objects: readonly SourcedObject[],
  index: ObjectLookup,
  skipped: SkippedIngress[],
  prefix: string | undefined,
): Candidate[] {
  const out: Candidate[] = [];
  for (const sourced of objects) {
    const ingress = sourced.object;
    if (ingress.kind !== 'Ingress') continue;
    const namespace = index.namespaceOf(ingress);
    const name = String(ingress.metadata?.name ?? '');
    const where = { namespace, name, file: sourced.source.file, line: sourced.source.position.line };
    const r = ingressControllerOf(ingress, index, prefix);
    if (r.controller !== 'ingress-nginx') {
      skipped.push({
        ...where,
        controller: r.controller,
        reason: `served by ${CONTROLLER_NAMES[r.controller] ?? r.controller}: ${r.evidence}`,
      });
      continue;
    }
    if (ingress.apiVersion !== 'networking.k8s.io/v1') {
      skipped.push({
        ...where,
        controller: r.controller,
        reason: `${ingress.apiVersion} is not networking.k8s.io/v1 (removed in Kubernetes 1.22): convert it to v1 first`,
      });
      continue;
    }
    const keys = nginxKeysOf(ingress, r.annotationsPrefix);
    out.push({
      ingress,
      namespace,
      name,
      keys,
      canary: parseGoBool(keys.get('canary')?.value) === true,
      order: out.length,
      sourced,
      className: r.className ?? '',
      attribution: {
        classSource: r.classSource,
        ...(r.className !== undefined ? { className: r.className } : {}),
        confidence: r.confidence,
        evidence: r.evidence,
      },
    });
  }
  return out;
}

function securityKeys(outcomes: readonly AnnotationOutcome[]): string[] {
  return outcomes.filter((o) => o.securityRelevant && !o.translated).map((o) => o.key);
}

function canaryComment(plan: CanaryPlan): string {
  const ways = [
    ...(plan.header?.value !== undefined ? [`requests with ${plan.header.name}: ${plan.header.value}`] : []),
    ...(plan.header !== undefined && plan.header.value === undefined
      ? [`requests with ${plan.header.name}: always (and never to the main Service)`]
      : []),
    ...(plan.weight > 0 ? [`${plan.weight} of ${plan.total} other requests by weight`] : []),
  ];
  return (
    `Canary Ingress ${plan.source}: ${ways.join(', ')} go to Service ${plan.namespace}/${plan.backend.name}, on every ` +
    'rule of the main Service port, as ingress-nginx attaches a canary to the upstream, not to one path.'
  );
}

function routeComments(
  route: RouteDraft,
  t: Translated,
  open: readonly string[],
  sources: readonly string[],
): string[] {
  const lines = [`${route.kind} from Ingress ${sources.join(', ')}: ${route.role}.`];
  if (open.length > 0) {
    lines.push(
      `WARNING: this route is OPEN. Ingress ${sources.join(', ')} protects it with ${open.join(', ')}, which no ` +
        'standard construct enforces: add the policy of your Gateway implementation before applying it.',
    );
  }
  const gaps = t.outcomes.filter((o) => !o.translated);
  if (gaps.length > 0) {
    lines.push('Not translated:');
    for (const o of gaps) {
      lines.push(
        `  ${o.key}: ${JSON.stringify(o.value)} (${o.class}: ${o.reason ?? ''}${o.suggestion ? `; e.g. ${o.suggestion}` : ''})`,
      );
    }
  }
  for (const plan of new Set(route.canaries)) lines.push(canaryComment(plan));
  for (const p of t.problems) lines.push(`Gap: ${p.message}${p.field ? ` (${p.field})` : ''}`);
  lines.push(...t.effects.notes, ...(route.notes ?? []));
  if (
    route.rules.some((r) => asArray(r.matches).some((m) => asObject(asObject(m)?.path)?.type === 'RegularExpression'))
  ) {
    lines.push(
      'RegularExpression paths: ingress-nginx matched them case-insensitively from the start of the path (PCRE), ' +
        'trying the longest path first; the regex dialect, anchoring and precedence of RegularExpression matches are ' +
        "up to the Gateway implementation. The rules here are in nginx's order; check which rule wins where paths overlap.",
    );
  }
  return lines;
}

function summaryOf(
  records: readonly IngressRecord[],
  skipped: readonly SkippedIngress[],
  objects: readonly DraftObject[],
): MigrationSummary {
  const byClass = Object.fromEntries(ANNOTATION_CLASSES.map((c) => [c, 0])) as Record<AnnotationClass, number>;
  let untranslated = 0;
  for (const r of records) {
    for (const a of r.annotations) {
      byClass[a.class]++;
      if (!a.translated) untranslated++;
    }
  }
  const count = (o: IngressRecord['outcome']) => records.filter((r) => r.outcome === o).length;
  return {
    ingresses: records.length,
    translated: count('translated'),
    withGaps: count('gaps'),
    leftOut: count('left-out'),
    failed: count('failed'),
    skipped: skipped.length,
    objects: objects.length,
    annotationsByClass: byClass,
    untranslatedAnnotations: untranslated,
    minGatewayApiVersion: objects.reduce<GatewayApiVersion>((v, o) => laterVersion(v, o.needs), 'v1.0'),
  };
}

/** Translates the ingress-nginx Ingresses among `objects` (looked up in `index`) to Gateway API drafts. */
export function migrateToGatewayApi(
  objects: readonly SourcedObject[],
  index: ObjectLookup,
  options: MigrateOptions,
): MigrationResult {
  const skipped: SkippedIngress[] = [];
  const candidates = candidatesOf(objects, index, skipped, options.annotationsPrefix);
  const byClass = new Map<string, Candidate[]>();
  for (const c of candidates) {
    const list = byClass.get(c.className);
    if (list) list.push(c);
    else byClass.set(c.className, [c]);
  }
  const gateways = new GatewaySet(options.placement, options.gatewayClass);
  const names = new NameAllocator();
  const records: { order: number; record: IngressRecord }[] = [];
  const routeObjects: DraftObject[] = [];
  const grants: DraftObject[] = [];
  const backendTls = new BackendTlsSet(index);
  for (const [className, members] of byClass) {
    const ordered = [...members].sort(nginxOrder);
    const facts = hostFactsOf(ordered);
    const { plans, reports } = planCanaries(ordered, facts, index);
    const catchAll = ordered.find((c) => !c.canary && isCatchAll(c.ingress));
    const passthrough = passthroughRoutes(facts, className, gateways, index);
    const passthroughObjects = new Map<string, string[]>();
    for (const r of passthrough.routes) {
      const name = names.take('TLSRoute', r.namespace, objectName(r.baseName));
      routeObjects.push({ object: r.object(name), sources: r.sources, comments: r.comments, needs: NEEDS.tlsRoute });
      for (const s of r.sources)
        passthroughObjects.set(s, [...(passthroughObjects.get(s) ?? []), `TLSRoute ${r.namespace}/${name}`]);
    }
    const carried = new Map<CanaryPlan, string[]>();
    // One grant per canary Service: two canaries (or two upstreams of one) can send to the same one.
    const grantUses = new Map<string, { plan: CanaryPlan; from: Set<string> }>();
    const canaryOf =
      plans.size === 0
        ? undefined
        : (namespace: string, backend: unknown): CanaryPlan | undefined => {
            const key = upstreamKey(namespace, backend);
            return key === undefined ? undefined : plans.get(key);
          };
    // Main Ingresses first: a canary's record names the routes that carry it.
    for (const c of [...members.filter((m) => !m.canary), ...members.filter((m) => m.canary)]) {
      const source = `${c.namespace}/${c.name}`;
      const report = c.canary ? reports.get(source) : undefined;
      const t = translateAnnotations(c, facts, report);
      const problems = t.problems;
      problems.push(...(passthrough.problems.get(source) ?? []));
      const routes = c.canary
        ? []
        : ingressRoutes(
            {
              ingress: { object: c.ingress, namespace: c.namespace, name: c.name },
              className,
              effects: t.effects,
              facts,
              gateways,
              index,
              ...(catchAll !== undefined ? { catchAll: `${catchAll.namespace}/${catchAll.name}` } : {}),
              ...(canaryOf !== undefined ? { canaryOf } : {}),
            },
            (p) => problems.push(p),
          );
      const open = securityKeys(t.outcomes);
      const leftOut = open.length > 0 && options.failClosed === true;
      const emitted: string[] = [];
      if (!leftOut) {
        for (const route of routes) {
          const name = names.take(route.kind, route.namespace, objectName(route.baseName));
          const sources = [source, ...new Set(route.canaries.map((p) => p.source))];
          const annotations: Record<string, string> = {
            ...sourceAnnotation(sources),
            ...(open.length > 0 ? { [REQUIRES_POLICY_ANNOTATION]: open.join(',') } : {}),
          };
          const what = `${route.kind} ${route.namespace}/${name}`;
          routeObjects.push({
            object: routeObject(route, name, annotations) as JsonObject,
            sources,
            comments: routeComments(route, t, open, sources),
            needs: route.kind === 'GRPCRoute' ? laterVersion(t.effects.needs, 'v1.1') : t.effects.needs,
          });
          emitted.push(what);
          if (t.effects.backendTls !== undefined) {
            problems.push(...backendTls.add(route.namespace, route.rules, t.effects.backendTls, source));
          }
          for (const plan of route.canaries) {
            const list = carried.get(plan);
            if (list) list.push(what);
            else carried.set(plan, [what]);
            if (plan.namespace !== route.namespace) {
              const key = `${plan.namespace}/${plan.backend.name}`;
              const use = grantUses.get(key) ?? { plan, from: new Set<string>() };
              use.from.add(route.namespace);
              grantUses.set(key, use);
            }
          }
        }
      } else {
        problems.push({
          message: `its routes are left out (--fail-closed): ${open.join(', ')} cannot be translated, and the routes would be open without them`,
        });
      }
      // Port 443 of a passthrough host never saw the Ingress's L7 keys: its TLSRoute stays even under --fail-closed.
      emitted.push(...(passthroughObjects.get(source) ?? []));
      if (report !== undefined && report.plans.length > 0) {
        emitted.push(...new Set(report.plans.flatMap((p) => carried.get(p) ?? [])));
        if (emitted.length === 0) {
          problems.push({
            message: "the main Ingress's routes it joins are not drafted (see that Ingress's gaps): nothing carries it",
          });
        }
      }
      const gaps = t.outcomes.some((o) => !o.translated) || problems.length > 0;
      records.push({
        order: c.order,
        record: {
          namespace: c.namespace,
          name: c.name,
          file: c.sourced.source.file,
          line: c.sourced.source.position.line,
          attribution: c.attribution,
          outcome: leftOut ? 'left-out' : emitted.length === 0 && !c.canary ? 'failed' : gaps ? 'gaps' : 'translated',
          annotations: t.outcomes,
          problems,
          objects: emitted,
          requiresPolicy: open,
        },
      });
    }
    for (const { object, plan } of canaryReferenceGrants(grantUses.values())) {
      grants.push({
        object,
        sources: [plan.source],
        comments: [
          `Lets the routes that carry canary Ingress ${plan.source} send its traffic to Service ${plan.namespace}/${plan.backend.name}.`,
        ],
        needs: 'v1.0',
      });
    }
  }
  const gatewayObjects: DraftObject[] = gateways.build().map((o) => ({ ...o, needs: o.needs ?? 'v1.0' }));
  const policies: DraftObject[] = backendTls.build().map((o) => ({ ...o, needs: NEEDS.backendTlsPolicy }));
  const all = [...gatewayObjects, ...routeObjects, ...policies, ...grants];
  const ordered = records.sort((a, b) => a.order - b.order).map((r) => r.record);
  return { objects: all, ingresses: ordered, skipped, summary: summaryOf(ordered, skipped, all) };
}
