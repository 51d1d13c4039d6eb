import { describe, expect, it } from 'vitest';
import { createIndex } from '../../src/engine/object-index.js';
import type { K8sObject } from '../../src/engine/types.js';
import { parseIntOrPercent, scaledValue } from '../../src/k8s/int-or-percent.js';
import {
  budgetsSelecting,
  budgetsWithSameSelector,
  customOwnerSelectedBy,
  selectorKey,
  workloadsSelectedBy,
} from '../../src/k8s/pdb.js';
import { blocksEviction, budgetOf, desiredHealthy } from '../../src/k8s/pdb-budget.js';
import { totalScale } from '../../src/k8s/scale.js';

const deployment = (
  name: string,
  labels: Record<string, string>,
  extra: Record<string, unknown> = {},
  ns = 'shop',
): K8sObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: ns },
  spec: { ...extra, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [] } } },
});

const pdb = (name: string, spec: Record<string, unknown>, apiVersion = 'policy/v1', ns = 'shop'): K8sObject => ({
  apiVersion,
  kind: 'PodDisruptionBudget',
  metadata: { name, namespace: ns },
  spec,
});

const hpa = (target: string, minReplicas: number | undefined, maxReplicas: number): K8sObject => ({
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: `${target}-hpa`, namespace: 'shop' },
  spec: {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: target },
    ...(minReplicas === undefined ? {} : { minReplicas }),
    maxReplicas,
  },
});

const names = (objects: readonly K8sObject[]): string[] => objects.map((o) => o.metadata?.name ?? '');

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

describe('which workloads a PDB selects', () => {
  const web = deployment('web', { app: 'web', tier: 'frontend' });
  const api = deployment('api', { app: 'api', tier: 'backend' });
  const elsewhere = deployment('web', { app: 'web', tier: 'frontend' }, {}, 'other');

  it('matches pod template labels with matchLabels and matchExpressions, in its own namespace only', () => {
    const byLabels = pdb('by-labels', { selector: { matchLabels: { app: 'web' } } });
    const byExpr = pdb('by-expr', {
      selector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['frontend', 'backend'] }] },
    });
    const notIn = pdb('not-in', {
      selector: { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['web'] }] },
    });
    const idx = createIndex([web, api, elsewhere, byLabels, byExpr, notIn]);
    expect(names(workloadsSelectedBy(byLabels, idx))).toEqual(['web']);
    expect(workloadsSelectedBy(byLabels, idx)[0]).toBe(web);
    expect(names(workloadsSelectedBy(byExpr, idx))).toEqual(['web', 'api']);
    expect(names(workloadsSelectedBy(notIn, idx))).toEqual(['api']);
    expect(names(budgetsSelecting(web, idx))).toEqual(['by-labels', 'by-expr']);
    expect(budgetsSelecting(elsewhere, idx)).toEqual([]);
  });

  it('reads an empty selector as everything in policy/v1 and nothing in policy/v1beta1; an absent one as nothing', () => {
    const v1 = pdb('v1', { selector: {} });
    const beta = pdb('beta', { selector: {} }, 'policy/v1beta1');
    const absent = pdb('absent', { maxUnavailable: 1 });
    const idx = createIndex([web, api, v1, beta, absent]);
    expect(names(workloadsSelectedBy(v1, idx))).toEqual(['web', 'api']);
    expect(workloadsSelectedBy(beta, idx)).toEqual([]);
    expect(workloadsSelectedBy(absent, idx)).toEqual([]);
  });

  it('finds PDBs with the same selector whatever the key order', () => {
    const a = pdb('a', { selector: { matchLabels: { app: 'web', tier: 'frontend' } } });
    const b = pdb('b', { selector: { matchLabels: { tier: 'frontend', app: 'web' } } });
    const c = pdb('c', { selector: { matchLabels: { app: 'web' } } });
    const idx = createIndex([a, b, c]);
    expect(selectorKey(a)).toBe(selectorKey(b));
    expect(names(budgetsWithSameSelector(a, idx))).toEqual(['b']);
    expect(budgetsWithSameSelector(c, idx)).toEqual([]);
  });

  it('finds the custom resource that probably owns the pods (an operator)', () => {
    const prometheus: K8sObject = {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'Prometheus',
      metadata: { name: 'k8s', namespace: 'shop', labels: { 'app.kubernetes.io/name': 'prometheus' } },
    };
    const rollout: K8sObject = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Rollout',
      metadata: { name: 'canary', namespace: 'shop' },
      spec: { template: { metadata: { labels: { app: 'canary' } } } },
    };
    const p1 = pdb('p1', { selector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } } });
    const p2 = pdb('p2', { selector: { matchLabels: { app: 'canary' } } });
    const p3 = pdb('p3', { selector: { matchLabels: { app: 'nothing' } } });
    const idx = createIndex([prometheus, rollout, p1, p2, p3]);
    expect(customOwnerSelectedBy(p1, idx)).toBe(prometheus);
    expect(customOwnerSelectedBy(p2, idx)).toBe(rollout);
    expect(customOwnerSelectedBy(p3, idx)).toBeUndefined();
  });
});

describe('totalScale', () => {
  it('uses replicas (default 1) and the HPA range when an HPA targets the workload', () => {
    const one = deployment('one', { app: 'one' });
    const three = deployment('three', { app: 'three' }, { replicas: 3 });
    const scaled = deployment('scaled', { app: 'scaled' }, { replicas: 2 });
    const idx = createIndex([one, three, scaled, hpa('scaled', undefined, 6)]);
    expect(totalScale([one, three], idx)).toEqual({ min: 4, max: 4 });
    expect(totalScale([scaled], idx)).toMatchObject({ min: 1, max: 6 });
  });

  it('is unknown for a DaemonSet', () => {
    const ds: K8sObject = { ...deployment('ds', { app: 'ds' }), kind: 'DaemonSet' };
    expect(totalScale([ds], createIndex([ds]))).toBeUndefined();
  });
});
