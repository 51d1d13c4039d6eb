/** The globs of --ignore-paths and exclude.paths. */
import { describe, expect, it } from 'vitest';
import { globRegExp, pathFilter } from '../../src/cli/path-filter.js';

describe('globRegExp', () => {
  it.each([
    ['charts/**', 'charts/a/b.yaml', true],
    ['charts/**', 'charts', false],
    ['charts', 'charts', true],
    ['**/values*.yaml', 'values.yaml', true],
    ['**/values*.yaml', 'a/b/values-prod.yaml', true],
    ['**/values*.yaml', 'a/b/myvalues.yaml', false],
    ['*.yaml', 'a.yaml', true],
    ['*.yaml', 'dir/a.yaml', false],
    ['overlays/*', 'overlays/prod', true],
    ['overlays/*', 'overlays/prod/x.yaml', false],
    ['a?c', 'abc', true],
    ['a?c', 'a/c', false],
    ['./k8s/', 'k8s', true],
    ['a.b+(c)', 'a.b+(c)', true],
    ['a.b', 'axb', false],
  ])('%s matches %s: %s', (glob, path, expected) => {
    expect(globRegExp(glob).test(path)).toBe(expected);
  });

  it('never matches outside its base', () => {
    const ignored = pathFilter([{ base: '/repo/sub', globs: ['**'] }]);
    expect(ignored?.('/repo/sub/x.yaml')).toBe(true);
    expect(ignored?.('/repo/x.yaml')).toBe(false);
    expect(ignored?.('/repo/sub')).toBe(false);
    expect(pathFilter([{ base: '/repo', globs: [] }])).toBeUndefined();
  });
});
