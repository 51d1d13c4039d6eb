/**
 * Where routes attach: the Gateways the drafts create (one per IngressClass, shared across namespaces or one per
 * namespace) with a listener per host (HTTP on 80; HTTPS on 443 with the certificates of the `spec.tls` entries
 * that name the host), the ReferenceGrants a shared Gateway needs for Secrets in other namespaces, or an existing
 * parent (`--parent-ref`), for which nothing is created.
 */
import type { JsonObject } from '../k8s/object.js';
import {
  GATEWAY_V1,
  listenerName,
  MAX_LISTENERS_PER_GATEWAY,
  objectName,
  REFERENCE_GRANT_VERSION,
} from './gateway-api.js';
import type { SecretRef } from './host-facts.js';

export type Placement =
  | { readonly mode: 'shared'; readonly namespace: string }
  | { readonly mode: 'per-namespace' }
  | {
      readonly mode: 'parent-ref';
      readonly kind: 'Gateway' | 'ListenerSet';
      readonly namespace: string;
      readonly name: string;
      readonly sectionName?: string;
    };

export interface ParentRef {
  readonly kind?: 'ListenerSet';
  readonly namespace?: string;
  readonly name: string;
  readonly sectionName?: string;
}

/** HTTP on 80, HTTPS (TLS ended at the Gateway) or TLS (passed through to the backend) on 443. */
export type ListenerProtocol = 'HTTP' | 'HTTPS' | 'TLS';

interface Listener {
  readonly name: string;
  readonly protocol: ListenerProtocol;
  readonly port: number;
  readonly hostname?: string;
  readonly certificates: SecretRef[];
}

interface GatewayDraft {
  readonly namespace: string;
  readonly name: string;
  readonly className: string;
  readonly listeners: Map<string, Listener>;
  readonly sources: Set<string>;
}

export interface BuiltObject {
  readonly object: JsonObject;
  readonly sources: readonly string[];
  readonly comments: readonly string[];
}

export class GatewaySet {
  readonly #gateways = new Map<string, GatewayDraft>();
  readonly #placement: Placement;
  readonly #gatewayClass: string | undefined;

  constructor(placement: Placement, gatewayClass: string | undefined) {
    this.#placement = placement;
    this.#gatewayClass = gatewayClass;
  }

  /**
   * The parentRef for a route of `routeNamespace` on `host` over `protocol`, adding the listener it needs; for HTTPS
   * the host's certificates. Undefined when the listener cannot be added (the Gateway is full).
   */
  attach(
    className: string,
    routeNamespace: string,
    protocol: ListenerProtocol,
    host: string,
    certificates: readonly SecretRef[],
    source: string,
  ): ParentRef | undefined {
    const p = this.#placement;
    if (p.mode === 'parent-ref') {
      return {
        ...(p.kind === 'ListenerSet' ? { kind: 'ListenerSet' as const } : {}),
        ...(p.namespace !== routeNamespace ? { namespace: p.namespace } : {}),
        name: p.name,
        ...(p.sectionName !== undefined ? { sectionName: p.sectionName } : {}),
      };
    }
    const namespace = p.mode === 'shared' ? p.namespace : routeNamespace;
    const name = objectName(className === '' ? 'default' : className);
    const key = `${namespace}/${name}`;
    let gw = this.#gateways.get(key);
    if (gw === undefined) {
      gw = { namespace, name, className, listeners: new Map(), sources: new Set() };
      this.#gateways.set(key, gw);
    }
    gw.sources.add(source);
    const listenerKey = `${protocol}/${host}`;
    let listener = gw.listeners.get(listenerKey);
    if (listener === undefined) {
      if (gw.listeners.size >= MAX_LISTENERS_PER_GATEWAY) return undefined;
      listener = {
        name: listenerName(protocol.toLowerCase(), host),
        protocol,
        port: protocol === 'HTTP' ? 80 : 443,
        ...(host !== '' ? { hostname: host } : {}),
        certificates: [],
      };
      gw.listeners.set(listenerKey, listener);
    }
    for (const c of certificates) {
      if (!listener.certificates.some((x) => x.namespace === c.namespace && x.name === c.name))
        listener.certificates.push(c);
    }
    return {
      ...(namespace !== routeNamespace ? { namespace } : {}),
      name,
      sectionName: listener.name,
    };
  }

  /** The Gateways and the ReferenceGrants their certificates need. */
  build(): BuiltObject[] {
    const out: BuiltObject[] = [];
    const shared = this.#placement.mode === 'shared';
    for (const gw of [...this.#gateways.values()].sort((a, b) =>
      `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`),
    )) {
      const listeners = [...gw.listeners.values()]
        .filter((l) => l.protocol !== 'HTTPS' || l.certificates.length > 0)
        .map((l) => ({
          name: l.name,
          protocol: l.protocol,
          port: l.port,
          ...(l.hostname !== undefined ? { hostname: l.hostname } : {}),
          ...(l.protocol === 'HTTPS'
            ? {
                tls: {
                  mode: 'Terminate',
                  certificateRefs: l.certificates.map((c) => ({
                    kind: 'Secret',
                    group: '',
                    name: c.name,
                    ...(c.namespace !== gw.namespace ? { namespace: c.namespace } : {}),
                  })),
                },
              }
            : {}),
          ...(l.protocol === 'TLS' ? { tls: { mode: 'Passthrough' } } : {}),
          ...(shared ? { allowedRoutes: { namespaces: { from: 'All' } } } : {}),
        }));
      const className = this.#gatewayClass ?? (gw.className === '' ? 'default' : gw.className);
      const sources = [...gw.sources].sort();
      out.push({
        object: {
          apiVersion: GATEWAY_V1,
          kind: 'Gateway',
          metadata: {
            name: gw.name,
            namespace: gw.namespace,
            annotations: { 'kubeward.io/source-ingress': sources.join(',') },
          },
          spec: { gatewayClassName: className, listeners },
        },
        sources,
        comments: [
          `Gateway for IngressClass ${gw.className === '' ? '(none)' : gw.className}: a listener per host, HTTP on 80 and HTTPS on 443 (TLS, passed through, for ssl-passthrough hosts).`,
          ...(this.#gatewayClass === undefined
            ? [
                `gatewayClassName ${className} is the IngressClass's name: set the GatewayClass of your implementation (--gateway-class).`,
              ]
            : []),
          ...(shared
            ? [
                "allowedRoutes from All: routes of every namespace may attach; narrow it with a namespace selector where teams must not claim each other's hosts.",
              ]
            : []),
        ],
      });
      out.push(...this.#referenceGrants(gw));
    }
    return out;
  }

  #referenceGrants(gw: GatewayDraft): BuiltObject[] {
    const byNamespace = new Map<string, Set<string>>();
    for (const l of gw.listeners.values()) {
      for (const c of l.certificates) {
        if (c.namespace === gw.namespace) continue;
        let names = byNamespace.get(c.namespace);
        if (names === undefined) {
          names = new Set();
          byNamespace.set(c.namespace, names);
        }
        names.add(c.name);
      }
    }
    const out: BuiltObject[] = [];
    for (const [namespace, names] of [...byNamespace].sort(([a], [b]) => a.localeCompare(b))) {
      const sorted = [...names].sort();
      // `to` holds at most 16 entries: one grant per 16 Secrets.
      for (let i = 0; i < sorted.length; i += 16) {
        const part = sorted.slice(i, i + 16);
        out.push({
          object: {
            apiVersion: REFERENCE_GRANT_VERSION,
            kind: 'ReferenceGrant',
            metadata: {
              name: objectName('gateway', gw.namespace, gw.name, i === 0 ? '' : String(i / 16 + 1)),
              namespace,
            },
            spec: {
              from: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', namespace: gw.namespace }],
              to: part.map((name) => ({ group: '', kind: 'Secret', name })),
            },
          },
          sources: [],
          comments: [
            `Lets Gateway ${gw.namespace}/${gw.name} use these certificate Secrets of namespace ${namespace}.`,
          ],
        });
      }
    }
    return out;
  }
}
