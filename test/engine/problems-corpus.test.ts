/**
 * Each problem once, on the real corpus (issue 16's done-when): at most one statement of a pod's QoS class per pod,
 * and each cross-object problem once in lint. The same corpus with `eachProblemOnce: false` shows what is merged, so
 * these checks can fail.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/engine/config-types.js';
import { lintInputs } from '../../src/engine/lint.js';
import type { Finding } from '../../src/engine/types.js';
import { allRules } from '../../src/rules/index.js';

const dir = new URL('../corpus/', import.meta.url);
const inputs = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => ({ file: `test/corpus/${f}`, text: readFileSync(new URL(f, dir), 'utf8') }));

const once = lintInputs(inputs, { rules: allRules, config: DEFAULT_CONFIG });
const every = lintInputs(inputs, { rules: allRules, config: { ...DEFAULT_CONFIG, eachProblemOnce: false } });

const QOS = /\b(BestEffort|Burstable|Guaranteed)\b/;

/** A pod template's findings: by the file its object starts in and the object. */
function objectKey(f: Finding): string {
  const o = f.object;
  return `${f.file}|${o?.kind}|${o?.namespace ?? ''}|${o?.name}`;
}

function qosStatementsPerObject(findings: readonly Finding[]): Map<string, string[]> {
  const by = new Map<string, string[]>();
  for (const f of findings) {
    if (!QOS.test(f.message) || f.object === null) continue;
    const key = objectKey(f);
    by.set(key, [...(by.get(key) ?? []), f.ruleId]);
  }
  return by;
}

/** The objects a finding is about: its own and its related ones. */
function involved(f: Finding): string {
  const refs = [f.object, ...(f.related ?? []).map((r) => r.object)].map(
    (o) => `${o?.kind}/${o?.namespace ?? ''}/${o?.name}`,
  );
  return [...new Set(refs)].sort().join(' + ');
}

/** Rules whose findings state problems of several objects. */
const CROSS_OBJECT = new Set([
  'hpa-vpa-overlap',
  'autoscaling-duplicate-target',
  'pdb-overlapping-selectors',
  'pdb-hpa-min-replicas',
  'hpa-min-replicas-blocks-drain',
  'ingress-regex-host-wide',
  'duplicate-object',
]);

describe('each problem once, on the corpus', () => {
  it('states the QoS class of a pod at most once', () => {
    // Example collections define some objects twice (duplicate-object): each definition is a pod template of its own.
    const definitions = new Map<string, number>();
    for (const c of once.checked ?? []) {
      for (const o of c.objects) {
        const key = `${c.file}|${o.kind}|${o.namespace ?? ''}|${o.name}`;
        definitions.set(key, (definitions.get(key) ?? 0) + 1);
      }
    }
    const repeated = [...qosStatementsPerObject(once.findings)].filter(
      ([key, rules]) => new Set(rules).size > 1 || rules.length > (definitions.get(key) ?? 1),
    );
    expect(repeated).toEqual([]);
    // Without merging, the ingress-nginx controller of the examples is stated twice (controller-resources too).
    expect([...qosStatementsPerObject(every.findings)].some(([, rules]) => rules.length > 1)).toBe(true);
  });

  it('reports each cross-object problem once, with the other objects related', () => {
    const cross = once.findings.filter((f) => CROSS_OBJECT.has(f.ruleId) && f.ruleId !== 'duplicate-object');
    expect(cross.length).toBeGreaterThan(0);
    for (const f of cross) expect(f.related?.length ?? 0, `${f.ruleId} ${f.message}`).toBeGreaterThan(0);
    const keys = cross.map(involved);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
    // Merging is what made them once: every rule on every object reports more.
    const everyCross = every.findings.filter((f) => CROSS_OBJECT.has(f.ruleId) && f.ruleId !== 'duplicate-object');
    expect(everyCross.length).toBeGreaterThan(cross.length);
  });

  it('drops only findings whose problem a kept finding states: the same rule with it related, or naming its rule', () => {
    const id = (f: Finding) => `${f.ruleId}|${f.file}|${f.line}|${f.column}|${f.message}`;
    const kept = new Set(once.findings.map(id));
    const dropped = every.findings.filter((f) => !kept.has(id(f)));
    expect(dropped.length).toBeGreaterThan(0);
    const ref = (o: Finding['object']) => `${o?.kind}/${o?.namespace ?? ''}/${o?.name}`;
    for (const d of dropped) {
      const statedBy = once.findings.find(
        (k) =>
          involved(k).split(' + ').includes(ref(d.object)) &&
          (k.ruleId === d.ruleId || (k.alsoReportedBy ?? []).includes(d.ruleId)),
      );
      expect(statedBy, `${d.ruleId} ${d.file}:${d.line} ${d.message}`).toBeDefined();
    }
  });
});
