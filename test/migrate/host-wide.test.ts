/**
 * Keys ingress-nginx applies to a whole host (docs/migration/ingress-nginx-semantics.md §4, §12, §14):
 * from-to-www-redirect, server-alias and ssl-passthrough, with their exact Gateway API form.
 */
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../src/k8s/object.js';
import { draftFiles } from '../../src/migrate/emit.js';
import { draftNamed, draftsOfKind, ingress, migrate, NGINX_CLASS, outcomeOf, recordOf, specOf } from './helpers.js';

function listeners(result: ReturnType<typeof migrate>): JsonObject[] {
  return draftsOfKind(result, 'Gateway').flatMap((g) => specOf(g).listeners as JsonObject[]);
}

describe('from-to-www-redirect', () => {
  it('the twin host redirects to the host with 308, keeping scheme and path, on HTTP (and HTTPS with a certificate)', () => {
    const result = migrate([
      NGINX_CLASS,
      ingress({
        name: 'web',
        host: 'example.com',
        annotations: { 'from-to-www-redirect': 'true' },
        tls: [{ hosts: ['example.com', 'www.example.com'], secretName: 'web-tls' }],
      }),
    ]);
    const twin = draftNamed(result, 'HTTPRoute', 'web-example.com-from-www.example.com');
    expect(specOf(twin)).toEqual({
      parentRefs: [
        { namespace: 'gateway-system', name: 'nginx', sectionName: 'http-www-example-com' },
        { namespace: 'gateway-system', name: 'nginx', sectionName: 'https-www-example-com' },
      ],
      hostnames: ['www.example.com'],
      rules: [
        { filters: [{ type: 'RequestRedirect', requestRedirect: { hostname: 'example.com', statusCode: 308 } }] },
      ],
    });
    expect(listeners(result).find((l) => l.name === 'https-www-example-com')?.tls).toEqual({
      mode: 'Terminate',
      certificateRefs: [{ kind: 'Secret', group: '', name: 'web-tls', namespace: 'shop' }],
    });
    expect(outcomeOf(result, 'web', 'from-to-www-redirect')).toMatchObject({ class: 'standard', translated: true });
  });

  it('www.host redirects from the bare host; without a certificate for the twin, HTTP only', () => {
    const result = migrate([
      NGINX_CLASS,
      ingress({ name: 'web', host: 'www.example.com', annotations: { 'from-to-www-redirect': 'true' } }),
    ]);
    const twin = draftNamed(result, 'HTTPRoute', 'web-www.example.com-from-example.com');
    expect(specOf(twin).hostnames).toEqual(['example.com']);
    expect(specOf(twin).parentRefs).toHaveLength(1);
  });

  it('skipped, as ingress-nginx does, when the twin is a host of another Ingress of the class', () => {
    const result = migrate([
      NGINX_CLASS,
      ingress({ name: 'web', host: 'example.com', annotations: { 'from-to-www-redirect': 'true' } }),
      ingress({ name: 'www', host: 'www.example.com' }),
    ]);
    expect(
      draftsOfKind(result, 'HTTPRoute')
        .map((r) => (r.metadata as { name: string }).name)
        .sort(),
    ).toEqual(['web-example.com', 'www-www.example.com']);
    expect(recordOf(result, 'web').problems[0]?.message).toContain('is a host of its own');
  });

  it('two Ingresses of the host asking for it: one twin route', () => {
    const result = migrate([
      NGINX_CLASS,
      ingress({ name: 'a', host: 'example.com', annotations: { 'from-to-www-redirect': 'true' } }),
      ingress({
        name: 'b',
        host: 'example.com',
        paths: [{ path: '/b' }],
        annotations: { 'from-to-www-redirect': 'true' },
      }),
    ]);
    expect(
      draftsOfKind(result, 'HTTPRoute').filter((r) => specOf(r).hostnames?.[0] === 'www.example.com'),
    ).toHaveLength(1);
  });
});

describe('server-alias', () => {
  it("adds the aliases to every route of the host, with listeners, from the host's first Ingress", () => {
    const result = migrate([
      NGINX_CLASS,
      ingress({
        name: 'web',
        host: 'example.com',
        annotations: { 'server-alias': 'alias.example.com, Other.Example.com' },
      }),
      ingress({ name: 'api', host: 'example.com', paths: [{ path: '/api', service: 'api' }] }),
    ]);
    for (const name of ['web-example.com', 'api-example.com']) {
      expect(specOf(draftNamed(result, 'HTTPRoute', name)).hostnames).toEqual([
        'example.com',
        'alias.example.com',
        'other.example.com',
      ]);
    }
    expect(
      listeners(result)
        .map((l) => l.hostname)
        .sort(),
    ).toEqual(['alias.example.com', 'example.com', 'other.example.com']);
  });

  it('drops an alias that is a host of its own, as ingress-nginx does', () => {
    const result = migrate([
      NGINX_CLASS,
      ingress({ name: 'web', host: 'example.com', annotations: { 'server-alias': 'www.example.com' } }),
      ingress({ name: 'www', host: 'www.example.com' }),
    ]);
    expect(specOf(draftNamed(result, 'HTTPRoute', 'web-example.com')).hostnames).toEqual(['example.com']);
  });
});

describe('ssl-passthrough', () => {
  it("a TLSRoute on a Passthrough listener to the host's / backend; no HTTPS listener; port 80 still routed", () => {
    const result = migrate([
      NGINX_CLASS,
      ingress({
        name: 'vault',
        host: 'vault.example.com',
        annotations: { 'ssl-passthrough': 'true' },
        paths: [{ path: '/', service: 'vault', port: 8200 }],
      }),
      ingress({
        name: 'ui',
        host: 'vault.example.com',
        paths: [{ path: '/ui', service: 'ui' }],
        tls: [{ hosts: ['vault.example.com'], secretName: 't' }],
      }),
    ]);
    const route = draftNamed(result, 'TLSRoute', 'vault-vault.example.com-passthrough');
    expect(specOf(route)).toEqual({
      parentRefs: [{ namespace: 'gateway-system', name: 'nginx', sectionName: 'tls-vault-example-com' }],
      hostnames: ['vault.example.com'],
      rules: [{ backendRefs: [{ name: 'vault', port: 8200 }] }],
    });
    const ls = listeners(result);
    expect(ls.find((l) => l.name === 'tls-vault-example-com')).toMatchObject({
      protocol: 'TLS',
      port: 443,
      hostname: 'vault.example.com',
      tls: { mode: 'Passthrough' },
    });
    expect(ls.some((l) => l.protocol === 'HTTPS')).toBe(false);
    // The other Ingress's TLS redirect is the only thing on port 80 for it: its routes never reach an HTTPS listener.
    expect(
      draftsOfKind(result, 'HTTPRoute').flatMap((r) =>
        specOf(r).parentRefs.map((p: { sectionName: string }) => p.sectionName),
      ),
    ).not.toContain('https-vault-example-com');
    expect(recordOf(result, 'vault').objects).toContain('TLSRoute shop/vault-vault.example.com-passthrough');
    expect(result.objects.find((d) => d.object.kind === 'TLSRoute')?.needs).toBe('v1.5');
    expect(outcomeOf(result, 'vault', 'ssl-passthrough').reason).toContain('--enable-ssl-passthrough');
  });

  it('without a / path on the host: no TLSRoute, and the record says where ingress-nginx sends it', () => {
    const result = migrate([
      NGINX_CLASS,
      ingress({ name: 'vault', annotations: { 'ssl-passthrough': 'true' }, paths: [{ path: '/v1' }] }),
    ]);
    expect(draftsOfKind(result, 'TLSRoute')).toEqual([]);
    expect(recordOf(result, 'vault').problems[0]?.message).toContain('default backend');
  });
});

describe('more hosts than a Gateway holds', () => {
  it('past 64 listeners, ListenerSets attached to the Gateway: every host drafted, one address', () => {
    const hosts = Array.from({ length: 50 }, (_, i) => `h${i}.example.com`);
    const result = migrate([
      NGINX_CLASS,
      ...hosts.map((host, i) =>
        ingress({ name: `web${i}`, namespace: `team${i % 3}`, host, tls: [{ hosts: [host], secretName: `tls${i}` }] }),
      ),
    ]);
    expect(result.summary.failed).toBe(0);
    const gateway = draftsOfKind(result, 'Gateway')[0];
    expect(specOf(gateway ?? {}).listeners).toHaveLength(64);
    expect(specOf(gateway ?? {}).allowedListeners).toEqual({ namespaces: { from: 'Same' } });
    const sets = draftsOfKind(result, 'ListenerSet');
    expect(
      sets.map((s) => [(s.metadata as { name: string }).name, specOf(s).parentRef, specOf(s).listeners.length]),
    ).toEqual([['nginx-listeners-1', { name: 'nginx' }, 36]]);
    // 50 hosts x (HTTP + HTTPS): the routes of the last hosts attach to the ListenerSet's listeners.
    const last = draftNamed(result, 'HTTPRoute', 'web49-h49.example.com');
    expect(specOf(last).parentRefs).toEqual([
      {
        kind: 'ListenerSet',
        namespace: 'gateway-system',
        name: 'nginx-listeners-1',
        sectionName: 'https-h49-example-com',
      },
    ]);
    expect(result.objects.find((d) => d.object.kind === 'ListenerSet')?.needs).toBe('v1.5');
    // --out-dir: a ListenerSet goes with its Gateway.
    expect((draftFiles(result.objects).get('gateways.yaml') ?? []).map((d) => d.object.kind)).toEqual([
      'Gateway',
      'ListenerSet',
    ]);
    // Certificates of other namespaces: the grants name both the Gateway and its ListenerSets.
    const grant = draftsOfKind(result, 'ReferenceGrant').find(
      (g) => (g.metadata as { namespace: string }).namespace === 'team1',
    );
    expect(specOf(grant ?? {}).from).toEqual([
      { group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: 'gateway-system' },
      { group: 'gateway.networking.k8s.io', kind: 'ListenerSet', namespace: 'gateway-system' },
    ]);
  });
});

describe('kubeward.io/source-ingress on merged objects', () => {
  it('each Gateway and ListenerSet names the Ingresses of its own listeners, bounded, the rest counted', () => {
    const many = Array.from({ length: 600 }, (_, i) =>
      ingress({ name: `service-with-a-rather-long-name-${i}`, paths: [{ path: `/p${i}` }] }),
    );
    const result = migrate([NGINX_CLASS, ...many]);
    const gateway = draftsOfKind(result, 'Gateway')[0] ?? {};
    const value = (gateway.metadata as { annotations: Record<string, string> }).annotations[
      'kubeward.io/source-ingress'
    ];
    expect(value?.length).toBeLessThan(8 * 1024 + 20);
    expect(value).toMatch(/,\+\d+ more$/);
    const listed = value?.split(',').filter((s) => s.startsWith('shop/')).length ?? 0;
    expect(listed + Number(/\+(\d+) more$/.exec(value ?? '')?.[1])).toBe(600);
  });
});

describe('host-wide keys the review found', () => {
  it('an alias claimed by two hosts stays with the first; the second is told; the record says which alias is used', () => {
    const result = migrate([
      NGINX_CLASS,
      ingress({ name: 'b', host: 'b.example.com', annotations: { 'server-alias': 'x.example.com' } }),
      ingress({ name: 'a', host: 'a.example.com', annotations: { 'server-alias': 'x.example.com' } }),
    ]);
    // Reverse name order: b first.
    expect(specOf(draftNamed(result, 'HTTPRoute', 'b-b.example.com')).hostnames).toEqual([
      'b.example.com',
      'x.example.com',
    ]);
    expect(specOf(draftNamed(result, 'HTTPRoute', 'a-a.example.com')).hostnames).toEqual(['a.example.com']);
    expect(recordOf(result, 'a').problems[0]?.message).toContain('an alias of b.example.com first');
    expect(outcomeOf(result, 'a', 'server-alias')).toMatchObject({ class: 'not-needed' });
  });

  it("a from-to-www twin that is another host's alias is not drafted, and said", () => {
    const result = migrate([
      NGINX_CLASS,
      ingress({ name: 'w', host: 'a.example.com', annotations: { 'from-to-www-redirect': 'true' } }),
      ingress({ name: 'x', host: 'b.example.com', annotations: { 'server-alias': 'www.a.example.com' } }),
    ]);
    expect(
      draftsOfKind(result, 'HTTPRoute').filter((r) => specOf(r).hostnames?.includes('www.a.example.com')),
    ).toHaveLength(1);
    expect(recordOf(result, 'w').problems[0]?.message).toContain('a server-alias of b.example.com');
  });

  it('hosts whose listener names would be equal (a-b.x and a.b.x) get distinct listeners', () => {
    const result = migrate([
      NGINX_CLASS,
      ingress({ name: 'one', host: 'a-b.example.com' }),
      ingress({ name: 'two', host: 'a.b.example.com' }),
    ]);
    const names = listeners(result).map((l) => l.name);
    expect(new Set(names).size).toBe(2);
    expect(specOf(draftNamed(result, 'HTTPRoute', 'two-a.b.example.com')).parentRefs[0].sectionName).toBe(names[1]);
  });

  it('--parent-ref: a TLSRoute takes no HTTP section, and the record says the parent needs a Passthrough listener', () => {
    const result = migrate(
      [NGINX_CLASS, ingress({ name: 'p', host: 'p.example.com', annotations: { 'ssl-passthrough': 'true' } })],
      { placement: { mode: 'parent-ref', kind: 'Gateway', namespace: 'gw', name: 'edge', sectionName: 'https' } },
    );
    expect(specOf(draftsOfKind(result, 'TLSRoute')[0] ?? {}).parentRefs).toEqual([{ namespace: 'gw', name: 'edge' }]);
    expect(
      recordOf(result, 'p')
        .problems.map((x) => x.message)
        .join('\n'),
    ).toContain('Passthrough mode on port 443');
  });

  it('another Ingress of a passthrough host is told its paths are served on port 80 only', () => {
    const result = migrate([
      NGINX_CLASS,
      ingress({ name: 'p', host: 'p.example.com', annotations: { 'ssl-passthrough': 'true' } }),
      ingress({
        name: 'q',
        host: 'p.example.com',
        paths: [{ path: '/api' }],
        tls: [{ hosts: ['p.example.com'], secretName: 't' }],
      }),
    ]);
    expect(
      recordOf(result, 'q')
        .problems.map((x) => x.message)
        .join('\n'),
    ).toContain('served on port 80 only');
  });
});
