/**
 * Globs for names and namespaces in the config: `*` matches any run of characters (also none), `?` exactly one
 * character, everything else is literal, and the whole value must match.
 */

const SPECIAL = /[\\^$.|+()[\]{}]/g;

/** Compiles a glob to an anchored regular expression. */
export function globToRegExp(pattern: string): RegExp {
  let source = '';
  for (const ch of pattern) {
    if (ch === '*') source += '.*';
    else if (ch === '?') source += '.';
    else source += ch.replace(SPECIAL, '\\$&');
  }
  return new RegExp(`^${source}$`, 'su');
}

const compiled = new Map<string, RegExp>();

function cachedRegExp(pattern: string): RegExp {
  let re = compiled.get(pattern);
  if (re === undefined) {
    re = globToRegExp(pattern);
    compiled.set(pattern, re);
  }
  return re;
}

export function hasWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}

/** Whether `value` matches the glob `pattern` as a whole. */
export function matchGlob(pattern: string, value: string): boolean {
  if (!hasWildcard(pattern)) return pattern === value;
  return cachedRegExp(pattern).test(value);
}

/** Whether `value` matches any of the globs. */
export function matchAnyGlob(patterns: readonly string[], value: string): boolean {
  return patterns.some((p) => matchGlob(p, value));
}
