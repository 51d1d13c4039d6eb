import { describe, expect, it } from 'vitest';
import { createIndex } from '../../src/engine/object-index.js';
import { autoscalersTargeting, resolveTarget } from '../../src/k8s/autoscalers.js';
import type { K8sObject } from '../../src/k8s/object.js';
import { deployment, hpa } from './fixtures.js';

describe('targets', () => {
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
