import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { closestMatch, didYouMean, editDistance } from '../../src/engine/suggest.js';

/** The textbook full-matrix Levenshtein distance, as the oracle. */
function levenshtein(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) (d[0] as number[])[j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = d[i] as number[];
      const up = d[i - 1] as number[];
      row[j] = Math.min(
        (up[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (up[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
  }
  return (d[a.length] as number[])[b.length] as number;
}

const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '-', 'x'), maxLength: 14 });

describe('editDistance', () => {
  it('equals the full distance when it is within max, and max + 1 otherwise', () => {
    fc.assert(
      fc.property(word, word, fc.integer({ min: 0, max: 16 }), (a, b, max) => {
        const full = levenshtein(a, b);
        expect(editDistance(a, b, max)).toBe(full <= max ? full : max + 1);
      }),
      { numRuns: 3000 },
    );
  });

  it('without max is the full distance', () => {
    expect(editDistance('rewrite-targe', 'rewrite-target')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});

describe('closestMatch', () => {
  const candidates = ['rewrite-target', 'use-regex', 'ssl-redirect', 'proxy-body-size', 'proxy-buffer-size'];

  it('finds a typo, prefers the nearest and then the first listed', () => {
    expect(closestMatch('rewrite-targe', candidates)).toBe('rewrite-target');
    expect(closestMatch('proxy-bxxxx-size', candidates)).toBe('proxy-body-size');
    expect(closestMatch('ab', ['ax', 'ay'])).toBe('ax');
  });

  it('falls back to the only candidate containing the name', () => {
    expect(closestMatch('redirect', candidates)).toBe('ssl-redirect');
    expect(closestMatch('proxy', candidates)).toBeUndefined(); // two contain it
  });

  it('finds nothing for names far from every candidate, however long', () => {
    expect(closestMatch('zz-1234', candidates)).toBeUndefined();
    expect(closestMatch('x'.repeat(300_000), candidates)).toBeUndefined();
    expect(didYouMean('zz', candidates)).toBe('');
  });

  it('agrees with a brute-force search over the oracle distance', () => {
    fc.assert(
      fc.property(word, fc.array(word, { minLength: 1, maxLength: 8 }), (name, list) => {
        const limit = Math.max(2, Math.floor(name.length / 3));
        let best: string | undefined;
        let bestDistance = Number.POSITIVE_INFINITY;
        for (const c of list) {
          const d = levenshtein(name, c);
          if (d < bestDistance) {
            best = c;
            bestDistance = d;
          }
        }
        let expected = best !== undefined && bestDistance <= limit ? best : undefined;
        if (expected === undefined && name.length >= 3) {
          const containing = list.filter((c) => c.includes(name));
          expected = containing.length === 1 ? containing[0] : undefined;
        }
        expect(closestMatch(name, list)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });
});
