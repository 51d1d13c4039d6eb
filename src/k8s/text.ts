/**
 * Generic text: text from outside (objects, an API server, a proxy) made safe for one line of a terminal, a log or an
 * API response (the one cleaner the webhook and the cluster client share), and the pieces messages are built from.
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

/** Upper-cases the first letter, to start a message with a clause such as `describeContainer()` returns. */
export function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * How many items a message lists before it says how many more there are. A message naming every one of thousands
 * of containers or autoscalers, repeated in a finding for each of them, would cost the square of the object's size.
 */
export const MAX_LISTED = 20;

/** `cpu`, `cpu or memory`, `cpu, memory or ephemeral-storage`; past `max` words, `a, b, … t and 980 more`. */
export function joinWords(words: readonly string[], conjunction: 'and' | 'or', max = MAX_LISTED): string {
  return joinFirst(words, words.length, conjunction, max);
}

/** joinWords of the items' descriptions, describing only the ones it lists. */
export function joinDescribed<T>(
  items: readonly T[],
  describe: (item: T) => string,
  conjunction: 'and' | 'or',
  max = MAX_LISTED,
): string {
  return joinFirst(items.slice(0, max).map(describe), items.length, conjunction, max);
}

/**
 * joinWords of a list of `total` items given by its first words, at least the first `max` (`max` at least 1): for a
 * caller that collects only the items it lists out of a longer list, and counts the rest.
 */
export function joinFirst(
  words: readonly string[],
  total: number,
  conjunction: 'and' | 'or',
  max = MAX_LISTED,
): string {
  if (total <= 1) return words.join('');
  if (total > max) return `${words.slice(0, max).join(', ')} ${conjunction} ${total - max} more`;
  return `${words.slice(0, -1).join(', ')} ${conjunction} ${words[words.length - 1]}`;
}

const WHITESPACE = /\s+/g;
const MAX_QUOTED = 80;

/** An annotation value for a message: JSON-quoted, on one line, cut at 80 characters. */
export function quoteValue(value: unknown): string {
  const oneLine = (typeof value === 'string' ? value : String(value)).replace(WHITESPACE, ' ').trim();
  return JSON.stringify(oneLine.length > MAX_QUOTED ? `${oneLine.slice(0, MAX_QUOTED - 1)}…` : oneLine);
}

/** Up to `max` items joined for a sentence ("a, b and 2 more"): joinWords with `and`, three by default. */
export function listText(items: readonly string[], max = 3): string {
  return joinWords(items, 'and', max);
}
