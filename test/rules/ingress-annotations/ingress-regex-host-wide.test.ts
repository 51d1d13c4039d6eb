import { ingressRegexHostWide } from '../../../src/rules/ingress-annotations/ingress-regex-host-wide.js';
import { ruleTester } from '../../helpers/rule-tester.js';

interface Spec {
  name: string;
  namespace?: string;
  annotations?: readonly string[];
  host?: string;
  className?: string;
  paths: readonly [string, string][];
}

/** An Ingress of `5 + annotations` header lines; its first path line follows the `paths:` line. */
const ingress = (s: Spec): string => {
  const annotations = s.annotations ?? [];
  const ann = annotations.length === 0 ? '' : `  annotations:\n${annotations.map((a) => `    ${a}`).join('\n')}\n`;
  return `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${s.name}
  namespace: ${s.namespace ?? 'shop'}
${ann}spec:
  ingressClassName: ${s.className ?? 'nginx'}
  rules:
    - host: ${s.host ?? 'shop.example.com'}
      http:
        paths:
${s.paths
  .map(
    ([path, type]) => `          - path: ${path}
            pathType: ${type}
            backend:
              service: {name: web, port: {number: 8080}}`,
  )
  .join('\n')}
`;
};

const stream = (...docs: string[]): string => docs.join('---\n');

const legacyRewrite = (name = 'legacy-rewrite', host?: string): string =>
  ingress({
    name,
    annotations: ['nginx.ingress.kubernetes.io/rewrite-target: /$2'],
    paths: [['/legacy(/|$)(.*)', 'ImplementationSpecific']],
    ...(host ? { host } : {}),
  });

const health = (namespace = 'platform'): string =>
  ingress({
    name: 'health',
    namespace,
    paths: [
      ['/health', 'Exact'],
      ['/', 'Prefix'],
    ],
  });

ruleTester.run(ingressRegexHostWide, {
  valid: [
    {
      name: 'accepts a rewrite on a host that no other Ingress uses',
      yaml: stream(legacyRewrite('dont-fire-own-host', 'legacy.shop.example.com'), health()),
    },
    {
      name: 'accepts other Ingresses on the host whose only path is the Prefix /, which regex mode does not change',
      yaml: stream(legacyRewrite('dont-fire-root-only'), ingress({ name: 'dont-fire-root', paths: [['/', 'Prefix']] })),
    },
    {
      name: 'accepts Ingresses that all opt into regex mode themselves',
      yaml: stream(
        legacyRewrite('dont-fire-all-regex'),
        ingress({
          name: 'dont-fire-also-regex',
          annotations: ['nginx.ingress.kubernetes.io/use-regex: "true"'],
          paths: [
            ['/api/v[0-9]+', 'ImplementationSpecific'],
            ['/status', 'Exact'],
          ],
        }),
      ),
    },
    {
      name: 'accepts a canary Ingress on the host, whose paths merge into the main Ingress',
      yaml: stream(
        legacyRewrite('dont-fire-main'),
        ingress({
          name: 'dont-fire-canary',
          annotations: [
            'nginx.ingress.kubernetes.io/canary: "true"',
            'nginx.ingress.kubernetes.io/canary-weight: "10"',
          ],
          paths: [['/legacy', 'Prefix']],
        }),
      ),
    },
    {
      name: 'accepts use-regex "false", which does not switch the host',
      yaml: stream(
        ingress({
          name: 'dont-fire-regex-off',
          annotations: ['nginx.ingress.kubernetes.io/use-regex: "false"'],
          paths: [['/api', 'Prefix']],
        }),
        health(),
      ),
    },
    {
      name: 'accepts the same host under another IngressClass, which another controller instance serves',
      yaml: stream(
        legacyRewrite('dont-fire-class-public'),
        ingress({ name: 'dont-fire-class-internal', className: 'internal', paths: [['/health', 'Exact']] }),
        'apiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata:\n  name: nginx\nspec:\n  controller: k8s.io/ingress-nginx\n',
        'apiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata:\n  name: internal\nspec:\n  controller: k8s.io/ingress-nginx\n',
      ),
    },
  ],
  invalid: [
    {
      name: 'reports the host in regex mode once, at the rewrite that switches it, with the changed Exact path of another team related',
      yaml: stream(legacyRewrite('fire-rewrite'), health()),
      findings: [
        {
          messageId: 'switchesHost',
          message:
            'nginx.ingress.kubernetes.io/rewrite-target switches every path of host shop.example.com (class nginx) ' +
            'to case-insensitive regex matching, across Ingresses: it changes what the plain paths of ' +
            'platform/health match.',
          line: 7,
          severity: 'warning',
          path: 'metadata.annotations["nginx.ingress.kubernetes.io/rewrite-target"]',
          related: ['Ingress health:30'],
        },
      ],
    },
    {
      // Both Ingresses state the problem (admission checks the one written); with the rewrite's finding suppressed,
      // the affected Ingress's is reported, naming the cause.
      name: 'reports the Exact path the rewrite changes, with the rewrite related, when the finding on the rewrite is suppressed',
      yaml: stream(
        ingress({
          name: 'fire-rewrite',
          annotations: [
            'nginx.ingress.kubernetes.io/rewrite-target: /$2',
            'ignore-check.kubeward.io/ingress-regex-host-wide: "legacy host, split next quarter"',
          ],
          paths: [['/legacy(/|$)(.*)', 'ImplementationSpecific']],
        }),
        health(),
      ),
      findings: [
        {
          messageId: 'hostInRegexMode',
          message:
            'host shop.example.com (class nginx) is in regex mode because of shop/fire-rewrite (rewrite-target): path ' +
            '"/health" (Exact) is now the case-insensitive regex ^/health instead of an exact path. (ingress-nginx ' +
            'inferred with low confidence: class "nginx" (IngressClass not among the loaded objects), which both ' +
            'ingress-nginx and F5 NGINX use by default.)',
          line: 31,
          path: 'spec.rules[0].http.paths[0].path',
          related: ['Ingress fire-rewrite:7'],
        },
      ],
    },
    {
      name: 'reports the host once, at the first cause, naming the affected Ingress once although it is defined twice',
      yaml: stream(
        ingress({
          name: 'fire-use-regex',
          annotations: ['nginx.ingress.kubernetes.io/use-regex: "true"'],
          paths: [['/api/v[0-9]+/.*', 'ImplementationSpecific']],
        }),
        legacyRewrite('fire-rewrite'),
        ingress({
          name: 'fire-affected-prefix',
          paths: [
            ['/', 'Prefix'],
            ['/docs', 'Prefix'],
            ['/docs/v1.2', 'Prefix'],
          ],
        }),
        ingress({
          name: 'fire-affected-prefix',
          paths: [
            ['/', 'Prefix'],
            ['/docs', 'Prefix'],
            ['/docs/v1.2', 'Prefix'],
          ],
        }),
      ),
      findings: [
        {
          messageId: 'switchesHost',
          message:
            /^nginx\.ingress\.kubernetes\.io\/use-regex switches .* plain paths of shop\/fire-affected-prefix match\.$/,
          line: 7,
        },
      ],
    },
    {
      name: 'reports rules without host, which share the default server',
      yaml: stream(
        ingress({
          name: 'fire-default-server-regex',
          annotations: ['nginx.ingress.kubernetes.io/use-regex: "1"'],
          host: '""',
          paths: [['/v[0-9]+', 'ImplementationSpecific']],
        }),
        ingress({ name: 'fire-default-server-plain', host: '""', paths: [['/metrics', 'Prefix']] }),
      ),
      findings: [
        {
          messageId: 'switchesHost',
          message: /switches every path of the default server \(rules without host\) \(class nginx\)/,
          line: 7,
          related: ['Ingress fire-default-server-plain:30'],
        },
      ],
    },
  ],
});
