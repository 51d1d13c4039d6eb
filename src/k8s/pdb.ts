/**
 * PodDisruptionBudgets, the workloads whose pods they select, and the pod counts their budgets are measured against
 * (policy/v1 semantics; `disruption.go` and `eviction.go` in kubernetes/kubernetes):
 *
 * - a PDB selects pods in its own namespace only; in policy/v1 `selector: {}` selects every pod of the namespace,
 *   in policy/v1beta1 it selects none, and an absent selector selects none in both;
 * - `minAvailable` and `maxUnavailable` are an integer or a percentage; percentages are scaled with rounding up;
 * - the selection is computed once per index and namespace, with the index's cached compiled selectors and a
 *   label-pair pre-filter, so that a rule never scans every workload for every PDB.
 */

import { isCustomResource } from './kinds.js';
import type { ObjectLookup } from './lookup.js';
import { ObjectMemo } from './memo.js';
import type { K8sObject } from './object.js';
import { asObject, asStringMap, getPath, labelsOf } from './object.js';
import type { LabelMatcher } from './selector.js';
import { podTemplateOf, replicasOf } from './workload.js';

export const PDB_KIND = 'PodDisruptionBudget';

/** What a present but empty selector (`{}`) selects: every pod in policy/v1, none in policy/v1beta1. */
export function emptySelectorMatchesAll(pdb: K8sObject): boolean {
  return pdb.apiVersion !== 'policy/v1beta1';
}

/** The PDB's compiled selector (cached by the index). */
export function pdbMatcher(pdb: K8sObject, index: ObjectLookup): LabelMatcher {
  return index.selectorOf(pdb, emptySelectorMatchesAll(pdb));
}

interface NamespaceBudgets {
  readonly byBudget: Map<K8sObject, K8sObject[]>;
  readonly byWorkload: Map<K8sObject, K8sObject[]>;
}

const EMPTY: readonly K8sObject[] = Object.freeze([]);
const ALL: LabelMatcher = () => true;
const budgetCache = new ObjectMemo<ObjectLookup, Map<string, NamespaceBudgets>>();

function namespaceBudgets(index: ObjectLookup, namespace: string): NamespaceBudgets {
  let byNs = budgetCache.get(index);
  if (byNs === undefined) {
    byNs = new Map();
    budgetCache.set(index, byNs);
  }
  const hit = byNs.get(namespace);
  if (hit) return hit;
  const computed = computeNamespace(index, namespace);
  byNs.set(namespace, computed);
  return computed;
}

function computeNamespace(index: ObjectLookup, namespace: string): NamespaceBudgets {
  const byBudget = new Map<K8sObject, K8sObject[]>();
  const byWorkload = new Map<K8sObject, K8sObject[]>();
  const budgets = index.inNamespace(PDB_KIND, namespace);
  if (budgets.length === 0) return { byBudget, byWorkload };
  const workloads = labelIndexOf(index.workloadsMatching(ALL, namespace), (w) => podTemplateOf(w)?.labels ?? {});
  for (const pdb of budgets) {
    const matcher = pdbMatcher(pdb, index);
    const selected: K8sObject[] = [];
    for (const w of candidates(pdb, workloads)) {
      if (!matcher(workloads.labels.get(w))) continue;
      selected.push(w);
      const list = byWorkload.get(w);
      if (list) list.push(pdb);
      else byWorkload.set(w, [pdb]);
    }
    byBudget.set(pdb, selected);
  }
  return { byBudget, byWorkload };
}

/** Objects filed by each of their label pairs, with their load order, for the candidate pre-filter. */
interface LabelIndex {
  readonly objects: readonly K8sObject[];
  readonly labels: ReadonlyMap<K8sObject, Readonly<Record<string, string>>>;
  readonly position: ReadonlyMap<K8sObject, number>;
  readonly byPair: ReadonlyMap<string, readonly K8sObject[]>;
}

function labelIndexOf(
  objects: readonly K8sObject[],
  labelsFor: (o: K8sObject) => Readonly<Record<string, string>>,
): LabelIndex {
  const labels = new Map<K8sObject, Readonly<Record<string, string>>>();
  const position = new Map<K8sObject, number>();
  const byPair = new Map<string, K8sObject[]>();
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
 * A superset of the objects the PDB can select, in load order: those carrying its rarest matchLabels pair, or
 * those carrying one of the values of its narrowest `In` expression (every requirement must hold), else all of
 * them. The compiled selector then decides. Without it, budgets selecting by expressions compared every budget with
 * every workload (5,000 of each: 2.8 s).
 */
function candidates(pdb: K8sObject, from: LabelIndex): readonly K8sObject[] {
  const selector = asObject(getPath(pdb, ['spec', 'selector']));
  if (selector === undefined) return from.objects;
  let best: readonly K8sObject[] | undefined;
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
    const lists: (readonly K8sObject[])[] = [];
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

/** `In` requirements the pre-filter looks at per budget. */
const MAX_PREFILTER_EXPRESSIONS = 8;

function inLoadOrder(objects: K8sObject[], position: ReadonlyMap<K8sObject, number>): readonly K8sObject[] {
  return objects.sort((a, b) => (position.get(a) ?? 0) - (position.get(b) ?? 0));
}

/** The loaded workloads (of the PDB's namespace) whose pod template the PDB selects. */
export function workloadsSelectedBy(pdb: K8sObject, index: ObjectLookup): readonly K8sObject[] {
  return namespaceBudgets(index, index.namespaceOf(pdb)).byBudget.get(pdb) ?? EMPTY;
}

/** The PDBs (of the workload's namespace) that select the workload's pods. */
export function budgetsSelecting(workload: K8sObject, index: ObjectLookup): readonly K8sObject[] {
  return namespaceBudgets(index, index.namespaceOf(workload)).byWorkload.get(workload) ?? EMPTY;
}

const ownLabelIndexes = new ObjectMemo<ObjectLookup, Map<string, LabelIndex>>();

/**
 * The first workload of the PDB's namespace whose own labels (not its pod template's) the PDB selects: the usual
 * mistake behind a budget that selects nothing. Through the same pre-filter, not a scan of the namespace per budget.
 */
export function workloadSelectedByOwnLabels(pdb: K8sObject, index: ObjectLookup): K8sObject | undefined {
  const namespace = index.namespaceOf(pdb);
  const byNs = ownLabelIndexes.through(index, () => new Map());
  let own = byNs.get(namespace);
  if (own === undefined) {
    own = labelIndexOf(index.workloadsMatching(ALL, namespace), labelsOf);
    byNs.set(namespace, own);
  }
  const matcher = pdbMatcher(pdb, index);
  for (const w of candidates(pdb, own)) if (matcher(own.labels.get(w))) return w;
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Custom resources that may own pods (operators: Prometheus, Alertmanager; Argo Rollouts, …)

const customCache = new ObjectMemo<ObjectLookup, Map<string, K8sObject[]>>();

function customResources(index: ObjectLookup, namespace: string): readonly K8sObject[] {
  let byNs = customCache.get(index);
  if (byNs === undefined) {
    byNs = new Map();
    for (const o of index.objects) {
      if (!isCustomResource(o)) continue;
      const ns = index.namespaceOf(o);
      const list = byNs.get(ns);
      if (list) list.push(o);
      else byNs.set(ns, [o]);
    }
    customCache.set(index, byNs);
  }
  return byNs.get(namespace) ?? EMPTY;
}

const customLabelIndexes = new ObjectMemo<readonly K8sObject[], { own: LabelIndex; template: LabelIndex }>();

/**
 * A custom resource in the PDB's namespace whose labels, or whose `spec.template` labels, the PDB selects: the
 * likely owner (through an operator) of pods kubeward cannot see. The first one in load order, found through the
 * label pre-filter of each kind of labels (not a scan of every custom resource for every budget).
 */
export function customOwnerSelectedBy(pdb: K8sObject, index: ObjectLookup): K8sObject | undefined {
  const resources = customResources(index, index.namespaceOf(pdb));
  if (resources.length === 0) return undefined;
  const { own, template } = customLabelIndexes.through(resources, (list) => ({
    own: labelIndexOf(list, labelsOf),
    template: labelIndexOf(
      list.filter((cr) => asObject(getPath(cr, ['spec', 'template', 'metadata', 'labels'])) !== undefined),
      (cr) => asStringMap(getPath(cr, ['spec', 'template', 'metadata', 'labels'])),
    ),
  }));
  const matcher = pdbMatcher(pdb, index);
  const first = (from: LabelIndex): K8sObject | undefined => {
    for (const cr of candidates(pdb, from)) if (matcher(from.labels.get(cr))) return cr;
    return undefined;
  };
  const byOwn = first(own);
  const byTemplate = first(template);
  if (byOwn === undefined || byTemplate === undefined) return byOwn ?? byTemplate;
  return (own.position.get(byOwn) ?? 0) <= (own.position.get(byTemplate) ?? 0) ? byOwn : byTemplate;
}

// ---------------------------------------------------------------------------------------------------------------
// Replica counts and budgets

/** Kinds with a `/scale` subresource whose replica count is in `spec.replicas` (default 1). */
const SCALED_KINDS: ReadonlySet<string> = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController']);

export interface Scale {
  /** The fewest pods the workload runs: the HPA's minReplicas when one targets it, else its replicas. */
  readonly min: number;
  /** The most pods: the HPA's maxReplicas when one targets it, else its replicas. */
  readonly max: number;
  /** The HPA that sets the count, if any. */
  readonly hpa?: K8sObject;
}

/** How many pods a workload runs; undefined when that is not in the manifests (DaemonSets, Jobs). */
export function scaleOf(workload: K8sObject, index: ObjectLookup): Scale | undefined {
  if (workload.kind === 'Pod') return { min: 1, max: 1 };
  if (!SCALED_KINDS.has(workload.kind)) return undefined;
  const name = workload.metadata?.name;
  const hpa =
    typeof name === 'string'
      ? index.targeting('HorizontalPodAutoscaler', index.namespaceOf(workload), workload.kind, name)[0]
      : undefined;
  if (hpa !== undefined) {
    const spec = asObject(hpa.spec);
    const min = typeof spec?.minReplicas === 'number' ? spec.minReplicas : 1;
    const max = typeof spec?.maxReplicas === 'number' ? Math.max(spec.maxReplicas, min) : min;
    return { min, max, hpa };
  }
  const replicas = replicasOf(workload) ?? 1;
  return { min: replicas, max: replicas };
}

const budgetScales = new ObjectMemo<ObjectLookup, ObjectMemo<K8sObject, Scale | undefined>>();

/**
 * totalScale of the workloads the PDB selects, once per PDB and index: a rule asking it for each workload of a
 * budget selecting thousands would pay the square of their number.
 */
export function budgetScale(pdb: K8sObject, index: ObjectLookup): Scale | undefined {
  return budgetScales
    .through(index, () => new ObjectMemo())
    .through(pdb, (p) => totalScale(workloadsSelectedBy(p, index), index));
}

/** The summed scale of several workloads; undefined when any of them has no known count. */
export function totalScale(workloads: readonly K8sObject[], index: ObjectLookup): Scale | undefined {
  let min = 0;
  let max = 0;
  let hpa: K8sObject | undefined;
  for (const w of workloads) {
    const s = scaleOf(w, index);
    if (s === undefined) return undefined;
    min += s.min;
    max += s.max;
    hpa ??= s.hpa;
  }
  return hpa === undefined ? { min, max } : { min, max, hpa };
}

export type IntOrPercent =
  | { readonly kind: 'int'; readonly value: number }
  | { readonly kind: 'percent'; readonly value: number };

/** An IntOrString field: a non-negative integer, or a percentage string such as `50%`; undefined otherwise. */
export function parseIntOrPercent(value: unknown): IntOrPercent | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? { kind: 'int', value } : undefined;
  if (typeof value !== 'string') return undefined;
  const m = /^([0-9]+)%$/.exec(value.trim());
  return m ? { kind: 'percent', value: Number(m[1]) } : undefined;
}

/** The value scaled to `total` (`GetScaledValueFromIntOrPercent`): percentages rounded up or down. */
export function scaledValue(v: IntOrPercent, total: number, roundUp: boolean): number {
  if (v.kind === 'int') return v.value;
  const exact = (v.value * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

export interface Budget {
  readonly field: 'minAvailable' | 'maxUnavailable';
  readonly value: IntOrPercent;
  /** The value as written, for messages. */
  readonly text: string;
}

/** The PDB's budget field; undefined when neither (or an unparsable value) is set. `minAvailable` wins if both are. */
export function budgetOf(pdb: K8sObject): Budget | undefined {
  const spec = asObject(pdb.spec);
  for (const field of ['minAvailable', 'maxUnavailable'] as const) {
    const raw = spec?.[field];
    if (raw === undefined || raw === null) continue;
    const value = parseIntOrPercent(raw);
    if (value !== undefined) return { field, value, text: String(raw) };
  }
  return undefined;
}

/** How many of `pods` must stay healthy under the budget (the disruption controller's desiredHealthy). */
export function desiredHealthy(budget: Budget, pods: number): number {
  if (budget.field === 'minAvailable') return scaledValue(budget.value, pods, true);
  return Math.max(0, pods - scaledValue(budget.value, pods, true));
}

/** True when the budget allows no voluntary eviction while `pods` pods are all healthy. */
export function blocksEviction(budget: Budget, pods: number): boolean {
  return desiredHealthy(budget, pods) >= pods;
}

// ---------------------------------------------------------------------------------------------------------------
// PDBs with the same selector (they overlap on whatever pods exist, loaded or not)

const sameSelectorCache = new ObjectMemo<ObjectLookup, Map<string, Map<string, K8sObject[]>>>();

const selectorKeys = new ObjectMemo<K8sObject, string | null>();

/** A canonical form of the PDB's selector (order-insensitive); undefined when it has none. */
export function selectorKey(pdb: K8sObject): string | undefined {
  let key = selectorKeys.get(pdb);
  if (key === undefined) {
    key = canonicalSelector(pdb) ?? null;
    selectorKeys.set(pdb, key);
  }
  return key ?? undefined;
}

function canonicalSelector(pdb: K8sObject): string | undefined {
  const selector = asObject(getPath(pdb, ['spec', 'selector']));
  if (selector === undefined) return undefined;
  const labels = Object.entries(asObject(selector.matchLabels) ?? {})
    .map(([k, v]) => `${k}=${String(v)}`)
    .sort();
  const expressions = (Array.isArray(selector.matchExpressions) ? selector.matchExpressions : [])
    .map((e) => {
      const r = asObject(e) ?? {};
      const values = (Array.isArray(r.values) ? r.values : []).map(String).sort();
      return JSON.stringify([r.key, r.operator, values]);
    })
    .sort();
  return JSON.stringify([emptySelectorMatchesAll(pdb), labels, expressions]);
}

/** The other PDBs of the namespace whose selector is the same as this one's. */
export function budgetsWithSameSelector(pdb: K8sObject, index: ObjectLookup): readonly K8sObject[] {
  return budgetsWithSelectorOf(pdb, index).filter((o) => o !== pdb);
}

/**
 * The PDBs of the namespace with this one's selector, itself included: the index's own list, not a copy, for a
 * caller that stops early (a copy per budget is the square of their number).
 */
export function budgetsWithSelectorOf(pdb: K8sObject, index: ObjectLookup): readonly K8sObject[] {
  const key = selectorKey(pdb);
  if (key === undefined) return EMPTY;
  let byNs = sameSelectorCache.get(index);
  if (byNs === undefined) {
    byNs = new Map();
    sameSelectorCache.set(index, byNs);
  }
  const namespace = index.namespaceOf(pdb);
  let byKey = byNs.get(namespace);
  if (byKey === undefined) {
    byKey = new Map();
    for (const other of index.inNamespace(PDB_KIND, namespace)) {
      const k = selectorKey(other);
      if (k === undefined) continue;
      const list = byKey.get(k);
      if (list) list.push(other);
      else byKey.set(k, [other]);
    }
    byNs.set(namespace, byKey);
  }
  return byKey.get(key) ?? EMPTY;
}
