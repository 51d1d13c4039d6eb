/**
 * What ingress-nginx decides per host, across every Ingress of a class (given in ingress-nginx's order): regex mode
 * (any `use-regex` or `rewrite-target` on the host switches all its paths; canaries do not count, their own keys
 * are not read), the TLS certificates (a host has TLS when any Ingress of the class lists it under `spec.tls`), and
 * TLS passthrough (any Ingress of the host with `ssl-passthrough`; the host's `/` location is the backend). Twin
 * hosts of `from-to-www-redirect` get their certificates too, but are no server of their own.
 */
import { regexModeName } from '../ingress/ingress-paths.js';
import { parseGoBool } from '../ingress/nginx-values.js';
import { asArray, asObject, asString, type K8sObject } from '../k8s/object.js';
import { appRootPath } from './annotations/redirects.js';
import { routePaths } from './matches.js';

export interface SecretRef {
  readonly namespace: string;
  readonly name: string;
}

export interface HostFacts {
  /** Ingresses (namespace/name) whose key switches the host to regex mode. */
  readonly regexCauses: Set<string>;
  readonly certificates: SecretRef[];
  /** False for a host only named as a twin (`from-to-www-redirect`): no Ingress of the class has rules for it. */
  readonly server: boolean;
  /** For a twin host: the first Ingress whose `from-to-www-redirect` asks for it (it gets the redirect route). */
  twinOf?: string;
  /** Ingresses (namespace/name) of the host by backend protocol: gRPC (GRPC, GRPCS) or HTTP (any other). */
  readonly protocols: { readonly grpc: string[]; readonly http: string[] };
  /** Ingresses (namespace/name) that set `ssl-passthrough` on the host. */
  readonly passthrough: string[];
  /** `server-alias` of the first Ingress of the host that sets it, without the names that are hosts themselves. */
  aliases?: { readonly source: string; names: string[]; readonly dropped: string[] };
  /** For a name that is a `server-alias`: the host whose alias it is (the first to claim it). */
  aliasOf?: string;
  /** The first Ingress with a rule for the host: it creates the server (its defaultBackend is the host's fallback). */
  creator?: string;
  /** Who owns each location (`path\npathType`): the first Ingress that has it; ingress-nginx ignores the others. */
  readonly owners: Map<string, LocationOwner>;
  /** The Ingress whose `app-root` the host uses: the one with the longest path (nginx sorts locations so). */
  appRoot?: { readonly source: string; readonly length: number };
  /** The first `/` location of the host (Prefix or ImplementationSpecific): what a passthrough host is sent to. */
  root?: { readonly source: string; readonly namespace: string; readonly backend: unknown };
}

export interface ClassIngress {
  readonly ingress: K8sObject;
  readonly namespace: string;
  readonly name: string;
  /** Its ingress-nginx keys by canonical name (under its controller's prefix). */
  readonly keys: ReadonlyMap<string, { readonly value: string }>;
  readonly canary: boolean;
}

/** The first Ingress (in ingress-nginx's order) with a location, and the backend it sends it to. */
export interface LocationOwner {
  readonly source: string;
  readonly namespace: string;
  readonly backend: unknown;
}

/** The twin of a host for `from-to-www-redirect`: `www.` added or removed; none for a wildcard. */
export function wwwTwin(host: string): string | undefined {
  if (host === '' || host.startsWith('*')) return undefined;
  return host.startsWith('www.') ? host.slice(4) : `www.${host}`;
}

/** A location of a host: its path and pathType. */
export function locationKey(path: string, pathType: string): string {
  return `${path}\n${pathType}`;
}

function keyOn(c: ClassIngress, name: string): boolean {
  return parseGoBool(c.keys.get(name)?.value) === true;
}

/** The facts of each host of one class. */
export function hostFactsOf(ingresses: readonly ClassIngress[]): Map<string, HostFacts> {
  const facts = new Map<string, HostFacts>();
  const get = (host: string, server = true): HostFacts => {
    let f = facts.get(host);
    if (f === undefined) {
      f = {
        regexCauses: new Set(),
        certificates: [],
        server,
        passthrough: [],
        owners: new Map(),
        protocols: { grpc: [], http: [] },
      };
      facts.set(host, f);
    }
    return f;
  };
  const twins = new Map<string, string>();
  // TLS hosts by name, and wildcards (`*.example.com`, one label) by their suffix (`.example.com`), with the order of
  // their entries: a host looks up both instead of testing every entry (linear in the input, not hosts x entries).
  const exact = new Map<string, { order: number; secret: SecretRef }[]>();
  const wildcard = new Map<string, { order: number; secret: SecretRef }[]>();
  let order = 0;
  for (const c of ingresses) {
    const { ingress, namespace, name } = c;
    const source = `${namespace}/${name}`;
    const paths = routePaths(ingress);
    const hosts = new Set(paths.map((p) => p.host));
    const canary = c.canary;
    const regex = regexModeName(c.keys);
    if (!canary && regex !== undefined) {
      for (const h of hosts) get(h).regexCauses.add(source);
    }
    // A canary creates no server and no location.
    if (!canary) {
      const grpc = /^GRPCS?$/.test(c.keys.get('backend-protocol')?.value.trim().toUpperCase() ?? '');
      for (const h of hosts) {
        const f = get(h);
        f.creator ??= source;
        (grpc ? f.protocols.grpc : f.protocols.http).push(source);
      }
      const appRoot = appRootPath(c.keys.get('app-root')?.value) !== undefined;
      for (const p of paths) {
        const f = get(p.host);
        const location = locationKey(p.path, p.pathType);
        if (!f.owners.has(location)) f.owners.set(location, { source, namespace, backend: p.backend });
        if (f.root === undefined && p.path === '/' && p.pathType !== 'Exact') {
          f.root = { source, namespace, backend: p.backend };
        }
        if (appRoot && (f.appRoot === undefined || p.path.length > f.appRoot.length)) {
          f.appRoot = { source, length: p.path.length };
        }
      }
      const alias = c.keys.get('server-alias')?.value;
      if (alias !== undefined && alias.trim() !== '') {
        const names = alias
          .split(',')
          .map((a) => a.trim())
          .filter((a) => a !== '');
        for (const h of hosts) {
          const f = get(h);
          if (h !== '' && f.aliases === undefined) f.aliases = { source, names: [...names], dropped: [] };
        }
      }
      if (keyOn(c, 'ssl-passthrough')) for (const h of hosts) if (h !== '') get(h).passthrough.push(source);
      if (keyOn(c, 'from-to-www-redirect')) {
        for (const h of hosts) {
          const twin = wwwTwin(h);
          if (twin !== undefined && !twins.has(twin)) twins.set(twin, source);
        }
      }
    }
    for (const t of asArray(asObject(ingress.spec)?.tls)) {
      const entry = asObject(t);
      const secretName = asString(entry?.secretName);
      if (secretName === undefined || secretName === '') continue;
      const secret = { namespace, name: secretName };
      for (const h of asArray(entry?.hosts)) {
        if (typeof h !== 'string') continue;
        const [table, key] = h.startsWith('*.') ? [wildcard, h.slice(1)] : [exact, h];
        const list = table.get(key);
        if (list) list.push({ order, secret });
        else table.set(key, [{ order, secret }]);
      }
      order++;
    }
  }
  for (const [twin, source] of twins) get(twin, false).twinOf = source;
  for (const [host, f] of [...facts]) {
    if (f.aliases === undefined) continue;
    const kept: string[] = [];
    for (const alias of f.aliases.names) {
      const name = alias.toLowerCase();
      const other = facts.get(name);
      // ingress-nginx drops an alias that is a host of its own; nginx serves a name claimed twice from one server
      // only: the first host keeps it.
      if (other?.server === true) f.aliases.dropped.push(`${alias} (a host of its own)`);
      else if (other?.aliasOf !== undefined && other.aliasOf !== host) {
        f.aliases.dropped.push(`${alias} (an alias of ${other.aliasOf} first)`);
      } else {
        get(name, false).aliasOf = host;
        kept.push(alias);
      }
    }
    f.aliases.names = kept;
  }
  for (const [host, f] of facts) {
    if (host === '') continue;
    const dot = host.indexOf('.');
    const covering = [...(exact.get(host) ?? []), ...(dot > 0 ? (wildcard.get(host.slice(dot)) ?? []) : [])];
    const seen = new Set<string>();
    for (const { secret } of covering.sort((a, b) => a.order - b.order)) {
      const key = `${secret.namespace}/${secret.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      f.certificates.push(secret);
    }
  }
  return facts;
}
