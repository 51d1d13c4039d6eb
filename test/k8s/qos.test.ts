import { describe, expect, it } from 'vitest';
import { limitRangeContainerDefaults } from '../../src/k8s/limit-range.js';
import type { JsonObject, K8sObject } from '../../src/k8s/object.js';
import { computeQosClass, meetsQosClass, type QosClass } from '../../src/k8s/qos.js';
import { container, sidecar, spec } from './fixtures.js';

const FULL = { cpu: '500m', memory: '256Mi' };

function limitRange(name: string, item: JsonObject, type = 'Container'): K8sObject {
  return {
    apiVersion: 'v1',
    kind: 'LimitRange',
    metadata: { name, namespace: 'shop' },
    spec: { limits: [{ type, ...item }] },
  };
}

describe('computeQosClass', () => {
  const cases: [string, JsonObject, QosClass][] = [
    ['a pod without any resources is BestEffort', spec([container('app')]), 'BestEffort'],
    ['a pod with no containers is BestEffort', spec([]), 'BestEffort'],
    ['requests equal to limits make a Guaranteed pod', spec([container('app', FULL, FULL)]), 'Guaranteed'],
    ['limits only make a Guaranteed pod (requests copied)', spec([container('app', undefined, FULL)]), 'Guaranteed'],
    [
      '500m equals 0.5 and 1Gi equals 1024Mi',
      spec([container('app', { cpu: '500m', memory: '1Gi' }, { cpu: 0.5, memory: '1024Mi' })]),
      'Guaranteed',
    ],
    [
      'values equal after rounding up to 1m are equal',
      spec([container('app', { cpu: '0.0001', memory: '1Gi' }, { cpu: '0.0002', memory: '1Gi' })]),
      'Guaranteed',
    ],
    [
      'requests below limits make a Burstable pod',
      spec([container('app', { cpu: '250m', memory: '256Mi' }, FULL)]),
      'Burstable',
    ],
    ['a request only makes a Burstable pod', spec([container('app', { memory: '64Mi' })]), 'Burstable'],
    ['a cpu limit only is Burstable', spec([container('app', undefined, { cpu: '1' })]), 'Burstable'],
    ['cpu: 0 is like an absent value', spec([container('app', { cpu: 0, memory: 0 }, { cpu: '0' })]), 'BestEffort'],
    [
      'an explicit cpu: 0 request is not overwritten by the limit',
      spec([container('app', { cpu: '0', memory: '256Mi' }, FULL)]),
      'Burstable',
    ],
    [
      'GPU-only resources are BestEffort',
      spec([container('trainer', undefined, { 'nvidia.com/gpu': 1 })]),
      'BestEffort',
    ],
    [
      'ephemeral-storage does not count',
      spec([container('app', { 'ephemeral-storage': '1Gi' }, { 'ephemeral-storage': '2Gi' })]),
      'BestEffort',
    ],
    [
      'extra non-QoS resources do not block Guaranteed',
      spec([container('app', { ...FULL, 'ephemeral-storage': '1Gi' }, { ...FULL, 'nvidia.com/gpu': 1 })]),
      'Guaranteed',
    ],
    [
      'a plain init container without limits makes the pod Burstable',
      spec([container('app', FULL, FULL)], [container('migrate')]),
      'Burstable',
    ],
    [
      'a sidecar without limits makes the pod Burstable',
      spec([container('app', FULL, FULL)], [sidecar('proxy')]),
      'Burstable',
    ],
    [
      'Guaranteed needs init containers and sidecars to be Guaranteed too',
      spec([container('app', FULL, FULL)], [container('migrate', undefined, FULL), sidecar('proxy', FULL, FULL)]),
      'Guaranteed',
    ],
    [
      'an init container alone with requests makes the pod Burstable',
      spec([container('app')], [container('migrate', { cpu: '100m' })]),
      'Burstable',
    ],
    [
      'one Guaranteed and one BestEffort container are Burstable',
      spec([container('app', FULL, FULL), container('log')]),
      'Burstable',
    ],
    [
      'an unparsable limit counts as absent',
      spec([container('app', FULL, { cpu: '500m', memory: '256MB' })]),
      'Burstable',
    ],
    [
      'an unparsable request is absent so the limit is copied',
      spec([container('app', { cpu: 'half', memory: '256Mi' }, FULL)]),
      'Guaranteed',
    ],
    [
      'ephemeral containers are ignored',
      { ...spec([container('app', FULL, FULL)]), ephemeralContainers: [{ name: 'debug', image: 'busybox' }] },
      'Guaranteed',
    ],
    [
      'pod-level limits make a Guaranteed pod whatever the containers say',
      spec([container('app'), container('log')], [], { limits: { cpu: '1', memory: '1Gi' } }),
      'Guaranteed',
    ],
    [
      'pod-level resources take precedence over Guaranteed containers',
      spec([container('app', FULL, FULL)], [], { requests: { cpu: '250m' } }),
      'Burstable',
    ],
    [
      'pod-level requests below pod-level limits are Burstable',
      spec([container('app', FULL, FULL)], [], {
        requests: { cpu: '500m', memory: '512Mi' },
        limits: { cpu: '1', memory: '1Gi' },
      }),
      'Burstable',
    ],
    [
      'pod-level requests default from container requests when limits are set',
      spec([container('app', { cpu: '250m' })], [], { limits: { cpu: '1', memory: '1Gi' } }),
      'Burstable',
    ],
    [
      'pod-level limits default from the containers when all have one',
      spec([container('app', undefined, FULL), container('log', undefined, FULL)], [], {
        requests: { cpu: '1', memory: '512Mi' },
      }),
      'Guaranteed',
    ],
    [
      'pod-level zero values are BestEffort (container requests ignored)',
      spec([container('app', FULL)], [], { requests: { cpu: '0' } }),
      'BestEffort',
    ],
    [
      'pod-level limits default from Guaranteed containers',
      spec([container('app', FULL, FULL)], [], { requests: { cpu: '0' } }),
      'Burstable',
    ],
    [
      'pod-level hugepages only do not take precedence',
      spec([container('app', FULL, FULL)], [], { limits: { 'hugepages-2Mi': '100Mi' } }),
      'Guaranteed',
    ],
    [
      'an empty pod-level resources object does not take precedence',
      spec([container('app', FULL, FULL)], [], {}),
      'Guaranteed',
    ],
  ];
  it.each(cases)('%s', (_name, podSpec, want) => {
    expect(computeQosClass(podSpec).qosClass).toBe(want);
  });

  it('ignores pod-level resources when the feature gate is off', () => {
    const podSpec = spec([container('app')], [], { limits: { cpu: '1', memory: '1Gi' } });
    expect(computeQosClass(podSpec, { podLevelResources: false }).qosClass).toBe('BestEffort');
    expect(computeQosClass(podSpec).basis).toBe('pod');
  });

  it('sums positive cpu and memory over all containers', () => {
    const r = computeQosClass(spec([container('app', FULL, FULL)], [container('init', { cpu: '1', memory: 0 })]));
    expect(r.requests.get('cpu')).toBe(1_500_000_000n);
    expect(r.requests.get('memory')).toBe(256n * 1024n ** 2n * 1_000_000_000n);
    expect(r.limits.get('cpu')).toBe(500_000_000n);
  });

  it('explains why a pod is not Guaranteed, container by container', () => {
    const r = computeQosClass(
      spec(
        [container('app', { cpu: '250m', memory: '256Mi' }, FULL), container('log', undefined, { cpu: '100m' })],
        [container('migrate', { cpu: 0 }, { cpu: '1', memory: '1Gi' }), sidecar('proxy')],
      ),
      { specPath: ['spec', 'template', 'spec'] },
    );
    expect(r.qosClass).toBe('Burstable');
    expect(r.shortfalls.Burstable).toEqual([]);
    expect(r.shortfalls.Guaranteed.map((s) => s.message)).toEqual([
      'init container migrate requests cpu 0 != limit 1',
      'sidecar container proxy has no cpu or memory limit',
      'container app requests cpu 250m != limit 500m',
      'container log has no memory limit',
    ]);
    expect(r.shortfalls.Guaranteed[0]?.path).toEqual([
      'spec',
      'template',
      'spec',
      'initContainers',
      0,
      'resources',
      'requests',
      'cpu',
    ]);
    expect(r.shortfalls.Guaranteed[1]?.path).toEqual([
      'spec',
      'template',
      'spec',
      'initContainers',
      1,
      'resources',
      'limits',
    ]);
  });

  it('says a pod without containers has none', () => {
    expect(computeQosClass(spec([])).shortfalls.Guaranteed.map((s) => s.message)).toEqual([
      'the pod has no containers',
    ]);
  });

  it('says a limit of 0 counts as none', () => {
    const r = computeQosClass(spec([container('app', FULL, { cpu: '0', memory: '256Mi' })]));
    expect(r.shortfalls.Guaranteed.map((s) => s.message)).toEqual([
      'container app has no cpu limit (a limit of 0 counts as none)',
    ]);
  });

  it('explains why a pod is BestEffort, naming zero values and resources that do not count', () => {
    const r = computeQosClass(
      spec(
        [container('trainer', undefined, { 'nvidia.com/gpu': 1 }), container('app', { cpu: 0 })],
        [container('init')],
      ),
    );
    expect(r.qosClass).toBe('BestEffort');
    expect(r.shortfalls.Burstable.map((s) => s.message)).toEqual([
      'no container sets a cpu or memory request or limit above zero',
      'container trainer only sets nvidia.com/gpu, which does not count toward the QoS class',
      'container app sets cpu to 0, which counts as unset',
    ]);
    expect(r.shortfalls.Burstable[0]?.path).toEqual(['containers', 0, 'resources']);
    expect(r.shortfalls.Guaranteed.length).toBeGreaterThan(0);
  });

  it('explains pod-level shortfalls at the pod-level fields', () => {
    const r = computeQosClass(
      spec([container('app', FULL, FULL)], [], { requests: { cpu: '500m' }, limits: { cpu: '1' } }),
      {
        specPath: ['spec'],
      },
    );
    expect(r.qosClass).toBe('Burstable');
    expect(r.shortfalls.Guaranteed).toEqual([
      { message: 'pod-level resources have no memory limit', path: ['spec', 'resources', 'limits'] },
      { message: 'the pod-level cpu request 500m != limit 1', path: ['spec', 'resources', 'requests', 'cpu'] },
    ]);
  });

  it('applies LimitRange defaults when asked', () => {
    const lr = limitRangeContainerDefaults([limitRange('defaults', { default: FULL, defaultRequest: FULL })]);
    const podSpec = spec([container('app')]);
    expect(computeQosClass(podSpec).qosClass).toBe('BestEffort');
    expect(computeQosClass(podSpec, { limitRangeDefaults: lr }).qosClass).toBe('Guaranteed');
  });

  it('orders the classes', () => {
    expect(meetsQosClass('Guaranteed', 'Burstable')).toBe(true);
    expect(meetsQosClass('Burstable', 'Burstable')).toBe(true);
    expect(meetsQosClass('BestEffort', 'Burstable')).toBe(false);
    expect(meetsQosClass('Burstable', 'Guaranteed')).toBe(false);
  });
});
