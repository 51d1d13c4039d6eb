/**
 * External validators used by the SARIF and JUnit tests. Each probe says why it cannot run, so the tests that
 * need it skip with that reason instead of passing silently.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export type Probe = { ok: true; command: string } | { ok: false; reason: string };

const require = createRequire(import.meta.url);

/** The .NET runtime of the multitool needs ICU unless told to run without it; the validation does not need it. */
const DOTNET_ENV = { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1', DOTNET_CLI_TELEMETRY_OPTOUT: '1' };

/** Microsoft's SARIF multitool (devDependency @microsoft/sarif-multitool, a platform binary). */
export function probeSarifMultitool(): Probe {
  let command: string;
  try {
    command = require('@microsoft/sarif-multitool') as string;
  } catch (err) {
    return {
      ok: false,
      reason: `@microsoft/sarif-multitool has no binary for ${process.platform}/${process.arch} (${String(err)})`,
    };
  }
  const run = spawnSync(command, ['--version'], { encoding: 'utf8', env: DOTNET_ENV, timeout: 60_000 });
  if (run.error || run.status !== 0) {
    return {
      ok: false,
      reason:
        `sarif-multitool does not run here: ${run.error?.message ?? `exit ${run.status}`} ${run.stderr ?? ''}`.trim(),
    };
  }
  return { ok: true, command };
}

export interface SarifValidation {
  /** `file(line,col): error RULE: text` lines the validator printed. */
  errors: string[];
  warnings: string[];
  /** How many results of level error the validator's own SARIF log holds (what the verdict is based on). */
  errorCount: number;
}

/**
 * Validates a SARIF file against the SARIF 2.1.0 schema and the multitool's rules, including the GitHub code
 * scanning ingestion rules (`--rule-kind Sarif;Gh`). The multitool exits 0 even when the file is invalid, so the
 * verdict is read from the SARIF log it writes (`--output`): a result is an error when its level is `error`.
 */
export function validateSarif(command: string, file: string): SarifValidation {
  const log = join(dirname(file), `${file.split(/[\\/]/).pop() ?? 'out'}.validation.json`);
  const run = spawnSync(
    command,
    ['validate', file, '--rule-kind', 'Sarif;Gh', '--output', log, '--log', 'ForceOverwrite'],
    { encoding: 'utf8', env: DOTNET_ENV, timeout: 120_000 },
  );
  const printed = `${run.stdout ?? ''}\n${run.stderr ?? ''}`;
  if (run.error || run.status !== 0 || !existsSync(log)) {
    throw new Error(
      `sarif-multitool validate failed to run (exit ${run.status}): ${run.error?.message ?? ''}\n${printed}`,
    );
  }
  const parsed = JSON.parse(readFileSync(log, 'utf8')) as {
    runs: { results?: { level?: string }[]; invocations?: { executionSuccessful?: boolean }[] }[];
  };
  const runLog = parsed.runs[0];
  if (runLog?.invocations?.[0]?.executionSuccessful !== true) {
    throw new Error(`sarif-multitool did not complete the validation:\n${printed}`);
  }
  const lines = printed.split('\n');
  return {
    errors: lines.filter((l) => /: error [A-Z]+\d+/.test(l)),
    warnings: lines.filter((l) => /: warning [A-Z]+\d+/.test(l)),
    // A result without a level is a warning (SARIF 3.27.10).
    errorCount: (runLog.results ?? []).filter((r) => r.level === 'error').length,
  };
}

/** libxml2's xmllint (Debian: apt-get install libxml2-utils). */
export function probeXmllint(): Probe {
  const run = spawnSync('xmllint', ['--version'], { encoding: 'utf8' });
  if (run.error || run.status !== 0) {
    return { ok: false, reason: 'xmllint is not installed (apt-get install -y libxml2-utils)' };
  }
  return { ok: true, command: 'xmllint' };
}

export interface XmllintRun {
  ok: boolean;
  output: string;
}

/** Runs xmllint on XML given as a string (on stdin). */
export function xmllint(args: readonly string[], xml: string): XmllintRun {
  const run = spawnSync('xmllint', [...args, '-'], { input: xml, encoding: 'utf8' });
  if (run.error) throw run.error;
  return { ok: run.status === 0, output: `${run.stdout}${run.stderr}` };
}

/** The value of an XPath expression (`string(...)`, `count(...)`) over the document. */
export function xpath(xml: string, expression: string): string {
  const run = spawnSync('xmllint', ['--xpath', expression, '-'], { input: xml, encoding: 'utf8' });
  if (run.error) throw run.error;
  if (run.status !== 0) throw new Error(`xmllint --xpath ${expression} failed: ${run.stderr}`);
  return run.stdout.replace(/\n$/, '');
}
