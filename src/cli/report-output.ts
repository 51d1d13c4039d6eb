/** Report writing and exit codes shared by `lint` and `audit`: same formats, same `--output`, same exit codes. */
import { resolve } from 'node:path';
import { type LintResult, SEVERITY_RANK, type Severity } from '../engine/types.js';
import { FORMATS, TERMINAL_FORMATS } from '../report/index.js';
import { DEFAULT_COLUMNS } from '../report/types.js';
import { allRules } from '../rules/index.js';
import { VERSION } from '../version.js';
import { type CliIo, useColor, writeReportFile } from './io.js';

export { makeOutputDirectory, writeReportFile } from './io.js';

/** `COLUMNS` when it is a positive integer (an explicit choice, as most tools read it), else undefined. */
function columnsFromEnv(env: Record<string, string | undefined>): number | undefined {
  const value = env.COLUMNS;
  if (value === undefined || !/^[1-9][0-9]{0,4}$/.test(value)) return undefined;
  return Number(value);
}

/**
 * The width a report is wrapped to: `COLUMNS` if set, else the terminal's width (unless `noTerminal`: a file does
 * not depend on the terminal that wrote it), else `DEFAULT_COLUMNS` (120).
 */
export function reportColumns(io: Pick<CliIo, 'columns' | 'env'>, noTerminal: boolean): number {
  return columnsFromEnv(io.env) ?? (noTerminal ? undefined : io.columns) ?? DEFAULT_COLUMNS;
}

/** Formats the result and writes it to `--output` (no colour) or stdout (colour on a TTY unless told otherwise). */
export function writeReport(result: LintResult, opts: Record<string, unknown>, io: CliIo): void {
  const format = String(opts.format ?? 'stylish') as keyof typeof FORMATS;
  const formatter = FORMATS[format];
  const toFile = typeof opts.output === 'string';
  // Only a format for a terminal asks whether stdout is one (for a character device that loads node:tty).
  const terminal = !toFile && TERMINAL_FORMATS.has(format);
  const color = terminal ? useColor(opts.color as boolean | undefined, io.stdoutIsTTY, io.env) : false;
  const report = formatter(result, {
    rules: allRules,
    cwd: io.cwd,
    color,
    columns: reportColumns(io, !terminal),
    toolName: 'kubeward',
    toolVersion: VERSION,
  });
  if (toFile) writeReportFile(resolve(io.cwd, opts.output as string), opts.output as string, report);
  else io.stdout(report);
}

/** 2 for input errors, 1 when a finding is at or above `failOn`, else 0. */
export function exitCodeFor(result: LintResult, failOn: Severity | 'never'): number {
  if (result.summary.inputErrors > 0 || result.summary.ruleCrashes > 0) return 2;
  if (failOn === 'never') return 0;
  const threshold = SEVERITY_RANK[failOn];
  return result.findings.some((f) => SEVERITY_RANK[f.severity] >= threshold) ? 1 : 0;
}

/** The `--fail-on` flag, else the config's `failOn`, else `error`. */
export function failOnOf(
  opts: Record<string, unknown>,
  configFailOn: Severity | 'never' | undefined,
): Severity | 'never' {
  return (opts.failOn as Severity | 'never' | undefined) ?? configFailOn ?? 'error';
}
