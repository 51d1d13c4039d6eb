/**
 * Items filed by each of their label pairs, so that the items a selector can select are found from its rarest
 * requirement instead of a scan: the workloads a PodDisruptionBudget selects, the ingress-nginx controllers a
 * Service selects.
 */
import { asObject, type JsonObject } from './object.js';

const EMPTY: readonly never[] = Object.freeze([]);

/** Items (objects, or what was read from them) filed by each of their label pairs, with their order. */
export interface LabelIndex<T> {
  readonly objects: readonly T[];
  readonly labels: ReadonlyMap<T, Readonly<Record<string, string>>>;
  readonly position: ReadonlyMap<T, number>;
  readonly byPair: ReadonlyMap<string, readonly T[]>;
}

export function labelIndexOf<T>(
  objects: readonly T[],
  labelsFor: (o: T) => Readonly<Record<string, string>>,
): LabelIndex<T> {
  const labels = new Map<T, Readonly<Record<string, string>>>();
  const position = new Map<T, number>();
  const byPair = new Map<string, T[]>();
  objects.forEach((o, i) => {
    const own = labelsFor(o);
    labels.set(o, own);
    position.set(o, i);
    for (const [k, v] of Object.entries(own)) {
      const key = `${k}\0${v}`;
      const list = byPair.get(key);
      if (list) list.push(o);
      else byPair.set(key, [o]);
    }
  });
  return { objects, labels, position, byPair };
}

/**
 * A superset of the items a label selector can select, in order: those carrying its rarest matchLabels pair, or
 * those carrying one of the values of its narrowest `In` expression (every requirement must hold), else all of
 * them (also without a selector). The compiled selector then decides. Without it, budgets selecting by expressions
 * compared every budget with every workload (5,000 of each: 2.8 s).
 */
export function candidates<T>(selector: JsonObject | undefined, from: LabelIndex<T>): readonly T[] {
  if (selector === undefined) return from.objects;
  let best: readonly T[] | undefined;
  const matchLabels = asObject(selector.matchLabels);
  if (matchLabels !== undefined) {
    for (const [k, v] of Object.entries(matchLabels)) {
      const list = from.byPair.get(`${k}\0${String(v)}`) ?? EMPTY;
      if (best === undefined || list.length < best.length) best = list;
    }
  }
  // Any requirement gives a superset; a few are enough to find a narrow one (a budget may carry thousands).
  const expressions = Array.isArray(selector.matchExpressions) ? selector.matchExpressions : [];
  for (const e of expressions.slice(0, MAX_PREFILTER_EXPRESSIONS)) {
    const r = asObject(e);
    if (r?.operator !== 'In' || typeof r.key !== 'string' || !Array.isArray(r.values)) continue;
    // An object has one value per key, so the lists of distinct values are disjoint.
    const lists: (readonly T[])[] = [];
    let size = 0;
    for (const v of new Set(r.values.map(String))) {
      const list = from.byPair.get(`${r.key}\0${v}`);
      if (list === undefined) continue;
      lists.push(list);
      size += list.length;
    }
    if (best !== undefined && size >= best.length) continue;
    best = lists.length === 1 ? (lists[0] ?? EMPTY) : inLoadOrder(lists.flat(), from.position);
  }
  return best ?? from.objects;
}

/** `In` requirements the pre-filter looks at per selector. */
const MAX_PREFILTER_EXPRESSIONS = 8;

function inLoadOrder<T>(objects: T[], position: ReadonlyMap<T, number>): readonly T[] {
  return objects.sort((a, b) => (position.get(a) ?? 0) - (position.get(b) ?? 0));
}
