/**
 * Reading named ConfigMaps one at a time, for `kubeward migration-report --cluster`: each ingress-nginx controller's
 * `--configmap`, with one `get` of exactly that namespace and name. ConfigMaps are never listed or watched
 * (kinds.ts NEVER_WATCHED_KINDS), and of each ConfigMap read only the data keys the caller names are kept: nothing
 * else of it (labels, annotations, other keys, binaryData) is held or passed on.
 */
import { asObject, type K8sObject } from '../k8s/object.js';
import { type ClusterClient, errorText, statusCodeOf } from './client.js';

export interface ConfigMapRef {
  readonly namespace: string;
  readonly name: string;
}

/** What one `get` found: the ConfigMap (its kept keys only), none (404), a refusal (403), or no usable answer. */
export type ConfigMapGet =
  | { readonly ref: ConfigMapRef; readonly status: 'found'; readonly object: K8sObject }
  | { readonly ref: ConfigMapRef; readonly status: 'not-found' }
  | { readonly ref: ConfigMapRef; readonly status: 'forbidden'; readonly message: string }
  | { readonly ref: ConfigMapRef; readonly status: 'failed'; readonly message: string };

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/** `/api/v1/namespaces/<ns>/configmaps/<name>`: one object, never the collection. */
export function configMapPath(ref: ConfigMapRef): string {
  return `/api/v1/namespaces/${encodeURIComponent(ref.namespace)}/configmaps/${encodeURIComponent(ref.name)}`;
}

/** `namespace/name`, the key of a ref in maps and messages. */
export function configMapKey(ref: ConfigMapRef): string {
  return `${ref.namespace}/${ref.name}`;
}

/** The ConfigMap as kubeward keeps it: kind, namespace and name, and the `keys` of its data that hold text. */
function keptConfigMap(raw: unknown, ref: ConfigMapRef, keys: readonly string[]): K8sObject {
  const source = asObject(asObject(raw)?.data) ?? {};
  const data: Record<string, string> = {};
  for (const key of keys) {
    const value = source[key];
    if (typeof value === 'string') data[key] = value;
  }
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { namespace: ref.namespace, name: ref.name },
    data,
  };
}

async function getOne(client: ClusterClient, ref: ConfigMapRef, keys: readonly string[]): Promise<ConfigMapGet> {
  // A name the API could not hold is not asked for: an empty one would turn the path into a list of ConfigMaps.
  if (!DNS_LABEL.test(ref.namespace) || !DNS_SUBDOMAIN.test(ref.name) || ref.name.length > 253) {
    return { ref, status: 'failed', message: `"${configMapKey(ref)}" is not a valid ConfigMap namespace/name` };
  }
  try {
    return { ref, status: 'found', object: keptConfigMap(await client.getJson(configMapPath(ref)), ref, keys) };
  } catch (err) {
    const status = statusCodeOf(err);
    if (status === 404) return { ref, status: 'not-found' };
    if (status === 403) return { ref, status: 'forbidden', message: errorText(err) };
    return { ref, status: 'failed', message: errorText(err) };
  }
}

/**
 * Gets each ConfigMap of `refs` once (duplicates are asked for once), at the same time: as many requests as distinct
 * refs, each bounded by the client's request timeout. Never throws for a ConfigMap's error: it is its outcome.
 * Outcomes are in the order of the first occurrence of each ref.
 */
export async function getConfigMaps(
  client: ClusterClient,
  refs: readonly ConfigMapRef[],
  keys: readonly string[],
): Promise<ConfigMapGet[]> {
  const unique = new Map<string, ConfigMapRef>();
  for (const ref of refs) if (!unique.has(configMapKey(ref))) unique.set(configMapKey(ref), ref);
  return Promise.all([...unique.values()].map((ref) => getOne(client, ref, keys)));
}
