/**
 * Reading a live cluster for a command (`kubeward audit`, `kubeward migrate --cluster`): the connection options
 * (`--kubeconfig`, `--context`, `-n`), the listing's bounds (`--chunk-size`, `--timeout`, `--request-timeout`), a
 * progress line on a terminal, and one decision on what the listing can be used for. The listing is used only when
 * every kind was listed completely (a CRD the cluster does not serve counts as listed: there are none); otherwise the
 * command fails with exit code 2, naming each kind and why, unless `--allow-partial`. An unreachable or silent server
 * is one error, and so are credentials the server refuses for every kind.
 */
import { type ClusterClient, connectCluster, DEFAULT_REQUEST_TIMEOUT_MS } from '../cluster/client.js';
import { formatDuration, parseDuration } from '../cluster/duration.js';
import type { WatchedResource } from '../cluster/kinds.js';
import { type ClusterListing, type FailedOutcome, listClusterObjects, listFailureLine } from '../cluster/list.js';
import { KubewardError } from '../engine/errors.js';
import type { CliIo } from './io.js';

/** The whole listing's default bound (`--timeout`). */
export const DEFAULT_LISTING_TIMEOUT_MS = 5 * 60_000;

/** How a command names what it does with a listing, in the messages about an incomplete one. */
export interface ListingUse {
  /** `the audit of context prod`: the subject of "is incomplete". */
  subject(context: string): string;
  /** What is not done when kinds are missing: `nothing is reported`. */
  withheld: string;
  /** What --allow-partial does instead: `report the kinds that were listed`. */
  partialAdvice: string;
  /** The end of the partial warning: `the report covers the others`. */
  partialResult: string;
  /** A warning for one kind that could not be listed (with --allow-partial). */
  warning(outcome: FailedOutcome, namespace: string | undefined): string;
}

export interface ClusterInput {
  readonly client: ClusterClient;
  readonly listing: ClusterListing;
  /** `-n`: only this namespace's namespaced objects were listed. */
  readonly namespace: string | undefined;
}

/** The cluster options of a command, checked: what readCluster connects and lists with. */
export interface ClusterOptions {
  readonly pageSize: number;
  readonly timeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly allowPartial: boolean;
  readonly namespace: string | undefined;
  readonly kubeconfig: string | undefined;
  readonly context: string | undefined;
}

/** Reads and checks `--chunk-size`, `--timeout`, `--request-timeout`, `--allow-partial`, `-n`, `--kubeconfig`, `--context`. */
export function clusterOptions(opts: Record<string, unknown>): ClusterOptions {
  const pageSize = Number(opts.chunkSize ?? 500);
  if (!Number.isInteger(pageSize) || pageSize <= 0) {
    throw new KubewardError('USAGE', `--chunk-size must be a positive whole number, not "${String(opts.chunkSize)}".`);
  }
  return {
    pageSize,
    timeoutMs: durationOption(opts.timeout, '--timeout', DEFAULT_LISTING_TIMEOUT_MS),
    requestTimeoutMs: durationOption(opts.requestTimeout, '--request-timeout', DEFAULT_REQUEST_TIMEOUT_MS),
    allowPartial: opts.allowPartial === true,
    namespace: typeof opts.namespace === 'string' && opts.namespace !== '' ? opts.namespace : undefined,
    kubeconfig: typeof opts.kubeconfig === 'string' ? opts.kubeconfig : undefined,
    context: typeof opts.context === 'string' ? opts.context : undefined,
  };
}

/**
 * Connects, lists `resources` and checks the listing (throws a KubewardError when it cannot be used); the warnings
 * of a partial listing (`--allow-partial`) go to stderr.
 */
export async function readCluster(
  options: ClusterOptions,
  io: CliIo,
  resources: readonly WatchedResource[],
  use: ListingUse,
): Promise<ClusterInput> {
  const { pageSize, timeoutMs, requestTimeoutMs, allowPartial, namespace } = options;
  const client = await connectCluster({
    env: io.env,
    cwd: io.cwd,
    requestTimeoutMs,
    ...(options.kubeconfig !== undefined ? { kubeconfig: options.kubeconfig } : {}),
    ...(options.context !== undefined ? { context: options.context } : {}),
  });

  const progress = createProgress(io);
  progress.update(`listing ${client.context}…`);
  let listing: ClusterListing;
  try {
    listing = await listClusterObjects(client, {
      resources,
      pageSize,
      timeoutMs,
      ...(namespace !== undefined ? { namespace } : {}),
      onProgress: (p) => progress.update(`listing ${client.context}: ${p.done}/${p.total} kinds, ${p.objects} objects`),
    });
  } finally {
    progress.clear();
  }
  checkListing(listing, { context: client.context, server: client.server, allowPartial, namespace }, use);
  for (const o of listing.failed) io.stderr(`kubeward: warning: ${use.warning(o, namespace)}\n`);
  if (listing.failed.length > 0) {
    const kinds = listing.failed.map((o) => o.resource.kind).join(', ');
    io.stderr(
      `kubeward: warning: partial ${use.subject(client.context).replace(/^the /, '')}: ${listing.failed.length} of ${listing.outcomes.length} kinds not listed (${kinds}); ${use.partialResult}.\n`,
    );
  }
  return { client, listing, namespace };
}

/** The kinds listed in full (listed, or absent CRDs): what an index may treat as complete. */
export function completeKinds(listing: ClusterListing): Set<string> {
  return new Set(listing.outcomes.filter((o) => o.status !== 'error').map((o) => o.resource.kind));
}

/** `(namespace shop, 5 kinds)`: where a listing that found nothing looked. */
export function listedScope(input: ClusterInput): string {
  const listed = input.listing.outcomes.filter((o) => o.status === 'ok').length;
  const scope = input.namespace !== undefined ? `namespace ${input.namespace}` : 'all namespaces';
  return `${scope}, ${listed} kinds`;
}

/**
 * Throws when the listing cannot be used: the server never answered (one error, not one per kind), no kind could be
 * listed, or some could not and `--allow-partial` was not given.
 */
export function checkListing(
  listing: ClusterListing,
  where: { context: string; server: string; allowPartial: boolean; namespace?: string | undefined },
  use: ListingUse,
): void {
  if (listing.unreachable !== undefined) {
    const { message, credentials } = listing.unreachable;
    throw new KubewardError('INPUT_UNREADABLE', `${message.replace(/\.$/, '')}.`, {
      hint: credentials
        ? `check the credentials of the context: kubectl --context ${where.context} auth whoami`
        : `check the server answers: kubectl --context ${where.context} get --raw /readyz`,
    });
  }
  if (listing.failed.length === 0) return;
  const refused = listing.failed[0];
  if (listing.failed.length === listing.outcomes.length && listing.failed.every((o) => o.statusCode === 401)) {
    throw new KubewardError(
      'INPUT_UNREADABLE',
      `the API server ${where.server} does not accept the credentials of context ${where.context} (${refused?.message.replace(/\.$/, '')}).`,
      {
        hint: `the token or certificate may have expired: log in again, then kubectl --context ${where.context} auth whoami`,
      },
    );
  }
  const lines = listing.failed.map((o) => `\n  - ${listFailureLine(o, where.namespace)}`).join('');
  const total = listing.outcomes.length;
  if (!listing.outcomes.some((o) => o.status === 'ok')) {
    throw new KubewardError(
      'INPUT_UNREADABLE',
      `could not list any kind from context ${where.context} (${where.server}):${lines}`,
      { hint: `check the context and its permissions: kubectl --context ${where.context} get deployments -A` },
    );
  }
  if (where.allowPartial) return;
  throw new KubewardError(
    'INPUT_UNREADABLE',
    `${use.subject(where.context)} is incomplete: ${listing.failed.length} of ${total} kinds could not be listed, so ${use.withheld}:${lines}`,
    { hint: `fix the cause and run it again, or pass --allow-partial to ${use.partialAdvice}` },
  );
}

/** A positive duration flag (`90s`, `5m`), or its default when not given. */
function durationOption(value: unknown, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const ms = parseDuration(String(value));
  if (ms === undefined || ms <= 0) {
    throw new KubewardError('USAGE', `${flag} must be a duration such as 90s or 5m, not "${String(value)}".`, {
      hint: `units: ms, s, m, h (default ${formatDuration(fallback)})`,
    });
  }
  return ms;
}

interface Progress {
  update(text: string): void;
  clear(): void;
}

/** One rewritten status line on stderr when it is a terminal; nothing otherwise (logs stay clean). */
function createProgress(io: CliIo): Progress {
  if (!io.stderrIsTTY) return { update: () => undefined, clear: () => undefined };
  let shown = false;
  return {
    update(text) {
      io.stderr(`\r\x1b[2K${text}`);
      shown = true;
    },
    clear() {
      if (shown) io.stderr('\r\x1b[2K');
      shown = false;
    },
  };
}
