/** Reading nginx configuration text (snippet annotations) in time linear in its length. */

const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;
const BACKSLASH = 0x5c;
const DOLLAR = 0x24;
const OPEN_BRACE = 0x7b;

/** The line terminators a regular expression's `.` does not match. */
function isLineTerminator(c: number): boolean {
  return c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029;
}

/**
 * Scans a quoted string opened at `start`: a backslash escapes the next character (not a line end). Returns the
 * index after the closing quote, or the negated index (minus one) where the scan failed.
 */
function quotedEnd(text: string, start: number, quote: number): number {
  let i = start + 1;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === quote) return i + 1;
    if (c === BACKSLASH) {
      if (i + 1 >= text.length || isLineTerminator(text.charCodeAt(i + 1))) return -i - 1;
      i += 2;
    } else i++;
  }
  return -i - 1;
}

/**
 * The snippet with its quoted strings and ${var} references (which may hold ; { } without ending a statement)
 * replaced by `""`, in one pass. It is what `/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\$\{[^}]*\}/g` replaces, but
 * that expression rescans to the end of the text from every unterminated quote or `${` (quadratic: a 256 KiB
 * annotation of `${` took 25 s). Here a failed scan is remembered: every later opening of the same kind before the
 * point where it failed fails there too (the quotes it passed were escaped), and after a `${` without `}` no later one
 * closes.
 */
export function maskOpaque(text: string): string {
  const parts: string[] = [];
  let copied = 0;
  let doubleFailsBefore = -1;
  let singleFailsBefore = -1;
  let braceUnclosed = false;
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    let end = -1;
    if (c === DOUBLE_QUOTE && i >= doubleFailsBefore) {
      const r = quotedEnd(text, i, DOUBLE_QUOTE);
      if (r > 0) end = r;
      else doubleFailsBefore = -r - 1;
    } else if (c === SINGLE_QUOTE && i >= singleFailsBefore) {
      const r = quotedEnd(text, i, SINGLE_QUOTE);
      if (r > 0) end = r;
      else singleFailsBefore = -r - 1;
    } else if (c === DOLLAR && !braceUnclosed && text.charCodeAt(i + 1) === OPEN_BRACE) {
      const close = text.indexOf('}', i + 2);
      if (close < 0) braceUnclosed = true;
      else end = close + 1;
    }
    if (end < 0) {
      i++;
      continue;
    }
    parts.push(text.slice(copied, i), '""');
    i = end;
    copied = end;
  }
  parts.push(text.slice(copied));
  return parts.join('');
}
