/**
 * `kubeward migration-report [paths... | -]`: the ingress-nginx exit audit of manifest files (or stdin), as Markdown
 * (default), JSON (`--format json`, schema/migration-report.schema.json) or one self-contained HTML page
 * (`--format html`). With `--cluster`, the inputs are the
 * objects of a live cluster and its controllers' ConfigMaps (migrate-cluster.ts).
 *
 * Exit codes: 0 when the report was written; 2 for usage and input errors, and when the inputs hold no Ingress.
 */
import { resolve } from 'node:path';
import { KubewardError } from '../../engine/errors.js';
import type { SourcedObject } from '../../engine/types.js';
import type { ObjectLookup } from '../../k8s/lookup.js';
import type { ExposureSource } from '../../report/migration/exposure.js';
import { migrationReportHtml } from '../../report/migration/html.js';
import { migrationReportJson } from '../../report/migration/json.js';
import { migrationReportMarkdown } from '../../report/migration/markdown.js';
import {
  buildMigrationReport,
  type MigrationReport,
  type ReportInput as ReportInputSource,
} from '../../report/migration/model.js';
import { readFileObjects } from '../file-objects.js';
import type { CliIo } from '../io.js';
import { checkClusterUsage, checkFileUsage, REPORT_COMMAND, readClusterForReport } from '../migrate-cluster.js';
import { configAnnotationsPrefix } from '../nginx-prefix.js';
import { writeReportFile } from '../report-output.js';

const RENDERERS: Readonly<Record<string, (report: MigrationReport) => string>> = {
  markdown: migrationReportMarkdown,
  json: migrationReportJson,
  html: migrationReportHtml,
};

export async function runMigrationReport(paths: string[], opts: Record<string, unknown>, io: CliIo): Promise<number> {
  const format = String(opts.format ?? 'markdown');
  const render = RENDERERS[format];
  if (render === undefined) {
    throw new KubewardError('USAGE', `--format must be markdown, json or html, not "${format}".`);
  }
  const prefix = await configAnnotationsPrefix(opts, io);
  const input = opts.cluster === true ? await clusterInput(paths, opts, io) : await fileInput(paths, opts, io);
  if (input === undefined) return 2;
  const report = buildMigrationReport(input.objects, input.index, {
    ...(prefix !== undefined ? { annotationsPrefix: prefix } : {}),
    ...(input.source !== undefined ? { source: input.source } : {}),
    input: input.described,
    generatedAt: generatedAt(io.env),
  });
  if (report.inventory.total === 0 && opts.allowEmpty !== true) throw input.noIngress;
  const text = render(report);
  if (typeof opts.output === 'string') writeReportFile(resolve(io.cwd, opts.output), opts.output, text);
  else io.stdout(text);
  return 0;
}

/** The objects to report on and an index over them, or undefined when the inputs' problems were printed. */
interface ReportInput {
  readonly objects: readonly SourcedObject[];
  readonly index: ObjectLookup;
  /** The error when they hold no Ingress at all. */
  readonly noIngress: KubewardError;
  /** Where they came from, for the exposure's notes: absent for files. */
  readonly source?: ExposureSource;
  /** What they were read from, for Sources. */
  readonly described: ReportInputSource;
}

/**
 * When the report is computed: now, or `SOURCE_DATE_EPOCH` (seconds, the reproducible-builds convention) so that
 * the same inputs give the same bytes.
 */
export function generatedAt(env: Readonly<Record<string, string | undefined>>): string {
  const epoch = env.SOURCE_DATE_EPOCH;
  const seconds = epoch !== undefined && /^\d+$/.test(epoch) ? Number(epoch) : undefined;
  return new Date(seconds !== undefined ? seconds * 1000 : Date.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

async function fileInput(paths: string[], opts: Record<string, unknown>, io: CliIo): Promise<ReportInput | undefined> {
  checkFileUsage(opts, REPORT_COMMAND);
  const read = await readFileObjects(paths, opts, io, {
    command: 'migration-report',
    nothingWritten: 'no report written',
    nothingToDo: 'nothing to report',
  });
  if (read === undefined) return undefined;
  const stdin = String(opts.stdinFilename ?? '<stdin>');
  const names = (paths.length === 0 ? ['-'] : paths).map((p) => (p === '-' ? stdin : p));
  return { ...read, described: { kind: 'files', paths: names } };
}

/**
 * `--cluster`: the listing and the controllers' ConfigMaps. Imported statically, as migrate does (a dynamic import
 * would split the engine chunks `lint` loads, test/cli/bundle.test.ts); the cluster client is loaded only when
 * connecting.
 */
async function clusterInput(paths: string[], opts: Record<string, unknown>, io: CliIo): Promise<ReportInput> {
  checkClusterUsage(paths, opts, REPORT_COMMAND);
  const read = await readClusterForReport(opts, io);
  return {
    ...read,
    described: {
      kind: 'cluster',
      context: read.context,
      ...(read.namespace !== undefined ? { namespace: read.namespace } : {}),
      unlisted: read.unlistedKinds,
    },
  };
}
