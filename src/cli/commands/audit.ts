/**
 * `kubeward audit`: list the kinds the rules need from a live cluster (read-only), run the rules, write a report
 * in the same formats and with the same exit codes as `lint`.
 *
 * A resource that cannot be listed (403, 500, …) is a warning on stderr and the audit goes on without it; if no
 * resource at all could be listed, the audit fails with exit code 2. Progress goes to stderr when it is a terminal.
 */
import { resolve } from 'node:path';
import { auditObjects } from '../../cluster/audit.js';
import { connectCluster } from '../../cluster/client.js';
import { listClusterObjects } from '../../cluster/list.js';
import { loadConfig } from '../../engine/config.js';
import { KubewardError } from '../../engine/errors.js';
import { allRules } from '../../rules/index.js';
import type { CliIo } from '../io.js';
import { exitCodeFor, failOnOf, writeReport } from '../report-output.js';

export async function runAudit(opts: Record<string, unknown>, io: CliIo): Promise<number> {
  const pageSize = Number(opts.chunkSize ?? 500);
  if (!Number.isInteger(pageSize) || pageSize <= 0) {
    throw new KubewardError('USAGE', `--chunk-size must be a positive whole number, not "${String(opts.chunkSize)}".`);
  }
  const namespace = typeof opts.namespace === 'string' && opts.namespace !== '' ? opts.namespace : undefined;
  const config = await loadConfig({
    cwd: io.cwd,
    ...(typeof opts.config === 'string' ? { explicitPath: resolve(io.cwd, opts.config) } : {}),
    rules: allRules,
  });
  const client = await connectCluster({
    env: io.env,
    cwd: io.cwd,
    ...(typeof opts.kubeconfig === 'string' ? { kubeconfig: opts.kubeconfig } : {}),
    ...(typeof opts.context === 'string' ? { context: opts.context } : {}),
  });

  const progress = createProgress(io);
  progress.update(`listing ${client.context}…`);
  const listing = await listClusterObjects(client, {
    pageSize,
    ...(namespace !== undefined ? { namespace } : {}),
    onProgress: (p) => progress.update(`listing ${client.context}: ${p.done}/${p.total} kinds, ${p.objects} objects`),
  });
  progress.clear();
  for (const w of listing.warnings) io.stderr(`kubeward: warning: ${w}\n`);
  if (!listing.outcomes.some((o) => o.status === 'ok')) {
    const first = listing.outcomes.find((o) => o.status === 'error');
    throw new KubewardError(
      'INPUT_UNREADABLE',
      `could not list anything from context ${client.context} (${client.server})${first?.status === 'error' ? `: ${first.message}` : ''}.`,
      { hint: 'check the context with kubectl --context <name> get deployments -A' },
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
  return exitCodeFor(result, failOnOf(opts, config.failOn));
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
