/**
 * `stylish` (the default): findings grouped by file, each as a short head line (position, severity, rule id and,
 * for a Helm-attributed finding, its place in the rendered stream) with the message below it, wrapped to the width,
 * then the file's suppressed findings with their reasons, dimmed, then a summary line.
 *
 *   chart/templates/deployment.yaml
 *     12:9   error    resources-missing-memory-limit  (<stdin>:140:9)
 *            Container "app" has no memory limit, so it can use memory until the node runs out.
 *     40:13  warning  resources-missing-cpu-request   suppressed: batch job, sized by the queue; see OPS-7
 *
 *   ✖ 1 problem (1 error, 0 warnings, 0 info), 1 suppressed
 *
 * The head line is short, so the rule id and the location stay visible on any terminal, however long the message
 * (ESLint's stylish and kube-linter's plain output print one line per finding, the rule id after the message). A
 * word longer than the width (an annotation key, a URL) is kept whole, so it can still be copied. A rendered location
 * too long for the head lines of its file (a long input path) goes on a line of its own below each head line. Text
 * from manifests is escaped so it cannot drive the terminal.
 */

import { formatMessage } from '../engine/rule.js';
import type { Finding, LintResult, Severity } from '../engine/types.js';
import { styles } from './ansi.js';
import { displayPath, escapeForTerminal, sortedFindings, summaryText } from './shared.js';
import { DEFAULT_COLUMNS, type FormatContext } from './types.js';

/** Messages get at least this many columns, however narrow the terminal says it is. */
const MIN_TEXT_WIDTH = 40;

interface Row {
  position: string;
  severity: Severity;
  ruleId: string;
  /** The message, or the suppression's reason. */
  text: string;
  rendered: string;
  suppressed: boolean;
  /** Lines below the message: the related objects, and the other rules that stated the same problem. */
  notes: string[];
}

/** Related locations a finding shows, at most; the rest are counted. */
const MAX_RELATED_SHOWN = 5;

function relatedNotes(f: Finding, cwd: string): string[] {
  const related = f.related ?? [];
  const lines = related.slice(0, MAX_RELATED_SHOWN).map((r) => {
    const ns = r.object.namespace !== undefined ? `${r.object.namespace}/` : '';
    const at = r.file !== undefined ? ` at ${displayPath(r.file, cwd)}:${r.line}:${r.column}` : '';
    const note = r.note !== undefined ? ` (${r.note})` : '';
    return escapeForTerminal(`related: ${r.object.kind} ${ns}${r.object.name}${at}${note}`);
  });
  if (related.length > MAX_RELATED_SHOWN) lines.push(`related: and ${related.length - MAX_RELATED_SHOWN} more`);
  if (f.alsoReportedBy !== undefined && f.alsoReportedBy.length > 0) {
    lines.push(`also reported by ${f.alsoReportedBy.join(', ')}`);
  }
  return lines;
}

function toRow(f: Finding, cwd: string): Row {
  const suppressed = f.suppressed !== undefined;
  const reason = f.suppressed?.reason.trim() ?? '';
  return {
    position: `${f.line}:${f.column}`,
    severity: f.severity,
    ruleId: f.ruleId,
    text: suppressed
      ? `suppressed: ${reason === '' ? '(no reason given)' : escapeForTerminal(reason)}`
      : escapeForTerminal(f.message),
    rendered:
      f.rendered && !suppressed
        ? `(${escapeForTerminal(displayPath(f.rendered.file, cwd))}:${f.rendered.line}:${f.rendered.column})`
        : '',
    suppressed,
    notes: suppressed ? [] : relatedNotes(f, cwd),
  };
}

/** Rows by file, in report order; each file's active findings first, then its suppressed ones. */
function groupByFile(findings: readonly Finding[], suppressed: readonly Finding[], cwd: string): Map<string, Row[]> {
  const active = new Map<string, Row[]>();
  const quiet = new Map<string, Row[]>();
  const add = (groups: Map<string, Row[]>, f: Finding) => {
    const file = escapeForTerminal(displayPath(f.file, cwd));
    const rows = groups.get(file);
    if (rows) rows.push(toRow(f, cwd));
    else groups.set(file, [toRow(f, cwd)]);
  };
  for (const f of sortedFindings(findings)) add(active, f);
  for (const f of sortedFindings(suppressed)) add(quiet, f);
  const files = [...new Set([...active.keys(), ...quiet.keys()])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return new Map(files.map((file) => [file, [...(active.get(file) ?? []), ...(quiet.get(file) ?? [])]]));
}

/** The widest value of each head column, in one pass (a spread into Math.max overflows past ~120,000 rows). */
function columnWidths(rows: readonly Row[]): { position: number; severity: number; ruleId: number; rendered: number } {
  const width = { position: 0, severity: 0, ruleId: 0, rendered: 0 };
  for (const r of rows) {
    if (r.position.length > width.position) width.position = r.position.length;
    if (r.severity.length > width.severity) width.severity = r.severity.length;
    if (r.ruleId.length > width.ruleId) width.ruleId = r.ruleId.length;
    const rendered = displayWidth(r.rendered);
    if (rendered > width.rendered) width.rendered = rendered;
  }
  return width;
}

/**
 * Whether a code point takes two terminal columns: the wide and fullwidth blocks of Unicode's East Asian Width
 * (Hangul, CJK, Hiragana and Katakana, fullwidth forms) and emoji. An approximation, enough to break lines.
 */
function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf && cp !== 0x303f) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1faff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

/** Code units at or above the first wide block (surrogates included): text without any is one column a unit. */
const MAYBE_WIDE = /[\u1100-\uffff]/;

/** How many terminal columns `text` takes (escaped text: no control characters). */
export function displayWidth(text: string): number {
  if (!MAYBE_WIDE.test(text)) return text.length;
  let width = 0;
  for (const ch of text) width += isWide(ch.codePointAt(0) ?? 0) ? 2 : 1;
  return width;
}

/**
 * `text` broken at spaces into lines of at most `width` columns. A word wider than `width` gets a line of its own
 * and is not cut. Linear in the length of the text.
 */
export function wrapText(text: string, width: number): string[] {
  if (displayWidth(text) <= width) return [text];
  const lines: string[] = [];
  let line: string | undefined;
  let lineWidth = 0;
  for (const word of text.split(' ')) {
    const w = displayWidth(word);
    if (line === undefined) {
      line = word;
      lineWidth = w;
    } else if (lineWidth > 0 && lineWidth + 1 + w > width) {
      lines.push(line);
      line = word;
      lineWidth = w;
    } else {
      line += ` ${word}`;
      lineWidth += 1 + w;
    }
  }
  lines.push(line ?? '');
  return lines;
}

/**
 * The rules' one-line summaries (`meta.groupSummary`) of what they found, in rule order: a rule that fires on every
 * Ingress for one reason is read once here instead of in each of its findings.
 */
function groupSummaries(findings: readonly Finding[], ctx: FormatContext): string[] {
  const byRule = new Map<string, { count: number; files: Set<string> }>();
  for (const f of findings) {
    let entry = byRule.get(f.ruleId);
    if (entry === undefined) {
      entry = { count: 0, files: new Set() };
      byRule.set(f.ruleId, entry);
    }
    entry.count++;
    entry.files.add(f.file);
  }
  const lines: string[] = [];
  for (const rule of ctx.rules) {
    const summary = rule.meta.groupSummary;
    const entry = byRule.get(rule.meta.id);
    if (summary === undefined || entry === undefined) continue;
    const files = entry.files.size === 1 ? '1 file' : `${entry.files.size} files`;
    lines.push(formatMessage(entry.count === 1 ? summary.one : summary.many, { count: entry.count, files }));
  }
  if (lines.length > 0) lines.push('');
  return lines;
}

export function formatStylish(result: LintResult, ctx: FormatContext): string {
  const c = styles(ctx.color);
  const paint: Record<Severity, (s: string) => string> = { error: c.red, warning: c.yellow, info: c.cyan };
  const columns = ctx.columns ?? DEFAULT_COLUMNS;
  const out: string[] = [];
  for (const [file, rows] of groupByFile(result.findings, result.suppressed, ctx.cwd)) {
    // Columns are aligned within a file, as ESLint's stylish does, so one long rule id does not pad every file.
    const width = columnWidths(rows);
    const indent = ' '.repeat(2 + width.position + 2);
    const textWidth = Math.max(columns - indent.length, MIN_TEXT_WIDTH);
    // A long rendered location (a file input's path, not <stdin>) that would push the head lines past the width goes
    // on a line of its own below each head line, for every finding of the file, so the columns stay aligned.
    const headWidth = indent.length + width.severity + 2 + width.ruleId + 2 + width.rendered;
    const renderedBelow = width.rendered > 0 && headWidth > columns;
    out.push(c.underline(file));
    for (const r of rows) {
      const position = r.position.padEnd(width.position);
      const severity = r.severity.padEnd(width.severity);
      if (r.suppressed) {
        // One dimmed line when the reason fits after the rule id, else the reason below, as a message would be.
        const head = `  ${position}  ${severity}  ${r.ruleId.padEnd(width.ruleId)}`;
        if (displayWidth(head) + 2 + displayWidth(r.text) <= columns) out.push(c.dim(`${head}  ${r.text}`));
        else {
          out.push(c.dim(`  ${position}  ${severity}  ${r.ruleId}`));
          for (const line of wrapText(r.text, textWidth)) out.push(c.dim(`${indent}${line}`));
        }
        continue;
      }
      const onHead = r.rendered !== '' && !renderedBelow;
      const head = [
        c.dim(position),
        paint[r.severity](severity),
        c.dim(onHead ? r.ruleId.padEnd(width.ruleId) : r.ruleId),
      ];
      if (onHead) head.push(c.dim(r.rendered));
      out.push(`  ${head.join('  ')}`);
      if (r.rendered !== '' && !onHead) out.push(c.dim(`${indent}${r.rendered}`));
      for (const line of wrapText(r.text, textWidth)) out.push(`${indent}${line}`);
      for (const note of r.notes) for (const line of wrapText(note, textWidth)) out.push(c.dim(`${indent}${line}`));
    }
    out.push('');
  }

  for (const line of groupSummaries(result.findings, ctx)) out.push(c.bold(escapeForTerminal(line)));
  const { summary } = result;
  const text = summaryText(summary);
  if (summary.findings === 0) out.push(c.green(`✔ ${text}`));
  else {
    const mark = summary.bySeverity.error > 0 ? c.red : summary.bySeverity.warning > 0 ? c.yellow : c.cyan;
    out.push(c.bold(mark(`✖ ${text}`)));
  }
  return `${out.join('\n')}\n`;
}
