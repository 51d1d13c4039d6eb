/**
 * Listing the watched resources for `kubeward audit`: every page (`limit`/`continue`), all namespaces or one.
 * A resource that cannot be listed (403, 500, timeout) is reported as a warning and the others go on; a missing
 * optional CRD (the VPA) is not a problem at all.
 */
import { shareObject } from '../engine/memo.js';
import type { K8sObject } from '../engine/types.js';
import { asArray, isObject } from '../rules/shared/object.js';
import { type ClusterClient, errorText, statusCodeOf } from './client.js';
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
}

/**
 * Lists one resource, page by page. When a continue token has expired (410, the list took longer than the API
 * server keeps snapshots), the list starts over once. Errors throw (a ClusterRequestError for HTTP errors).
 */
export async function listResource(
  client: ClusterClient,
  resource: WatchedResource,
  options: ListResourceOptions = {},
): Promise<ListedResource> {
  const limit = String(options.pageSize ?? 500);
  const path = resourcePath(resource, options.namespace);
  let restarts = 1;
  for (;;) {
    const objects: K8sObject[] = [];
    let token: string | undefined;
    let resourceVersion = '';
    let pages = 0;
    let expired = false;
    do {
      let body: unknown;
      try {
        body = await client.getJson(path, { limit, continue: token });
      } catch (err) {
        if (token !== undefined && statusCodeOf(err) === 410 && restarts > 0) {
          expired = true;
          break;
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
      token = typeof meta.continue === 'string' && meta.continue !== '' ? meta.continue : undefined;
    } while (token !== undefined);
    if (!expired) return { objects, resourceVersion, pages };
    restarts--;
  }
}

export type ResourceOutcome =
  | { resource: WatchedResource; status: 'ok'; count: number; pages: number }
  /** An optional CRD that is not installed. */
  | { resource: WatchedResource; status: 'absent' }
  | { resource: WatchedResource; status: 'error'; statusCode: number | undefined; message: string };

export interface ListProgress {
  /** Resources finished (listed, absent or failed). */
  done: number;
  total: number;
  /** Objects listed so far. */
  objects: number;
  /** The resource that just finished. */
  resource: WatchedResource;
}

export interface ListClusterOptions extends ListResourceOptions {
  resources?: readonly WatchedResource[];
  /** Resources listed at the same time (default 4). */
  concurrency?: number;
  onProgress?: (progress: ListProgress) => void;
}

export interface ClusterListing {
  /** Every object listed, in resource order, then by namespace and name. */
  objects: K8sObject[];
  /** One outcome per resource, in resource order. */
  outcomes: ResourceOutcome[];
  /** One sentence per resource that could not be listed. */
  warnings: string[];
}

/** Lists every watched resource. Never throws for a resource's error: it becomes an outcome and a warning. */
export async function listClusterObjects(
  client: ClusterClient,
  options: ListClusterOptions = {},
): Promise<ClusterListing> {
  const resources = options.resources ?? WATCHED_RESOURCES;
  const results: { outcome: ResourceOutcome; objects: K8sObject[] }[] = new Array(resources.length);
  let next = 0;
  let done = 0;
  let objectCount = 0;
  const worker = async (): Promise<void> => {
    while (next < resources.length) {
      const i = next++;
      const resource = resources[i] as WatchedResource;
      let entry: { outcome: ResourceOutcome; objects: K8sObject[] };
      try {
        const listed = await listResource(client, resource, options);
        entry = {
          outcome: { resource, status: 'ok', count: listed.objects.length, pages: listed.pages },
          objects: sortObjects(listed.objects),
        };
      } catch (err) {
        const statusCode = statusCodeOf(err);
        entry =
          statusCode === 404 && resource.optional
            ? { outcome: { resource, status: 'absent' }, objects: [] }
            : { outcome: { resource, status: 'error', statusCode, message: errorText(err) }, objects: [] };
      }
      results[i] = entry;
      done++;
      objectCount += entry.objects.length;
      options.onProgress?.({ done, total: resources.length, objects: objectCount, resource });
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency ?? 4, resources.length));
  await Promise.all(Array.from({ length: workers }, worker));

  const objects: K8sObject[] = [];
  const warnings: string[] = [];
  for (const r of results) {
    for (const o of r.objects) objects.push(o);
    if (r.outcome.status === 'error') warnings.push(describeListFailure(r.outcome, options.namespace));
  }
  return { objects, outcomes: results.map((r) => r.outcome), warnings };
}

/** A warning for a resource that could not be listed, naming what is missing from the report and what to do. */
export function describeListFailure(
  outcome: Extract<ResourceOutcome, { status: 'error' }>,
  namespace?: string,
): string {
  const { resource } = outcome;
  const where = resource.namespaced ? (namespace ? ` in namespace ${namespace}` : ' in all namespaces') : '';
  const what = `cannot list ${resourceName(resource)}${where}: ${outcome.message}`;
  const missing = `${resource.kind} objects are not checked, and rules that look them up do not see them`;
  if (outcome.statusCode === 403) {
    return `${what}; ${missing}. Grant list on ${resourceName(resource)} (see the RBAC section of the README).`;
  }
  if (outcome.statusCode === 404) {
    return `${what}; ${missing}. The API server does not serve ${apiVersionOf(resource)} ${resource.kind} (too old a Kubernetes version?).`;
  }
  return `${what}; ${missing}.`;
}

function sortObjects(objects: K8sObject[]): K8sObject[] {
  const key = (o: K8sObject): string => `${o.metadata?.namespace ?? ''}\0${o.metadata?.name ?? ''}`;
  return objects.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
}
