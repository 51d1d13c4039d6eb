/**
 * `gitlab`: a GitLab Code Quality report (`artifacts: reports: codequality:`), the subset of the Code Climate issue
 * format that GitLab reads (https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format): a JSON
 * array of `{ description, check_name, fingerprint, severity, location: { path, lines: { begin } } }`.
 *
 * - `severity`: error → `major`, warning → `minor`, info → `info`; problems that make the exit code 2 (an input that
 *   could not be read, a rule that crashed: objects went unchecked) → `blocker`, so they sort first in the widget.
 * - `fingerprint`: the one SARIF uses (fingerprint.ts: rule, object and path, numbered when two would be equal).
 *   GitLab keys issues by fingerprint, so equal ones would collapse into one, and a finding that moves keeps its
 *   fingerprint, so the merge request widget does not report it as fixed and new again.
 * - `location.path`: relative to `cwd` (the checkout, `CI_PROJECT_DIR`) with forward slashes, as GitLab links it;
 *   a file outside `cwd` keeps the path it was given. `location.lines.begin` is at least 1.
 * - Suppressed findings are left out (GitLab has no notion of them); the JSON and SARIF reports list them.
 * - The description names the object (`Deployment/shop/web: …`); control and bidi characters from manifests are
 *   shown as visible escapes. No byte order mark, sorted output, no timestamps: the same result, the same bytes.
 */
import { RULE_CRASHED } from '../engine/run.js';
import type { Finding, LintResult, Severity } from '../engine/types.js';
import { objectLabel } from '../k8s/names.js';
import { fingerprints } from './fingerprint.js';
import { displayPath, escapeControls, sortedFindings } from './shared.js';
import type { FormatContext } from './types.js';

/** Code Climate's severities, the values GitLab accepts. */
export type CodeQualitySeverity = 'info' | 'minor' | 'major' | 'critical' | 'blocker';

export const CODE_QUALITY_SEVERITY: Readonly<Record<Severity, CodeQualitySeverity>> = {
  error: 'major',
  warning: 'minor',
  info: 'info',
};

export interface CodeQualityIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: CodeQualitySeverity;
  location: { path: string; lines: { begin: number } };
}

/** A finding that leaves objects unchecked (exit code 2) is a blocker; others map by severity. */
export function codeQualitySeverity(f: Finding): CodeQualitySeverity {
  if (f.family === 'input' || f.ruleId === RULE_CRASHED) return 'blocker';
  return CODE_QUALITY_SEVERITY[f.severity];
}

function description(f: Finding): string {
  const text = f.object ? `${objectLabel(f.object)}: ${f.message}` : f.message;
  return escapeControls(text);
}

export function buildCodeQuality(result: LintResult, ctx: FormatContext): CodeQualityIssue[] {
  // Numbered over the same list as SARIF (suppressed included), so a finding has one fingerprint in both reports.
  const all = sortedFindings([...result.findings, ...result.suppressed]);
  const prints = fingerprints(all);
  const suppressed = new Set(result.suppressed);
  const issues: CodeQualityIssue[] = [];
  all.forEach((f, i) => {
    if (suppressed.has(f)) return;
    issues.push({
      description: description(f),
      check_name: f.ruleId,
      fingerprint: prints[i] ?? '',
      severity: codeQualitySeverity(f),
      location: { path: displayPath(f.file, ctx.cwd), lines: { begin: Math.max(1, f.line) } },
    });
  });
  return issues;
}

export function formatGitlab(result: LintResult, ctx: FormatContext): string {
  return `${JSON.stringify(buildCodeQuality(result, ctx), null, 2)}\n`;
}
