/**
 * Running rules: the only place findings are made. CLI, webhook and cluster audit all call `runRules`;
 * a rule never knows where its object came from.
 */
import type { JsonPath, K8sObject } from '../k8s/object.js';
import { ruleEnabled, ruleOptions, ruleSeverity } from './config.js';
import { DEFAULT_CONFIG, type ResolvedConfig } from './config-types.js';
import type { InputProblem } from './load.js';
import { createIndex, type ObjectIndex } from './object-index.js';
import { formatPath } from './path.js';
import { type Candidate, mergeProblems } from './problems.js';
import { type AnyRule, formatMessage, type RuleFinding, type RunContext, runsIn, shiftedSeverity } from './rule.js';
import { isNamespaceExcluded, suppressionFor, suppressionProblems } from './suppress.js';
import {
  type Finding,
  type LintResult,
  type ObjectRef,
  type ObjectSource,
  SEVERITIES,
  type Severity,
  type SourcedObject,
  type Summary,
} from './types.js';

export interface RunOptions {
  rules: readonly AnyRule[];
  config?: ResolvedConfig;
  /** Namespace of namespaced objects that name none (default `default`). */
  defaultNamespace?: string;
  /** Use this index instead of one built from `objects` (the webhook's cluster cache). */
  index?: ObjectIndex;
  /**
   * Where the run happens (default `lint`): a rule whose `meta.runsOn` leaves this context out does not run (it
   * stays known: its ignore-check annotations are not reported as unknown).
   */
  context?: RunContext;
  /**
   * False when the index holds only the objects given, not every object a rule could look for (the webhook without
   * a cluster cache): rules that report an absence (`meta.reportsAbsence`) do not run. Default true.
   */
  completeIndex?: boolean;
}

interface ActiveRule {
  rule: AnyRule;
  /** The configured severity, else the rule's default: every finding's, but for a documented shift. */
  severity: Severity;
  options: unknown;
}

export interface RunOutput {
  findings: Finding[];
  suppressed: Finding[];
  rulesRun: number;
  /** The rules that threw, once each (their `rule-crashed` findings are among `findings`). */
  crashed: string[];
}

/**
 * The pseudo-rule of a rule that threw on an object: an error finding on the object, never suppressed (the object
 * was not fully checked, whatever the config or its annotations say). The CLI exits 2 on it; the webhook answers
 * with its failure mode.
 */
export const RULE_CRASHED = 'rule-crashed';

interface Plan {
  byKind: Map<string, ActiveRule[]>;
  rulesRun: number;
  knownRuleIds: Set<string>;
}

/**
 * The rules that run, by kind, with their severities and options: computed once per rule list, config, context and
 * index completeness.
 */
const plans = new WeakMap<readonly AnyRule[], WeakMap<ResolvedConfig, (Plan | undefined)[]>>();
/** A plan's slot: one per context and index completeness (an array, not a string key: the webhook asks per review). */
const SLOT: Readonly<Record<RunContext, number>> = { lint: 0, audit: 2, admission: 4 };

/** Whether a rule runs in a context, on an index that is complete or not. */
function runsHere(rule: AnyRule, context: RunContext, completeIndex: boolean): boolean {
  return runsIn(rule, context) && (completeIndex || rule.meta.reportsAbsence !== true);
}

function planFor(rules: readonly AnyRule[], config: ResolvedConfig, context: RunContext, complete: boolean): Plan {
  let byConfig = plans.get(rules);
  if (byConfig === undefined) {
    byConfig = new WeakMap();
    plans.set(rules, byConfig);
  }
  let byContext = byConfig.get(config);
  if (byContext === undefined) {
    byContext = [];
    byConfig.set(config, byContext);
  }
  const key = SLOT[context] + (complete ? 1 : 0);
  const hit = byContext[key];
  if (hit) return hit;
  const byKind = new Map<string, ActiveRule[]>();
  let rulesRun = 0;
  for (const rule of rules) {
    if (!ruleEnabled(rule, config) || !runsHere(rule, context, complete)) continue;
    rulesRun++;
    const active: ActiveRule = {
      rule,
      severity: ruleSeverity(rule, config),
      options: ruleOptions(rule, config),
    };
    for (const kind of rule.meta.kinds) {
      const list = byKind.get(kind);
      if (list) list.push(active);
      else byKind.set(kind, [active]);
    }
  }
  const plan = { byKind, rulesRun, knownRuleIds: new Set(rules.map((r) => r.meta.id)) };
  byContext[key] = plan;
  return plan;
}

/** An object's ref as findings name it: with the namespace it lands in (the default one when the manifest names none). */
export function effectiveRef(
  sourced: SourcedObject,
  index: ObjectIndex,
  namespace: string = index.namespaceOf(sourced.object),
): ObjectRef {
  return namespace !== '' && sourced.ref.namespace === undefined ? { ...sourced.ref, namespace } : sourced.ref;
}

/**
 * Runs every enabled rule on every object of a kind it applies to, to the end. The webhook runs the same steps in
 * slices (`ruleSteps`), so a costly object cannot hold its event loop.
 */
export function runRules(objects: readonly SourcedObject[], options: RunOptions): RunOutput {
  return runToEnd(ruleSteps(objects, options));
}

/** Drives a generator of steps to its result without pausing. */
export function runToEnd<T>(steps: Generator<void, T>): T {
  let r = steps.next();
  while (r.done !== true) r = steps.next();
  return r.value;
}

/**
 * The rule run as resumable steps: with `pause`, the generator yields after any rule on any object once `pause()`
 * says so (the caller resumes it when it likes, or abandons it); without, it never yields. The work between two
 * pauses is one rule on one object (or one object's suppression checks), each bounded by the object's size.
 */
export function* ruleSteps(
  objects: readonly SourcedObject[],
  options: RunOptions,
  pause?: () => boolean,
): Generator<void, RunOutput> {
  const config = options.config ?? DEFAULT_CONFIG;
  const index =
    options.index ??
    createIndex(
      objects.map((o) => o.object),
      { defaultNamespace: options.defaultNamespace },
    );
  const { byKind, rulesRun, knownRuleIds } = planFor(
    options.rules,
    config,
    options.context ?? 'lint',
    options.completeIndex ?? true,
  );

  const { ingressNginx, kubeVersion } = config;
  const findings: Finding[] = [];
  const candidates: Candidate[] = [];
  const crashed = new Set<string>();
  for (const sourced of objects) {
    const { object, source } = sourced;
    const namespace = index.namespaceOf(object);
    if (isNamespaceExcluded(namespace, config)) continue;
    const ref = effectiveRef(sourced, index, namespace);

    for (const p of suppressionProblems(object, knownRuleIds, config)) {
      findings.push({
        ruleId: p.ruleId,
        family: 'kubeward',
        severity: p.severity,
        message: p.message,
        object: ref,
        ...placed(source, p.path),
      });
    }
    if (pause?.() === true) yield;

    const rules = byKind.get(object.kind);
    if (rules === undefined) continue;
    for (const active of rules) {
      const { rule } = active;
      let raw: readonly Reported[];
      try {
        raw = reported(rule, rule.check(object, { index, options: active.options, ingressNginx, kubeVersion }));
      } catch (err) {
        raw = [];
        crashed.add(rule.meta.id);
        findings.push({
          ruleId: RULE_CRASHED,
          family: 'kubeward',
          severity: 'error',
          message:
            `kubeward rule ${rule.meta.id} crashed on this object (${err instanceof Error ? err.message : String(err)}), ` +
            'so the object was not fully checked; this is a bug in kubeward, please report it.',
          object: ref,
          ...placed(source, []),
        });
      }
      if (raw.length > 0) {
        const suppression = suppressionFor(object, namespace, rule.meta.id, config);
        for (const f of raw) {
          const finding: Finding = {
            ruleId: rule.meta.id,
            family: rule.meta.family,
            severity: shiftedSeverity(rule, active.severity, f.shift),
            message: f.message,
            messageId: f.messageId,
            object: ref,
            ...placed(source, f.path ?? []),
            ...(suppression ? { suppressed: suppression } : {}),
          };
          candidates.push({
            finding,
            self: object,
            ...(f.path !== undefined ? { path: f.path } : {}),
            specialized: rule.meta.specialized !== undefined,
            ...(f.problem !== undefined ? { problem: f.problem } : {}),
            ...(f.related !== undefined ? { related: f.related } : {}),
          });
        }
      }
      if (pause?.() === true) yield;
    }
  }
  const merged = mergeProblems(candidates, {
    index,
    sourceOf: sourcesOf(objects),
    once: config.eachProblemOnce !== false,
    place: placed,
  });
  for (const f of merged.findings) findings.push(f);
  return {
    findings: sortFindings(findings),
    suppressed: sortFindings(merged.suppressed),
    rulesRun,
    crashed: [...crashed],
  };
}

/** Where each checked object was loaded from, built on the first question (most runs have no related location). */
function sourcesOf(objects: readonly SourcedObject[]): (object: K8sObject) => SourcedObject | undefined {
  let byObject: Map<K8sObject, SourcedObject> | undefined;
  return (object) => {
    byObject ??= new Map(objects.map((o) => [o.object, o]));
    return byObject.get(object);
  };
}

/** Where a finding points: the position of `path` in the object's source, and the path as reported. */
export function placed(
  source: ObjectSource,
  path: JsonPath,
): Pick<Finding, 'file' | 'line' | 'column' | 'path' | 'rendered'> {
  const loc = source.locate(path);
  return {
    file: loc.file,
    line: loc.line,
    column: loc.column,
    path: formatPath(path),
    ...(loc.rendered ? { rendered: loc.rendered } : {}),
  };
}

interface Reported extends Omit<RuleFinding, 'data'> {
  message: string;
}

/**
 * The rule's findings with their messages: a message id the rule does not declare is a bug in the rule, so it
 * throws (inside the crash guard: the object is reported as not fully checked).
 */
function reported(rule: AnyRule, raw: readonly RuleFinding[]): Reported[] {
  return raw.map((f) => {
    const template = Object.hasOwn(rule.meta.messages, f.messageId) ? rule.meta.messages[f.messageId] : undefined;
    if (template === undefined) throw new Error(`it returned the undeclared message id ${JSON.stringify(f.messageId)}`);
    return {
      messageId: f.messageId,
      message: formatMessage(template, f.data),
      path: f.path,
      shift: f.shift,
      problem: f.problem,
      related: f.related,
    };
  });
}

/** Input problems are reported like findings, without an object; they make the exit code 2. */
export function problemToFinding(p: InputProblem): Finding {
  return {
    ruleId: p.ruleId,
    family: 'input',
    severity: 'error',
    message: p.message,
    object: null,
    file: p.file,
    line: p.line,
    column: p.column,
    path: '',
  };
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    cmp(a.file, b.file) ||
    a.line - b.line ||
    a.column - b.column ||
    cmp(a.ruleId, b.ruleId) ||
    cmp(a.object?.kind ?? '', b.object?.kind ?? '') ||
    cmp(a.object?.name ?? '', b.object?.name ?? '') ||
    cmp(a.message, b.message)
  );
}

export function sortFindings(list: Finding[]): Finding[] {
  return list.sort(compareFindings);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function summarize(
  findings: readonly Finding[],
  suppressed: readonly Finding[],
  counts: { files: number; objects: number; rulesRun: number; skippedFiles?: number },
): Summary {
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  let inputErrors = 0;
  let ruleCrashes = 0;
  for (const f of findings) {
    bySeverity[f.severity]++;
    if (f.family === 'input') inputErrors++;
    if (f.ruleId === RULE_CRASHED) ruleCrashes++;
  }
  return {
    files: counts.files,
    objects: counts.objects,
    findings: findings.length,
    bySeverity,
    suppressed: suppressed.length,
    inputErrors,
    ruleCrashes,
    rulesRun: counts.rulesRun,
    ...(counts.skippedFiles !== undefined && counts.skippedFiles > 0 ? { skippedFiles: counts.skippedFiles } : {}),
  };
}

/** Combines input problems and rule findings into the result every formatter takes. */
export function buildResult(
  run: RunOutput,
  problems: readonly InputProblem[],
  counts: { files: number; objects: number; skippedFiles?: number },
): LintResult {
  const findings = sortFindings([...problems.map(problemToFinding), ...run.findings]);
  return {
    findings,
    suppressed: run.suppressed,
    summary: summarize(findings, run.suppressed, { ...counts, rulesRun: run.rulesRun }),
  };
}
