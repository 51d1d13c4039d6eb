/**
 * `github`: GitHub Actions workflow commands, so findings show as annotations on the pull request diff.
 *
 *   ::error file=chart/templates/deployment.yaml,line=12,col=9,title=memory-limit-missing::Container …
 *
 * error → `::error`, warning → `::warning`, info → `::notice`. Suppressed findings are only counted. Paths are
 * relative to `cwd` (the checkout, `GITHUB_WORKSPACE`). Escaping follows the runner's rules: in the message
 * `%`, CR and LF become `%25`, `%0D`, `%0A` (so a message can never start a command of its own); in property
 * values `:` and `,` also become `%3A` and `%2C`. Other control characters (ANSI escapes, bidi overrides) from
 * manifests are shown as visible escapes such as `\x1b`, so they cannot restyle or reorder the log. A plain
 * summary line ends the output.
 */
import type { Finding, LintResult, Severity } from '../engine/types.js';
import { displayPath, escapeControls, sortedFindings, summaryText } from './shared.js';
import type { FormatContext } from './types.js';

const COMMAND: Readonly<Record<Severity, string>> = { error: 'error', warning: 'warning', info: 'notice' };

/** Escapes the message (the command's data). */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a property value (file, title). */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function command(f: Finding, cwd: string): string {
  const props = [
    `file=${escapeProperty(escapeControls(displayPath(f.file, cwd)))}`,
    `line=${Math.max(1, f.line)}`,
    `col=${Math.max(1, f.column)}`,
    `title=${escapeProperty(f.ruleId)}`,
  ].join(',');
  return `::${COMMAND[f.severity]} ${props}::${escapeData(escapeControls(f.message))}`;
}

export function formatGithub(result: LintResult, ctx: FormatContext): string {
  const lines = sortedFindings(result.findings).map((f) => command(f, ctx.cwd));
  const mark = result.summary.findings === 0 ? '✔' : '✖';
  // The summary is data from our own counts, but a tool name could start with "::"; keep it a plain line.
  lines.push(escapeData(`${ctx.toolName}: ${mark} ${summaryText(result.summary)}`));
  return `${lines.join('\n')}\n`;
}
