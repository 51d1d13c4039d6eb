/** What HorizontalPodAutoscalers and VerticalPodAutoscalers have in common: the resources they act on, their targets. */
import type { ObjectLookup } from './lookup.js';
import { ObjectMemo } from './memo.js';
import { nameOf } from './names.js';
import { asArray, asObject, asString, type K8sObject, perObject } from './object.js';
import { type TargetRef, targetRefOf } from './target-ref.js';
import { podTemplateOf } from './workload.js';

/** The resources both autoscalers can act on. */
export const SCALED_RESOURCES = ['cpu', 'memory'] as const;

export type ScaledResource = (typeof SCALED_RESOURCES)[number];

export function isScaledResource(name: string | undefined): name is ScaledResource {
  return name === 'cpu' || name === 'memory';
}

export interface ResolvedTarget {
  ref: TargetRef;
  namespace: string;
  /** The target, matched by kind and name in the autoscaler's namespace (any API group); undefined when not loaded. */
  workload: K8sObject | undefined;
}

export function resolveTarget(index: ObjectLookup, autoscaler: K8sObject): ResolvedTarget | undefined {
  const ref = targetRefOf(autoscaler);
  if (ref === undefined) return undefined;
  const namespace = index.namespaceOf(autoscaler);
  return { ref, namespace, workload: index.get(ref.kind, namespace, ref.name) };
}

/**
 * Autoscalers of `kind` that target `ref` in `namespace`, one per name (a name declared twice is one object: the
 * second apply replaces the first), in load order.
 */
export function autoscalersTargeting(
  index: ObjectLookup,
  kind: string,
  namespace: string,
  ref: Pick<TargetRef, 'kind' | 'name'>,
): readonly K8sObject[] {
  const list = index.targeting(kind, namespace, ref.kind, ref.name);
  if (list.length <= 1) return list;
  return distinctByName.through(list, firstOfEachName);
}

/** By the identity of the index's list (never mutated): 5,000 HPAs on one target ask for the same list. */
const distinctByName = new ObjectMemo<readonly K8sObject[], readonly K8sObject[]>();

function firstOfEachName(list: readonly K8sObject[]): readonly K8sObject[] {
  const seen = new Set<string>();
  const out: K8sObject[] = [];
  for (const o of list) {
    const name = nameOf(o);
    if (seen.has(name)) continue;
    seen.add(name);
    out.push(o);
  }
  return out;
}

/** Names of the regular containers of a workload's pod template; undefined when it has no known pod template. */
export function regularContainerNames(workload: K8sObject | undefined): readonly string[] | undefined {
  return workload === undefined ? undefined : containerNamesOf(workload);
}

export const nameSetOf: (names: readonly string[]) => ReadonlySet<string> = perObject((names) => new Set(names));

/** Once per workload: every HPA and VPA pair on it asks. */
const containerNamesOf: (workload: K8sObject) => readonly string[] | undefined = perObject(readContainerNames);

function readContainerNames(workload: K8sObject): readonly string[] | undefined {
  const template = podTemplateOf(workload);
  if (template === undefined) return undefined;
  const names: string[] = [];
  for (const c of asArray(template.spec.containers)) {
    const name = asString(asObject(c)?.name);
    if (name !== undefined) names.push(name);
  }
  return names;
}
