/** The shape of a rule, and `defineRule`, the typed identity factory every rule file uses. */
import type { ObjectIndex } from '../engine/object-index.js';
import type { Family, K8sObject, RuleFinding, Severity } from '../engine/types.js';

/** A JSON Schema object (validated by ajv in strict mode by the meta-tests). */
export type JsonSchema = Record<string, unknown>;

export interface RuleContext<Options> {
  /** Every loaded object (in the webhook: the cluster cache with the incoming object laid over it). */
  readonly index: ObjectIndex;
  /** The rule's options: its defaults merged with the config file's. */
  readonly options: Options;
}

export interface RuleMeta<Options> {
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

export type RunContext = 'lint' | 'audit' | 'admission';
export const RUN_CONTEXTS: readonly RunContext[] = ['lint', 'audit', 'admission'];

/** Whether the rule runs in this context. */
export function runsIn(rule: AnyRule, context: RunContext): boolean {
  return rule.meta.runsOn === undefined || rule.meta.runsOn.includes(context);
}

export interface Rule<Options = Record<string, never>> {
  meta: RuleMeta<Options>;
  check(object: K8sObject, context: RuleContext<Options>): RuleFinding[];
}

/** A rule of any options type, as the engine holds it. */
// biome-ignore lint/suspicious/noExplicitAny: the registry erases each rule's options type.
export type AnyRule = Rule<any>;

export function defineRule<Options = Record<string, never>>(rule: Rule<Options>): Rule<Options> {
  return rule;
}

export const DOCS_BASE = 'https://github.com/kubeward/kubeward/blob/main/docs/rules';

export function ruleDocsUrl(id: string): string {
  return `${DOCS_BASE}/${id}.md`;
}
