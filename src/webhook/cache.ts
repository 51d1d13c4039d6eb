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
