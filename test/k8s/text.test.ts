import { describe, expect, it } from 'vitest';
import {
  cleanText,
  joinDescribed,
  joinFirst,
  joinWords,
  listText,
  quoteValue,
  runeLength,
  truncateRunes,
  upperFirst,
} from '../../src/k8s/text.js';

/** What the API server's NewWarningHeader rejects: invalid UTF-8 (lone surrogates here) and control characters. */
function apiServerDrops(text: string): boolean {
  return /\p{Cc}/u.test(text) || /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text);
}

describe('cleanText', () => {
  it('turns control characters (newlines included) into single spaces and lone surrogates into U+FFFD', () => {
    expect(cleanText('line one\nline two\r\n\tend\u0000\u007f\u0085x')).toBe('line one line two end x');
    expect(cleanText('bad \ud800 pair')).toBe('bad \ufffd pair');
    expect(cleanText('emoji 🚀 stays')).toBe('emoji 🚀 stays');
  });
});

describe('truncateRunes', () => {
  it('cuts at runes, not UTF-16 units, and never splits a surrogate pair', () => {
    const text = '🚀'.repeat(10);
    const cut = truncateRunes(text, 5);
    expect(runeLength(cut)).toBe(5);
    expect(cut.endsWith('…')).toBe(true);
    expect(apiServerDrops(cut)).toBe(false);
    expect(truncateRunes('short', 10)).toBe('short');
  });
});

describe('the pieces of messages', () => {
  it('joins words with a conjunction, and says how many more past the limit', () => {
    expect(joinWords([], 'and')).toBe('');
    expect(joinWords(['cpu'], 'or')).toBe('cpu');
    expect(joinWords(['cpu', 'memory', 'ephemeral-storage'], 'or')).toBe('cpu, memory or ephemeral-storage');
    expect(joinWords(['a', 'b', 'c', 'd'], 'and', 2)).toBe('a, b and 2 more');
    expect(joinDescribed([1, 2, 3, 4], (n) => `#${n}`, 'and', 2)).toBe('#1, #2 and 2 more');
    expect(joinFirst(['a', 'b'], 4, 'or', 2)).toBe('a, b or 2 more');
    expect(joinFirst(['a', 'b', 'c'], 3, 'and', 3)).toBe('a, b and c');
    expect(listText(['a', 'b', 'c', 'd', 'e'])).toBe('a, b, c and 2 more');
    expect(listText(['a', 'b', 'c'])).toBe('a, b and c');
    expect(listText(['a'])).toBe('a');
    expect(listText([])).toBe('');
  });

  it('quotes a value on one line, cut at 80 characters, and capitalises a clause', () => {
    expect(quoteValue('a\n  b')).toBe('"a b"');
    expect(quoteValue('x'.repeat(100))).toBe(JSON.stringify(`${'x'.repeat(79)}…`));
    expect(upperFirst('container app')).toBe('Container app');
  });
});
