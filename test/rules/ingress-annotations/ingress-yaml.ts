import { dump } from 'js-yaml';
import { ingressClass, ingressNginxController } from '../../ingress/fixtures.js';
/** The Ingress manifest the annotation rule tests lint: one rule, one path, the given annotations from line 7 on. */
export interface IngressYamlOptions {
  namespace?: string;
  className?: string;
  host?: string;
  path?: string;
  pathType?: string;
  service?: string;
  port?: number;
}

export function ingressYaml(name: string, annotations: readonly string[], options: IngressYamlOptions = {}): string {
  const {
    namespace = 'shop',
    className = 'nginx',
    host = 'shop.example.com',
    path = '/',
    pathType = 'Prefix',
    service = name,
    port = 8080,
  } = options;
  return `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${name}
  namespace: ${namespace}
  annotations:
${annotations.map((a) => `    ${a}`).join('\n')}
spec:
  ingressClassName: ${className}
  rules:
    - host: ${host}
      http:
        paths:
          - path: ${path}
            pathType: ${pathType}
            backend:
              service: {name: ${service}, port: {number: ${port}}}
`;
}

/**
 * An IngressClass and the ingress-nginx controller Deployment that serves it with `args` (e.g.
 * `--annotations-prefix=custom.example.com`), as documents to append after an Ingress with `---`.
 */
export function nginxInstallYaml(
  args: readonly string[],
  className = 'nginx',
  controller = 'k8s.io/ingress-nginx',
): string {
  return [ingressClass(className, controller), ingressNginxController(['/nginx-ingress-controller', ...args])]
    .map((o) => dump(o, { flowLevel: 6 }))
    .join('---\n');
}
