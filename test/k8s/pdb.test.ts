import { describe, expect, it } from 'vitest';
import { createIndex } from '../../src/engine/object-index.js';
import type { K8sObject } from '../../src/k8s/object.js';
import {
  budgetsSelecting,
  budgetsWithSelectorOf,
  customOwnerSelectedBy,
  selectorKey,
  workloadsSelectedBy,
} from '../../src/k8s/pdb.js';
import { labeledDeployment as deployment } from './fixtures.js';

const pdb = (name: string, spec: Record<string, unknown>, apiVersion = 'policy/v1', ns = 'shop'): K8sObject => ({
  apiVersion,
  kind: 'PodDisruptionBudget',
  metadata: { name, namespace: ns },
  spec,
});

const names = (objects: readonly K8sObject[]): string[] => objects.map((o) => o.metadata?.name ?? '');

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
    expect(names(budgetsWithSelectorOf(a, idx))).toEqual(['a', 'b']);
    expect(budgetsWithSelectorOf(b, idx)).toBe(budgetsWithSelectorOf(a, idx));
    expect(names(budgetsWithSelectorOf(c, idx))).toEqual(['c']);
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
