/**
 * Text that goes back to the API server: admission warnings and the deny message.
 *
 * The API server drops a warning that holds control characters (newlines included) or invalid UTF-8, drops
 * duplicates, and once the warnings of a request pass 4096 runes in all it truncates each to 256 runes
 * (k8s-semantics.md §8). So every text is cleaned, each warning is kept short, duplicates are removed, and the list
 * stops before 4096 runes with a last warning that says how many were left out.
 */
import { cleanText, runeLength, truncateRunes } from '../k8s/text.js';

/**
 * Each warning is cut to this many runes. Rule messages carry their fix, so they are kept whole up to here; the
 * total stays within 4096 runes, where the API server leaves each warning as it is.
 */
export const MAX_WARNING_RUNES = 512;
/** All warnings of one response together stay within this many runes. */
export const MAX_WARNINGS_TOTAL_RUNES = 4096;
/** The deny message lists at most this many findings. */
export const MAX_DENY_FINDINGS = 10;
/** Each finding in the deny message is cut to this many runes. */
export const MAX_DENY_FINDING_RUNES = 512;

/**
 * The warnings to send: cleaned, each at most MAX_WARNING_RUNES, without duplicates, and in all at most
 * MAX_WARNINGS_TOTAL_RUNES; when some do not fit, the last one says how many were left out.
 */
export function boundWarnings(texts: readonly string[]): string[] {
  const seen = new Set<string>();
  const unique: string[] = [];
  for (const t of texts) {
    const w = truncateRunes(cleanText(t), MAX_WARNING_RUNES);
    if (w === '' || seen.has(w)) continue;
    seen.add(w);
    unique.push(w);
  }
  const out: string[] = [];
  let total = 0;
  for (let i = 0; i < unique.length; i++) {
    const w = unique[i] as string;
    const len = runeLength(w);
    const left = unique.length - i - 1;
    // Room for this one, plus (when more follow) the note about the rest.
    const reserve = left > 0 ? 80 : 0;
    if (total + len + reserve > MAX_WARNINGS_TOTAL_RUNES) {
      out.push(`kubeward: ${unique.length - i} more warnings not shown.`);
      return out;
    }
    out.push(w);
    total += len;
  }
  return out;
}
