/**
 * The module `kubeward serve` imports lazily: the cluster cache it hands the webhook as the webhook's `ClusterCache`
 * (src/webhook/cache.ts), with its events turned into one-line log messages. The cluster layer sits below the
 * webhook and does not import it: serve.ts holds the cache to the contract.
 */
import {
  type ClusterCacheEvent,
  type ClusterCacheHandle,
  type ClusterCacheOptions,
  createClusterCache as createCache,
} from './cache.js';
import type { ConnectOptions } from './client.js';

/** What `kubeward serve` hands the cache factory. */
export interface InformerIndexOptions {
  /** Kinds the enabled rules check (a hint: rules also read other kinds through the index). */
  kinds: readonly string[];
  /** kubeconfig context; in a pod the in-cluster service account is used. */
  context?: string;
  /** Receives one-line diagnostics (connection lost, resynced). */
  log: (level: 'info' | 'warn' | 'error', message: string) => void;
  /** Connection settings beyond the context (tests: a kubeconfig file). Default: in-cluster, or the kubeconfig. */
  connect?: ConnectOptions;
  /** Passed on to the cache (tests: fast retries). */
  cache?: Omit<ClusterCacheOptions, 'connect' | 'onEvent'>;
}

/**
 * The webhook's cluster cache. `kinds` is only a hint: every watched resource is cached, because rules read other
 * kinds (LimitRanges, PDBs, HPAs, IngressClasses) through the index.
 */
export function createClusterCache(options: InformerIndexOptions): ClusterCacheHandle {
  const connect: ConnectOptions = {
    ...options.connect,
    ...(options.context !== undefined ? { context: options.context } : {}),
  };
  let cache: ClusterCacheHandle | undefined;
  const log = (event: ClusterCacheEvent): void => {
    const [level, message] = describeEvent(event, cache);
    options.log(level, message);
  };
  cache = createCache({ ...options.cache, connect, onEvent: log });
  return cache;
}

/** One log line per cache event. */
export function describeEvent(
  event: ClusterCacheEvent,
  cache?: Pick<ClusterCacheHandle, 'index' | 'context'>,
): ['info' | 'warn' | 'error', string] {
  switch (event.type) {
    case 'synced':
      return [
        'info',
        `cluster cache synced: ${cache?.index().objects.length ?? 0} objects from context ${cache?.context() ?? '?'}`,
      ];
    case 'absent':
      return ['info', `${event.resource} is not served (CRD not installed): no objects of that kind`];
    case 'recovered':
      return ['info', `${event.resource}: listing and watching again`];
    case 'error': {
      const permanent = event.statusCode === 401 || event.statusCode === 403;
      const retry = `retrying in ${event.retryInMs < 1000 ? `${event.retryInMs}ms` : `${Math.round(event.retryInMs / 1000)}s`}`;
      const serving = 'the cache keeps serving the objects it has';
      return [
        permanent ? 'error' : 'warn',
        `cannot list/watch ${event.resource}: ${event.message}; ${serving}, ${retry}${permanent ? ' (check the RBAC rules)' : ''}`,
      ];
    }
  }
}
