/**
 * The availability rules on adversarial objects (objects.ts): thousands of budgets and workloads in one namespace,
 * selectors of thousands of terms and values. Overlapping budgets are pairs by nature, so pdb-overlapping-selectors
 * names MAX_OVERLAPS others per budget and says there are more.
 */
import { describe, expect, it } from 'vitest';
import { MAX_OVERLAPS } from '../../src/rules/availability/pdb-overlapping-selectors.js';
import { check, scenario, specOf } from './check.js';
import { container, deployment, hpa, pdb } from './objects.js';

describe('thousands of budgets', () => {
  it('names at most MAX_OVERLAPS overlapping budgets per budget, then says there are more', () => {
    const s = scenario('same selector');
    const { objects, subjects } = s.build(s.n * 2);
    const findings = check('pdb-overlapping-selectors', objects, subjects);
    expect(findings).toHaveLength(2000);
    for (const f of findings) expect(f).toHaveLength(MAX_OVERLAPS + 1);
    expect(findings[0]?.[0]?.messageId).toBe('overlapsWorkload');
    expect(findings[0]?.[0]?.message).toMatch(/^PodDisruptionBudget pdb-1 also selects the pods of Deployment web/);
    expect(findings[0]?.[MAX_OVERLAPS]?.messageId).toBe('moreOverlaps');
    expect(findings[0]?.[MAX_OVERLAPS]?.message).toMatch(
      /^More PodDisruptionBudgets than the 16 above select these pods/,
    );
  });

  // A generous bound, not a timing: about 2 s here on a loaded machine; comparing every budget with every workload
  // (the code before the label index) took 21 s.
  it('pairs 10,000 budgets selecting by expressions with their workloads through the label index', {
    timeout: 10_000,
  }, () => {
    const s = scenario('expression budgets');
    const { objects } = s.build(10_000);
    // A second budget on every fifth workload, by matchLabels: each pair is reported from both sides.
    const extra = [];
    for (let i = 0; i < 10_000; i += 5) extra.push(pdb(`dup-${i}`, { matchLabels: { app: `web-${i}` } }));
    const all = [...objects, ...extra];
    const findings = check('pdb-overlapping-selectors', all).flat();
    expect(findings).toHaveLength(4000);
    expect(findings[0]?.message).toMatch(/^PodDisruptionBudget dup-0 also selects the pods of Deployment web-0/);
    expect(check('pdb-selects-nothing', all).flat()).toEqual([]);
  });

  it('finds the workload whose own labels a budget matches, for each of 3,000 budgets selecting nothing', () => {
    const objects = [];
    for (let i = 0; i < 3000; i++) {
      const w = deployment(`web-${i}`, { containers: [container(i)] }, { labels: { app: `pod-${i}` } });
      (w.metadata as Record<string, unknown>).labels = { team: `t-${i}` };
      objects.push(w, pdb(`pdb-${i}`, { matchLabels: { team: `t-${i}` } }));
    }
    const findings = check('pdb-selects-nothing', objects).flat();
    expect(findings).toHaveLength(3000);
    expect(findings[2999]?.message).toMatch(/it matches the labels of Deployment web-2999 itself/);
  });

  // As above: under 1 s here; summing the budget's 10,000 workloads again for each HPA took 20 s.
  it('looks for an operator-owned custom resource among 3,000 for each of 3,000 budgets through the label index', () => {
    const objects = [];
    for (let i = 0; i < 3000; i++) {
      // Half the custom resources stamp the labels into the pods they create (spec.template), half on themselves.
      const labels = { app: `prom-${i}` };
      objects.push({
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'Prometheus',
        metadata: { name: `prom-${i}`, namespace: 'adv', ...(i % 2 ? { labels } : {}) },
        spec: i % 2 ? {} : { template: { metadata: { labels } } },
      });
      objects.push(pdb(`pdb-${i}`, { matchLabels: { app: i % 3 === 0 ? `nobody-${i}` : `prom-${i}` } }));
    }
    const findings = check('pdb-selects-nothing', objects);
    expect(findings.flat()).toHaveLength(1000);
    expect(findings[0]?.[0]?.message).toMatch(/^The selector matches the pods of no loaded workload in namespace adv/);
    expect(findings[1]).toEqual([]);
  });

  it('sums the pods of 10,000 workloads a budget selects once, not once per HPA', { timeout: 10_000 }, () => {
    const s = scenario('one In of');
    const { objects } = s.build(10_000);
    const budget = specOf(objects.find((o) => o.kind === 'PodDisruptionBudget'));
    // Blocks every eviction at the HPAs' 30,000 minimum pods, not at their 40,000 maximum.
    delete budget.maxUnavailable;
    budget.minAvailable = 30_000;
    const hpas = objects
      .filter((o) => o.kind === 'Deployment')
      .map((d) => hpa(`hpa-${String(d.metadata?.name)}`, String(d.metadata?.name), { minReplicas: 3, maxReplicas: 4 }));
    const findings = check('hpa-min-replicas-blocks-drain', [...objects, ...hpas], hpas).flat();
    expect(findings).toHaveLength(10_000);
  });
});

describe('selectors of thousands of terms', () => {
  it('evaluates a budget of 600 expressions of 600 values each over 600 workloads', () => {
    const s = scenario('selector terms');
    const { objects, subjects } = s.build(s.n * 2);
    // Every workload is selected by the one budget: nothing overlaps, nothing is unprotected.
    expect(check('controller-missing-pdb', objects, subjects).flat()).toEqual([]);
    expect(check('pdb-selects-nothing', objects, subjects).flat()).toEqual([]);
  });
});
