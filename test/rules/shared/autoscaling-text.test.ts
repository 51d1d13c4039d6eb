import { describe, expect, it } from 'vitest';
import { hpaMetrics } from '../../../src/k8s/hpa.js';
import type { JsonObject, K8sObject } from '../../../src/k8s/object.js';
import { describeMetric } from '../../../src/rules/shared/autoscaling-text.js';

function hpa(apiVersion: string, spec: JsonObject, name = 'web'): K8sObject {
  return {
    apiVersion,
    kind: 'HorizontalPodAutoscaler',
    metadata: { name, namespace: 'shop' },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, maxReplicas: 5, ...spec },
  };
}

describe('describeMetric', () => {
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
