import { ingressAnnotationAlias } from '../../../src/rules/ingress-annotations/ingress-annotation-alias.js';
import { ruleTester } from '../../helpers/rule-tester.js';

/** An Ingress whose annotations start on line 7. */
const ingress = (name: string, annotations: readonly string[]): string => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${name}
  namespace: shop
  annotations:
${annotations.map((a) => `    ${a}`).join('\n')}
spec:
  ingressClassName: nginx
  rules:
    - host: admin.shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service: {name: admin, port: {number: 8080}}
`;

ruleTester.run(ingressAnnotationAlias, {
  valid: [
    {
      name: 'accepts the canonical allow-list keys',
      yaml: ingress('dont-fire-canonical', [
        'nginx.ingress.kubernetes.io/allowlist-source-range: "10.0.0.0/8,192.168.0.0/16"',
        'nginx.ingress.kubernetes.io/limit-rps: "10"',
        'nginx.ingress.kubernetes.io/limit-allowlist: 10.0.0.0/8',
      ]),
    },
  ],
  invalid: [
    {
      name: 'reports the legacy whitelist-source-range and notes that ingress2gateway reads only that spelling',
      yaml: ingress('fire-whitelist', [
        'nginx.ingress.kubernetes.io/whitelist-source-range: "10.0.0.0/8,192.168.0.0/16"',
      ]),
      findings: [
        {
          messageId: 'legacyAlias',
          message:
            'nginx.ingress.kubernetes.io/whitelist-source-range "10.0.0.0/8,192.168.0.0/16" is the legacy alias of ' +
            'nginx.ingress.kubernetes.io/allowlist-source-range (canonical since v1.9.0); rename it. Note ' +
            'that ingress2gateway reads only the legacy spelling, so convert before renaming.',
          line: 7,
          severity: 'info',
          path: 'metadata.annotations["nginx.ingress.kubernetes.io/whitelist-source-range"]',
        },
      ],
    },
    {
      name: 'reports a legacy alias that the canonical key overrides with another list as a warning',
      yaml: ingress('fire-both-differ', [
        'nginx.ingress.kubernetes.io/limit-rps: "10"',
        'nginx.ingress.kubernetes.io/limit-allowlist: 10.0.0.0/8',
        'nginx.ingress.kubernetes.io/limit-whitelist: 10.0.0.0/8,203.0.113.7',
      ]),
      findings: [
        {
          messageId: 'aliasOverridden',
          message:
            'nginx.ingress.kubernetes.io/limit-whitelist "10.0.0.0/8,203.0.113.7" is ignored because ' +
            'nginx.ingress.kubernetes.io/limit-allowlist is also set to "10.0.0.0/8"; delete the legacy key after ' +
            'merging the lists.',
          line: 9,
          severity: 'warning',
        },
      ],
    },
    {
      name: 'reports a legacy alias that repeats the canonical value as info',
      yaml: ingress('fire-both-same', [
        'nginx.ingress.kubernetes.io/allowlist-source-range: 10.0.0.0/8',
        'nginx.ingress.kubernetes.io/whitelist-source-range: 10.0.0.0/8',
      ]),
      findings: [
        {
          messageId: 'aliasRepeatsCanonical',
          message:
            'nginx.ingress.kubernetes.io/whitelist-source-range "10.0.0.0/8" is ignored because ' +
            'nginx.ingress.kubernetes.io/allowlist-source-range is also set (to the same value); delete the legacy key.',
          line: 8,
          severity: 'info',
        },
      ],
    },
  ],
});
