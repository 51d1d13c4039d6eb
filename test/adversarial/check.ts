/** Runs rules' checks directly on adversarial objects (as bench/rule-cost.mjs does), and counts reads of objects. */
import { createIndex, type ObjectIndex } from '../../src/engine/object-index.js';
import { type AnyRule, formatMessage, type RuleFinding, shiftedSeverity } from '../../src/engine/rule.js';
import type { Severity } from '../../src/engine/types.js';
import type { K8sObject } from '../../src/k8s/object.js';
import { allRules } from '../../src/rules/index.js';
import { SCENARIOS, type Scenario } from './objects.js';

export function scenario(prefix: string): Scenario {
  const s = SCENARIOS.find((x) => x.name.startsWith(prefix));
  if (s === undefined) throw new Error(`no scenario named ${prefix}`);
  return s;
}

export function rule(id: string): AnyRule {
  const r = allRules.find((x) => x.meta.id === id);
  if (r === undefined) throw new Error(`no rule ${id}`);
  return r;
}

/** A rule's finding with the text and severity (at the default config) the engine would report. */
export interface CheckedFinding extends RuleFinding {
  message: string;
  severity: Severity;
}

/** The findings of `ruleId` on each subject of kind it checks, with the rule's default options. */
export function check(
  ruleId: string,
  objects: readonly object[],
  subjects: readonly object[] = objects,
  index: ObjectIndex = createIndex(objects as K8sObject[]),
): CheckedFinding[][] {
  const r = rule(ruleId);
  const options = r.meta.options?.defaults ?? {};
  return (subjects as K8sObject[])
    .filter((s) => r.meta.kinds.includes(s.kind))
    .map((s) =>
      r.check(s, { index, options }).map((f) => ({
        ...f,
        message: formatMessage(r.meta.messages[f.messageId] ?? '', f.data),
        severity: shiftedSeverity(r, r.meta.severity, f.shift),
      })),
    );
}

/** Every rule of the families on every subject: total findings by rule id (rules with none left out). */
export function checkFamilies(
  families: readonly string[],
  objects: readonly object[],
  subjects: readonly object[] = objects,
): Map<string, number> {
  const index = createIndex(objects as K8sObject[]);
  const counts = new Map<string, number>();
  for (const r of allRules) {
    if (!families.includes(r.meta.family)) continue;
    const n = check(r.meta.id, objects, subjects, index).reduce((sum, f) => sum + f.length, 0);
    if (n > 0) counts.set(r.meta.id, n);
  }
  return counts;
}

/**
 * Makes `object[key]` count its reads (an operation counter for a test that asserts the shape of the work, not its
 * time). Returns the counter.
 */
export function countReads(object: Record<string, unknown>, key: string): { reads: number } {
  const counter = { reads: 0 };
  const value = object[key];
  Object.defineProperty(object, key, {
    enumerable: true,
    get() {
      counter.reads++;
      return value;
    },
  });
  return counter;
}

/** An adversarial object's `spec`, to change it in a test. */
export function specOf(object: Record<string, unknown> | undefined): Record<string, unknown> {
  const spec = object?.spec;
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) throw new Error('the object has no spec');
  return spec as Record<string, unknown>;
}
