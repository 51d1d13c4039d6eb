/**
 * The ingress and gateway controllers kubeward knows, each by one id: the controller the detector finds running in a
 * workload (controllers.ts), the controller an IngressClass names (ingress-class.ts) and the controller whose
 * annotations a key is (annotation-prefixes.ts). Where an answer can fall outside this list, the answer's own type
 * adds `other` (a controller kubeward does not know) or `unknown` (it cannot tell).
 */
import { matchGlob } from '../k8s/glob.js';

export type IngressControllerId =
  | 'ingress-nginx'
  | 'f5-nginx'
  | 'traefik'
  | 'contour'
  | 'envoy'
  | 'envoy-gateway'
  | 'haproxy'
  | 'haproxy-ingress'
  | 'openshift-router'
  | 'kong'
  | 'istio-gateway'
  | 'emissary'
  | 'nginx-gateway-fabric'
  | 'aws-alb'
  | 'gce'
  | 'azure-agic'
  | 'skipper'
  | 'apisix';

/** What messages call each controller when they say whose annotation a key is (`read by Traefik`). */
export const CONTROLLER_LABELS: Readonly<Record<IngressControllerId, string>> = {
  'ingress-nginx': 'ingress-nginx',
  'f5-nginx': 'F5 NGINX Ingress Controller',
  traefik: 'Traefik',
  contour: 'Contour',
  envoy: 'Envoy',
  'envoy-gateway': 'Envoy Gateway',
  haproxy: 'HAProxy Kubernetes Ingress Controller',
  'haproxy-ingress': 'HAProxy Ingress',
  'openshift-router': 'the OpenShift router (HAProxy)',
  kong: 'Kong',
  'istio-gateway': 'Istio',
  emissary: 'Emissary-ingress',
  'nginx-gateway-fabric': 'NGINX Gateway Fabric',
  'aws-alb': 'AWS Load Balancer Controller',
  gce: 'GKE Ingress',
  'azure-agic': 'Azure Application Gateway Ingress Controller',
  skipper: 'Skipper',
  apisix: 'Apache APISIX',
};

/** IngressClass `spec.controller` and GatewayClass `spec.controllerName` values (globs) of well-known controllers. */
const KNOWN_CONTROLLER_NAMES: readonly (readonly [string, IngressControllerId])[] = [
  ['k8s.io/ingress-nginx', 'ingress-nginx'],
  ['nginx.org/ingress-controller', 'f5-nginx'],
  ['traefik.io/ingress-controller', 'traefik'],
  ['traefik.io/gateway-controller', 'traefik'],
  ['projectcontour.io/*', 'contour'],
  ['haproxy.org/ingress-controller', 'haproxy'],
  ['haproxy-ingress.github.io/controller', 'haproxy-ingress'],
  ['ingress-controllers.konghq.com/*', 'kong'],
  ['konghq.com/*', 'kong'],
  ['istio.io/*', 'istio-gateway'],
  ['getambassador.io/*', 'emissary'],
  ['gateway.envoyproxy.io/*', 'envoy-gateway'],
  ['gateway.nginx.org/*', 'nginx-gateway-fabric'],
  ['ingress.k8s.aws/alb', 'aws-alb'],
  ['azure/application-gateway', 'azure-agic'],
];

/** The controller an IngressClass or GatewayClass controller name identifies, if it is a well-known one. */
export function controllerIdOfName(name: string): IngressControllerId | undefined {
  for (const [pattern, id] of KNOWN_CONTROLLER_NAMES) if (matchGlob(pattern, name)) return id;
  return undefined;
}
