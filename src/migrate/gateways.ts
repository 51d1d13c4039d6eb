/**
 * Where routes attach: the Gateways the drafts create (one per IngressClass, shared across namespaces or one per
 * namespace) with a listener per host (HTTP on 80; HTTPS on 443 with the certificates of the `spec.tls` entries
 * that name the host), the ReferenceGrants a shared Gateway needs for Secrets in other namespaces, or an existing
 * parent (`--parent-ref`), for which nothing is created. A Gateway holds 64 listeners: the listeners past them go to
 * ListenerSets attached to it (v1.5), so every host keeps the Gateway's address, as it had the controller's.
 */
import type { JsonObject } from '../k8s/object.js';
import {
  GATEWAY_GROUP,
  GATEWAY_V1,
  type GatewayApiVersion,
  listenerName,
  MAX_LISTENERS_PER_GATEWAY,
  NEEDS,
  objectName,
  REFERENCE_GRANT_VERSION,
  sourceAnnotation,
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
  /** The Ingresses whose routes attach to it. */
  readonly sources: Set<string>;
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
  /** Every listener, by protocol and host, with where it lives: the Gateway (-1) or a ListenerSet (its index). */
  readonly listeners: Map<string, { readonly listener: Listener; readonly set: number }>;
  /** How many listeners the Gateway and each ListenerSet hold. */
  readonly counts: number[];
  /** The listener names taken (two hosts can make one name: `a-b.x` and `a.b.x`). */
  readonly names: Set<string>;
  readonly sources: Set<string>;
}

export interface BuiltObject {
  readonly object: JsonObject;
  readonly sources: readonly string[];
  readonly comments: readonly string[];
  /** The Gateway API release it needs, when later than v1.0. */
  readonly needs?: GatewayApiVersion;
}

/** The ListenerSet that holds the `set`-th group of 64 listeners past the Gateway's own. */
function listenerSetName(gateway: string, set: number): string {
  return objectName(gateway, 'listeners', String(set + 1));
}

export class GatewaySet {
  readonly #gateways = new Map<string, GatewayDraft>();
  readonly #placement: Placement;
  readonly #gatewayClass: string | undefined;

  constructor(placement: Placement, gatewayClass: string | undefined) {
    this.#placement = placement;
    this.#gatewayClass = gatewayClass;
  }

  /** Every route attaches to one existing parent (`--parent-ref`): HTTP and HTTPS are not told apart. */
  get singleParent(): boolean {
    return this.#placement.mode === 'parent-ref';
  }

  /**
   * The parentRef for a route of `routeNamespace` on `host` over `protocol`, adding the listener it needs; for HTTPS
   * the host's certificates; past the Gateway's 64 listeners, on a ListenerSet attached to it.
   */
  attach(
    className: string,
    routeNamespace: string,
    protocol: ListenerProtocol,
    host: string,
    certificates: readonly SecretRef[],
    source: string,
  ): ParentRef {
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
      gw = { namespace, name, className, listeners: new Map(), counts: [0], names: new Set(), sources: new Set() };
      this.#gateways.set(key, gw);
    }
    gw.sources.add(source);
    const listenerKey = `${protocol}/${host}`;
    let entry = gw.listeners.get(listenerKey);
    if (entry === undefined) {
      // counts[0] is the Gateway's, counts[i] the ListenerSet i-1's; only the last one can have room.
      let slot = gw.counts.length - 1;
      if ((gw.counts[slot] ?? 0) >= MAX_LISTENERS_PER_GATEWAY) {
        gw.counts.push(0);
        slot++;
      }
      let listenerId = listenerName(protocol.toLowerCase(), host);
      if (gw.names.has(listenerId)) listenerId = listenerName(protocol.toLowerCase(), host, true);
      gw.names.add(listenerId);
      gw.counts[slot] = (gw.counts[slot] ?? 0) + 1;
      entry = {
        listener: {
          sources: new Set(),
          name: listenerId,
          protocol,
          port: protocol === 'HTTP' ? 80 : 443,
          ...(host !== '' ? { hostname: host } : {}),
          certificates: [],
        },
        set: slot - 1,
      };
      gw.listeners.set(listenerKey, entry);
    }
    const { listener, set } = entry;
    listener.sources.add(source);
    for (const c of certificates) {
      if (!listener.certificates.some((x) => x.namespace === c.namespace && x.name === c.name))
        listener.certificates.push(c);
    }
    if (set >= 0) {
      return {
        kind: 'ListenerSet',
        ...(namespace !== routeNamespace ? { namespace } : {}),
        name: listenerSetName(name, set),
        sectionName: listener.name,
      };
    }
    return {
      ...(namespace !== routeNamespace ? { namespace } : {}),
      name,
      sectionName: listener.name,
    };
  }

  /** The Gateways, their ListenerSets, and the ReferenceGrants their certificates need. */
  build(): BuiltObject[] {
    const out: BuiltObject[] = [];
    const shared = this.#placement.mode === 'shared';
    const listenerObject = (l: Listener, namespace: string): JsonObject => ({
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
                ...(c.namespace !== namespace ? { namespace: c.namespace } : {}),
              })),
            },
          }
        : {}),
      ...(l.protocol === 'TLS' ? { tls: { mode: 'Passthrough' } } : {}),
      ...(shared ? { allowedRoutes: { namespaces: { from: 'All' } } } : {}),
    });
    for (const gw of [...this.#gateways.values()].sort((a, b) =>
      `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`),
    )) {
      // An HTTPS listener without a certificate would be invalid: its routes are on the HTTP one.
      const kept = [...gw.listeners.values()].filter(
        (e) => e.listener.protocol !== 'HTTPS' || e.listener.certificates.length > 0,
      );
      const sets = gw.counts.length - 1;
      const className = this.#gatewayClass ?? (gw.className === '' ? 'default' : gw.className);
      const sources = [...gw.sources].sort();
      // Each object names the Ingresses of its own listeners.
      const bySet = new Map<number, typeof kept>();
      for (const e of kept) bySet.set(e.set, [...(bySet.get(e.set) ?? []), e]);
      const sourcesOf = (set: number) => new Set((bySet.get(set) ?? []).flatMap((e) => [...e.listener.sources]));
      out.push({
        object: {
          apiVersion: GATEWAY_V1,
          kind: 'Gateway',
          metadata: { name: gw.name, namespace: gw.namespace, annotations: sourceAnnotation(sourcesOf(-1)) },
          spec: {
            gatewayClassName: className,
            ...(sets > 0 ? { allowedListeners: { namespaces: { from: 'Same' } } } : {}),
            listeners: (bySet.get(-1) ?? []).map((e) => listenerObject(e.listener, gw.namespace)),
          },
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
          ...(sets > 0
            ? [
                `It holds ${MAX_LISTENERS_PER_GATEWAY} listeners, the most a Gateway may; the other hosts' listeners are in ${sets} ListenerSet${sets > 1 ? 's' : ''} attached to it (allowedListeners from Same), so they keep its address.`,
              ]
            : []),
        ],
        ...(sets > 0 ? { needs: NEEDS.listenerSet } : {}),
      });
      for (let set = 0; set < sets; set++) {
        const listeners = (bySet.get(set) ?? []).map((e) => listenerObject(e.listener, gw.namespace));
        if (listeners.length === 0) continue;
        out.push({
          object: {
            apiVersion: GATEWAY_V1,
            kind: 'ListenerSet',
            metadata: {
              name: listenerSetName(gw.name, set),
              namespace: gw.namespace,
              annotations: sourceAnnotation(sourcesOf(set)),
            },
            spec: { parentRef: { name: gw.name }, listeners },
          },
          sources: [...sourcesOf(set)].sort(),
          comments: [
            `More listeners of Gateway ${gw.namespace}/${gw.name} (group ${set + 1}), which may hold only ${MAX_LISTENERS_PER_GATEWAY} itself; routes attach to them through this ListenerSet.`,
          ],
          needs: NEEDS.listenerSet,
        });
      }
      out.push(...this.#referenceGrants(gw));
    }
    return out;
  }

  #referenceGrants(gw: GatewayDraft): BuiltObject[] {
    const byNamespace = new Map<string, Set<string>>();
    const kinds = new Set<string>();
    for (const { listener: l, set } of gw.listeners.values()) {
      for (const c of l.certificates) {
        if (c.namespace === gw.namespace) continue;
        kinds.add(set < 0 ? 'Gateway' : 'ListenerSet');
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
              from: [...kinds].sort().map((kind) => ({ group: GATEWAY_GROUP, kind, namespace: gw.namespace })),
              to: part.map((name) => ({ group: '', kind: 'Secret', name })),
            },
          },
          sources: [],
          comments: [
            `Lets Gateway ${gw.namespace}/${gw.name}${kinds.has('ListenerSet') ? ' and its ListenerSets' : ''} use these certificate Secrets of namespace ${namespace}.`,
          ],
        });
      }
    }
    return out;
  }
}
