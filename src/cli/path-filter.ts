/**
 * `--ignore-paths GLOB...` (relative to the working directory) and the config's `exclude.paths` (relative to the
 * config file's directory) as one test on an absolute path: `**` any number of directories, `*` any run within one
 * name, `?` one character, everything else literal; a path outside a glob's base never matches it. Written here,
 * not `path.matchesGlob`, which is experimental (a warning on stderr) on the Node 22 releases kubeward supports.
 */
import { isAbsolute, relative } from 'node:path';
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
      return set.globs.some((g) => globRegExp(g).test(rel));
    });
}

const compiled = new Map<string, RegExp>();

/** A glob as an anchored RegExp over a `/`-separated relative path. */
export function globRegExp(glob: string): RegExp {
  const hit = compiled.get(glob);
  if (hit) return hit;
  const g = glob.replace(/^\.\//, '').replace(/\/+$/, '');
  let re = '';
  for (let i = 0; i < g.length; i++) {
    const c = g[i] as string;
    if (c === '*' && g[i + 1] === '*') {
      const slash = g[i + 2] === '/';
      re += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  const out = new RegExp(`^${re}$`);
  compiled.set(glob, out);
  return out;
}
