import { ingressCanaryIgnoredAnnotation } from '../../../src/rules/ingress-annotations/ingress-canary-ignored-annotation.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { ingressYaml, nginxInstallYaml } from './ingress-yaml.js';

/** An Ingress whose annotations start on line 7. */
const ingress = (name: string, annotations: readonly string[], className = 'nginx'): string =>
  ingressYaml(name, annotations, { className, path: '/checkout', service: 'checkout-v2' });

const NGINX_CLASS = `---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: nginx
spec:
  controller: k8s.io/ingress-nginx
`;

ruleTester.run(ingressCanaryIgnoredAnnotation, {
  valid: [
    {
      name: 'accepts a canary with only canary, balancing, hashing and affinity keys',
      yaml: ingress('dont-fire-canary-keys', [
        'nginx.ingress.kubernetes.io/canary: "true"',
        'nginx.ingress.kubernetes.io/canary-by-header: X-Canary',
        'nginx.ingress.kubernetes.io/canary-weight: "10"',
        'nginx.ingress.kubernetes.io/load-balance: ewma',
        'nginx.ingress.kubernetes.io/upstream-hash-by: $remote_addr',
        'nginx.ingress.kubernetes.io/affinity: cookie',
        'nginx.ingress.kubernetes.io/session-cookie-name: route',
        'cert-manager.io/cluster-issuer: letsencrypt',
      ]),
    },
    {
      name: 'accepts the same keys on an Ingress that is not a canary',
      yaml: ingress('dont-fire-main', [
        'nginx.ingress.kubernetes.io/proxy-body-size: 16m',
        'nginx.ingress.kubernetes.io/enable-cors: "true"',
      ]),
    },
    {
      name: 'accepts canary: "false", which makes a main Ingress',
      yaml: ingress('dont-fire-canary-false', [
        'nginx.ingress.kubernetes.io/canary: "false"',
        'nginx.ingress.kubernetes.io/proxy-body-size: 16m',
      ]),
    },
    {
      name: 'accepts a canary of another controller',
      yaml: `${ingress('dont-fire-f5', ['nginx.ingress.kubernetes.io/canary: "true"', 'nginx.ingress.kubernetes.io/proxy-body-size: 16m'], 'nginx-plus')}---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: nginx-plus
spec:
  controller: nginx.org/ingress-controller
`,
    },
    {
      name: 'accepts default-prefix canary keys under a controller with its own prefix, which reads none of them',
      yaml: `${ingress('dont-fire-default-prefix', [
        'nginx.ingress.kubernetes.io/canary: "true"',
        'nginx.ingress.kubernetes.io/proxy-body-size: 16m',
      ])}---
${nginxInstallYaml(['--annotations-prefix=custom.example.com'])}`,
    },
    {
      name: 'leaves unknown and removed keys to their own rules',
      yaml: ingress('dont-fire-unknown', [
        'nginx.ingress.kubernetes.io/canary: "true"',
        'nginx.ingress.kubernetes.io/rewrite-targe: /',
        'nginx.ingress.kubernetes.io/secure-backends: "true"',
      ]),
    },
  ],
  invalid: [
    {
      name: 'reports a tuned canary at its first ignored key, with the keys and their groups',
      yaml: `${ingress('fire-tuned-canary', [
        'nginx.ingress.kubernetes.io/canary: "true"',
        'nginx.ingress.kubernetes.io/canary-weight: "10"',
        'nginx.ingress.kubernetes.io/proxy-body-size: 16m',
        'nginx.ingress.kubernetes.io/enable-cors: "true"',
        'nginx.ingress.kubernetes.io/cors-allow-origin: https://shop.example.com',
        'nginx.ingress.kubernetes.io/auth-url: https://auth.shop.svc/check',
        'nginx.ingress.kubernetes.io/affinity: cookie',
      ])}${NGINX_CLASS}`,
      findings: [
        {
          messageId: 'ignoredOnCanary',
          message:
            'This canary Ingress carries 4 annotations that ingress-nginx ignores on a canary: proxy-body-size, ' +
            'enable-cors, cors-allow-origin and auth-url (CORS (2), auth (1), proxy tuning (1)). Canary requests get ' +
            'the settings of the main Ingress for the same host and path instead.',
          line: 9,
          severity: 'warning',
          path: 'metadata.annotations["nginx.ingress.kubernetes.io/proxy-body-size"]',
        },
      ],
    },
    {
      name: 'reads the canary and its keys under the --annotations-prefix of the controller serving the class',
      yaml: `${ingress('fire-custom-prefix', [
        'custom.example.com/canary: "true"',
        'custom.example.com/proxy-body-size: 16m',
        'custom.example.com/enable-cors: "true"',
      ])}---
${nginxInstallYaml(['--annotations-prefix=custom.example.com'])}`,
      findings: [
        {
          messageId: 'ignoredOnCanary',
          message:
            'This canary Ingress carries 2 annotations that ingress-nginx ignores on a canary: proxy-body-size and ' +
            'enable-cors (CORS (1), proxy tuning (1)). Canary requests get the settings of the main Ingress for the ' +
            'same host and path instead.',
          line: 8,
          path: 'metadata.annotations["custom.example.com/proxy-body-size"]',
        },
      ],
    },
    {
      name: 'reads canary as Go does ("True"), and counts a single key',
      yaml: ingress('fire-go-bool', [
        'nginx.ingress.kubernetes.io/canary: "True"',
        'nginx.ingress.kubernetes.io/rewrite-target: /$1',
      ]),
      findings: [
        {
          messageId: 'ignoredOnCanary',
          message:
            'This canary Ingress carries an annotation that ingress-nginx ignores on a canary: rewrite-target ' +
            '(rewrites (1)). Canary requests get the settings of the main Ingress for the same host and path instead.',
          line: 8,
        },
      ],
    },
  ],
});
