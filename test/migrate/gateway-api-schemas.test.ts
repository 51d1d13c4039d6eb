/**
 * The Gateway API standard-channel schemas (data/gateway-api/schemas.gen.json) and the validator the migrate tests
 * use (test/helpers/gateway-api.ts): the file is what the generator makes of the CRD copies, every schema compiles
 * under ajv's strict mode, minimal valid objects pass, and what a cluster would prune (experimental and misspelled
 * fields) or reject (a bad enum value, a duplicate list key) fails.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import {
  GATEWAY_API_SCHEMAS,
  gatewayApiSchemas,
  gatewayApiValidator,
  validateGatewayApi,
} from '../helpers/gateway-api.js';

type Schema = Record<string, unknown>;

interface Generator {
  render(files: Record<string, string>): string;
  readCrds(): Record<string, string>;
  toJsonSchema(node: Schema, structural: boolean, counts: { cel: number }): Schema;
}

let generator: Generator;

beforeAll(async () => {
  // A plain .mjs script without type declarations: imported by URL and typed here.
  generator = (await import(pathToFileURL(join(ROOT, 'scripts', 'gen-gateway-api-schemas.mjs')).href)) as Generator;
});

const GROUP = 'gateway.networking.k8s.io';

function httpRoute(spec: Schema): Schema {
  return { apiVersion: `${GROUP}/v1`, kind: 'HTTPRoute', metadata: { name: 'web', namespace: 'shop' }, spec };
}

const parentRefs = [{ name: 'shop-gateway' }];
const backendRefs = [{ name: 'web', port: 80 }];

describe('data/gateway-api/schemas.gen.json', () => {
  it('is what scripts/gen-gateway-api-schemas.mjs makes of data/gateway-api/v1.6.1-standard', () => {
    const fresh = generator.render(generator.readCrds());
    const committed = readFileSync(GATEWAY_API_SCHEMAS, 'utf8');
    expect(committed === fresh, 'stale: run node scripts/gen-gateway-api-schemas.mjs').toBe(true);
  });

  it('has a schema for every served version of every standard-channel CRD, and their CEL rule counts', () => {
    const { source, schemas, celRules } = gatewayApiSchemas();
    expect(source).toMatchObject({ tag: 'v1.6.1', commit: '8bb74df00e56ec8f944d48c25e6c1c9c2f6848e3' });
    expect(Object.keys(schemas)).toEqual(
      [
        'v1/BackendTLSPolicy',
        'v1/GRPCRoute',
        'v1/Gateway',
        'v1/GatewayClass',
        'v1/HTTPRoute',
        'v1/ListenerSet',
        'v1/ReferenceGrant',
        'v1/TCPRoute',
        'v1/TLSRoute',
        'v1/UDPRoute',
        'v1beta1/Gateway',
        'v1beta1/GatewayClass',
        'v1beta1/HTTPRoute',
        'v1beta1/ReferenceGrant',
      ].map((k) => `${GROUP}/${k}`),
    );
    // The counts ../shared/research/gateway-api.md gives.
    expect(celRules).toMatchObject({
      [`${GROUP}/v1/HTTPRoute`]: 89,
      [`${GROUP}/v1/GRPCRoute`]: 33,
      [`${GROUP}/v1/Gateway`]: 16,
      [`${GROUP}/v1/BackendTLSPolicy`]: 8,
      [`${GROUP}/v1/ListenerSet`]: 7,
      [`${GROUP}/v1/TLSRoute`]: 6,
    });
  });

  it('compiles every schema with ajv in strict mode', () => {
    for (const key of Object.keys(gatewayApiSchemas().schemas))
      expect(gatewayApiValidator(key), key).toBeTypeOf('function');
  });
});

describe('the CRD schema transform', () => {
  const convert = (node: Schema, structural = true): Schema => generator.toJsonSchema(node, structural, { cel: 0 });

  it('closes the objects pruning applies to, and no branch of a oneOf', () => {
    const out = convert({
      type: 'object',
      description: 'dropped',
      properties: {
        spec: { type: 'object', properties: { a: { type: 'string' } } },
        list: { type: 'array', items: { type: 'object', properties: { b: { type: 'string' } } } },
        map: { type: 'object', additionalProperties: { type: 'string' } },
        free: { type: 'object', properties: { c: { type: 'string' } }, 'x-kubernetes-preserve-unknown-fields': true },
      },
      oneOf: [{ properties: { spec: { properties: { a: { format: 'ipv4' } } } } }],
    });
    expect(out).toEqual({
      type: 'object',
      additionalProperties: false,
      properties: {
        spec: { type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false },
        list: {
          type: 'array',
          items: { type: 'object', properties: { b: { type: 'string' } }, additionalProperties: false },
        },
        map: { type: 'object', additionalProperties: { type: 'string' } },
        free: { type: 'object', properties: { c: { type: 'string' } } },
      },
      // Open, and typed from the structural schema of the same data (ajv's strict mode wants a type beside format).
      oneOf: [
        {
          type: 'object',
          properties: { spec: { type: 'object', properties: { a: { type: 'string', format: 'ipv4' } } } },
        },
      ],
    });
  });

  it('turns list types into uniqueness, and int-or-string into integer or a string with the pattern', () => {
    expect(convert({ type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' })).toEqual({
      type: 'array',
      items: { type: 'string' },
      uniqueItems: true,
    });
    expect(
      convert({
        type: 'array',
        items: { type: 'object' },
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-list-map-keys': ['name'],
      }),
    ).toEqual({ type: 'array', items: { type: 'object' }, 'x-kubernetes-list-map-keys': ['name'] });
    expect(
      convert({
        'x-kubernetes-int-or-string': true,
        anyOf: [{ type: 'integer' }, { type: 'string' }],
        pattern: '^[0-9]+%?$',
        maximum: 100,
      }),
    ).toEqual({
      anyOf: [
        { type: 'integer', maximum: 100 },
        { type: 'string', pattern: '^[0-9]+%?$' },
      ],
    });
  });

  it('counts the CEL rules it leaves out, and stops at a keyword it does not know', () => {
    const counts = { cel: 0 };
    generator.toJsonSchema(
      { type: 'object', properties: { a: { type: 'string', 'x-kubernetes-validations': [{ rule: 'true' }] } } },
      true,
      counts,
    );
    expect(counts.cel).toBe(1);
    expect(() => convert({ type: 'object', 'x-kubernetes-something-new': true })).toThrow(/x-kubernetes-something-new/);
  });
});

describe('validateGatewayApi', () => {
  it('accepts a minimal HTTPRoute, Gateway, GRPCRoute, TLSRoute, ReferenceGrant and BackendTLSPolicy', () => {
    const objects: Schema[] = [
      httpRoute({ parentRefs, hostnames: ['shop.example.com'], rules: [{ backendRefs }] }),
      {
        apiVersion: `${GROUP}/v1`,
        kind: 'Gateway',
        metadata: { name: 'shop-gateway' },
        spec: {
          gatewayClassName: 'example',
          listeners: [
            { name: 'http', port: 80, protocol: 'HTTP' },
            {
              name: 'https',
              port: 443,
              protocol: 'HTTPS',
              hostname: 'shop.example.com',
              tls: { certificateRefs: [{ name: 'shop-tls' }] },
            },
          ],
          // No type: the default (IPAddress) picks the oneOf branch, as in the API server.
          addresses: [{ value: '192.0.2.10' }],
        },
      },
      {
        apiVersion: `${GROUP}/v1`,
        kind: 'GRPCRoute',
        metadata: { name: 'grpc' },
        spec: { parentRefs, rules: [{ matches: [{ method: { service: 'shop.Cart' } }], backendRefs }] },
      },
      {
        apiVersion: `${GROUP}/v1`,
        kind: 'TLSRoute',
        metadata: { name: 'tls' },
        spec: { parentRefs, hostnames: ['db.example.com'], rules: [{ backendRefs: [{ name: 'db', port: 5432 }] }] },
      },
      {
        apiVersion: `${GROUP}/v1beta1`,
        kind: 'ReferenceGrant',
        metadata: { name: 'from-shop', namespace: 'certs' },
        spec: {
          from: [{ group: GROUP, kind: 'Gateway', namespace: 'shop' }],
          to: [{ group: '', kind: 'Secret' }],
        },
      },
      {
        apiVersion: `${GROUP}/v1`,
        kind: 'BackendTLSPolicy',
        metadata: { name: 'web-tls' },
        spec: {
          targetRefs: [{ group: '', kind: 'Service', name: 'web' }],
          validation: { hostname: 'web.shop.svc', wellKnownCACertificates: 'System' },
        },
      },
    ];
    for (const object of objects) expect(validateGatewayApi(object), String(object.kind)).toEqual([]);
  });

  it('rejects the experimental retry field, which a standard-channel cluster would prune', () => {
    const route = httpRoute({ parentRefs, rules: [{ backendRefs, retry: { attempts: 2 } }] });
    expect(validateGatewayApi(route)).toEqual([
      'spec.rules[0].retry: unknown field (not in the v1.6.1 standard-channel schema)',
    ]);
  });

  it('rejects a misspelled field, at the root and deep down', () => {
    expect(validateGatewayApi({ ...httpRoute({ parentRefs }), specs: {} })).toEqual([
      'specs: unknown field (not in the v1.6.1 standard-channel schema)',
    ]);
    const route = httpRoute({ parentRefs, rules: [{ backendRefs: [{ name: 'web', prot: 80 }] }] });
    expect(validateGatewayApi(route)).toEqual([
      'spec.rules[0].backendRefs[0].prot: unknown field (not in the v1.6.1 standard-channel schema)',
    ]);
  });

  it('rejects a bad enum value and a missing required field', () => {
    const route = httpRoute({
      parentRefs,
      rules: [{ matches: [{ path: { type: 'Prefix', value: '/' } }], backendRefs: [{ port: 80 }] }],
    });
    expect(validateGatewayApi(route)).toEqual([
      'spec.rules[0].backendRefs[0].name: is required',
      'spec.rules[0].matches[0].path.type: must be one of Exact, PathPrefix, RegularExpression',
    ]);
  });

  it('rejects an item repeated in a set and a key repeated in a list of type map', () => {
    const headers = {
      set: [
        { name: 'X-A', value: '1' },
        { name: 'X-A', value: '2' },
      ],
      remove: ['X-B', 'X-B'],
    };
    const route = httpRoute({
      parentRefs,
      rules: [{ filters: [{ type: 'RequestHeaderModifier', requestHeaderModifier: headers }], backendRefs }],
    });
    expect(validateGatewayApi(route)).toEqual([
      'spec.rules[0].filters[0].requestHeaderModifier.remove: must NOT have duplicate items (items ## 1 and 0 are identical)',
      'spec.rules[0].filters[0].requestHeaderModifier.set[1]: duplicate entry (name="X-A") in a list keyed by name; item 0 has the same',
    ]);
  });

  it('reports an apiVersion or kind the standard channel does not serve', () => {
    expect(validateGatewayApi({ apiVersion: `${GROUP}/v1alpha2`, kind: 'TLSRoute' })).toEqual([
      `(root): unknown apiVersion/kind ${GROUP}/v1alpha2/TLSRoute in the Gateway API standard channel`,
    ]);
    expect(validateGatewayApi('not an object')).toEqual([
      '(root): unknown apiVersion/kind undefined/undefined in the Gateway API standard channel',
    ]);
  });

  it('leaves the object it validates as it was (the defaults go into a copy)', () => {
    const route = httpRoute({ parentRefs, rules: [{ backendRefs }] });
    const before = structuredClone(route);
    validateGatewayApi(route);
    expect(route).toEqual(before);
  });
});
