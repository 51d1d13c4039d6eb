import { describe, expect, it } from 'vitest';
import { parseIntOrPercent, scaledValue } from '../../src/k8s/int-or-percent.js';
import type { K8sObject } from '../../src/k8s/object.js';
import { blocksEviction, budgetOf, desiredHealthy } from '../../src/k8s/pdb-budget.js';

const pdb = (name: string, spec: Record<string, unknown>, apiVersion = 'policy/v1', ns = 'shop'): K8sObject => ({
  apiVersion,
  kind: 'PodDisruptionBudget',
  metadata: { name, namespace: ns },
  spec,
});

describe('IntOrString budgets', () => {
  it('parses integers and percentages only', () => {
    expect(parseIntOrPercent(2)).toEqual({ kind: 'int', value: 2 });
    expect(parseIntOrPercent('50%')).toEqual({ kind: 'percent', value: 50 });
    expect(parseIntOrPercent('2')).toBeUndefined();
    expect(parseIntOrPercent(-1)).toBeUndefined();
    expect(parseIntOrPercent(1.5)).toBeUndefined();
  });

  it('rounds percentages up for PDBs and down when asked (Deployment maxUnavailable)', () => {
    expect(scaledValue({ kind: 'percent', value: 50 }, 7, true)).toBe(4);
    expect(scaledValue({ kind: 'percent', value: 25 }, 3, false)).toBe(0);
    expect(scaledValue({ kind: 'int', value: 3 }, 10, false)).toBe(3);
  });

  it('computes desired healthy pods like the disruption controller', () => {
    const min50 = budgetOf(pdb('a', { minAvailable: '50%' }));
    const max10 = budgetOf(pdb('b', { maxUnavailable: '10%' }));
    expect(min50 && desiredHealthy(min50, 7)).toBe(4);
    expect(max10 && desiredHealthy(max10, 5)).toBe(4);
    const min90 = budgetOf(pdb('c', { minAvailable: '90%' }));
    // 90% of 3 rounds up to 3: no pod may go.
    expect(min90 && blocksEviction(min90, 3)).toBe(true);
    expect(min90 && blocksEviction(min90, 20)).toBe(false);
    expect(budgetOf(pdb('d', {}))).toBeUndefined();
  });
});
