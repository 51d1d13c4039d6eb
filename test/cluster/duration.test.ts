/** Durations for --timeout and --request-timeout, as kubectl writes them. */
import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../src/cluster/duration.js';

describe('parseDuration', () => {
  it('reads a number with a unit, several in a row, and a bare number as seconds', () => {
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('5m')).toBe(300_000);
    expect(parseDuration('1h')).toBe(3_600_000);
    expect(parseDuration('1m30s')).toBe(90_000);
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('30')).toBe(30_000);
    expect(parseDuration('0')).toBe(0);
  });

  it('refuses what is not a duration', () => {
    for (const text of ['', 'soon', '5x', '-5s', '1.5s', 's', '5 m', '5m ms']) {
      expect(parseDuration(text), text).toBeUndefined();
    }
  });
});

describe('formatDuration', () => {
  it('writes the largest unit that divides it', () => {
    expect(formatDuration(300_000)).toBe('5m');
    expect(formatDuration(90_000)).toBe('90s');
    expect(formatDuration(7_200_000)).toBe('2h');
    expect(formatDuration(1500)).toBe('1500ms');
    expect(formatDuration(0)).toBe('0s');
  });
});
