/**
 * gatewayApiViolations: each CEL rule of the Gateway API v1.6.1 standard-channel CRDs a generated object can break,
 * with an object that keeps it and one that breaks it. The objects are also run through the schema validator
 * (test/helpers/gateway-api.ts): the valid ones must be valid objects, and a broken one passes the schema unless the
 * case says the schema sees it too, which shows what only these checks catch.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import type { K8sObject } from '../../src/k8s/object.js';
import { durationMs, gatewayApiViolations } from '../../src/migrate/constraints.js';
import { ROOT } from '../helpers/cli.js';
import { validateGatewayApi } from '../helpers/gateway-api.js';

const GROUP = 'gateway.networking.k8s.io';
type Json = Record<string, unknown>;

function object(kind: string, spec: Json, version = 'v1'): K8sObject {
  return { apiVersion: `${GROUP}/${version}`, kind, metadata: { name: 'x', namespace: 'shop' }, spec };
}

const parentRefs = [{ name: 'gw' }];
const backendRefs = [{ name: 'web', port: 80 }];
const httpRoute = (rules: Json[], extra: Json = {}): K8sObject => object('HTTPRoute', { parentRefs, ...extra, rules });
const grpcRoute = (rules: Json[], extra: Json = {}): K8sObject => object('GRPCRoute', { parentRefs, ...extra, rules });

const headerModifier = { set: [{ name: 'X-A', value: '1' }] };
const FILTERS: Readonly<Record<string, Json>> = {
  RequestHeaderModifier: { type: 'RequestHeaderModifier', requestHeaderModifier: headerModifier },
  ResponseHeaderModifier: { type: 'ResponseHeaderModifier', responseHeaderModifier: headerModifier },
  RequestRedirect: { type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } },
  URLRewrite: { type: 'URLRewrite', urlRewrite: { hostname: 'web.example.com' } },
  CORS: { type: 'CORS', cors: { allowOrigins: ['https://shop.example.com'] } },
  RequestMirror: { type: 'RequestMirror', requestMirror: { backendRef: { name: 'mirror', port: 80 } } },
  ExtensionRef: { type: 'ExtensionRef', extensionRef: { group: 'example.com', kind: 'Plugin', name: 'p' } },
};

const rewritePrefix = (field: 'urlRewrite' | 'requestRedirect'): Json => ({
  type: field === 'urlRewrite' ? 'URLRewrite' : 'RequestRedirect',
  [field]: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/' } },
});
const prefix = (value: string): Json => ({ path: { type: 'PathPrefix', value } });

/** Keeps the CEL rules, and is a valid object. */
function expectValid(o: K8sObject): void {
  expect(gatewayApiViolations(o)).toEqual([]);
  expect(validateGatewayApi(o)).toEqual([]);
}

/**
 * Breaks exactly `expected`. `schema: 'clean'`: the schema cannot see it (only these checks catch it);
 * `'sees'`: the schema rejects it too (a list limit, an enum).
 */
function expectBroken(o: K8sObject, expected: string[], schema: 'clean' | 'sees' = 'clean'): void {
  expect(gatewayApiViolations(o)).toEqual(expected);
  if (schema === 'clean') expect(validateGatewayApi(o)).toEqual([]);
  else expect(validateGatewayApi(o)).not.toEqual([]);
}

describe('HTTPRoute rules', () => {
  it('RequestRedirect and backendRefs: not in one rule', () => {
    expectValid(httpRoute([{ filters: [FILTERS.RequestRedirect] }]));
    expectBroken(httpRoute([{ filters: [FILTERS.RequestRedirect], backendRefs }]), [
      'spec.rules[0].filters[0]: a RequestRedirect in a rule with 1 backendRefs',
    ]);
  });

  it.each(['RequestHeaderModifier', 'ResponseHeaderModifier', 'RequestRedirect', 'URLRewrite', 'CORS'])(
    'a %s filter at most once in a rule and in a backendRef',
    (type) => {
      const filter = FILTERS[type] as Json;
      expectBroken(httpRoute([{ filters: [filter, filter] }]), [
        `spec.rules[0].filters[1]: a second ${type} filter (the first is filters[0])`,
      ]);
      if (type === 'RequestRedirect') return;
      expectBroken(httpRoute([{ backendRefs: [{ ...backendRefs[0], filters: [filter, filter] }] }]), [
        `spec.rules[0].backendRefs[0].filters[1]: a second ${type} filter (the first is filters[0])`,
      ]);
    },
  );

  it('RequestMirror and ExtensionRef may repeat', () => {
    const filters = [FILTERS.RequestMirror, FILTERS.RequestMirror, FILTERS.ExtensionRef, FILTERS.ExtensionRef];
    expectValid(httpRoute([{ filters, backendRefs }]));
  });

  it('RequestRedirect and URLRewrite: not in one list of filters', () => {
    expectValid(httpRoute([{ filters: [FILTERS.URLRewrite, FILTERS.RequestHeaderModifier], backendRefs }]));
    expectBroken(httpRoute([{ filters: [FILTERS.RequestRedirect, FILTERS.URLRewrite] }]), [
      'spec.rules[0].filters[1]: a URLRewrite and a RequestRedirect (filters[0]) together',
    ]);
  });

  it('ReplacePrefixMatch: exactly one PathPrefix match in the rule (none is the default PathPrefix "/")', () => {
    expectValid(httpRoute([{ matches: [prefix('/api')], filters: [rewritePrefix('urlRewrite')], backendRefs }]));
    expectValid(httpRoute([{ filters: [rewritePrefix('urlRewrite')], backendRefs }]));
    expectValid(
      httpRoute([
        { matches: [{ headers: [{ name: 'X-A', value: '1' }] }], filters: [rewritePrefix('requestRedirect')] },
      ]),
    );
    expectBroken(
      httpRoute([{ matches: [prefix('/a'), prefix('/b')], filters: [rewritePrefix('urlRewrite')], backendRefs }]),
      [
        'spec.rules[0].matches: urlRewrite: ReplacePrefixMatch needs exactly one match, of type PathPrefix (the rule has 2)',
      ],
    );
    const exact = { path: { type: 'Exact', value: '/a' } };
    expectBroken(httpRoute([{ matches: [exact], filters: [rewritePrefix('requestRedirect')] }]), [
      'spec.rules[0].matches: requestRedirect: ReplacePrefixMatch needs exactly one match, of type PathPrefix (the rule has 1)',
    ]);
    const backend = { ...backendRefs[0], filters: [rewritePrefix('urlRewrite')] };
    expectBroken(httpRoute([{ matches: [exact], backendRefs: [backend] }]), [
      "spec.rules[0].matches: a backendRef's urlRewrite: ReplacePrefixMatch needs exactly one match, of type PathPrefix (the rule has 1)",
    ]);
  });

  it('backendRequest timeout: not above the request timeout (0s is no limit)', () => {
    expectValid(httpRoute([{ backendRefs, timeouts: { request: '1m', backendRequest: '60s' } }]));
    expectValid(httpRoute([{ backendRefs, timeouts: { request: '0s', backendRequest: '1h' } }]));
    expectBroken(httpRoute([{ backendRefs, timeouts: { request: '1m', backendRequest: '1m500ms' } }]), [
      'spec.rules[0].timeouts.backendRequest: 1m500ms above the request timeout 1m',
    ]);
  });

  it('a Service backendRef (the default kind, group "") has a port; other kinds need none', () => {
    expectValid(httpRoute([{ backendRefs: [{ group: 'example.com', kind: 'Bucket', name: 'b' }] }]));
    expectBroken(httpRoute([{ backendRefs: [{ name: 'web' }, { group: '', kind: 'Service', name: 'api' }] }]), [
      'spec.rules[0].backendRefs[0]: a Service backendRef needs a port',
      'spec.rules[0].backendRefs[1]: a Service backendRef needs a port',
    ]);
    const mirror = { type: 'RequestMirror', requestMirror: { backendRef: { name: 'mirror' } } };
    expectBroken(httpRoute([{ filters: [mirror], backendRefs }]), [
      'spec.rules[0].filters[0].requestMirror.backendRef: a Service backendRef needs a port',
    ]);
  });

  it('a parent referred to twice: a distinct sectionName each (the port does not count)', () => {
    expectValid(
      httpRoute([{ backendRefs }], {
        parentRefs: [
          { name: 'gw', sectionName: 'a' },
          { name: 'gw', sectionName: 'b' },
        ],
      }),
    );
    expectValid(httpRoute([{ backendRefs }], { parentRefs: [{ name: 'gw' }, { name: 'gw', namespace: 'infra' }] }));
    expectBroken(httpRoute([{ backendRefs }], { parentRefs: [{ name: 'gw' }, { name: 'gw', sectionName: 'https' }] }), [
      'spec.parentRefs[1]: the same parent as parentRefs[0]: each reference to it needs a sectionName',
    ]);
    expectBroken(
      httpRoute([{ backendRefs }], {
        parentRefs: [
          { name: 'gw', port: 80 },
          { name: 'gw', port: 443 },
        ],
      }),
      ['spec.parentRefs[1]: the same parent as parentRefs[0], without a sectionName too'],
    );
    const twice = [
      { name: 'gw', sectionName: 'a' },
      { name: 'gw', kind: 'Gateway', group: GROUP, sectionName: 'a' },
    ];
    expectBroken(httpRoute([{ backendRefs }], { parentRefs: twice }), [
      'spec.parentRefs[1]: the same parent as parentRefs[0], with sectionName a too',
    ]);
  });

  it("CORS: '*' alone in allowOrigins, allowMethods and allowHeaders", () => {
    const cors = (c: Json): Json => ({ type: 'CORS', cors: c });
    expectValid(
      httpRoute([{ filters: [cors({ allowOrigins: ['*'], allowMethods: ['*'], allowHeaders: ['*'] })], backendRefs }]),
    );
    const mixed = {
      allowOrigins: ['*', 'https://a.example.com'],
      allowMethods: ['GET', '*'],
      allowHeaders: ['*', 'X-A'],
    };
    expectBroken(httpRoute([{ filters: [cors(mixed)], backendRefs }]), [
      "spec.rules[0].filters[0].cors.allowOrigins: '*' together with other values",
      "spec.rules[0].filters[0].cors.allowMethods: '*' together with other values",
      "spec.rules[0].filters[0].cors.allowHeaders: '*' together with other values",
    ]);
  });

  it('at most 16 rules and 16 hostnames (the schema sees these too)', () => {
    const hostnames = Array.from({ length: 16 }, (_, i) => `h${i}.example.com`);
    expectValid(
      httpRoute(
        Array.from({ length: 16 }, () => ({ backendRefs })),
        { hostnames },
      ),
    );
    expectBroken(
      httpRoute(
        Array.from({ length: 17 }, () => ({ backendRefs })),
        { hostnames: [...hostnames, 'x.example.com'] },
      ),
      ['spec.rules: 17 entries; the CRD allows at most 16', 'spec.hostnames: 17 entries; the CRD allows at most 16'],
      'sees',
    );
  });

  it('at most 64 matches in a rule, and 128 in all (a rule without matches has its default one)', () => {
    const matches = (n: number): Json[] => Array.from({ length: n }, (_, i) => prefix(`/p${i}`));
    expectValid(
      httpRoute([
        { matches: matches(64), backendRefs },
        { matches: matches(64), backendRefs },
      ]),
    );
    expectBroken(
      httpRoute([{ matches: matches(65), backendRefs }]),
      ['spec.rules[0].matches: 65 entries; the CRD allows at most 64'],
      'sees',
    );
    expectBroken(
      httpRoute([{ matches: matches(64), backendRefs }, { matches: matches(64), backendRefs }, { backendRefs }]),
      ['spec.rules: 129 matches in all; the CRD allows at most 128'],
    );
  });

  it("a filter's type and its configuration field agree", () => {
    const wrong = { type: 'RequestHeaderModifier', responseHeaderModifier: headerModifier };
    expectBroken(httpRoute([{ filters: [wrong], backendRefs }]), [
      'spec.rules[0].filters[0]: a RequestHeaderModifier filter without its requestHeaderModifier field',
      'spec.rules[0].filters[0].responseHeaderModifier: set on a filter of type RequestHeaderModifier; only ResponseHeaderModifier has it',
    ]);
    expectBroken(httpRoute([{ backendRefs: [{ ...backendRefs[0], filters: [{ type: 'CORS' }] }] }]), [
      'spec.rules[0].backendRefs[0].filters[0]: a CORS filter without its cors field',
    ]);
  });

  it('RequestMirror: percent or fraction, and a fraction not above 1 (denominator 100 by default)', () => {
    const mirror = (m: Json): Json => ({
      type: 'RequestMirror',
      requestMirror: { backendRef: { name: 'm', port: 80 }, ...m },
    });
    expectValid(httpRoute([{ filters: [mirror({ fraction: { numerator: 1, denominator: 2 } })], backendRefs }]));
    expectValid(httpRoute([{ filters: [mirror({ fraction: { numerator: 100 } })], backendRefs }]));
    expectBroken(httpRoute([{ filters: [mirror({ percent: 10, fraction: { numerator: 1 } })], backendRefs }]), [
      'spec.rules[0].filters[0].requestMirror: both percent and fraction',
    ]);
    expectBroken(httpRoute([{ filters: [mirror({ fraction: { numerator: 101 } })], backendRefs }]), [
      'spec.rules[0].filters[0].requestMirror.fraction: numerator 101 above denominator 100',
    ]);
  });

  it("a redirect's or rewrite's path: the type names the field that is set", () => {
    const rewrite = (path: Json): Json => ({ type: 'URLRewrite', urlRewrite: { path } });
    expectValid(httpRoute([{ filters: [rewrite({ type: 'ReplaceFullPath', replaceFullPath: '/x' })], backendRefs }]));
    expectBroken(
      httpRoute([{ filters: [rewrite({ type: 'ReplaceFullPath', replacePrefixMatch: '/x' })], backendRefs }]),
      [
        'spec.rules[0].filters[0].urlRewrite.path: type ReplaceFullPath without replaceFullPath',
        'spec.rules[0].filters[0].urlRewrite.path.replacePrefixMatch: set, but the type is ReplaceFullPath',
      ],
    );
    const redirect = {
      type: 'RequestRedirect',
      requestRedirect: { path: { type: 'ReplacePrefixMatch', replaceFullPath: '/x' } },
    };
    expectBroken(httpRoute([{ filters: [redirect] }]), [
      'spec.rules[0].filters[0].requestRedirect.path.replaceFullPath: set, but the type is ReplacePrefixMatch',
      'spec.rules[0].filters[0].requestRedirect.path: type ReplacePrefixMatch without replacePrefixMatch',
    ]);
  });

  it('Exact and PathPrefix values: absolute, normalised, of valid characters (a regular expression is free)', () => {
    const at = (value: string, type = 'PathPrefix'): K8sObject =>
      httpRoute([{ matches: [{ path: { type, value } }], backendRefs }]);
    expectValid(at('/shop/cart.json'));
    expectValid(at('/a%2Fb/(.*)//#', 'RegularExpression'));
    const cases: [string, string[]][] = [
      ['shop', [`"shop" does not start with '/'`]],
      ['/a//b', [`"/a//b" contains '//'`]],
      ['/a/./b', [`"/a/./b" contains '/./'`]],
      ['/a/../b', [`"/a/../b" contains '/../'`]],
      ['/a%2fb', [`"/a%2fb" contains '%2f'`]],
      ['/a%2Fb', [`"/a%2Fb" contains '%2F'`]],
      ['/a#b', [`"/a#b" contains '#'`, '"/a#b" has characters an Exact path may not have']],
      ['/a/..', [`"/a/.." ends with '/..'`]],
      ['/a/.', [`"/a/." ends with '/.'`]],
      ['/a b', ['"/a b" has characters an Exact path may not have']],
    ];
    for (const [value, messages] of cases) {
      expectBroken(
        at(value, 'Exact'),
        messages.map((m) => `spec.rules[0].matches[0].path.value: ${m}`),
      );
    }
    expectBroken(at('/', 'Prefix'), ['spec.rules[0].matches[0].path.type: Prefix is no path match type'], 'sees');
  });

  it('applies to HTTPRoute v1beta1 too', () => {
    expectBroken(object('HTTPRoute', { parentRefs, rules: [{ backendRefs: [{ name: 'web' }] }] }, 'v1beta1'), [
      'spec.rules[0].backendRefs[0]: a Service backendRef needs a port',
    ]);
  });
});

describe('GRPCRoute rules', () => {
  const method = (m: Json): Json => ({ matches: [{ method: m }], backendRefs });

  it("a method match names a service or a method, in gRPC's characters (unless a regular expression)", () => {
    expectValid(grpcRoute([method({ service: 'shop.v1.Cart', method: 'Get_Item' })]));
    expectValid(grpcRoute([method({ type: 'RegularExpression', service: 'shop/.*' })]));
    expectBroken(grpcRoute([method({})]), ['spec.rules[0].matches[0].method: neither service nor method']);
    expectBroken(grpcRoute([method({ service: 'shop/Cart', method: 'Get-Item' })]), [
      'spec.rules[0].matches[0].method.service: "shop/Cart" is no gRPC service name',
      'spec.rules[0].matches[0].method.method: "Get-Item" is no gRPC method name',
    ]);
  });

  it('header modifiers at most once; RequestMirror may repeat', () => {
    expectValid(grpcRoute([{ filters: [FILTERS.RequestMirror, FILTERS.RequestMirror], backendRefs }]));
    expectBroken(
      grpcRoute([{ filters: [FILTERS.ResponseHeaderModifier, FILTERS.ResponseHeaderModifier], backendRefs }]),
      ['spec.rules[0].filters[1]: a second ResponseHeaderModifier filter (the first is filters[0])'],
    );
  });

  it('a Service backendRef has a port, parents are distinct, and 128 matches in all (no default match)', () => {
    const methods = (n: number): Json[] => Array.from({ length: n }, (_, i) => ({ method: { service: `s${i}` } }));
    expectValid(
      grpcRoute([{ matches: methods(64), backendRefs }, { matches: methods(64), backendRefs }, { backendRefs }]),
    );
    expectBroken(grpcRoute([{ backendRefs: [{ name: 'web' }] }], { parentRefs: [{ name: 'gw' }, { name: 'gw' }] }), [
      'spec.parentRefs[1]: the same parent as parentRefs[0], without a sectionName too',
      'spec.rules[0].backendRefs[0]: a Service backendRef needs a port',
    ]);
    expectBroken(
      grpcRoute([
        { matches: methods(64), backendRefs },
        { matches: methods(64), backendRefs },
        method({ service: 'x' }),
      ]),
      ['spec.rules: 129 matches in all; the CRD allows at most 128'],
    );
  });
});

describe('Gateway and ListenerSet rules', () => {
  const tls = { certificateRefs: [{ name: 'cert' }] };
  const gateway = (listeners: Json[], extra: Json = {}): K8sObject =>
    object('Gateway', { gatewayClassName: 'example', listeners, ...extra });
  const http = { name: 'http', port: 80, protocol: 'HTTP' };
  const https = { name: 'https', port: 443, protocol: 'HTTPS', hostname: 'a.example.com', tls };

  it('listener names are unique (the schema sees it too: names key the list)', () => {
    expectValid(gateway([http, https]));
    expectBroken(
      gateway([http, { ...https, name: 'http' }]),
      ['spec.listeners[1].name: http is also the name of listeners[0]'],
      'sees',
    );
  });

  it('port, protocol and hostname are unique together (no hostname is a value of its own)', () => {
    expectValid(
      gateway([
        https,
        { ...https, name: 'b', hostname: 'b.example.com' },
        { ...https, name: 'any', hostname: undefined },
      ]),
    );
    expectBroken(gateway([https, { ...https, name: 'again' }]), [
      'spec.listeners[1]: the same port, protocol and hostname as listeners[0]',
    ]);
  });

  it('tls by protocol: none on HTTP, TCP and UDP; Terminate on HTTPS; a mode on TLS', () => {
    const tcp = { name: 'tcp', port: 5432, protocol: 'TCP' };
    expectValid(
      gateway([http, https, tcp, { name: 'tls', port: 8443, protocol: 'TLS', tls: { mode: 'Passthrough' } }]),
    );
    expectBroken(
      gateway([
        { ...http, tls },
        { ...tcp, tls },
      ]),
      ['spec.listeners[0].tls: set on a HTTP listener', 'spec.listeners[1].tls: set on a TCP listener'],
    );
    expectBroken(gateway([{ ...https, tls: { mode: 'Passthrough' } }]), [
      'spec.listeners[0].tls.mode: Passthrough on an HTTPS listener; HTTPS terminates TLS',
    ]);
    expectBroken(
      gateway([
        { ...https, tls: undefined },
        { name: 'tls', port: 8443, protocol: 'TLS' },
      ]),
      ['spec.listeners[0]: an HTTPS listener without tls', 'spec.listeners[1]: a TLS listener without a tls mode'],
    );
  });

  it('Terminate (the default mode) needs certificateRefs or options; TCP and UDP take no hostname', () => {
    expectValid(gateway([{ ...https, tls: { options: { 'example.com/cert-source': 'vault' } } }]));
    expectBroken(
      gateway([
        { ...https, tls: {} },
        { name: 'udp', port: 53, protocol: 'UDP', hostname: 'dns.example.com' },
      ]),
      [
        'spec.listeners[0].tls: mode Terminate without certificateRefs (or options)',
        'spec.listeners[1].hostname: set on a UDP listener',
      ],
    );
  });

  it('at most 64 listeners (the schema sees it too)', () => {
    const listeners = (n: number): Json[] =>
      Array.from({ length: n }, (_, i) => ({ ...http, name: `l${i}`, port: 1000 + i }));
    expectValid(gateway(listeners(64)));
    expectBroken(gateway(listeners(65)), ['spec.listeners: 65 entries; the CRD allows at most 64'], 'sees');
  });

  it('addresses: IP addresses and hostnames unique, hostnames valid', () => {
    const addresses = [
      { value: '192.0.2.1' },
      { type: 'IPAddress', value: '192.0.2.2' },
      { type: 'Hostname', value: 'lb.example.com' },
    ];
    expectValid(gateway([http], { addresses }));
    const twice = [
      { value: '192.0.2.1' },
      { type: 'IPAddress', value: '192.0.2.1' },
      { type: 'Hostname', value: 'lb.example.com' },
      { type: 'Hostname', value: 'lb.example.com' },
    ];
    expectBroken(gateway([http], { addresses: twice }), [
      'spec.addresses[1].value: 192.0.2.1 is also addresses[0]',
      'spec.addresses[3].value: lb.example.com is also addresses[2]',
    ]);
    expectBroken(gateway([http], { addresses: [{ type: 'Hostname', value: 'LB.example.com' }] }), [
      'spec.addresses[0].value: "LB.example.com" is no hostname',
    ]);
  });

  it('infrastructure labels and annotations: Kubernetes keys', () => {
    expectValid(
      gateway([http], { infrastructure: { labels: { 'example.com/team': 'shop' }, annotations: { owner: 'shop' } } }),
    );
    const long = `${'a'.repeat(253)}/x`;
    expectBroken(gateway([http], { infrastructure: { labels: { 'a/b/c': 'x' }, annotations: { [long]: 'y' } } }), [
      'spec.infrastructure.labels["a/b/c"]: not a valid key (an optional DNS prefix and "/", then a name)',
      `spec.infrastructure.annotations["${long}"]: a prefix of 253 characters or more`,
    ]);
  });

  it('frontend TLS per port: each port once (the schema sees it too: ports key the list)', () => {
    const perPort = (port: number): Json => ({
      port,
      tls: { validation: { caCertificateRefs: [{ group: '', kind: 'ConfigMap', name: 'ca' }] } },
    });
    const frontend = (ports: number[]): Json => ({
      tls: { frontend: { default: perPort(1).tls, perPort: ports.map(perPort) } },
    });
    expectValid(gateway([https], frontend([443, 8443])));
    expectBroken(
      gateway([https], frontend([443, 443])),
      ['spec.tls.frontend.perPort[1].port: port 443 is also perPort[0]'],
      'sees',
    );
  });

  it('ListenerSet: the same listener rules', () => {
    const set = (listeners: Json[]): K8sObject => object('ListenerSet', { parentRef: { name: 'gw' }, listeners });
    expectValid(set([http, https]));
    expectBroken(set([http, { ...http, name: 'other' }, { ...http, name: 'tls', tls }]), [
      'spec.listeners[2].tls: set on a HTTP listener',
      'spec.listeners[1]: the same port, protocol and hostname as listeners[0]',
      'spec.listeners[2]: the same port, protocol and hostname as listeners[0]',
    ]);
  });
});

describe('TLSRoute, TCPRoute and UDPRoute rules', () => {
  const tlsRoute = (hostnames: string[], rules: Json[] = [{ backendRefs }]): K8sObject =>
    object('TLSRoute', { parentRefs, hostnames, rules });

  it('hostnames: no IP address, RFC 1123, a wildcard only as the first label', () => {
    expectValid(tlsRoute(['db.example.com', '*.example.com']));
    expectBroken(tlsRoute(['10.0.0.1']), ['spec.hostnames[0]: 10.0.0.1 is an IP address']);
    expectBroken(
      tlsRoute(['DB.example.com', 'a.*.example.com']),
      [
        'spec.hostnames[0]: "DB.example.com" is no RFC 1123 hostname',
        `spec.hostnames[1]: "a.*.example.com": a wildcard only as the whole first label ('*.example.com')`,
      ],
      'sees',
    );
  });

  it('one rule, Service backendRefs with a port, distinct parents', () => {
    expectBroken(
      tlsRoute(['db.example.com'], [{ backendRefs }, { backendRefs }]),
      ['spec.rules: 2 entries; the CRD allows at most 1'],
      'sees',
    );
    for (const kind of ['TLSRoute', 'TCPRoute', 'UDPRoute']) {
      const spec: Json = {
        parentRefs: [{ name: 'gw', sectionName: 'a' }, { name: 'gw' }],
        rules: [{ backendRefs: [{ name: 'db' }] }],
      };
      if (kind === 'TLSRoute') spec.hostnames = ['db.example.com'];
      expectBroken(object(kind, spec), [
        'spec.parentRefs[1]: the same parent as parentRefs[0]: each reference to it needs a sectionName',
        'spec.rules[0].backendRefs[0]: a Service backendRef needs a port',
      ]);
    }
  });
});

describe('BackendTLSPolicy rules', () => {
  const target = { group: '', kind: 'Service', name: 'web' };
  const policy = (spec: Json): K8sObject =>
    object('BackendTLSPolicy', {
      targetRefs: [target],
      validation: { hostname: 'web.shop.svc', wellKnownCACertificates: 'System' },
      ...spec,
    });
  const validation = (v: Json): Json => ({ validation: { hostname: 'web.shop.svc', ...v } });

  it('a target referred to twice: a distinct sectionName each', () => {
    expectValid(
      policy({
        targetRefs: [
          { ...target, sectionName: 'a' },
          { ...target, sectionName: 'b' },
        ],
      }),
    );
    expectBroken(policy({ targetRefs: [target, target] }), [
      'spec.targetRefs[1]: the same target as targetRefs[0], without a sectionName too',
    ]);
    expectBroken(policy({ targetRefs: [target, { ...target, sectionName: 'b' }] }), [
      'spec.targetRefs[1]: the same target as targetRefs[0]: each reference to it needs a sectionName',
    ]);
  });

  it('CA certificates: caCertificateRefs or wellKnownCACertificates, one of them', () => {
    const refs = [{ group: '', kind: 'ConfigMap', name: 'ca' }];
    expectValid(policy(validation({ caCertificateRefs: refs })));
    expectBroken(policy(validation({ caCertificateRefs: refs, wellKnownCACertificates: 'System' })), [
      'spec.validation: both caCertificateRefs and wellKnownCACertificates',
    ]);
    expectBroken(policy(validation({})), ['spec.validation: neither caCertificateRefs nor wellKnownCACertificates']);
  });

  it('subjectAltNames: the type names the field that is set', () => {
    const sans = (s: Json[]): Json => validation({ wellKnownCACertificates: 'System', subjectAltNames: s });
    expectValid(
      policy(
        sans([
          { type: 'Hostname', hostname: 'web.example.com' },
          { type: 'URI', uri: 'spiffe://shop/web' },
        ]),
      ),
    );
    expectBroken(
      policy(sans([{ type: 'Hostname' }, { type: 'URI', uri: 'spiffe://shop/web', hostname: 'web.example.com' }])),
      [
        'spec.validation.subjectAltNames[0]: type Hostname without hostname',
        'spec.validation.subjectAltNames[1].hostname: set, but the type is URI',
      ],
    );
  });
});

describe('what has no such rules', () => {
  it('ReferenceGrant (no CEL rule), GatewayClass (only an update rule) and other groups give nothing', () => {
    expect(gatewayApiViolations(object('ReferenceGrant', { from: [], to: [] }, 'v1beta1'))).toEqual([]);
    expect(gatewayApiViolations(object('GatewayClass', { controllerName: 'example.com/gw' }))).toEqual([]);
    expect(
      gatewayApiViolations({
        apiVersion: 'example.com/v1',
        kind: 'HTTPRoute',
        spec: { rules: [{ backendRefs: [{}] }] },
      }),
    ).toEqual([]);
    expect(gatewayApiViolations({ apiVersion: `${GROUP}/v1`, kind: 'constructor' })).toEqual([]);
  });
});

describe('durationMs', () => {
  it('reads Gateway API durations, and nothing else', () => {
    expect(durationMs('1h30m')).toBe(5_400_000);
    expect(durationMs('1m500ms')).toBe(60_500);
    expect(durationMs('0s')).toBe(0);
    expect(durationMs('1.5s')).toBeUndefined();
    expect(durationMs('10')).toBeUndefined();
    expect(durationMs('1h1m1s1ms1h')).toBeUndefined();
  });
});

describe('the CEL rules of the CRDs', () => {
  /** Each CEL rule's message, with where it is, for the served versions of the standard-channel CRDs. */
  function celMessages(): { where: string; message: string }[] {
    const dir = join(ROOT, 'data', 'gateway-api', 'v1.6.1-standard');
    const out: { where: string; message: string }[] = [];
    const walk = (node: unknown, where: string): void => {
      if (typeof node !== 'object' || node === null) return;
      const schema = node as Json;
      for (const rule of (schema['x-kubernetes-validations'] ?? []) as { message: string }[]) {
        out.push({ where, message: rule.message });
      }
      for (const [name, sub] of Object.entries((schema.properties ?? {}) as Json)) walk(sub, `${where}.${name}`);
      walk(schema.items, `${where}[]`);
      walk(schema.additionalProperties, `${where}{}`);
      for (const k of ['allOf', 'anyOf', 'oneOf']) for (const sub of (schema[k] ?? []) as unknown[]) walk(sub, where);
    };
    for (const file of readdirSync(dir)) {
      for (const doc of loadAll(readFileSync(join(dir, file), 'utf8')) as Json[]) {
        if (doc.kind !== 'CustomResourceDefinition') continue;
        const spec = doc.spec as {
          names: { kind: string };
          versions: { name: string; served: boolean; schema: { openAPIV3Schema: unknown } }[];
        };
        for (const v of spec.versions.filter((x) => x.served))
          walk(v.schema.openAPIV3Schema, `${spec.names.kind} ${v.name} `);
      }
    }
    return out;
  }

  it('are each checked by gatewayApiViolations, but the update rule and the status rules', () => {
    const source = readFileSync(join(ROOT, 'src', 'migrate', 'constraints.ts'), 'utf8');
    const rules = celMessages();
    expect(rules.length).toBeGreaterThan(200);
    const skipped = (r: { where: string; message: string }): boolean =>
      r.message === 'Value is immutable' || r.where.includes(' .status');
    const unquoted = rules.filter((r) => !skipped(r) && !source.includes(`CEL: "${r.message}"`));
    expect(unquoted.map((r) => `${r.where}: ${r.message}`)).toEqual([]);
  });
});
