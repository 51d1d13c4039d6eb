import { describe, expect, it } from 'vitest';
import { compileSelector, isEmptySelector } from '../../src/k8s/selector.js';

const labels = { app: 'web', tier: 'frontend', track: 'stable' };

describe('compileSelector (Kubernetes label selector semantics)', () => {
  it.each([
    ['matchLabels all present', { matchLabels: { app: 'web', tier: 'frontend' } }, true],
    ['matchLabels one differs', { matchLabels: { app: 'web', tier: 'backend' } }, false],
    ['matchLabels value is compared as a string', { matchLabels: { app: 'web' } }, true],
    [
      'In with a listed value',
      { matchExpressions: [{ key: 'track', operator: 'In', values: ['canary', 'stable'] }] },
      true,
    ],
    ['In with no listed value', { matchExpressions: [{ key: 'track', operator: 'In', values: ['canary'] }] }, false],
    ['In on a missing key', { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }, false],
    [
      'NotIn with an unlisted value',
      { matchExpressions: [{ key: 'track', operator: 'NotIn', values: ['canary'] }] },
      true,
    ],
    ['NotIn on a missing key matches', { matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }, true],
    ['NotIn with the value', { matchExpressions: [{ key: 'track', operator: 'NotIn', values: ['stable'] }] }, false],
    ['Exists', { matchExpressions: [{ key: 'tier', operator: 'Exists' }] }, true],
    ['Exists on a missing key', { matchExpressions: [{ key: 'zone', operator: 'Exists' }] }, false],
    ['DoesNotExist on a missing key', { matchExpressions: [{ key: 'zone', operator: 'DoesNotExist' }] }, true],
    ['DoesNotExist on a present key', { matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }, false],
    [
      'labels and expressions are ANDed',
      { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['backend'] }] },
      false,
    ],
    [
      'an unknown operator makes the selector match nothing',
      { matchExpressions: [{ key: 'app', operator: 'Equals', values: ['web'] }] },
      false,
    ],
    [
      'In without values is invalid and matches nothing',
      { matchExpressions: [{ key: 'app', operator: 'In', values: [] }] },
      false,
    ],
    [
      'Exists with values is invalid and matches nothing',
      { matchExpressions: [{ key: 'app', operator: 'Exists', values: ['web'] }] },
      false,
    ],
  ])('%s', (_name, selector, expected) => {
    expect(compileSelector(selector, true)(labels)).toBe(expected);
  });

  it('an empty selector matches everything when the API says so (policy/v1) and nothing otherwise', () => {
    expect(compileSelector({}, true)(labels)).toBe(true);
    expect(compileSelector({}, true)(undefined)).toBe(true);
    expect(compileSelector({ matchLabels: {} }, true)(labels)).toBe(true);
    expect(compileSelector({}, false)(labels)).toBe(false);
  });

  it('reads own labels only: keys such as constructor or __proto__ match only objects that carry them', () => {
    const none = {};
    for (const key of ['constructor', 'toString', 'hasOwnProperty', '__proto__']) {
      expect(compileSelector({ matchExpressions: [{ key, operator: 'Exists' }] }, true)(none)).toBe(false);
      expect(compileSelector({ matchExpressions: [{ key, operator: 'DoesNotExist' }] }, true)(none)).toBe(true);
      expect(compileSelector({ matchExpressions: [{ key, operator: 'NotIn', values: ['x'] }] }, true)(none)).toBe(true);
      expect(compileSelector({ matchExpressions: [{ key, operator: 'In', values: ['x'] }] }, true)(none)).toBe(false);
    }
    const labelled = JSON.parse('{"constructor": "web"}') as Record<string, string>;
    expect(compileSelector({ matchLabels: { constructor: 'web' } }, true)(labelled)).toBe(true);
    expect(compileSelector({ matchExpressions: [{ key: 'constructor', operator: 'Exists' }] }, true)(labelled)).toBe(
      true,
    );
  });

  it('an absent selector matches nothing', () => {
    expect(compileSelector(undefined, true)(labels)).toBe(false);
    expect(compileSelector(null, true)(labels)).toBe(false);
  });

  it('pods without labels match only selectors that require absence', () => {
    expect(compileSelector({ matchLabels: { app: 'web' } }, true)(undefined)).toBe(false);
    expect(compileSelector({ matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }, true)(undefined)).toBe(
      true,
    );
  });

  it('isEmptySelector tells {} from a real selector and from an absent one', () => {
    expect(isEmptySelector({})).toBe(true);
    expect(isEmptySelector({ matchLabels: {}, matchExpressions: [] })).toBe(true);
    expect(isEmptySelector({ matchLabels: { a: 'b' } })).toBe(false);
    expect(isEmptySelector(undefined)).toBe(false);
  });
});
