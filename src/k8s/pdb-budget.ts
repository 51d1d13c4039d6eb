/**
 * The budget of a PodDisruptionBudget and what it allows (`disruption.go`, `eviction.go` in kubernetes/kubernetes):
 * `minAvailable` and `maxUnavailable` are an integer or a percentage; percentages are scaled with rounding up.
 */
import { type IntOrPercent, parseIntOrPercent, scaledValue } from './int-or-percent.js';
import type { ObjectLookup } from './lookup.js';
import { ObjectMemo } from './memo.js';
import { asObject, type K8sObject } from './object.js';
import { workloadsSelectedBy } from './pdb.js';
import { type Scale, totalScale } from './scale.js';

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
