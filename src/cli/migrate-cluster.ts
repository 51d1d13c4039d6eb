/**
 * `kubeward migrate --cluster`: the Ingresses to migrate, and what translating them looks up, read from a live
 * cluster through the audit's listing (read-only: `list` on MIGRATE_RESOURCES). Each object is attributed to
 * `cluster:<context>/<namespace>/<kind>/<name>` at line 0, as audit's findings are; the listing drops what the API
 * server adds (managedFields, status, kubectl's last-applied copy), so none of it reaches a draft. The cluster client
 * (@kubernetes/client-node) is loaded only when connecting: a migrate of files never loads it.
 */
import { sourcedClusterObject } from '../cluster/audit.js';
import { MIGRATE_RESOURCES } from '../cluster/kinds.js';
import { listFailureLine } from '../cluster/list.js';
import { KubewardError } from '../engine/errors.js';
import { createIndex, type ObjectIndex } from '../engine/object-index.js';
import type { SourcedObject } from '../engine/types.js';
import { clusterOptions, completeKinds, type ListingUse, listedScope, readCluster } from './cluster-input.js';
import type { CliIo } from './io.js';

const MIGRATE_USE: ListingUse = {
  subject: (context) => `the listing of context ${context} for migrate`,
  withheld: 'no drafts are written',
  partialAdvice: 'draft from the kinds that were listed',
  partialResult: 'the drafts are made without them',
  warning: (outcome, namespace) => {
    const what: Readonly<Record<string, string>> = {
      Ingress: 'its Ingresses are not migrated',
      IngressClass: 'Ingresses are attributed to a controller by class name and annotations only',
      Service: 'named Service ports cannot be resolved and are reported as gaps',
      Deployment: 'a custom --controller-class or --annotations-prefix of a controller Deployment is not seen',
      DaemonSet: 'a custom --controller-class or --annotations-prefix of a controller DaemonSet is not seen',
    };
    const effect = what[outcome.resource.kind] ?? `${outcome.resource.kind} objects are not read`;
    return `cannot list ${listFailureLine(outcome, namespace).replace(/\.$/, '')}; ${effect}.`;
  },
};

/** What a migrate reads from a cluster: the objects as the translator takes them, and where they came from. */
export interface ClusterMigrateInput {
  readonly objects: readonly SourcedObject[];
  readonly index: ObjectIndex;
  readonly context: string;
  /** `namespace shop, 5 kinds`: where the listing looked, for a message when it found no Ingress. */
  readonly scope: string;
}

/** The usage errors of `--cluster`: it reads no files and no standard input. */
export function checkClusterUsage(paths: readonly string[], opts: Record<string, unknown>): void {
  if (paths.length > 0) {
    throw new KubewardError(
      'USAGE',
      `--cluster reads the Ingresses from the cluster, so it takes no paths (got ${paths.map((p) => `"${p}"`).join(', ')}).`,
      { hint: 'drop the paths, or drop --cluster to migrate the files' },
    );
  }
  if (opts.stdinFilename !== undefined) {
    throw new KubewardError('USAGE', '--stdin-filename names standard input, which --cluster does not read.');
  }
}

/** Lists MIGRATE_RESOURCES (all namespaces, or `-n`) and indexes them as the translator's input. */
export async function readClusterForMigrate(opts: Record<string, unknown>, io: CliIo): Promise<ClusterMigrateInput> {
  const input = await readCluster(clusterOptions(opts), io, MIGRATE_RESOURCES, MIGRATE_USE);
  const { client, listing } = input;
  const objects = listing.objects.map((o) => sourcedClusterObject(client.context, o));
  const index = createIndex(listing.objects, { completeKinds: completeKinds(listing) });
  return { objects, index, context: client.context, scope: listedScope(input) };
}
