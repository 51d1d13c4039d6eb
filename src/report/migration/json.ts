/** The migration report as JSON (schema/migration-report.schema.json): the model as it is, one trailing newline. */
import type { MigrationReport } from './model.js';

export function migrationReportJson(report: MigrationReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
