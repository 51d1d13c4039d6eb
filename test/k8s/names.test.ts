import { describe, expect, it } from 'vitest';
import { describeContainer, describeOf, objectLabel, qualifiedName, reportedName } from '../../src/k8s/names.js';

describe('describeContainer', () => {
  it('names containers, init containers and sidecars', () => {
    expect(describeContainer({ name: 'app', group: 'containers', sidecar: false })).toBe('container app');
    expect(describeContainer({ name: 'migrate', group: 'initContainers', sidecar: false })).toBe(
      'init container migrate',
    );
    expect(describeContainer({ name: 'proxy', group: 'initContainers', sidecar: true })).toBe(
      'sidecar container proxy',
    );
  });
});

describe('describeOf', () => {
  it('names an object by its kind and name, HPAs and VPAs short, and an empty name when it has none', () => {
    expect(describeOf({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'ingress-nginx' } })).toBe(
      'DaemonSet ingress-nginx',
    );
    expect(
      describeOf({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web' } }),
    ).toBe('HPA web');
    expect(describeOf({ apiVersion: 'apps/v1', kind: 'Deployment' })).toBe('Deployment ');
  });
});

describe('the names of reported objects', () => {
  it('reports the name, generateName* before the API server names the object, else <unnamed>', () => {
    expect(reportedName({ name: 'web', generateName: 'web-' })).toBe('web');
    expect(reportedName({ name: '', generateName: 'web-' })).toBe('web-*');
    expect(reportedName(undefined)).toBe('<unnamed>');
  });

  it('qualifies it with the namespace the object writes, and labels a ref as Kind/namespace/name', () => {
    const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' } };
    expect(qualifiedName(deployment)).toBe('shop/web');
    expect(qualifiedName({ apiVersion: 'v1', kind: 'Namespace', metadata: { generateName: 'tmp-' } })).toBe('tmp-*');
    expect(objectLabel({ kind: 'Deployment', namespace: 'shop', name: 'web' })).toBe('Deployment/shop/web');
    expect(objectLabel({ kind: 'IngressClass', name: 'nginx' })).toBe('IngressClass/nginx');
  });
});
