/**
 * Where several Ingresses of a class claim the same thing, the first in ingress-nginx's order wins (oldest
 * creationTimestamp, then reverse namespace/name: docs/migration/ingress-nginx-semantics.md §13, §14), and the drafts
 * keep that winner instead of leaving it to Gateway API's own conflict rules.
 */
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../src/k8s/object.js';
import { draftNamed, draftsOfKind, ingress, migrate, NGINX_CLASS, recordOf, specOf } from './helpers.js';

function created(o: JsonObject, at: string): JsonObject {
  (o.metadata as Record<string, unknown>).creationTimestamp = at;
  return o;
}

function routeNames(result: ReturnType<typeof migrate>): string[] {
  return draftsOfKind(result, 'HTTPRoute')
    .map((r) => (r.metadata as { name: string }).name)
    .sort();
}

describe('first wins', () => {
  it('a host, path and pathType of two Ingresses: the older keeps it, the other is told', () => {
    const result = migrate([
      NGINX_CLASS,
      created(ingress({ name: 'new', paths: [{ path: '/', service: 'new' }] }), '2025-01-01T00:00:00Z'),
      created(ingress({ name: 'old', paths: [{ path: '/', service: 'old' }] }), '2024-01-01T00:00:00Z'),
    ]);
    expect(routeNames(result)).toEqual(['old-shop.example.com']);
    expect(recordOf(result, 'new').problems[0]?.message).toContain(
      'Ingress shop/old has shop.example.com / (Prefix) first',
    );
    expect(recordOf(result, 'new').outcome).toBe('failed');
  });

  it('without timestamps (files), the reverse namespace/name order decides, as ingress-nginx sorts', () => {
    const result = migrate([
      NGINX_CLASS,
      ingress({ name: 'a' }),
      ingress({ name: 'b', paths: [{ path: '/', service: 'b' }] }),
    ]);
    expect(routeNames(result)).toEqual(['b-shop.example.com']);
  });

  it('the same path with another pathType is another location: both kept', () => {
    const result = migrate([
      NGINX_CLASS,
      ingress({ name: 'a' }),
      ingress({ name: 'b', paths: [{ path: '/', pathType: 'Exact', service: 'b' }] }),
    ]);
    expect(routeNames(result)).toEqual(['a-shop.example.com', 'b-shop.example.com']);
  });

  it('app-root of a host: the Ingress with the longest path wins', () => {
    const result = migrate([
      NGINX_CLASS,
      ingress({ name: 'short', annotations: { 'app-root': '/short' }, paths: [{ path: '/s' }] }),
      ingress({ name: 'long', annotations: { 'app-root': '/long' }, paths: [{ path: '/a/long/path' }] }),
    ]);
    const appRootRules = draftsOfKind(result, 'HTTPRoute').flatMap((r) =>
      (specOf(r).rules as JsonObject[]).filter((x) => JSON.stringify(x.matches).includes('"Exact","value":"/"')),
    );
    expect(appRootRules.map((r) => JSON.stringify(r.filters))).toEqual([expect.stringContaining('/long')]);
    expect(recordOf(result, 'short').problems[0]?.message).toContain('uses the app-root of Ingress shop/long');
  });

  it("spec.defaultBackend is the fallback of the hosts the Ingress creates, unless some Ingress has '/' there", () => {
    const result = migrate([
      NGINX_CLASS,
      created(ingress({ name: 'first', paths: [{ path: '/a' }] }), '2024-01-01T00:00:00Z'),
      created(
        ingress({ name: 'second', paths: [{ path: '/b' }], defaultBackend: { service: 'fallback', port: 80 } }),
        '2025-01-01T00:00:00Z',
      ),
    ]);
    // `first` created the host's server: the second Ingress's defaultBackend is not its fallback.
    const rules = specOf(draftNamed(result, 'HTTPRoute', 'second-shop.example.com')).rules as JsonObject[];
    expect(JSON.stringify(rules)).not.toContain('fallback');
    const own = migrate([
      NGINX_CLASS,
      ingress({ name: 'root', paths: [{ path: '/' }] }),
      ingress({ name: 'app', paths: [{ path: '/b' }], defaultBackend: { service: 'fallback', port: 80 } }),
    ]);
    // Reverse name order: `root` first; and its `/` replaces any fallback anyway.
    expect(JSON.stringify(specOf(draftNamed(own, 'HTTPRoute', 'app-shop.example.com')).rules)).not.toContain(
      'fallback',
    );
  });

  it('the catch-all server: the first Ingress without rules keeps its defaultBackend', () => {
    const result = migrate([
      NGINX_CLASS,
      created(ingress({ name: 'x', defaultBackend: { service: 'x', port: 80 } }), '2024-01-01T00:00:00Z'),
      created(ingress({ name: 'y', defaultBackend: { service: 'y', port: 80 } }), '2025-01-01T00:00:00Z'),
    ]);
    expect(routeNames(result)).toEqual(['x-default-backend']);
    expect(recordOf(result, 'y').problems[0]?.message).toContain('the default backend of Ingress shop/x');
  });
});

describe('ssl-redirect details', () => {
  it('a path under /.well-known/acme-challenge is served on plain HTTP, not redirected', () => {
    const result = migrate([
      NGINX_CLASS,
      ingress({
        name: 'web',
        paths: [
          { path: '/' },
          { path: '/.well-known/acme-challenge/tok', pathType: 'Exact', service: 'solver', port: 8089 },
        ],
        tls: [{ hosts: ['shop.example.com'], secretName: 'tls' }],
      }),
    ]);
    const redirect = specOf(draftNamed(result, 'HTTPRoute', 'web-shop.example.com-https-redirect'))
      .rules as JsonObject[];
    expect(JSON.stringify(redirect)).not.toContain('acme');
    const acme = specOf(draftNamed(result, 'HTTPRoute', 'web-shop.example.com-acme-challenge'));
    expect(acme.parentRefs).toEqual([
      { namespace: 'gateway-system', name: 'nginx', sectionName: 'http-shop-example-com' },
    ]);
    expect(acme.rules).toEqual([
      {
        matches: [{ path: { type: 'Exact', value: '/.well-known/acme-challenge/tok' } }],
        backendRefs: [{ name: 'solver', port: 8089 }],
      },
    ]);
  });

  it('the redirect route says nginx dropped a trailing slash, unless preserve-trailing-slash', () => {
    const tls = [{ hosts: ['shop.example.com'], secretName: 'tls' }];
    const comments = (annotations: Record<string, string>) => {
      const result = migrate([NGINX_CLASS, ingress({ name: 'web', tls, annotations })]);
      const d = result.objects.find((o) => (o.object.metadata as { name: string }).name.endsWith('https-redirect'));
      return d?.comments.join('\n') ?? '';
    };
    expect(comments({})).toContain('dropped one trailing slash');
    expect(comments({ 'preserve-trailing-slash': 'true' })).not.toContain('trailing slash');
  });
});

describe('what the review found', () => {
  it('--parent-ref: the redirect of a TLS host is not drafted (it would claim the serving route’s hostname and paths), and said', () => {
    const result = migrate(
      [NGINX_CLASS, ingress({ name: 'a', tls: [{ hosts: ['shop.example.com'], secretName: 't' }] })],
      { placement: { mode: 'parent-ref', kind: 'Gateway', namespace: 'gw', name: 'edge', sectionName: 'https' } },
    );
    expect(routeNames(result)).toEqual(['a-shop.example.com']);
    expect(
      recordOf(result, 'a')
        .problems.map((p) => p.message)
        .join('\n'),
    ).toContain('redirect of shop.example.com is not drafted');
  });

  it('ImplementationSpecific /a beside a Prefix /a of another Ingress: left out and told (both would be PathPrefix /a)', () => {
    const result = migrate([
      NGINX_CLASS,
      ingress({ name: 'p', paths: [{ path: '/foo' }] }),
      ingress({ name: 'i', paths: [{ path: '/foo', pathType: 'ImplementationSpecific', service: 'api' }] }),
    ]);
    expect(routeNames(result)).toEqual(['p-shop.example.com']);
    expect(recordOf(result, 'i').problems[0]?.message).toContain('character prefix');
  });

  it('the regex-mode notice names a bounded number of Ingresses, however many there are', () => {
    const result = migrate([
      NGINX_CLASS,
      ...Array.from({ length: 50 }, (_, i) =>
        ingress({
          name: `re${i}`,
          annotations: { 'use-regex': 'true' },
          paths: [{ path: `/r${i}/.*`, pathType: 'ImplementationSpecific' }],
        }),
      ),
      ingress({ name: 'plain', paths: [{ path: '/plain' }] }),
    ]);
    const message = recordOf(result, 'plain').problems[0]?.message ?? '';
    expect(message).toContain('and 47 more');
    expect(message.length).toBeLessThan(600);
  });
});

describe('ImplementationSpecific paths', () => {
  it('the route comment says nginx matched them as character prefixes, which PathPrefix does not', () => {
    const result = migrate([
      NGINX_CLASS,
      ingress({ name: 'web', paths: [{ path: '/api', pathType: 'ImplementationSpecific' }] }),
    ]);
    const comments = result.objects.find((d) => d.object.kind === 'HTTPRoute')?.comments.join('\n') ?? '';
    expect(comments).toContain(
      'ImplementationSpecific /api: nginx matched them as character prefixes (/api also took /apix)',
    );
    const prefix = migrate([NGINX_CLASS, ingress({ name: 'web', paths: [{ path: '/api' }] })]);
    expect(prefix.objects.find((d) => d.object.kind === 'HTTPRoute')?.comments.join('\n')).not.toContain('character');
  });
});
