import { describe, expect, it } from 'vitest';
import { createIndex } from '../../src/engine/object-index.js';
import type { JsonObject, K8sObject } from '../../src/engine/types.js';
import { hpaVpaOverlaps } from '../../src/k8s/autoscaler-overlap.js';
import { autoscalersTargeting, regularContainerNames, resolveTarget } from '../../src/k8s/autoscalers.js';
import { hpaMaxReplicas, hpaMetrics, hpaMinReplicas } from '../../src/k8s/hpa.js';
import { targetRefOf } from '../../src/k8s/target-ref.js';
import { vpaContainerPolicies, vpaControl, vpaPolicyFor, vpaUpdateMode } from '../../src/k8s/vpa.js';
import { describeControl, describeMetric } from '../../src/rules/shared/autoscaling-text.js';

function hpa(apiVersion: string, spec: JsonObject, name = 'web'): K8sObject {
  return {
    apiVersion,
    kind: 'HorizontalPodAutoscaler',
    metadata: { name, namespace: 'shop' },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, maxReplicas: 5, ...spec },
  };
}

function vpa(spec: JsonObject, name = 'web'): K8sObject {
  return {
    apiVersion: 'autoscaling.k8s.io/v1',
    kind: 'VerticalPodAutoscaler',
    metadata: { name, namespace: 'shop' },
    spec: { targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, ...spec },
  };
}

function deployment(containers: string[], initContainers: JsonObject[] = []): K8sObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop' },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: containers.map((name) => ({ name, image: `registry.example.com/${name}:1` })),
          initContainers,
        },
      },
    },
  };
}

const cpuUtilization = (averageUtilization: number) => ({
  type: 'Resource',
  resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization } },
});

describe('hpaMetrics', () => {
  it('reads autoscaling/v2 Resource and ContainerResource metrics with their target type and paths', () => {
    const metrics = hpaMetrics(
      hpa('autoscaling/v2', {
        metrics: [
          cpuUtilization(70),
          {
            type: 'ContainerResource',
            containerResource: {
              name: 'memory',
              container: 'app',
              target: { type: 'AverageValue', averageValue: '1Gi' },
            },
          },
          { type: 'Pods', pods: { metric: { name: 'rps' }, target: { type: 'AverageValue', averageValue: '10' } } },
        ],
      }),
    );
    expect(metrics).toEqual([
      {
        source: 'Resource',
        resource: 'cpu',
        target: 'Utilization',
        implicit: false,
        path: ['spec', 'metrics', 0],
        targetPath: ['spec', 'metrics', 0, 'resource', 'target', 'averageUtilization'],
      },
      {
        source: 'ContainerResource',
        resource: 'memory',
        container: 'app',
        target: 'AverageValue',
        implicit: false,
        path: ['spec', 'metrics', 1],
        targetPath: ['spec', 'metrics', 1, 'containerResource', 'target', 'averageValue'],
      },
      { source: 'Pods', implicit: false, path: ['spec', 'metrics', 2], targetPath: ['spec', 'metrics', 2] },
    ]);
  });

  it('reads the v2beta1 targetAverageUtilization and targetAverageValue shapes', () => {
    const metrics = hpaMetrics(
      hpa('autoscaling/v2beta1', {
        metrics: [
          { type: 'Resource', resource: { name: 'memory', targetAverageUtilization: 80 } },
          { type: 'Resource', resource: { name: 'cpu', targetAverageValue: '500m' } },
        ],
      }),
    );
    expect(metrics.map((m) => [m.resource, m.target, m.targetPath.at(-1)])).toEqual([
      ['memory', 'Utilization', 'targetAverageUtilization'],
      ['cpu', 'AverageValue', 'targetAverageValue'],
    ]);
  });

  it('maps autoscaling/v1 targetCPUUtilizationPercentage to a cpu Utilization metric', () => {
    const [m] = hpaMetrics(hpa('autoscaling/v1', { targetCPUUtilizationPercentage: 50 }));
    expect(m).toMatchObject({ source: 'Resource', resource: 'cpu', target: 'Utilization', implicit: false });
    expect(m?.path).toEqual(['spec', 'targetCPUUtilizationPercentage']);
  });

  it('falls back to the implicit 80% cpu utilization when no metric is named, in every version', () => {
    for (const [apiVersion, spec] of [
      ['autoscaling/v1', {}],
      ['autoscaling/v2', {}],
      ['autoscaling/v2', { metrics: [] }],
      ['autoscaling/v2beta2', {}],
    ] as const) {
      const metrics = hpaMetrics(hpa(apiVersion, spec));
      expect(metrics, apiVersion).toHaveLength(1);
      expect(metrics[0], apiVersion).toMatchObject({ resource: 'cpu', target: 'Utilization', implicit: true });
    }
  });

  it('infers the metric type from its body when type is missing', () => {
    const [m] = hpaMetrics(
      hpa('autoscaling/v2', { metrics: [{ resource: { name: 'cpu', target: { averageUtilization: 60 } } }] }),
    );
    expect(m).toMatchObject({ source: 'Resource', resource: 'cpu', target: 'Utilization' });
  });

  it('describes metrics for messages', () => {
    const [implicit] = hpaMetrics(hpa('autoscaling/v2', {}));
    const [container] = hpaMetrics(
      hpa('autoscaling/v2', {
        metrics: [
          {
            type: 'ContainerResource',
            containerResource: {
              name: 'cpu',
              container: 'app',
              target: { type: 'Utilization', averageUtilization: 60 },
            },
          },
        ],
      }),
    );
    expect(implicit && describeMetric(implicit)).toBe(
      'cpu utilization (the default 80% target, since it names no metric)',
    );
    expect(container && describeMetric(container)).toBe('cpu utilization of container app');
  });
});

describe('hpa replica bounds', () => {
  it('defaults minReplicas to 1 and leaves maxReplicas undefined when absent', () => {
    const h: K8sObject = {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'x' },
      spec: {},
    };
    expect(hpaMinReplicas(h)).toEqual({ value: 1, explicit: false, path: ['spec', 'minReplicas'] });
    expect(hpaMaxReplicas(h)).toEqual({ value: undefined, explicit: false, path: ['spec', 'maxReplicas'] });
  });

  it('reports a non-integer bound as undefined but explicit', () => {
    expect(hpaMinReplicas(hpa('autoscaling/v2', { minReplicas: '2' })).value).toBeUndefined();
    expect(hpaMinReplicas(hpa('autoscaling/v2', { minReplicas: '2' })).explicit).toBe(true);
  });
});

describe('vpaUpdateMode', () => {
  it('defaults an absent updatePolicy or updateMode to Recreate, which acts on running pods', () => {
    expect(vpaUpdateMode(vpa({}))).toMatchObject({ mode: 'Recreate', explicit: false, acting: true });
    expect(vpaUpdateMode(vpa({ updatePolicy: {} }))).toMatchObject({ mode: 'Recreate', explicit: false, acting: true });
  });

  it.each([
    ['Auto', true],
    ['Recreate', true],
    ['InPlaceOrRecreate', true],
    ['InPlace', true],
    ['Initial', false],
    ['Off', false],
    ['Sometimes', false],
  ])('updateMode %s acts on running pods: %s', (mode, acting) => {
    expect(vpaUpdateMode(vpa({ updatePolicy: { updateMode: mode } }))).toMatchObject({ mode, explicit: true, acting });
  });
});

describe('VPA container policies', () => {
  const policies = vpaContainerPolicies(
    vpa({
      resourcePolicy: {
        containerPolicies: [
          { containerName: '*', controlledResources: ['memory'] },
          { containerName: 'app' },
          { containerName: 'proxy', mode: 'Off', controlledResources: ['cpu', 'memory'] },
          { containerName: 'batch', controlledResources: [] },
        ],
      },
    }),
  );

  it('uses the container entry, then the * entry, then the defaults', () => {
    expect([...vpaPolicyFor(policies, 'app').controlled]).toEqual(['cpu', 'memory']);
    expect([...vpaPolicyFor(policies, 'other').controlled]).toEqual(['memory']);
    expect([...vpaPolicyFor([], 'other').controlled]).toEqual(['cpu', 'memory']);
  });

  it('controls nothing in mode Off or with an empty controlledResources list', () => {
    expect(vpaPolicyFor(policies, 'proxy').controlled.size).toBe(0);
    expect(vpaPolicyFor(policies, 'batch').controlled.size).toBe(0);
  });

  it('answers per container when the workload is known, and with "other containers" when it is not', () => {
    const v = vpa({
      resourcePolicy: { containerPolicies: [{ containerName: '*', mode: 'Off' }, { containerName: 'app' }] },
    });
    expect(vpaControl(v, 'cpu', ['app', 'proxy'])).toEqual({ containers: ['app'], otherContainers: false });
    expect(vpaControl(v, 'cpu', ['proxy'])).toEqual({ containers: [], otherContainers: false });
    expect(vpaControl(v, 'cpu', undefined)).toEqual({ containers: ['app'], otherContainers: false });
    expect(vpaControl(vpa({}), 'memory', undefined)).toEqual({ containers: [], otherContainers: true });
    expect(describeControl({ containers: [], otherContainers: true })).toBe('its containers');
    expect(describeControl({ containers: ['app', 'proxy'], otherContainers: false })).toBe('containers app, proxy');
  });

  it('lists only regular containers as managed (native sidecars need a VPA feature gate)', () => {
    const d = deployment(['app'], [{ name: 'mesh', image: 'mesh:1', restartPolicy: 'Always' }]);
    expect(regularContainerNames(d)).toEqual(['app']);
    expect(regularContainerNames(undefined)).toBeUndefined();
  });
});

describe('hpaVpaOverlaps', () => {
  const web = deployment(['app', 'proxy']);
  const h = hpa('autoscaling/v2', {
    metrics: [
      cpuUtilization(70),
      {
        type: 'ContainerResource',
        containerResource: {
          name: 'memory',
          container: 'proxy',
          target: { type: 'Utilization', averageUtilization: 70 },
        },
      },
      { type: 'External', external: { metric: { name: 'queue' }, target: { type: 'Value', value: '10' } } },
    ],
  });

  it('finds each resource metric on a resource the VPA changes in running pods', () => {
    const overlaps = hpaVpaOverlaps(h, vpa({ updatePolicy: { updateMode: 'InPlaceOrRecreate' } }), web);
    expect(overlaps.map((o) => [o.resource, o.control.containers])).toEqual([
      ['cpu', ['app', 'proxy']],
      ['memory', ['proxy']],
    ]);
  });

  it('finds none for Off and Initial, or when VPA controls only the other resource', () => {
    expect(hpaVpaOverlaps(h, vpa({ updatePolicy: { updateMode: 'Off' } }), web)).toEqual([]);
    expect(hpaVpaOverlaps(h, vpa({ updatePolicy: { updateMode: 'Initial' } }), web)).toEqual([]);
    const cpuOnly = hpa('autoscaling/v2', { metrics: [cpuUtilization(70)] });
    const memoryVpa = vpa({
      resourcePolicy: { containerPolicies: [{ containerName: '*', controlledResources: ['memory'] }] },
    });
    expect(hpaVpaOverlaps(cpuOnly, memoryVpa, web)).toEqual([]);
  });

  it('ignores a ContainerResource metric on a container the workload does not run as a regular container', () => {
    const onSidecar = hpa('autoscaling/v2', {
      metrics: [
        {
          type: 'ContainerResource',
          containerResource: {
            name: 'cpu',
            container: 'mesh',
            target: { type: 'Utilization', averageUtilization: 50 },
          },
        },
      ],
    });
    const withSidecar = deployment(['app'], [{ name: 'mesh', image: 'mesh:1', restartPolicy: 'Always' }]);
    expect(hpaVpaOverlaps(onSidecar, vpa({}), withSidecar)).toEqual([]);
    expect(hpaVpaOverlaps(onSidecar, vpa({}), undefined)).toHaveLength(1);
  });
});

describe('targets', () => {
  it('reads scaleTargetRef and targetRef, and rejects references without kind or name', () => {
    expect(targetRefOf(hpa('autoscaling/v2', {}))).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: 'web',
      path: ['spec', 'scaleTargetRef'],
    });
    expect(targetRefOf(vpa({ targetRef: { kind: 'Deployment' } }))).toBeUndefined();
  });

  it('resolves by kind and name in the autoscaler namespace, whatever the API group, one autoscaler per name', () => {
    const web = deployment(['app']);
    const rollout: K8sObject = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Rollout',
      metadata: { name: 'web', namespace: 'shop' },
    };
    const h1 = hpa('autoscaling/v2', {}, 'a');
    const h1again = hpa('autoscaling/v2', {}, 'a');
    const h2 = hpa('autoscaling/v2', {}, 'b');
    const onRollout = hpa(
      'autoscaling/v2',
      { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Rollout', name: 'web' } },
      'r',
    );
    const index = createIndex([web, rollout, h1, h1again, h2, onRollout]);
    expect(resolveTarget(index, h1)?.workload).toBe(web);
    expect(resolveTarget(index, onRollout)?.workload).toBe(rollout);
    const names = autoscalersTargeting(index, 'HorizontalPodAutoscaler', 'shop', {
      kind: 'Deployment',
      name: 'web',
    }).map((o) => o.metadata?.name);
    expect(names).toEqual(['a', 'b']);
  });
});
