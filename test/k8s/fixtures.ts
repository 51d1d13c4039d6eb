/** Objects the test/k8s tests build, in one place (the split modules' tests share them). */
import type { JsonObject, K8sObject } from '../../src/k8s/object.js';

export function hpa(apiVersion: string, spec: JsonObject, name = 'web'): K8sObject {
  return {
    apiVersion,
    kind: 'HorizontalPodAutoscaler',
    metadata: { name, namespace: 'shop' },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, maxReplicas: 5, ...spec },
  };
}

export function vpa(spec: JsonObject, name = 'web'): K8sObject {
  return {
    apiVersion: 'autoscaling.k8s.io/v1',
    kind: 'VerticalPodAutoscaler',
    metadata: { name, namespace: 'shop' },
    spec: { targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, ...spec },
  };
}

/** Deployment shop/web with these containers (and init containers). */
export function deployment(containers: string[], initContainers: JsonObject[] = []): K8sObject {
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

/** A Deployment whose selector and pod labels are `labels`. */
export const labeledDeployment = (
  name: string,
  labels: Record<string, string>,
  extra: Record<string, unknown> = {},
  ns = 'shop',
): K8sObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: ns },
  spec: { ...extra, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [] } } },
});

export type List = Record<string, string | number>;

export function container(name: string, requests?: List, limits?: List, extra: JsonObject = {}): JsonObject {
  const resources: JsonObject = {};
  if (requests) resources.requests = requests;
  if (limits) resources.limits = limits;
  return { name, image: `registry.example.com/${name}:1.0`, resources, ...extra };
}

export function sidecar(name: string, requests?: List, limits?: List): JsonObject {
  return container(name, requests, limits, { restartPolicy: 'Always' });
}

export function spec(containers: JsonObject[], initContainers: JsonObject[] = [], resources?: JsonObject): JsonObject {
  return { containers, initContainers, ...(resources ? { resources } : {}) };
}
