import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runeLength } from '../../src/k8s/text.js';
import { boundWarnings, MAX_WARNING_RUNES, MAX_WARNINGS_TOTAL_RUNES } from '../../src/webhook/warnings.js';

/** What the API server's NewWarningHeader rejects: invalid UTF-8 (lone surrogates here) and control characters. */
function apiServerDrops(text: string): boolean {
  return /\p{Cc}/u.test(text) || /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text);
}

describe('boundWarnings', () => {
  it('keeps every warning within the API server limits: clean, short, unique, 4096 runes in all', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 900 }), { maxLength: 60 }), (texts) => {
        const out = boundWarnings(texts);
        expect(new Set(out).size).toBe(out.length);
        let total = 0;
        for (const w of out) {
          expect(apiServerDrops(w)).toBe(false);
          expect(w).not.toBe('');
          expect(runeLength(w)).toBeLessThanOrEqual(MAX_WARNING_RUNES);
          total += runeLength(w);
        }
        expect(total).toBeLessThanOrEqual(MAX_WARNINGS_TOTAL_RUNES);
      }),
      { numRuns: 300 },
    );
  });

  it('says how many warnings did not fit', () => {
    const texts = Array.from({ length: 40 }, (_, i) => `rule-${i} (warning): ${'x'.repeat(400)}`);
    const out = boundWarnings(texts);
    expect(out.length).toBeLessThan(40);
    expect(out.at(-1)).toBe(`kubeward: ${40 - (out.length - 1)} more warnings not shown.`);
  });

  it('drops duplicates after cleaning', () => {
    expect(boundWarnings(['a\nb', 'a b', 'a  b', 'c'])).toEqual(['a b', 'c']);
  });
});
