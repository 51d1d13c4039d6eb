/** The watched resources: the right ones, never sensitive ones, consistent with what the rules look at. */
import { describe, expect, it } from 'vitest';
import {
  apiVersionOf,
  MIGRATE_RESOURCES,
  NEVER_WATCHED_KINDS,
  rbacRules,
  resourceName,
  resourcePath,
  WATCHED_RESOURCES,
} from '../../src/cluster/kinds.js';
import { CLUSTER_SCOPED_KINDS } from '../../src/k8s/kinds.js';
import { allRules } from '../../src/rules/index.js';

/** Kinds rules apply to that kubeward deliberately does not read from a cluster, with the reason. */
const NOT_WATCHED: Readonly<Record<string, string>> = {
  Pod: 'rules check the controllers that create pods',
  ReplicationController: 'legacy; not in the watched set',
  Rollout: 'Argo Rollouts CRD; not in the watched set',
  ConfigMap: 'never cached (the issue forbids it); a ConfigMap under admission is checked on its own',
};

describe('watched resources', () => {
  it('are the kinds the rules need, each once', () => {
    expect(WATCHED_RESOURCES.map((r) => `${apiVersionOf(r)} ${r.kind}`)).toEqual([
      'apps/v1 Deployment',
      'apps/v1 StatefulSet',
      'apps/v1 DaemonSet',
      'apps/v1 ReplicaSet',
      'batch/v1 CronJob',
      'batch/v1 Job',
      'autoscaling/v2 HorizontalPodAutoscaler',
      'autoscaling.k8s.io/v1 VerticalPodAutoscaler',
      'policy/v1 PodDisruptionBudget',
      'networking.k8s.io/v1 Ingress',
      'networking.k8s.io/v1 IngressClass',
      'v1 LimitRange',
      'v1 Service',
      'admissionregistration.k8s.io/v1 ValidatingWebhookConfiguration',
    ]);
    expect(new Set(WATCHED_RESOURCES.map((r) => r.kind)).size).toBe(WATCHED_RESOURCES.length);
  });

  it('never include Secrets, ConfigMaps or Pods', () => {
    for (const kind of NEVER_WATCHED_KINDS) expect(WATCHED_RESOURCES.some((r) => r.kind === kind)).toBe(false);
  });

  it('mark only the VPA CRD optional', () => {
    expect(WATCHED_RESOURCES.filter((r) => r.optional).map((r) => r.kind)).toEqual(['VerticalPodAutoscaler']);
  });

  it('agree with the engine on which kinds are cluster-scoped', () => {
    for (const r of WATCHED_RESOURCES) expect(CLUSTER_SCOPED_KINDS.has(r.kind)).toBe(!r.namespaced);
  });

  it('cover every kind a rule applies to, or say why not', () => {
    const watched = new Set(WATCHED_RESOURCES.map((r) => r.kind));
    const missing = [...new Set(allRules.flatMap((r) => r.meta.kinds))].filter(
      (k) => !watched.has(k) && NOT_WATCHED[k] === undefined,
    );
    expect(missing).toEqual([]);
  });
});

describe('what migrate --cluster lists', () => {
  it("is the README's five resources, all among the watched ones (the kubeward-read ClusterRole covers them)", () => {
    expect(rbacRules(MIGRATE_RESOURCES)).toEqual([
      { apiGroups: ['apps'], resources: ['deployments', 'daemonsets'], verbs: ['list', 'watch'] },
      { apiGroups: ['networking.k8s.io'], resources: ['ingresses', 'ingressclasses'], verbs: ['list', 'watch'] },
      { apiGroups: [''], resources: ['services'], verbs: ['list', 'watch'] },
    ]);
    for (const r of MIGRATE_RESOURCES) expect(WATCHED_RESOURCES).toContain(r);
  });
});

describe('resource paths and names', () => {
  const deployments = WATCHED_RESOURCES[0];
  const services = WATCHED_RESOURCES.find((r) => r.kind === 'Service');
  const classes = WATCHED_RESOURCES.find((r) => r.kind === 'IngressClass');

  it('build core and group URLs, all namespaces or one', () => {
    if (!deployments || !services || !classes) throw new Error('missing resources');
    expect(resourcePath(deployments)).toBe('/apis/apps/v1/deployments');
    expect(resourcePath(deployments, 'shop')).toBe('/apis/apps/v1/namespaces/shop/deployments');
    expect(resourcePath(services, 'a b')).toBe('/api/v1/namespaces/a%20b/services');
    expect(resourcePath(classes, 'shop')).toBe('/apis/networking.k8s.io/v1/ingressclasses');
    expect(resourceName(deployments)).toBe('deployments.apps');
    expect(resourceName(services)).toBe('services');
  });

  it('give read-only RBAC rules, one per API group', () => {
    const rules = rbacRules();
    expect(rules.every((r) => r.verbs.join() === 'list,watch')).toBe(true);
    expect(rules.find((r) => r.apiGroups[0] === '')?.resources).toEqual(['limitranges', 'services']);
    expect(rules.flatMap((r) => r.resources)).toHaveLength(WATCHED_RESOURCES.length);
  });
});
