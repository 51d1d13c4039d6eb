import { describe, expect, it } from 'vitest';
import { effectiveResources } from '../../src/k8s/resource-list.js';
import { container } from './fixtures.js';

describe('effectiveResources', () => {
  it('copies each missing request from the limit, key by key', () => {
    const r = effectiveResources(
      container('app', { memory: '128Mi' }, { cpu: '1', memory: '256Mi', 'nvidia.com/gpu': 1 }),
    );
    expect([...r.requests].map(([k, v]) => [k, v.text])).toEqual([
      ['memory', '128Mi'],
      ['cpu', '1'],
      ['nvidia.com/gpu', '1'],
    ]);
    expect([...r.requestOrigins.keys()]).toEqual(['cpu', 'nvidia.com/gpu']);
  });

  it('keeps an explicit zero request', () => {
    const r = effectiveResources(container('app', { cpu: 0 }, { cpu: '1' }));
    expect(r.requests.get('cpu')?.nanos).toBe(0n);
    expect(r.requestOrigins.size).toBe(0);
  });

  it('treats an unparsable value as absent', () => {
    const r = effectiveResources(container('app', { memory: '1 Gi' }, { memory: '1K' }));
    expect(r.requests.size).toBe(0);
    expect(r.limits.size).toBe(0);
  });

  it('survives a container without resources or with junk in them', () => {
    expect(effectiveResources({ name: 'x' }).requests.size).toBe(0);
    expect(effectiveResources({ name: 'x', resources: 'lots' }).limits.size).toBe(0);
    expect(effectiveResources({ name: 'x', resources: { requests: ['1'] } }).requests.size).toBe(0);
  });
});
