/**
 * Rules whose per-index aggregates are built once on the cluster cache and corrected for the incoming object must
 * answer exactly as they would on an index holding the same objects.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createIndex, type ObjectIndex } from '../../src/engine/object-index.js';
import type { AnyRule } from '../../src/engine/rule.js';
import type { K8sObject } from '../../src/k8s/object.js';
import { ingressRegexHostWide } from '../../src/rules/ingress-annotations/ingress-regex-host-wide.js';
import { createOverlayIndex } from '../../src/webhook/overlay-index.js';

const NGINX_CLASS: K8sObject = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'IngressClass',
  metadata: { name: 'nginx' },
  spec: { controller: 'k8s.io/ingress-nginx' },
};

const ingressArb: fc.Arbitrary<K8sObject> = fc
  .record({
    name: fc.constantFrom('a', 'b', 'c', 'd'),
    namespace: fc.constantFrom('shop', 'web'),
    regex: fc.boolean(),
    canary: fc.boolean(),
    rules: fc.array(
      fc.record({
        host: fc.constantFrom('shop.example.com', 'api.example.com', ''),
        path: fc.constantFrom('/', '/api', '/v1/(.*)'),
        pathType: fc.constantFrom('Prefix', 'Exact', 'ImplementationSpecific'),
      }),
      { minLength: 1, maxLength: 3 },
    ),
  })
  .map(({ name, namespace, regex, canary, rules }) => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      name,
      namespace,
      annotations: {
        ...(regex ? { 'nginx.ingress.kubernetes.io/use-regex': 'true' } : {}),
        ...(canary ? { 'nginx.ingress.kubernetes.io/canary': 'true' } : {}),
      },
    },
    spec: {
      ingressClassName: 'nginx',
      rules: rules.map((r) => ({
        ...(r.host !== '' ? { host: r.host } : {}),
        http: {
          paths: [{ path: r.path, pathType: r.pathType, backend: { service: { name: 'web', port: { number: 80 } } } }],
        },
      })),
    },
  }));

/** Unique (namespace, name), as in a cluster. */
function unique(objects: readonly K8sObject[]): K8sObject[] {
  const seen = new Set<string>();
  return objects.filter((o) => {
    const key = `${o.metadata?.namespace}/${o.metadata?.name}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function messages(rule: AnyRule, object: K8sObject, index: ObjectIndex): string[] {
  return rule
    .check(object, { index, options: rule.meta.options?.defaults ?? {} })
    .map((f) => `${f.messageId} ${JSON.stringify(f.data ?? {})}`);
}

describe('aggregates on the overlay index', () => {
  it('ingress-regex-host-wide answers as on the full set, for a new or a replacing Ingress', () => {
    fc.assert(
      fc.property(fc.array(ingressArb, { maxLength: 8 }), ingressArb, (cached, incoming) => {
        const cache = [NGINX_CLASS, ...unique(cached)];
        const base = createIndex(cache);
        const overlay = createOverlayIndex(base, incoming);
        const same = (o: K8sObject) =>
          o.kind === 'Ingress' &&
          o.metadata?.namespace === incoming.metadata?.namespace &&
          o.metadata?.name === incoming.metadata?.name;
        const full = createIndex([...cache.filter((o) => !same(o)), incoming]);
        expect(messages(ingressRegexHostWide, incoming, overlay)).toEqual(
          messages(ingressRegexHostWide, incoming, full),
        );
      }),
      { numRuns: 400 },
    );
  });

  it('builds the cache grouping once, not once per request', () => {
    const cached = Array.from({ length: 50 }, (_, i) => ({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: `plain-${i}`, namespace: 'shop' },
      spec: {
        ingressClassName: 'nginx',
        rules: [{ host: 'shop.example.com', http: { paths: [{ path: `/p${i}`, pathType: 'Prefix' }] } }],
      },
    }));
    let reads = 0;
    const base = createIndex([NGINX_CLASS, ...cached]);
    const counting: ObjectIndex = {
      ...base,
      ofKind(kind) {
        if (kind === 'Ingress') reads++;
        return base.ofKind(kind);
      },
    };
    const incoming = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'regex', namespace: 'shop', annotations: { 'nginx.ingress.kubernetes.io/use-regex': 'true' } },
      spec: {
        ingressClassName: 'nginx',
        rules: [
          { host: 'shop.example.com', http: { paths: [{ path: '/v1/(.*)', pathType: 'ImplementationSpecific' }] } },
        ],
      },
    };
    for (let i = 0; i < 5; i++) {
      const found = messages(ingressRegexHostWide, incoming, createOverlayIndex(counting, incoming));
      expect(found).toHaveLength(1);
      expect(found[0]).toContain('shop/plain-0');
    }
    expect(reads).toBe(1);
  });
});
