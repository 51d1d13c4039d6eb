import { describe, expect, it } from 'vitest';
import { createIndex } from '../../src/engine/object-index.js';
import type { K8sObject } from '../../src/k8s/object.js';
import { totalScale } from '../../src/k8s/scale.js';
import { labeledDeployment as deployment } from './fixtures.js';

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
