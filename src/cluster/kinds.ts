/**
 * The API resources kubeward reads from a cluster: the kinds rules report on or look up through the index, and
 * nothing else. Pods are not read (rules look at their controllers), and Secrets and ConfigMaps are never listed or
 * watched: a rule that would read a ConfigMap finds none in a cluster index and must not fire. (Only
 * `migration-report --cluster` reads ConfigMaps, each ingress-nginx controller's `--configmap` by name, with one `get`:
 * configmap-get.ts.)
 *
 * The cluster cache (webhook) watches these, `kubeward audit` lists them, and the RBAC rules in the README are
 * these resources with the verbs `list` and `watch`.
 */

export interface WatchedResource {
  /** API group, `''` for the core group. */
  readonly group: string;
  readonly version: string;
  /** The resource name in URLs, e.g. `deployments`. */
  readonly plural: string;
  readonly kind: string;
  readonly namespaced: boolean;
  /** A CRD that may not be installed: a 404 means "no objects of this kind", not an error. */
  readonly optional: boolean;
}

function resource(
  group: string,
  version: string,
  plural: string,
  kind: string,
  namespaced = true,
  optional = false,
): WatchedResource {
  return { group, version, plural, kind, namespaced, optional };
}

/** Every resource kubeward reads, in the order they are listed. */
export const WATCHED_RESOURCES: readonly WatchedResource[] = [
  resource('apps', 'v1', 'deployments', 'Deployment'),
  resource('apps', 'v1', 'statefulsets', 'StatefulSet'),
  resource('apps', 'v1', 'daemonsets', 'DaemonSet'),
  resource('apps', 'v1', 'replicasets', 'ReplicaSet'),
  resource('batch', 'v1', 'cronjobs', 'CronJob'),
  resource('batch', 'v1', 'jobs', 'Job'),
  resource('autoscaling', 'v2', 'horizontalpodautoscalers', 'HorizontalPodAutoscaler'),
  resource('autoscaling.k8s.io', 'v1', 'verticalpodautoscalers', 'VerticalPodAutoscaler', true, true),
  resource('policy', 'v1', 'poddisruptionbudgets', 'PodDisruptionBudget'),
  resource('networking.k8s.io', 'v1', 'ingresses', 'Ingress'),
  resource('networking.k8s.io', 'v1', 'ingressclasses', 'IngressClass', false),
  resource('', 'v1', 'limitranges', 'LimitRange'),
  resource('', 'v1', 'services', 'Service'),
  resource(
    'admissionregistration.k8s.io',
    'v1',
    'validatingwebhookconfigurations',
    'ValidatingWebhookConfiguration',
    false,
  ),
];

/**
 * What `kubeward migrate --cluster` lists: the Ingresses, their IngressClasses (the default class included), the
 * Services whose named ports backends use, and the Deployments and DaemonSets that may run an ingress-nginx
 * controller (its `--controller-class` and `--annotations-prefix`). Not the Secrets of the tls entries: the drafts
 * name them, as the Ingress does.
 */
export const MIGRATE_RESOURCES: readonly WatchedResource[] = WATCHED_RESOURCES.filter((r) =>
  ['Deployment', 'DaemonSet', 'Ingress', 'IngressClass', 'Service'].includes(r.kind),
);

/** Kinds kubeward must never read from a cluster (sensitive, or too many to cache). */
export const NEVER_WATCHED_KINDS: readonly string[] = ['Secret', 'ConfigMap', 'Pod'];

/** `apps/v1`, or `v1` for the core group. */
export function apiVersionOf(r: WatchedResource): string {
  return r.group === '' ? r.version : `${r.group}/${r.version}`;
}

/** How kubectl and RBAC messages name a resource: `deployments.apps`, `services`. */
export function resourceName(r: WatchedResource): string {
  return r.group === '' ? r.plural : `${r.plural}.${r.group}`;
}

/**
 * The collection URL path: all namespaces, or one namespace for a namespaced resource (a cluster-scoped resource
 * ignores `namespace`).
 */
export function resourcePath(r: WatchedResource, namespace?: string): string {
  const base = r.group === '' ? `/api/${r.version}` : `/apis/${r.group}/${r.version}`;
  const ns =
    r.namespaced && namespace !== undefined && namespace !== '' ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${base}${ns}/${r.plural}`;
}

export interface RbacRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

/**
 * The read-only RBAC rules kubeward needs: `verbs` (default `list` and `watch`) on every watched resource, one rule
 * per API group. `migrate --cluster` and `migration-report --cluster` need `list` on MIGRATE_RESOURCES only.
 */
export function rbacRules(
  resources: readonly WatchedResource[] = WATCHED_RESOURCES,
  verbs: readonly string[] = ['list', 'watch'],
): RbacRule[] {
  const byGroup = new Map<string, string[]>();
  for (const r of resources) {
    const list = byGroup.get(r.group);
    if (list) {
      if (!list.includes(r.plural)) list.push(r.plural);
    } else byGroup.set(r.group, [r.plural]);
  }
  return [...byGroup].map(([group, plurals]) => ({ apiGroups: [group], resources: plurals, verbs: [...verbs] }));
}
