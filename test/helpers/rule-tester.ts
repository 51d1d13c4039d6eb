/**
 * The rule tester: one call per rule test file (ESLint's RuleTester, adapted).
 * Valid cases must produce no finding; invalid cases must produce exactly the listed findings, each matched by
 * message and 1-based line (and severity when given). The rule's meta.examples run too.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type ResolvedConfig } from '../../src/engine/config-types.js';
import { lintInputs } from '../../src/engine/lint.js';
import type { Finding, Severity } from '../../src/engine/types.js';
import type { Rule } from '../../src/rules/define-rule.js';

export interface ValidCase<O> {
  name: string;
  yaml: string;
  options?: Partial<O>;
}

export interface ExpectedFinding {
  message: string | RegExp;
  line: number;
  severity?: Severity;
  /** Expected dotted path, when the test cares. */
  path?: string;
}

export interface InvalidCase<O> extends ValidCase<O> {
  findings: ExpectedFinding[];
}

export interface RuleTests<O> {
  valid: ValidCase<O>[];
  invalid: InvalidCase<O>[];
}

/** Runs only `rule` over `yaml` (all documents are in the index) and returns its findings. */
export function runRule<O>(rule: Rule<O>, yaml: string, options?: Partial<O>): Finding[] {
  const config: ResolvedConfig = {
    ...DEFAULT_CONFIG,
    rules: { [rule.meta.id]: { enabled: true, ...(options ? { options: options as Record<string, unknown> } : {}) } },
  };
  const result = lintInputs([{ file: 'test.yaml', text: yaml }], { rules: [rule], config });
  const input = result.findings.filter((f) => f.family === 'input');
  if (input.length > 0)
    throw new Error(`test YAML does not load: ${input.map((f) => `${f.line}: ${f.message}`).join('; ')}`);
  return result.findings.filter((f) => f.ruleId === rule.meta.id);
}

function describeFindings(findings: readonly Finding[]): string {
  return findings.map((f) => `  line ${f.line} [${f.severity}] ${f.message} (${f.path})`).join('\n') || '  (none)';
}

export const ruleTester = {
  run<O>(rule: Rule<O>, tests: RuleTests<O>): void {
    const names = [...tests.valid, ...tests.invalid].map((t) => t.name);
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    describe(rule.meta.id, () => {
      it('has no duplicate case names', () => {
        expect(dup).toBeUndefined();
      });
      it('fires on its invalid example and not on its valid one', () => {
        const { invalid, valid, options } = rule.meta.examples;
        expect(runRule(rule, invalid, options).length).toBeGreaterThan(0);
        expect(describeFindings(runRule(rule, valid, options))).toBe('  (none)');
      });
      for (const t of tests.valid) {
        it(t.name, () => {
          expect(describeFindings(runRule(rule, t.yaml, t.options))).toBe('  (none)');
        });
      }
      for (const t of tests.invalid) {
        it(t.name, () => {
          const actual = runRule(rule, t.yaml, t.options);
          const detail = `actual findings:\n${describeFindings(actual)}`;
          expect(actual.length, detail).toBe(t.findings.length);
          const remaining = [...actual];
          for (const want of t.findings) {
            const i = remaining.findIndex(
              (f) =>
                f.line === want.line &&
                (typeof want.message === 'string' ? f.message === want.message : want.message.test(f.message)) &&
                (want.severity === undefined || f.severity === want.severity) &&
                (want.path === undefined || f.path === want.path),
            );
            expect(
              i,
              `no finding matches ${String(want.message)} at line ${want.line}\n${detail}`,
            ).toBeGreaterThanOrEqual(0);
            remaining.splice(i, 1);
          }
        });
      }
    });
  },
};
