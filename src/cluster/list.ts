/**
 * Listing the watched resources for `kubeward audit`: every page (`limit`/`continue`), all namespaces or one.
 * A resource that cannot be listed completely (403, 500, a second expired continue token, too many pages) becomes
 * a failed outcome and the others go on; a missing optional CRD (the VPA) is not a problem at all. The listing is
 * bounded: at most `maxPages` pages per resource, an overall `timeoutMs`, and the first request that gets no answer
 * (a silent or unreachable server) stops the others instead of each waiting out its own timeout.
 */
import { shareObject } from '../k8s/memo.js';
import { asArray, isObject, type K8sObject } from '../k8s/object.js';
import { type ClusterClient, ClusterRequestError, errorText, statusCodeOf } from './client.js';
import { formatDuration } from './duration.js';
import { apiVersionOf, resourceName, resourcePath, WATCHED_RESOURCES, type WatchedResource } from './kinds.js';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * An object as kubeward keeps it: `apiVersion` and `kind` set (list items lack them); dropped, because no rule reads
 * them and they are often most of an object: `metadata.managedFields`, `status` (but a PodDisruptionBudget's, which
 * counts the pods it selects), and kubectl's last-applied copy of
 * the whole manifest. The webhook's cache holds every watched object for the life of the process, so this is most
 * of its memory and of the work of each full garbage collection. Mutates `raw` and returns it frozen (`shareObject`:
 * the webhook's requests share cached objects, and memo tables keep what they computed from them), or undefined
 * when it is not an object with metadata.
 */
export function clusterObject(raw: unknown, resource: WatchedResource): K8sObject | undefined {
  if (!isObject(raw) || !isObject(raw.metadata)) return undefined;
  if (typeof raw.apiVersion !== 'string' || raw.apiVersion === '') raw.apiVersion = apiVersionOf(resource);
  if (typeof raw.kind !== 'string' || raw.kind === '') raw.kind = resource.kind;
  delete raw.metadata.managedFields;
  // A PodDisruptionBudget's status counts the pods it selects, which kubeward cannot see otherwise.
  if (resource.kind !== 'PodDisruptionBudget') delete raw.status;
  const annotations = raw.metadata.annotations;
  if (isObject(annotations) && LAST_APPLIED in annotations) {
    delete annotations[LAST_APPLIED];
    if (Object.keys(annotations).length === 0) delete raw.metadata.annotations;
  }
  return shareObject(raw) as K8sObject;
}

export interface ListedResource {
  objects: K8sObject[];
  /** The list's resourceVersion (the same for every page of one list). */
  resourceVersion: string;
  pages: number;
}

export interface ListResourceOptions {
  /** Only this namespace (namespaced resources); cluster-scoped resources are always listed whole. */
  namespace?: string;
  /** Objects per request (`limit`). Default 500, like kubectl. */
  pageSize?: number;
  /** Pages per resource before giving up on a server that keeps sending continue tokens (default `maxPagesFor`). */
  maxPages?: number;
  /** Stops the listing: the request in flight is aborted and the signal's reason thrown. */
  signal?: AbortSignal;
}

/** The most objects of one kind kubeward reads: the page cap is this many objects' worth of pages. */
export const MAX_OBJECTS_PER_KIND = 1_000_000;

/** The default page cap for a page size: MAX_OBJECTS_PER_KIND objects' worth, and at least 10 pages. */
export function maxPagesFor(pageSize: number): number {
  return Math.max(10, Math.ceil(MAX_OBJECTS_PER_KIND / pageSize));
}

/**
 * Lists one resource, page by page. When a continue token has expired (410, the list took longer than the API
 * server keeps snapshots), the list starts over once; a second expiry throws. So do a server that sends the same
 * continue token twice or more than `maxPages` pages. Errors throw (a ClusterRequestError for HTTP errors).
 */
export async function listResource(
  client: ClusterClient,
  resource: WatchedResource,
  options: ListResourceOptions = {},
): Promise<ListedResource> {
  const pageSize = options.pageSize ?? 500;
  const limit = String(pageSize);
  const maxPages = options.maxPages ?? maxPagesFor(pageSize);
  const path = resourcePath(resource, options.namespace);
  const request = options.signal ? { signal: options.signal } : {};
  let restarts = 1;
  for (;;) {
    const objects: K8sObject[] = [];
    let token: string | undefined;
    let resourceVersion = '';
    let pages = 0;
    let expired = false;
    do {
      if (pages >= maxPages) {
        throw new ClusterRequestError(
          `the API server sent a continue token on each of ${pages} pages of ${limit}; kubeward reads at most ${maxPages} pages (${MAX_OBJECTS_PER_KIND} objects) of one kind, so the list does not end`,
        );
      }
      let body: unknown;
      try {
        body = await client.getJson(path, { limit, continue: token }, request);
      } catch (err) {
        if (token !== undefined && statusCodeOf(err) === 410) {
          if (restarts > 0) {
            expired = true;
            break;
          }
          throw new ClusterRequestError(
            `the continue token expired twice (${errorText(err)}): the list takes longer than the API server keeps a snapshot`,
            { statusCode: 410, cause: err },
          );
        }
        throw err;
      }
      pages++;
      const list = isObject(body) ? body : {};
      const meta = isObject(list.metadata) ? list.metadata : {};
      if (pages === 1 && typeof meta.resourceVersion === 'string') resourceVersion = meta.resourceVersion;
      for (const item of asArray(list.items)) {
        const o = clusterObject(item, resource);
        if (o) objects.push(o);
      }
      const next = typeof meta.continue === 'string' && meta.continue !== '' ? meta.continue : undefined;
      if (next !== undefined && next === token) {
        throw new ClusterRequestError(
          `the API server sent the same continue token again (page ${pages}), so the list does not end`,
        );
      }
      token = next;
    } while (token !== undefined);
    if (!expired) return { objects, resourceVersion, pages };
    restarts--;
  }
}

/** Why a resource was not listed completely. */
export type ListFailure =
  /** The API server answered with an error (403, 500, a 404 on a built-in kind), or with a list that does not end. */
  | 'refused'
  /** The request got no answer: a refused connection, TLS, credentials, no answer within the request timeout. */
  | 'unanswered'
  /** Not listed (or stopped) because another request to the same server got no answer. */
  | 'stopped'
  /** Not listed completely within the listing's `timeoutMs`. */
  | 'timeout';

export type ResourceOutcome =
  | { resource: WatchedResource; status: 'ok'; count: number; pages: number }
  /** An optional CRD that is not installed. */
  | { resource: WatchedResource; status: 'absent' }
  | {
      resource: WatchedResource;
      status: 'error';
      failure: ListFailure;
      statusCode: number | undefined;
      /** Why, without control characters. */
      message: string;
    };

export type FailedOutcome = Extract<ResourceOutcome, { status: 'error' }>;

export interface ListProgress {
  /** Resources finished (listed, absent or failed). */
  done: number;
  total: number;
  /** Objects listed so far. */
  objects: number;
  /** The resource that just finished. */
  resource: WatchedResource;
}

export interface ListClusterOptions extends Omit<ListResourceOptions, 'signal'> {
  resources?: readonly WatchedResource[];
  /** Resources listed at the same time (default 4). */
  concurrency?: number;
  /** The whole listing ends after this long: resources not listed by then fail with `timeout`. Default none. */
  timeoutMs?: number;
  onProgress?: (progress: ListProgress) => void;
}

export interface ClusterListing {
  /** Every object listed, in resource order, then by namespace and name. */
  objects: K8sObject[];
  /** One outcome per resource, in resource order. */
  outcomes: ResourceOutcome[];
  /** The outcomes of the resources that could not be listed completely (an absent optional CRD is not one). */
  failed: FailedOutcome[];
  /**
   * Set when no request got any answer from the API server: the first failure's message (`cannot reach the API
   * server … (context …): no answer within 1m`). The server is unreachable or silent, or the credentials cannot be
   * used (`credentials`), and every resource failed for that one reason.
   */
  unreachable: { message: string; credentials: boolean } | undefined;
  /** One sentence per resource that could not be listed. */
  warnings: string[];
}

/**
 * Lists every watched resource. Never throws for a resource's error: it becomes an outcome and a warning. The
 * first request that gets no answer stops the others (they would wait out the same timeout one after another);
 * `timeoutMs` bounds the whole listing.
 */
export async function listClusterObjects(
  client: ClusterClient,
  options: ListClusterOptions = {},
): Promise<ClusterListing> {
  const resources = options.resources ?? WATCHED_RESOURCES;
  const results: { outcome: ResourceOutcome; objects: K8sObject[] }[] = new Array(resources.length);
  const stop = new AbortController();
  let timedOut = false;
  let unanswered: ClusterRequestError | undefined;
  const timer =
    options.timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          stop.abort(new Error('timeout'));
        }, options.timeoutMs);
  const failed = (resource: WatchedResource, err: unknown): ResourceOutcome => {
    const statusCode = statusCodeOf(err);
    // Only a request the abort itself ended is "timeout" or "stopped": an answer that settled after the abort (a 403,
    // a 404 for a CRD that is not installed) is still that answer.
    const endedByAbort = stop.signal.aborted && err === stop.signal.reason;
    if (endedByAbort && timedOut) {
      const message = `not listed within --timeout ${formatDuration(options.timeoutMs ?? 0)}`;
      return { resource, status: 'error', failure: 'timeout', statusCode: undefined, message };
    }
    if (endedByAbort) {
      const message = `not listed: the API server stopped answering (${unanswered?.unanswered ?? 'no answer'})`;
      return { resource, status: 'error', failure: 'stopped', statusCode: undefined, message };
    }
    if (err instanceof ClusterRequestError && err.unanswered !== undefined) {
      unanswered ??= err;
      stop.abort(err);
      return { resource, status: 'error', failure: 'unanswered', statusCode: undefined, message: errorText(err) };
    }
    if (statusCode === 404 && resource.optional) return { resource, status: 'absent' };
    return { resource, status: 'error', failure: 'refused', statusCode, message: errorText(err) };
  };

  let next = 0;
  let done = 0;
  let objectCount = 0;
  const { timeoutMs: _t, resources: _r, concurrency: _c, onProgress: _p, ...listOptions } = options;
  const worker = async (): Promise<void> => {
    while (next < resources.length) {
      const i = next++;
      const resource = resources[i] as WatchedResource;
      let entry: { outcome: ResourceOutcome; objects: K8sObject[] };
      try {
        stop.signal.throwIfAborted();
        const listed = await listResource(client, resource, { ...listOptions, signal: stop.signal });
        entry = {
          outcome: { resource, status: 'ok', count: listed.objects.length, pages: listed.pages },
          objects: sortObjects(listed.objects),
        };
      } catch (err) {
        entry = { outcome: failed(resource, err), objects: [] };
      }
      results[i] = entry;
      done++;
      objectCount += entry.objects.length;
      options.onProgress?.({ done, total: resources.length, objects: objectCount, resource });
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency ?? 4, resources.length));
  try {
    await Promise.all(Array.from({ length: workers }, worker));
  } finally {
    clearTimeout(timer);
  }

  const objects: K8sObject[] = [];
  const failures: FailedOutcome[] = [];
  for (const r of results) {
    for (const o of r.objects) objects.push(o);
    if (r.outcome.status === 'error') failures.push(r.outcome);
  }
  const answered = results.some((r) => r.outcome.status !== 'error' || r.outcome.failure === 'refused');
  return {
    objects,
    outcomes: results.map((r) => r.outcome),
    failed: failures,
    unreachable:
      answered || unanswered === undefined
        ? undefined
        : { message: errorText(unanswered), credentials: unanswered.credentials },
    warnings: failures.map((o) => describeListFailure(o, options.namespace)),
  };
}

/**
 * One resource that could not be listed and why, with what to do when kubeward knows:
 * `cronjobs.batch in all namespaces: HTTP 403 Forbidden: …. Grant list on cronjobs.batch (see the RBAC section of
 * the README).`
 */
export function listFailureLine(outcome: FailedOutcome, namespace?: string): string {
  const { resource } = outcome;
  const where = resource.namespaced ? (namespace ? ` in namespace ${namespace}` : ' in all namespaces') : '';
  const advice = listFailureAdvice(outcome, namespace);
  return `${resourceName(resource)}${where}: ${outcome.message.replace(/\.$/, '')}.${advice ? ` ${advice}` : ''}`;
}

function listFailureAdvice(outcome: FailedOutcome, namespace: string | undefined): string | undefined {
  const { resource } = outcome;
  const name = resourceName(resource);
  if (outcome.failure !== 'refused') return undefined;
  if (outcome.statusCode === 410) return 'A larger --chunk-size needs fewer pages, so less time between them.';
  if (outcome.statusCode === 403 && !resource.namespaced && namespace !== undefined) {
    // A user with a Role in one namespace (kubeward audit -n): cluster-scoped kinds need a ClusterRole.
    return `Grant list on ${name} with a ClusterRole: a Role in namespace ${namespace} cannot grant a cluster-scoped kind (see the RBAC section of the README).`;
  }
  if (outcome.statusCode === 403) return `Grant list on ${name} (see the RBAC section of the README).`;
  if (outcome.statusCode === 404) {
    return `The API server does not serve ${apiVersionOf(resource)} ${resource.kind} (too old a Kubernetes version?).`;
  }
  return undefined;
}

/** A warning for a resource that could not be listed, naming what is missing from the report and what to do. */
export function describeListFailure(outcome: FailedOutcome, namespace?: string): string {
  const { resource } = outcome;
  const where = resource.namespaced ? (namespace ? ` in namespace ${namespace}` : ' in all namespaces') : '';
  const what = `cannot list ${resourceName(resource)}${where}: ${outcome.message.replace(/\.$/, '')}`;
  const missing = `${resource.kind} objects are not checked, and rules that look them up do not see them`;
  const advice = listFailureAdvice(outcome, namespace);
  return `${what}; ${missing}.${advice ? ` ${advice}` : ''}`;
}

function sortObjects(objects: K8sObject[]): K8sObject[] {
  const key = (o: K8sObject): string => `${o.metadata?.namespace ?? ''}\0${o.metadata?.name ?? ''}`;
  return objects.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
}
