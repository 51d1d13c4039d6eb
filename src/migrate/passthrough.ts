/**
 * `ssl-passthrough` (docs/migration/ingress-nginx-semantics.md §12): a host is passed through when any Ingress of
 * the class sets it on the host, and its TLS goes, by SNI and unopened, to the backend of the host's `/` location;
 * every other path of the host is served on port 80 only. In Gateway API: a TLS listener with mode Passthrough and a
 * TLSRoute with that backend, in the namespace of the Ingress whose `/` it is.
 */
import type { ObjectLookup } from '../k8s/lookup.js';
import type { JsonObject } from '../k8s/object.js';
import { backendRefObject } from './canary.js';
import { GATEWAY_V1, sourceAnnotation } from './gateway-api.js';
import type { GatewaySet } from './gateways.js';
import type { HostFacts } from './host-facts.js';
import { backendRefOf } from './matches.js';
import type { IngressProblem } from './record.js';

export interface PassthroughRoute {
  readonly namespace: string;
  readonly baseName: string;
  readonly object: (name: string) => JsonObject;
  readonly sources: readonly string[];
  readonly comments: readonly string[];
}

/** The TLSRoutes of one class, and the problems of the Ingresses that asked for passthrough. */
export function passthroughRoutes(
  facts: ReadonlyMap<string, HostFacts>,
  className: string,
  gateways: GatewaySet,
  index: ObjectLookup,
): { routes: PassthroughRoute[]; problems: Map<string, IngressProblem[]> } {
  const routes: PassthroughRoute[] = [];
  const problems = new Map<string, IngressProblem[]>();
  const tell = (sources: readonly string[], message: string) => {
    for (const s of sources) {
      const list = problems.get(s);
      if (list) list.push({ message });
      else problems.set(s, [{ message }]);
    }
  };
  for (const [host, f] of facts) {
    if (f.passthrough.length === 0 || !f.server) continue;
    if (f.root === undefined) {
      tell(
        f.passthrough,
        `ssl-passthrough on ${host}: no Ingress of the class has the path / there, so ingress-nginx passes TLS to its ` +
          'default backend; no TLSRoute is drafted',
      );
      continue;
    }
    const ref = backendRefOf(f.root.backend, f.root.namespace, index);
    if ('problem' in ref) {
      tell(f.passthrough, `ssl-passthrough on ${host}: ${ref.problem}; no TLSRoute is drafted`);
      continue;
    }
    const sources = [...new Set([f.root.source, ...f.passthrough])];
    const attached = gateways.attach(className, f.root.namespace, 'TLS', host, [], sources[0] ?? '');
    // An existing parent's section is for HTTP routes; the TLSRoute needs a TLS listener in Passthrough mode there.
    const { sectionName: _, ...bare } = attached;
    const parent = gateways.singleParent ? bare : attached;
    if (gateways.singleParent) {
      tell(
        f.passthrough,
        `ssl-passthrough on ${host}: the TLSRoute attaches to the --parent-ref parent, which needs a TLS listener in ` +
          `Passthrough mode on port 443 for ${host} (an HTTPS listener does not take TLSRoutes)`,
      );
    }
    const namespace = f.root.namespace;
    const backend = backendRefObject(ref.ref, namespace);
    routes.push({
      namespace,
      baseName: `${f.root.source.slice(namespace.length + 1)}-${host}-passthrough`,
      sources,
      object: (name) => ({
        apiVersion: GATEWAY_V1,
        kind: 'TLSRoute',
        metadata: { name, namespace, annotations: sourceAnnotation(sources) },
        spec: { parentRefs: [{ ...parent }], hostnames: [host], rules: [{ backendRefs: [backend] }] },
      }),
      comments: [
        `TLSRoute from Ingress ${sources.join(', ')}: TLS for ${host} passed through, unopened, to the backend of its / path.`,
        'ingress-nginx did this only with --enable-ssl-passthrough on the controller; its other paths of the host are served on port 80 only, as here.',
      ],
    });
  }
  return { routes, problems };
}
