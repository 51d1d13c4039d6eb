/**
 * `kubeward audit`: list the kinds the rules need from a live cluster (read-only), run the rules, write a report
 * in the same formats and with the same exit codes as `lint`.
 *
 * The report is only written when every kind was listed completely (a CRD the cluster does not serve, such as the
 * VPA, counts as listed: there are none). Otherwise the audit fails with exit code 2, naming each kind and why,
 * since a report without them would pass objects it never saw; `--allow-partial` reports the others instead, with
 * a warning per missing kind. An unreachable or silent server is one error. `--timeout` bounds the listing,
 * `--request-timeout` each request. Progress goes to stderr when it is a terminal.
 */
import { resolve } from 'node:path';
import { auditObjects } from '../../cluster/audit.js';
import { connectCluster, DEFAULT_REQUEST_TIMEOUT_MS } from '../../cluster/client.js';
import { formatDuration, parseDuration } from '../../cluster/duration.js';
import { type ClusterListing, listClusterObjects, listFailureLine } from '../../cluster/list.js';
import { loadConfig } from '../../engine/config.js';
import { KubewardError } from '../../engine/errors.js';
import { allRules } from '../../rules/index.js';
import type { CliIo } from '../io.js';
import { exitCodeFor, failOnOf, writeReport } from '../report-output.js';

/** The whole listing's default bound (`--timeout`). */
export const DEFAULT_AUDIT_TIMEOUT_MS = 5 * 60_000;

export async function runAudit(opts: Record<string, unknown>, io: CliIo): Promise<number> {
  const pageSize = Number(opts.chunkSize ?? 500);
  if (!Number.isInteger(pageSize) || pageSize <= 0) {
    throw new KubewardError('USAGE', `--chunk-size must be a positive whole number, not "${String(opts.chunkSize)}".`);
  }
  const timeoutMs = durationOption(opts.timeout, '--timeout', DEFAULT_AUDIT_TIMEOUT_MS);
  const requestTimeoutMs = durationOption(opts.requestTimeout, '--request-timeout', DEFAULT_REQUEST_TIMEOUT_MS);
  const allowPartial = opts.allowPartial === true;
  const namespace = typeof opts.namespace === 'string' && opts.namespace !== '' ? opts.namespace : undefined;
  const config = await loadConfig({
    cwd: io.cwd,
    ...(typeof opts.config === 'string' ? { explicitPath: resolve(io.cwd, opts.config) } : {}),
    rules: allRules,
  });
  const client = await connectCluster({
    env: io.env,
    cwd: io.cwd,
    requestTimeoutMs,
    ...(typeof opts.kubeconfig === 'string' ? { kubeconfig: opts.kubeconfig } : {}),
    ...(typeof opts.context === 'string' ? { context: opts.context } : {}),
  });

  const progress = createProgress(io);
  progress.update(`listing ${client.context}…`);
  let listing: ClusterListing;
  try {
    listing = await listClusterObjects(client, {
      pageSize,
      timeoutMs,
      ...(namespace !== undefined ? { namespace } : {}),
      onProgress: (p) => progress.update(`listing ${client.context}: ${p.done}/${p.total} kinds, ${p.objects} objects`),
    });
  } finally {
    progress.clear();
  }
  checkListing(listing, { context: client.context, server: client.server, allowPartial, namespace });
  for (const w of listing.warnings) io.stderr(`kubeward: warning: ${w}\n`);
  const total = listing.outcomes.length;
  if (listing.failed.length > 0) {
    const kinds = listing.failed.map((o) => o.resource.kind).join(', ');
    io.stderr(
      `kubeward: warning: partial audit of context ${client.context}: ${listing.failed.length} of ${total} kinds not listed (${kinds}); the report covers the others.\n`,
    );
  }

  const result = auditObjects(listing.objects, {
    context: client.context,
    rules: allRules,
    config,
    completeKinds: new Set(listing.outcomes.filter((o) => o.status !== 'error').map((o) => o.resource.kind)),
    ...(namespace !== undefined ? { namespace } : {}),
  });
  writeReport(result, opts, io);
  if (result.summary.objects === 0) {
    // Nothing checked is an input error, as for lint: a wrong context or namespace must not pass a CI gate.
    const listed = listing.outcomes.filter((o) => o.status === 'ok').length;
    const scope = namespace !== undefined ? `namespace ${namespace}` : 'all namespaces';
    io.stderr(
      `kubeward: 0 objects listed from context ${client.context} (${scope}, ${listed} kinds): nothing to check.\n` +
        '  hint: check --context and -n: an audit that checks nothing exits 2, so a wrong context cannot pass a CI gate.\n',
    );
    return 2;
  }
  return exitCodeFor(result, failOnOf(opts, config.failOn));
}

/**
 * Throws when the listing cannot give a report: the server never answered (one error, not one per kind), no kind
 * could be listed, or some could not and `--allow-partial` was not given.
 */
export function checkListing(
  listing: ClusterListing,
  where: { context: string; server: string; allowPartial: boolean; namespace?: string | undefined },
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
    `the audit of context ${where.context} is incomplete: ${listing.failed.length} of ${total} kinds could not be listed, so nothing is reported:${lines}`,
    { hint: 'fix the cause and run it again, or pass --allow-partial to report the kinds that were listed' },
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
