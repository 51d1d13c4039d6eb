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
import { WATCHED_RESOURCES } from '../../cluster/kinds.js';
import { describeListFailure } from '../../cluster/list.js';
import { loadConfig } from '../../engine/config.js';
import { allRules } from '../../rules/index.js';
import {
  clusterOptions,
  completeKinds,
  DEFAULT_LISTING_TIMEOUT_MS,
  type ListingUse,
  listedScope,
  readCluster,
} from '../cluster-input.js';
import type { CliIo } from '../io.js';
import { exitCodeFor, failOnOf, writeReport } from '../report-output.js';

/** The whole listing's default bound (`--timeout`). */
export const DEFAULT_AUDIT_TIMEOUT_MS = DEFAULT_LISTING_TIMEOUT_MS;

const AUDIT_USE: ListingUse = {
  subject: (context) => `the audit of context ${context}`,
  withheld: 'nothing is reported',
  partialAdvice: 'report the kinds that were listed',
  partialResult: 'the report covers the others',
  warning: describeListFailure,
};

export async function runAudit(opts: Record<string, unknown>, io: CliIo): Promise<number> {
  const cluster = clusterOptions(opts);
  const config = await loadConfig({
    cwd: io.cwd,
    ...(typeof opts.config === 'string' ? { explicitPath: resolve(io.cwd, opts.config) } : {}),
    rules: allRules,
  });
  const input = await readCluster(cluster, io, WATCHED_RESOURCES, AUDIT_USE);
  const { client, listing, namespace } = input;

  const result = auditObjects(listing.objects, {
    context: client.context,
    rules: allRules,
    config,
    completeKinds: completeKinds(listing),
    ...(namespace !== undefined ? { namespace } : {}),
  });
  writeReport(result, opts, io);
  if (result.summary.objects === 0) {
    // Nothing checked is an input error, as for lint: a wrong context or namespace must not pass a CI gate.
    io.stderr(
      `kubeward: 0 objects listed from context ${client.context} (${listedScope(input)}): nothing to check.\n` +
        '  hint: check --context and -n: an audit that checks nothing exits 2, so a wrong context cannot pass a CI gate.\n',
    );
    return 2;
  }
  return exitCodeFor(result, failOnOf(opts, config.failOn));
}
