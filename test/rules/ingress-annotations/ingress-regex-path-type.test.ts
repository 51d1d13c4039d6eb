import { ingressRegexPathType } from '../../../src/rules/ingress-annotations/ingress-regex-path-type.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { ingressClass, ingressNginxController } from '../../ingress/fixtures.js';

/** The IngressClass nginx and its controller (image tag `version`, `args`), and the ConfigMap when given. */
const install = (version: string, args: string[] = [], configMap?: Record<string, string>): string =>
  [
    ingressClass('nginx', 'k8s.io/ingress-nginx'),
    ingressNginxController(['/nginx-ingress-controller', ...args], {
      image: `registry.k8s.io/ingress-nginx/controller:${version}`,
    }),
    ...(configMap
      ? [
          {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: { name: 'ingress-nginx-controller', namespace: 'ingress-nginx' },
            data: configMap,
          },
        ]
      : []),
  ]
    .map((o) => `---\n${JSON.stringify(o)}\n`)
    .join('');

/** An Ingress with two paths: the first `path:` is on line 15, the second on line 19. */
const ingress = (
  name: string,
  annotations: string,
  first: [string, string],
  second: [string, string],
): string => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${name}
  namespace: shop
  annotations:
    ${annotations}
spec:
  ingressClassName: nginx
  rules:
    - host: api.shop.example.com
      http:
        paths:
          - pathType: ${first[1]}
            path: ${first[0]}
            backend:
              service: {name: orders, port: {number: 8080}}
          - pathType: ${second[1]}
            path: ${second[0]}
            backend:
              service: {name: catalog, port: {number: 8080}}
`;

const useRegex = 'nginx.ingress.kubernetes.io/use-regex: "true"';
const noRegex = 'nginx.ingress.kubernetes.io/proxy-body-size: 1m';

ruleTester.run(ingressRegexPathType, {
  valid: [
    {
      name: 'accepts regex paths with pathType ImplementationSpecific',
      yaml: ingress(
        'dont-fire-implementation-specific',
        useRegex,
        ['/v[0-9]+/orders', 'ImplementationSpecific'],
        ['/catalog/(.*)', 'ImplementationSpecific'],
      ),
    },
    {
      name: 'accepts plain Prefix and Exact paths, dots included',
      yaml: ingress('dont-fire-plain', noRegex, ['/.well-known/acme-challenge', 'Prefix'], ['/v1.0/health', 'Exact']),
    },
    {
      name: 'accepts a regex-looking Prefix path on an F5 NGINX Ingress, where nginx.org/path-regex applies',
      yaml: ingress('dont-fire-f5', 'nginx.org/path-regex: "true"', ['/api/v[0-9]+', 'Prefix'], ['/static', 'Prefix']),
    },
  ],
  invalid: [
    {
      name: 'reports a regex path with pathType Prefix while use-regex makes it work for now',
      yaml: ingress('fire-prefix-regex', useRegex, ['/v[0-9]+/orders', 'Prefix'], ['/catalog', 'Prefix']),
      findings: [
        {
          messageId: 'readAsRegexForNow',
          message:
            'Path "/v[0-9]+/orders" looks like a regular expression but has pathType Prefix: ' +
            'nginx.ingress.kubernetes.io/use-regex makes ingress-nginx read it as a regex for now, and ingress-nginx ' +
            'v1.12+ (strict-validate-path-type) refuses the Ingress.',
          line: 15,
          // No controller is loaded: refused by the v1.12+ default, so an error.
          severity: 'error',
          path: 'spec.rules[0].http.paths[0].path',
        },
      ],
    },
    {
      name: 'reports regex paths with Exact and Prefix when nothing on the Ingress turns on regex mode',
      yaml: ingress('fire-literal', noRegex, ['/orders/[0-9]+$', 'Exact'], ['/catalog/.*', 'Prefix']),
      findings: [
        {
          messageId: 'matchedLiterally',
          message:
            'Path "/orders/[0-9]+$" looks like a regular expression but has pathType Exact: unless another Ingress ' +
            'puts the host in regex mode, ingress-nginx matches it literally, and ingress-nginx v1.12+ ' +
            '(strict-validate-path-type) refuses the Ingress.',
          line: 15,
        },
        {
          messageId: 'matchedLiterally',
          message: /^Path "\/catalog\/\.\*" looks like a regular expression but has pathType Prefix: unless/,
          line: 19,
        },
      ],
    },
    {
      name: 'reports at error on a loaded v1.13 controller, which refuses the Ingress by default',
      yaml: ingress('fire-strict', noRegex, ['/orders/[0-9]+$', 'Exact'], ['/catalog', 'Prefix']) + install('v1.13.3'),
      findings: [{ messageId: 'matchedLiterally', line: 15, severity: 'error' }],
    },
    {
      name: 'lowers to warning on a loaded v1.11 controller, which accepts the Ingress and only matches it wrongly',
      yaml: ingress('fire-old', noRegex, ['/orders/[0-9]+$', 'Exact'], ['/catalog', 'Prefix']) + install('v1.11.5'),
      findings: [{ messageId: 'matchedLiterally', line: 15, severity: 'warning' }],
    },
    {
      name: 'lowers to warning when the controller ConfigMap sets strict-validate-path-type false',
      yaml:
        ingress('fire-lenient', useRegex, ['/v[0-9]+/orders', 'Prefix'], ['/catalog', 'Prefix']) +
        install('v1.13.3', ['--configmap=$(POD_NAMESPACE)/ingress-nginx-controller'], {
          'strict-validate-path-type': 'false',
        }),
      findings: [{ messageId: 'readAsRegexForNow', line: 15, severity: 'warning' }],
    },
    {
      name: 'stays an error when the ConfigMap turns strict validation on for a v1.11 controller',
      yaml:
        ingress('fire-strict-old', useRegex, ['/v[0-9]+/orders', 'Prefix'], ['/catalog', 'Prefix']) +
        install('v1.11.5', ['--configmap=ingress-nginx/ingress-nginx-controller'], {
          'strict-validate-path-type': 'true',
        }),
      findings: [{ messageId: 'readAsRegexForNow', line: 15, severity: 'error' }],
    },
  ],
});
