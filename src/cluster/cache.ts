/**
 * The webhook's view of the cluster: one client-node ListWatch (list, then watch from its resourceVersion) per
 * watched resource, and an ObjectIndex over what they hold.
 *
 * - `index()` is rebuilt only when an object was added, changed or deleted since the last build, so the webhook
 *   does not rebuild per request.
 * - When the API server goes away, the last objects stay and are served; `ageSeconds()` says how old they are.
 *   A failed resource is restarted with exponential backoff (1 s to 30 s by default); it resumes watching from
 *   its resourceVersion, or lists again when the API server says that is too old (410 Gone).
 * - A missing optional CRD (the VPA) is "no objects of that kind": it counts as synced, and is looked for again
 *   every few minutes in case it gets installed.
 * - Cached objects have no `metadata.managedFields`, `status` or last-applied annotation (`clusterObject`).
 *
 * client-node's ListWatch stops after an error and does not re-check its stop flag after a backoff delay or an
 * in-flight request; the watch wrapper and delay function here close those gaps, so `stop()` leaves nothing running.
 */
import type * as ClientNode from '@kubernetes/client-node';
import { createIndex, type ObjectIndex } from '../engine/object-index.js';
import type { K8sObject } from '../k8s/object.js';
import {
  type ClusterClient,
  ClusterRequestError,
  type ConnectOptions,
  connectCluster,
  errorText,
  statusCodeOf,
} from './client.js';
import { apiVersionOf, resourceName, resourcePath, WATCHED_RESOURCES, type WatchedResource } from './kinds.js';
import { clusterObject, listResource } from './list.js';

/** What the webhook consumes (it declares the same shape in src/webhook/cache.ts). */
export interface ClusterCache {
  /** An index over the current objects; the same instance until something changes. */
  index(): ObjectIndex;
  /** True once every resource has been listed (an absent optional CRD counts); stays true while serving stale data. */
  synced(): boolean;
  /**
   * Seconds since the cache was last known to be current: a resource whose watch is open is current now; one whose
   * watch is down was current at its last list, watch event, or the moment its watch closed. The oldest resource
   * counts. `Infinity` until synced.
   */
  ageSeconds(): number;
  /** Connects (loading client-node) and starts every informer; resolves once each has listed or failed once. */
  start(): Promise<void>;
  /** Stops every informer and timer. */
  stop(): Promise<void>;
}

export interface ClusterCacheHandle extends ClusterCache {
  /** Resolves true once synced, or false after `timeoutMs`. */
  whenSynced(timeoutMs?: number): Promise<boolean>;
  /** Per-resource state, for readiness details and logs. */
  resources(): ResourceState[];
  /** The context name, once started. */
  context(): string | undefined;
}

export interface ResourceState {
  /** `deployments.apps`. */
  resource: string;
  listed: boolean;
  /** An optional CRD that is not installed. */
  absent: boolean;
  watching: boolean;
  objects: number;
  lastError?: string;
}

export type ClusterCacheEvent =
  | { type: 'synced' }
  | { type: 'error'; resource: string; statusCode: number | undefined; message: string; retryInMs: number }
  | { type: 'recovered'; resource: string }
  | { type: 'absent'; resource: string };

export interface ClusterCacheOptions {
  /** A connection to reuse; otherwise `start()` connects with `connect`. */
  client?: ClusterClient;
  connect?: ConnectOptions;
  resources?: readonly WatchedResource[];
  /** Watch namespaced resources in this namespace only (cluster-scoped ones are always watched whole). */
  namespace?: string;
  /** Backoff after an error: the first delay, doubled per failure up to `maxMs` (default 1000 and 30000). */
  retry?: { initialMs?: number; maxMs?: number };
  /** How often to look again for an optional CRD that is not installed (default 5 minutes). */
  optionalRecheckMs?: number;
  /** Objects per list request (default 500). */
  pageSize?: number;
  /** Namespace of objects that name none, for the index (default `default`). */
  defaultNamespace?: string;
  /** Clock in ms (tests). */
  now?: () => number;
  /** Errors, recoveries, absent CRDs and the first sync, for logging. Each error is reported once per outage. */
  onEvent?: (event: ClusterCacheEvent) => void;
}

type Informer = ClientNode.ListWatch<ClientNode.KubernetesObject>;

interface Slot {
  readonly resource: WatchedResource;
  readonly name: string;
  informer: Informer | undefined;
  listed: boolean;
  /** A list succeeded and ListWatch is storing its items. */
  listPending: boolean;
  absent: boolean;
  watching: boolean;
  /** When the resource was last known current (ms). */
  confirmedAt: number | undefined;
  failures: number;
  lastError: string | undefined;
  timer: NodeJS.Timeout | undefined;
}

export function createClusterCache(options: ClusterCacheOptions = {}): ClusterCacheHandle {
  const now = options.now ?? Date.now;
  const initialMs = options.retry?.initialMs ?? 1000;
  const maxMs = options.retry?.maxMs ?? 30_000;
  const recheckMs = options.optionalRecheckMs ?? 5 * 60_000;
  const emit = (event: ClusterCacheEvent): void => options.onEvent?.(event);
  const slots: Slot[] = (options.resources ?? WATCHED_RESOURCES).map((resource) => ({
    resource,
    name: resourceName(resource),
    informer: undefined,
    listed: false,
    listPending: false,
    absent: false,
    watching: false,
    confirmedAt: undefined,
    failures: 0,
    lastError: undefined,
    timer: undefined,
  }));

  let client: ClusterClient | undefined;
  let stopped = true;
  /** Incremented by stop(): callbacks of requests made before it are ignored, so no second chain starts. */
  let run = 0;
  /** Thrown by a list that finished after stop(); never reported. */
  const STALE = new ClusterRequestError('the cluster cache was stopped');
  let starting: Promise<void> | undefined;
  let dirty = true;
  let built: ObjectIndex | undefined;
  let wasSynced = false;
  const delays = new Set<NodeJS.Timeout>();
  /** Open watch requests. stop() aborts them itself: ListWatch loses track of one started while it was stopping. */
  const live = new Set<AbortController>();
  const waiters = new Set<() => void>();

  const markDirty = (): void => {
    dirty = true;
  };
  const isSynced = (): boolean => slots.every((s) => s.listed);
  const watchedKinds: ReadonlySet<string> = new Set(slots.map((s) => s.resource.kind));
  const checkSynced = (): void => {
    if (wasSynced || !isSynced()) return;
    wasSynced = true;
    emit({ type: 'synced' });
    for (const w of waiters) w();
    waiters.clear();
  };

  /** The resource answered: it is current now, and any outage is over. */
  const contact = (slot: Slot): void => {
    slot.confirmedAt = now();
    slot.failures = 0;
    if (slot.lastError !== undefined) {
      slot.lastError = undefined;
      emit({ type: 'recovered', resource: slot.name });
    }
  };

  const schedule = (slot: Slot, ms: number): void => {
    if (slot.timer !== undefined) clearTimeout(slot.timer);
    slot.timer = setTimeout(() => {
      slot.timer = undefined;
      void startInformer(slot);
    }, ms);
    slot.timer.unref();
  };

  const onError = (slot: Slot, err: unknown): void => {
    if (stopped || err === STALE) return;
    slot.watching = false;
    const statusCode = statusCodeOf(err);
    if (statusCode === 404 && slot.resource.optional) {
      if (!slot.absent) {
        slot.absent = true;
        markDirty();
        emit({ type: 'absent', resource: slot.name });
      }
      slot.listed = true;
      slot.failures = 0;
      slot.lastError = undefined;
      checkSynced();
      schedule(slot, recheckMs);
      return;
    }
    slot.failures++;
    const retryInMs = Math.min(initialMs * 2 ** Math.min(slot.failures - 1, 30), maxMs);
    // A watch refused with an HTTP status reaches here as client-node's Error(statusText) with a statusCode.
    const message =
      statusCode !== undefined && !(err instanceof ClusterRequestError)
        ? `HTTP ${statusCode}: ${errorText(err)}`
        : errorText(err);
    if (message !== slot.lastError) emit({ type: 'error', resource: slot.name, statusCode, message, retryInMs });
    slot.lastError = message;
    schedule(slot, retryInMs);
  };

  const startInformer = async (slot: Slot): Promise<void> => {
    if (stopped || slot.informer === undefined) return;
    try {
      await slot.informer.start();
    } catch (err) {
      onError(slot, err);
    }
  };

  /** client-node's backoff between watch reconnects, capped by `maxMs`; never resolves once stopped. */
  const delayFn = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      if (stopped) return;
      const t = setTimeout(
        () => {
          delays.delete(t);
          resolve();
        },
        Math.min(ms, maxMs),
      );
      t.unref();
      delays.add(t);
    });

  const listFn =
    (slot: Slot, c: ClusterClient) =>
    async (): Promise<ClientNode.KubernetesListObject<ClientNode.KubernetesObject>> => {
      if (stopped) throw STALE;
      const gen = run;
      const listed = await listResource(c, slot.resource, {
        ...(options.namespace !== undefined ? { namespace: options.namespace } : {}),
        ...(options.pageSize !== undefined ? { pageSize: options.pageSize } : {}),
      });
      if (stopped || gen !== run) throw STALE;
      contact(slot);
      // ListWatch stores the items after this promise resolves, then starts the watch: the resource counts as
      // listed from there (see `watchFor`), so `synced()` never runs ahead of the objects.
      slot.listPending = true;
      return {
        apiVersion: apiVersionOf(slot.resource),
        kind: `${slot.resource.kind}List`,
        metadata: { resourceVersion: listed.resourceVersion },
        items: listed.objects,
      };
    };

  /** A client-node Watch whose events are normalised and timed, and which does nothing once the cache stopped. */
  const watchFor = (slot: Slot, c: ClusterClient): ClientNode.Watch => {
    const watch = new c.lib.Watch(c.kubeConfig);
    const original = watch.watch.bind(watch);
    watch.watch = async (path, query, callback, done) => {
      if (stopped) {
        const idle = new AbortController();
        idle.abort();
        return idle;
      }
      const gen = run;
      if (slot.listPending) {
        slot.listPending = false;
        slot.listed = true;
        slot.absent = false;
        markDirty();
        checkSynced();
      }
      let open = false;
      let closed = false;
      // Assigned once `original` returns; `done` may run before that (a refused connection).
      let controller: AbortController | undefined;
      controller = await original(
        path,
        query,
        (phase: string, object: unknown, raw: unknown) => {
          if (gen !== run) return;
          if (phase === 'ADDED' || phase === 'MODIFIED' || phase === 'DELETED') clusterObject(object, slot.resource);
          if (phase !== 'ERROR') contact(slot);
          callback(phase, object, raw);
        },
        (err: unknown) => {
          if (controller !== undefined) live.delete(controller);
          // A watch from before stop() ends here: ListWatch must not reconnect it next to a newer one.
          if (gen !== run) return;
          closed = true;
          if (open) {
            open = false;
            slot.watching = false;
            // The cache was current up to the moment the watch closed.
            slot.confirmedAt = now();
          }
          done(err);
        },
      );
      if (gen !== run) {
        controller.abort();
      } else if (!controller.signal.aborted && !closed) {
        live.add(controller);
        open = true;
        slot.watching = true;
        contact(slot);
      }
      return controller;
    };
    return watch;
  };

  const start = async (): Promise<void> => {
    if (!stopped) return starting;
    stopped = false;
    starting = (async () => {
      client ??= options.client ?? (await connectCluster(options.connect));
      const c = client;
      for (const slot of slots) {
        if (slot.informer !== undefined) continue;
        const path = resourcePath(slot.resource, options.namespace);
        const informer = new c.lib.ListWatch(path, watchFor(slot, c), listFn(slot, c), false, undefined, undefined, {
          delayFn,
        });
        informer.on('add', markDirty);
        informer.on('update', markDirty);
        informer.on('delete', markDirty);
        informer.on('error', (err: unknown) => onError(slot, err));
        slot.informer = informer;
      }
      await Promise.all(slots.map((slot) => startInformer(slot)));
    })();
    try {
      await starting;
    } catch (err) {
      stopped = true;
      throw err;
    }
  };

  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    run++;
    for (const t of delays) clearTimeout(t);
    delays.clear();
    for (const c of live) c.abort();
    live.clear();
    for (const slot of slots) {
      if (slot.timer !== undefined) clearTimeout(slot.timer);
      slot.timer = undefined;
      slot.watching = false;
    }
    await Promise.all(slots.map((slot) => slot.informer?.stop()));
  };

  const index = (): ObjectIndex => {
    if (built !== undefined && !dirty) return built;
    dirty = false;
    const objects: K8sObject[] = [];
    for (const slot of slots) {
      if (slot.absent || slot.informer === undefined) continue;
      const own = slot.informer.list().filter(isK8sObject);
      own.sort(byNamespaceAndName);
      for (const o of own) objects.push(o);
    }
    // Rules read the index only once every resource has been listed (readiness), so it holds every object of
    // each watched kind (an absent optional CRD: none exist).
    built = createIndex(objects, {
      completeKinds: watchedKinds,
      ...(options.defaultNamespace !== undefined ? { defaultNamespace: options.defaultNamespace } : {}),
    });
    return built;
  };

  const ageSeconds = (): number => {
    if (!isSynced()) return Number.POSITIVE_INFINITY;
    const t = now();
    let oldest = t;
    for (const slot of slots) {
      if (slot.absent) continue;
      const at = slot.watching ? t : (slot.confirmedAt ?? 0);
      if (at < oldest) oldest = at;
    }
    return Math.max(0, (t - oldest) / 1000);
  };

  const whenSynced = (timeoutMs?: number): Promise<boolean> => {
    if (isSynced()) return Promise.resolve(true);
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const done = (): void => {
        if (timer !== undefined) clearTimeout(timer);
        resolve(true);
      };
      waiters.add(done);
      if (timeoutMs !== undefined) {
        timer = setTimeout(() => {
          waiters.delete(done);
          resolve(false);
        }, timeoutMs);
      }
    });
  };

  return {
    index,
    synced: isSynced,
    ageSeconds,
    start,
    stop,
    whenSynced,
    context: () => client?.context,
    resources: () =>
      slots.map((s) => ({
        resource: s.name,
        listed: s.listed,
        absent: s.absent,
        watching: s.watching,
        objects: s.absent ? 0 : (s.informer?.list().length ?? 0),
        ...(s.lastError !== undefined ? { lastError: s.lastError } : {}),
      })),
  };
}

function isK8sObject(o: ClientNode.KubernetesObject): o is ClientNode.KubernetesObject & K8sObject {
  return typeof o.apiVersion === 'string' && typeof o.kind === 'string';
}

function byNamespaceAndName(a: ClientNode.KubernetesObject, b: ClientNode.KubernetesObject): number {
  const ka = `${a.metadata?.namespace ?? ''}\0${a.metadata?.name ?? ''}`;
  const kb = `${b.metadata?.namespace ?? ''}\0${b.metadata?.name ?? ''}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}
