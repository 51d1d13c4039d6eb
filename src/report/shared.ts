/** Helpers shared by the formatters: ordering, paths, counts (objects are named by k8s/names.ts). All pure. */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { Finding, Severity, Summary } from '../engine/types.js';
import { objectLabel } from '../k8s/names.js';

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Report order: file, line, column, rule, object, message (the engine's order, re-applied so output is stable). */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    cmp(a.file, b.file) ||
    a.line - b.line ||
    a.column - b.column ||
    cmp(a.ruleId, b.ruleId) ||
    cmp(a.object ? objectLabel(a.object) : '', b.object ? objectLabel(b.object) : '') ||
    cmp(a.path, b.path) ||
    cmp(a.message, b.message)
  );
}

export function sortedFindings(list: readonly Finding[]): Finding[] {
  return [...list].sort(compareFindings);
}

/** Whether `file` is below `cwd` (pseudo-files such as `<stdin>` count as relative names, so they are). */
function relativeInside(file: string, cwd: string): string | undefined {
  const rel = relative(cwd, resolve(cwd, file));
  if (rel === '' || isAbsolute(rel) || rel === '..' || rel.startsWith(`..${sep}`)) return undefined;
  return sep === '/' ? rel : rel.split(sep).join('/');
}

/**
 * How reports that want repository-relative paths name a file: relative to `cwd` with forward slashes when
 * the file is below it, otherwise as given.
 */
export function displayPath(file: string, cwd: string): string {
  return relativeInside(file, cwd) ?? file;
}

/** The relative path (forward slashes) of a file below `cwd`, or undefined for a file outside it. */
export function pathBelow(file: string, cwd: string): string | undefined {
  return relativeInside(file, cwd);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** `3 errors, 8 warnings, 1 info`. */
export function severityCounts(bySeverity: Readonly<Record<Severity, number>>): string {
  return `${plural(bySeverity.error, 'error')}, ${plural(bySeverity.warning, 'warning')}, ${plural(bySeverity.info, 'info', 'info')}`;
}

/** The closing line without its mark: `12 problems (3 errors, 8 warnings, 1 info), 2 suppressed` or `no problems (…)`. */
export function summaryText(summary: Summary): string {
  const suppressed = summary.suppressed > 0 ? `, ${summary.suppressed} suppressed` : '';
  const n = summary.skippedFiles ?? 0;
  const skipped =
    n > 0
      ? `; skipped ${plural(n, 'file')} that ${n === 1 ? 'is not a Kubernetes manifest' : 'are not Kubernetes manifests'}`
      : '';
  if (summary.findings === 0) {
    return `no problems (${plural(summary.objects, 'object')} in ${plural(summary.files, 'file')})${suppressed}${skipped}`;
  }
  return `${plural(summary.findings, 'problem')} (${severityCounts(summary.bySeverity)})${suppressed}${skipped}`;
}

/** `\x1b`, `\u202e`: a character written as a visible escape. */
function visibleEscape(code: number): string {
  if (code === 0x0a) return '\\n';
  if (code === 0x0d) return '\\r';
  if (code === 0x09) return '\\t';
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * Replaces every UTF-16 code unit for which `unsafe` holds by a visible escape. Surrogate pairs are kept whole
 * and never tested; a lone surrogate is tested with its own code (0xd800-0xdfff).
 */
export function escapeChars(text: string, unsafe: (code: number) => boolean): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
    }
    if (!unsafe(code)) continue;
    out += text.slice(from, i) + visibleEscape(code);
    from = i + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}

/** C0 and C1 controls, DEL, and the bidi marks, embeddings, overrides and isolates that can reorder a line. */
function unsafeForTerminal(code: number): boolean {
  return (
    code <= 0x1f ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x200e ||
    code === 0x200f ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069)
  );
}

/** Like `escapeForTerminal`, but keeps line breaks and tabs (for formats that encode those themselves). */
export function escapeControls(text: string): string {
  return escapeChars(text, (code) => code !== 0x09 && code !== 0x0a && code !== 0x0d && unsafeForTerminal(code));
}

/**
 * Makes text from manifests safe to print on a terminal: control characters (ANSI escapes, CR, newlines) and
 * bidi controls become visible escapes such as `\x1b`, `\n` or `\u202e`.
 */
export function escapeForTerminal(text: string): string {
  return escapeChars(text, unsafeForTerminal);
}
