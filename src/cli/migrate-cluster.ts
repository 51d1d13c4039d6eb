/**
 * The commands that read a cluster's Ingresses instead of files, `kubeward migrate --cluster` and `kubeward
 * migration-report --cluster`: the Ingresses, and what translating them looks up, read through the audit's listing
 * (read-only: `list` on MIGRATE_RESOURCES). Each object is attributed to `cluster:<context>/<namespace>/<kind>/<name>`
 * at line 0, as audit's findings are; the listing drops what the API server adds (managedFields, status, kubectl's
 * last-applied copy), so none of it reaches a draft or a report. The report also reads each ingress-nginx
 * controller's `--configmap` ConfigMap, with one `get` of exactly that namespace and name (never a list of
 * ConfigMaps), and keeps only the two snippet settings of it. The cluster client (@kubernetes/client-node) is loaded
 * only when connecting: a command on files never loads it.
 */
import { sourcedClusterObject } from '../cluster/audit.js';
import type { ClusterClient } from '../cluster/client.js';
import { type ConfigMapGet, configMapKey, getConfigMaps } from '../cluster/configmap-get.js';
import { MIGRATE_RESOURCES } from '../cluster/kinds.js';
import { type FailedOutcome, listFailureLine } from '../cluster/list.js';
import { KubewardError } from '../engine/errors.js';
import { createIndex, type ObjectIndex } from '../engine/object-index.js';
import type { SourcedObject } from '../engine/types.js';
import { ALLOW_SNIPPETS, RISK_LEVEL } from '../ingress/nginx-configmap.js';
import { configMapFlagOf } from '../ingress/nginx-controller.js';
import { ingressNginxControllersOf } from '../ingress/nginx-selection.js';
import type { K8sObject } from '../k8s/object.js';
import type { ConfigMapMiss, ExposureSource } from '../report/migration/exposure.js';
import { clusterOptions, completeKinds, type ListingUse, listedScope, readCluster } from './cluster-input.js';
import type { CliIo } from './io.js';

/** How a command that reads Ingresses from a cluster words its messages. */
export interface IngressClusterCommand {
  /** `migrate`: in "the listing of context prod for migrate" and "a migrate of files". */
  readonly name: string;
  /** `migrate`: what it does to Ingresses, in "drop --cluster to migrate the files". */
  readonly verb: string;
  /** `nothing to migrate`: the end of the message when the cluster holds no Ingress. */
  readonly nothingToDo: string;
  /** `drafts nothing`: in the hint "a migrate that drafts nothing exits 2". */
  readonly doesNothing: string;
  /** `no drafts are written`, `draft from the kinds that were listed`, `the drafts are made without them`. */
  readonly withheld: string;
  readonly partialAdvice: string;
  readonly partialResult: string;
  /** What a kind that could not be listed costs, when it is not what every such command loses. */
  readonly effects: Readonly<Record<string, string>>;
}

/** What a kind that could not be listed costs any command that translates Ingresses. */
const LISTING_EFFECTS: Readonly<Record<string, string>> = {
  IngressClass: 'Ingresses are attributed to a controller by class name and annotations only',
  Service: 'named Service ports cannot be resolved and are reported as gaps',
  Deployment: 'a custom --controller-class or --annotations-prefix of a controller Deployment is not seen',
  DaemonSet: 'a custom --controller-class or --annotations-prefix of a controller DaemonSet is not seen',
};

export const MIGRATE_COMMAND: IngressClusterCommand = {
  name: 'migrate',
  verb: 'migrate',
  nothingToDo: 'nothing to migrate',
  doesNothing: 'drafts nothing',
  withheld: 'no drafts are written',
  partialAdvice: 'draft from the kinds that were listed',
  partialResult: 'the drafts are made without them',
  effects: { Ingress: 'its Ingresses are not migrated' },
};

export const REPORT_COMMAND: IngressClusterCommand = {
  name: 'migration-report',
  verb: 'report on',
  nothingToDo: 'nothing to report',
  doesNothing: 'reports on nothing',
  withheld: 'no report is written',
  partialAdvice: 'report on the kinds that were listed',
  partialResult: 'the report is made without them',
  effects: {
    Ingress: 'its Ingresses are not in the report',
    Deployment:
      'a controller Deployment is not seen: neither its custom --controller-class or --annotations-prefix nor its exposure',
    DaemonSet:
      'a controller DaemonSet is not seen: neither its custom --controller-class or --annotations-prefix nor its exposure',
  },
};

function listingUse(command: IngressClusterCommand): ListingUse {
  return {
    subject: (context) => `the listing of context ${context} for ${command.name}`,
    withheld: command.withheld,
    partialAdvice: command.partialAdvice,
    partialResult: command.partialResult,
    warning: (outcome: FailedOutcome, namespace) => {
      const kind = outcome.resource.kind;
      const effect = command.effects[kind] ?? LISTING_EFFECTS[kind] ?? `${kind} objects are not read`;
      return `cannot list ${listFailureLine(outcome, namespace).replace(/\.$/, '')}; ${effect}.`;
    },
  };
}

/** What a command reads from a cluster: the objects as the translator takes them, and where they came from. */
export interface ClusterMigrateInput {
  readonly objects: readonly SourcedObject[];
  readonly index: ObjectIndex;
  readonly context: string;
  /** `-n`: only this namespace's namespaced objects were listed. */
  readonly namespace: string | undefined;
  /** `namespace shop, 5 kinds`: where the listing looked, for a message when it found no Ingress. */
  readonly scope: string;
  /** The error when the listing holds no Ingress at all. */
  readonly noIngress: KubewardError;
}

/** The flags that only `--cluster` reads: given without it, they are usage errors. */
const CLUSTER_ONLY = ['context', 'kubeconfig', 'allowPartial'] as const;

/** The usage errors of a command on files: the cluster-only flags (`--context`, `--kubeconfig`, `--allow-partial`). */
export function checkFileUsage(opts: Record<string, unknown>, command: IngressClusterCommand): void {
  const clusterOnly = CLUSTER_ONLY.find((k) => opts[k] !== undefined);
  if (clusterOnly === undefined) return;
  const flag = `--${clusterOnly.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  throw new KubewardError('USAGE', `${flag} applies to --cluster only: a ${command.name} of files reads no cluster.`, {
    hint: `add --cluster to ${command.verb} the Ingresses of a cluster, or drop ${flag}`,
  });
}

/** The usage errors of `--cluster`: it reads no files and no standard input. */
export function checkClusterUsage(
  paths: readonly string[],
  opts: Record<string, unknown>,
  command: IngressClusterCommand,
): void {
  if (paths.length > 0) {
    throw new KubewardError(
      'USAGE',
      `--cluster reads the Ingresses from the cluster, so it takes no paths (got ${paths.map((p) => `"${p}"`).join(', ')}).`,
      { hint: `drop the paths, or drop --cluster to ${command.verb} the files` },
    );
  }
  if (opts.stdinFilename !== undefined) {
    throw new KubewardError('USAGE', '--stdin-filename names standard input, which --cluster does not read.');
  }
}

interface Listed {
  readonly client: ClusterClient;
  readonly input: ClusterMigrateInput;
  readonly listed: readonly K8sObject[];
  readonly complete: Set<string>;
}

/** Lists MIGRATE_RESOURCES (all namespaces, or `-n`) and indexes them as the translator's input. */
async function listForCommand(
  opts: Record<string, unknown>,
  io: CliIo,
  command: IngressClusterCommand,
): Promise<Listed> {
  const cluster = await readCluster(clusterOptions(opts), io, MIGRATE_RESOURCES, listingUse(command));
  const { client, listing, namespace } = cluster;
  const context = client.context;
  const scope = listedScope(cluster);
  const complete = completeKinds(listing);
  const noIngress = new KubewardError(
    'INPUT_UNREADABLE',
    `0 Ingresses listed from context ${context} (${scope}): ${command.nothingToDo}.`,
    {
      hint: `check --context and -n: a ${command.name} that ${command.doesNothing} exits 2, so a wrong context cannot pass a CI step`,
    },
  );
  const input: ClusterMigrateInput = {
    objects: listing.objects.map((o) => sourcedClusterObject(context, o)),
    index: createIndex(listing.objects, { completeKinds: complete }),
    context,
    namespace,
    scope,
    noIngress,
  };
  return { client, input, listed: listing.objects, complete };
}

/** `kubeward migrate --cluster`: the listing, indexed. */
export async function readClusterForMigrate(opts: Record<string, unknown>, io: CliIo): Promise<ClusterMigrateInput> {
  return (await listForCommand(opts, io, MIGRATE_COMMAND)).input;
}

/** The kinds an ingress-nginx controller runs as: a listing without one of them may miss a controller. */
const CONTROLLER_KINDS = ['Deployment', 'DaemonSet'] as const;

/** What `kubeward migration-report --cluster` reads: the listing with the controllers' ConfigMaps, and its source. */
export interface ClusterReportInput extends ClusterMigrateInput {
  /** For the exposure's notes: the context, `-n`, and the ConfigMaps the cluster did not give. */
  readonly source: ExposureSource;
  /** Every kind the listing could not list (`--allow-partial`), for the report's Sources. */
  readonly unlistedKinds: readonly string[];
}

/**
 * The listing, then one `get` of each ingress-nginx controller's `--configmap` ConfigMap (the controllers the
 * exposure section reads, found as it finds them), each with the listing's request timeout. The ConfigMaps found join
 * the index (not the objects reported on); the others reach the exposure's notes with what the API server answered.
 * No request with no controller naming a ConfigMap.
 */
export async function readClusterForReport(opts: Record<string, unknown>, io: CliIo): Promise<ClusterReportInput> {
  const { client, input, listed, complete } = await listForCommand(opts, io, REPORT_COMMAND);
  const refs = ingressNginxControllersOf(input.index).flatMap((c) => {
    const ref = configMapFlagOf(c, input.index.namespaceOf(c.workload));
    return ref === undefined ? [] : [{ namespace: ref.namespace, name: ref.name }];
  });
  const unlisted = CONTROLLER_KINDS.filter((k) => !complete.has(k));
  const unlistedKinds = MIGRATE_RESOURCES.map((r) => r.kind).filter((k) => !complete.has(k));
  const cluster = {
    context: input.context,
    ...(input.namespace !== undefined ? { namespace: input.namespace } : {}),
    ...(unlisted.length > 0 ? { unlisted } : {}),
  };
  if (refs.length === 0) return { ...input, unlistedKinds, source: { cluster: { ...cluster, configMaps: new Map() } } };
  const gets = await getConfigMaps(client, refs, [ALLOW_SNIPPETS, RISK_LEVEL]);
  const found = gets.flatMap((g) => (g.status === 'found' ? [g.object] : []));
  const configMaps = new Map(gets.flatMap((g) => missOf(g)));
  // A CI log shows what the report's notes say: a ConfigMap that could not be read leaves two settings unknown.
  for (const [key, miss] of configMaps) {
    if (miss.status === 'not-found') continue;
    io.stderr(
      `kubeward: warning: cannot get ConfigMap ${key} (${miss.message.replace(/\.$/, '')}); ${ALLOW_SNIPPETS} and ${RISK_LEVEL} of the controllers that read it are unknown in the report.\n`,
    );
  }
  return {
    ...input,
    unlistedKinds,
    index: found.length > 0 ? createIndex([...listed, ...found], { completeKinds: complete }) : input.index,
    source: { cluster: { ...cluster, configMaps } },
  };
}

function missOf(get: ConfigMapGet): [string, ConfigMapMiss][] {
  const key = configMapKey(get.ref);
  if (get.status === 'found') return [];
  if (get.status === 'not-found') return [[key, { status: 'not-found' }]];
  return [[key, { status: get.status, message: get.message }]];
}
