/**
 * `stylish` (the default): findings grouped by file, one aligned line each, then a summary line.
 *
 *   chart/templates/deployment.yaml
 *     12:9   error    Container "app" has no memory limit.   memory-limit-missing   (<stdin>:140:9)
 *
 *   ✖ 1 problem (1 error, 0 warnings, 0 info), 2 suppressed
 *
 * Suppressed findings are only counted. A Helm-attributed finding is listed under its template, and its
 * position in the rendered stream follows, dimmed. Text from manifests is escaped so it cannot drive the terminal.
 */
import { createColors } from 'picocolors';
import type { Finding, LintResult, Severity } from '../engine/types.js';
import { displayPath, escapeForTerminal, sortedFindings, summaryText } from './shared.js';
import type { FormatContext } from './types.js';

interface Row {
  position: string;
  severity: Severity;
  message: string;
  ruleId: string;
  rendered: string;
}

function toRow(f: Finding, cwd: string): Row {
  return {
    position: `${f.line}:${f.column}`,
    severity: f.severity,
    message: escapeForTerminal(f.message),
    ruleId: f.ruleId,
    rendered: f.rendered
      ? `(${escapeForTerminal(displayPath(f.rendered.file, cwd))}:${f.rendered.line}:${f.rendered.column})`
      : '',
  };
}

function groupByFile(findings: readonly Finding[], cwd: string): Map<string, Row[]> {
  const groups = new Map<string, Row[]>();
  for (const f of sortedFindings(findings)) {
    const file = escapeForTerminal(displayPath(f.file, cwd));
    const rows = groups.get(file);
    if (rows) rows.push(toRow(f, cwd));
    else groups.set(file, [toRow(f, cwd)]);
  }
  return groups;
}

/** The widest value of each column, in one pass (a spread into Math.max overflows past ~120,000 rows). */
function columnWidths(rows: readonly Row[]): { position: number; severity: number; message: number; ruleId: number } {
  const width = { position: 0, severity: 0, message: 0, ruleId: 0 };
  for (const r of rows) {
    if (r.position.length > width.position) width.position = r.position.length;
    if (r.severity.length > width.severity) width.severity = r.severity.length;
    if (r.message.length > width.message) width.message = r.message.length;
    if (r.ruleId.length > width.ruleId) width.ruleId = r.ruleId.length;
  }
  return width;
}

export function formatStylish(result: LintResult, ctx: FormatContext): string {
  const c = createColors(ctx.color);
  const paint: Record<Severity, (s: string) => string> = { error: c.red, warning: c.yellow, info: c.cyan };
  const out: string[] = [];
  for (const [file, rows] of groupByFile(result.findings, ctx.cwd)) {
    // Columns are aligned within a file, as ESLint's stylish does, so one long message does not pad every file.
    const width = columnWidths(rows);
    out.push(c.underline(file));
    for (const r of rows) {
      const columns = [
        c.dim(r.position.padEnd(width.position)),
        paint[r.severity](r.severity.padEnd(width.severity)),
        r.message.padEnd(width.message),
        c.dim(r.rendered ? r.ruleId.padEnd(width.ruleId) : r.ruleId),
      ];
      if (r.rendered) columns.push(c.dim(r.rendered));
      out.push(`  ${columns.join('  ')}`);
    }
    out.push('');
  }

  const { summary } = result;
  const text = summaryText(summary);
  if (summary.findings === 0) out.push(c.green(`✔ ${text}`));
  else {
    const mark = summary.bySeverity.error > 0 ? c.red : summary.bySeverity.warning > 0 ? c.yellow : c.cyan;
    out.push(c.bold(mark(`✖ ${text}`)));
  }
  return `${out.join('\n')}\n`;
}
