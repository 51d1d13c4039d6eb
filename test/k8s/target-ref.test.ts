import { describe, expect, it } from 'vitest';
import { targetRefOf, unscalableKindOf } from '../../src/k8s/target-ref.js';
import { hpa, vpa } from './fixtures.js';

describe('targetRefOf', () => {
  it('reads scaleTargetRef and targetRef, and rejects references without kind or name', () => {
    expect(targetRefOf(hpa('autoscaling/v2', {}))).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: 'web',
      path: ['spec', 'scaleTargetRef'],
    });
    expect(targetRefOf(vpa({ targetRef: { kind: 'Deployment' } }))).toBeUndefined();
  });
});

describe('unscalableKindOf', () => {
  it('names the built-in kinds without a scale subresource, not custom resources that share the name', () => {
    expect(unscalableKindOf({ apiVersion: 'apps/v1', kind: 'DaemonSet' })).toBe('DaemonSet');
    expect(unscalableKindOf({ apiVersion: 'extensions/v1beta1', kind: 'DaemonSet' })).toBe('DaemonSet');
    expect(unscalableKindOf({ apiVersion: 'v1', kind: 'Pod' })).toBe('Pod');
    expect(unscalableKindOf({ kind: 'CronJob' })).toBe('CronJob');
    expect(unscalableKindOf({ apiVersion: 'apps.kruise.io/v1alpha1', kind: 'DaemonSet' })).toBeUndefined();
    expect(unscalableKindOf({ apiVersion: 'apps/v1', kind: 'Deployment' })).toBeUndefined();
    expect(unscalableKindOf({ apiVersion: 'v1', kind: 'constructor' })).toBeUndefined();
  });
});
