/**
 * `kubeward migrate --to gateway-api`: Gateway API drafts from the ingress-nginx Ingresses of the inputs, with the
 * translation record as comments (YAML), as JSON (`--format json`) and as a summary on stderr.
 *
 * The inputs are files (or stdin), or with `--cluster` the objects of a live cluster (migrate-cluster.ts).
 *
 * Exit codes: 0 when drafts were written; 1 with `--strict` when anything was left untranslated; 2 for usage and
 * input errors, and when the inputs hold no Ingress at all.
 */
import { join, resolve } from 'node:path';
import { KubewardError } from '../../engine/errors.js';
import type { SourcedObject } from '../../engine/types.js';
import type { ObjectLookup } from '../../k8s/lookup.js';
import { draftFiles, draftsYaml, migrationJson, migrationSummaryText } from '../../migrate/emit.js';
import { migrateToGatewayApi, type Placement } from '../../migrate/translate.js';
import { readFileObjects } from '../file-objects.js';
import type { CliIo } from '../io.js';
import { checkClusterUsage, checkFileUsage, MIGRATE_COMMAND, readClusterForMigrate } from '../migrate-cluster.js';
import { configAnnotationsPrefix } from '../nginx-prefix.js';
import { makeOutputDirectory, writeReportFile } from '../report-output.js';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/** `--parent-ref [ListenerSet:]NS/NAME[/SECTION]`. */
export function parseParentRef(value: string): Placement {
  const m = /^(?:(Gateway|ListenerSet):)?([^/]+)\/([^/]+)(?:\/([^/]+))?$/.exec(value.trim());
  const [, kind, namespace, name, sectionName] = m ?? [];
  if (
    m === null ||
    namespace === undefined ||
    name === undefined ||
    !DNS_LABEL.test(namespace) ||
    !DNS_SUBDOMAIN.test(name) ||
    (sectionName !== undefined && !DNS_LABEL.test(sectionName))
  ) {
    throw new KubewardError('USAGE', `--parent-ref must be NAMESPACE/NAME or NAMESPACE/NAME/SECTION, not "${value}".`, {
      hint: 'e.g. --parent-ref gateway-system/public/https (prefix ListenerSet: for a ListenerSet)',
    });
  }
  return {
    mode: 'parent-ref',
    kind: kind === 'ListenerSet' ? 'ListenerSet' : 'Gateway',
    namespace,
    name,
    ...(sectionName !== undefined ? { sectionName } : {}),
  };
}

function placementOf(opts: Record<string, unknown>): Placement {
  if (typeof opts.parentRef === 'string') {
    if (opts.gateway !== undefined && opts.gateway !== 'shared') {
      throw new KubewardError(
        'USAGE',
        '--parent-ref and --gateway per-namespace exclude each other: routes attach to one parent.',
      );
    }
    return parseParentRef(opts.parentRef);
  }
  if (opts.gateway === 'per-namespace') return { mode: 'per-namespace' };
  const namespace = String(opts.gatewayNamespace ?? 'gateway-system');
  if (!DNS_LABEL.test(namespace)) {
    throw new KubewardError('USAGE', `--gateway-namespace must be a namespace name, not "${namespace}".`);
  }
  return { mode: 'shared', namespace };
}

export async function runMigrate(paths: string[], opts: Record<string, unknown>, io: CliIo): Promise<number> {
  if (opts.to !== 'gateway-api') {
    throw new KubewardError('USAGE', `--to must be gateway-api, not "${String(opts.to)}".`);
  }
  if (typeof opts.output === 'string' && typeof opts.outDir === 'string') {
    throw new KubewardError('USAGE', '-o and --out-dir exclude each other: one file, or one file per namespace.');
  }
  const placement = placementOf(opts);
  const prefix = await configAnnotationsPrefix(opts, io);
  const input = opts.cluster === true ? await clusterInput(paths, opts, io) : await fileInput(paths, opts, io);
  if (input === undefined) return 2;
  const result = migrateToGatewayApi(input.objects, input.index, {
    placement,
    ...(prefix !== undefined ? { annotationsPrefix: prefix } : {}),
    ...(typeof opts.gatewayClass === 'string' ? { gatewayClass: opts.gatewayClass } : {}),
    failClosed: opts.failClosed === true,
  });
  if (result.ingresses.length === 0 && result.skipped.length === 0 && opts.allowEmpty !== true) throw input.noIngress;
  writeDrafts(result, opts, io);
  io.stderr(migrationSummaryText(result));
  if (opts.strict === true && result.ingresses.some((r) => r.outcome !== 'translated')) return 1;
  return 0;
}

/** The objects to migrate and an index over them, or undefined when the inputs' problems were printed. */
interface MigrateInput {
  readonly objects: readonly SourcedObject[];
  readonly index: ObjectLookup;
  /** The error when they hold no Ingress at all. */
  readonly noIngress: KubewardError;
}

async function fileInput(paths: string[], opts: Record<string, unknown>, io: CliIo): Promise<MigrateInput | undefined> {
  checkFileUsage(opts, MIGRATE_COMMAND);
  return readFileObjects(paths, opts, io, {
    command: 'migrate --to gateway-api',
    nothingWritten: 'no drafts written',
    nothingToDo: 'nothing to migrate',
  });
}

/**
 * `--cluster`: the listing. Imported statically: a dynamic import would be one more bundle entry, and esbuild would
 * split the engine chunks `lint` loads along it (test/cli/bundle.test.ts). The cluster client itself is still
 * loaded only when connecting.
 */
async function clusterInput(paths: string[], opts: Record<string, unknown>, io: CliIo): Promise<MigrateInput> {
  checkClusterUsage(paths, opts, MIGRATE_COMMAND);
  return readClusterForMigrate(opts, io);
}

function writeDrafts(result: ReturnType<typeof migrateToGatewayApi>, opts: Record<string, unknown>, io: CliIo): void {
  const json = opts.format === 'json';
  if (typeof opts.outDir === 'string') {
    const dir = resolve(io.cwd, opts.outDir);
    makeOutputDirectory(dir, opts.outDir, '--out-dir');
    if (json)
      writeReportFile(
        join(dir, 'migration.json'),
        join(opts.outDir, 'migration.json'),
        migrationJson(result),
        'the record',
        '--out-dir',
      );
    for (const [file, drafts] of draftFiles(result.objects)) {
      writeReportFile(join(dir, file), join(opts.outDir, file), draftsYaml(drafts), 'the drafts', '--out-dir');
    }
    return;
  }
  const text = json ? migrationJson(result) : draftsYaml(result.objects);
  if (typeof opts.output === 'string') writeReportFile(resolve(io.cwd, opts.output), opts.output, text, 'the drafts');
  else io.stdout(text);
}
