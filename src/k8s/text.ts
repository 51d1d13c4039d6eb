/**
 * Text from outside (objects, an API server, a proxy) made safe for one line of a terminal, a log or an API
 * response: the one cleaner the webhook (warnings, deny messages) and the cluster client (API server errors) share.
 */

const CONTROL = /[\p{Cc}\u2028\u2029]+/gu;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const SPACES = / {2,}/g;

/**
 * One line of valid UTF-8 without control characters: controls (ANSI escapes, newlines, carriage returns, bells) and
 * line separators become spaces, lone surrogates U+FFFD. Nobody's text can rewrite a screen or forge a line.
 */
export function cleanText(text: string): string {
  return text.replace(LONE_SURROGATE, '\ufffd').replace(CONTROL, ' ').replace(SPACES, ' ').trim();
}

/** Number of runes (code points) in a well-formed string. */
export function runeLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** `text` cut to at most `max` runes, ending with an ellipsis when cut. Never splits a surrogate pair. */
export function truncateRunes(text: string, max: number): string {
  if (text.length <= max) return text;
  const runes = Array.from(text);
  if (runes.length <= max) return text;
  return `${runes.slice(0, Math.max(0, max - 1)).join('')}…`;
}
