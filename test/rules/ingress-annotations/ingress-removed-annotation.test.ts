import { ingressRemovedAnnotation } from '../../../src/rules/ingress-annotations/ingress-removed-annotation.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { ingressYaml } from './ingress-yaml.js';

/** An Ingress whose annotations start on line 7. */
const ingress = (name: string, annotations: readonly string[], className = 'nginx'): string =>
  ingressYaml(name, annotations, {
    className,
    namespace: 'payments',
    host: 'payments.example.com',
    service: 'payments',
    port: 8443,
  });

ruleTester.run(ingressRemovedAnnotation, {
  valid: [
    {
      name: 'accepts the successors of removed keys',
      yaml: ingress('dont-fire-successors', [
        'nginx.ingress.kubernetes.io/backend-protocol: HTTPS',
        'nginx.ingress.kubernetes.io/enable-opentelemetry: "true"',
        'nginx.ingress.kubernetes.io/limit-rps: "50"',
      ]),
    },
    {
      name: 'accepts a removed key on an Ingress that ingress-nginx does not serve',
      yaml: `${ingress('dont-fire-haproxy', ['nginx.ingress.kubernetes.io/secure-backends: "true"'], 'haproxy')}---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: haproxy
spec:
  controller: haproxy.org/ingress-controller
`,
    },
  ],
  invalid: [
    {
      name: 'reports secure-backends with its removal version and its successor',
      yaml: ingress('fire-secure-backends', ['nginx.ingress.kubernetes.io/secure-backends: "true"']),
      findings: [
        {
          messageId: 'removedWithSuccessor',
          message:
            'nginx.ingress.kubernetes.io/secure-backends was removed in ingress-nginx v0.21.0, so "true" does ' +
            'nothing. Use backend-protocol: HTTPS instead.',
          line: 7,
          severity: 'warning',
          path: 'metadata.annotations["nginx.ingress.kubernetes.io/secure-backends"]',
        },
      ],
    },
    {
      name: 'reports the global rate limit removed in v1.12 and a key without successor',
      yaml: ingress('fire-global-rate-limit', [
        'nginx.ingress.kubernetes.io/global-rate-limit: "1000"',
        'nginx.ingress.kubernetes.io/global-rate-limit-window: 1m',
        'nginx.ingress.kubernetes.io/session-cookie-hash: sha1',
      ]),
      findings: [
        {
          messageId: 'removedWithSuccessor',
          message:
            'nginx.ingress.kubernetes.io/global-rate-limit was removed in ingress-nginx v1.12.0, so "1000" does ' +
            'nothing. Use limit-rps/limit-rpm instead.',
          line: 7,
        },
        {
          messageId: 'removedWithoutSuccessor',
          message:
            /global-rate-limit-window was removed in ingress-nginx v1\.12\.0, so "1m" does nothing\. Delete it\.$/,
          line: 8,
        },
        {
          messageId: 'removedWithoutSuccessor',
          message: /session-cookie-hash was removed in ingress-nginx v0\.24\.0, so "sha1" does nothing\. Delete it\.$/,
          line: 9,
        },
      ],
    },
  ],
});
