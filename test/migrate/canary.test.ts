/**
 * Canary Ingresses (docs/migration/ingress-nginx-semantics.md §10): weights and header matches on the main Ingress's
 * rules, exactly where ingress-nginx sends canary traffic; what it ignores is named, never drafted.
 */
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../src/k8s/object.js';
import type { MigrationResult } from '../../src/migrate/translate.js';
import {
  draftNamed,
  draftsOfKind,
  EVERY_ANNOTATION,
  ingress,
  migrate,
  NGINX_CLASS,
  outcomeOf,
  recordOf,
  specOf,
} from './helpers.js';

const ROUTE = 'web-shop.example.com';

function canary(annotations: Record<string, string>, extra: Partial<Parameters<typeof ingress>[0]> = {}): JsonObject {
  return ingress({
    name: 'web-canary',
    paths: [{ path: '/', service: 'web-v2' }],
    ...extra,
    annotations: { canary: 'true', ...annotations },
  });
}

function routeRules(result: MigrationResult, name = ROUTE) {
  return specOf(draftNamed(result, 'HTTPRoute', name)).rules;
}

describe('canary by weight', () => {
  it('becomes weighted backendRefs on the main rule, out of 100; the route names both Ingresses', () => {
    const result = migrate([NGINX_CLASS, ingress({ name: 'web' }), canary({ 'canary-weight': '20' })]);
    expect(draftsOfKind(result, 'HTTPRoute')).toHaveLength(1);
    expect(routeRules(result)).toEqual([
      {
        matches: [{ path: { type: 'PathPrefix', value: '/' } }],
        backendRefs: [
          { name: 'web', port: 80, weight: 80 },
          { name: 'web-v2', port: 80, weight: 20 },
        ],
      },
    ]);
    const route = draftNamed(result, 'HTTPRoute', ROUTE);
    expect((route.metadata as { annotations: Record<string, string> }).annotations['kubeward.io/source-ingress']).toBe(
      'shop/web,shop/web-canary',
    );
    expect(recordOf(result, 'web-canary')).toMatchObject({
      outcome: 'translated',
      objects: [`HTTPRoute shop/${ROUTE}`],
      problems: [],
    });
    expect(outcomeOf(result, 'web-canary', 'canary-weight')).toMatchObject({ class: 'standard', translated: true });
    const comments = result.objects.find((d) => d.object === route)?.comments.join('\n') ?? '';
    expect(comments).toContain('Canary Ingress shop/web-canary: 20 of 100 other requests by weight');
  });

  it('counts out of canary-weight-total only above 100, as ingress-nginx does', () => {
    const below = migrate([
      NGINX_CLASS,
      ingress({ name: 'web' }),
      canary({ 'canary-weight': '25', 'canary-weight-total': '50' }),
    ]);
    expect(routeRules(below)[0].backendRefs.map((b: { weight: number }) => b.weight)).toEqual([75, 25]);
    expect(outcomeOf(below, 'web-canary', 'canary-weight-total')).toMatchObject({ class: 'not-needed' });
    const above = migrate([
      NGINX_CLASS,
      ingress({ name: 'web' }),
      canary({ 'canary-weight': '5', 'canary-weight-total': '1000' }),
    ]);
    expect(routeRules(above)[0].backendRefs.map((b: { weight: number }) => b.weight)).toEqual([995, 5]);
  });

  it('a weight at or above the total sends everything to the canary', () => {
    const result = migrate([NGINX_CLASS, ingress({ name: 'web' }), canary({ 'canary-weight': '150' })]);
    expect(routeRules(result)[0].backendRefs).toEqual([
      { name: 'web', port: 80, weight: 0 },
      { name: 'web-v2', port: 80, weight: 100 },
    ]);
  });

  it('weight 0 and no header: nothing to draft, and the record says so', () => {
    const result = migrate([NGINX_CLASS, ingress({ name: 'web' }), canary({ 'canary-weight': '0' })]);
    expect(routeRules(result)[0].backendRefs).toEqual([{ name: 'web', port: 80 }]);
    expect(
      recordOf(result, 'web-canary')
        .problems.map((p) => p.message)
        .join('\n'),
    ).toContain('sends it nothing');
  });
});

describe('canary by header', () => {
  it('with a value: an Exact header match to the canary, carrying the main rule filters', () => {
    const result = migrate([
      NGINX_CLASS,
      ingress({ name: 'web', annotations: { 'upstream-vhost': 'web.internal' } }),
      canary({ 'canary-by-header': 'X-Canary', 'canary-by-header-value': 'v2', 'upstream-vhost': 'ignored' }),
    ]);
    const filters = [
      { type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'Host', value: 'web.internal' }] } },
    ];
    expect(routeRules(result)).toEqual([
      {
        matches: [
          { path: { type: 'PathPrefix', value: '/' }, headers: [{ type: 'Exact', name: 'X-Canary', value: 'v2' }] },
        ],
        filters,
        backendRefs: [{ name: 'web-v2', port: 80 }],
      },
      { matches: [{ path: { type: 'PathPrefix', value: '/' } }], filters, backendRefs: [{ name: 'web', port: 80 }] },
    ]);
    // The canary's own location keys are ignored by ingress-nginx: not translated, and not a gap.
    expect(outcomeOf(result, 'web-canary', 'upstream-vhost')).toMatchObject({ class: 'not-needed', translated: true });
  });

  it('without a value: "always" to the canary, "never" to the main Service, then the weight', () => {
    const result = migrate([
      NGINX_CLASS,
      ingress({ name: 'web' }),
      canary({ 'canary-by-header': 'X-Canary', 'canary-weight': '10' }),
    ]);
    const rules = routeRules(result);
    expect(rules.map((r: JsonObject) => [(r.matches as JsonObject[])[0]?.headers, r.backendRefs])).toEqual([
      [[{ type: 'Exact', name: 'X-Canary', value: 'always' }], [{ name: 'web-v2', port: 80 }]],
      [[{ type: 'Exact', name: 'X-Canary', value: 'never' }], [{ name: 'web', port: 80 }]],
      [
        undefined,
        [
          { name: 'web', port: 80, weight: 90 },
          { name: 'web-v2', port: 80, weight: 10 },
        ],
      ],
    ]);
  });

  it('a pattern is named (implementation-specific), and ignored when a value is set', () => {
    const pattern = migrate([
      NGINX_CLASS,
      ingress({ name: 'web' }),
      canary({ 'canary-by-header': 'X-Canary', 'canary-by-header-pattern': '^v[23]$' }),
    ]);
    expect(outcomeOf(pattern, 'web-canary', 'canary-by-header-pattern')).toMatchObject({
      class: 'implementation-specific',
      translated: false,
    });
    expect(recordOf(pattern, 'web-canary').outcome).toBe('gaps');
    const both = migrate([
      NGINX_CLASS,
      ingress({ name: 'web' }),
      canary({ 'canary-by-header': 'X', 'canary-by-header-value': 'on', 'canary-by-header-pattern': '.*' }),
    ]);
    expect(outcomeOf(both, 'web-canary', 'canary-by-header-pattern')).toMatchObject({ class: 'not-needed' });
  });

  it('a cookie canary is named; its weight still applies', () => {
    const result = migrate([
      NGINX_CLASS,
      ingress({ name: 'web' }),
      canary({ 'canary-by-cookie': 'beta', 'canary-weight': '5' }),
    ]);
    expect(outcomeOf(result, 'web-canary', 'canary-by-cookie')).toMatchObject({
      class: 'implementation-specific',
      translated: false,
    });
    expect(routeRules(result)[0].backendRefs[1]).toEqual({ name: 'web-v2', port: 80, weight: 5 });
  });
});

describe('where a canary applies', () => {
  it('only to a main location with the same host, path and pathType; otherwise ingress-nginx ignores it too', () => {
    const result = migrate([
      NGINX_CLASS,
      ingress({ name: 'web' }),
      canary({ 'canary-weight': '50' }, { paths: [{ path: '/', pathType: 'Exact', service: 'web-v2' }] }),
    ]);
    expect(routeRules(result)[0].backendRefs).toEqual([{ name: 'web', port: 80 }]);
    expect(recordOf(result, 'web-canary')).toMatchObject({ outcome: 'gaps', objects: [] });
    expect(recordOf(result, 'web-canary').problems[0]?.message).toContain('no main Ingress of the class has');
  });

  it('not when it names the same Service as the main Ingress', () => {
    const result = migrate([
      NGINX_CLASS,
      ingress({ name: 'web' }),
      canary({ 'canary-weight': '50' }, { paths: [{ path: '/', service: 'web' }] }),
    ]);
    expect(routeRules(result)[0].backendRefs).toEqual([{ name: 'web', port: 80 }]);
    expect(recordOf(result, 'web-canary').problems[0]?.message).toContain('same Service');
  });

  it('to every rule proxying to the main Service port, on any host (it hangs on the upstream)', () => {
    const result = migrate([
      NGINX_CLASS,
      ingress({ name: 'web' }),
      ingress({ name: 'other', host: 'other.example.com', paths: [{ path: '/x' }] }),
      canary({ 'canary-weight': '30' }),
    ]);
    expect(routeRules(result, 'other-other.example.com')[0].backendRefs).toEqual([
      { name: 'web', port: 80, weight: 70 },
      { name: 'web-v2', port: 80, weight: 30 },
    ]);
    expect(recordOf(result, 'web-canary').objects).toEqual([
      `HTTPRoute shop/${ROUTE}`,
      'HTTPRoute shop/other-other.example.com',
    ]);
  });

  it('the first canary of an upstream wins, in ingress-nginx order (oldest first); the other is reported', () => {
    const older = canary({ 'canary-weight': '10' }, { name: 'a-canary', paths: [{ path: '/', service: 'web-a' }] }) as {
      metadata: Record<string, unknown>;
    };
    older.metadata.creationTimestamp = '2024-01-01T00:00:00Z';
    const newer = canary({ 'canary-weight': '40' }, { name: 'b-canary', paths: [{ path: '/', service: 'web-b' }] }) as {
      metadata: Record<string, unknown>;
    };
    newer.metadata.creationTimestamp = '2025-01-01T00:00:00Z';
    const result = migrate([NGINX_CLASS, ingress({ name: 'web' }), newer, older]);
    expect(routeRules(result)[0].backendRefs[1]).toEqual({ name: 'web-a', port: 80, weight: 10 });
    expect(recordOf(result, 'b-canary').problems[0]?.message).toContain('already the alternative backend');
  });

  it('from another namespace: a backendRef with its namespace, and a ReferenceGrant there', () => {
    const result = migrate([
      NGINX_CLASS,
      ingress({ name: 'web' }),
      canary({ 'canary-weight': '10' }, { namespace: 'beta' }),
    ]);
    expect(routeRules(result)[0].backendRefs[1]).toEqual({ name: 'web-v2', namespace: 'beta', port: 80, weight: 10 });
    const grants = draftsOfKind(result, 'ReferenceGrant').filter(
      (g) => (g.metadata as { namespace: string }).namespace === 'beta',
    );
    expect(grants.map((g) => g.spec)).toEqual([
      {
        from: [
          { group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'shop' },
          { group: 'gateway.networking.k8s.io', kind: 'GRPCRoute', namespace: 'shop' },
        ],
        to: [{ group: '', kind: 'Service', name: 'web-v2' }],
      },
    ]);
  });

  it("a canary's auth or body size is ignored by ingress-nginx: not a gap, and not an open route", () => {
    const result = migrate([
      NGINX_CLASS,
      ingress({ name: 'web' }),
      canary({ 'canary-weight': '10', 'auth-url': 'https://auth.example.com/', 'proxy-body-size': '8m' }),
    ]);
    expect(outcomeOf(result, 'web-canary', 'auth-url')).toMatchObject({
      class: 'not-needed',
      translated: true,
      securityRelevant: false,
    });
    expect(recordOf(result, 'web-canary')).toMatchObject({ outcome: 'translated', requiresPolicy: [] });
  });

  it('a GRPC main Ingress carries the weights on its GRPCRoute', () => {
    const result = migrate([
      NGINX_CLASS,
      ingress({ name: 'web', annotations: { 'backend-protocol': 'GRPC' } }),
      canary({ 'canary-weight': '10', 'canary-by-header': 'x-canary', 'canary-by-header-value': 'yes' }),
    ]);
    const rules = specOf(draftNamed(result, 'GRPCRoute', ROUTE)).rules;
    expect(rules).toEqual([
      {
        matches: [{ headers: [{ type: 'Exact', name: 'x-canary', value: 'yes' }] }],
        backendRefs: [{ name: 'web-v2', port: 80 }],
      },
      {
        backendRefs: [
          { name: 'web', port: 80, weight: 90 },
          { name: 'web-v2', port: 80, weight: 10 },
        ],
      },
    ]);
  });

  it('left out with its main routes under --fail-closed, and says so', () => {
    const result = migrate(
      [
        NGINX_CLASS,
        ingress({ name: 'web', annotations: { 'auth-url': 'https://a/' } }),
        canary({ 'canary-weight': '10' }),
      ],
      { failClosed: true },
    );
    expect(draftsOfKind(result, 'HTTPRoute')).toEqual([]);
    expect(
      recordOf(result, 'web-canary')
        .problems.map((p) => p.message)
        .join('\n'),
    ).toContain('not drafted');
  });
});

describe('the every-annotation set', () => {
  it('carries both of its canaries (weight + header on an HTTPRoute, a header on a GRPCRoute across namespaces)', () => {
    const result = migrate(EVERY_ANNOTATION);
    expect(recordOf(result, 'headers-canary')).toMatchObject({ outcome: 'translated' });
    expect(recordOf(result, 'grpc-canary')).toMatchObject({ outcome: 'translated' });
    expect(recordOf(result, 'grpc-canary').objects).toEqual([expect.stringMatching(/^GRPCRoute shop\//)]);
  });
});

describe('canary keys without canary: "true"', () => {
  it('do nothing in ingress-nginx (the Ingress is a main one), and are recorded so', () => {
    const result = migrate([NGINX_CLASS, ingress({ name: 'web', annotations: { 'canary-weight': '30' } })]);
    expect(outcomeOf(result, 'web', 'canary-weight')).toMatchObject({ class: 'not-needed', translated: true });
    expect(routeRules(result)[0].backendRefs).toEqual([{ name: 'web', port: 80 }]);
  });
});

describe('canaries the review found', () => {
  it('one canary on two upstreams: its record names the routes of both; one grant per canary Service', () => {
    const result = migrate([
      NGINX_CLASS,
      ingress({ name: 'm1', host: 'h1.example.com', paths: [{ path: '/', service: 'a' }] }),
      ingress({ name: 'm2', namespace: 'other', host: 'h2.example.com', paths: [{ path: '/', service: 'b' }] }),
      ingress({
        name: 'c',
        namespace: 'can',
        annotations: { canary: 'true', 'canary-weight': '10' },
        rules: [
          {
            host: 'h1.example.com',
            http: {
              paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'c', port: { number: 80 } } } }],
            },
          },
          {
            host: 'h2.example.com',
            http: {
              paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'c', port: { number: 80 } } } }],
            },
          },
        ],
      }),
    ]);
    expect([...recordOf(result, 'c').objects].sort()).toEqual([
      'HTTPRoute other/m2-h2.example.com',
      'HTTPRoute shop/m1-h1.example.com',
    ]);
    const grants = draftsOfKind(result, 'ReferenceGrant').filter(
      (g) => (g.metadata as { namespace: string }).namespace === 'can',
    );
    expect(grants).toHaveLength(1);
    expect(specOf(grants[0] ?? {}).from.map((f: { namespace: string }) => f.namespace)).toEqual([
      'other',
      'other',
      'shop',
      'shop',
    ]);
  });
});

describe('a split route', () => {
  it('names on each part only the canaries its rules carry', () => {
    const paths = Array.from({ length: 20 }, (_, i) => ({ path: `/p${i}`, service: i === 19 ? 'last' : 'web' }));
    const result = migrate([
      NGINX_CLASS,
      ingress({ name: 'web', paths }),
      canary({ 'canary-weight': '10' }, { paths: [{ path: '/p19', service: 'last-v2' }] }),
    ]);
    const sources = (name: string) =>
      (draftNamed(result, 'HTTPRoute', name).metadata as { annotations: Record<string, string> }).annotations[
        'kubeward.io/source-ingress'
      ];
    expect(sources(ROUTE)).toBe('shop/web');
    expect(sources(`${ROUTE}-2`)).toBe('shop/web,shop/web-canary');
  });
});
