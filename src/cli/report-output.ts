/** Report writing and exit codes shared by `lint` and `audit`: same formats, same `--output`, same exit codes. */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { KubewardError } from '../engine/errors.js';
import { type LintResult, SEVERITY_RANK, type Severity } from '../engine/types.js';
import { FORMATS } from '../report/index.js';
import { allRules } from '../rules/index.js';
import { VERSION } from '../version.js';
import { errnoReason } from './inputs.js';
import { type CliIo, useColor } from './io.js';

/** Formats the result and writes it to `--output` (no colour) or stdout (colour on a TTY unless told otherwise). */
export function writeReport(result: LintResult, opts: Record<string, unknown>, io: CliIo): void {
  const format = String(opts.format ?? 'stylish') as keyof typeof FORMATS;
  const formatter = FORMATS[format];
  const toFile = typeof opts.output === 'string';
  const color = toFile ? false : useColor(opts.color as boolean | undefined, io.stdoutIsTTY, io.env);
  const report = formatter(result, { rules: allRules, cwd: io.cwd, color, toolName: 'kubeward', toolVersion: VERSION });
  if (toFile) writeReportFile(resolve(io.cwd, opts.output as string), opts.output as string, report);
  else io.stdout(report);
}

/** Writes `--output`; a path that cannot be written is a usage error that says why, not a stack trace. */
export function writeReportFile(abs: string, given: string, report: string, what = 'the report'): void {
  try {
    writeFileSync(abs, report);
  } catch (err) {
    const code = err !== null && typeof err === 'object' ? (err as { code?: unknown }).code : undefined;
    const why = code === 'ENOENT' ? 'its directory does not exist' : errnoReason(err);
    throw new KubewardError('USAGE', `cannot write ${what} to --output ${given}: ${why}.`, {
      hint: 'give a file in an existing, writable directory, or leave out -o to write to standard output',
    });
  }
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
