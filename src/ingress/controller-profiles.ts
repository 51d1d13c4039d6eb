/** The ingress and gateway controllers kubeward recognises, as messages and remediations name them. */
import type { IngressControllerId } from './controller-ids.js';

/**
 * What the detector can find: a known controller, an ingress controller it cannot name (`other`: a loaded class with
 * a controller name kubeward does not know, or labels that say "ingress controller"), or a workload marked critical.
 */
export type DetectedController = IngressControllerId | 'other' | 'critical';

export interface ControllerProfile {
  readonly id: DetectedController;
  /** What messages call it, e.g. `ingress-nginx controller`. */
  readonly name: string;
  /** The readiness endpoint that reports ready only once the configuration is loaded, for remediations. */
  readonly readiness: string;
  /** TCP ports (number or name) the controller opens only after its first reconciliation. */
  readonly reconciledTcpPorts?: readonly (number | string)[];
  /**
   * Set when the controller has no endpoint that waits for its routes (its `readiness` answers once the process runs):
   * why, and what holds traffic back instead, for messages.
   */
  readonly noRoutesEndpoint?: string;
}

const GENERIC_READINESS =
  'an HTTP endpoint that answers only once the controller has loaded its routes (not a TCP check and not the liveness endpoint)';

/** The two HAProxy controllers (HAProxy Technologies' and the haproxy-ingress project's) are named alike. */
const HAPROXY = { name: 'HAProxy ingress controller', readiness: 'httpGet /healthz on the controller health port' };

/** The cloud providers' load balancer controllers. */
const CLOUD = { name: 'cloud load balancer controller', readiness: 'httpGet /readyz on the health port' };

export const CONTROLLER_PROFILES: Readonly<Record<DetectedController, ControllerProfile>> = {
  'ingress-nginx': {
    id: 'ingress-nginx',
    name: 'ingress-nginx controller',
    readiness: 'httpGet /healthz on port 10254',
  },
  'f5-nginx': {
    id: 'f5-nginx',
    name: 'F5 NGINX Ingress Controller',
    readiness: 'httpGet /nginx-ready on the readiness port (8081 by default)',
  },
  traefik: {
    id: 'traefik',
    name: 'Traefik proxy',
    readiness: 'httpGet /ping on the ping entry point',
    // pkg/ping: /ping answers 200 while the process runs (503 once it is terminating), whatever its providers loaded.
    noRoutesEndpoint:
      'Traefik has no endpoint that waits for its routes (/ping answers once the process runs), so minReadySeconds is what gives a new pod time to load them',
  },
  contour: {
    id: 'contour',
    name: 'Contour ingress controller',
    readiness: 'httpGet /healthz on port 8000, or the xDS port 8001, which Contour opens only after its caches synced',
    reconciledTcpPorts: [8001, 'xds'],
  },
  envoy: {
    id: 'envoy',
    name: 'Envoy proxy',
    readiness: 'httpGet /ready on the Envoy health listener (8002 for Contour)',
  },
  'envoy-gateway': {
    id: 'envoy-gateway',
    name: 'Envoy Gateway',
    readiness: 'httpGet /ready on the proxy readiness port',
  },
  haproxy: { id: 'haproxy', ...HAPROXY },
  'haproxy-ingress': { id: 'haproxy-ingress', ...HAPROXY },
  kong: {
    id: 'kong',
    name: 'Kong gateway',
    readiness: 'httpGet /status/ready on the status listener (8100), which answers once a configuration is loaded',
  },
  'istio-gateway': {
    id: 'istio-gateway',
    name: 'Istio gateway',
    readiness: 'httpGet /healthz/ready on port 15021, which answers once the proxy received its configuration',
  },
  emissary: {
    id: 'emissary',
    name: 'Emissary-ingress controller',
    readiness: 'httpGet /ambassador/v0/check_ready on port 8877',
  },
  'nginx-gateway-fabric': {
    id: 'nginx-gateway-fabric',
    name: 'NGINX Gateway Fabric controller',
    readiness: 'httpGet /readyz on port 8081',
  },
  'aws-alb': { id: 'aws-alb', ...CLOUD },
  gce: { id: 'gce', ...CLOUD },
  'azure-agic': { id: 'azure-agic', ...CLOUD },
  // Known by their annotations; no evidence in a workload names them yet.
  'openshift-router': { id: 'openshift-router', name: 'OpenShift router', readiness: GENERIC_READINESS },
  skipper: { id: 'skipper', name: 'Skipper ingress controller', readiness: GENERIC_READINESS },
  apisix: { id: 'apisix', name: 'Apache APISIX ingress controller', readiness: GENERIC_READINESS },
  other: { id: 'other', name: 'ingress controller', readiness: GENERIC_READINESS },
  critical: { id: 'critical', name: 'critical workload', readiness: GENERIC_READINESS },
};
