import { describe, expect, it } from 'vitest';
import { createIndex } from '../../src/engine/object-index.js';
import { resolveIngressController } from '../../src/ingress/ingress-class.js';
import type { K8sObject } from '../../src/k8s/object.js';

const cls = (name: string, controller: string, extra: Record<string, unknown> = {}): K8sObject => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'IngressClass',
  metadata: { name, ...extra },
  spec: { controller },
});
const ingress = (spec: Record<string, unknown>, annotations: Record<string, string> = {}): K8sObject => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'Ingress',
  metadata: { name: 'web', namespace: 'shop', annotations },
  spec: { rules: [], ...spec },
});
const defaultAnn = { annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } };

describe('resolveIngressController', () => {
  it('follows spec.ingressClassName to the IngressClass controller', () => {
    const idx = createIndex([cls('public', 'k8s.io/ingress-nginx'), cls('f5', 'nginx.org/ingress-controller')]);
    expect(resolveIngressController(ingress({ ingressClassName: 'public' }), idx)).toMatchObject({
      controller: 'ingress-nginx',
      className: 'public',
      classSource: 'spec',
      controllerName: 'k8s.io/ingress-nginx',
      confidence: 'high',
    });
    expect(resolveIngressController(ingress({ ingressClassName: 'f5' }), idx).controller).toBe('f5-nginx');
  });

  it('names the controller of any well-known controller name, and other for the rest', () => {
    const idx = createIndex([cls('edge', 'traefik.io/ingress-controller'), cls('corp', 'example.com/edge')]);
    expect(resolveIngressController(ingress({ ingressClassName: 'edge' }), idx).controller).toBe('traefik');
    expect(resolveIngressController(ingress({ ingressClassName: 'corp' }), idx).controller).toBe('other');
  });

  it('an IngressClass named nginx that belongs to F5 NGINX is not ingress-nginx, whatever the name says', () => {
    const idx = createIndex([cls('nginx', 'nginx.org/ingress-controller')]);
    expect(
      resolveIngressController(ingress({ ingressClassName: 'nginx' }, { 'nginx.ingress.kubernetes.io/x': 'y' }), idx)
        .controller,
    ).toBe('f5-nginx');
  });

  it('follows the legacy kubernetes.io/ingress.class annotation', () => {
    const idx = createIndex([cls('nginx', 'k8s.io/ingress-nginx')]);
    expect(resolveIngressController(ingress({}, { 'kubernetes.io/ingress.class': 'nginx' }), idx)).toMatchObject({
      controller: 'ingress-nginx',
      classSource: 'annotation',
      confidence: 'high',
    });
  });

  it('uses the default IngressClass when neither is set, the newest of several', () => {
    const idx = createIndex([
      cls('old', 'example.com/other', { ...defaultAnn, creationTimestamp: '2023-01-01T00:00:00Z' }),
      cls('new', 'k8s.io/ingress-nginx', { ...defaultAnn, creationTimestamp: '2025-01-01T00:00:00Z' }),
      cls('not-default', 'nginx.org/ingress-controller'),
    ]);
    expect(resolveIngressController(ingress({}), idx)).toMatchObject({
      controller: 'ingress-nginx',
      className: 'new',
      classSource: 'default',
    });
  });

  it('without the IngressClass, weighs the evidence: class nginx plus nginx.ingress.kubernetes.io annotations is ingress-nginx with high confidence', () => {
    const idx = createIndex([]);
    expect(
      resolveIngressController(
        ingress({ ingressClassName: 'nginx' }, { 'nginx.ingress.kubernetes.io/rewrite-target': '/' }),
        idx,
      ),
    ).toMatchObject({ controller: 'ingress-nginx', confidence: 'high' });
    expect(
      resolveIngressController(ingress({ ingressClassName: 'nginx' }, { 'nginx.org/rewrites': 'x' }), idx),
    ).toMatchObject({ controller: 'f5-nginx', confidence: 'high' });
    expect(resolveIngressController(ingress({ ingressClassName: 'nginx' }), idx)).toMatchObject({
      controller: 'ingress-nginx',
      confidence: 'low',
    });
    expect(
      resolveIngressController(
        ingress({ ingressClassName: 'edge' }, { 'nginx.ingress.kubernetes.io/ssl-redirect': 'true' }),
        idx,
      ),
    ).toMatchObject({ controller: 'ingress-nginx', confidence: 'medium' });
    expect(resolveIngressController(ingress({ ingressClassName: 'traefik' }), idx)).toMatchObject({
      controller: 'unknown',
      confidence: 'low',
    });
    expect(resolveIngressController(ingress({}), idx)).toMatchObject({ controller: 'unknown', classSource: 'none' });
  });
});
