/**
 * A small in-memory Kubernetes API server for tests that use the real client library (client-node through a
 * generated kubeconfig file), not mocks of it. It speaks the list/watch protocol of the resources it is given:
 *
 * - `GET /api/v1/...` and `/apis/<group>/<version>/...`, all namespaces or `/namespaces/<ns>/...`; a single object
 *   by name; bearer-token authentication (401 without it).
 * - List: `{kind: <Kind>List, metadata: {resourceVersion, continue?, remainingItemCount?}, items}`. Items have no
 *   `apiVersion`/`kind` (as the API server sends built-in types), except for resources marked `crd`. `limit` and
 *   `continue` page through a snapshot taken at the first page; `compact()` drops snapshots, so an old continue
 *   token gets 410 Expired.
 * - Watch (`?watch=true&resourceVersion=N`): one JSON object per line, `{type, object}` with ADDED, MODIFIED,
 *   DELETED and BOOKMARK. Without a resourceVersion (or `0`) the current objects come first as ADDED. A
 *   resourceVersion older than the last `compact()` gets 200 then an ERROR event with a 410 Expired Status, and
 *   the stream ends, as the real API server does (`expiredWatch: 'status'` answers HTTP 410 instead).
 * - Faults: `fail(plural, status)` (e.g. 403 on one resource; `continueOnly` for a 410 on every continue token),
 *   `unregister(plural)` (a CRD that is not installed: 404), `dropWatches()` (server-side close of every open
 *   watch), `makeUnavailable()` / `makeAvailable()` (stop listening and cut every connection, then listen again on
 *   the same port), `endlessContinue(plural)` (every list page carries a new continue token), `silence(plural?)`
 *   (requests are read and never answered: the connection stays open).
 *
 * One resourceVersion counter serves every resource, like etcd. Label and field selectors are ignored.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WATCHED_RESOURCES } from '../../src/cluster/kinds.js';

export interface FakeResource {
  group: string;
  version: string;
  plural: string;
  kind: string;
  namespaced: boolean;
  /** A custom resource: list items carry apiVersion and kind. */
  crd?: boolean;
}

/** Resources a test can fill to prove that kubeward never reads them. */
export const SENSITIVE_RESOURCES: readonly FakeResource[] = [
  { group: '', version: 'v1', plural: 'configmaps', kind: 'ConfigMap', namespaced: true },
  { group: '', version: 'v1', plural: 'secrets', kind: 'Secret', namespaced: true },
  { group: '', version: 'v1', plural: 'pods', kind: 'Pod', namespaced: true },
];

/** kubeward's watched resources (the VPA as a CRD) plus ConfigMaps, Secrets and Pods. */
export const DEFAULT_FAKE_RESOURCES: readonly FakeResource[] = [
  ...WATCHED_RESOURCES.map((r) => ({
    group: r.group,
    version: r.version,
    plural: r.plural,
    kind: r.kind,
    namespaced: r.namespaced,
    crd: r.optional,
  })),
  ...SENSITIVE_RESOURCES,
];

export type Verb = 'list' | 'watch' | 'get';

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  verb: Verb | 'other';
  /** The resource's plural, when the path names a known one. */
  resource?: string;
  namespace?: string;
  status: number;
  /** A watch refused because its resourceVersion was compacted (410, as an ERROR event or an HTTP status). */
  expired?: boolean;
}

export interface FakeApiServerOptions {
  resources?: readonly FakeResource[];
  /** The bearer token requests must carry (default `kubeward-test-token`). */
  token?: string;
  /** How a watch from a compacted resourceVersion is refused: `event` (default, like the API server) or `status`. */
  expiredWatch?: 'event' | 'status';
}

export interface KubeconfigOptions {
  /** The current context's name (default `fake`). */
  context?: string;
  /** More contexts pointing at the same server. */
  extraContexts?: string[];
  /** The token the kubeconfig holds (default: the server's). */
  token?: string;
  /** The context's default namespace. */
  namespace?: string;
}

export interface FakeApiServer {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  readonly token: string;
  /** Every request answered, in order. */
  readonly requests: RecordedRequest[];
  /** Writes a kubeconfig for this server into a temporary directory (removed by `close()`) and returns its path. */
  writeKubeconfig(options?: KubeconfigOptions): string;
  /** Creates or replaces an object (by apiVersion, kind, namespace, name); watchers get ADDED or MODIFIED. */
  apply(object: object): Record<string, unknown>;
  /** Deletes an object; watchers get DELETED. Returns false when there was none. */
  remove(kind: string, namespace: string | undefined, name: string): boolean;
  /** The stored objects of one resource (plural), or of all. */
  objects(plural?: string): Record<string, unknown>[];
  /** The current resourceVersion. */
  resourceVersion(): number;
  /** Sends a BOOKMARK with the current resourceVersion to every open watch (of one resource). */
  bookmark(plural?: string): void;
  /** Closes every open watch from the server side: `end` finishes the response, `destroy` cuts the socket. */
  dropWatches(mode?: 'end' | 'destroy'): number;
  /** Open watches (of one resource). */
  openWatches(plural?: string): number;
  /** Resolves once at least `count` watches (of one resource) are open. */
  waitForWatches(count: number, options?: { plural?: string; timeoutMs?: number }): Promise<void>;
  /** Forgets the event history and list snapshots: older resourceVersions and continue tokens get 410. */
  compact(): void;
  /** Stops listening and cuts every connection: clients get ECONNREFUSED. */
  makeUnavailable(): Promise<void>;
  /** Listens again on the same port. */
  makeAvailable(): Promise<void>;
  /** Serves a resource (a CRD being installed). */
  register(resource: FakeResource): void;
  /** Stops serving a resource: its URLs get 404 (a CRD that is not installed). Its objects are kept. */
  unregister(plural: string): void;
  /**
   * Answers `status` to requests for a resource (all verbs unless `verbs`), e.g. 403 for missing RBAC. With
   * `continueOnly`, only list requests that carry a continue token fail (410: every token has expired).
   */
  fail(
    plural: string,
    status: number,
    options?: { verbs?: readonly Verb[]; message?: string; continueOnly?: boolean },
  ): void;
  /** Every list page of the resource carries a continue token, a new one each time (a broken or hostile server). */
  endlessContinue(plural: string): void;
  /** Requests for the resource (every request, without `plural`) are read and never answered. */
  silence(plural?: string): void;
  /** Removes every fault: `fail`, `endlessContinue` and `silence`. */
  clearFaults(): void;
  close(): Promise<void>;
}

type StoredObject = Record<string, unknown> & { metadata: Record<string, unknown> };
type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

interface HistoryEvent {
  rv: number;
  plural: string;
  type: EventType;
  object: StoredObject;
}

interface Watcher {
  res: ServerResponse;
  plural: string;
  namespace: string | undefined;
}

interface Snapshot {
  rv: number;
  items: StoredObject[];
}

interface Fault {
  status: number;
  verbs: ReadonlySet<Verb>;
  message: string | undefined;
  continueOnly: boolean;
}

/** `silence()` without a resource: every request. */
const ALL_RESOURCES = '*';

const REASONS: Readonly<Record<number, string>> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  410: 'Expired',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
};

const TOO_OLD_CONTINUE =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.';

function statusBody(code: number, message: string): Record<string, unknown> {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason: REASONS[code] ?? 'Unknown',
    code,
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function apiVersionOf(r: FakeResource): string {
  return r.group === '' ? r.version : `${r.group}/${r.version}`;
}

function resourceKey(r: FakeResource): string {
  return `${r.group}/${r.version}/${r.plural}`;
}

function objectKey(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

export async function startFakeApiServer(options: FakeApiServerOptions = {}): Promise<FakeApiServer> {
  const token = options.token ?? 'kubeward-test-token';
  const expiredWatch = options.expiredWatch ?? 'event';
  const served = new Map<string, FakeResource>();
  const byPlural = new Map<string, FakeResource>();
  const stores = new Map<string, Map<string, StoredObject>>();
  for (const r of options.resources ?? DEFAULT_FAKE_RESOURCES) {
    served.set(resourceKey(r), r);
    byPlural.set(r.plural, r);
    stores.set(r.plural, new Map());
  }
  const history: HistoryEvent[] = [];
  const watchers = new Set<Watcher>();
  const snapshots = new Map<string, Snapshot>();
  const faults = new Map<string, Fault>();
  const endless = new Set<string>();
  const silenced = new Set<string>();
  const sockets = new Set<Socket>();
  const requests: RecordedRequest[] = [];
  const tempDirs: string[] = [];
  let rv = 1;
  let compactedRv = 0;
  let snapshotSeq = 0;

  const resourceForObject = (apiVersion: unknown, kind: unknown): FakeResource => {
    for (const r of byPlural.values()) if (apiVersionOf(r) === apiVersion && r.kind === kind) return r;
    throw new Error(`fake API server: no resource for ${String(apiVersion)} ${String(kind)}`);
  };
  const resourceForKind = (kind: string): FakeResource => {
    for (const r of byPlural.values()) if (r.kind === kind) return r;
    throw new Error(`fake API server: no resource for kind ${kind}`);
  };
  const storeOf = (r: FakeResource): Map<string, StoredObject> => {
    let store = stores.get(r.plural);
    if (!store) {
      store = new Map();
      stores.set(r.plural, store);
    }
    return store;
  };

  const writeEvent = (w: Watcher, type: string, object: unknown): void => {
    w.res.write(`${JSON.stringify({ type, object })}\n`);
  };
  const broadcast = (event: HistoryEvent): void => {
    for (const w of watchers) {
      if (w.plural !== event.plural) continue;
      if (w.namespace !== undefined && event.object.metadata.namespace !== w.namespace) continue;
      writeEvent(w, event.type, event.object);
    }
  };
  const record = (event: HistoryEvent): void => {
    history.push(event);
    broadcast(event);
  };

  const sorted = (r: FakeResource, namespace: string | undefined): StoredObject[] =>
    [...storeOf(r).values()]
      .filter((o) => namespace === undefined || o.metadata.namespace === namespace)
      .sort((a, b) => {
        const ka = objectKey(a.metadata.namespace as string | undefined, String(a.metadata.name));
        const kb = objectKey(b.metadata.namespace as string | undefined, String(b.metadata.name));
        return ka < kb ? -1 : ka > kb ? 1 : 0;
      });

  const listItem = (r: FakeResource, o: StoredObject): Record<string, unknown> => {
    if (r.crd) return o;
    const { apiVersion: _a, kind: _k, ...rest } = o;
    return rest;
  };

  const send = (req: RecordedRequest, res: ServerResponse, status: number, body: unknown): void => {
    req.status = status;
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  const handleList = (
    rec: RecordedRequest,
    res: ServerResponse,
    r: FakeResource,
    namespace: string | undefined,
    query: Record<string, string>,
  ): void => {
    const limit = Number.parseInt(query.limit ?? '', 10);
    let snapshot: Snapshot;
    let offset = 0;
    let id: string;
    if (query.continue) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(Buffer.from(query.continue, 'base64url').toString('utf8'));
      } catch {
        send(rec, res, 400, statusBody(400, 'invalid continue token'));
        return;
      }
      const found = isRecord(parsed) && typeof parsed.id === 'string' ? snapshots.get(parsed.id) : undefined;
      if (!found || !isRecord(parsed) || typeof parsed.offset !== 'number') {
        send(rec, res, 410, statusBody(410, TOO_OLD_CONTINUE));
        return;
      }
      snapshot = found;
      offset = parsed.offset;
      id = parsed.id as string;
    } else {
      snapshot = { rv, items: sorted(r, namespace).map((o) => structuredClone(o)) };
      id = String(++snapshotSeq);
    }
    const end =
      Number.isFinite(limit) && limit > 0 ? Math.min(offset + limit, snapshot.items.length) : snapshot.items.length;
    const metadata: Record<string, unknown> = { resourceVersion: String(snapshot.rv) };
    if (endless.has(r.plural)) {
      // Back to the start, under a token never sent before.
      snapshots.set(id, snapshot);
      const offsetNext = end < snapshot.items.length ? end : 0;
      metadata.continue = Buffer.from(JSON.stringify({ id, offset: offsetNext, n: ++snapshotSeq })).toString(
        'base64url',
      );
    } else if (end < snapshot.items.length) {
      snapshots.set(id, snapshot);
      metadata.continue = Buffer.from(JSON.stringify({ id, offset: end })).toString('base64url');
      metadata.remainingItemCount = snapshot.items.length - end;
    } else {
      snapshots.delete(id);
    }
    send(rec, res, 200, {
      kind: `${r.kind}List`,
      apiVersion: apiVersionOf(r),
      metadata,
      items: snapshot.items.slice(offset, end).map((o) => listItem(r, o)),
    });
  };

  const handleWatch = (
    rec: RecordedRequest,
    req: IncomingMessage,
    res: ServerResponse,
    r: FakeResource,
    namespace: string | undefined,
    query: Record<string, string>,
  ): void => {
    const from = query.resourceVersion ?? '';
    const resume = from !== '' && from !== '0';
    const fromRv = Number(from);
    if (resume && (!Number.isInteger(fromRv) || fromRv < 0)) {
      send(rec, res, 400, statusBody(400, `invalid resourceVersion "${from}"`));
      return;
    }
    const expired = resume && fromRv < compactedRv;
    const expiredMessage = `too old resource version: ${fromRv} (${compactedRv})`;
    if (expired) rec.expired = true;
    if (expired && expiredWatch === 'status') {
      send(rec, res, 410, statusBody(410, expiredMessage));
      return;
    }
    rec.status = 200;
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-cache, private' });
    res.flushHeaders();
    const watcher: Watcher = { res, plural: r.plural, namespace };
    if (expired) {
      writeEvent(watcher, 'ERROR', statusBody(410, expiredMessage));
      res.end();
      return;
    }
    if (resume) {
      for (const ev of history) {
        if (ev.rv <= fromRv || ev.plural !== r.plural) continue;
        if (namespace !== undefined && ev.object.metadata.namespace !== namespace) continue;
        writeEvent(watcher, ev.type, ev.object);
      }
    } else {
      for (const o of sorted(r, namespace)) writeEvent(watcher, 'ADDED', o);
    }
    watchers.add(watcher);
    const seconds = Number(query.timeoutSeconds);
    const timer = Number.isFinite(seconds) && seconds > 0 ? setTimeout(() => res.end(), seconds * 1000) : undefined;
    const forget = (): void => {
      if (timer) clearTimeout(timer);
      watchers.delete(watcher);
    };
    req.on('close', forget);
    res.on('close', forget);
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const query = Object.fromEntries(url.searchParams);
    const rec: RecordedRequest = { method: req.method ?? 'GET', path: url.pathname, query, verb: 'other', status: 0 };
    requests.push(rec);
    if (silenced.has(ALL_RESOURCES)) return;
    if (req.headers.authorization !== `Bearer ${token}`) {
      send(rec, res, 401, statusBody(401, 'Unauthorized'));
      return;
    }
    const parts = url.pathname.split('/').filter((p) => p !== '');
    let group: string;
    let version: string;
    let rest: string[];
    if (parts[0] === 'api' && parts.length >= 2) {
      group = '';
      version = parts[1] as string;
      rest = parts.slice(2);
    } else if (parts[0] === 'apis' && parts.length >= 3) {
      group = parts[1] as string;
      version = parts[2] as string;
      rest = parts.slice(3);
    } else {
      send(rec, res, 404, statusBody(404, 'the server could not find the requested resource'));
      return;
    }
    let namespace: string | undefined;
    if (rest[0] === 'namespaces' && rest.length >= 3) {
      namespace = decodeURIComponent(rest[1] as string);
      rest = rest.slice(2);
    }
    const plural = rest[0];
    const name = rest[1] !== undefined ? decodeURIComponent(rest[1]) : undefined;
    const r = plural !== undefined ? served.get(`${group}/${version}/${plural}`) : undefined;
    if (r !== undefined) rec.resource = r.plural;
    if (namespace !== undefined) rec.namespace = namespace;
    if (r === undefined || rest.length > 2 || (namespace !== undefined && !r.namespaced)) {
      send(rec, res, 404, statusBody(404, 'the server could not find the requested resource'));
      return;
    }
    const watch = query.watch === 'true' || query.watch === '1';
    rec.verb = req.method !== 'GET' ? 'other' : name !== undefined ? 'get' : watch ? 'watch' : 'list';
    if (rec.verb === 'other') {
      send(rec, res, 405, statusBody(405, `the fake API server only answers GET, not ${req.method}`));
      return;
    }
    if (silenced.has(r.plural)) return;
    const fault = faults.get(r.plural);
    if (fault?.verbs.has(rec.verb) && (!fault.continueOnly || (rec.verb === 'list' && Boolean(query.continue)))) {
      const resName = r.group === '' ? r.plural : `${r.plural}.${r.group}`;
      const scope = namespace === undefined ? 'at the cluster scope' : `in the namespace "${namespace}"`;
      const message =
        fault.message ??
        (fault.status === 403
          ? `${resName} is forbidden: User "system:serviceaccount:kubeward:kubeward" cannot ${rec.verb} resource "${r.plural}" in API group "${r.group}" ${scope}`
          : fault.status === 410
            ? TOO_OLD_CONTINUE
            : `injected ${fault.status} for ${resName}`);
      send(rec, res, fault.status, statusBody(fault.status, message));
      return;
    }
    if (rec.verb === 'get') {
      const found = storeOf(r).get(objectKey(r.namespaced ? namespace : undefined, name as string));
      if (found) send(rec, res, 200, found);
      else send(rec, res, 404, statusBody(404, `${r.plural} "${name}" not found`));
      return;
    }
    if (rec.verb === 'watch') handleWatch(rec, req, res, r, namespace, query);
    else handleList(rec, res, r, namespace, query);
  };

  const server = createServer(handle);
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const listen = (port: number): Promise<void> =>
    new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  await listen(0);
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  let listening = true;

  const cutEverything = async (): Promise<void> => {
    for (const w of watchers) w.res.destroy();
    watchers.clear();
    for (const s of sockets) s.destroy();
    sockets.clear();
    if (!listening) return;
    listening = false;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };

  return {
    url,
    token,
    requests,
    writeKubeconfig(kc = {}) {
      const dir = mkdtempSync(join(tmpdir(), 'kubeward-fake-kube-'));
      tempDirs.push(dir);
      const contextName = kc.context ?? 'fake';
      const context = (name: string): Record<string, unknown> => ({
        name,
        context: { cluster: 'fake-cluster', user: 'fake-user', ...(kc.namespace ? { namespace: kc.namespace } : {}) },
      });
      const config = {
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'fake-cluster', cluster: { server: url, 'insecure-skip-tls-verify': true } }],
        users: [{ name: 'fake-user', user: { token: kc.token ?? token } }],
        contexts: [context(contextName), ...(kc.extraContexts ?? []).map(context)],
        'current-context': contextName,
      };
      const file = join(dir, 'kubeconfig');
      writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
      return file;
    },
    apply(object) {
      const obj = structuredClone(object) as Record<string, unknown>;
      const r = resourceForObject(obj.apiVersion, obj.kind);
      const metadata = isRecord(obj.metadata) ? obj.metadata : {};
      obj.metadata = metadata;
      if (typeof metadata.name !== 'string' || metadata.name === '') throw new Error('fake API server: no name');
      if (r.namespaced) metadata.namespace = typeof metadata.namespace === 'string' ? metadata.namespace : 'default';
      else delete metadata.namespace;
      const key = objectKey(metadata.namespace as string | undefined, metadata.name);
      const store = storeOf(r);
      const existing = store.get(key);
      rv++;
      metadata.resourceVersion = String(rv);
      metadata.uid = existing?.metadata.uid ?? randomUUID();
      metadata.creationTimestamp = existing?.metadata.creationTimestamp ?? new Date().toISOString();
      metadata.generation = typeof existing?.metadata.generation === 'number' ? existing.metadata.generation + 1 : 1;
      const stored = obj as StoredObject;
      store.set(key, stored);
      record({ rv, plural: r.plural, type: existing ? 'MODIFIED' : 'ADDED', object: structuredClone(stored) });
      return structuredClone(stored);
    },
    remove(kind, namespace, name) {
      const r = resourceForKind(kind);
      const store = storeOf(r);
      const key = objectKey(r.namespaced ? (namespace ?? 'default') : undefined, name);
      const existing = store.get(key);
      if (!existing) return false;
      store.delete(key);
      rv++;
      const gone = structuredClone(existing);
      gone.metadata.resourceVersion = String(rv);
      record({ rv, plural: r.plural, type: 'DELETED', object: gone });
      return true;
    },
    objects(plural) {
      const all = plural === undefined ? [...stores.values()] : [stores.get(plural) ?? new Map()];
      return all.flatMap((s) => [...s.values()].map((o) => structuredClone(o)));
    },
    resourceVersion: () => rv,
    bookmark(plural) {
      for (const w of watchers) {
        if (plural !== undefined && w.plural !== plural) continue;
        const r = byPlural.get(w.plural);
        writeEvent(w, 'BOOKMARK', {
          kind: r?.kind,
          apiVersion: r ? apiVersionOf(r) : undefined,
          metadata: { resourceVersion: String(rv) },
        });
      }
    },
    dropWatches(mode = 'end') {
      const n = watchers.size;
      for (const w of watchers) {
        if (mode === 'end') w.res.end();
        else w.res.destroy();
      }
      watchers.clear();
      return n;
    },
    openWatches(plural) {
      let n = 0;
      for (const w of watchers) if (plural === undefined || w.plural === plural) n++;
      return n;
    },
    async waitForWatches(count, waitOptions = {}) {
      const deadline = Date.now() + (waitOptions.timeoutMs ?? 10_000);
      for (;;) {
        let n = 0;
        for (const w of watchers) if (waitOptions.plural === undefined || w.plural === waitOptions.plural) n++;
        if (n >= count) return;
        if (Date.now() > deadline) {
          throw new Error(`fake API server: ${n} open watches after the timeout, expected ${count}`);
        }
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    compact() {
      history.length = 0;
      snapshots.clear();
      compactedRv = rv;
    },
    makeUnavailable: cutEverything,
    async makeAvailable() {
      if (listening) return;
      await listen(port);
      listening = true;
    },
    register(resource) {
      served.set(resourceKey(resource), resource);
      byPlural.set(resource.plural, resource);
      storeOf(resource);
    },
    unregister(plural) {
      const r = byPlural.get(plural);
      if (r) served.delete(resourceKey(r));
      for (const w of watchers) {
        if (w.plural !== plural) continue;
        w.res.end();
        watchers.delete(w);
      }
    },
    fail(plural, status, failOptions = {}) {
      faults.set(plural, {
        status,
        verbs: new Set(failOptions.verbs ?? ['list', 'watch', 'get']),
        message: failOptions.message,
        continueOnly: failOptions.continueOnly ?? false,
      });
    },
    endlessContinue(plural) {
      endless.add(plural);
    },
    silence(plural) {
      silenced.add(plural ?? ALL_RESOURCES);
    },
    clearFaults() {
      faults.clear();
      endless.clear();
      silenced.clear();
    },
    async close() {
      await cutEverything();
      for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
    },
  };
}
