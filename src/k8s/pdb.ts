/**
 * PodDisruptionBudgets and the workloads whose pods they select (policy/v1 semantics; `disruption.go` in
 * kubernetes/kubernetes):
 *
 * - a PDB selects pods in its own namespace only; in policy/v1 `selector: {}` selects every pod of the namespace,
 *   in policy/v1beta1 it selects none, and an absent selector selects none in both;
 * - the selection is computed once per index and namespace, with the index's cached compiled selectors and a
 *   label-pair pre-filter (label-index.ts), so that a rule never scans every workload for every PDB.
 */
import { isCustomResource, PDB_KIND } from './kinds.js';
import { candidates, type LabelIndex, labelIndexOf } from './label-index.js';
import type { ObjectLookup } from './lookup.js';
import { ObjectMemo } from './memo.js';
import { asObject, asStringMap, getPath, type JsonObject, type K8sObject, labelsOf } from './object.js';
import type { LabelMatcher } from './selector.js';
import { podTemplateOf } from './workload.js';

/** What a present but empty selector (`{}`) selects: every pod in policy/v1, none in policy/v1beta1. */
export function emptySelectorMatchesAll(pdb: K8sObject): boolean {
  return pdb.apiVersion !== 'policy/v1beta1';
}

/** The PDB's `spec.selector`, as written. */
function pdbSelector(pdb: K8sObject): JsonObject | undefined {
  return asObject(getPath(pdb, ['spec', 'selector']));
}

/** The PDB's compiled selector (cached by the index). */
function pdbMatcher(pdb: K8sObject, index: ObjectLookup): LabelMatcher {
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
    for (const w of candidates(pdbSelector(pdb), workloads)) {
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

/** The loaded workloads (of the PDB's namespace) whose pod template the PDB selects. */
export function workloadsSelectedBy(pdb: K8sObject, index: ObjectLookup): readonly K8sObject[] {
  return namespaceBudgets(index, index.namespaceOf(pdb)).byBudget.get(pdb) ?? EMPTY;
}

/** The PDBs (of the workload's namespace) that select the workload's pods. */
export function budgetsSelecting(workload: K8sObject, index: ObjectLookup): readonly K8sObject[] {
  return namespaceBudgets(index, index.namespaceOf(workload)).byWorkload.get(workload) ?? EMPTY;
}

const ownLabelIndexes = new ObjectMemo<ObjectLookup, Map<string, LabelIndex<K8sObject>>>();

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
  for (const w of candidates(pdbSelector(pdb), own)) if (matcher(own.labels.get(w))) return w;
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

const customLabelIndexes = new ObjectMemo<
  readonly K8sObject[],
  { own: LabelIndex<K8sObject>; template: LabelIndex<K8sObject> }
>();

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
  const first = (from: LabelIndex<K8sObject>): K8sObject | undefined => {
    for (const cr of candidates(pdbSelector(pdb), from)) if (matcher(from.labels.get(cr))) return cr;
    return undefined;
  };
  const byOwn = first(own);
  const byTemplate = first(template);
  if (byOwn === undefined || byTemplate === undefined) return byOwn ?? byTemplate;
  return (own.position.get(byOwn) ?? 0) <= (own.position.get(byTemplate) ?? 0) ? byOwn : byTemplate;
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
  const selector = pdbSelector(pdb);
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
