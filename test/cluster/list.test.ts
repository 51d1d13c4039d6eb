/**
 * The audit listing: pages, per-resource errors that do not abort, a missing CRD, an expired continue token, and its
 * bounds (a page cap, a repeated continue token, the first unanswered request, an overall timeout).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ClusterClient, connectCluster } from '../../src/cluster/client.js';
import { WATCHED_RESOURCES, type WatchedResource } from '../../src/cluster/kinds.js';
import {
  clusterObject,
  describeListFailure,
  listClusterObjects,
  listFailureLine,
  listResource,
  maxPagesFor,
} from '../../src/cluster/list.js';
import { type FakeApiServer, startFakeApiServer } from '../helpers/fake-apiserver.js';
import { applyFixture, eventually } from './support.js';

let server: FakeApiServer;
let client: ClusterClient;

const DEPLOYMENTS = WATCHED_RESOURCES.find((r) => r.plural === 'deployments') as WatchedResource;

beforeEach(async () => {
  server = await startFakeApiServer();
  applyFixture(server, 'shop.yaml');
  client = await connectCluster({ kubeconfig: server.writeKubeconfig({ context: 'prod' }), env: {} });
});

afterEach(() => server.close());

function deployment(name: string, namespace: string): Record<string, unknown> {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace }, spec: {} };
}

describe('listResource', () => {
  it('follows continue tokens with the page size as limit, and keeps the first page resourceVersion', async () => {
    for (let i = 0; i < 5; i++) server.apply(deployment(`d${i}`, 'bulk'));
    const listed = await listResource(client, DEPLOYMENTS, { pageSize: 2 });
    expect(listed.pages).toBe(4);
    expect(listed.objects.map((o) => o.metadata?.name)).toHaveLength(7);
    expect(listed.resourceVersion).toBe(String(server.resourceVersion()));
    const calls = server.requests.filter((r) => r.resource === 'deployments');
    expect(calls.map((r) => r.query.limit)).toEqual(['2', '2', '2', '2']);
    expect(calls[0]?.query.continue).toBeUndefined();
    expect(calls.slice(1).every((r) => typeof r.query.continue === 'string')).toBe(true);
  });

  it('gives list items their apiVersion and kind and drops what no rule reads', async () => {
    const listed = await listResource(client, DEPLOYMENTS);
    const d = listed.objects.find((o) => o.metadata?.name === 'fire-relies-on-limitrange');
    expect(d).toMatchObject({ apiVersion: 'apps/v1', kind: 'Deployment' });
    expect(d?.metadata).not.toHaveProperty('managedFields');
    expect(d).not.toHaveProperty('status');
    // kubectl's copy of the whole manifest goes; the object's own annotations stay (rules and suppressions read them).
    expect(d?.metadata?.annotations).toEqual({ 'shop.example.com/owner': 'payments' });
  });

  it('lists one namespace', async () => {
    server.apply(deployment('elsewhere', 'other'));
    const listed = await listResource(client, DEPLOYMENTS, { namespace: 'other' });
    expect(listed.objects.map((o) => o.metadata?.name)).toEqual(['elsewhere']);
    expect(server.requests.at(-1)?.path).toBe('/apis/apps/v1/namespaces/other/deployments');
  });

  it('starts over once when a continue token has expired (410)', async () => {
    for (let i = 0; i < 4; i++) server.apply(deployment(`d${i}`, 'bulk'));
    let calls = 0;
    const flaky: ClusterClient = {
      ...client,
      getJson: async (path, query) => {
        calls++;
        // Compaction between the first and second page: the token the first page gave is now too old.
        if (calls === 2) server.compact();
        return client.getJson(path, query);
      },
    };
    const listed = await listResource(flaky, DEPLOYMENTS, { pageSize: 3 });
    expect(listed.objects).toHaveLength(6);
    const statuses = server.requests.filter((r) => r.resource === 'deployments').map((r) => r.status);
    expect(statuses).toEqual([200, 410, 200, 200]);
  });

  it('throws when the continue token expires again after the restart', async () => {
    server.fail('deployments', 410, { continueOnly: true });
    const err = await listResource(client, DEPLOYMENTS, { pageSize: 1 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ statusCode: 410 });
    expect((err as Error).message).toMatch(
      /^the continue token expired twice \(HTTP 410 Expired: .*\): the list takes longer than the API server keeps a snapshot$/,
    );
    const statuses = server.requests.filter((r) => r.resource === 'deployments').map((r) => r.status);
    expect(statuses).toEqual([200, 410, 200, 410]);
  });

  it('stops after maxPages pages when every page carries a continue token', async () => {
    server.endlessContinue('deployments');
    const err = await listResource(client, DEPLOYMENTS, { pageSize: 2, maxPages: 5 }).catch((e: unknown) => e);
    expect((err as Error).message).toContain('the API server sent a continue token on each of 5 pages of 2');
    expect(server.requests.filter((r) => r.resource === 'deployments')).toHaveLength(5);
    // The default cap is a million objects' worth of pages (at least 10).
    expect(maxPagesFor(500)).toBe(2000);
    expect(maxPagesFor(1_000_000)).toBe(10);
  });

  it('throws at once when the server sends the same continue token again', async () => {
    const looping: ClusterClient = {
      ...client,
      getJson: async () => ({ metadata: { resourceVersion: '1', continue: 'again' }, items: [] }),
    };
    const err = await listResource(looping, DEPLOYMENTS).catch((e: unknown) => e);
    expect((err as Error).message).toBe(
      'the API server sent the same continue token again (page 2), so the list does not end',
    );
  });

  it('stops when its signal aborts, throwing the reason', async () => {
    server.silence('deployments');
    const stop = new AbortController();
    const listing = listResource(client, DEPLOYMENTS, { signal: stop.signal });
    await eventually(() => server.requests.some((r) => r.resource === 'deployments'));
    const reason = new Error('stopped by the test');
    stop.abort(reason);
    await expect(listing).rejects.toBe(reason);
  });
});

describe('listClusterObjects', () => {
  it('lists every watched resource and nothing else', async () => {
    const listing = await listClusterObjects(client);
    expect(listing.warnings).toEqual([]);
    expect(listing.outcomes.map((o) => o.status)).toEqual(WATCHED_RESOURCES.map(() => 'ok'));
    const kinds = new Set(listing.objects.map((o) => o.kind));
    expect([...kinds].sort()).toEqual(['CronJob', 'Deployment', 'Ingress', 'IngressClass', 'LimitRange', 'Service']);
    const touched = new Set(server.requests.map((r) => r.resource));
    expect(touched.has('configmaps') || touched.has('secrets') || touched.has('pods')).toBe(false);
  });

  it('turns a 403 on one resource into a warning and lists the others', async () => {
    server.fail('horizontalpodautoscalers', 403);
    const listing = await listClusterObjects(client);
    const hpa = listing.outcomes.find((o) => o.resource.plural === 'horizontalpodautoscalers');
    expect(hpa).toMatchObject({ status: 'error', statusCode: 403 });
    expect(listing.warnings).toHaveLength(1);
    expect(listing.warnings[0]).toMatch(
      /^cannot list horizontalpodautoscalers\.autoscaling in all namespaces: HTTP 403 Forbidden: .*HorizontalPodAutoscaler objects are not checked.*Grant list on horizontalpodautoscalers\.autoscaling/,
    );
    expect(listing.objects.some((o) => o.kind === 'Deployment')).toBe(true);
  });

  it('treats a missing VPA CRD (404) as no VPAs, without a warning', async () => {
    server.unregister('verticalpodautoscalers');
    const listing = await listClusterObjects(client);
    expect(listing.outcomes.find((o) => o.resource.plural === 'verticalpodautoscalers')?.status).toBe('absent');
    expect(listing.warnings).toEqual([]);
  });

  it('warns about a 404 on a built-in resource (an API version the server does not serve)', async () => {
    server.unregister('poddisruptionbudgets');
    const listing = await listClusterObjects(client);
    expect(listing.warnings).toHaveLength(1);
    expect(listing.warnings[0]).toContain('does not serve policy/v1 PodDisruptionBudget');
  });

  it('reports progress after each resource', async () => {
    const seen: string[] = [];
    await listClusterObjects(client, { onProgress: (p) => seen.push(`${p.done}/${p.total}`) });
    expect(seen).toHaveLength(WATCHED_RESOURCES.length);
    expect(seen.at(-1)).toBe(`${WATCHED_RESOURCES.length}/${WATCHED_RESOURCES.length}`);
  });

  it('reports every resource as failed when the API server is down, and says it is unreachable', async () => {
    await server.makeUnavailable();
    const listing = await listClusterObjects(client);
    expect(listing.outcomes.every((o) => o.status === 'error')).toBe(true);
    expect(listing.failed).toHaveLength(WATCHED_RESOURCES.length);
    expect(listing.objects).toEqual([]);
    expect(listing.unreachable?.message).toMatch(/ECONNREFUSED/);
    expect(listing.unreachable?.credentials).toBe(false);
  });

  it('stops the other resources at the first request that gets no answer', async () => {
    server.silence();
    const quick = await connectCluster({
      kubeconfig: server.writeKubeconfig({ context: 'prod' }),
      env: {},
      requestTimeoutMs: 300,
    });
    const listing = await listClusterObjects(quick, { concurrency: 2 });
    // Two in flight, then nothing more: the other twelve would each have waited the same timeout.
    expect(server.requests).toHaveLength(2);
    expect(listing.unreachable?.message).toBe(
      `cannot reach the API server ${server.url} (context prod): no answer within 300ms`,
    );
    const failures = new Set(listing.failed.map((o) => o.failure));
    expect(failures.has('unanswered')).toBe(true);
    expect([...failures].every((f) => f === 'unanswered' || f === 'stopped')).toBe(true);
    expect(listing.failed).toHaveLength(WATCHED_RESOURCES.length);
  });

  it('keeps what was listed when one resource gets no answer, and is not unreachable', async () => {
    server.silence('services');
    const quick = await connectCluster({
      kubeconfig: server.writeKubeconfig({ context: 'prod' }),
      env: {},
      requestTimeoutMs: 300,
    });
    const listing = await listClusterObjects(quick, { concurrency: 1 });
    expect(listing.unreachable).toBeUndefined();
    const services = listing.outcomes.find((o) => o.resource.plural === 'services');
    expect(services).toMatchObject({ status: 'error', failure: 'unanswered' });
    // Listed before services: kept. After it (the webhook configurations): not started.
    expect(listing.outcomes.find((o) => o.resource.plural === 'deployments')?.status).toBe('ok');
    const last = listing.outcomes.at(-1);
    expect(last).toMatchObject({ status: 'error', failure: 'stopped' });
    expect(last?.status === 'error' ? last.message : '').toBe(
      'not listed: the API server stopped answering (no answer within 300ms)',
    );
  });

  it('ends at timeoutMs: resources not listed by then fail with timeout, the others are kept', async () => {
    server.silence('jobs');
    const listing = await listClusterObjects(client, { timeoutMs: 300, concurrency: 1 });
    const jobs = listing.outcomes.find((o) => o.resource.plural === 'jobs');
    expect(jobs).toMatchObject({ status: 'error', failure: 'timeout', message: 'not listed within --timeout 300ms' });
    expect(listing.outcomes.find((o) => o.resource.plural === 'cronjobs')?.status).toBe('ok');
    expect(listing.outcomes.at(-1)).toMatchObject({ status: 'error', failure: 'timeout' });
    expect(listing.unreachable).toBeUndefined();
  });
});

describe('clusterObject and describeListFailure', () => {
  it('leaves apiVersion and kind that are set, and refuses what is not an object', () => {
    const o = clusterObject({ apiVersion: 'apps/v1beta2', kind: 'Deployment', metadata: { name: 'x' } }, DEPLOYMENTS);
    expect(o?.apiVersion).toBe('apps/v1beta2');
    // Frozen: shared by every admission request, so memo tables keep what they computed from it (k8s/memo.ts).
    expect(Object.isFrozen(o)).toBe(true);
    expect(clusterObject('text', DEPLOYMENTS)).toBeUndefined();
    expect(clusterObject({ kind: 'Deployment' }, DEPLOYMENTS)).toBeUndefined();
  });

  it("keeps a PodDisruptionBudget's status, which counts the pods it selects", () => {
    const pdbs = WATCHED_RESOURCES.find((r) => r.plural === 'poddisruptionbudgets') as WatchedResource;
    const status = { expectedPods: 3, currentHealthy: 3, desiredHealthy: 2, disruptionsAllowed: 1 };
    const o = clusterObject({ metadata: { name: 'events' }, spec: {}, status: { ...status } }, pdbs);
    expect(o).toMatchObject({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', status });
  });

  it('names the namespace for a namespaced resource', () => {
    const outcome = {
      resource: DEPLOYMENTS,
      status: 'error',
      failure: 'refused',
      statusCode: 500,
      message: 'HTTP 500: boom',
    } as const;
    expect(describeListFailure(outcome, 'shop')).toBe(
      'cannot list deployments.apps in namespace shop: HTTP 500: boom; Deployment objects are not checked, and rules that look them up do not see them.',
    );
    expect(listFailureLine(outcome, 'shop')).toBe('deployments.apps in namespace shop: HTTP 500: boom.');
  });

  it('says what to grant for a 403', () => {
    const line = listFailureLine({
      resource: DEPLOYMENTS,
      status: 'error',
      failure: 'refused',
      statusCode: 403,
      message: 'HTTP 403 Forbidden: no.',
    });
    expect(line).toBe(
      'deployments.apps in all namespaces: HTTP 403 Forbidden: no. Grant list on deployments.apps (see the RBAC section of the README).',
    );
  });

  it('says a cluster-scoped kind needs a ClusterRole when one namespace is audited', () => {
    const classes = WATCHED_RESOURCES.find((r) => r.plural === 'ingressclasses') as WatchedResource;
    const outcome = { resource: classes, status: 'error', failure: 'refused', statusCode: 403, message: 'no' } as const;
    expect(listFailureLine(outcome, 'shop')).toBe(
      'ingressclasses.networking.k8s.io: no. Grant list on ingressclasses.networking.k8s.io with a ClusterRole: a Role in namespace shop cannot grant a cluster-scoped kind (see the RBAC section of the README).',
    );
  });
});
