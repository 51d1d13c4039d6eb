/** The annotation prefixes Ingress controllers read, and the controller each belongs to. */
import type { IngressControllerId } from './controller-ids.js';

export const INGRESS_NGINX_PREFIX = 'nginx.ingress.kubernetes.io/';

export interface ControllerPrefix {
  /** Ends with `/`. */
  readonly prefix: string;
  readonly controller: IngressControllerId;
}

/** Annotation prefixes read by Ingress controllers. cert-manager.io/ and similar add-ons are not controllers. */
const CONTROLLER_PREFIXES: readonly ControllerPrefix[] = [
  { prefix: INGRESS_NGINX_PREFIX, controller: 'ingress-nginx' },
  { prefix: 'nginx.org/', controller: 'f5-nginx' },
  { prefix: 'nginx.com/', controller: 'f5-nginx' },
  { prefix: 'appprotect.f5.com/', controller: 'f5-nginx' },
  { prefix: 'appprotectdos.f5.com/', controller: 'f5-nginx' },
  { prefix: 'traefik.ingress.kubernetes.io/', controller: 'traefik' },
  { prefix: 'haproxy.org/', controller: 'haproxy' },
  { prefix: 'haproxy-ingress.github.io/', controller: 'haproxy-ingress' },
  { prefix: 'haproxy.router.openshift.io/', controller: 'openshift-router' },
  { prefix: 'router.openshift.io/', controller: 'openshift-router' },
  { prefix: 'alb.ingress.kubernetes.io/', controller: 'aws-alb' },
  { prefix: 'ingress.gcp.kubernetes.io/', controller: 'gce' },
  { prefix: 'networking.gke.io/', controller: 'gce' },
  { prefix: 'konghq.com/', controller: 'kong' },
  { prefix: 'projectcontour.io/', controller: 'contour' },
  { prefix: 'appgw.ingress.kubernetes.io/', controller: 'azure-agic' },
  { prefix: 'getambassador.io/', controller: 'emissary' },
  { prefix: 'zalando.org/', controller: 'skipper' },
  { prefix: 'k8s.apisix.apache.org/', controller: 'apisix' },
];

const PREFIX_TABLE: ReadonlyMap<string, ControllerPrefix> = new Map(CONTROLLER_PREFIXES.map((p) => [p.prefix, p]));

/** The controller prefix a key is under (`traefik.ingress.kubernetes.io/router.tls` -> Traefik), if any. */
export function controllerPrefixOf(key: string): ControllerPrefix | undefined {
  const slash = key.indexOf('/');
  return slash < 0 ? undefined : PREFIX_TABLE.get(key.slice(0, slash + 1));
}
