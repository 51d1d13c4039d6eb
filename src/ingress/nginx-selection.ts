/** The ingress-nginx controllers of a set of objects, by namespace, and the ones a Service selects. */
import { candidates, type LabelIndex, labelIndexOf } from '../k8s/label-index.js';
import type { ObjectLookup } from '../k8s/lookup.js';
import { ObjectMemo } from '../k8s/memo.js';
import { asObject, type K8sObject } from '../k8s/object.js';
import { compileSelector } from '../k8s/selector.js';
import {
  INGRESS_NGINX_CONTROLLER_KINDS,
  type IngressNginxController,
  ingressNginxControllerOf,
  webhookPortsOf,
} from './nginx-controller.js';

const controllersByList = new ObjectMemo<readonly K8sObject[], readonly IngressNginxController[]>();

function controllersIn(workloads: readonly K8sObject[]): readonly IngressNginxController[] {
  let controllers = controllersByList.get(workloads);
  if (controllers === undefined) {
    const found: IngressNginxController[] = [];
    for (const workload of workloads) {
      const c = ingressNginxControllerOf(workload);
      if (c !== undefined) found.push(c);
    }
    controllers = found;
    controllersByList.set(workloads, controllers);
  }
  return controllers;
}

/** The ingress-nginx controller workloads of an index. */
export function ingressNginxControllersOf(index: ObjectLookup): readonly IngressNginxController[] {
  const lists = INGRESS_NGINX_CONTROLLER_KINDS.map((kind) => controllersIn(index.ofKind(kind)));
  const nonEmpty = lists.filter((l) => l.length > 0);
  return nonEmpty.length <= 1 ? (nonEmpty[0] ?? []) : nonEmpty.flat();
}

/**
 * The controllers of a namespace, filed by each label pair of their pod templates: a Service selects by matchLabels
 * only, so every one of its pairs is required and its rarest pair bounds the candidates.
 */
interface NamespaceControllers {
  readonly all: readonly IngressNginxController[];
  readonly labels: LabelIndex<IngressNginxController>;
  /** Selections by canonical selector: Services copied from one manifest share one. */
  readonly bySelector: Map<string, ControllerSelection>;
}

/** The controllers a selector picks, in index order, and the first of them listening on each webhook port. */
export interface ControllerSelection {
  readonly controllers: readonly IngressNginxController[];
  /** A Service port's target (number or port name) -> the first selected controller whose webhook listens there. */
  readonly byWebhookPort: ReadonlyMap<number | string, IngressNginxController>;
}

const NO_SELECTION: ControllerSelection = { controllers: [], byWebhookPort: new Map() };
const controllersByNamespace = new ObjectMemo<ObjectLookup, Map<string, NamespaceControllers>>();
const selections = new ObjectMemo<ObjectLookup, ObjectMemo<K8sObject, ControllerSelection>>();

export function namespaceControllers(index: ObjectLookup, namespace: string): NamespaceControllers | undefined {
  let byNs = controllersByNamespace.get(index);
  if (byNs === undefined) {
    const grouped = new Map<string, IngressNginxController[]>();
    for (const c of ingressNginxControllersOf(index)) {
      const ns = index.namespaceOf(c.workload);
      const list = grouped.get(ns);
      if (list) list.push(c);
      else grouped.set(ns, [c]);
    }
    byNs = new Map();
    for (const [ns, all] of grouped) {
      byNs.set(ns, { all, labels: labelIndexOf(all, (c) => c.template.labels), bySelector: new Map() });
    }
    controllersByNamespace.set(index, byNs);
  }
  return byNs.get(namespace);
}

/**
 * The controllers a Service selects, computed once per Service and index. The work is the candidates of its rarest
 * selector pair, once per distinct selector of a namespace: O(services + controllers) unless many Services with
 * different selectors each select many controllers (O(services x controllers) at worst; a cluster runs few
 * controllers).
 */
export function selectedControllersOf(service: K8sObject, index: ObjectLookup): readonly IngressNginxController[] {
  return controllerSelectionOf(service, index).controllers;
}

export function controllerSelectionOf(service: K8sObject, index: ObjectLookup): ControllerSelection {
  let perIndex = selections.get(index);
  if (perIndex === undefined) {
    perIndex = new ObjectMemo();
    selections.set(index, perIndex);
  }
  return perIndex.through(service, (svc) => computeSelection(svc, index));
}

function computeSelection(service: K8sObject, index: ObjectLookup): ControllerSelection {
  const selector = asObject(asObject(service.spec)?.selector);
  if (selector === undefined) return NO_SELECTION;
  const pairs = Object.entries(selector).map(([k, v]) => `${k}\0${String(v)}`);
  if (pairs.length === 0) return NO_SELECTION;
  const ns = namespaceControllers(index, index.namespaceOf(service));
  if (ns === undefined) return NO_SELECTION;
  const key = [...pairs].sort().join('\0\0');
  const hit = ns.bySelector.get(key);
  if (hit !== undefined) return hit;
  const matchLabels = { matchLabels: selector };
  const matcher = compileSelector(matchLabels, false);
  const controllers = candidates(matchLabels, ns.labels).filter((c) => matcher(c.template.labels));
  const byWebhookPort = new Map<number | string, IngressNginxController>();
  for (const c of controllers)
    for (const port of webhookPortsOf(c)) if (!byWebhookPort.has(port)) byWebhookPort.set(port, c);
  const selection = { controllers, byWebhookPort };
  ns.bySelector.set(key, selection);
  return selection;
}
