/**
 * `kubeward migration-report [paths... | -]`: the ingress-nginx exit audit of manifest files (or stdin), as Markdown
 * (default) or JSON (`--format json`, schema/migration-report.schema.json).
 *
 * Exit codes: 0 when the report was written; 2 for usage and input errors, and when the inputs hold no Ingress.
 */
import { resolve } from 'node:path';
import { loadConfig } from '../../engine/config.js';
import { KubewardError } from '../../engine/errors.js';
import { migrationReportJson } from '../../report/migration/json.js';
import { migrationReportMarkdown } from '../../report/migration/markdown.js';
import { buildMigrationReport } from '../../report/migration/model.js';
import { allRules } from '../../rules/index.js';
import { readFileObjects } from '../file-objects.js';
import type { CliIo } from '../io.js';
import { writeReportFile } from '../report-output.js';

export async function runMigrationReport(paths: string[], opts: Record<string, unknown>, io: CliIo): Promise<number> {
  const format = String(opts.format ?? 'markdown');
  if (format !== 'markdown' && format !== 'json') {
    throw new KubewardError('USAGE', `--format must be markdown or json, not "${format}".`);
  }
  // The config's ingress-nginx prefix, for installs the inputs do not show (a loaded controller's flag wins).
  const config = await loadConfig({
    cwd: io.cwd,
    ...(typeof opts.config === 'string' ? { explicitPath: resolve(io.cwd, opts.config) } : {}),
    rules: allRules,
  });
  const prefix = config.ingressNginx?.annotationsPrefix;
  const input = await readFileObjects(paths, opts, io, {
    command: 'migration-report',
    nothingWritten: 'no report written',
    nothingToDo: 'nothing to report',
  });
  if (input === undefined) return 2;
  const report = buildMigrationReport(input.objects, input.index, {
    ...(prefix !== undefined ? { annotationsPrefix: prefix } : {}),
  });
  if (report.inventory.total === 0) throw input.noIngress;
  const text = format === 'json' ? migrationReportJson(report) : migrationReportMarkdown(report);
  if (typeof opts.output === 'string') writeReportFile(resolve(io.cwd, opts.output), opts.output, text);
  else io.stdout(text);
  return 0;
}
