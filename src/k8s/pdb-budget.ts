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
  readonly field: BudgetField;
  readonly value: IntOrPercent;
  /** The value as written, for messages. */
  readonly text: string;
}

export type BudgetField = 'minAvailable' | 'maxUnavailable';

const BUDGET_FIELDS: readonly BudgetField[] = ['minAvailable', 'maxUnavailable'];

/**
 * What the API server rejects in a budget (`ValidatePodDisruptionBudgetSpec`, pkg/apis/policy/validation, with
 * `ValidatePositiveIntOrPercent` and `IsNotMoreThan100Percent` of pkg/apis/apps/validation): both fields set; a
 * negative integer; a string that is not digits followed by `%` (`IsValidPercent`, so `"5"`, `"-10%"` and `" 50%"`
 * too); a percentage above 100%.
 */
export type BudgetError =
  | { readonly kind: 'bothSet' }
  | { readonly kind: 'negative'; readonly field: BudgetField; readonly text: string }
  | { readonly kind: 'notIntOrPercent'; readonly field: BudgetField; readonly text: string }
  | { readonly kind: 'over100Percent'; readonly field: BudgetField; readonly text: string };

/** The budget fields the PDB sets (null counts as unset, as the API decodes it). */
function setFields(pdb: K8sObject): BudgetField[] {
  const spec = asObject(pdb.spec);
  return BUDGET_FIELDS.filter((f) => spec?.[f] !== undefined && spec?.[f] !== null);
}

/** True when the PDB sets neither minAvailable nor maxUnavailable. */
export function hasNoBudget(pdb: K8sObject): boolean {
  return setFields(pdb).length === 0;
}

function fieldError(field: BudgetField, raw: unknown): BudgetError | undefined {
  if (typeof raw === 'number') {
    const text = String(raw);
    if (!Number.isInteger(raw)) return { kind: 'notIntOrPercent', field, text };
    return raw < 0 ? { kind: 'negative', field, text } : undefined;
  }
  // Quoted, so that "1" or " 50%" reads as the string it is.
  if (typeof raw !== 'string' || !/^[0-9]+%$/.test(raw))
    return { kind: 'notIntOrPercent', field, text: JSON.stringify(raw) };
  return Number(raw.slice(0, -1)) > 100 ? { kind: 'over100Percent', field, text: raw } : undefined;
}

/** Why the API server rejects the PDB's budget, in field order; empty when it accepts it. */
export function budgetErrors(pdb: K8sObject): BudgetError[] {
  const spec = asObject(pdb.spec);
  const fields = setFields(pdb);
  const errors: BudgetError[] = fields.length > 1 ? [{ kind: 'bothSet' }] : [];
  for (const field of fields) {
    const error = fieldError(field, spec?.[field]);
    if (error) errors.push(error);
  }
  return errors;
}

/**
 * The PDB's budget field; undefined when it sets neither, or when the API server would reject the budget
 * (budgetErrors), since such a PDB never exists in a cluster.
 */
export function budgetOf(pdb: K8sObject): Budget | undefined {
  const [field, ...more] = setFields(pdb);
  if (field === undefined || more.length > 0 || budgetErrors(pdb).length > 0) return undefined;
  const raw = asObject(pdb.spec)?.[field];
  const value = parseIntOrPercent(raw);
  return value === undefined ? undefined : { field, value, text: String(raw) };
}

/** How many of `pods` must stay healthy under the budget (the disruption controller's desiredHealthy). */
export function desiredHealthy(budget: Budget, pods: number): number {
  if (budget.field === 'minAvailable') return scaledValue(budget.value, pods, true);
  return Math.max(0, pods - scaledValue(budget.value, pods, true));
}

/** The largest pod count (int32), for a verdict that must hold whatever the count. */
const ANY_COUNT = 2 ** 31 - 1;

/**
 * True when the budget lets a drain evict all `pods` at once (desiredHealthy 0: maxUnavailable at or above the
 * count, in either form, or minAvailable 0). With `pods` unknown, true only when that holds at every count
 * (maxUnavailable 100%, minAvailable 0 or 0%): desiredHealthy only grows with the count.
 */
export function allowsEvictingAll(budget: Budget, pods?: number): boolean {
  return desiredHealthy(budget, pods ?? ANY_COUNT) === 0;
}

/** True when the budget allows no voluntary eviction while `pods` pods are all healthy. */
export function blocksEviction(budget: Budget, pods: number): boolean {
  return desiredHealthy(budget, pods) >= pods;
}
