import { describe, expect, it } from 'vitest';
import {
  exampleQuantity,
  formatQuantity,
  isFractionalBytes,
  MAX_QUANTITY_NANOS,
  parseQuantity,
  roundUpToMilli,
} from '../../src/k8s/quantity.js';

const G = 1_000_000_000n;

function nanos(v: unknown): bigint {
  const r = parseQuantity(v);
  if (!r.ok) throw new Error(`${String(v)} does not parse: ${r.reason}`);
  return r.nanos;
}

describe('parseQuantity', () => {
  const valid: [unknown, bigint][] = [
    ['1', G],
    ['0', 0n],
    ['000', 0n],
    ['1.5', 1_500_000_000n],
    ['1.', G],
    ['.5', 500_000_000n],
    ['+1', G],
    ['-1', -G],
    ['-.5', -500_000_000n],
    ['007', 7n * G],
    ['1n', 1n],
    ['1u', 1_000n],
    ['500m', 500_000_000n],
    ['1k', 1_000n * G],
    ['1M', 10n ** 6n * G],
    ['1G', 10n ** 9n * G],
    ['1T', 10n ** 12n * G],
    ['1P', 10n ** 15n * G],
    ['1E', 10n ** 18n * G],
    ['1Ki', 1024n * G],
    ['1Mi', 1024n ** 2n * G],
    ['1Gi', 1024n ** 3n * G],
    ['1Ti', 1024n ** 4n * G],
    ['1Pi', 1024n ** 5n * G],
    ['1Ei', 1024n ** 6n * G],
    ['1.5Gi', 1536n * 1024n ** 2n * G],
    ['1.Gi', 1024n ** 3n * G],
    ['.5Ki', 512n * G],
    ['1e3', 1000n * G],
    ['1E3', 1000n * G],
    ['1e+3', 1000n * G],
    ['1e-3', 1_000_000n],
    ['1.5e2', 150n * G],
    ['1e03', 1000n * G],
    ['0.1n', 1n],
    ['0.0000000001', 1n],
    ['-0.0000000001', -1n],
    ['1e-1000000', 1n],
    ['1.5n', 2n],
    ['99999999999999999999', MAX_QUANTITY_NANOS],
    ['1e999999999', MAX_QUANTITY_NANOS],
    ['16Ei', MAX_QUANTITY_NANOS],
    [1, G],
    [0.5, 500_000_000n],
    [1e3, 1000n * G],
    [1e21, MAX_QUANTITY_NANOS],
    [1e-7, 100n],
    [-2, -2n * G],
    [12n, 12n * G],
  ];
  it.each(valid)('parses %s exactly', (input, want) => {
    expect(nanos(input)).toBe(want);
  });

  const invalid: [unknown, RegExp][] = [
    ['', /empty/],
    [' 1', /whitespace/],
    ['1 ', /whitespace/],
    ['1 Gi', /whitespace/],
    ['1K', /"K" \(use k for 1000 or Ki for 1024\)/],
    ['1gi', /case-sensitive: Gi/],
    ['1ki', /case-sensitive: Ki/],
    ['KB', /does not start with a number/],
    ['1KB', /use k or Ki/],
    ['1Mb', /use M or Mi/],
    ['1GiB', /use Gi\)/],
    ['1e1.5', /fractional exponent/],
    ['1e', /exponent "e" without digits/],
    ['1e+', /without digits/],
    ['1E-', /without digits/],
    ['1.1.1', /more than one decimal point/],
    ['1i', /unknown suffix "i"/],
    ['.5i', /unknown suffix "i"/],
    ['1mi', /unknown suffix "mi"/],
    ['1Ki3', /unknown suffix/],
    ['1ee3', /unknown suffix/],
    ['1e99999999999999999999', /exponent out of range/],
    ['+', /does not start with a number/],
    ['.', /does not start with a number/],
    ['-', /does not start with a number/],
    ['+-1', /does not start with a number/],
    ['aoeu', /does not start with a number/],
    ['half', /does not start with a number/],
    [Number.NaN, /not a finite number/],
    [Number.POSITIVE_INFINITY, /not a finite number/],
    [true, /a boolean/],
    [null, /null/],
    [{ cpu: 1 }, /a map/],
    [['1'], /a list/],
  ];
  it.each(invalid)('rejects %j', (input, reason) => {
    const r = parseQuantity(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });

  it('keeps the text as written', () => {
    expect(parseQuantity('1.5Gi')).toEqual({ ok: true, nanos: 1536n * 1024n ** 2n * G, text: '1.5Gi' });
    expect(parseQuantity(0.25)).toMatchObject({ ok: true, text: '0.25' });
    expect(parseQuantity('1K').ok).toBe(false);
  });
});

describe('the value of a quantity, whatever its unit', () => {
  const cases: [string, string, number][] = [
    ['500m', '0.5', 0],
    ['1Gi', '1024Mi', 0],
    ['1Gi', '1000Mi', 1],
    ['1G', '1Gi', -1],
    ['1e3', '1k', 0],
    ['1E', '1E3', 1],
    ['100m', '0.1', 0],
    ['2', '1999m', 1],
    ['1536Mi', '1.5Gi', 0],
    ['1000000u', '1', 0],
  ];
  const order = (x: bigint, y: bigint): number => (x < y ? -1 : x > y ? 1 : 0);
  it.each(cases)('orders %s and %s by value', (a, b, want) => {
    expect(order(nanos(a), nanos(b))).toBe(want);
    expect(order(nanos(b), nanos(a))).toBe(want === 0 ? 0 : -want);
  });
});

describe('roundUpToMilli and isFractionalBytes', () => {
  it('rounds every value up to 1m, away from zero', () => {
    expect(roundUpToMilli(nanos('0.0001'))).toBe(nanos('1m'));
    expect(roundUpToMilli(nanos('1001u'))).toBe(nanos('2m'));
    expect(roundUpToMilli(nanos('-0.0001'))).toBe(nanos('-1m'));
    expect(roundUpToMilli(nanos('5m'))).toBe(nanos('5m'));
  });

  const cases: [string, boolean][] = [
    ['100m', true],
    ['0.5', true],
    ['1.5', true],
    ['1.5Ki', false],
    ['1.0001Ki', true],
    ['128974848', false],
    ['129e6', false],
    ['1Gi', false],
    ['1000m', false],
    ['0.9999999', false],
  ];
  it.each(cases)('tells whether %s is a fractional byte count (%s)', (v, want) => {
    expect(isFractionalBytes(nanos(v))).toBe(want);
  });
});

describe('formatQuantity', () => {
  const cases: [string, 'decimal' | 'binary', string][] = [
    ['0', 'decimal', '0'],
    ['1.5', 'decimal', '1500m'],
    ['2', 'decimal', '2'],
    ['1000', 'decimal', '1k'],
    ['1n', 'decimal', '1n'],
    ['-250m', 'decimal', '-250m'],
    ['1.5Gi', 'binary', '1536Mi'],
    ['1Gi', 'binary', '1Gi'],
    ['1500', 'binary', '1500'],
    ['1G', 'binary', '1G'],
    ['100m', 'binary', '100m'],
  ];
  it.each(cases)('formats %s (%s) as %s', (v, style, want) => {
    expect(formatQuantity(nanos(v), style)).toBe(want);
  });

  it('gives an example per resource', () => {
    expect(exampleQuantity('cpu')).toMatch(/500m/);
    expect(exampleQuantity('memory')).toMatch(/Mi/);
    expect(exampleQuantity('nvidia.com/gpu')).toBe('1');
  });
});
