/**
 * The classes the loaded ingress-nginx controllers serve, and the annotation prefix each reads: what an install with
 * a custom `--controller-class`, `--ingress-class` or `--annotations-prefix` changes about which Ingresses are
 * ingress-nginx's and which keys the controller reads.
 *
 * A controller counts when it runs an ingress-nginx image or the `/nginx-ingress-controller` binary; the chart's
 * labels alone do not make another image's flags ingress-nginx's.
 */
import type { ObjectLookup } from '../k8s/lookup.js';
import { ObjectMemo } from '../k8s/memo.js';
import { refText } from '../k8s/names.js';
import type { K8sObject } from '../k8s/object.js';
import {
  type ClassFlags,
  classFlagsOf,
  INGRESS_NGINX_CONTROLLER_KINDS,
  type IngressNginxController,
} from './nginx-controller.js';
import { ingressNginxControllersOf } from './nginx-selection.js';

export interface ClassServer {
  readonly controller: IngressNginxController;
  readonly flags: ClassFlags;
  /** `Deployment ingress/ingress-nginx-controller`, for evidence. */
  readonly name: string;
}

/** `Deployment ingress/ingress-nginx-controller (an ingress-nginx image)`: a controller, and why it is one. */
export function serverText(s: ClassServer): string {
  return `${s.name} (${s.controller.evidence === 'image' ? 'an ingress-nginx image' : 'running /nginx-ingress-controller'})`;
}

export interface NginxClassTable {
  /** `--controller-class` value (default `k8s.io/ingress-nginx`) -> the controllers that serve it. */
  readonly byControllerClass: ReadonlyMap<string, readonly ClassServer[]>;
  /** `--ingress-class` value (default `nginx`) -> the controllers that serve it. */
  readonly byIngressClass: ReadonlyMap<string, readonly ClassServer[]>;
  /** Controllers run with `--watch-ingress-without-class`. */
  readonly withoutClass: readonly ClassServer[];
  /** The distinct annotation prefixes of the controllers (each ends with `/`). */
  readonly prefixes: readonly string[];
}

const EMPTY_TABLE: NginxClassTable = {
  byControllerClass: new Map(),
  byIngressClass: new Map(),
  withoutClass: [],
  prefixes: [],
};

const [DEPLOYMENT = 'Deployment', DAEMON_SET = 'DaemonSet'] = INGRESS_NGINX_CONTROLLER_KINDS;

const tables = new ObjectMemo<readonly K8sObject[], ObjectMemo<readonly K8sObject[], NginxClassTable>>();

/**
 * The table of an index, computed once per pair of workload lists (in the webhook each request has its own index,
 * but the lists are the cluster cache's own arrays unless the request is a Deployment or DaemonSet).
 */
export function nginxClassTableOf(index: ObjectLookup): NginxClassTable {
  // Asked once per Ingress resolution: two look-ups, no allocation.
  const deployments = index.ofKind(DEPLOYMENT);
  const daemonSets = index.ofKind(DAEMON_SET);
  if (deployments.length === 0 && daemonSets.length === 0) return EMPTY_TABLE;
  let byDaemonSets = tables.get(deployments);
  if (byDaemonSets === undefined) {
    byDaemonSets = new ObjectMemo();
    tables.set(deployments, byDaemonSets);
  }
  let table = byDaemonSets.get(daemonSets);
  if (table === undefined) {
    table = buildTable(index);
    byDaemonSets.set(daemonSets, table);
  }
  return table;
}

function push(map: Map<string, ClassServer[]>, key: string, server: ClassServer): void {
  const list = map.get(key);
  if (list) list.push(server);
  else map.set(key, [server]);
}

function buildTable(index: ObjectLookup): NginxClassTable {
  const servers: ClassServer[] = ingressNginxControllersOf(index)
    .filter((c) => c.evidence !== 'labels')
    .map((controller) => ({
      controller,
      flags: classFlagsOf(controller),
      name: `${controller.workload.kind} ${refText(controller.workload, index)}`,
    }))
    // By kind, namespace and name, so every run (files in any order, a cluster listing) chooses the same controller.
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (servers.length === 0) return EMPTY_TABLE;
  const byControllerClass = new Map<string, ClassServer[]>();
  const byIngressClass = new Map<string, ClassServer[]>();
  for (const s of servers) {
    push(byControllerClass, s.flags.controllerClass, s);
    push(byIngressClass, s.flags.ingressClass, s);
  }
  return {
    byControllerClass,
    byIngressClass,
    withoutClass: servers.filter((s) => s.flags.watchWithoutClass),
    prefixes: [...new Set(servers.map((s) => s.flags.annotationsPrefix))],
  };
}
