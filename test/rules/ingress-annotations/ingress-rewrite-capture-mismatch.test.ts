import { ingressRewriteCaptureMismatch } from '../../../src/rules/ingress-annotations/ingress-rewrite-capture-mismatch.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { nginxInstallYaml } from './ingress-yaml.js';

/** An Ingress whose rewrite-target is on line 7, with the given paths (ImplementationSpecific). */
const ingress = (
  name: string,
  target: string,
  paths: readonly string[],
  className = 'nginx',
): string => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${name}
  namespace: shop
  annotations:
    nginx.ingress.kubernetes.io/rewrite-target: ${target}
spec:
  ingressClassName: ${className}
  rules:
    - host: shop.example.com
      http:
        paths:
${paths
  .map(
    (p) => `          - path: ${p}
            pathType: ImplementationSpecific
            backend:
              service: {name: catalog, port: {number: 8080}}`,
  )
  .join('\n')}
`;

ruleTester.run(ingressRewriteCaptureMismatch, {
  valid: [
    {
      name: 'accepts the documented rewrite, where every path defines the groups the target uses',
      yaml: ingress('dont-fire-documented', '/$2', ['/something(/|$)(.*)', '/other(/|$)(.*)']),
    },
    {
      name: 'accepts a target without capture references, and nginx variables that are not captures',
      yaml: ingress('dont-fire-no-captures', '/static/$host', ['/assets', '/img']),
    },
    {
      name: 'accepts named groups, which PCRE numbers like the others',
      yaml: ingress('dont-fire-named', '/items/$1', ['/catalog/(?<id>[0-9]+)']),
    },
  ],
  invalid: [
    {
      name: 'reports a plain path next to a regex path under a $2 rewrite',
      yaml: ingress('fire-plain-path', '/$2', ['/catalog(/|$)(.*)', '/search']),
      findings: [
        {
          messageId: 'pathLacksGroups',
          message:
            'nginx.ingress.kubernetes.io/rewrite-target "/$2" uses $2, but path "/search" (no capture group) defines ' +
            'fewer groups: requests there are rewritten with $2 empty.',
          line: 7,
          severity: 'error',
          path: 'metadata.annotations["nginx.ingress.kubernetes.io/rewrite-target"]',
        },
      ],
    },
    {
      name: 'reads rewrite-target under the --annotations-prefix of the controller serving the class',
      yaml: `${ingress('fire-custom-prefix', '/$2', ['/catalog(/|$)(.*)', '/search']).replace(
        'nginx.ingress.kubernetes.io/rewrite-target',
        'custom.example.com/rewrite-target',
      )}
---
${nginxInstallYaml(['--annotations-prefix=custom.example.com'])}`,
      findings: [
        {
          messageId: 'pathLacksGroups',
          message: /^custom\.example\.com\/rewrite-target "\/\$2" uses \$2, but path "\/search"/,
          line: 7,
          path: 'metadata.annotations["custom.example.com/rewrite-target"]',
        },
      ],
    },
    {
      name: 'reports paths whose groups became non-capturing, listing each',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: nginx ${...} syntax, not a template
      yaml: ingress('fire-non-capturing', '/api/${2}', ['/v1/(?:orders|carts)/(.*)', '/v2/(.*)']),
      findings: [
        {
          messageId: 'pathsLackGroups',
          message:
            // biome-ignore lint/suspicious/noTemplateCurlyInString: nginx ${...} syntax, not a template
            'nginx.ingress.kubernetes.io/rewrite-target "/api/${2}" uses $2, but paths "/v1/(?:orders|carts)/(.*)" ' +
            '(1 capture group) and "/v2/(.*)" (1 capture group) define fewer groups: requests there are rewritten ' +
            'with $2 empty.',
          line: 7,
        },
      ],
    },
    {
      name: 'says how sure it is when the class is unknown',
      yaml: ingress('fire-unknown-class', '/$1', ['/'], 'web'),
      findings: [
        {
          messageId: 'pathLacksGroups',
          message: /path "\/" \(no capture group\) .*\(ingress-nginx inferred with medium confidence/,
          line: 7,
        },
      ],
    },
  ],
});
