/**
 * The rule tester: one call per rule test file (ESLint's RuleTester, adapted).
 *
 * - Valid cases produce no finding; invalid cases produce exactly the listed findings, each matched by message id
 *   and 1-based line (and message text, severity and path when given).
 * - Each case's options go through the config pipeline a `.kubeward.yaml` goes through (validated against the
 *   rule's option schema, merged with its defaults); a case whose options the schema rejects fails.
 * - Two cases with the same name, or the same YAML and options, fail: a copy tests nothing new.
 * - Every finding the rule returns names a declared message, fills exactly its placeholders, and asks only for a
 *   severity shift the rule documents; every declared message is expected by at least one invalid case.
 * - The rule's meta.examples run too.
 * - A case marked `cluster` is checked as `kubeward audit` checks a listing (complete kinds, the audit context).
 */
import { describe, expect, it } from 'vitest';
import { WATCHED_RESOURCES } from '../../src/cluster/kinds.js';
import { resolveConfig } from '../../src/engine/config.js';
import type { ResolvedConfig } from '../../src/engine/config-types.js';
import { lintInputs } from '../../src/engine/lint.js';
import { loadText } from '../../src/engine/load.js';
import { createIndex } from '../../src/engine/object-index.js';
import { type AnyRule, placeholdersOf, type Rule, type RuleFinding } from '../../src/engine/rule.js';
import { RULE_CRASHED, runRules } from '../../src/engine/run.js';
import type { Finding, Severity } from '../../src/engine/types.js';

export interface ValidCase<O> {
  name: string;
  yaml: string;
  options?: Partial<O>;
  /**
   * The objects are a cluster listing, as `kubeward audit` reads it: the rules run in the audit context, on an index
   * where every kind kubeward reads is complete (what is not there does not exist).
   */
  cluster?: boolean;
  /** The target Kubernetes version (`kubeVersion:` in the config); default: unset, the newest kubeward knows. */
  kubeVersion?: string;
}

export interface ExpectedFinding<M extends string = string> {
  messageId: M;
  line: number;
  /** The message text, when the test cares about the wording or the data. */
  message?: string | RegExp;
  severity?: Severity;
  /** Expected dotted path, when the test cares. */
  path?: string;
  /**
   * The related locations, when the test cares: each as `Kind name:line` (a cross-object problem is reported once,
   * with its other objects related), in order; `[]` for none.
   */
  related?: string[];
}

/** A finding's related locations as `Kind name:line`. */
export function relatedLabels(f: Finding): string[] {
  return (f.related ?? []).map((r) => `${r.object.kind} ${r.object.name}:${r.line ?? '?'}`);
}

export interface InvalidCase<O, M extends string = string> extends ValidCase<O> {
  findings: ExpectedFinding<M>[];
}

export interface RuleTests<O, M extends string = string> {
  valid: ValidCase<O>[];
  invalid: InvalidCase<O, M>[];
}

/** The config a case runs with: its options as a `.kubeward.yaml` would set them, validated the same way. */
export async function caseConfig<O>(
  rule: Rule<O, string>,
  options?: Partial<O>,
  kubeVersion?: string,
): Promise<ResolvedConfig> {
  const setting = options === undefined ? true : { options };
  const raw = { rules: { [rule.meta.id]: setting }, ...(kubeVersion !== undefined ? { kubeVersion } : {}) };
  return resolveConfig(raw, 'test options', [rule as AnyRule]);
}

/** What the rule itself returned, next to what the engine reported. */
interface Run {
  findings: Finding[];
  raw: RuleFinding[];
}

/** Every kind kubeward reads from a cluster: complete in a listing. */
const LISTED_KINDS: ReadonlySet<string> = new Set(WATCHED_RESOURCES.map((r) => r.kind));

/** Loads and checks `yaml` as a cluster listing (see `ValidCase.cluster`). */
function auditText(yaml: string, rules: readonly AnyRule[], config: ResolvedConfig): Finding[] {
  const loaded = loadText('test.yaml', yaml);
  if (loaded.problems.length > 0)
    throw new Error(`test YAML does not load: ${loaded.problems.map((p) => `${p.line}: ${p.message}`).join('; ')}`);
  const index = createIndex(
    loaded.objects.map((o) => o.object),
    { completeKinds: LISTED_KINDS },
  );
  return runRules(loaded.objects, { rules, config, index, context: 'audit' }).findings;
}

function runWith(rule: AnyRule, yaml: string, config: ResolvedConfig, cluster = false): Run {
  const raw: RuleFinding[] = [];
  const recording: AnyRule = {
    meta: rule.meta,
    check(object, context) {
      const out = rule.check(object, context);
      raw.push(...out);
      return out;
    },
  };
  const findings = cluster
    ? auditText(yaml, [recording], config)
    : lintInputs([{ file: 'test.yaml', text: yaml }], { rules: [recording], config }).findings;
  const input = findings.filter((f) => f.family === 'input');
  if (input.length > 0)
    throw new Error(`test YAML does not load: ${input.map((f) => `${f.line}: ${f.message}`).join('; ')}`);
  return { findings: findings.filter((f) => f.ruleId === rule.meta.id || f.ruleId === RULE_CRASHED), raw };
}

/** Runs only `rule` over `yaml` (all documents are in the index), with `options` validated, and returns its findings. */
export async function runRule<O>(
  rule: Rule<O, string>,
  yaml: string,
  options?: Partial<O>,
  cluster = false,
  kubeVersion?: string,
): Promise<Finding[]> {
  const run = runWith(rule as AnyRule, yaml, await caseConfig(rule, options, kubeVersion), cluster);
  checkContract(rule as AnyRule, run.raw);
  return run.findings;
}

/** The contract every returned finding keeps (the engine would report a crash for an undeclared id). */
function checkContract(rule: AnyRule, raw: readonly RuleFinding[]): void {
  for (const f of raw) {
    const template = Object.hasOwn(rule.meta.messages, f.messageId) ? rule.meta.messages[f.messageId] : undefined;
    expect(template, `message id ${f.messageId} is not in meta.messages`).toBeDefined();
    const wanted = placeholdersOf(template ?? '').sort();
    const given = Object.keys(f.data ?? {}).sort();
    expect(given, `data of ${f.messageId} must fill exactly its placeholders`).toEqual(wanted);
    if (f.shift !== undefined)
      expect(
        rule.meta.severityShift?.[f.shift],
        `shift ${f.shift} is not documented in meta.severityShift`,
      ).toBeDefined();
  }
}

function describeFindings(findings: readonly Finding[]): string {
  return (
    findings
      .map(
        (f) =>
          `  line ${f.line} [${f.severity}] ${f.messageId ?? f.ruleId}: ${f.message} (${f.path})` +
          (f.related !== undefined ? ` related: ${relatedLabels(f).join(', ')}` : ''),
      )
      .join('\n') || '  (none)'
  );
}

function caseKey(t: ValidCase<unknown>): string {
  return JSON.stringify([t.yaml.trim(), t.options ?? null, t.cluster === true, t.kubeVersion ?? null]);
}

function firstDuplicate(keys: readonly string[]): string | undefined {
  return keys.find((k, i) => keys.indexOf(k) !== i);
}

function matches(f: Finding, want: ExpectedFinding): boolean {
  return (
    f.line === want.line &&
    f.messageId === want.messageId &&
    (want.message === undefined ||
      (typeof want.message === 'string' ? f.message === want.message : want.message.test(f.message))) &&
    (want.severity === undefined || f.severity === want.severity) &&
    (want.path === undefined || f.path === want.path) &&
    (want.related === undefined || relatedLabels(f).join(', ') === want.related.join(', '))
  );
}

export const ruleTester = {
  run<O, M extends string>(rule: Rule<O, M>, tests: RuleTests<O, NoInfer<M>>): void {
    const all = [...tests.valid, ...tests.invalid];
    describe(rule.meta.id, () => {
      it('has no duplicate case names and no duplicate cases', () => {
        expect(firstDuplicate(all.map((t) => t.name))).toBeUndefined();
        const dup = firstDuplicate(all.map(caseKey));
        expect(dup === undefined ? undefined : all.find((t) => caseKey(t) === dup)?.name).toBeUndefined();
      });
      it('expects every message it declares in at least one invalid case', () => {
        const expected = new Set(tests.invalid.flatMap((t) => t.findings.map((f) => f.messageId)));
        expect(Object.keys(rule.meta.messages).filter((id) => !expected.has(id as M))).toEqual([]);
      });
      it('fires on its invalid example and not on its valid one', async () => {
        const { invalid, valid, options } = rule.meta.examples;
        expect((await runRule(rule, invalid, options)).length).toBeGreaterThan(0);
        expect(describeFindings(await runRule(rule, valid, options))).toBe('  (none)');
      });
      for (const t of tests.valid) {
        it(t.name, async () => {
          expect(describeFindings(await runRule(rule, t.yaml, t.options, t.cluster, t.kubeVersion))).toBe('  (none)');
        });
      }
      for (const t of tests.invalid) {
        it(t.name, async () => {
          const actual = await runRule(rule, t.yaml, t.options, t.cluster, t.kubeVersion);
          const detail = `actual findings:\n${describeFindings(actual)}`;
          expect(actual.length, detail).toBe(t.findings.length);
          const remaining = [...actual];
          for (const want of t.findings) {
            const i = remaining.findIndex((f) => matches(f, want));
            expect(
              i,
              `no finding matches ${want.messageId} ${String(want.message ?? '')} at line ${want.line}\n${detail}`,
            ).toBeGreaterThanOrEqual(0);
            remaining.splice(i, 1);
          }
        });
      }
    });
  },
};
