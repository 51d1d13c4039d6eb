/**
 * The informer cache against the fake API server, through the real client-node (a kubeconfig file pointing at
 * the server): sync, lazy index rebuilds, watch events, dropped watches, 410 Gone, an unavailable server, a missing
 * VPA CRD, a forbidden resource, and what is never watched.
 */
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { type ClusterCacheEvent, type ClusterCacheOptions, createClusterCache } from '../../src/cluster/cache.js';
import { connectCluster } from '../../src/cluster/client.js';
import { createClusterCache as createInformerIndex } from '../../src/cluster/informer-index.js';
import type { ClusterCache } from '../../src/webhook/cache.js';
import { type FakeApiServer, type FakeApiServerOptions, startFakeApiServer } from '../helpers/fake-apiserver.js';
import { applyFixture, eventually } from './support.js';

const FAST_RETRY = { initialMs: 20, maxMs: 100 };

let server: FakeApiServer;

async function startServer(options: FakeApiServerOptions = {}): Promise<FakeApiServer> {
  const s = await startFakeApiServer(options);
  onTestFinished(() => s.close());
  return s;
}

async function startCache(
  s: FakeApiServer,
  options: Omit<ClusterCacheOptions, 'connect'> = {},
): Promise<{ cache: ReturnType<typeof createClusterCache>; events: ClusterCacheEvent[] }> {
  const events: ClusterCacheEvent[] = [];
  const cache = createClusterCache({
    connect: { kubeconfig: s.writeKubeconfig({ context: 'kind-test' }), env: {} },
    retry: FAST_RETRY,
    onEvent: (e) => events.push(e),
    ...options,
  });
  onTestFinished(() => cache.stop());
  await cache.start();
  return { cache, events };
}

function names(cache: ReturnType<typeof createClusterCache>, kind: string): string[] {
  return cache
    .index()
    .ofKind(kind)
    .map((o) => `${o.metadata?.namespace ?? ''}/${o.metadata?.name}`);
}

function lists(s: FakeApiServer, plural: string): number {
  return s.requests.filter((r) => r.verb === 'list' && r.resource === plural && r.status === 200).length;
}

function deployment(name: string, namespace = 'shop', image = 'app:1'): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, managedFields: [{ manager: 'kubectl', operation: 'Update' }] },
    spec: {
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image }] } },
    },
  };
}

describe('cluster cache: sync and index', () => {
  beforeEach(async () => {
    server = await startServer();
    applyFixture(server, 'shop.yaml');
  });

  it('lists every watched resource once, then watches each from the list resourceVersion', async () => {
    const { cache, events } = await startCache(server, { resources: undefined });
    expect(await cache.whenSynced(5000)).toBe(true);
    expect(cache.synced()).toBe(true);
    expect(cache.context()).toBe('kind-test');
    expect(events).toContainEqual({ type: 'synced' });
    await server.waitForWatches(14);
    const listRv = server.requests.find((r) => r.verb === 'list' && r.resource === 'deployments');
    const watch = server.requests.find((r) => r.verb === 'watch' && r.resource === 'deployments');
    expect(listRv?.query.limit).toBe('500');
    expect(watch?.query.resourceVersion).toBe(String(server.resourceVersion()));
    expect(names(cache, 'Deployment')).toEqual(['shop/dont-fire-sized', 'shop/fire-relies-on-limitrange']);
    expect(names(cache, 'LimitRange')).toEqual(['shop/container-defaults']);
    expect(names(cache, 'IngressClass')).toEqual(['/nginx']);
  });

  it('never lists or watches Secrets, ConfigMaps or Pods, so the index has none', async () => {
    const { cache } = await startCache(server);
    await server.waitForWatches(14);
    const touched = new Set(server.requests.map((r) => r.resource));
    for (const sensitive of ['secrets', 'configmaps', 'pods']) expect(touched.has(sensitive)).toBe(false);
    expect(cache.index().ofKind('ConfigMap')).toEqual([]);
    expect(cache.index().ofKind('Secret')).toEqual([]);
    expect(server.objects('configmaps')).toHaveLength(1);
    // The index says which kinds it holds in full, so absence rules stay quiet about the others (Pods, Rollouts).
    const complete = cache.index().completeKinds;
    expect(complete?.has('Deployment')).toBe(true);
    expect(complete?.has('VerticalPodAutoscaler')).toBe(true);
    for (const kind of ['Pod', 'ConfigMap', 'Rollout']) expect(complete?.has(kind)).toBe(false);
  });

  it('sets apiVersion and kind on listed items and strips managedFields', async () => {
    const { cache } = await startCache(server);
    const d = cache.index().get('Deployment', 'shop', 'fire-relies-on-limitrange');
    expect(d?.apiVersion).toBe('apps/v1');
    expect(d?.kind).toBe('Deployment');
    expect(d?.metadata).not.toHaveProperty('managedFields');
    expect(server.objects('deployments')[0]?.metadata).toHaveProperty('managedFields');
  });

  it('rebuilds the index only after something changed', async () => {
    const { cache } = await startCache(server);
    await server.waitForWatches(14);
    const first = cache.index();
    expect(cache.index()).toBe(first);
    server.bookmark();
    await new Promise((r) => setTimeout(r, 50));
    expect(cache.index()).toBe(first);

    server.apply(deployment('new-one'));
    await eventually(() => names(cache, 'Deployment').includes('shop/new-one'));
    const second = cache.index();
    expect(second).not.toBe(first);
    expect(cache.index()).toBe(second);
  });

  it('applies ADDED, MODIFIED and DELETED watch events, managedFields stripped', async () => {
    const { cache } = await startCache(server);
    await server.waitForWatches(14);
    server.apply(deployment('web', 'shop', 'web:1'));
    await eventually(() => cache.index().get('Deployment', 'shop', 'web') !== undefined);
    expect(cache.index().get('Deployment', 'shop', 'web')?.metadata).not.toHaveProperty('managedFields');

    server.apply(deployment('web', 'shop', 'web:2'));
    await eventually(() => JSON.stringify(cache.index().get('Deployment', 'shop', 'web')).includes('web:2'));

    server.remove('Deployment', 'shop', 'web');
    await eventually(() => cache.index().get('Deployment', 'shop', 'web') === undefined);
    expect(lists(server, 'deployments')).toBe(1);
  });

  it('watches one namespace when asked (cluster-scoped resources whole)', async () => {
    const { cache } = await startCache(server, { namespace: 'shop' });
    await server.waitForWatches(14);
    const deploymentCalls = server.requests.filter((r) => r.resource === 'deployments');
    expect(deploymentCalls.every((r) => r.path === '/apis/apps/v1/namespaces/shop/deployments')).toBe(true);
    expect(server.requests.find((r) => r.resource === 'ingressclasses')?.path).toBe(
      '/apis/networking.k8s.io/v1/ingressclasses',
    );
    expect(names(cache, 'CronJob')).toEqual([]);
    expect(names(cache, 'IngressClass')).toEqual(['/nginx']);
  });

  it('pages through large lists with limit and continue', async () => {
    for (let i = 0; i < 7; i++) server.apply(deployment(`many-${i}`, 'bulk'));
    const { cache } = await startCache(server, { pageSize: 3 });
    expect(names(cache, 'Deployment').filter((n) => n.startsWith('bulk/'))).toHaveLength(7);
    const pages = server.requests.filter((r) => r.verb === 'list' && r.resource === 'deployments');
    expect(pages.map((r) => r.query.continue === undefined)).toEqual([true, false, false]);
  });

  it('stop() closes every watch and no request follows', async () => {
    const { cache } = await startCache(server);
    await server.waitForWatches(14);
    await cache.stop();
    await eventually(() => server.openWatches() === 0);
    const count = server.requests.length;
    server.dropWatches();
    await new Promise((r) => setTimeout(r, 300));
    expect(server.requests.length).toBe(count);
  });
});

describe('cluster cache: connection trouble', () => {
  beforeEach(async () => {
    server = await startServer();
    applyFixture(server, 'shop.yaml');
  });

  it('resumes a dropped watch from its resourceVersion without listing again', async () => {
    const { cache } = await startCache(server);
    await server.waitForWatches(14);
    server.apply(deployment('before-drop'));
    await eventually(() => cache.index().get('Deployment', 'shop', 'before-drop') !== undefined);
    const rvBefore = server.resourceVersion();

    expect(server.dropWatches()).toBe(14);
    server.apply(deployment('during-drop'));
    await server.waitForWatches(14);
    await eventually(() => cache.index().get('Deployment', 'shop', 'during-drop') !== undefined);

    const resumed = server.requests.filter((r) => r.verb === 'watch' && r.resource === 'deployments');
    expect(resumed.at(-1)?.query.resourceVersion).toBe(String(rvBefore));
    expect(lists(server, 'deployments')).toBe(1);
    // The server counts a watch as open slightly before the client does.
    await eventually(() => cache.ageSeconds() === 0);
  });

  it('lists again after 410 Gone on an expired resourceVersion (ERROR event), dropping deleted objects', async () => {
    const { cache } = await startCache(server);
    await server.waitForWatches(14);
    server.dropWatches('destroy');
    await server.makeUnavailable();
    server.apply(deployment('created-while-away'));
    server.remove('Deployment', 'shop', 'dont-fire-sized');
    server.compact();
    await server.makeAvailable();

    await eventually(() => names(cache, 'Deployment').includes('shop/created-while-away'), 15_000);
    await eventually(() => !names(cache, 'Deployment').includes('shop/dont-fire-sized'));
    expect(lists(server, 'deployments')).toBe(2);
    const expired = server.requests.filter((r) => r.verb === 'watch' && r.resource === 'deployments' && r.expired);
    expect(expired.map((r) => r.status)).toEqual([200]);
  });

  it('lists again after an HTTP 410 answer to the watch', async () => {
    server = await startServer({ expiredWatch: 'status' });
    applyFixture(server, 'shop.yaml');
    const { cache } = await startCache(server);
    await server.waitForWatches(14);
    server.dropWatches();
    server.apply(deployment('after-compaction'));
    server.compact();
    await eventually(() => names(cache, 'Deployment').includes('shop/after-compaction'));
    expect(server.requests.some((r) => r.verb === 'watch' && r.expired && r.status === 410)).toBe(true);
    expect(lists(server, 'deployments')).toBe(2);
  });

  it('keeps a resourceVersion from a BOOKMARK, so a compaction after it does not force a list', async () => {
    const { cache } = await startCache(server);
    await server.waitForWatches(14);
    server.apply({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'other', namespace: 'shop' }, spec: {} });
    await eventually(() => cache.index().get('Service', 'shop', 'other') !== undefined);
    // Deployments saw no event since their list: only the bookmark tells them the newest resourceVersion.
    server.bookmark('deployments');
    await new Promise((r) => setTimeout(r, 50));
    server.compact();
    server.dropWatches();
    await server.waitForWatches(14);
    const last = server.requests.filter((r) => r.verb === 'watch' && r.resource === 'deployments').at(-1);
    expect(last?.query.resourceVersion).toBe(String(server.resourceVersion()));
    expect(lists(server, 'deployments')).toBe(1);
  });

  it('keeps serving the last objects while the API server is down, reports their age, and resyncs', async () => {
    let clock = 1_000_000;
    const { cache, events } = await startCache(server, { now: () => clock });
    await server.waitForWatches(14);
    const before = cache.index();
    expect(cache.ageSeconds()).toBe(0);

    await server.makeUnavailable();
    await eventually(() => events.some((e) => e.type === 'error'));
    clock += 42_000;
    expect(cache.synced()).toBe(true);
    expect(cache.index()).toBe(before);
    expect(names(cache, 'Deployment')).toEqual(['shop/dont-fire-sized', 'shop/fire-relies-on-limitrange']);
    expect(cache.ageSeconds()).toBe(42);
    const error = events.find((e) => e.type === 'error');
    expect(error).toMatchObject({ type: 'error', statusCode: undefined });
    expect(error?.type === 'error' ? error.message : '').toMatch(/fetch failed|ECONNREFUSED|terminated|other side/i);

    server.apply(deployment('back-again'));
    await server.makeAvailable();
    await eventually(() => names(cache, 'Deployment').includes('shop/back-again'), 15_000);
    await server.waitForWatches(14);
    await eventually(() => cache.ageSeconds() === 0);
    expect(events.filter((e) => e.type === 'recovered').length).toBeGreaterThan(0);
  });

  it('reports each outage once per resource, not once per retry', async () => {
    const { cache, events } = await startCache(server, { resources: undefined });
    await server.waitForWatches(14);
    await server.makeUnavailable();
    await new Promise((r) => setTimeout(r, 600));
    const perResource = new Map<string, number>();
    for (const e of events) if (e.type === 'error') perResource.set(e.resource, (perResource.get(e.resource) ?? 0) + 1);
    expect(perResource.size).toBe(14);
    expect(Math.max(...perResource.values())).toBeLessThanOrEqual(2);
    expect(cache.synced()).toBe(true);
  });

  it('is Infinity old and not synced before the first list, and waits for the API server', async () => {
    await server.makeUnavailable();
    const { cache } = await startCache(server);
    expect(cache.synced()).toBe(false);
    expect(cache.ageSeconds()).toBe(Number.POSITIVE_INFINITY);
    expect(cache.index().objects).toEqual([]);
    await server.makeAvailable();
    expect(await cache.whenSynced(10_000)).toBe(true);
    expect(names(cache, 'LimitRange')).toEqual(['shop/container-defaults']);
  });
});

describe('cluster cache: missing CRDs and forbidden resources', () => {
  afterEach(() => undefined);

  it('treats a 404 for the VPA CRD as "no VPAs": synced, no error, looked for again later', async () => {
    server = await startServer();
    applyFixture(server, 'shop.yaml');
    const vpa = {
      apiVersion: 'autoscaling.k8s.io/v1',
      kind: 'VerticalPodAutoscaler',
      metadata: { name: 'checkout', namespace: 'shop' },
      spec: { targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'fire-relies-on-limitrange' } },
    };
    server.apply(vpa);
    server.unregister('verticalpodautoscalers');
    const { cache, events } = await startCache(server, { optionalRecheckMs: 100 });
    expect(await cache.whenSynced(5000)).toBe(true);
    expect(events.filter((e) => e.type === 'error')).toEqual([]);
    expect(events).toContainEqual({ type: 'absent', resource: 'verticalpodautoscalers.autoscaling.k8s.io' });
    expect(cache.resources().find((r) => r.resource.startsWith('verticalpodautoscalers'))).toMatchObject({
      listed: true,
      absent: true,
    });
    expect(cache.index().ofKind('VerticalPodAutoscaler')).toEqual([]);
    expect(cache.ageSeconds()).toBe(0);

    server.register({
      group: 'autoscaling.k8s.io',
      version: 'v1',
      plural: 'verticalpodautoscalers',
      kind: 'VerticalPodAutoscaler',
      namespaced: true,
      crd: true,
    });
    await eventually(() => cache.index().ofKind('VerticalPodAutoscaler').length === 1);
    expect(cache.index().ofKind('VerticalPodAutoscaler')[0]?.metadata?.name).toBe('checkout');
  });

  it('drops the VPAs when their CRD is removed while watched', async () => {
    server = await startServer();
    server.apply({
      apiVersion: 'autoscaling.k8s.io/v1',
      kind: 'VerticalPodAutoscaler',
      metadata: { name: 'gone-soon', namespace: 'shop' },
      spec: { targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'x' } },
    });
    const { cache, events } = await startCache(server);
    await server.waitForWatches(14);
    expect(cache.index().ofKind('VerticalPodAutoscaler')).toHaveLength(1);
    server.unregister('verticalpodautoscalers');
    await eventually(() => cache.index().ofKind('VerticalPodAutoscaler').length === 0);
    expect(events.filter((e) => e.type === 'error')).toEqual([]);
    expect(cache.synced()).toBe(true);
  });

  it('reports a 403 on one resource, serves the others, and is not synced until it is allowed', async () => {
    server = await startServer();
    applyFixture(server, 'shop.yaml');
    server.fail('ingresses', 403);
    const { cache, events } = await startCache(server);
    await server.waitForWatches(13);
    expect(cache.synced()).toBe(false);
    expect(names(cache, 'Deployment')).toHaveLength(2);
    const error = events.find((e) => e.type === 'error');
    expect(error).toMatchObject({ resource: 'ingresses.networking.k8s.io', statusCode: 403 });
    expect(error?.type === 'error' ? error.message : '').toContain('cannot list resource "ingresses"');
    expect(cache.resources().find((r) => r.resource === 'ingresses.networking.k8s.io')?.lastError).toContain('403');

    server.clearFaults();
    expect(await cache.whenSynced(5000)).toBe(true);
    expect(names(cache, 'Ingress')).toEqual(['shop/shop']);
    expect(events).toContainEqual({ type: 'recovered', resource: 'ingresses.networking.k8s.io' });
  });

  it('reuses a connection given as `client`', async () => {
    server = await startServer();
    const client = await connectCluster({ kubeconfig: server.writeKubeconfig({ context: 'given' }), env: {} });
    const cache = createClusterCache({ client, retry: FAST_RETRY });
    onTestFinished(() => cache.stop());
    await cache.start();
    expect(cache.context()).toBe('given');
    expect(await cache.whenSynced(5000)).toBe(true);
  });
});

describe('cluster cache: restart and the webhook factory', () => {
  it('can be stopped and started again, keeping one watch per resource', async () => {
    server = await startServer();
    applyFixture(server, 'shop.yaml');
    const { cache } = await startCache(server);
    await server.waitForWatches(14);
    await cache.stop();
    await cache.start();
    await server.waitForWatches(14);
    await new Promise((r) => setTimeout(r, 200));
    expect(server.openWatches()).toBe(14);
    expect(names(cache, 'Deployment')).toHaveLength(2);
  });

  it("is the webhook's cluster cache (src/webhook/cache.ts), logging one line per event", async () => {
    server = await startServer();
    applyFixture(server, 'shop.yaml');
    server.unregister('verticalpodautoscalers');
    const lines: string[] = [];
    const cache = createInformerIndex({
      kinds: ['Deployment'],
      context: 'second',
      log: (level, message) => lines.push(`${level}: ${message}`),
      connect: { kubeconfig: server.writeKubeconfig({ context: 'first', extraContexts: ['second'] }), env: {} },
      cache: { retry: FAST_RETRY },
    });
    // What serve hands the webhook: the type checker holds it to the ClusterCache contract.
    const forWebhook: ClusterCache = cache;
    expect(forWebhook.synced()).toBe(false);
    onTestFinished(() => cache.stop());
    await cache.start();
    expect(await cache.whenSynced(5000)).toBe(true);
    expect(lines).toContain(
      'info: verticalpodautoscalers.autoscaling.k8s.io is not served (CRD not installed): no objects of that kind',
    );
    expect(lines).toContain('info: cluster cache synced: 7 objects from context second');

    server.fail('services', 403);
    server.dropWatches();
    await eventually(() => lines.some((l) => l.startsWith('error: cannot list/watch services: HTTP 403')));
    expect(lines.find((l) => l.startsWith('error:'))).toMatch(
      /keeps serving the objects it has, retrying in \d+m?s \(check the RBAC rules\)$/,
    );
  });
});
