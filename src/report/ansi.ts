/**
 * The ANSI styles of the stylish report. A style's closing code inside the text it wraps (a nested style that ends
 * early) is followed by its opening code again, so the rest of the text keeps the outer style.
 *
 * Our own, not picocolors (which did this before): picocolors reads `process.stdout.isTTY` when it is imported, so
 * every run made node's stdout stream, whatever the format: about a tenth of a small lint's start-up.
 */
export interface Styles {
  red: (text: string) => string;
  yellow: (text: string) => string;
  cyan: (text: string) => string;
  green: (text: string) => string;
  bold: (text: string) => string;
  dim: (text: string) => string;
  underline: (text: string) => string;
}

function style(open: number, close: number): (text: string) => string {
  const on = `\x1b[${open}m`;
  const off = `\x1b[${close}m`;
  return (text) => `${on}${text.replaceAll(off, `${off}${on}`)}${off}`;
}

const COLORED: Styles = {
  red: style(31, 39),
  yellow: style(33, 39),
  cyan: style(36, 39),
  green: style(32, 39),
  bold: style(1, 22),
  dim: style(2, 22),
  underline: style(4, 24),
};

const plain = (text: string) => text;
const PLAIN: Styles = {
  red: plain,
  yellow: plain,
  cyan: plain,
  green: plain,
  bold: plain,
  dim: plain,
  underline: plain,
};

/** The styles, or text as it is when colour is off. */
export function styles(color: boolean): Styles {
  return color ? COLORED : PLAIN;
}
