/**
 * The admission decision, as a pure function: an `admission.k8s.io/v1` AdmissionReview in, the AdmissionReview to
 * answer with out. The rules run through `runRules`, the engine's only entry point, on an index that is the cluster
 * cache with the incoming object laid over it (or the incoming object alone without a cache).
 *
 * - DELETE, CONNECT and subresource requests (status, scale, …) are allowed without checks.
 * - Exempt namespaces, users and groups are allowed without checks.
 * - `enforce`: findings at or above the deny severity deny (403) and the others become warnings; on UPDATE, with
 *   ratcheting on, only findings the change introduces can deny, and findings the old object already had come back as
 *   warnings. `warn` never denies; `audit` allows without warnings (the caller logs and counts).
 * - An object the rules cannot read is allowed with a warning. A rule that crashes (`rule-crashed`) never denies by
 *   itself: unless other findings deny, the failure mode answers (the object was not fully checked).
 */
import type { ResolvedConfig } from '../engine/config-types.js';
import { positionlessSource, refOf } from '../engine/load.js';
import { createIndex, type ObjectIndex } from '../engine/object-index.js';
import type { AnyRule } from '../engine/rule.js';
import { RULE_CRASHED, ruleSteps, runToEnd } from '../engine/run.js';
import { IGNORE_CHECK_PREFIX } from '../engine/suppress.js';
import { type Finding, SEVERITY_RANK } from '../engine/types.js';
import { inRequestScope } from '../k8s/memo.js';
import { qualifiedName } from '../k8s/names.js';
import { isObject, type K8sObject } from '../k8s/object.js';
import { cleanText, truncateRunes } from '../k8s/text.js';
import { createOverlayIndex } from './overlay-index.js';
import { exemption, modeFor, type WebhookMode, type WebhookSettings } from './settings.js';
import { boundWarnings, MAX_DENY_FINDING_RUNES, MAX_DENY_FINDINGS } from './warnings.js';

export const ADMISSION_API_VERSION = 'admission.k8s.io/v1';
export const ADMISSION_KIND = 'AdmissionReview';

export type Operation = 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';

export interface GroupVersionKind {
  group?: string;
  version?: string;
  kind: string;
}

export interface AdmissionRequest {
  uid: string;
  kind: GroupVersionKind;
  resource?: { group?: string; version?: string; resource?: string };
  subResource?: string;
  name?: string;
  namespace?: string;
  operation: Operation;
  userInfo?: { username?: string; uid?: string; groups?: string[] | null };
  /** The object as the API server will store it (null on DELETE). Checked here, not by the schema. */
  object?: unknown;
  /** The stored object, on UPDATE and DELETE. */
  oldObject?: unknown;
  dryRun?: boolean;
}

export interface AdmissionReview {
  apiVersion: typeof ADMISSION_API_VERSION;
  kind: typeof ADMISSION_KIND;
  request: AdmissionRequest;
}

export interface AdmissionStatus {
  code: number;
  reason: string;
  message: string;
}

export interface AdmissionResponse {
  uid: string;
  allowed: boolean;
  status?: AdmissionStatus;
  warnings?: string[];
}

export interface AdmissionReviewResponse {
  apiVersion: typeof ADMISSION_API_VERSION;
  kind: typeof ADMISSION_KIND;
  response: AdmissionResponse;
}

const STRING = { type: 'string' } as const;

/**
 * JSON Schema the HTTP layer validates bodies against, once, at the edge. `object` and `oldObject` are left to
 * `admit` (an unreadable object is allowed with a warning, not rejected), so validation never walks them.
 */
export const ADMISSION_REVIEW_SCHEMA = {
  type: 'object',
  required: ['apiVersion', 'kind', 'request'],
  properties: {
    apiVersion: { const: ADMISSION_API_VERSION },
    kind: { const: ADMISSION_KIND },
    request: {
      type: 'object',
      required: ['uid', 'kind', 'operation'],
      properties: {
        uid: { type: 'string', minLength: 1, maxLength: 128 },
        kind: {
          type: 'object',
          required: ['kind'],
          properties: { group: STRING, version: STRING, kind: STRING },
        },
        resource: { type: 'object', properties: { group: STRING, version: STRING, resource: STRING } },
        subResource: STRING,
        name: STRING,
        namespace: STRING,
        operation: { enum: ['CREATE', 'UPDATE', 'DELETE', 'CONNECT'] },
        userInfo: {
          type: 'object',
          properties: {
            username: STRING,
            uid: STRING,
            groups: { type: ['array', 'null'], items: STRING },
          },
        },
        dryRun: { type: ['boolean', 'null'] },
      },
    },
  },
} as const;

/** What became of a request (a metrics label and a log field). */
export type DecisionResult =
  /** Checked, no findings. */
  | 'allowed'
  /** Checked, allowed with warnings. */
  | 'warned'
  | 'denied'
  /** Checked in audit mode, with findings: allowed, logged and counted only. */
  | 'audited'
  | 'exempt'
  /** Not checked: DELETE, CONNECT, a subresource. */
  | 'skipped'
  /** The object could not be read: allowed with a warning. */
  | 'unreadable'
  | 'fail_open'
  | 'fail_closed'
  /**
   * Checking the object alone used up its evaluation budget (its own size and content): denied in enforce mode,
   * allowed with a warning in warn mode, allowed in audit mode.
   */
  | 'over_budget';

export interface Decision {
  review: AdmissionReviewResponse;
  result: DecisionResult;
  /** The mode that applied (undefined when nothing was checked). */
  mode: WebhookMode | undefined;
  /** Active findings on the incoming object. */
  findings: readonly Finding[];
  /** The findings that deny in enforce mode (in warn and audit mode: those that would have). */
  denying: readonly Finding[];
  /** Findings the old object already had (UPDATE with ratcheting). */
  preexisting: number;
  /** Findings suppressed by annotations or config exclusions. */
  suppressed: number;
  /** Why nothing was checked, or why the failure answer was given. */
  reason?: string;
}

export interface AdmissionDeps {
  rules: readonly AnyRule[];
  config: ResolvedConfig;
  settings: WebhookSettings;
  /** The cluster cache's index; undefined with `--no-cluster` (the index holds the incoming object alone). */
  cacheIndex?: ObjectIndex;
}

const EMPTY_INDEX = createIndex([]);

const SOURCE = positionlessSource('admission');

function responseOf(uid: string, response: Omit<AdmissionResponse, 'uid'>): AdmissionReviewResponse {
  return { apiVersion: ADMISSION_API_VERSION, kind: ADMISSION_KIND, response: { uid, ...response } };
}

function allowedWithoutChecks(review: AdmissionReview, result: DecisionResult, reason: string): Decision {
  return {
    review: responseOf(review.request.uid, { allowed: true }),
    result,
    mode: undefined,
    findings: [],
    denying: [],
    preexisting: 0,
    suppressed: 0,
    reason,
  };
}

/**
 * The answer for a request that could not be evaluated (deadline passed, cache not synced, internal error):
 * fail open = allowed with a warning saying why; fail closed = denied with that reason.
 */
export function failureDecision(review: AdmissionReview, settings: WebhookSettings, reason: string): Decision {
  const text = cleanText(reason);
  const open = settings.failureMode === 'open';
  return {
    review: responseOf(
      review.request.uid,
      open
        ? {
            allowed: true,
            warnings: boundWarnings([`kubeward did not check this object: ${text}; allowed (fail-open).`]),
          }
        : {
            allowed: false,
            status: {
              code: 503,
              reason: 'ServiceUnavailable',
              message: `kubeward could not check this object: ${text}; denied (fail-closed). Retry in a moment.`,
            },
          },
    ),
    result: open ? 'fail_open' : 'fail_closed',
    mode: undefined,
    findings: [],
    denying: [],
    preexisting: 0,
    suppressed: 0,
    reason: text,
  };
}

/** Why an object's checks could not be finished, as a sentence on `what` (e.g. "Ingress shop/web"). */
export type CostReason = (what: string) => string;

/**
 * The answer for an object whose own checks cost too much: it used up the budget kubeward gives one object
 * (`evaluationBudgetMs` of CPU), or it needed far more than an ordinary object and could not be finished in time
 * (slices.ts). Either way it is the object's size and content, not the cluster, so fail-open does not apply:
 * enforce denies, warn allows with a warning, audit allows (the caller logs and counts).
 */
export function overBudgetDecision(review: AdmissionReview, deps: AdmissionDeps, reason: CostReason): Decision {
  const req = review.request;
  const object = readObject(req.object, req.namespace);
  const mode =
    typeof object === 'string'
      ? deps.settings.mode
      : modeFor(deps.settings, (deps.cacheIndex ?? EMPTY_INDEX).namespaceOf(object));
  const what = typeof object === 'string' ? 'this object' : `${object.kind} ${qualifiedName(object)}`;
  const why = `${reason(what)}: this is the object's own size and content, not the cluster's load`;
  const fix = 'Split it or make it smaller (fewer annotations, containers, rules or paths), or exempt its namespace.';
  const common = { mode, findings: [], denying: [], preexisting: 0, suppressed: 0, reason: cleanText(why) };
  if (mode === 'enforce') {
    return {
      review: responseOf(req.uid, {
        allowed: false,
        status: { code: 403, reason: 'Forbidden', message: cleanText(`kubeward denied ${what}: ${why}. ${fix}`) },
      }),
      result: 'over_budget',
      ...common,
    };
  }
  const warnings =
    mode === 'warn' ? boundWarnings([`kubeward did not finish ${why}; allowed (${mode} mode). ${fix}`]) : [];
  return {
    review: responseOf(req.uid, { allowed: true, ...(warnings.length > 0 ? { warnings } : {}) }),
    result: 'over_budget',
    ...common,
  };
}

/** The object as the rules read it, or why it cannot be read. */
function readObject(value: unknown, namespace: string | undefined): K8sObject | string {
  if (!isObject(value)) return `the object is ${value === null || value === undefined ? 'missing' : 'not a mapping'}`;
  if (typeof value.apiVersion !== 'string' || value.apiVersion === '') return 'the object has no apiVersion';
  if (typeof value.kind !== 'string' || value.kind === '') return 'the object has no kind';
  if (value.metadata !== undefined && !isObject(value.metadata)) return 'the object metadata is not a mapping';
  const object = value as K8sObject;
  // The API server fills metadata.namespace before admission; keep the request's namespace if it did not.
  if (namespace !== undefined && namespace !== '' && typeof object.metadata?.namespace !== 'string') {
    return { ...object, metadata: { ...object.metadata, namespace } };
  }
  return object;
}

/** Per config, the same config with eachProblemOnce off: one object, so the engine's plan for it is made once. */
const EVERY_FINDING = new WeakMap<ResolvedConfig, ResolvedConfig>();

function everyFindingConfig(config: ResolvedConfig): ResolvedConfig {
  let every = EVERY_FINDING.get(config);
  if (every === undefined) {
    every = { ...config, eachProblemOnce: false };
    EVERY_FINDING.set(config, every);
  }
  return every;
}

/**
 * The rules on one object, as resumable steps (see `ruleSteps`), in the admission context: the rules that do not run
 * at admission stay off (the API server defaults an object before admission, so a rule that reads a field as
 * "written in the manifest" would always fire, k8s-semantics.md §4; a review of a whole set is not a verdict on one
 * write), and without a cluster cache the index holds the incoming object alone, so rules that report a missing
 * object stay off too. `every`: each rule's finding, none merged into another (eachProblemOnce off), for the old
 * object of an UPDATE: a finding merged into another there (a container's missing requests, which a BestEffort pod's
 * finding stands for) is still one the old object had.
 */
function evaluate(object: K8sObject, deps: AdmissionDeps, pause: (() => boolean) | undefined, every = false) {
  return ruleSteps(
    [{ object, ref: refOf(object), source: SOURCE }],
    {
      rules: deps.rules,
      config: every ? everyFindingConfig(deps.config) : deps.config,
      index: createOverlayIndex(deps.cacheIndex ?? EMPTY_INDEX, object),
      context: 'admission',
      completeIndex: deps.cacheIndex !== undefined,
    },
    pause,
  );
}

/**
 * The findings of `now` that the old object already had: same rule and path (the same message first), with at
 * least the same severity. A finding that got more severe counts as introduced.
 */
export function preexistingFindings(now: readonly Finding[], before: readonly Finding[]): Set<Finding> {
  const out = new Set<Finding>();
  let pool: readonly Finding[] = before;
  const keys = [(f: Finding) => `${f.ruleId}\0${f.path}\0${f.message}`, (f: Finding) => `${f.ruleId}\0${f.path}`];
  for (const key of keys) {
    const byKey = new Map<string, Finding[]>();
    for (const f of pool) {
      const list = byKey.get(key(f));
      if (list) list.push(f);
      else byKey.set(key(f), [f]);
    }
    const used = new Set<Finding>();
    for (const f of now) {
      if (out.has(f)) continue;
      const candidates = byKey.get(key(f));
      const match = candidates?.find((o) => !used.has(o) && SEVERITY_RANK[o.severity] >= SEVERITY_RANK[f.severity]);
      if (match === undefined) continue;
      used.add(match);
      out.add(f);
    }
    pool = pool.filter((o) => !used.has(o));
  }
  return out;
}

function denyMessage(object: K8sObject, denying: readonly Finding[], deps: AdmissionDeps, update: boolean): string {
  const shown = denying
    .slice(0, MAX_DENY_FINDINGS)
    .map((f) => truncateRunes(cleanText(`[${f.ruleId}] ${f.message}`), MAX_DENY_FINDING_RUNES));
  const more = denying.length - shown.length;
  const what = `${object.kind} ${qualifiedName(object)}`;
  const threshold = deps.settings.denySeverity;
  const head =
    `kubeward denied ${what}: ${denying.length} finding${denying.length === 1 ? '' : 's'} at or above ` +
    `${threshold}${update ? ' introduced by this change' : ''}:`;
  const tail = more > 0 ? ` (and ${more} more)` : '';
  const hint = deps.config.allowAnnotationSuppression
    ? ` To accept a finding on purpose, annotate the object with ${IGNORE_CHECK_PREFIX}<rule-id>: "<reason>".`
    : '';
  return cleanText(`${head} ${shown.join(' ')}${tail}${hint}`);
}

function warningText(f: Finding, preexisting: boolean): string {
  return `${f.ruleId} (${f.severity}${preexisting ? ', pre-existing' : ''}): ${f.message}`;
}

/**
 * Decides one AdmissionReview, to the end and in a request scope: what the rules memoize about the request's objects
 * goes with it. Pure apart from the rules it runs; throws only on a bug (the caller fails safe).
 */
export function admit(review: AdmissionReview, deps: AdmissionDeps): Decision {
  return inRequestScope(() => runToEnd(admission(review, deps)));
}

/**
 * The admission decision as resumable steps: with `pause`, it yields whenever `pause()` says so between two rules
 * (the webhook runs it in slices and stops it when the object has used up its budget, see `overBudgetDecision`).
 * Each resumption must run in a request scope (`inRequestScope`).
 */
export function* admission(
  review: AdmissionReview,
  deps: AdmissionDeps,
  pause?: () => boolean,
): Generator<void, Decision> {
  const req = review.request;
  if (req.operation === 'DELETE' || req.operation === 'CONNECT') {
    return allowedWithoutChecks(review, 'skipped', `${req.operation} is not checked`);
  }
  if (typeof req.subResource === 'string' && req.subResource !== '') {
    return allowedWithoutChecks(review, 'skipped', `subresource ${req.subResource} is not checked`);
  }
  const exempt = exemption(deps.settings, {
    namespace: req.namespace,
    username: req.userInfo?.username,
    groups: req.userInfo?.groups ?? undefined,
  });
  if (exempt !== undefined) return allowedWithoutChecks(review, 'exempt', `exempt ${exempt}`);

  const object = readObject(req.object, req.namespace);
  if (typeof object === 'string') {
    return {
      review: responseOf(req.uid, {
        allowed: true,
        warnings: boundWarnings([`kubeward could not read this object (${object}); allowed without checks.`]),
      }),
      result: 'unreadable',
      mode: undefined,
      findings: [],
      denying: [],
      preexisting: 0,
      suppressed: 0,
      reason: object,
    };
  }

  const base = deps.cacheIndex ?? EMPTY_INDEX;
  const mode = modeFor(deps.settings, base.namespaceOf(object));
  const run = yield* evaluate(object, deps, pause);
  const findings = run.findings;

  let preexisting = new Set<Finding>();
  const ratchet = req.operation === 'UPDATE' && deps.settings.ratchetUpdates;
  if (ratchet && findings.length > 0) {
    const old = readObject(req.oldObject, req.namespace);
    if (typeof old !== 'string') {
      preexisting = preexistingFindings(findings, (yield* evaluate(old, deps, pause, true)).findings);
    }
  }

  const threshold = SEVERITY_RANK[deps.settings.denySeverity];
  // A rule that crashed is not a finding about the object: it never denies by itself (the failure mode decides).
  const denying = findings.filter(
    (f) => SEVERITY_RANK[f.severity] >= threshold && !preexisting.has(f) && f.ruleId !== RULE_CRASHED,
  );
  const common = { mode, findings, denying, preexisting: preexisting.size, suppressed: run.suppressed.length };

  if (mode === 'enforce' && denying.length > 0) {
    const denied = new Set(denying);
    const warnings = boundWarnings(
      findings.filter((f) => !denied.has(f)).map((f) => warningText(f, preexisting.has(f))),
    );
    return {
      review: responseOf(req.uid, {
        allowed: false,
        status: { code: 403, reason: 'Forbidden', message: denyMessage(object, denying, deps, ratchet) },
        ...(warnings.length > 0 ? { warnings } : {}),
      }),
      result: 'denied',
      ...common,
    };
  }
  if (run.crashed.length > 0) {
    // Not fully checked, and not the object's doing: the failure mode answers (open: allowed, with the other
    // findings as warnings; closed: denied).
    const failed = failureDecision(
      review,
      deps.settings,
      `kubeward rule ${run.crashed.join(', ')} crashed on it (a bug in kubeward; please report it)`,
    );
    const head = failed.review.response.warnings ?? [];
    const others = findings.filter((f) => f.ruleId !== RULE_CRASHED).map((f) => warningText(f, preexisting.has(f)));
    const answer = failed.review.response.allowed
      ? responseOf(req.uid, { allowed: true, warnings: boundWarnings([...head, ...others]) })
      : failed.review;
    return { ...common, review: answer, result: failed.result, ...(failed.reason ? { reason: failed.reason } : {}) };
  }
  if (findings.length === 0) return { review: responseOf(req.uid, { allowed: true }), result: 'allowed', ...common };
  if (mode === 'audit') return { review: responseOf(req.uid, { allowed: true }), result: 'audited', ...common };
  const warnings = boundWarnings(findings.map((f) => warningText(f, preexisting.has(f))));
  return { review: responseOf(req.uid, { allowed: true, warnings }), result: 'warned', ...common };
}
