import { describe, expect, it } from 'vitest';
import { createIndex } from '../../src/engine/object-index.js';
import { resolveIngressController } from '../../src/ingress/ingress-class.js';
import type { K8sObject } from '../../src/k8s/object.js';
import { INGRESS_NGINX_IMAGE, ingressNginxController } from './fixtures.js';

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

/** A controller workload in namespace ingress: `image` and its container args. */
const controller = (
  name: string,
  image: string,
  args: string[],
  { kind = 'Deployment', command }: { kind?: string; command?: string[] } = {},
): K8sObject =>
  ingressNginxController(args, {
    name,
    namespace: 'ingress',
    image,
    kind,
    ...(command ? { command } : {}),
  }) as K8sObject;
const NGINX_IMAGE = INGRESS_NGINX_IMAGE;

describe('resolveIngressController on custom ingress-nginx installs', () => {
  const custom = cls('internal', 'example.com/internal-nginx');

  it('a class with a custom controller value is ingress-nginx when a controller with that --controller-class is loaded', () => {
    for (const args of [
      ['/nginx-ingress-controller', '--controller-class=example.com/internal-nginx'],
      ['/nginx-ingress-controller', '--controller-class', 'example.com/internal-nginx'],
    ]) {
      const idx = createIndex([custom, controller('internal-ctrl', NGINX_IMAGE, args)]);
      expect(resolveIngressController(ingress({ ingressClassName: 'internal' }), idx)).toMatchObject({
        controller: 'ingress-nginx',
        controllerName: 'example.com/internal-nginx',
        confidence: 'high',
        evidence:
          'IngressClass "internal" has controller example.com/internal-nginx, the --controller-class of ' +
          'Deployment ingress/internal-ctrl (an ingress-nginx image)',
      });
    }
  });

  it('reads the flag from the command as well, and from a DaemonSet', () => {
    const ds = controller('edge', 'mirror.example.com/ingress-nginx/controller:v1.13.3', [], {
      kind: 'DaemonSet',
      command: ['/nginx-ingress-controller', '--controller-class=example.com/internal-nginx'],
    });
    const idx = createIndex([custom, ds]);
    expect(resolveIngressController(ingress({ ingressClassName: 'internal' }), idx).controller).toBe('ingress-nginx');
  });

  it('without the controller, or with the flag on another image, the custom class stays other', () => {
    expect(resolveIngressController(ingress({ ingressClassName: 'internal' }), createIndex([custom])).controller).toBe(
      'other',
    );
    const traefik = controller('edge', 'traefik:v3.3', ['--controller-class=example.com/internal-nginx']);
    expect(
      resolveIngressController(ingress({ ingressClassName: 'internal' }), createIndex([custom, traefik])).controller,
    ).toBe('other');
    // A controller serving another value does not claim this class.
    const other = controller('x', NGINX_IMAGE, ['--controller-class=example.com/public-nginx']);
    expect(
      resolveIngressController(ingress({ ingressClassName: 'internal' }), createIndex([custom, other])).controller,
    ).toBe('other');
  });

  it('--ingress-class names the class served by the legacy annotation, and with --ingress-class-by-name by spec', () => {
    const ctrl = controller('internal-ctrl', NGINX_IMAGE, ['--ingress-class=internal', '--ingress-class-by-name']);
    const idx = createIndex([ctrl]);
    expect(resolveIngressController(ingress({}, { 'kubernetes.io/ingress.class': 'internal' }), idx)).toMatchObject({
      controller: 'ingress-nginx',
      confidence: 'high',
      evidence:
        'class "internal" (IngressClass not among the loaded objects) is the --ingress-class of Deployment ' +
        'ingress/internal-ctrl (an ingress-nginx image)',
    });
    expect(resolveIngressController(ingress({ ingressClassName: 'internal' }), idx)).toMatchObject({
      controller: 'ingress-nginx',
      confidence: 'high',
    });
    // A loaded IngressClass of that name with an unknown controller is served by name too.
    expect(
      resolveIngressController(ingress({ ingressClassName: 'internal' }), createIndex([custom, ctrl])),
    ).toMatchObject({ controller: 'ingress-nginx', evidence: expect.stringContaining('--ingress-class-by-name') });
    // The legacy annotation is compared with --ingress-class alone, whatever the IngressClass of that name says.
    const byValue = controller('internal-ctrl', NGINX_IMAGE, ['--ingress-class=internal']);
    expect(
      resolveIngressController(
        ingress({}, { 'kubernetes.io/ingress.class': 'internal' }),
        createIndex([custom, byValue]),
      ),
    ).toMatchObject({
      controller: 'ingress-nginx',
      evidence:
        'IngressClass "internal" is the --ingress-class of Deployment ingress/internal-ctrl (an ingress-nginx image)',
    });
    // Without --ingress-class-by-name, ingress-nginx matches spec.ingressClassName by controller value only.
    expect(
      resolveIngressController(ingress({ ingressClassName: 'internal' }), createIndex([custom, byValue])).controller,
    ).toBe('other');
  });

  it('an Ingress without class is ingress-nginx when a controller runs with --watch-ingress-without-class', () => {
    const ctrl = controller('c', NGINX_IMAGE, ['--watch-ingress-without-class=true']);
    expect(resolveIngressController(ingress({}), createIndex([ctrl]))).toMatchObject({
      controller: 'ingress-nginx',
      classSource: 'none',
      confidence: 'high',
    });
    const off = controller('c', NGINX_IMAGE, ['--watch-ingress-without-class=false']);
    expect(resolveIngressController(ingress({}), createIndex([off])).controller).toBe('unknown');
  });
});

describe('the annotation prefix of an Ingress', () => {
  const nginxClass = cls('nginx', 'k8s.io/ingress-nginx');

  it('is the --annotations-prefix of the controller serving its class', () => {
    const ctrl = controller('c', NGINX_IMAGE, ['--annotations-prefix', 'custom.example.com']);
    expect(
      resolveIngressController(ingress({ ingressClassName: 'nginx' }), createIndex([nginxClass, ctrl])),
    ).toMatchObject({
      annotationsPrefix: 'custom.example.com/',
      prefixSource: 'controller',
      prefixEvidence: 'Deployment ingress/c runs with --annotations-prefix=custom.example.com',
    });
  });

  it('is the configured prefix when no loaded controller serves the class, else the default', () => {
    const idx = createIndex([nginxClass]);
    expect(resolveIngressController(ingress({ ingressClassName: 'nginx' }), idx, 'custom.example.com')).toMatchObject({
      annotationsPrefix: 'custom.example.com/',
      prefixSource: 'config',
    });
    expect(resolveIngressController(ingress({ ingressClassName: 'nginx' }), idx)).toMatchObject({
      annotationsPrefix: 'nginx.ingress.kubernetes.io/',
      prefixSource: 'default',
    });
    // A loaded controller without the flag reads the default prefix, whatever the config says.
    const plain = controller('c', NGINX_IMAGE, []);
    expect(
      resolveIngressController(
        ingress({ ingressClassName: 'nginx' }),
        createIndex([nginxClass, plain]),
        'custom.example.com',
      ),
    ).toMatchObject({ annotationsPrefix: 'nginx.ingress.kubernetes.io/', prefixSource: 'controller' });
  });

  it('is the prefix of the controller of that class, not of another class', () => {
    const internal = cls('internal', 'example.com/internal-nginx');
    const idx = createIndex([
      nginxClass,
      internal,
      controller('public', NGINX_IMAGE, []),
      controller('private', NGINX_IMAGE, [
        '--controller-class=example.com/internal-nginx',
        '--annotations-prefix=internal.example.com',
      ]),
    ]);
    expect(resolveIngressController(ingress({ ingressClassName: 'nginx' }), idx).annotationsPrefix).toBe(
      'nginx.ingress.kubernetes.io/',
    );
    expect(resolveIngressController(ingress({ ingressClassName: 'internal' }), idx).annotationsPrefix).toBe(
      'internal.example.com/',
    );
  });

  it('of two controllers serving one class with different prefixes, is the first by kind, namespace and name, and says so', () => {
    const idx = createIndex([
      nginxClass,
      controller('zeta', NGINX_IMAGE, ['--annotations-prefix=zeta.example.com']),
      controller('alpha', NGINX_IMAGE, ['--annotations-prefix=alpha.example.com']),
    ]);
    const r = resolveIngressController(ingress({ ingressClassName: 'nginx' }), idx);
    expect(r.annotationsPrefix).toBe('alpha.example.com/');
    expect(r.prefixEvidence).toBe(
      'Deployment ingress/alpha runs with --annotations-prefix=alpha.example.com; Deployment ingress/zeta reads ' +
        'zeta.example.com/* and serves it too, read as Deployment ingress/alpha, the first by kind, namespace and name',
    );
  });

  it('keys under a custom prefix are the ingress-nginx evidence when the IngressClass is not loaded', () => {
    const keys = { 'custom.example.com/rewrite-target': '/' };
    expect(resolveIngressController(ingress({ ingressClassName: 'edge' }, keys), createIndex([])).controller).toBe(
      'unknown',
    );
    expect(
      resolveIngressController(ingress({ ingressClassName: 'edge' }, keys), createIndex([]), 'custom.example.com'),
    ).toMatchObject({
      controller: 'ingress-nginx',
      confidence: 'medium',
      evidence: expect.stringContaining('custom.example.com/*'),
    });
    const ctrl = controller('c', NGINX_IMAGE, ['--annotations-prefix=custom.example.com']);
    expect(resolveIngressController(ingress({ ingressClassName: 'edge' }, keys), createIndex([ctrl])).controller).toBe(
      'ingress-nginx',
    );
  });
});
