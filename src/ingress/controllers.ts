/**
 * Which workloads are ingress or gateway controllers: the pods that sit in front of every other service, so that a
 * restart, a drain or an OOM kill of theirs is an outage of everything behind them. One detector for every
 * availability rule, the CLI and the webhook. Evidence, strongest first:
 *
 *   1. a container image of a known controller (a proxy image such as Envoy counts only when every container of the
 *      pod runs a known controller or proxy image: next to an application it is a sidecar, not a gateway);
 *   2. a container argument naming the controller of a loaded IngressClass or GatewayClass (or a well-known
 *      controller name), or `--ingress-class=<name>` of a loaded IngressClass;
 *   3. well-known labels: `app.kubernetes.io/name` (or `app`) of a known controller, unless
 *      `app.kubernetes.io/component` names a helper (admission webhook, default backend, …); a name containing
 *      "ingress" with `app.kubernetes.io/component: controller`; Istio's gateway labels;
 *   4. the rule option `controllers: {images: [glob], labels: {key: glob}}`;
 *   5. the annotation `kubeward.io/critical: "true"` on the workload or its pod template (`"false"` opts out of
 *      every kind of evidence).
 *
 * Jobs and CronJobs are never controllers.
 */
import type { ObjectLookup } from '../k8s/lookup.js';
import { ObjectMemo } from '../k8s/memo.js';
import type { K8sObject } from '../k8s/object.js';
import { type ContainerRef, containersOf, type PodTemplate, podTemplateOf } from '../k8s/workload.js';
import { classEvidence } from './controller-classes.js';
import {
  type ControllerEvidence,
  type ControllerOptions,
  CRITICAL_ANNOTATION,
  configEvidence,
  criticalAnnotation,
  type Found,
  imageEvidence,
  labelEvidence,
} from './controller-evidence.js';
import { CONTROLLER_PROFILES, type ControllerProfile } from './controller-profiles.js';

/** Kinds that run long-lived pods and can therefore be controllers. */
const CONTROLLER_KINDS: ReadonlySet<string> = new Set([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'ReplicationController',
  'Pod',
]);

export interface ControllerDetection {
  readonly controller: ControllerProfile;
  /** Every piece of evidence found, strongest first; the first decided `controller`. */
  readonly evidence: readonly ControllerEvidence[];
  /** The pod template the detection read. */
  readonly template: PodTemplate;
  /** Containers (and native sidecars) of the pod. */
  readonly containers: readonly ContainerRef[];
  /** The containers that run the controller (by image or arguments); empty when the evidence is about the pod. */
  readonly controllerContainers: readonly ContainerRef[];
}

/** Index → options key → object → detection (null: not a controller). Keyed by index first, so nothing pins one. */
const detectionCache = new ObjectMemo<ObjectLookup, Map<string, ObjectMemo<K8sObject, ControllerDetection | null>>>();

const optionKeys = new WeakMap<ControllerOptions, string>();

function optionsKey(extra: ControllerOptions | undefined): string {
  if (extra === undefined) return '';
  let key = optionKeys.get(extra);
  if (key === undefined) {
    key = JSON.stringify([extra.images ?? [], Object.entries(extra.labels ?? {}).sort()]);
    optionKeys.set(extra, key);
  }
  return key;
}

/**
 * Whether the workload is an ingress or gateway controller (or marked critical), which one, and on what evidence.
 * Results are cached per index, options and object.
 */
export function detectIngressController(
  workload: K8sObject,
  index: ObjectLookup,
  extra?: ControllerOptions,
): ControllerDetection | undefined {
  const key = optionsKey(extra);
  let byKey = detectionCache.get(index);
  if (byKey === undefined) {
    byKey = new Map();
    detectionCache.set(index, byKey);
  }
  let byObject = byKey.get(key);
  if (byObject === undefined) {
    byObject = new ObjectMemo();
    byKey.set(key, byObject);
  }
  const hit = byObject.get(workload);
  if (hit !== undefined) return hit ?? undefined;
  const result = detect(workload, index, extra);
  byObject.set(workload, result ?? null);
  return result;
}

function detect(
  workload: K8sObject,
  index: ObjectLookup,
  extra: ControllerOptions | undefined,
): ControllerDetection | undefined {
  if (!CONTROLLER_KINDS.has(workload.kind)) return undefined;
  const template = podTemplateOf(workload);
  if (template === undefined) return undefined;
  const critical = criticalAnnotation(workload, template);
  if (critical?.value === 'false') return undefined;
  const containers = containersOf(template).filter((c) => c.group === 'containers' || c.sidecar);
  const found: Found[] = [
    ...imageEvidence(containers),
    ...classEvidence(containers, index),
    ...labelEvidence(workload, template),
    ...configEvidence(workload, template, containers, extra),
  ];
  if (critical?.value === 'true') {
    found.push({
      controller: 'critical',
      evidence: { kind: 'annotation', detail: `annotation ${CRITICAL_ANNOTATION}: "true"`, path: critical.path },
    });
  }
  const first = found[0];
  if (first === undefined) return undefined;
  // In order of the evidence, each once (a set: a pod may run thousands of controller-image containers).
  const controllerContainers = [...new Set(found.flatMap((f) => (f.container === undefined ? [] : [f.container])))];
  return {
    controller: CONTROLLER_PROFILES[first.controller],
    evidence: found.map((f) => f.evidence),
    template,
    containers,
    controllerContainers,
  };
}

/** The containers whose probes and resources decide the controller's health: its own, else every container. */
export function servingContainers(d: ControllerDetection): readonly ContainerRef[] {
  return d.controllerContainers.length > 0 ? d.controllerContainers : d.containers;
}
