import { describe, expect, it } from 'vitest';
import { hpaMaxReplicas, hpaMetrics, hpaMinReplicas } from '../../src/k8s/hpa.js';
import type { K8sObject } from '../../src/k8s/object.js';
import { hpa } from './fixtures.js';

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
