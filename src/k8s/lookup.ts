/**
 * The other objects a Kubernetes question is answered against: the loaded files in the CLI, the informer cache in
 * the webhook. The engine's `ObjectIndex` is one; what is asked here is read-only and bucketed by kind and
 * namespace, so that questions across objects stay linear in their number.
 */
import type { K8sObject } from './object.js';
import type { LabelMatcher } from './selector.js';

export interface ObjectLookup {
  /** Every object, in load order. */
  readonly objects: readonly K8sObject[];
  /** The namespace an object lives in: its own, the default one for namespaced kinds without one, '' when cluster-scoped. */
  namespaceOf(object: K8sObject): string;
  ofKind(kind: string): readonly K8sObject[];
  inNamespace(kind: string, namespace: string): readonly K8sObject[];
  /** The first object with this kind, namespace ('' for cluster-scoped) and name. */
  get(kind: string, namespace: string, name: string): K8sObject | undefined;
  /** Workloads in the namespace whose pod template labels the matcher accepts. */
  workloadsMatching(matcher: LabelMatcher, namespace: string): readonly K8sObject[];
  /** Objects of `kind` (HorizontalPodAutoscaler, VerticalPodAutoscaler) whose target is `targetKind/targetName`. */
  targeting(kind: string, namespace: string, targetKind: string, targetName: string): readonly K8sObject[];
  /** A compiled selector for `object` at `spec.selector`, cached per object. */
  selectorOf(object: K8sObject, emptyMatches: boolean): LabelMatcher;
}
