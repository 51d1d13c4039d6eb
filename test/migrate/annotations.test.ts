/** Each annotation kubeward translates, with its exact Gateway API form; and how the others are classified. */
import { describe, expect, it } from 'vitest';
import { draftNamed, draftsOfKind, ingress, migrate, NGINX_CLASS, outcomeOf, recordOf, specOf } from './helpers.js';

const ROUTE = 'web-shop.example.com';

/** The rules of the one route drafted from an Ingress `web` with these annotations and paths. */
function rulesWith(annotations: Record<string, string>, paths?: Parameters<typeof ingress>[0]['paths']) {
  const result = migrate([NGINX_CLASS, ingress({ name: 'web', annotations, ...(paths ? { paths } : {}) })]);
  return {
    result,
    rules: specOf(draftNamed(result, draftsOfKind(result, 'GRPCRoute').length > 0 ? 'GRPCRoute' : 'HTTPRoute', ROUTE))
      .rules,
  };
}

describe('redirects', () => {
  it('permanent-redirect: RequestRedirect with scheme, host, port and the whole path, 301, in place of the backends', () => {
    const { rules, result } = rulesWith({ 'permanent-redirect': 'https://new.example.com:8443/landing' });
    expect(rules[0]).toEqual({
      matches: [{ path: { type: 'PathPrefix', value: '/' } }],
      filters: [
        {
          type: 'RequestRedirect',
          requestRedirect: {
            scheme: 'https',
            hostname: 'new.example.com',
            port: 8443,
            path: { type: 'ReplaceFullPath', replaceFullPath: '/landing' },
            statusCode: 301,
          },
        },
      ],
    });
    expect(outcomeOf(result, 'web', 'permanent-redirect')).toMatchObject({ class: 'standard', translated: true });
  });

  it('a URL without a path sends the client to "/", as nginx does, not to the requested path', () => {
    const { rules } = rulesWith({ 'permanent-redirect': 'https://new.example.com' });
    expect(rules[0].filters[0].requestRedirect.path).toEqual({ type: 'ReplaceFullPath', replaceFullPath: '/' });
  });

  it('permanent-redirect-code 308; temporal-redirect wins over permanent, default 302', () => {
    expect(
      rulesWith({ 'permanent-redirect': 'https://a.example.com/', 'permanent-redirect-code': '308' }).rules[0]
        .filters[0].requestRedirect.statusCode,
    ).toBe(308);
    const { rules, result } = rulesWith({
      'permanent-redirect': 'https://a.example.com/',
      'temporal-redirect': 'https://b.example.com/x',
    });
    expect(rules[0].filters[0].requestRedirect).toMatchObject({ hostname: 'b.example.com', statusCode: 302 });
    expect(outcomeOf(result, 'web', 'permanent-redirect')).toMatchObject({
      class: 'not-needed',
      reason: expect.stringContaining('temporal-redirect'),
    });
  });

  it('temporal-redirect-code 308 is outside what ingress-nginx accepts (300-307): its default 302', () => {
    const { rules, result } = rulesWith({
      'temporal-redirect': 'https://b.example.com/',
      'temporal-redirect-code': '308',
    });
    expect(rules[0].filters[0].requestRedirect.statusCode).toBe(302);
    expect(outcomeOf(result, 'web', 'temporal-redirect-code')).toMatchObject({
      translated: false,
      reason: expect.stringContaining('default 302'),
    });
  });

  it('a code RequestRedirect cannot send (300) is named, and 302 used', () => {
    const { rules, result } = rulesWith({
      'permanent-redirect': 'https://a.example.com/',
      'permanent-redirect-code': '300',
    });
    expect(rules[0].filters[0].requestRedirect.statusCode).toBe(302);
    expect(outcomeOf(result, 'web', 'permanent-redirect')).toMatchObject({
      translated: false,
      reason: expect.stringContaining('300'),
    });
  });

  it('a relative target is ignored by ingress-nginx, which proxies: so do the drafts', () => {
    const { rules, result } = rulesWith({ 'permanent-redirect': '/elsewhere' });
    expect(rules[0].backendRefs).toEqual([{ name: 'web', port: 80 }]);
    expect(outcomeOf(result, 'web', 'permanent-redirect')).toMatchObject({ class: 'not-needed', translated: true });
  });

  it('app-root: an Exact / rule redirecting with 302, before the path rules', () => {
    const { rules } = rulesWith({ 'app-root': '/app1' });
    expect(rules[0]).toEqual({
      matches: [{ path: { type: 'Exact', value: '/' } }],
      filters: [
        {
          type: 'RequestRedirect',
          requestRedirect: { path: { type: 'ReplaceFullPath', replaceFullPath: '/app1' }, statusCode: 302 },
        },
      ],
    });
    expect(rules[1].backendRefs).toEqual([{ name: 'web', port: 80 }]);
  });
});

describe('rewrite-target', () => {
  it('without capture groups: ReplaceFullPath (nginx replaces the whole URI)', () => {
    const { rules } = rulesWith({ 'rewrite-target': '/index' }, [{ path: '/old', pathType: 'ImplementationSpecific' }]);
    expect(rules[0].filters).toEqual([
      { type: 'URLRewrite', urlRewrite: { path: { type: 'ReplaceFullPath', replaceFullPath: '/index' } } },
    ]);
    // rewrite-target puts the host in regex mode.
    expect(rules[0].matches[0].path).toEqual({ type: 'RegularExpression', value: '(?i)/old.*' });
  });

  it('the prefix-strip idiom /x(/|$)(.*) with /$2: PathPrefix /x and ReplacePrefixMatch /', () => {
    const { rules, result } = rulesWith({ 'rewrite-target': '/$2' }, [
      { path: '/something(/|$)(.*)', pathType: 'ImplementationSpecific' },
    ]);
    expect(rules[0].matches[0].path).toEqual({ type: 'PathPrefix', value: '/something' });
    expect(rules[0].filters).toEqual([
      { type: 'URLRewrite', urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/' } } },
    ]);
    expect(outcomeOf(result, 'web', 'rewrite-target')).toMatchObject({ class: 'standard', translated: true });
  });

  it('any other capture rewrite is reported and its rules left out, never emitted with a literal $N', () => {
    const result = migrate([
      NGINX_CLASS,
      ingress({
        name: 'web',
        annotations: { 'rewrite-target': '/api/$1' },
        paths: [{ path: '/v1/(.*)', pathType: 'ImplementationSpecific' }],
      }),
    ]);
    expect(JSON.stringify(result.objects)).not.toMatch(/\$1/);
    expect(outcomeOf(result, 'web', 'rewrite-target')).toMatchObject({
      class: 'implementation-specific',
      translated: false,
      suggestion: expect.stringContaining('ReplaceRegexMatch'),
    });
    expect(recordOf(result, 'web').outcome).toBe('failed');
  });

  it('a path with fewer groups than the target references rewrites to the target without them (nginx leaves them empty)', () => {
    const result = migrate([
      NGINX_CLASS,
      ingress({
        name: 'web',
        annotations: { 'rewrite-target': '/app/$2' },
        paths: [
          { path: '/x(/|$)(.*)', pathType: 'ImplementationSpecific' },
          { path: '/exact', pathType: 'ImplementationSpecific' },
          { path: '/y/(.*)/(.*)', pathType: 'ImplementationSpecific' },
        ],
      }),
    ]);
    const rules = specOf(draftNamed(result, 'HTTPRoute', ROUTE)).rules;
    // '/app/$2' is not the strip idiom (/$2), so /x(/|$)(.*) has no standard form; /exact has no group 2: '/app/'.
    expect(rules.map((r: { matches: unknown; filters: unknown }) => [r.matches, r.filters])).toEqual([
      [
        [{ path: { type: 'RegularExpression', value: '(?i)/exact.*' } }],
        [{ type: 'URLRewrite', urlRewrite: { path: { type: 'ReplaceFullPath', replaceFullPath: '/app/' } } }],
      ],
    ]);
    expect(recordOf(result, 'web').problems.map((p) => p.field)).toEqual([
      'spec.rules[0].http.paths[0].path',
      'spec.rules[0].http.paths[2].path',
    ]);
  });

  it('x-forwarded-prefix goes with a rewrite (ingress-nginx sends it only then)', () => {
    const { rules } = rulesWith({ 'rewrite-target': '/', 'x-forwarded-prefix': '/shop' });
    expect(rules[0].filters[0]).toEqual({
      type: 'RequestHeaderModifier',
      requestHeaderModifier: { set: [{ name: 'X-Forwarded-Prefix', value: '/shop' }] },
    });
    const alone = rulesWith({ 'x-forwarded-prefix': '/shop' });
    expect(alone.rules[0].filters).toBeUndefined();
    expect(outcomeOf(alone.result, 'web', 'x-forwarded-prefix')).toMatchObject({ class: 'not-needed' });
  });
});

describe('headers, timeouts, CORS', () => {
  it('upstream-vhost and connection-proxy-header in one RequestHeaderModifier (a filter type may not repeat in a rule)', () => {
    const { rules } = rulesWith({ 'upstream-vhost': 'internal.svc', 'connection-proxy-header': 'keep-alive' });
    expect(rules[0].filters).toEqual([
      {
        type: 'RequestHeaderModifier',
        requestHeaderModifier: {
          set: [
            { name: 'Host', value: 'internal.svc' },
            { name: 'Connection', value: 'keep-alive' },
          ],
        },
      },
    ]);
  });

  it('proxy timeouts: timeouts.request is connect + send + read, defaults for the keys not set, and needs v1.2', () => {
    const { rules, result } = rulesWith({ 'proxy-read-timeout': '3600' });
    expect(rules[0].timeouts).toEqual({ request: '3665s' });
    expect(result.objects.find((d) => d.object.kind === 'HTTPRoute')?.needs).toBe('v1.2');
    expect(result.objects.find((d) => d.object.kind === 'HTTPRoute')?.comments.join('\n')).toMatch(
      /connect \+ send \+ read/,
    );
  });

  it('a timeout that is not whole seconds ("30s") is ignored by ingress-nginx, and the route comment says so', () => {
    const { rules, result } = rulesWith({ 'proxy-read-timeout': '30s' });
    expect(rules[0].timeouts).toEqual({ request: '125s' });
    expect(result.objects.find((d) => d.object.kind === 'HTTPRoute')?.comments.join('\n')).toContain(
      'proxy-read-timeout "30s" is not a whole number of seconds: ingress-nginx ignored it and used its default (60s)',
    );
  });

  it('enable-cors: the CORS filter with ingress-nginx defaults, needing v1.5', () => {
    const { rules, result } = rulesWith({
      'enable-cors': 'true',
      'cors-allow-origin': 'https://a.example.com, https://b.example.com:8443',
    });
    expect(rules[0].filters).toEqual([
      {
        type: 'CORS',
        cors: {
          allowOrigins: ['https://a.example.com', 'https://b.example.com:8443'],
          allowMethods: ['GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'OPTIONS'],
          allowHeaders: [
            'DNT',
            'Keep-Alive',
            'User-Agent',
            'X-Requested-With',
            'If-Modified-Since',
            'Cache-Control',
            'Content-Type',
            'Range',
            'Authorization',
          ],
          allowCredentials: true,
          maxAge: 1728000,
        },
      },
    ]);
    expect(result.objects.find((d) => d.object.kind === 'HTTPRoute')?.needs).toBe('v1.5');
  });

  it('CORS with origin "*": credentials off, since a Gateway would echo any origin with credentials', () => {
    const { rules } = rulesWith({ 'enable-cors': 'true' });
    expect(rules[0].filters[0].cors).toMatchObject({ allowOrigins: ['*'], allowCredentials: false });
  });

  it('cors-* keys without enable-cors do nothing in ingress-nginx, and nothing here', () => {
    const { rules, result } = rulesWith({ 'cors-allow-origin': 'https://a.example.com' });
    expect(rules[0].filters).toBeUndefined();
    expect(outcomeOf(result, 'web', 'cors-allow-origin')).toMatchObject({ class: 'not-needed', translated: true });
  });
});

describe('backend-protocol', () => {
  it('GRPC (any case) is a GRPCRoute with service and method matches', () => {
    const { rules, result } = rulesWith({ 'backend-protocol': 'grpc' }, [
      { path: '/helloworld.Greeter' },
      { path: '/' },
    ]);
    expect(draftsOfKind(result, 'HTTPRoute')).toEqual([]);
    expect(rules).toEqual([
      {
        matches: [{ method: { type: 'Exact', service: 'helloworld.Greeter' } }],
        backendRefs: [{ name: 'web', port: 80 }],
      },
      { backendRefs: [{ name: 'web', port: 80 }] },
    ]);
  });
});

describe('what is not translated', () => {
  it('auth keys: the route is marked open (annotation and WARNING comment); --fail-closed leaves it out', () => {
    const annotations = { 'auth-url': 'https://auth.example.com/check', 'limit-rps': '10' };
    const open = migrate([NGINX_CLASS, ingress({ name: 'web', annotations })]);
    const route = open.objects.find((d) => d.object.kind === 'HTTPRoute');
    expect(route?.object.metadata).toMatchObject({
      annotations: {
        'kubeward.io/requires-policy': 'nginx.ingress.kubernetes.io/auth-url,nginx.ingress.kubernetes.io/limit-rps',
      },
    });
    expect(route?.comments.join('\n')).toMatch(/WARNING: this route is OPEN/);
    expect(outcomeOf(open, 'web', 'auth-url')).toMatchObject({
      class: 'experimental',
      securityRelevant: true,
      suggestion: expect.stringContaining('SecurityPolicy'),
    });
    expect(outcomeOf(open, 'web', 'limit-rps')).toMatchObject({
      class: 'implementation-specific',
      securityRelevant: true,
    });

    const closed = migrate([NGINX_CLASS, ingress({ name: 'web', annotations })], { failClosed: true });
    expect(draftsOfKind(closed, 'HTTPRoute')).toEqual([]);
    expect(recordOf(closed, 'web')).toMatchObject({
      outcome: 'left-out',
      requiresPolicy: ['nginx.ingress.kubernetes.io/auth-url', 'nginx.ingress.kubernetes.io/limit-rps'],
    });
  });

  it('a snippet is no-equivalent, and security-relevant when it controls access', () => {
    const { result } = rulesWith({
      'configuration-snippet': 'more_set_headers "X-A: b";',
      'server-snippet': 'location /admin { deny all; }',
    });
    expect(outcomeOf(result, 'web', 'configuration-snippet')).toMatchObject({
      class: 'no-equivalent',
      securityRelevant: false,
    });
    expect(outcomeOf(result, 'web', 'server-snippet')).toMatchObject({
      class: 'no-equivalent',
      securityRelevant: true,
    });
  });

  it('a removed or unknown key had no effect; session affinity is experimental', () => {
    const { result } = rulesWith({ 'secure-backends': 'true', 'no-such-key': 'x', affinity: 'cookie' });
    expect(outcomeOf(result, 'web', 'secure-backends')).toMatchObject({ class: 'not-needed', translated: true });
    expect(outcomeOf(result, 'web', 'no-such-key')).toMatchObject({ class: 'not-needed', translated: true });
    expect(outcomeOf(result, 'web', 'affinity')).toMatchObject({ class: 'experimental', translated: false });
  });
});

describe('client certificate keys', () => {
  it('every auth-tls-* key is the Gateway frontend validation, not external authentication', () => {
    const { result } = rulesWith({
      'auth-tls-secret': 'shop/ca',
      'auth-tls-error-page': 'https://e.example.com',
      'auth-tls-pass-certificate-to-upstream': 'true',
    });
    for (const key of ['auth-tls-error-page', 'auth-tls-pass-certificate-to-upstream']) {
      expect(outcomeOf(result, 'web', key)).toMatchObject({
        class: 'standard',
        construct: 'Gateway spec.tls.frontend.perPort validation',
      });
    }
  });
});
