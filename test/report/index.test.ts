import { describe, expect, it } from 'vitest';
import { DEFAULT_FORMAT, FORMATS, formatNames, isFormatName } from '../../src/report/index.js';
import { cleanResult, sampleChecked, sampleContext, sampleResult } from './sample.js';

describe('report formats', () => {
  it('lists every format once, the default (stylish) first', () => {
    expect([...formatNames].sort()).toEqual(Object.keys(FORMATS).sort());
    expect(formatNames[0]).toBe('stylish');
    expect(DEFAULT_FORMAT).toBe('stylish');
  });

  it('tells format names from other strings', () => {
    expect(isFormatName('sarif')).toBe(true);
    expect(isFormatName('toString')).toBe(false);
    expect(isFormatName('html')).toBe(false);
  });

  it.each(formatNames)('%s is pure: same input, same output, input untouched, newline-terminated', (name) => {
    const result = sampleResult();
    const before = structuredClone(result);
    const ctx = sampleContext({ checked: sampleChecked });
    const first = FORMATS[name](result, ctx);
    expect(FORMATS[name](result, ctx)).toBe(first);
    expect(result).toEqual(before);
    expect(first.endsWith('\n')).toBe(true);
    expect(FORMATS[name](cleanResult(), sampleContext()).endsWith('\n')).toBe(true);
  });

  it.each(formatNames)('%s formats 150,000 findings of one file', (name) => {
    const base = sampleResult();
    const one = base.findings[0];
    if (one === undefined) throw new Error('sample has findings');
    const findings = Array.from({ length: 150_000 }, (_, i) => ({ ...one, line: i + 1 }));
    const result = { ...base, findings, summary: { ...base.summary, findings: findings.length } };
    const text = FORMATS[name](result, sampleContext({ checked: sampleChecked }));
    expect(text.endsWith('\n')).toBe(true);
  });
});
