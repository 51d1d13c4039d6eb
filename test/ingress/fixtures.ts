/** Objects of an ingress-nginx install that tests of the resolver, the rules and migrate build, in one place. */
import type { JsonObject } from '../../src/k8s/object.js';

export const INGRESS_NGINX_IMAGE = 'registry.k8s.io/ingress-nginx/controller:v1.13.3';

export interface ControllerFixture {
  name?: string;
  namespace?: string;
  kind?: string;
  image?: string;
  command?: string[];
}

/** An ingress-nginx controller workload (Deployment ingress-nginx/ingress-nginx-controller) run with `args`. */
export function ingressNginxController(args: readonly string[], f: ControllerFixture = {}): JsonObject {
  const { name = 'ingress-nginx-controller', namespace = 'ingress-nginx', kind = 'Deployment' } = f;
  const container: JsonObject = { name: 'controller', image: f.image ?? INGRESS_NGINX_IMAGE, args: [...args] };
  if (f.command !== undefined) container.command = f.command;
  return {
    apiVersion: 'apps/v1',
    kind,
    metadata: { name, namespace },
    spec: {
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [container] } },
    },
  };
}

/** An IngressClass. */
export function ingressClass(name: string, controller: string, metadata: JsonObject = {}): JsonObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'IngressClass',
    metadata: { name, ...metadata },
    spec: { controller },
  };
}
