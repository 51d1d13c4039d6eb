import { describe, expect, it } from 'vitest';
import { hpaVpaOverlaps } from '../../src/k8s/autoscaler-overlap.js';
import { deployment, hpa, vpa } from './fixtures.js';

const cpuUtilization = (averageUtilization: number) => ({
  type: 'Resource',
  resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization } },
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
