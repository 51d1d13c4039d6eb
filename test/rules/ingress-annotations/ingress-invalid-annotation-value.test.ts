import { ingressInvalidAnnotationValue } from '../../../src/rules/ingress-annotations/ingress-invalid-annotation-value.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { ingressYaml } from './ingress-yaml.js';

/** An Ingress whose annotations start on line 7. */
const ingress = (name: string, annotations: readonly string[], className = 'nginx'): string =>
  ingressYaml(name, annotations, { className, namespace: 'media', host: 'uploads.example.com', service: 'uploads' });

const REJECTED =
  'ingress-nginx v1.12+ (annotation validation on by default) refuses the whole Ingress, and older controllers ignore the value.';

ruleTester.run(ingressInvalidAnnotationValue, {
  valid: [
    {
      name: 'accepts well-formed values of every common type',
      yaml: ingress('dont-fire-typed', [
        'nginx.ingress.kubernetes.io/proxy-read-timeout: "300"',
        'nginx.ingress.kubernetes.io/proxy-body-size: 50m',
        'nginx.ingress.kubernetes.io/ssl-redirect: "True"',
        'nginx.ingress.kubernetes.io/allowlist-source-range: "10.0.0.0/8, 192.168.10.4, 2001:db8::/48"',
        'nginx.ingress.kubernetes.io/backend-protocol: https',
        'nginx.ingress.kubernetes.io/load-balance: ewma',
        'nginx.ingress.kubernetes.io/custom-http-errors: "404,503"',
        'nginx.ingress.kubernetes.io/auth-url: "https://$host/oauth2/auth"',
        'nginx.ingress.kubernetes.io/permanent-redirect-code: "308"',
        'nginx.ingress.kubernetes.io/session-cookie-samesite: None',
        'nginx.ingress.kubernetes.io/cors-allow-origin: "https://*.example.com"',
        'nginx.ingress.kubernetes.io/configuration-snippet: "anything goes here;"',
      ]),
    },
    {
      name: 'leaves the values of F5 NGINX keys alone',
      yaml: ingress('dont-fire-f5', ['nginx.org/proxy-read-timeout: 300s', 'nginx.org/client-max-body-size: 50MB']),
    },
    {
      name: 'leaves unknown and removed keys to their own rules',
      yaml: ingress('dont-fire-unknown', [
        'nginx.ingress.kubernetes.io/proxy-read-timout: 300s',
        'nginx.ingress.kubernetes.io/secure-backends: "yes"',
      ]),
    },
  ],
  invalid: [
    {
      name: 'reports a timeout with a unit and a size in megabytes',
      yaml: ingress('fire-units', [
        'nginx.ingress.kubernetes.io/proxy-read-timeout: 300s',
        'nginx.ingress.kubernetes.io/proxy-body-size: 50MB',
      ]),
      findings: [
        {
          messageId: 'valueRejected',
          message: `nginx.ingress.kubernetes.io/proxy-read-timeout "300s" takes a whole number of seconds with no unit: ${REJECTED}`,
          line: 7,
          severity: 'error',
          path: 'metadata.annotations["nginx.ingress.kubernetes.io/proxy-read-timeout"]',
        },
        {
          messageId: 'valueRejected',
          message: `nginx.ingress.kubernetes.io/proxy-body-size "50MB" is not an nginx size (a number with an optional k, m or g): ${REJECTED}`,
          line: 8,
        },
      ],
    },
    {
      name: 'reports booleans, on/off switches and enumerations written the wrong way',
      yaml: ingress('fire-enums', [
        'nginx.ingress.kubernetes.io/ssl-redirect: "yes"',
        'nginx.ingress.kubernetes.io/proxy-buffering: "true"',
        'nginx.ingress.kubernetes.io/load-balance: least_conn',
        'nginx.ingress.kubernetes.io/affinity: Cookie',
      ]),
      findings: [
        {
          messageId: 'valueRejected',
          message: `nginx.ingress.kubernetes.io/ssl-redirect "yes" is not a boolean ("true" or "false"): ${REJECTED}`,
          line: 7,
        },
        {
          messageId: 'valueRejected',
          message: /^nginx\.ingress\.kubernetes\.io\/proxy-buffering "true" is not one of "on", "off": /,
          line: 8,
        },
        {
          messageId: 'valueRejected',
          message: /^nginx\.ingress\.kubernetes\.io\/load-balance "least_conn" is not one of "round_robin", "chash", /,
          line: 9,
        },
        {
          messageId: 'valueRejected',
          message: /^nginx\.ingress\.kubernetes\.io\/affinity "Cookie" is not "cookie": /,
          line: 10,
        },
      ],
    },
    {
      name: 'reports a CIDR list with a trailing comma and a host name',
      yaml: ingress('fire-cidrs', [
        'nginx.ingress.kubernetes.io/allowlist-source-range: "10.0.0.0/8,office.example.com,"',
      ]),
      findings: [
        {
          messageId: 'valueRejected',
          message:
            'nginx.ingress.kubernetes.io/allowlist-source-range "10.0.0.0/8,office.example.com," has ' +
            `"office.example.com", an empty entry, which are not IP addresses or CIDRs: ${REJECTED}`,
          line: 7,
        },
      ],
    },
    {
      name: 'reports an auth URL without scheme, a redirect code that falls back, and a boolean prefix',
      yaml: ingress('fire-misread', [
        'nginx.ingress.kubernetes.io/auth-url: oauth2-proxy.auth.svc.cluster.local/oauth2/auth',
        'nginx.ingress.kubernetes.io/permanent-redirect: "https://new.example.com"',
        'nginx.ingress.kubernetes.io/permanent-redirect-code: "200"',
        'nginx.ingress.kubernetes.io/x-forwarded-prefix: "true"',
      ]),
      findings: [
        {
          messageId: 'valueIgnored',
          message:
            'nginx.ingress.kubernetes.io/auth-url "oauth2-proxy.auth.svc.cluster.local/oauth2/auth" is not an ' +
            'absolute http(s) URL: ingress-nginx does not apply the annotation.',
          line: 7,
        },
        {
          messageId: 'valueDefaulted',
          message:
            'nginx.ingress.kubernetes.io/permanent-redirect-code "200" is outside 300-308: ingress-nginx falls back to its default.',
          line: 9,
        },
        {
          messageId: 'valueLiteral',
          message:
            'nginx.ingress.kubernetes.io/x-forwarded-prefix "true" is a boolean where a path is expected: ingress-nginx uses the text as written.',
          line: 10,
        },
      ],
    },
    {
      name: 'reports unquoted values of any controller, which the API server rejects',
      yaml: ingress('fire-unquoted', [
        'nginx.ingress.kubernetes.io/ssl-redirect: false',
        'nginx.ingress.kubernetes.io/proxy-read-timeout: 600',
        'alb.ingress.kubernetes.io/healthcheck-interval-seconds: 15',
        'team.example.com/oncall-rotation: 3',
      ]),
      findings: [
        {
          messageId: 'notAString',
          message:
            'nginx.ingress.kubernetes.io/ssl-redirect is written as a YAML boolean (false), not a string: the API ' +
            'server rejects the Ingress because annotation values must be strings; quote it.',
          line: 7,
        },
        {
          messageId: 'notAString',
          message: /^nginx\.ingress\.kubernetes\.io\/proxy-read-timeout is written as a YAML number \(600\)/,
          line: 8,
        },
        {
          messageId: 'notAString',
          message: /^alb\.ingress\.kubernetes\.io\/healthcheck-interval-seconds is written as a YAML number \(15\)/,
          line: 9,
        },
      ],
    },
    {
      name: 'says how sure it is when the class is unknown',
      yaml: ingress('fire-low-confidence', ['nginx.ingress.kubernetes.io/limit-rps: ten'], 'public'),
      findings: [
        {
          messageId: 'valueRejected',
          message: /limit-rps "ten" is not an integer: .*\(ingress-nginx inferred with medium confidence/,
          line: 7,
        },
      ],
    },
  ],
});
