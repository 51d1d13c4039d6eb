/**
 * The contract between the engine and a rule (ESLint's rule object, adapted). A rule declares its messages and
 * returns findings that name one of them; the engine turns a finding into the reported one: the message text,
 * the severity the config gives the rule, the position, the suppression. A rule never sets a severity of its own.
 */

import type { JsonPath, K8sObject } from '../k8s/object.js';
import type { IngressNginxSettings } from './config-types.js';
import type { ObjectIndex } from './object-index.js';
import type { Family, Severity } from './types.js';

/** A JSON Schema object (validated by ajv in strict mode by the meta-tests and the rule tester). */
export type JsonSchema = Record<string, unknown>;

export interface RuleContext<Options> {
  /** Every loaded object (in the webhook: the cluster cache with the incoming object laid over it). */
  readonly index: ObjectIndex;
  /** The rule's options: its defaults merged with the config file's. */
  readonly options: Options;
  /** The config's `ingressNginx:` settings (the same in lint, audit and admission). */
  readonly ingressNginx?: IngressNginxSettings;
  /** The config's target Kubernetes version (`major.minor`); unset: the newest minor kubeward knows. */
  readonly kubeVersion?: string;
}

/** The values a message template's `{{name}}` placeholders are filled with. */
export type MessageData = Readonly<Record<string, string | number>>;

/**
 * A documented, relative change of severity a finding may ask for: `raise` reports it one level above the
 * severity the rule has (the configured one, else the default), `lower` one level below. Each text completes
 * "when …" on the rule's doc page, e.g. `the count is at least twice the limit`.
 */
export interface SeverityShift {
  raise?: string;
  lower?: string;
}

export type Shift = keyof SeverityShift;

/**
 * The problem a finding states, when another finding (of another rule, or on another object) can state it too. The
 * engine reports each problem once (the config's `eachProblemOnce`, default on): of the findings naming one problem
 * it keeps one and drops the rest, so rule authors name problems (rules/shared/problems.ts) instead of coordinating.
 * The finding kept is, in order: not suppressed; the most severe; from a rule that knows more about the object
 * (`meta.specialized`); at the object where the problem is naturally fixed (`fixHere`); the first in input order.
 */
export interface Problem {
  /** What the problem is, spelled the same by every rule that can state it. */
  key: string;
  /**
   * Other problems this finding states at once (one annotation that puts two hosts in regex mode): the findings of
   * each are one problem with this one. Each is scoped like `key`.
   */
  alsoKeys?: readonly string[];
  /**
   * Narrower problems of the same object this finding states in full (a BestEffort pod's finding states that each
   * container has no requests). A finding of one of them is left out when this one is reported at the same or a
   * higher severity, and named in this one's `alsoReportedBy`; otherwise (this one suppressed, switched off or at a
   * lower severity) it is reported as usual. Unlike `alsoKeys`, it does not join the problems: each keeps its own.
   */
  covers?: readonly string[];
  /**
   * Whose problem it is. Absent: the finding's object's alone. A list: the objects that share it (the finding's own
   * among them), so the findings on each of them are one problem; empty: `key` alone names it across the run.
   */
  among?: readonly K8sObject[];
  /** This object is where the problem is most naturally fixed: of a cross-object problem, its finding is the one kept. */
  fixHere?: boolean;
}

/** Another object a finding is about, reported as a related location (SARIF `relatedLocations`). */
export interface RelatedObject {
  object: K8sObject;
  /** The field of that object, when one is meant; default the object itself. */
  path?: JsonPath;
  /** What the location is, e.g. `HPA web, which scales the same Deployment`. */
  note?: string;
}

/** What a rule returns: which of its messages, the values of its placeholders, and the field it is about. */
export interface RuleFinding<MessageId extends string = string> {
  messageId: MessageId;
  data?: MessageData;
  /** Path of the field the finding is about; the engine falls back to the nearest existing parent. */
  path?: JsonPath;
  /** Ask for the rule's documented severity shift (`meta.severityShift`); ignored when the rule declares none. */
  shift?: Shift;
  /** The problem the finding states, when other findings can state it too (see Problem). */
  problem?: Problem;
  /** Other objects the finding is about; with a cross-object problem, its other objects are added. */
  related?: readonly RelatedObject[];
}

export type RunContext = 'lint' | 'audit' | 'admission';
export const RUN_CONTEXTS: readonly RunContext[] = ['lint', 'audit', 'admission'];

export interface RuleMeta<Options, MessageId extends string = string> {
  /** kebab-case; equals the file name. */
  id: string;
  /** Equals the folder name. */
  family: Family;
  /** Default severity; the config may override it. */
  severity: Severity;
  /** One line, no final period. */
  title: string;
  /** The production failure the rule prevents, for the on-call engineer. Ends with a period. */
  rationale: string;
  /** What to change. Ends with a period. */
  remediation: string;
  /** Kinds the rule checks (by `kind`). */
  kinds: readonly string[];
  /**
   * Message id -> template. A template is a sentence (or more) with `{{name}}` placeholders that a finding's
   * `data` fills; the ids are stable (tests and reports name them), the wording may change.
   */
  messages: Readonly<Record<MessageId, string>>;
  /** When a finding is reported one level above or below the rule's severity; shown on the doc page. */
  severityShift?: SeverityShift;
  /** JSON Schema of the options object and its defaults; omit for a rule without options. */
  options?: { schema: JsonSchema; defaults: Options };
  /**
   * Manifests for the docs; the tester checks that `invalid` fires and `valid` does not, with `options`
   * (for rules whose defaults report nothing, such as a policy that is off by default).
   */
  examples: { invalid: string; valid: string; options?: Partial<Options> };
  /** Off unless the config turns it on. */
  disabledByDefault?: boolean;
  /**
   * One line the `stylish` report prints once, below the files, when the rule has findings: for a rule that fires on
   * many objects for one reason (every Ingress of a retired controller). `{{count}}` is the number of findings,
   * `{{files}}` of files; the `one` form is used for a single finding.
   */
  groupSummary?: { one: string; many: string };
  /**
   * What the rule knows about the objects it checks that a general rule does not, completing "it knows …" (e.g. `the
   * workload is an ingress or gateway controller`): of two findings naming one problem (RuleFinding.problem), this
   * rule's is kept. Shown on the doc page.
   */
  specialized?: string;
  /**
   * The narrower findings a finding of this rule stands for (Problem.covers), completing "it stands for …" (e.g.
   * `each container's resources-missing-requests finding`). Shown on the doc page.
   */
  covers?: string;
  /**
   * The rule reports that a related object is missing (a target, a PodDisruptionBudget). It needs an index that
   * holds every object it could find: the files given, or the cluster cache; the webhook without a cluster cache
   * (`--no-cluster`) does not run it, since there the index holds the incoming object alone.
   */
  reportsAbsence?: boolean;
  /**
   * Where the rule runs; default everywhere. `lint`: manifest files; `audit`: objects listed from a cluster;
   * `admission`: the webhook. A rule that reads what a manifest writes (a field the API server always fills in)
   * runs on files only; a review of a whole set of objects does not run on one write at admission.
   */
  runsOn?: readonly RunContext[];
}

export interface Rule<Options = Record<string, never>, MessageId extends string = string> {
  meta: RuleMeta<Options, MessageId>;
  check(object: K8sObject, context: RuleContext<Options>): RuleFinding<NoInfer<MessageId>>[];
}

/** A rule of any options type, as the engine holds it. */
// biome-ignore lint/suspicious/noExplicitAny: the registry erases each rule's options type.
export type AnyRule = Rule<any, string>;

/** Whether the rule runs in this context. */
export function runsIn(rule: AnyRule, context: RunContext): boolean {
  return rule.meta.runsOn === undefined || rule.meta.runsOn.includes(context);
}

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** The placeholders a template names, in order, once each. */
export function placeholdersOf(template: string): string[] {
  return [...new Set(Array.from(template.matchAll(PLACEHOLDER), (m) => m[1] as string))];
}

/** The template with its placeholders filled; a placeholder without a value stays as written. */
export function formatMessage(template: string, data: MessageData | undefined): string {
  if (data === undefined) return template;
  return template.replace(PLACEHOLDER, (whole, name: string) =>
    Object.hasOwn(data, name) ? String(data[name]) : whole,
  );
}

const SHIFTED: Readonly<Record<Shift, Readonly<Record<Severity, Severity>>>> = {
  raise: { info: 'warning', warning: 'error', error: 'error' },
  lower: { info: 'info', warning: 'info', error: 'warning' },
};

/** The severity of a finding: the rule's, shifted one level when it asks for a shift the rule documents. */
export function shiftedSeverity(rule: AnyRule, severity: Severity, shift: Shift | undefined): Severity {
  if (shift === undefined || rule.meta.severityShift?.[shift] === undefined) return severity;
  return SHIFTED[shift][severity];
}

export const DOCS_BASE = 'https://github.com/kubeward/kubeward/blob/main/docs/rules';

export function ruleDocsUrl(id: string): string {
  return `${DOCS_BASE}/${id}.md`;
}
