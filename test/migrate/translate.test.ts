/** Ingress -> Gateway API: which Ingresses, paths, backends, TLS and listeners, placement, scope and limits. */
import { describe, expect, it } from 'vitest';
import { ingressNginxController } from '../ingress/fixtures.js';
import { draftNamed, draftsOfKind, ingress, migrate, NGINX_CLASS, outcomeOf, recordOf, specOf } from './helpers.js';

const HOST = 'shop.example.com';
const ROUTE = `web-${HOST}`;

describe('which Ingresses are translated', () => {
  it('those the resolver attributes to ingress-nginx, the default IngressClass included; others are skipped with the reason', () => {
    const result = migrate([
      {
        ...NGINX_CLASS,
        metadata: { name: 'nginx', annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } },
      },
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'IngressClass',
        metadata: { name: 'f5' },
        spec: { controller: 'nginx.org/ingress-controller' },
      },
      ingress({ name: 'classless', className: null }),
      ingress({ name: 'named', className: 'nginx', host: 'named.example.com' }),
      ingress({ name: 'f5', className: 'f5', host: 'f5.example.com', annotations: { 'nginx.org/rewrites': 'x' } }),
    ]);
    expect(result.ingresses.map((r) => r.name).sort()).toEqual(['classless', 'named']);
    expect(recordOf(result, 'classless').attribution).toMatchObject({
      classSource: 'default',
      className: 'nginx',
      confidence: 'high',
    });
    expect(result.skipped).toEqual([
      expect.objectContaining({ name: 'f5', controller: 'f5-nginx', reason: expect.stringContaining('F5 NGINX') }),
    ]);
  });
  it('a custom install: the class of a loaded controller’s --controller-class, its keys read under its --annotations-prefix', () => {
    const result = migrate([
      { ...NGINX_CLASS, metadata: { name: 'internal' }, spec: { controller: 'example.com/internal' } },
      ingressNginxController(['--controller-class=example.com/internal', '--annotations-prefix=custom.example.com'], {
        name: 'internal-nginx',
        namespace: 'ingress',
      }),
      ingress({
        name: 'custom',
        className: 'internal',
        annotations: {
          'custom.example.com/permanent-redirect': 'https://new.example.com/',
          'nginx.ingress.kubernetes.io/rewrite-target': '/',
        },
      }),
      ingress({ name: 'quiet', className: 'internal', paths: [{ path: '/health', pathType: 'Exact' }] }),
      // Regex mode is read under the controller's prefix too, and is host-wide across the class.
      ingress({
        name: 'regex',
        className: 'internal',
        host: 'regex.example.com',
        annotations: { 'custom.example.com/use-regex': 'true' },
      }),
      ingress({
        name: 'plain',
        className: 'internal',
        host: 'regex.example.com',
        paths: [{ path: '/health', pathType: 'Exact' }],
      }),
    ]);
    // The default-prefix rewrite-target, which this controller does not read, leaves its host out of regex mode.
    expect(specOf(draftNamed(result, 'HTTPRoute', `quiet-${HOST}`)).rules[0].matches[0].path).toEqual({
      type: 'Exact',
      value: '/health',
    });
    expect(specOf(draftNamed(result, 'HTTPRoute', 'plain-regex.example.com')).rules[0].matches[0].path).toEqual({
      type: 'RegularExpression',
      value: '(?i)/health.*',
    });
    expect(recordOf(result, 'custom').attribution.evidence).toContain(
      '--controller-class of Deployment ingress/internal-nginx',
    );
    const keys = recordOf(result, 'custom').annotations.map((a) => [a.key, a.translated]);
    // The default-prefix key is not read by this controller, so it is neither translated nor a gap.
    expect(keys).toEqual([['custom.example.com/permanent-redirect', true]]);
  });
});

describe('paths', () => {
  it('Prefix is PathPrefix, Exact is Exact, ImplementationSpecific is PathPrefix', () => {
    const result = migrate([
      NGINX_CLASS,
      ingress({
        name: 'web',
        paths: [
          { path: '/a', pathType: 'Prefix' },
          { path: '/b', pathType: 'Exact' },
          { path: '/c', pathType: 'ImplementationSpecific' },
        ],
      }),
    ]);
    const rules = specOf(draftNamed(result, 'HTTPRoute', ROUTE)).rules;
    expect(rules.map((r: { matches: { path: unknown }[] }) => r.matches[0]?.path)).toEqual([
      { type: 'PathPrefix', value: '/a' },
      { type: 'Exact', value: '/b' },
      { type: 'PathPrefix', value: '/c' },
    ]);
  });

  it('regex mode is host-wide across the Ingresses of the class: another Ingress’s Exact path becomes a case-insensitive regex', () => {
    const result = migrate([
      NGINX_CLASS,
      ingress({
        name: 'regex',
        annotations: { 'use-regex': 'true' },
        paths: [{ path: '/api/v[0-9]+', pathType: 'ImplementationSpecific' }],
      }),
      ingress({ name: 'plain', paths: [{ path: '/health', pathType: 'Exact' }] }),
      ingress({ name: 'other', host: 'other.example.com', paths: [{ path: '/health', pathType: 'Exact' }] }),
    ]);
    expect(specOf(draftNamed(result, 'HTTPRoute', `regex-${HOST}`)).rules[0].matches[0].path).toEqual({
      type: 'RegularExpression',
      value: '(?i)/api/v[0-9]+.*',
    });
    expect(specOf(draftNamed(result, 'HTTPRoute', `plain-${HOST}`)).rules[0].matches[0].path).toEqual({
      type: 'RegularExpression',
      value: '(?i)/health.*',
    });
    expect(specOf(draftNamed(result, 'HTTPRoute', 'other-other.example.com')).rules[0].matches[0].path).toEqual({
      type: 'Exact',
      value: '/health',
    });
  });
});

describe('backends', () => {
  it('a named port is resolved from the Service among the inputs; an unresolvable one leaves its rule out and says so', () => {
    const service = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'api', namespace: 'shop' },
      spec: { ports: [{ name: 'http', port: 8080, targetPort: 9000 }] },
    };
    const result = migrate([
      NGINX_CLASS,
      service,
      ingress({
        name: 'web',
        paths: [
          { path: '/api', service: 'api', port: 'http' },
          { path: '/gone', service: 'missing', port: 'http' },
        ],
      }),
    ]);
    const rules = specOf(draftNamed(result, 'HTTPRoute', ROUTE)).rules;
    expect(rules).toHaveLength(1);
    expect(rules[0].backendRefs).toEqual([{ name: 'api', port: 8080 }]);
    expect(recordOf(result, 'web')).toMatchObject({
      outcome: 'gaps',
      problems: [
        expect.objectContaining({
          message: expect.stringContaining('shop/missing'),
          field: 'spec.rules[0].http.paths[1].backend',
        }),
      ],
    });
  });

  it('a resource backend is reported, never turned into a Service reference', () => {
    const result = migrate([
      NGINX_CLASS,
      ingress({
        name: 'web',
        rules: [
          {
            host: HOST,
            http: {
              paths: [
                {
                  path: '/',
                  pathType: 'Prefix',
                  backend: { resource: { apiGroup: 'k8s.example.com', kind: 'StorageBucket', name: 'assets' } },
                },
              ],
            },
          },
        ],
      }),
    ]);
    expect(draftsOfKind(result, 'HTTPRoute')).toEqual([]);
    expect(recordOf(result, 'web')).toMatchObject({
      outcome: 'failed',
      problems: [expect.objectContaining({ message: expect.stringContaining('StorageBucket assets') })],
    });
  });
});

describe('TLS, listeners and the redirect to https', () => {
  const tlsIngress = (annotations: Record<string, string> = {}) =>
    ingress({
      name: 'web',
      annotations,
      rules: [
        {
          host: 'a.example.com',
          http: {
            paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }],
          },
        },
        {
          host: 'b.example.com',
          http: {
            paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }],
          },
        },
      ],
      tls: [
        { hosts: ['a.example.com'], secretName: 'a-tls' },
        { hosts: ['b.example.com'], secretName: 'b-tls' },
      ],
    });

  it('each HTTPS listener gets the certificates of the tls entries that name its host, granted across namespaces', () => {
    const result = migrate([NGINX_CLASS, tlsIngress()]);
    const listeners = specOf(draftNamed(result, 'Gateway', 'nginx')).listeners;
    const https = listeners.filter((l: { protocol: string }) => l.protocol === 'HTTPS');
    expect(
      https.map((l: { hostname: string; tls: { certificateRefs: { name: string }[] } }) => [
        l.hostname,
        l.tls.certificateRefs.map((c) => c.name),
      ]),
    ).toEqual([
      ['a.example.com', ['a-tls']],
      ['b.example.com', ['b-tls']],
    ]);
    expect(https[0].tls.certificateRefs[0]).toEqual({ kind: 'Secret', group: '', name: 'a-tls', namespace: 'shop' });
    const grant = draftsOfKind(result, 'ReferenceGrant')[0];
    expect(grant?.metadata).toMatchObject({ namespace: 'shop' });
    expect(specOf(grant as never)).toEqual({
      from: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'gateway-system' }],
      to: [
        { group: '', kind: 'Secret', name: 'a-tls' },
        { group: '', kind: 'Secret', name: 'b-tls' },
      ],
    });
  });

  it('a wildcard tls host covers one label: *.example.com gives a.example.com its certificate, not x.a.example.com', () => {
    const result = migrate([
      NGINX_CLASS,
      ingress({ name: 'one', host: 'a.example.com', tls: [{ hosts: ['*.example.com'], secretName: 'wild' }] }),
      ingress({ name: 'two', host: 'x.a.example.com' }),
    ]);
    const https = specOf(draftNamed(result, 'Gateway', 'nginx')).listeners.filter(
      (l: { protocol: string }) => l.protocol === 'HTTPS',
    );
    expect(https.map((l: { hostname: string }) => l.hostname)).toEqual(['a.example.com']);
  });

  it('ssl-redirect (on by default): the route on the HTTPS listener only, a 308 redirect route on the HTTP listener', () => {
    const result = migrate([NGINX_CLASS, tlsIngress()]);
    const main = specOf(draftNamed(result, 'HTTPRoute', 'web-a.example.com'));
    expect(main.parentRefs).toEqual([
      { namespace: 'gateway-system', name: 'nginx', sectionName: 'https-a-example-com' },
    ]);
    const redirect = specOf(draftNamed(result, 'HTTPRoute', 'web-a.example.com-https-redirect'));
    expect(redirect.parentRefs).toEqual([
      { namespace: 'gateway-system', name: 'nginx', sectionName: 'http-a-example-com' },
    ]);
    expect(redirect.rules).toEqual([
      {
        matches: [{ path: { type: 'PathPrefix', value: '/' } }],
        filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 308 } }],
      },
    ]);
  });

  it('ssl-redirect "false": the same route on both listeners, no redirect', () => {
    const result = migrate([NGINX_CLASS, tlsIngress({ 'ssl-redirect': 'false' })]);
    expect(
      specOf(draftNamed(result, 'HTTPRoute', 'web-a.example.com')).parentRefs.map(
        (p: { sectionName: string }) => p.sectionName,
      ),
    ).toEqual(['https-a-example-com', 'http-a-example-com']);
    expect(
      draftsOfKind(result, 'HTTPRoute').some((r) => String((r.metadata as { name: string }).name).endsWith('redirect')),
    ).toBe(false);
  });

  it('without TLS there is no redirect, and ssl-redirect is recorded as having nothing to do', () => {
    const result = migrate([NGINX_CLASS, ingress({ name: 'web', annotations: { 'ssl-redirect': 'true' } })]);
    expect(draftsOfKind(result, 'HTTPRoute')).toHaveLength(1);
    expect(outcomeOf(result, 'web', 'ssl-redirect')).toMatchObject({ class: 'not-needed', translated: true });
  });

  it('force-ssl-redirect without TLS here: requests that came over HTTPS to a load balancer are proxied, the others redirected', () => {
    const result = migrate([NGINX_CLASS, ingress({ name: 'web', annotations: { 'force-ssl-redirect': 'true' } })]);
    const main = specOf(draftNamed(result, 'HTTPRoute', ROUTE));
    expect(main.rules[0].matches).toEqual([
      {
        path: { type: 'PathPrefix', value: '/' },
        headers: [{ type: 'Exact', name: 'X-Forwarded-Proto', value: 'https' }],
      },
    ]);
    const redirect = specOf(draftNamed(result, 'HTTPRoute', `${ROUTE}-https-redirect`));
    expect(redirect.parentRefs).toEqual(main.parentRefs);
    expect(redirect.rules[0].filters[0].requestRedirect).toEqual({ scheme: 'https', statusCode: 308 });
  });
});

describe('scope and limits', () => {
  it('the annotations of one Ingress act only on its own rules when several share a host', () => {
    const result = migrate([
      NGINX_CLASS,
      ingress({ name: 'rewritten', annotations: { 'rewrite-target': '/' }, paths: [{ path: '/old' }] }),
      ingress({ name: 'plain', paths: [{ path: '/new' }] }),
    ]);
    expect(specOf(draftNamed(result, 'HTTPRoute', `rewritten-${HOST}`)).rules[0].filters).toEqual([
      { type: 'URLRewrite', urlRewrite: { path: { type: 'ReplaceFullPath', replaceFullPath: '/' } } },
    ]);
    expect(specOf(draftNamed(result, 'HTTPRoute', `plain-${HOST}`)).rules[0].filters).toBeUndefined();
    expect(draftNamed(result, 'HTTPRoute', `plain-${HOST}`).metadata).toMatchObject({
      annotations: { 'kubeward.io/source-ingress': 'shop/plain' },
    });
  });

  it('a route over 16 rules is split, every part at most 16', () => {
    const paths = Array.from({ length: 20 }, (_, i) => ({ path: `/p${i}` }));
    const result = migrate([NGINX_CLASS, ingress({ name: 'web', paths })]);
    const routes = draftsOfKind(result, 'HTTPRoute');
    expect(routes.map((r) => specOf(r).rules.length)).toEqual([16, 4]);
    expect(recordOf(result, 'web').objects).toEqual([`HTTPRoute shop/${ROUTE}`, `HTTPRoute shop/${ROUTE}-2`]);
  });

  it('one bad Ingress never stops the others', () => {
    const result = migrate([NGINX_CLASS, ingress({ name: 'bad', host: '__INGRESS_HOST__' }), ingress({ name: 'web' })]);
    expect(recordOf(result, 'bad')).toMatchObject({
      outcome: 'failed',
      problems: [expect.objectContaining({ message: expect.stringContaining('__INGRESS_HOST__') })],
    });
    expect(recordOf(result, 'web').outcome).toBe('translated');
  });
});

describe('the default backend', () => {
  it('of an Ingress without rules: a catch-all route on the listener without hostname', () => {
    const result = migrate([
      NGINX_CLASS,
      ingress({ name: 'fallback', defaultBackend: { service: 'errors', port: 8080 } }),
    ]);
    const route = specOf(draftNamed(result, 'HTTPRoute', 'fallback-default-backend'));
    expect(route.hostnames).toBeUndefined();
    expect(route.rules).toEqual([{ backendRefs: [{ name: 'errors', port: 8080 }] }]);
    const listener = specOf(draftNamed(result, 'Gateway', 'nginx')).listeners.find(
      (l: { name: string }) => l.name === route.parentRefs[0].sectionName,
    );
    expect(listener).toMatchObject({ protocol: 'HTTP', port: 80 });
    expect(listener.hostname).toBeUndefined();
  });

  it('of an Ingress with rules: the paths of its hosts that no rule matches', () => {
    const result = migrate([
      NGINX_CLASS,
      ingress({ name: 'web', paths: [{ path: '/api' }], defaultBackend: { service: 'errors', port: 8080 } }),
    ]);
    expect(
      specOf(draftNamed(result, 'HTTPRoute', ROUTE)).rules.map(
        (r: { matches: { path: unknown }[]; backendRefs: unknown }) => [r.matches[0]?.path, r.backendRefs],
      ),
    ).toEqual([
      [{ type: 'PathPrefix', value: '/api' }, [{ name: 'web', port: 80 }]],
      [{ type: 'PathPrefix', value: '/' }, [{ name: 'errors', port: 8080 }]],
    ]);
  });
});

describe('placement', () => {
  it('--parent-ref attaches every route to the given parent and drafts no Gateway', () => {
    const result = migrate([NGINX_CLASS, ingress({ name: 'web' })], {
      placement: { mode: 'parent-ref', kind: 'Gateway', namespace: 'infra', name: 'public', sectionName: 'http' },
    });
    expect(draftsOfKind(result, 'Gateway')).toEqual([]);
    expect(specOf(draftNamed(result, 'HTTPRoute', ROUTE)).parentRefs).toEqual([
      { namespace: 'infra', name: 'public', sectionName: 'http' },
    ]);
  });

  it('--gateway per-namespace: a Gateway in each namespace, admitting its own namespace only', () => {
    const result = migrate(
      [NGINX_CLASS, ingress({ name: 'web' }), ingress({ name: 'web', namespace: 'blog', host: 'blog.example.com' })],
      {
        placement: { mode: 'per-namespace' },
        gatewayClass: 'eg',
      },
    );
    const gateways = draftsOfKind(result, 'Gateway');
    expect(gateways.map((g) => (g.metadata as { namespace: string }).namespace)).toEqual(['blog', 'shop']);
    expect(
      gateways.every(
        (g) =>
          specOf(g).gatewayClassName === 'eg' &&
          specOf(g).listeners.every((l: { allowedRoutes?: unknown }) => l.allowedRoutes === undefined),
      ),
    ).toBe(true);
    expect(specOf(draftNamed(result, 'HTTPRoute', ROUTE)).parentRefs).toEqual([
      { name: 'nginx', sectionName: 'http-shop-example-com' },
    ]);
  });
});
