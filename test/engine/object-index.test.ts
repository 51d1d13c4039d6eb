import { describe, expect, it } from 'vitest';
import { createIndex } from '../../src/engine/object-index.js';
import type { K8sObject } from '../../src/k8s/object.js';
import { compileSelector } from '../../src/k8s/selector.js';

const deploy = (name: string, ns: string | undefined, labels: Record<string, string>): K8sObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, ...(ns ? { namespace: ns } : {}) },
  spec: { template: { metadata: { labels }, spec: { containers: [] } } },
});
const hpa = (name: string, ns: string, target: string): K8sObject => ({
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name, namespace: ns },
  spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: target }, maxReplicas: 3 },
});

describe('createIndex', () => {
  const objects: K8sObject[] = [
    deploy('web', 'shop', { app: 'web' }),
    deploy('web', 'other', { app: 'web' }),
    deploy('api', undefined, { app: 'api' }),
    { apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'nginx', namespace: 'ignored' } },
    hpa('web', 'shop', 'web'),
    hpa('web-2', 'shop', 'web'),
    hpa('x', 'other', 'api'),
  ];
  const index = createIndex(objects, { defaultNamespace: 'apps' });

  it('puts namespaced objects without a namespace in the default namespace, and cluster-scoped ones in none', () => {
    expect(index.namespaceOf(objects[2] as K8sObject)).toBe('apps');
    expect(index.namespaceOf(objects[3] as K8sObject)).toBe('');
    expect(index.get('IngressClass', '', 'nginx')).toBe(objects[3]);
  });

  it('looks objects up by kind, by namespace and by name', () => {
    expect(index.ofKind('Deployment')).toHaveLength(3);
    expect(index.inNamespace('Deployment', 'shop')).toEqual([objects[0]]);
    expect(index.get('Deployment', 'other', 'web')).toBe(objects[1]);
    expect(index.get('Deployment', 'apps', 'api')).toBe(objects[2]);
    expect(index.get('Deployment', 'shop', 'nope')).toBeUndefined();
    expect(index.ofKind('Nothing')).toEqual([]);
  });

  it('finds workloads whose pod template a selector matches, in the same namespace only', () => {
    const m = compileSelector({ matchLabels: { app: 'web' } }, true);
    expect(index.workloadsMatching(m, 'shop')).toEqual([objects[0]]);
    expect(index.workloadsMatching(m, 'apps')).toEqual([]);
  });

  it('finds autoscalers by their target, in the same namespace only', () => {
    expect(
      index.targeting('HorizontalPodAutoscaler', 'shop', 'Deployment', 'web').map((o) => o.metadata?.name),
    ).toEqual(['web', 'web-2']);
    expect(index.targeting('HorizontalPodAutoscaler', 'other', 'Deployment', 'web')).toEqual([]);
    expect(index.targeting('VerticalPodAutoscaler', 'shop', 'Deployment', 'web')).toEqual([]);
  });

  it('caches compiled selectors per object and emptiness', () => {
    const pdb: K8sObject = {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'p' },
      spec: { selector: {} },
    };
    expect(index.selectorOf(pdb, true)({ any: 'thing' })).toBe(true);
    expect(index.selectorOf(pdb, false)({ any: 'thing' })).toBe(false);
    expect(index.selectorOf(pdb, true)).toBe(index.selectorOf(pdb, true));
  });
});
