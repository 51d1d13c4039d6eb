import { describe, expect, it } from 'vitest';
import { limitRangeContainerDefaults } from '../../src/k8s/limit-range.js';
import type { JsonObject, K8sObject } from '../../src/k8s/object.js';

function limitRange(name: string, item: JsonObject, type = 'Container'): K8sObject {
  return {
    apiVersion: 'v1',
    kind: 'LimitRange',
    metadata: { name, namespace: 'shop' },
    spec: { limits: [{ type, ...item }] },
  };
}

describe('limitRangeContainerDefaults', () => {
  const text = (m: ReadonlyMap<string, { quantity: { text: string } }>): Record<string, string> =>
    Object.fromEntries([...m].map(([k, v]) => [k, v.quantity.text]));

  it('defaults the request from defaultRequest, else default, else max, else min', () => {
    const d = limitRangeContainerDefaults([
      limitRange('lr', {
        defaultRequest: { cpu: '100m' },
        default: { cpu: '500m', memory: '512Mi' },
        max: { cpu: '2', memory: '1Gi', 'ephemeral-storage': '10Gi' },
        min: { cpu: '10m', memory: '16Mi', 'nvidia.com/gpu': 0 },
      }),
    ]);
    expect(text(d.requests)).toEqual({
      cpu: '100m',
      memory: '512Mi',
      'ephemeral-storage': '10Gi',
      'nvidia.com/gpu': '0',
    });
    expect(text(d.limits)).toEqual({ cpu: '500m', memory: '512Mi', 'ephemeral-storage': '10Gi' });
  });

  it('gives request = limit = max for a LimitRange with only max', () => {
    const d = limitRangeContainerDefaults([limitRange('max-only', { max: { memory: '1Gi' } })]);
    expect(text(d.requests)).toEqual({ memory: '1Gi' });
    expect(text(d.limits)).toEqual({ memory: '1Gi' });
    expect(d.requests.get('memory')?.limitRange).toBe('max-only');
  });

  it('ignores Pod and PersistentVolumeClaim items and unparsable values', () => {
    const d = limitRangeContainerDefaults([
      limitRange('pod', { max: { cpu: '4' } }, 'Pod'),
      limitRange('bad', { default: { memory: '1GB' } }),
    ]);
    expect(d.requests.size).toBe(0);
    expect(d.limits.size).toBe(0);
  });

  it('lets the first LimitRange that sets a key win', () => {
    const d = limitRangeContainerDefaults([
      limitRange('first', { default: { cpu: '1' } }),
      limitRange('second', { default: { cpu: '2', memory: '1Gi' } }),
    ]);
    expect(d.limits.get('cpu')?.limitRange).toBe('first');
    expect(d.limits.get('memory')?.limitRange).toBe('second');
  });
});
