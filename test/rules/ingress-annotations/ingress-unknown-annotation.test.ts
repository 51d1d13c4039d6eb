import { ingressUnknownAnnotation } from '../../../src/rules/ingress-annotations/ingress-unknown-annotation.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { ingressYaml, nginxInstallYaml } from './ingress-yaml.js';

/** An Ingress whose annotations start on line 7. */
const ingress = (name: string, annotations: readonly string[], className = 'nginx'): string =>
  ingressYaml(name, annotations, {
    className,
    path: '/legacy(/|$)(.*)',
    pathType: 'ImplementationSpecific',
    service: 'legacy-api',
  });

ruleTester.run(ingressUnknownAnnotation, {
  valid: [
    {
      name: 'accepts known keys, legacy aliases and removed keys (the last two have their own rules)',
      yaml: ingress('dont-fire-known', [
        'nginx.ingress.kubernetes.io/rewrite-target: /$2',
        'nginx.ingress.kubernetes.io/whitelist-source-range: 10.0.0.0/8',
        'nginx.ingress.kubernetes.io/secure-backends: "true"',
        'cert-manager.io/cluster-issuer: letsencrypt',
        'ingress.kubernetes.io/owner: team-shop',
      ]),
    },
    {
      name: 'leaves unknown *-snippet keys to the snippet rule',
      yaml: ingress('dont-fire-snippet', ['nginx.ingress.kubernetes.io/location-snippet: "deny all;"']),
    },
    {
      name: 'accepts keys of another controller on an Ingress that controller serves',
      yaml: ingress('dont-fire-f5', ['nginx.org/rewrites: "serviceName=legacy-api rewrite=/"']),
    },
    {
      name: 'accepts keys of another controller when it is not sure that ingress-nginx serves the Ingress',
      yaml: ingress(
        'dont-fire-mixed',
        ['nginx.ingress.kubernetes.io/use-regex: "true"', 'traefik.ingress.kubernetes.io/router.tls: "true"'],
        'web',
      ),
    },
    {
      name: 'accepts keys under the --annotations-prefix of the controller serving the class',
      yaml: `${ingress('dont-fire-custom-prefix', [
        'custom.example.com/rewrite-target: /$2',
        'custom.example.com/use-regex: "true"',
      ])}---
${nginxInstallYaml(['--annotations-prefix=custom.example.com'])}`,
    },
  ],
  invalid: [
    {
      name: 'reports default-prefix keys as ignored when the controller serving the class reads another prefix',
      yaml: `${ingress('fire-default-prefix', [
        'nginx.ingress.kubernetes.io/rewrite-target: /$2',
        'custom.example.com/use-regex: "true"',
        'custom.example.com/rewrite-targe: /$2',
      ])}---
${nginxInstallYaml(['--annotations-prefix', 'custom.example.com'])}`,
      findings: [
        {
          messageId: 'defaultPrefixIgnored',
          message:
            'nginx.ingress.kubernetes.io/rewrite-target is under the default prefix, but the ingress-nginx ' +
            'controller serving this Ingress reads custom.example.com/* keys (Deployment ingress-nginx/ingress-nginx-' +
            'controller runs with --annotations-prefix=custom.example.com): its admission webhook rejects the ' +
            'Ingress ("this deployment has a custom annotation prefix defined"), and without the webhook "/$2" does ' +
            'nothing. Use custom.example.com/rewrite-target.',
          line: 7,
          severity: 'error',
        },
        {
          messageId: 'unknownKey',
          message:
            'custom.example.com/rewrite-targe is not an annotation ingress-nginx reads, so "/$2" does nothing. Did ' +
            'you mean custom.example.com/rewrite-target?',
          line: 9,
        },
      ],
    },
    {
      name: 'reports a typo in the key and suggests the key the controller reads',
      yaml: ingress('fire-typo', [
        'nginx.ingress.kubernetes.io/rewrite-targe: /$2',
        'nginx.ingress.kubernetes.io/use-regex: "true"',
      ]),
      findings: [
        {
          messageId: 'unknownKey',
          message:
            'nginx.ingress.kubernetes.io/rewrite-targe is not an annotation ingress-nginx reads, so "/$2" does ' +
            'nothing. Did you mean nginx.ingress.kubernetes.io/rewrite-target?',
          line: 7,
          severity: 'warning',
          path: 'metadata.annotations["nginx.ingress.kubernetes.io/rewrite-targe"]',
        },
      ],
    },
    {
      name: 'reports an invented key without a suggestion when nothing is close',
      yaml: ingress('fire-invented', [
        'nginx.ingress.kubernetes.io/use-regex: "true"',
        'nginx.ingress.kubernetes.io/circuit-breaker-max-requests: "100"',
      ]),
      findings: [
        {
          messageId: 'unknownKey',
          message:
            'nginx.ingress.kubernetes.io/circuit-breaker-max-requests is not an annotation ingress-nginx reads, so ' +
            '"100" does nothing.',
          line: 8,
        },
      ],
    },
    {
      name: 'reports a known key under a misspelt or legacy prefix',
      yaml: ingress('fire-prefix', [
        'nginx.ingress.kubernetes.io/use-regex: "true"',
        'nginx.ingress.kubernetes.com/proxy-body-size: 20m',
        'ingress.kubernetes.io/ssl-redirect: "false"',
      ]),
      findings: [
        {
          messageId: 'wrongPrefix',
          message:
            'nginx.ingress.kubernetes.com/proxy-body-size has the wrong prefix, so ingress-nginx ignores "20m": it ' +
            'reads nginx.ingress.kubernetes.io/proxy-body-size (unless the controller runs with a matching ' +
            '--annotations-prefix).',
          line: 8,
        },
        { messageId: 'wrongPrefix', message: /^ingress\.kubernetes\.io\/ssl-redirect has the wrong prefix/, line: 9 },
      ],
    },
    {
      name: 'reports keys of another controller as info when an IngressClass shows that ingress-nginx serves the Ingress',
      yaml: `${ingress('fire-f5-leftovers', [
        'nginx.ingress.kubernetes.io/use-regex: "true"',
        'nginx.org/rewrites: "serviceName=legacy-api rewrite=/"',
        'traefik.ingress.kubernetes.io/router.tls: "true"',
        'cert-manager.io/cluster-issuer: letsencrypt',
      ])}---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: nginx
spec:
  controller: k8s.io/ingress-nginx
`,
      findings: [
        {
          messageId: 'otherControllerKey',
          message:
            'nginx.org/rewrites is read by F5 NGINX Ingress Controller, not by ingress-nginx, which serves this ' +
            'Ingress (IngressClass "nginx" has controller k8s.io/ingress-nginx), so "serviceName=legacy-api ' +
            'rewrite=/" has no effect.',
          line: 8,
          severity: 'info',
        },
        {
          messageId: 'otherControllerKey',
          message: /^traefik\.ingress\.kubernetes\.io\/router\.tls is read by Traefik, not by ingress-nginx/,
          line: 9,
          severity: 'info',
        },
      ],
    },
    {
      name: 'says how sure it is when the class name is the only hint besides the annotations',
      yaml: ingress('fire-internal-class', ['nginx.ingress.kubernetes.io/enable-cros: "true"'], 'internal'),
      findings: [
        {
          messageId: 'unknownKey',
          message:
            /Did you mean nginx\.ingress\.kubernetes\.io\/enable-cors\? \(ingress-nginx inferred with medium confidence: class "internal"/,
          line: 7,
        },
      ],
    },
  ],
});
