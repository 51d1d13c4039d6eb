/**
 * The quantity pattern of JSON Schemas (the chart's resources) accepts what parseQuantity accepts, less negative
 * values: every string of up to four characters over the grammar's alphabet and some longer ones.
 */
import { describe, expect, it } from 'vitest';
import { parseQuantity } from '../../src/k8s/quantity.js';
import { RESOURCE_QUANTITY_PATTERN } from '../../src/k8s/quantity-pattern.js';

const pattern = new RegExp(RESOURCE_QUANTITY_PATTERN, 'u');
const ALPHABET = ['0', '5', '.', '+', '-', 'e', 'E', 'i', 'K', 'k', 'M', 'm', 'n', 'u', 'G', 'x', ' '];

function* strings(length: number, prefix = ''): Generator<string> {
  if (length === 0) {
    yield prefix;
    return;
  }
  for (const c of ALPHABET) yield* strings(length - 1, prefix + c);
}

/** What the API server takes as a request or limit: a quantity ParseQuantity reads, not written negative. */
const accepted = (text: string) => parseQuantity(text).ok && !text.startsWith('-');

describe('RESOURCE_QUANTITY_PATTERN', () => {
  it('agrees with parseQuantity on every string of up to four characters over its alphabet', () => {
    let checked = 0;
    let matched = 0;
    for (let length = 0; length <= 4; length += 1) {
      for (const text of strings(length)) {
        expect(pattern.test(text), JSON.stringify(text)).toBe(accepted(text));
        checked += 1;
        if (accepted(text)) matched += 1;
      }
    }
    expect(checked).toBe(1 + 17 + 17 ** 2 + 17 ** 3 + 17 ** 4);
    expect(matched).toBeGreaterThan(100);
  });

  it.each(['250m', '256Mi', '1.5Gi', '0.5', '1e3', '1E', '1E3', '+1', '.5', '1.', '12345678Ki', '2e-3'])(
    'accepts %s',
    (text) => {
      expect(pattern.test(text)).toBe(true);
      expect(parseQuantity(text).ok).toBe(true);
    },
  );

  it.each(['abc', '', '-1', '1K', '1gi', '1KB', '1e1.5', '1 Gi', '.', '250 m', 'Mi'])('refuses %s', (text) => {
    expect(pattern.test(text)).toBe(false);
  });
});
