import { describe, expect, it } from 'vitest';
import { globToRegExp, matchAnyGlob, matchGlob } from '../../src/k8s/glob.js';

describe('matchGlob', () => {
  it('matches a literal pattern only exactly', () => {
    expect(matchGlob('kube-system', 'kube-system')).toBe(true);
    expect(matchGlob('kube-system', 'kube-system2')).toBe(false);
    expect(matchGlob('kube-system', 'xkube-system')).toBe(false);
  });

  it('matches * against any run of characters, also none', () => {
    expect(matchGlob('sandbox-*', 'sandbox-')).toBe(true);
    expect(matchGlob('sandbox-*', 'sandbox-alice')).toBe(true);
    expect(matchGlob('sandbox-*', 'my-sandbox-alice')).toBe(false);
    expect(matchGlob('*-old', 'api-old')).toBe(true);
    expect(matchGlob('a*b*c', 'aXXbYYc')).toBe(true);
    expect(matchGlob('*', '')).toBe(true);
  });

  it('matches ? against exactly one character', () => {
    expect(matchGlob('web-?', 'web-1')).toBe(true);
    expect(matchGlob('web-?', 'web-')).toBe(false);
    expect(matchGlob('web-?', 'web-12')).toBe(false);
  });

  it('treats regular expression characters literally', () => {
    expect(matchGlob('a.b', 'a.b')).toBe(true);
    expect(matchGlob('a.b*', 'axb')).toBe(false);
    expect(matchGlob('(x)+[y]{2}|$^\\*', '(x)+[y]{2}|$^\\z')).toBe(true);
    expect(matchGlob('a+*', 'aa')).toBe(false);
  });

  it('anchors the whole value', () => {
    expect(globToRegExp('ab?').source).toBe('^ab.$');
    expect(globToRegExp('a.*').test('a.anything')).toBe(true);
    expect(globToRegExp('a.*').test('ba.x')).toBe(false);
  });

  it('matches any of several globs', () => {
    expect(matchAnyGlob(['kube-system', 'sandbox-*'], 'sandbox-x')).toBe(true);
    expect(matchAnyGlob(['kube-system', 'sandbox-*'], 'default')).toBe(false);
    expect(matchAnyGlob([], 'default')).toBe(false);
  });
});
