/**
 * The migration report as data (schemaVersion 1, schema/migration-report.schema.json): the ingress-nginx exit audit
 * computed from one run of `migrateToGatewayApi` (its translation record is the only source of annotation classes,
 * so the report and `kubeward migrate` never disagree) and the controller exposure. Every figure the Markdown shows
 * comes from here. Linear in the input: each Ingress and each annotation is visited a fixed number of times.
 */
import type { SourcedObject } from '../../engine/types.js';
import { controllerPrefixOf } from '../../ingress/annotation-prefixes.js';
import { INGRESS_NGINX_CVES, INGRESS_NGINX_FINAL_RELEASE_DATE } from '../../ingress/ingress-nginx-data.gen.js';
import { regexModeName } from '../../ingress/ingress-paths.js';
import { I2GW_SOURCE_COMMIT, NGINX_SOURCE_COMMIT } from '../../ingress/nginx-catalogue.gen.js';
import { nginxAnnotationByName } from '../../ingress/nginx-catalogue.js';
import { parseGoBool } from '../../ingress/nginx-values.js';
import type { ObjectLookup } from '../../k8s/lookup.js';
import { GATEWAY_API_RELEASE } from '../../migrate/gateway-api.js';
import type { AnnotationClass, Attribution, IngressRecord, ProblemKind, SkippedIngress } from '../../migrate/record.js';
import { ANNOTATION_CLASSES, sourceOf } from '../../migrate/record.js';
import { type MigrationResult, migrateToGatewayApi } from '../../migrate/translate.js';
import { VERSION } from '../../version.js';
import {
  DIFFICULTY_LEVELS,
  type Difficulty,
  type DifficultyLevel,
  difficultyOf,
  type Grade,
  gradeOf,
  type MigrationClass,
  migrationClassOf,
} from './difficulty.js';
import { type Exposure, type ExposureSource, exposureOf } from './exposure.js';

export const MIGRATION_REPORT_SCHEMA_VERSION = 1;

export interface InventoryIngress {
  readonly namespace: string;
  readonly name: string;
  readonly file: string;
  readonly line: number;
  readonly attribution: Attribution;
}

/** An Ingress the report does not cover, with its controller and why: migrate's record of it. */
export type OtherIngress = SkippedIngress;

export interface Inventory {
  /** All Ingresses of the inputs. */
  readonly total: number;
  /** Those served by ingress-nginx (covered and unconverted). */
  readonly ingressNginx: number;
  /** ingress-nginx Ingresses by how they were attributed. */
  readonly byAttribution: Readonly<Record<Attribution['classSource'], number>>;
  readonly othersByController: readonly { readonly controller: string; readonly count: number }[];
  /** The ingress-nginx Ingresses the report covers (translated by `migrate`). */
  readonly ingresses: readonly InventoryIngress[];
  /** ingress-nginx Ingresses `migrate` cannot read (not networking.k8s.io/v1), with why: counted, not covered. */
  readonly unconverted: readonly OtherIngress[];
  /** Ingresses of other controllers (F5 NGINX, Traefik, unknown). */
  readonly others: readonly OtherIngress[];
}

export interface HistogramBucket {
  readonly label: string;
  readonly min: number;
  /** Inclusive; absent for the last, open bucket. */
  readonly max?: number;
  readonly count: number;
}

export interface KeyUse {
  readonly key: string;
  /** Occurrences: Ingresses that set the key (an Ingress sets a key once). */
  readonly count: number;
  /** The key's most frequent class (a tie goes to the harder class); `byClass` has them all. */
  readonly class: AnnotationClass;
  /** Occurrences per class, the classes that occur only: a key's class can depend on its value. */
  readonly byClass: Readonly<Partial<Record<AnnotationClass, number>>>;
  /** The construct of the first occurrence of the most frequent class, when it has one. */
  readonly construct?: string;
}

export interface AnnotationDebt {
  /** Annotation occurrences of the ingress-nginx Ingresses. */
  readonly total: number;
  readonly distinctKeys: number;
  readonly perIngress: { readonly min: number; readonly median: number; readonly max: number };
  readonly histogram: readonly HistogramBucket[];
  readonly byClass: Readonly<Record<AnnotationClass, number>>;
  /** Every distinct key, by count, then key. */
  readonly keys: readonly KeyUse[];
  /** The most used keys: the first TOP_KEYS of `keys`. */
  readonly topKeys: readonly KeyUse[];
  /** Occurrences of snippet keys (raw nginx configuration). */
  readonly snippets: number;
  /** Share (0 to 1) of the occurrences whose class is standard; 0 when there is none. */
  readonly standardShare: number;
}

export interface ReportAnnotation {
  readonly key: string;
  readonly class: AnnotationClass;
  readonly translated: boolean;
  readonly construct?: string;
  readonly reason?: string;
  readonly securityRelevant: boolean;
}

export interface ReportIngress {
  readonly namespace: string;
  readonly name: string;
  readonly file: string;
  readonly line: number;
  readonly outcome: IngressRecord['outcome'];
  readonly migrationClass: MigrationClass;
  readonly annotations: readonly ReportAnnotation[];
  /** Security-relevant keys (auth, allow-lists, rate limits, WAF) that would fail open if dropped. */
  readonly securityKeys: readonly string[];
  /** Of those, the ones no draft enforces: a policy must exist before the routes go live. */
  readonly requiresPolicy: readonly string[];
  readonly gaps: readonly string[];
  readonly difficulty: Difficulty;
}

export interface NamespaceSummary {
  readonly namespace: string;
  readonly ingresses: number;
  readonly byClass: Readonly<Record<MigrationClass, number>>;
  readonly byLevel: Readonly<Record<DifficultyLevel, number>>;
  /** Share of trivial or easy Ingresses. */
  readonly easyShare: number;
  readonly blockedShare: number;
  readonly grade: Grade;
}

/** The kinds of gap migrate's record names, and keys under another controller's prefix. */
export type FindingKind = ProblemKind | 'wrong-prefix' | 'duplicate-name';

export const FINDING_KINDS: readonly FindingKind[] = [
  'regex-mode',
  'duplicate-path',
  'unresolved-port',
  'resource-backend',
  'wrong-prefix',
  'duplicate-name',
];

export interface Finding {
  readonly kind: FindingKind;
  readonly namespace: string;
  readonly name: string;
  /** Where the Ingress was read (`file`, `line`; line 0 for a cluster object): names with two definitions differ here. */
  readonly file: string;
  readonly line: number;
  readonly message: string;
  readonly field?: string;
}

export interface Findings {
  readonly counts: Readonly<Record<FindingKind, number>>;
  /** Ingresses whose keys switch their host to regex mode (use-regex, rewrite-target). */
  readonly regexCauses: readonly string[];
  readonly items: readonly Finding[];
}

export type ExitPath = 'bridge' | 'another-controller' | 'leave-ingress-layer' | 'gateway-api' | 'nothing-to-migrate';

export interface Recommendation {
  readonly path: ExitPath;
  readonly title: string;
  readonly reasons: readonly string[];
  readonly caveats: readonly string[];
  readonly minGatewayApiVersion: string;
}

/** What the report was computed from: files (or standard input), or a live cluster's listing. */
export type ReportInput =
  | { readonly kind: 'files'; readonly paths: readonly string[] }
  | {
      readonly kind: 'cluster';
      readonly context: string;
      /** `-n`: only this namespace's namespaced objects were listed. */
      readonly namespace?: string;
      /** Kinds a partial listing (`--allow-partial`) could not list. */
      readonly unlisted: readonly string[];
    };

export interface Sources {
  /** The kubeward version that computed the report (its catalogue, CVE data and translator). */
  readonly kubeward: string;
  /** When the report was computed (ISO 8601, UTC); absent when the caller gave no time (reproducible output). */
  readonly generatedAt?: string;
  /** What it was computed from; absent when the caller did not say. */
  readonly input?: ReportInput;
  readonly catalogue: { readonly ingressNginxCommit: string; readonly ingress2gatewayCommit: string };
  readonly cves: { readonly count: number; readonly latestPublished: string; readonly finalReleaseDate: string };
  readonly gatewayApi: {
    /** The release whose standard-channel CRDs the drafts are built to and validated against. */
    readonly release: string;
    readonly channel: string;
    readonly published: string;
    readonly commit: string;
    readonly minVersion: string;
  };
}

/** The headline figures, as every format shows them. */
export interface ReportSummary {
  /** The covered ingress-nginx Ingresses by migration class. */
  readonly byClass: Readonly<Record<MigrationClass, number>>;
  /** Open CVEs summed over the controllers found (a CVE open on two controllers counts twice). */
  readonly openCves: number;
  /** The worst CVSS score among them; absent when none is scored. */
  readonly worstCveScore?: number;
}

export interface MigrationReport {
  readonly schemaVersion: 1;
  readonly summary: ReportSummary;
  readonly inventory: Inventory;
  /** null when exposure was not computed. */
  readonly exposure: Exposure | null;
  readonly annotationDebt: AnnotationDebt;
  readonly ingresses: readonly ReportIngress[];
  readonly namespaces: readonly NamespaceSummary[];
  readonly findings: Findings;
  readonly recommendation: Recommendation;
  readonly sources: Sources;
}

export interface MigrationReportOptions {
  /** The ingress-nginx annotation prefix of the config, for a controller the inputs do not show. */
  readonly annotationsPrefix?: string;
  /** Where the objects came from (a cluster, and what its ConfigMap gets answered), for the exposure's notes. */
  readonly source?: ExposureSource;
  /** What the objects were read from, for Sources. */
  readonly input?: ReportInput;
  /** When the report is computed (ISO 8601), for Sources; absent keeps the output reproducible. */
  readonly generatedAt?: string;
}

export const TOP_KEYS = 20;

/** Annotation-count buckets of the histogram: [min, max] inclusive, the last open. */
export const HISTOGRAM_BUCKETS: readonly { readonly min: number; readonly max?: number }[] = [
  { min: 0, max: 0 },
  { min: 1, max: 2 },
  { min: 3, max: 5 },
  { min: 6, max: 10 },
  { min: 11, max: 20 },
  { min: 21, max: 50 },
  { min: 51 },
];

/** Thresholds of the recommendation (shares of the ingress-nginx Ingresses). */
export const RECOMMENDATION_RULES = {
  /** At least this share blocked: a maintained fork or vendor NGINX as a bridge. */
  bridgeBlockedShare: 0.3,
  /** More than this share needing implementation policies: another Ingress controller. */
  controllerPolicyShare: 0.5,
  /** At least this share with no ingress-nginx key at all: leaving the ingress layer is realistic. */
  leaveAnnotationFreeShare: 0.8,
} as const;

/** The canonical name of a key (`nginx.ingress.kubernetes.io/auth-url` -> `auth-url`), under any prefix. */
function nameOf(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1);
}

/** part / whole, exact (0 when there is no whole): what the thresholds compare. */
function ratio(part: number, whole: number): number {
  return whole === 0 ? 0 : part / whole;
}

/** A ratio as the report shows it: rounded to 3 decimals. */
function share(part: number, whole: number): number {
  return Math.round(ratio(part, whole) * 1000) / 1000;
}

function zeroes<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
}

function bucketLabel(b: { readonly min: number; readonly max?: number }): string {
  if (b.max === undefined) return `${b.min}+`;
  return b.min === b.max ? String(b.min) : `${b.min}-${b.max}`;
}

function inventoryOf(result: MigrationResult): Inventory {
  const byAttribution = zeroes(['spec', 'annotation', 'default', 'none'] as const);
  for (const r of result.ingresses) byAttribution[r.attribution.classSource]++;
  const unconverted = result.skipped.filter((s) => s.controller === 'ingress-nginx').map((s) => ({ ...s }));
  const others = result.skipped.filter((s) => s.controller !== 'ingress-nginx').map((s) => ({ ...s }));
  const byController = new Map<string, number>();
  for (const s of others) byController.set(s.controller, (byController.get(s.controller) ?? 0) + 1);
  return {
    total: result.ingresses.length + result.skipped.length,
    ingressNginx: result.ingresses.length + unconverted.length,
    byAttribution,
    othersByController: [...byController]
      .map(([controller, count]) => ({ controller, count }))
      .sort((a, b) => b.count - a.count || a.controller.localeCompare(b.controller)),
    ingresses: result.ingresses.map((r) => ({
      namespace: r.namespace,
      name: r.name,
      file: r.file,
      line: r.line,
      attribution: r.attribution,
    })),
    unconverted,
    others,
  };
}

function median(sorted: readonly number[]): number {
  if (sorted.length === 0) return 0;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Harder first: what a tie between a key's classes resolves to. */
const CLASS_SEVERITY: readonly AnnotationClass[] = [
  'no-equivalent',
  'implementation-specific',
  'experimental',
  'standard',
  'not-needed',
];

interface ClassUse {
  count: number;
  /** The construct the uses share (commonConstruct of all of them). */
  construct?: string;
}

function keyUseOf(key: string, classes: ReadonlyMap<AnnotationClass, ClassUse>): KeyUse {
  let main: { cls: AnnotationClass; count: number; constructs?: string } | undefined;
  const byClass: Partial<Record<AnnotationClass, number>> = {};
  let count = 0;
  for (const cls of CLASS_SEVERITY) {
    const use = classes.get(cls);
    if (use === undefined) continue;
    byClass[cls] = use.count;
    count += use.count;
    if (main === undefined || use.count > main.count) {
      main = { cls, count: use.count, ...(use.construct !== undefined ? { constructs: use.construct } : {}) };
    }
  }
  const construct = main?.constructs;
  return {
    key,
    count,
    class: main?.cls ?? 'not-needed',
    byClass,
    ...(construct !== undefined ? { construct } : {}),
  };
}

/**
 * What the constructs of a key's uses share: the construct itself when they agree, else their common words (the
 * construct carries the value, `HTTPRoute rules[].timeouts.request 65s`), or nothing when they share none.
 */
export function commonConstruct(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined || b === undefined) return undefined;
  if (a === b) return a;
  const x = a.split(' ');
  const y = b.split(' ');
  let n = 0;
  while (n < x.length && n < y.length && x[n] === y[n]) n++;
  return n === 0 ? undefined : x.slice(0, n).join(' ');
}

function debtOf(records: readonly IngressRecord[]): AnnotationDebt {
  const counts = records.map((r) => r.annotations.length).sort((a, b) => a - b);
  const histogram = HISTOGRAM_BUCKETS.map((b) => ({ label: bucketLabel(b), ...b, count: 0 }));
  for (const n of counts) {
    const bucket = histogram.find((b) => n >= b.min && (b.max === undefined || n <= b.max));
    if (bucket) bucket.count++;
  }
  const byClass = zeroes(ANNOTATION_CLASSES);
  const keys = new Map<string, Map<AnnotationClass, ClassUse>>();
  let total = 0;
  let snippets = 0;
  for (const r of records) {
    for (const a of r.annotations) {
      total++;
      byClass[a.class]++;
      if (nginxAnnotationByName(nameOf(a.key))?.snippet === true) snippets++;
      let classes = keys.get(a.key);
      if (classes === undefined) {
        classes = new Map();
        keys.set(a.key, classes);
      }
      const use = classes.get(a.class);
      if (use === undefined) {
        classes.set(a.class, { count: 1, ...(a.construct !== undefined ? { construct: a.construct } : {}) });
      } else {
        use.count++;
        const shared = commonConstruct(use.construct, a.construct);
        if (shared === undefined) delete use.construct;
        else use.construct = shared;
      }
    }
  }
  const uses = [...keys].map(([key, classes]) => keyUseOf(key, classes));
  uses.sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
  return {
    total,
    distinctKeys: keys.size,
    perIngress: { min: counts[0] ?? 0, median: median(counts), max: counts[counts.length - 1] ?? 0 },
    histogram: histogram.map(({ label, min, max, count }) => ({
      label,
      min,
      ...(max !== undefined ? { max } : {}),
      count,
    })),
    byClass,
    keys: uses,
    topKeys: uses.slice(0, TOP_KEYS),
    snippets,
    standardShare: share(byClass.standard, total),
  };
}

function reportIngressOf(r: IngressRecord, regexHost: boolean): ReportIngress {
  const keys = new Map(r.annotations.map((a) => [nameOf(a.key), { value: a.value }]));
  const difficulty = difficultyOf({
    annotations: r.annotations,
    gaps: r.problems.length,
    regexMode: regexHost || regexModeName(keys) !== undefined,
    auth: r.annotations.some((a) => nameOf(a.key).startsWith('auth-')),
    canary: parseGoBool(keys.get('canary')?.value) === true,
  });
  return {
    namespace: r.namespace,
    name: r.name,
    file: r.file,
    line: r.line,
    outcome: r.outcome,
    migrationClass: migrationClassOf(r.annotations),
    annotations: r.annotations.map((a) => ({
      key: a.key,
      class: a.class,
      translated: a.translated,
      ...(a.construct !== undefined ? { construct: a.construct } : {}),
      ...(a.reason !== undefined ? { reason: a.reason } : {}),
      securityRelevant: a.securityRelevant,
    })),
    securityKeys: r.annotations.filter((a) => a.securityRelevant).map((a) => a.key),
    requiresPolicy: r.requiresPolicy,
    gaps: r.problems.map((p) => (p.field !== undefined ? `${p.message} (${p.field})` : p.message)),
    difficulty,
  };
}

function findingsOf(
  result: MigrationResult,
  objects: readonly SourcedObject[],
  index: ObjectLookup,
): { findings: Findings; regexAffected: Set<string> } {
  const items: Finding[] = [];
  const regexAffected = new Set<string>();
  const regexCauses: string[] = [];
  for (const r of result.ingresses) {
    const source = `${r.namespace}/${r.name}`;
    const keys = new Map(r.annotations.map((a) => [nameOf(a.key), { value: a.value }]));
    if (regexModeName(keys) !== undefined) regexCauses.push(source);
    for (const p of r.problems) {
      const kind = p.kind;
      if (kind === undefined) continue;
      if (kind === 'regex-mode') regexAffected.add(source);
      items.push({
        kind,
        namespace: r.namespace,
        name: r.name,
        file: r.file,
        line: r.line,
        message: p.message,
        ...(p.field !== undefined ? { field: p.field } : {}),
      });
    }
  }
  // Keys under another controller's prefix: the Ingress's own controller ignores them.
  const controllerOf = new Map<string, string>();
  for (const r of result.ingresses) controllerOf.set(`${r.namespace}/${r.name}`, 'ingress-nginx');
  for (const s of result.skipped) controllerOf.set(`${s.namespace}/${s.name}`, s.controller);
  for (const { object, source } of objects) {
    if (object.kind !== 'Ingress') continue;
    const namespace = index.namespaceOf(object);
    const name = String(object.metadata?.name ?? '');
    const controller = controllerOf.get(`${namespace}/${name}`);
    if (controller === undefined || controller === 'unknown' || controller === 'other') continue;
    const annotations = object.metadata?.annotations;
    if (annotations === null || typeof annotations !== 'object') continue;
    for (const key of Object.keys(annotations)) {
      const owner = controllerPrefixOf(key);
      if (owner === undefined || owner.controller === controller) continue;
      items.push({
        kind: 'wrong-prefix',
        namespace,
        name,
        file: source.file,
        line: source.position.line,
        message: `${key} is read by ${owner.controller}, but ${controller} serves this Ingress: it has no effect`,
        field: `metadata.annotations.${key}`,
      });
    }
  }
  items.push(...duplicateNames(result));
  const counts = zeroes(FINDING_KINDS);
  for (const f of items) counts[f.kind]++;
  return { findings: { counts, regexCauses, items }, regexAffected };
}

/**
 * An Ingress name defined more than once among the inputs (two renderings, two clusters' manifests): a cluster holds
 * one object of a name, so the report counts each definition and says so, once per name, with every location.
 */
function duplicateNames(result: MigrationResult): Finding[] {
  const byName = new Map<string, { namespace: string; name: string; file: string; line: number; where: string[] }>();
  for (const r of [...result.ingresses, ...result.skipped]) {
    const id = `${r.namespace}/${r.name}`;
    const where = sourceOf(r);
    const entry = byName.get(id);
    if (entry) entry.where.push(where);
    else byName.set(id, { namespace: r.namespace, name: r.name, file: r.file, line: r.line, where: [where] });
  }
  return [...byName.values()]
    .filter((e) => e.where.length > 1)
    .map((e) => ({
      kind: 'duplicate-name' as const,
      namespace: e.namespace,
      name: e.name,
      file: e.file,
      line: e.line,
      message:
        `Ingress ${e.namespace}/${e.name} is defined ${e.where.length} times in the inputs (${e.where.join(', ')}); ` +
        'a cluster holds one Ingress of a name, so only one of them can be live: the report counts each definition',
    }));
}

/** `team-3` before `team-29`. */
const NUMERIC = new Intl.Collator('en', { numeric: true });

function namespacesOf(ingresses: readonly ReportIngress[]): NamespaceSummary[] {
  const groups = new Map<string, ReportIngress[]>();
  for (const i of ingresses) {
    const list = groups.get(i.namespace);
    if (list) list.push(i);
    else groups.set(i.namespace, [i]);
  }
  const levels = DIFFICULTY_LEVELS.map((l) => l.level);
  return [...groups]
    .sort(([a], [b]) => NUMERIC.compare(a, b))
    .map(([namespace, list]) => {
      const byClass = zeroes(['clean', 'policy', 'blocked'] as const);
      const byLevel = zeroes(levels);
      for (const i of list) {
        byClass[i.migrationClass]++;
        byLevel[i.difficulty.level]++;
      }
      const easy = byLevel.trivial + byLevel.easy;
      const easyShare = share(easy, list.length);
      const blockedShare = share(byClass.blocked, list.length);
      return {
        namespace,
        ingresses: list.length,
        byClass,
        byLevel,
        easyShare,
        blockedShare,
        grade: gradeOf(ratio(easy, list.length), ratio(byClass.blocked, list.length)),
      };
    });
}

function ingressCount(n: number): string {
  return `${n} ${n === 1 ? 'Ingress' : 'Ingresses'}`;
}

function percent(x: number): string {
  return `${Math.round(x * 100)}%`;
}

function recommendationOf(
  ingresses: readonly ReportIngress[],
  exposure: Exposure | null,
  findings: Findings,
  minGatewayApiVersion: string,
): Recommendation {
  const n = ingresses.length;
  if (n === 0) {
    return {
      path: 'nothing-to-migrate',
      title: 'nothing to migrate: no Ingress of the inputs is served by ingress-nginx',
      reasons: ['0 Ingresses on ingress-nginx among the inputs'],
      caveats: [],
      minGatewayApiVersion,
    };
  }
  const count = (c: MigrationClass) => ingresses.filter((i) => i.migrationClass === c).length;
  const blocked = ratio(count('blocked'), n);
  const policy = ratio(count('policy'), n);
  const clean = ratio(count('clean'), n);
  const annotationFree = ratio(ingresses.filter((i) => i.annotations.length === 0).length, n);
  const rules = RECOMMENDATION_RULES;
  const facts = `${percent(clean)} clean, ${percent(policy)} policy, ${percent(blocked)} blocked, ${percent(annotationFree)} with no ingress-nginx key (of ${n})`;
  let path: ExitPath;
  let title: string;
  const reasons: string[] = [facts];
  if (blocked >= rules.bridgeBlockedShare) {
    path = 'bridge';
    title = 'a maintained fork or vendor NGINX as a bridge, while the blocked Ingresses are rewritten';
    reasons.push(
      `${percent(blocked)} of the Ingresses are blocked (at least ${percent(rules.bridgeBlockedShare)}): they use keys with no Gateway API equivalent`,
    );
  } else if (policy > rules.controllerPolicyShare) {
    path = 'another-controller';
    title = "another Ingress controller (or one Gateway implementation's policies)";
    reasons.push(
      `${percent(policy)} of the Ingresses need an implementation's policies (more than ${percent(rules.controllerPolicyShare)})`,
    );
  } else if (annotationFree >= rules.leaveAnnotationFreeShare) {
    path = 'leave-ingress-layer';
    title = 'leaving the ingress layer (Services of type LoadBalancer, a mesh) is realistic';
    reasons.push(
      `${percent(annotationFree)} of the Ingresses carry no ingress-nginx key (at least ${percent(rules.leaveAnnotationFreeShare)})`,
    );
  } else {
    path = 'gateway-api';
    title = 'Gateway API, the clean Ingresses first';
    reasons.push(
      `fewer than ${percent(rules.bridgeBlockedShare)} blocked and at most ${percent(rules.controllerPolicyShare)} needing policies`,
    );
  }
  const caveats: string[] = [];
  const critical = exposure?.controllers.filter((c) => c.criticalWithWebhook) ?? [];
  if (critical.length > 0) {
    caveats.push(
      `upgrade now: ${critical.map((c) => `${c.namespace}/${c.name}`).join(', ')} run a version with a critical CVE open and the admission webhook on (CVE-2025-1974 class)`,
    );
  }
  const auth = ingresses.filter((i) => i.requiresPolicy.length > 0).length;
  if (auth > 0) {
    caveats.push(
      `${ingressCount(auth)} ${auth === 1 ? 'relies' : 'rely'} on auth, client-certificate, allow-list or rate-limit keys no draft enforces: their routes must not go live before their policies exist`,
    );
  }
  if (findings.counts['regex-mode'] > 0) {
    caveats.push(
      `${ingressCount(findings.counts['regex-mode'])} ${findings.counts['regex-mode'] === 1 ? 'is' : 'are'} in host-wide regex mode because of another Ingress: check ${findings.counts['regex-mode'] === 1 ? 'its' : 'their'} paths before moving ${findings.counts['regex-mode'] === 1 ? 'it' : 'them'}`,
    );
  }
  caveats.push(`the drafts need Gateway API ${minGatewayApiVersion} or later`);
  return { path, title, reasons, caveats, minGatewayApiVersion };
}

function sourcesOf(minVersion: string, options: MigrationReportOptions): Sources {
  const published = INGRESS_NGINX_CVES.map((c) => c.published).sort();
  return {
    kubeward: VERSION,
    ...(options.generatedAt !== undefined ? { generatedAt: options.generatedAt } : {}),
    ...(options.input !== undefined ? { input: options.input } : {}),
    catalogue: { ingressNginxCommit: NGINX_SOURCE_COMMIT, ingress2gatewayCommit: I2GW_SOURCE_COMMIT },
    cves: {
      count: INGRESS_NGINX_CVES.length,
      latestPublished: published[published.length - 1] ?? '',
      finalReleaseDate: INGRESS_NGINX_FINAL_RELEASE_DATE,
    },
    gatewayApi: { ...GATEWAY_API_RELEASE, minVersion },
  };
}

/** The report of the Ingresses among `objects` (looked up in `index`). */
export function buildMigrationReport(
  objects: readonly SourcedObject[],
  index: ObjectLookup,
  options: MigrationReportOptions = {},
): MigrationReport {
  const result = migrateToGatewayApi(objects, index, {
    placement: { mode: 'shared', namespace: 'gateway-system' },
    ...(options.annotationsPrefix !== undefined ? { annotationsPrefix: options.annotationsPrefix } : {}),
  });
  const exposure = exposureOf(objects, index, options.source);
  const { findings, regexAffected } = findingsOf(result, objects, index);
  const ingresses = result.ingresses.map((r) => reportIngressOf(r, regexAffected.has(`${r.namespace}/${r.name}`)));
  const min = result.summary.minGatewayApiVersion;
  const controllers = exposure?.controllers ?? [];
  const scores = controllers.flatMap((c) => (c.worstScore !== undefined ? [c.worstScore] : []));
  const byClass = zeroes(['clean', 'policy', 'blocked'] as const);
  for (const i of ingresses) byClass[i.migrationClass]++;
  return {
    schemaVersion: MIGRATION_REPORT_SCHEMA_VERSION,
    summary: {
      byClass,
      openCves: controllers.reduce((n, c) => n + c.cves.length, 0),
      ...(scores.length > 0 ? { worstCveScore: Math.max(...scores) } : {}),
    },
    inventory: inventoryOf(result),
    exposure,
    annotationDebt: debtOf(result.ingresses),
    ingresses,
    namespaces: namespacesOf(ingresses),
    findings,
    recommendation: recommendationOf(ingresses, exposure, findings, min),
    sources: sourcesOf(min, options),
  };
}
