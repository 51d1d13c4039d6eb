/**
 * The contract between the webhook and the cluster cache (an informer cache built in `src/cluster/`). The webhook
 * accepts any implementation; with `--no-cluster` there is none and each request's index holds the incoming object
 * alone.
 */
import type { ObjectIndex } from '../engine/object-index.js';

export interface ClusterCache {
  /** The cached objects as an index. Called once per request: it must be cheap (no rebuild per call). */
  index(): ObjectIndex;
  /** Whether every informer has finished its initial list. */
  synced(): boolean;
  /** Seconds since the cache last heard from the API server (it keeps serving the last state when cut off). */
  ageSeconds(): number;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** What `kubeward serve` hands the cache factory. */
export interface ClusterCacheOptions {
  /** Kinds the enabled rules check (a hint: rules also read other kinds through the index). */
  kinds: readonly string[];
  /** kubeconfig context; in a pod the in-cluster service account is used. */
  context?: string;
  /** Receives one-line diagnostics (connection lost, resynced). */
  log: (level: 'info' | 'warn' | 'error', message: string) => void;
}

export type ClusterCacheFactory = (options: ClusterCacheOptions) => ClusterCache;

/** The module `serve` loads the cache from, and the factory it must export. */
export const CLUSTER_CACHE_MODULE = '../cluster/informer-index.js';
export const CLUSTER_CACHE_EXPORT = 'createClusterCache';

function isFunction(v: unknown): v is (...args: unknown[]) => unknown {
  return typeof v === 'function';
}

/** Whether `v` has the shape of a ClusterCache (checked on what the factory returns). */
export function isClusterCache(v: unknown): v is ClusterCache {
  if (typeof v !== 'object' || v === null) return false;
  const c = v as Record<string, unknown>;
  return ['index', 'synced', 'ageSeconds', 'start', 'stop'].every((k) => isFunction(c[k]));
}

/**
 * Loads the cluster cache factory lazily. The specifier is computed so that this module compiles and runs before
 * `src/cluster/` exists; undefined when the module or its export is missing.
 */
export async function loadClusterCacheFactory(
  specifier: string = CLUSTER_CACHE_MODULE,
): Promise<ClusterCacheFactory | undefined> {
  const url = new URL(specifier, import.meta.url);
  let mod: unknown;
  try {
    mod = await import(url.href);
  } catch (e) {
    // Missing module: undefined. A module that exists but fails to load (a missing dependency) is an error.
    const code = e instanceof Error && 'code' in e ? e.code : undefined;
    if (code === 'ERR_MODULE_NOT_FOUND' && e instanceof Error && e.message.includes(url.pathname)) return undefined;
    throw e;
  }
  const factory =
    typeof mod === 'object' && mod !== null ? (mod as Record<string, unknown>)[CLUSTER_CACHE_EXPORT] : undefined;
  if (!isFunction(factory)) return undefined;
  return (options) => {
    const cache = factory(options);
    if (!isClusterCache(cache)) {
      throw new Error(`${specifier}: ${CLUSTER_CACHE_EXPORT}() did not return a ClusterCache`);
    }
    return cache;
  };
}
