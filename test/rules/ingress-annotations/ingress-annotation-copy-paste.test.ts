import { ingressAnnotationCopyPaste } from '../../../src/rules/ingress-annotations/ingress-annotation-copy-paste.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { nginxInstallYaml } from './ingress-yaml.js';

/** An Ingress of 16 + annotations lines; `annotations:` is its line 6. */
const ingress = (
  name: string,
  annotations: readonly string[],
  namespace = 'shop',
): string => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${name}
  namespace: ${namespace}
  annotations:
${annotations.map((a) => `    ${a}`).join('\n')}
spec:
  ingressClassName: nginx
  rules:
    - host: ${name}.shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service: {name: ${name}, port: {number: 8080}}
`;

const stream = (...docs: string[]): string => docs.join('---\n');

const apiBlock = [
  'nginx.ingress.kubernetes.io/enable-cors: "true"',
  'nginx.ingress.kubernetes.io/cors-allow-origin: "https://shop.example.com"',
  'nginx.ingress.kubernetes.io/cors-allow-credentials: "true"',
  'nginx.ingress.kubernetes.io/limit-rps: "50"',
  'nginx.ingress.kubernetes.io/proxy-read-timeout: "30"',
];

ruleTester.run(ingressAnnotationCopyPaste, {
  valid: [
    {
      name: 'accepts the same block on only two Ingresses',
      yaml: stream(ingress('dont-fire-orders', apiBlock), ingress('dont-fire-carts', apiBlock)),
    },
    {
      name: 'accepts small blocks repeated everywhere',
      yaml: stream(
        ingress('dont-fire-a', apiBlock.slice(0, 2)),
        ingress('dont-fire-b', apiBlock.slice(0, 2)),
        ingress('dont-fire-c', apiBlock.slice(0, 2)),
      ),
    },
    {
      name: 'accepts blocks that drifted apart in one value',
      yaml: stream(
        ingress('dont-fire-drift-a', apiBlock),
        ingress('dont-fire-drift-b', apiBlock),
        ingress('dont-fire-drift-c', [...apiBlock.slice(0, 4), 'nginx.ingress.kubernetes.io/proxy-read-timeout: "60"']),
      ),
    },
    {
      name: 'counts the same Ingress loaded three times once',
      yaml: stream(
        ingress('dont-fire-same', apiBlock),
        ingress('dont-fire-same', apiBlock),
        ingress('dont-fire-same', apiBlock),
      ),
    },
  ],
  invalid: [
    {
      name: 'reports a five-annotation block repeated on three Ingresses, on each of them',
      yaml: stream(
        ingress('fire-orders', apiBlock),
        ingress('fire-carts', [...apiBlock].reverse()),
        ingress('fire-users', [...apiBlock, 'cert-manager.io/cluster-issuer: letsencrypt'], 'accounts'),
      ),
      findings: [
        {
          messageId: 'copiedBlock',
          message:
            'The same 5 controller annotations (CORS (3), proxy tuning (1), rate limiting (1)), with identical ' +
            'values, are on 3 Ingresses: shop/fire-orders, shop/fire-carts and accounts/fire-users. On Gateway API ' +
            'this is one shared policy rather than a copy per route.',
          line: 6,
          severity: 'info',
          path: 'metadata.annotations',
        },
        { messageId: 'copiedBlock', message: /^The same 5 controller annotations .* are on 3 Ingresses/, line: 28 },
        { messageId: 'copiedBlock', message: /^The same 5 controller annotations .* are on 3 Ingresses/, line: 50 },
      ],
    },
    {
      name: 'counts keys under the --annotations-prefix of the controller serving the class as controller annotations',
      yaml: stream(
        ...['fire-custom-a', 'fire-custom-b', 'fire-custom-c'].map((n) =>
          ingress(
            n,
            apiBlock.map((a) => a.replace('nginx.ingress.kubernetes.io/', 'custom.example.com/')),
          ),
        ),
        nginxInstallYaml(['--annotations-prefix=custom.example.com']),
      ),
      findings: [
        {
          messageId: 'copiedBlock',
          message: /^The same 5 controller annotations \(CORS \(3\), proxy tuning \(1\), rate limiting \(1\)\)/,
          line: 6,
        },
        { messageId: 'copiedBlock', message: /are on 3 Ingresses/, line: 28 },
        { messageId: 'copiedBlock', message: /are on 3 Ingresses/, line: 50 },
      ],
    },
    {
      name: 'uses the configured block size and number of copies',
      yaml: stream(ingress('fire-small-a', apiBlock.slice(0, 2)), ingress('fire-small-b', apiBlock.slice(0, 2))),
      options: { minAnnotations: 2, minIngresses: 2 },
      findings: [
        {
          messageId: 'copiedBlock',
          message: /^The same 2 controller annotations \(CORS \(2\)\), with identical values, are on 2 Ingresses/,
          line: 6,
        },
        {
          messageId: 'copiedBlock',
          message: /are on 2 Ingresses: shop\/fire-small-a and shop\/fire-small-b\./,
          line: 25,
        },
      ],
    },
  ],
});
