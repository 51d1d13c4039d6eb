import { describe, expect, it } from 'vitest';
import { aggregateContainerResources, podContainerResources } from '../../src/k8s/pod-resources.js';
import { podLevelResources } from '../../src/k8s/qos.js';
import { container, sidecar, spec } from './fixtures.js';

describe('aggregateContainerResources and podLevelResources', () => {
  it('adds app containers and sidecars, and takes the larger init peak', () => {
    const containers = podContainerResources(
      spec(
        [container('app', { cpu: '1' })],
        [container('warm', { cpu: '3' }), sidecar('proxy', { cpu: '500m' }), container('late', { cpu: '2' })],
      ),
    );
    expect(aggregateContainerResources(containers, 'requests').get('cpu')).toBe(3_000_000_000n);
    const small = podContainerResources(spec([container('app', { cpu: '1' })], [container('warm', { cpu: '500m' })]));
    expect(aggregateContainerResources(small, 'requests').get('cpu')).toBe(1_000_000_000n);
    const sidecarPeak = podContainerResources(
      spec([container('app', { cpu: '1' })], [sidecar('proxy', { cpu: '1' }), container('late', { cpu: '2' })]),
    );
    expect(aggregateContainerResources(sidecarPeak, 'requests').get('cpu')).toBe(3_000_000_000n);
  });

  it('is undefined unless spec.resources names cpu or memory', () => {
    const podSpec = spec([container('app')], [], { limits: { 'hugepages-1Gi': '2Gi' } });
    expect(podLevelResources(podSpec, podContainerResources(podSpec))).toBeUndefined();
  });

  it('defaults a missing pod-level request to the pod-level limit when no container requests it', () => {
    const podSpec = spec([container('app', { cpu: '250m' })], [], { limits: { cpu: '1', memory: '1Gi' } });
    const pod = podLevelResources(podSpec, podContainerResources(podSpec));
    expect(pod?.requests.get('cpu')).toBe(250_000_000n);
    expect(pod?.requests.get('memory')).toBe(1024n ** 3n * 1_000_000_000n);
  });
});
