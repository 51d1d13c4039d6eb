import { ingressAnnotationSprawl } from '../../../src/rules/ingress-annotations/ingress-annotation-sprawl.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { ingressYaml, nginxInstallYaml } from './ingress-yaml.js';

/** An Ingress whose annotations start on line 7 (the `annotations:` key is line 6). */
const ingress = (name: string, annotations: readonly string[], className = 'nginx'): string =>
  ingressYaml(name, annotations, { className, host: 'api.shop.example.com', service: 'storefront-api' });

const storefront = [
  'nginx.ingress.kubernetes.io/enable-cors: "true"',
  'nginx.ingress.kubernetes.io/cors-allow-origin: "https://shop.example.com"',
  'nginx.ingress.kubernetes.io/cors-allow-methods: "GET, POST, OPTIONS"',
  'nginx.ingress.kubernetes.io/cors-allow-credentials: "true"',
  'nginx.ingress.kubernetes.io/limit-rps: "20"',
  'nginx.ingress.kubernetes.io/limit-burst-multiplier: "3"',
  'nginx.ingress.kubernetes.io/proxy-body-size: 8m',
  'nginx.ingress.kubernetes.io/proxy-read-timeout: "120"',
];

/** Twenty-two annotations of a long-lived Ingress: auth, CORS, rate limits, rewrites, tuning and a snippet. */
const legacyPortal = [
  ...storefront,
  'nginx.ingress.kubernetes.io/auth-url: "https://oauth2.example.com/oauth2/auth"',
  'nginx.ingress.kubernetes.io/auth-signin: "https://oauth2.example.com/oauth2/start?rd=$escaped_request_uri"',
  'nginx.ingress.kubernetes.io/auth-response-headers: "X-Auth-Request-User, X-Auth-Request-Email"',
  'nginx.ingress.kubernetes.io/limit-connections: "10"',
  'nginx.ingress.kubernetes.io/rewrite-target: /$2',
  'nginx.ingress.kubernetes.io/use-regex: "true"',
  'nginx.ingress.kubernetes.io/proxy-send-timeout: "120"',
  'nginx.ingress.kubernetes.io/proxy-connect-timeout: "10"',
  'nginx.ingress.kubernetes.io/proxy-buffer-size: 16k',
  'nginx.ingress.kubernetes.io/ssl-redirect: "true"',
  'nginx.ingress.kubernetes.io/force-ssl-redirect: "true"',
  'nginx.ingress.kubernetes.io/affinity: cookie',
  'nginx.ingress.kubernetes.io/session-cookie-name: portal',
  'nginx.ingress.kubernetes.io/configuration-snippet: \'more_set_headers "X-Frame-Options: DENY";\'',
];

const albIngress = [
  'alb.ingress.kubernetes.io/scheme: internet-facing',
  'alb.ingress.kubernetes.io/target-type: ip',
  'alb.ingress.kubernetes.io/listen-ports: \'[{"HTTPS": 443}]\'',
  'alb.ingress.kubernetes.io/certificate-arn: arn:aws:acm:eu-west-1:123456789012:certificate/abc',
  'alb.ingress.kubernetes.io/healthcheck-path: /healthz',
  'alb.ingress.kubernetes.io/healthcheck-interval-seconds: "15"',
  'alb.ingress.kubernetes.io/healthcheck-timeout-seconds: "5"',
];

ruleTester.run(ingressAnnotationSprawl, {
  valid: [
    {
      name: 'accepts five controller annotations, not counting cert-manager and kubectl ones',
      yaml: ingress('dont-fire-five', [
        ...storefront.slice(0, 5),
        'cert-manager.io/cluster-issuer: letsencrypt',
        'kubectl.kubernetes.io/last-applied-configuration: "{}"',
        'kubernetes.io/ingress.class: nginx',
      ]),
    },
    {
      name: 'accepts leftovers of two controllers when each stays under the threshold',
      yaml: ingress('dont-fire-two-controllers', [
        ...storefront.slice(0, 4),
        'traefik.ingress.kubernetes.io/router.entrypoints: websecure',
        'traefik.ingress.kubernetes.io/router.tls: "true"',
        'traefik.ingress.kubernetes.io/router.middlewares: shop-cors@kubernetescrd',
      ]),
    },
    {
      name: 'accepts eight annotations when the warning threshold is raised to ten',
      yaml: ingress('dont-fire-raised-threshold', storefront),
      options: { warnAbove: 10 },
    },
    {
      name: 'accepts an Ingress without annotations',
      yaml: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: dont-fire-bare
spec:
  ingressClassName: nginx
  defaultBackend:
    service: {name: web, port: {number: 80}}
`,
    },
  ],
  invalid: [
    {
      name: 'reports eight ingress-nginx annotations with their groups and how many ingress2gateway converts',
      yaml: ingress('fire-eight', storefront),
      findings: [
        {
          messageId: 'aboveWarnThreshold',
          message:
            'This Ingress carries 8 ingress-nginx annotations (nginx.ingress.kubernetes.io/*), above 5: CORS (4), ' +
            'proxy tuning (2), rate limiting (2). ingress2gateway converts 5 of them to standard Gateway API; the ' +
            'other 3 need implementation-specific policies or a redesign.',
          line: 6,
          severity: 'warning',
          path: 'metadata.annotations',
        },
      ],
    },
    {
      name: 'counts keys under the --annotations-prefix of the controller serving the class as ingress-nginx keys',
      yaml: `${ingress(
        'fire-custom-prefix',
        storefront.map((a) => a.replace('nginx.ingress.kubernetes.io/', 'custom.example.com/')),
      )}---
${nginxInstallYaml(['--annotations-prefix=custom.example.com'])}`,
      findings: [
        {
          messageId: 'aboveWarnThreshold',
          message:
            'This Ingress carries 8 ingress-nginx annotations (custom.example.com/*), above 5: CORS (4), proxy ' +
            'tuning (2), rate limiting (2). ingress2gateway converts 5 of them to standard Gateway API; the other 3 ' +
            'need implementation-specific policies or a redesign.',
          line: 6,
        },
      ],
    },
    {
      name: 'reports twenty-two annotations as an error, snippets and auth included in the breakdown',
      yaml: ingress('fire-twenty-two', legacyPortal),
      findings: [
        {
          messageId: 'aboveErrorThreshold',
          message:
            'This Ingress carries 22 ingress-nginx annotations (nginx.ingress.kubernetes.io/*), above the error ' +
            'threshold of 20: proxy tuning (5), CORS (4), rewrites (4), auth (3), rate limiting (3), session affinity ' +
            '(2), snippets (1). ingress2gateway converts 10 of them to standard Gateway API; the other 12 need ' +
            'implementation-specific policies or a redesign.',
          line: 6,
          severity: 'error',
        },
      ],
    },
    {
      name: 'reports AWS Load Balancer Controller annotations under their own prefix, grouped by key stem',
      yaml: ingress('fire-alb', albIngress, 'alb'),
      findings: [
        {
          messageId: 'aboveWarnThreshold',
          message:
            'This Ingress carries 7 AWS Load Balancer Controller annotations (alb.ingress.kubernetes.io/*), above 5: ' +
            'healthcheck-* (3), certificate-* (1), listen-* (1), scheme (1), target-* (1).',
          line: 6,
        },
      ],
    },
    {
      name: 'reports F5 NGINX annotations across nginx.org and nginx.com as one controller',
      yaml: ingress('fire-f5', [
        'nginx.org/proxy-connect-timeout: 30s',
        'nginx.org/proxy-read-timeout: 30s',
        'nginx.org/client-max-body-size: 4m',
        'nginx.org/redirect-to-https: "true"',
        'nginx.com/health-checks: "true"',
        'nginx.com/sticky-cookie-services: "serviceName=web srv_id expires=1h path=/"',
      ]),
      findings: [
        {
          messageId: 'aboveWarnThreshold',
          message:
            /^This Ingress carries 6 F5 NGINX Ingress Controller annotations \(nginx\.org\/\*, nginx\.com\/\*\), above 5: proxy-\* \(2\)/,
          line: 6,
        },
      ],
    },
    {
      name: 'uses the configured thresholds',
      yaml: ingress('fire-custom-thresholds', storefront.slice(0, 4)),
      options: { warnAbove: 2, errorAbove: 3 },
      findings: [
        {
          messageId: 'aboveErrorThreshold',
          message: /carries 4 ingress-nginx annotations .*above the error threshold of 3/,
          line: 6,
          severity: 'error',
        },
      ],
    },
  ],
});
