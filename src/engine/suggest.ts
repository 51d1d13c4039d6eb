/**
 * "Did you mean": the nearest candidate by edit distance, when it is near enough to be a typo.
 *
 * The names come from objects, config files and the command line, so an attacker chooses them: the cost of one
 * look-up is bounded by the candidates, never by the name. Only candidates whose length is within the typo limit are
 * compared, the distance is computed in a band of that width and abandoned as soon as it exceeds the best so far,
 * and a name longer than any candidate could be a typo of is rejected before any comparison. Answers are cached per
 * candidate set (a bounded cache), and callers that look up many names of one object stop after
 * `MAX_SUGGESTIONS_PER_OBJECT` (the rest are reported without a suggestion).
 */

/** How many unknown names of one object (or one config file) get a "did you mean"; the rest are reported plainly. */
export const MAX_SUGGESTIONS_PER_OBJECT = 32;

/** Answers remembered per candidate set (typos repeat across the objects of a cluster). */
const CACHE_SIZE = 512;

/** How far a name may be from a candidate and still be taken for a typo of it. */
function typoLimit(name: string): number {
  return Math.max(2, Math.floor(name.length / 3));
}

/**
 * The Levenshtein distance between `a` and `b` when it is at most `max`, otherwise `max + 1`. Computed in a diagonal
 * band of width 2·max+1 and abandoned when a whole row exceeds `max`: O(max · min(|a|, |b|)) time, O(|b|) space.
 */
export function editDistance(a: string, b: string, max = Math.max(a.length, b.length)): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const over = max + 1;
  const n = a.length;
  const m = b.length;
  let prev = new Array<number>(m + 1);
  let cur = new Array<number>(m + 1);
  for (let j = 0; j <= m; j++) prev[j] = j <= max ? j : over;
  for (let i = 1; i <= n; i++) {
    const from = Math.max(1, i - max);
    const to = Math.min(m, i + max);
    cur[0] = i <= max ? i : over;
    if (from > 1) cur[from - 1] = over;
    let rowMin = cur[0] as number;
    const ai = a.charCodeAt(i - 1);
    for (let j = from; j <= to; j++) {
      const cost = ai === b.charCodeAt(j - 1) ? 0 : 1;
      const d = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      const v = d > over ? over : d;
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (to < m) cur[to + 1] = over;
    if (rowMin > max) return over;
    [prev, cur] = [cur, prev];
  }
  return Math.min(prev[m] as number, over);
}

/** A candidate set prepared for look-ups, with a bounded answer cache. */
class Suggester {
  private readonly all: readonly string[];
  private readonly longest: number;
  private readonly cache = new Map<string, string | undefined>();

  constructor(candidates: Iterable<string>) {
    this.all = [...candidates];
    this.longest = this.all.reduce((n, c) => Math.max(n, c.length), 0);
  }

  closest(name: string): string | undefined {
    if (this.cache.has(name)) return this.cache.get(name);
    const answer = this.compute(name);
    if (this.cache.size >= CACHE_SIZE) {
      const oldest = this.cache.keys().next();
      if (oldest.done !== true) this.cache.delete(oldest.value);
    }
    this.cache.set(name, answer);
    return answer;
  }

  private compute(name: string): string | undefined {
    const limit = typoLimit(name);
    // No candidate is within the typo limit of this name, or long enough to contain it.
    if (name.length > this.longest + limit) return undefined;
    let best: string | undefined;
    let bestDistance = limit + 1;
    for (const c of this.all) {
      // The length difference alone is a lower bound of the distance; ties go to the first candidate listed.
      if (Math.abs(c.length - name.length) >= bestDistance) continue;
      const d = editDistance(name, c, bestDistance - 1);
      if (d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
    if (best !== undefined) return best;
    if (name.length < 3) return undefined;
    let containing: string | undefined;
    for (const c of this.all) {
      if (c.length < name.length || !c.includes(name)) continue;
      if (containing !== undefined) return undefined;
      containing = c;
    }
    return containing;
  }
}

/** Prepared candidate sets, by the identity of the collection passed (module constants are prepared once). */
const prepared = new WeakMap<object, Suggester>();

function suggesterFor(candidates: Iterable<string>): Suggester {
  const key = candidates as object;
  let s = prepared.get(key);
  if (s === undefined) {
    s = new Suggester(candidates);
    prepared.set(key, s);
  }
  return s;
}

/**
 * The candidate closest to `name` by edit distance, when it is close enough to be a likely typo
 * (or, failing that, the only candidate containing `name`); undefined otherwise.
 */
export function closestMatch(name: string, candidates: Iterable<string>): string | undefined {
  return suggesterFor(candidates).closest(name);
}

/** `Did you mean "x"? ` or an empty string. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const match = closestMatch(name, candidates);
  return match === undefined ? '' : `Did you mean "${match}"? `;
}
