/**
 * `--ignore-paths GLOB...` (relative to the working directory) and the config's `exclude.paths` (relative to the
 * config file's directory) as one test on an absolute path. Globs are Node's `path.matchesGlob` (`**` any number of
 * directories, `*` any run within one name, `?` one character); a path outside a glob's base never matches it.
 */
import { isAbsolute, matchesGlob, relative } from 'node:path';
import type { PathFilter } from './inputs.js';

export interface GlobSet {
  /** Absolute directory the globs are relative to. */
  readonly base: string;
  readonly globs: readonly string[];
}

/** True for a path one of the globs matches, relative to its set's base. */
export function pathFilter(sets: readonly GlobSet[]): PathFilter | undefined {
  const active = sets.filter((s) => s.globs.length > 0);
  if (active.length === 0) return undefined;
  return (abs) =>
    active.some((set) => {
      const rel = relative(set.base, abs).split('\\').join('/');
      if (rel === '' || rel.startsWith('../') || rel === '..' || isAbsolute(rel)) return false;
      return set.globs.some((g) => matchesGlob(rel, g.replace(/^\.\//, '').replace(/\/+$/, '')));
    });
}
