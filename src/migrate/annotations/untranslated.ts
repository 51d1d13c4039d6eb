/**
 * What Gateway API offers for each ingress-nginx key that the drafts do not carry: its class, the reason, and where
 * the usual construct is (Envoy Gateway's policies are named as the example implementation; the research names
 * them). Keys whose loss opens a route (authentication, allow-lists, rate limits, a WAF) are security-relevant.
 */
import type { NginxAnnotation, NginxGroup } from '../../ingress/nginx-catalogue.js';
import type { AnnotationClass, AnnotationOutcome } from '../record.js';

type Verdict = Omit<AnnotationOutcome, 'key' | 'value'>;

const verdict = (
  cls: AnnotationClass,
  reason: string,
  extra: { suggestion?: string; construct?: string; securityRelevant?: boolean } = {},
): Verdict => ({
  class: cls,
  // A key with no effect is carried over by leaving it out.
  translated: cls === 'not-needed',
  reason,
  securityRelevant: extra.securityRelevant ?? false,
  ...(extra.construct !== undefined ? { construct: extra.construct } : {}),
  ...(extra.suggestion !== undefined ? { suggestion: extra.suggestion } : {}),
});

const EXT_AUTH = verdict(
  'experimental',
  'external authentication is the ExternalAuth filter, which is only in the experimental channel',
  { suggestion: 'Envoy Gateway SecurityPolicy extAuth', construct: 'HTTPRoute filter ExternalAuth (experimental)' },
);
const BASIC_AUTH = verdict('implementation-specific', 'Gateway API has no basic or digest authentication', {
  suggestion: 'Envoy Gateway SecurityPolicy basicAuth',
});
const CLIENT_CERT = verdict(
  'standard',
  'Gateway API validates client certificates per Gateway port, for every host on it (spec.tls.frontend, v1.5), ' +
    'not per host: give these hosts a Gateway or port of their own with the CA in a ConfigMap',
  { construct: 'Gateway spec.tls.frontend.perPort validation' },
);
const SOURCE_RANGES = verdict('implementation-specific', 'Gateway API has no client address allow- or deny-list', {
  suggestion: 'Envoy Gateway SecurityPolicy authorization (clientCIDRs)',
});
const RATE_LIMIT = verdict('implementation-specific', 'Gateway API has no rate limits', {
  suggestion: 'Envoy Gateway BackendTrafficPolicy rateLimit',
});
const WAF = verdict('no-equivalent', 'ModSecurity runs inside nginx; Gateway API has no web application firewall', {
  suggestion: "a WAF extension of the Gateway implementation (e.g. Coraza with Envoy Gateway's extension server)",
});
const SNIPPET = verdict(
  'no-equivalent',
  'raw nginx configuration: re-implement what it does with the filters or policies of the Gateway implementation',
);
const AFFINITY = verdict(
  'experimental',
  'session persistence is only in the experimental channel (sessionPersistence)',
  {
    suggestion: 'Envoy Gateway BackendTrafficPolicy loadBalancer consistentHash (cookie)',
  },
);
const RETRIES = verdict('experimental', 'retries are only in the experimental channel (HTTPRoute rules[].retry)', {
  suggestion: 'Envoy Gateway BackendTrafficPolicy retry',
});
const BUFFERS = verdict(
  'implementation-specific',
  'buffering and body limits are settings of the Gateway implementation',
  {
    suggestion: 'Envoy Gateway ClientTrafficPolicy / BackendTrafficPolicy',
  },
);
const LOAD_BALANCING = verdict('implementation-specific', 'Gateway API does not choose the load-balancing algorithm', {
  suggestion: 'Envoy Gateway BackendTrafficPolicy loadBalancer',
});
const ERROR_PAGES = verdict('implementation-specific', 'Gateway API has no custom error pages', {
  suggestion: 'Envoy Gateway BackendTrafficPolicy responseOverride',
});
const TELEMETRY = verdict(
  'implementation-specific',
  'logging and tracing are configured in the Gateway implementation',
  {
    suggestion: 'Envoy Gateway EnvoyProxy telemetry',
  },
);
const NOT_YET = (construct: string, what: string): Verdict =>
  verdict('standard', `not translated by kubeward yet: ${what}`, { construct });

/** Verdicts by canonical name. */
const BY_NAME: Readonly<Record<string, Verdict>> = {
  'auth-url': { ...EXT_AUTH, securityRelevant: true },
  'auth-signin': EXT_AUTH,
  'auth-type': { ...BASIC_AUTH, securityRelevant: true },
  'auth-secret': BASIC_AUTH,
  'auth-secret-type': BASIC_AUTH,
  'auth-realm': BASIC_AUTH,
  'auth-tls-verify-client': { ...CLIENT_CERT, securityRelevant: true },
  'auth-tls-secret': { ...CLIENT_CERT, securityRelevant: true },
  'auth-tls-match-cn': { ...CLIENT_CERT, securityRelevant: true },
  satisfy: {
    ...verdict('implementation-specific', 'Gateway API cannot combine authentication and allow-lists'),
    securityRelevant: true,
  },
  'enable-global-auth': verdict(
    'implementation-specific',
    'a global external authentication is a setting of the Gateway implementation',
  ),
  'allowlist-source-range': { ...SOURCE_RANGES, securityRelevant: true },
  'denylist-source-range': { ...SOURCE_RANGES, securityRelevant: true },
  'limit-rps': { ...RATE_LIMIT, securityRelevant: true },
  'limit-rpm': { ...RATE_LIMIT, securityRelevant: true },
  'limit-connections': { ...RATE_LIMIT, securityRelevant: true },
  'enable-modsecurity': { ...WAF, securityRelevant: true },
  'enable-owasp-core-rules': { ...WAF, securityRelevant: true },
  'modsecurity-snippet': { ...WAF, securityRelevant: true },
  'custom-headers': NOT_YET(
    'HTTPRoute filter ResponseHeaderModifier',
    'the headers are in the ConfigMap the key names; add them as a ResponseHeaderModifier filter',
  ),
  'mirror-target': verdict(
    'standard',
    'RequestMirror mirrors to a Service, and the key names a URL: point a RequestMirror filter at the Service behind it',
    { construct: 'HTTPRoute filter RequestMirror' },
  ),
  'service-upstream': verdict(
    'implementation-specific',
    'Gateway implementations send traffic to the endpoints, not to the Service address',
  ),
  'proxy-cookie-domain': verdict('implementation-specific', 'Gateway API cannot rewrite parts of Set-Cookie headers'),
  'proxy-cookie-path': verdict('implementation-specific', 'Gateway API cannot rewrite parts of Set-Cookie headers'),
  'proxy-redirect-from': verdict('implementation-specific', 'Gateway API cannot rewrite parts of Location headers'),
  'proxy-redirect-to': verdict('implementation-specific', 'Gateway API cannot rewrite parts of Location headers'),
  'ssl-ciphers': verdict('implementation-specific', 'TLS ciphers are a setting of the Gateway implementation', {
    suggestion: 'Envoy Gateway ClientTrafficPolicy tls',
  }),
  'ssl-prefer-server-ciphers': verdict(
    'implementation-specific',
    'TLS cipher preference is a setting of the Gateway implementation',
    {
      suggestion: 'Envoy Gateway ClientTrafficPolicy tls',
    },
  ),
  'proxy-http-version': verdict(
    'implementation-specific',
    "the HTTP version towards the backend is the implementation's (or the Service's appProtocol)",
  ),
  'relative-redirects': verdict(
    'implementation-specific',
    'how redirects are written is up to the Gateway implementation',
  ),
  'use-port-in-redirects': verdict(
    'implementation-specific',
    'how redirects are written is up to the Gateway implementation',
  ),
  'preserve-trailing-slash': verdict('not-needed', 'RequestRedirect keeps the requested path as it is'),
  'http2-push-preload': verdict(
    'not-needed',
    'HTTP/2 server push is gone from browsers and from Gateway implementations',
  ),
  'default-backend': ERROR_PAGES,
  'custom-http-errors': ERROR_PAGES,
  'disable-proxy-intercept-errors': ERROR_PAGES,
};

/** Verdicts by parser group, for the names not listed above. */
const BY_GROUP: Partial<Readonly<Record<NginxGroup, Verdict>>> = {
  acl: { ...SOURCE_RANGES, securityRelevant: true },
  authentication: EXT_AUTH,
  affinity: AFFINITY,
  snippets: SNIPPET,
  modsecurity: WAF,
  'rate-limit': RATE_LIMIT,
  log: TELEMETRY,
  opentelemetry: TELEMETRY,
  fastcgi: verdict('no-equivalent', 'FastCGI backends have no Gateway API form'),
  // On a canary Ingress the canary keys are translated (canary.ts); elsewhere they do nothing.
  canary: verdict('not-needed', 'without canary: "true" on the Ingress, ingress-nginx ignores the canary keys'),
  // proxy-ssl-* are recorded by proxy-ssl.ts; what reaches here is an empty value.
  proxy: verdict('not-needed', 'empty: no effect'),
  backend: BUFFERS,
};

/** nginx directives in a snippet that control access: losing the snippet then opens the route. */
const ACCESS_DIRECTIVES =
  /\b(?:allow|deny|auth_basic|auth_request|auth_jwt|limit_req|limit_conn|satisfy|return\s+40[13])\b/;

/** The verdict for a key the translators did not take. */
export function untranslatedVerdict(name: string, value: string, entry: NginxAnnotation | undefined): Verdict {
  if (entry === undefined) {
    return verdict('not-needed', "ingress-nginx does not read this key (a typo, or another tool's?); it had no effect");
  }
  if (entry.status === 'removed') {
    return verdict('not-needed', `removed from ingress-nginx in v${entry.removedIn ?? '?'}: it had no effect`);
  }
  const named = BY_NAME[name];
  const byKind =
    named ??
    (name.startsWith('proxy-next-upstream') ? RETRIES : undefined) ??
    // Client certificates (auth-tls-*) are a Gateway port's frontend validation, not external authentication.
    (name.startsWith('auth-tls-') ? CLIENT_CERT : undefined) ??
    (name.startsWith('upstream-hash-by') || name === 'load-balance' ? LOAD_BALANCING : undefined) ??
    (entry.group !== null ? BY_GROUP[entry.group] : undefined) ??
    verdict('implementation-specific', 'no Gateway API field does this');
  if (entry.snippet && ACCESS_DIRECTIVES.test(value)) {
    return {
      ...byKind,
      securityRelevant: true,
      reason: `${byKind.reason ?? ''}; it controls access (${ACCESS_DIRECTIVES.exec(value)?.[0]})`,
    };
  }
  return byKind;
}
