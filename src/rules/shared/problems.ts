/**
 * The problems more than one finding can state (engine/rule.ts `Problem`), named once here so that rules written
 * apart agree: a rule states a problem by calling one of these, and the engine reports it once. A new rule that can
 * state a problem already named here uses the same function; one that states a new shared problem adds one.
 */

import { formatPath } from '../../engine/path.js';
import type { Problem } from '../../engine/rule.js';
import type { JsonPath, K8sObject } from '../../k8s/object.js';

export const problems = {
  /** The pod template's QoS class is below what it must be (BestEffort, or a configured minimum). */
  podQosClass: (): Problem => ({ key: 'pod-qos-class' }),
  /**
   * The pod template is BestEffort: no container has a request, so the finding that says so states each container's
   * missing requests too (it covers containerRequests of every container).
   */
  podBestEffort: (containerPaths: readonly JsonPath[]): Problem => ({
    key: 'pod-qos-class',
    covers: containerPaths.map((p) => problems.containerRequests(p).key),
  }),
  /** A container of the pod template has no (or a zero) cpu or memory request. */
  containerRequests: (containerPath: JsonPath): Problem => ({
    key: `container-requests:${formatPath(containerPath)}`,
  }),
  /** An HPA and a VPA act on the same resource of one workload; the VPA is where it is fixed (controlledResources). */
  hpaVpaOverlap: (hpa: K8sObject, vpa: K8sObject, on: 'hpa' | 'vpa'): Problem => ({
    key: 'hpa-vpa-overlap',
    among: [hpa, vpa],
    fixHere: on === 'vpa',
  }),
  /**
   * Several autoscalers of one kind (HPA or VPA) act on one workload (named by its namespace, kind and name): one
   * problem, reported at the last one defined (the one most likely added on top).
   */
  duplicateAutoscalers: (kind: string, workload: string, last: boolean): Problem => ({
    key: `duplicate-autoscalers:${kind}:${workload}`,
    among: [],
    fixHere: last,
  }),
  /** Two PodDisruptionBudgets select the same pods. */
  overlappingBudgets: (a: K8sObject, b: K8sObject): Problem => ({ key: 'overlapping-budgets', among: [a, b] }),
  /**
   * A PodDisruptionBudget's minAvailable blocks every eviction while an HPA holds the pods at minReplicas; the HPA's
   * finding, which names the smallest safe minReplicas, is the one kept.
   */
  budgetBlocksAtMinReplicas: (pdb: K8sObject, hpa: K8sObject, on: 'pdb' | 'hpa'): Problem => ({
    key: 'budget-blocks-at-min-replicas',
    among: [pdb, hpa],
    fixHere: on === 'hpa',
  }),
  /**
   * One Ingress's use-regex or rewrite-target puts a host (of one class) in regex mode and changes the paths of the
   * host's other Ingresses: one problem per host, reported at the Ingress whose annotation causes it.
   */
  hostInRegexMode: (hostGroup: string, cause: boolean): Problem => ({
    key: `host-in-regex-mode:${hostGroup}`,
    among: [],
    fixHere: cause,
  }),
};
