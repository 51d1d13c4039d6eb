/**
 * Label selectors with Kubernetes semantics (apimachinery `LabelSelectorAsSelector`):
 * matchLabels and matchExpressions are ANDed; In/NotIn/Exists/DoesNotExist; an invalid selector matches nothing.
 * What an empty or absent selector means depends on the API (policy/v1 PDB: `{}` is everything, absent is nothing),
 * so callers say it with `emptyMatches`.
 */

export interface LabelSelectorRequirement {
  key: string;
  operator: string;
  values?: readonly string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: readonly LabelSelectorRequirement[];
}

export type Labels = Readonly<Record<string, string>>;

/** A compiled selector: a predicate over labels. */
export type LabelMatcher = (labels: Labels | undefined) => boolean;

const NOTHING: LabelMatcher = () => false;
const EVERYTHING: LabelMatcher = () => true;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Compiles a selector. `emptyMatches` is what a present but empty selector (`{}`) selects:
 * `true` for policy/v1 PDBs, NetworkPolicies and Deployments' semantics, `false` for policy/v1beta1.
 * An absent (null/undefined) selector selects nothing.
 */
export function compileSelector(selector: unknown, emptyMatches: boolean): LabelMatcher {
  if (!isRecord(selector)) return NOTHING;
  const checks: LabelMatcher[] = [];
  const { matchLabels, matchExpressions } = selector;
  if (matchLabels !== undefined && matchLabels !== null) {
    if (!isRecord(matchLabels)) return NOTHING;
    for (const [key, value] of Object.entries(matchLabels)) {
      const want = String(value);
      // Own properties only: a selector on `constructor` or `__proto__` must not match an object without the label.
      checks.push((labels) => labels !== undefined && Object.hasOwn(labels, key) && labels[key] === want);
    }
  }
  if (matchExpressions !== undefined && matchExpressions !== null) {
    if (!Array.isArray(matchExpressions)) return NOTHING;
    for (const req of matchExpressions) {
      const check = compileRequirement(req);
      if (check === null) return NOTHING;
      checks.push(check);
    }
  }
  if (checks.length === 0) return emptyMatches ? EVERYTHING : NOTHING;
  return (labels) => {
    for (const check of checks) if (!check(labels)) return false;
    return true;
  };
}

function compileRequirement(req: unknown): LabelMatcher | null {
  if (!isRecord(req) || typeof req.key !== 'string') return null;
  const key = req.key;
  const values = Array.isArray(req.values) ? req.values.map(String) : [];
  // A set, so that a requirement of thousands of values costs one look-up per object, not a scan.
  const set = new Set(values);
  switch (req.operator) {
    case 'In':
      if (values.length === 0) return null;
      return (labels) => labels !== undefined && Object.hasOwn(labels, key) && set.has(labels[key] as string);
    case 'NotIn':
      if (values.length === 0) return null;
      return (labels) => labels === undefined || !Object.hasOwn(labels, key) || !set.has(labels[key] as string);
    case 'Exists':
      if (values.length > 0) return null;
      return (labels) => labels !== undefined && Object.hasOwn(labels, key);
    case 'DoesNotExist':
      if (values.length > 0) return null;
      return (labels) => labels === undefined || !Object.hasOwn(labels, key);
    default:
      return null;
  }
}

/** True when the selector is present and has no requirement at all (`{}`). */
export function isEmptySelector(selector: unknown): boolean {
  if (!isRecord(selector)) return false;
  const ml = selector.matchLabels;
  const me = selector.matchExpressions;
  const noLabels = ml === undefined || ml === null || (isRecord(ml) && Object.keys(ml).length === 0);
  const noExprs = me === undefined || me === null || (Array.isArray(me) && me.length === 0);
  return noLabels && noExprs;
}
