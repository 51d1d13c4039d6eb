import { describe, expect, it } from 'vitest';
import { NGINX_ANNOTATIONS } from '../../../src/ingress/nginx-catalogue.gen.js';
import { ingressRiskyAnnotation } from '../../../src/rules/ingress-annotations/ingress-risky-annotation.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { ingressYaml } from './ingress-yaml.js';

/** An Ingress whose annotations start on line 7. */
const ingress = (name: string, annotations: readonly string[], className = 'nginx'): string =>
  ingressYaml(name, annotations, {
    className,
    namespace: 'monitoring',
    host: 'grafana.example.com',
    service: 'grafana',
    port: 3000,
  });

ruleTester.run(ingressRiskyAnnotation, {
  valid: [
    {
      name: 'accepts Low and Medium risk annotations',
      yaml: ingress('dont-fire-basic-auth', [
        'nginx.ingress.kubernetes.io/auth-type: basic',
        'nginx.ingress.kubernetes.io/auth-secret: grafana-basic-auth',
        'nginx.ingress.kubernetes.io/auth-realm: "Authentication Required"',
        'nginx.ingress.kubernetes.io/proxy-body-size: 16m',
      ]),
    },
    {
      name: 'leaves Critical snippets to the snippet rule',
      yaml: ingress('dont-fire-snippet', ['nginx.ingress.kubernetes.io/server-snippet: "return 403;"']),
    },
    {
      name: 'accepts F5 NGINX annotations that look alike',
      yaml: ingress('dont-fire-f5', ['nginx.org/server-tokens: "False"', 'nginx.com/jwt-realm: grafana']),
    },
  ],
  invalid: [
    {
      name: 'reports an external auth pair, naming the risk level, the CVEs and the Gateway API outlook',
      yaml: ingress('fire-oauth2-proxy', [
        'nginx.ingress.kubernetes.io/auth-url: "https://$host/oauth2/auth"',
        'nginx.ingress.kubernetes.io/auth-signin: "https://$host/oauth2/start?rd=$escaped_request_uri"',
        'nginx.ingress.kubernetes.io/auth-response-headers: "X-Auth-Request-User"',
      ]),
      findings: [
        {
          messageId: 'highRisk',
          message:
            'nginx.ingress.kubernetes.io/auth-url "https://$host/oauth2/auth" is at ingress-nginx\'s High risk level: ' +
            'a controller whose annotations-risk-level is set below High refuses the Ingress, and ingress2gateway ' +
            'does not convert it and standard Gateway API has no equivalent. It was the injection vector of ' +
            'CVE-2025-24514 and CVE-2026-24513.',
          line: 7,
          severity: 'warning',
          path: 'metadata.annotations["nginx.ingress.kubernetes.io/auth-url"]',
        },
        {
          messageId: 'highRisk',
          message:
            /^nginx\.ingress\.kubernetes\.io\/auth-signin "https:\/\/\$host\/oauth2\/start\?rd=\$escaped_request_uri" is at ingress-nginx's High risk level/,
          line: 8,
        },
      ],
    },
    {
      name: 'reports mirroring and a server alias, which can take over another host',
      yaml: ingress('fire-mirror', [
        'nginx.ingress.kubernetes.io/mirror-target: "https://shadow.example.com$request_uri"',
        'nginx.ingress.kubernetes.io/mirror-host: shadow.example.com',
        'nginx.ingress.kubernetes.io/server-alias: "grafana.internal, metrics.example.com"',
      ]),
      findings: [
        { messageId: 'highRisk', message: /mirror-target .* High risk level: .*CVE-2025-1098\.$/, line: 7 },
        {
          messageId: 'highRisk',
          message: /mirror-host "shadow\.example\.com" is at ingress-nginx's High risk level/,
          line: 8,
        },
        {
          messageId: 'highRisk',
          message: /server-alias "grafana\.internal, metrics\.example\.com" is at ingress-nginx's High risk level/,
          line: 9,
        },
      ],
    },
    {
      name: 'says what ingress2gateway makes of a High-risk key it converts',
      yaml: ingress('fire-backend-tls', [
        'nginx.ingress.kubernetes.io/backend-protocol: HTTPS',
        'nginx.ingress.kubernetes.io/proxy-ssl-name: grafana.monitoring.svc',
        'nginx.ingress.kubernetes.io/proxy-ssl-verify: "on"',
      ]),
      findings: [
        {
          messageId: 'highRisk',
          message:
            /proxy-ssl-name "grafana\.monitoring\.svc" .* ingress2gateway converts it to BackendTLSPolicy\.spec\.validation\.hostname\.$/,
          line: 8,
        },
      ],
    },
    {
      name: 'says how sure it is when only the annotations point at ingress-nginx',
      yaml: ingress(
        'fire-unknown-class',
        ['nginx.ingress.kubernetes.io/upstream-hash-by: "$arg_session"'],
        'shared-edge',
      ),
      findings: [
        {
          messageId: 'highRisk',
          message: /upstream-hash-by .*\(ingress-nginx inferred with medium confidence: class "shared-edge"/,
          line: 7,
        },
      ],
    },
  ],
});

describe('ingress-risky-annotation and the catalogue', () => {
  it('has no Critical key to report: every Critical key is a snippet, which ingress-snippet-annotation reports', () => {
    const critical = NGINX_ANNOTATIONS.filter((a) => a.riskLevel === 'Critical');
    expect(critical.length).toBeGreaterThan(0);
    expect(critical.filter((a) => !a.snippet).map((a) => a.key)).toEqual([]);
  });
});
