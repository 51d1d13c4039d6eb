import { pino } from 'pino';
import { describe, expect, it, onTestFinished } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/engine/config-types.js';
import { defineRule } from '../../src/rules/define-rule.js';
import type { AdmissionReviewResponse } from '../../src/webhook/admission.js';
import { buildApp, createLifecycle } from '../../src/webhook/app.js';
import { createMetrics } from '../../src/webhook/metrics.js';
import {
  clusterObjects,
  fakeCache,
  fixtureReview,
  fixtureText,
  logCapture,
  settingsWith,
  testApp,
  WEBHOOK_TEST_RULES,
} from './helpers/fixtures.js';

const rules = WEBHOOK_TEST_RULES;

function post(body: string | object, contentType = 'application/json') {
  return {
    method: 'POST' as const,
    url: '/validate?timeout=10s',
    headers: { 'content-type': contentType },
    payload: typeof body === 'string' ? body : JSON.stringify(body),
  };
}

/** A rule that makes time pass (on the test clock) while it runs. */
function slowRule(advance: () => void) {
  return defineRule({
    meta: {
      ...(rules.find((r) => r.meta.runsOn === undefined && r.meta.reportsAbsence !== true)?.meta ?? ({} as never)),
      id: 'zz-slow',
      kinds: ['Deployment'],
    },
    check: () => {
      advance();
      return [];
    },
  });
}

describe('POST /validate', () => {
  it('answers an AdmissionReview with one for the same uid', async () => {
    const app = await testApp({ rules });
    const res = await app.inject(post(fixtureText('deployment-create.json')));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.json()).toEqual({
      apiVersion: 'admission.k8s.io/v1',
      kind: 'AdmissionReview',
      response: { uid: '0f6d5b2e-6c0e-4b8f-9a51-3d1a2e7c4b11', allowed: true },
    });
  });

  it('denies with 200 and allowed: false (the HTTP call itself succeeded)', async () => {
    const app = await testApp({ rules });
    const res = await app.inject(post(fixtureText('deployment-create-invalid.json')));
    expect(res.statusCode).toBe(200);
    const body = res.json<AdmissionReviewResponse>();
    expect(body.response.allowed).toBe(false);
    expect(body.response.status?.code).toBe(403);
  });

  it.each([
    ['malformed JSON', '{"apiVersion": "admission.k8s.io/v1", "kind": ', 400, 'the body is not valid JSON'],
    ['an empty body', '', 400, 'the body is empty'],
    [
      'JSON that is not an AdmissionReview',
      '{"apiVersion":"v1","kind":"Pod"}',
      400,
      "not an admission.k8s.io/v1 AdmissionReview: body must have required property 'request'",
    ],
    [
      'a v1beta1 review',
      fixtureText('deployment-create.json').replace('admission.k8s.io/v1', 'admission.k8s.io/v1beta1'),
      400,
      'body/apiVersion',
    ],
    [
      'a review without a uid',
      JSON.stringify({
        apiVersion: 'admission.k8s.io/v1',
        kind: 'AdmissionReview',
        request: { kind: { kind: 'Pod' }, operation: 'CREATE' },
      }),
      400,
      "must have required property 'uid'",
    ],
    [
      'an unknown operation',
      fixtureText('deployment-create.json').replace('"CREATE"', '"PATCH"'),
      400,
      'body/request/operation',
    ],
    ['a JSON array', '[]', 400, 'body must be object'],
  ])('rejects %s with status %s and a reason', async (_what, payload, status, reason) => {
    const app = await testApp({ rules });
    const res = await app.inject(post(payload));
    expect(res.statusCode).toBe(status);
    expect(res.json()).toMatchObject({ apiVersion: 'v1', kind: 'Status', status: 'Failure', code: status });
    expect(res.json<{ message: string }>().message).toContain(reason);
  });

  it('rejects a body over the limit with 413 and a content type other than JSON with 415', async () => {
    const app = await testApp({ rules, settings: settingsWith({ maxBodyBytes: 4096 }) });
    const big = fixtureReview('deployment-create.json');
    (big.request.object as { metadata: { annotations: Record<string, string> } }).metadata.annotations.big = 'x'.repeat(
      5000,
    );
    const res = await app.inject(post(big));
    expect(res.statusCode).toBe(413);
    expect(res.json<{ message: string }>().message).toBe('the body is larger than 4096 bytes');
    const text = await app.inject(post('{"apiVersion": "admission.k8s.io/v1"}', 'text/plain'));
    expect(text.statusCode).toBe(415);
  });

  it('drops __proto__ keys instead of failing the object', async () => {
    const app = await testApp({ rules });
    const body = fixtureText('deployment-create.json').replace(
      '"labels": {',
      '"labels": {"__proto__": {"polluted": "yes"}, ',
    );
    const res = await app.inject(post(body));
    expect(res.statusCode).toBe(200);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('returns 404 for other routes and methods', async () => {
    const app = await testApp({ rules });
    expect((await app.inject({ method: 'GET', url: '/validate' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'POST', url: '/mutate', payload: {} })).statusCode).toBe(404);
  });
});

describe('deadline and failure mode', () => {
  it('fails open with a warning when checking took longer than the deadline', async () => {
    let t = 0;
    const app = await testApp({
      rules: [...rules, slowRule(() => (t += 3000))],
      now: () => t,
      cpuNow: () => 0,
    });
    const res = await app.inject(post(fixtureText('deployment-create-invalid.json')));
    expect(res.statusCode).toBe(200);
    expect(res.json<AdmissionReviewResponse>().response).toEqual({
      uid: '1a7e3c9d-2f4b-4e6a-8c1d-5b9e0f2a3c44',
      allowed: true,
      warnings: [
        'kubeward did not check this object: the 2000 ms deadline passed while it waited for CPU (other reviews, or a CPU limit; its own checks had used 0 ms); allowed (fail-open).',
      ],
    });
  });

  it('fails closed when configured to', async () => {
    let t = 0;
    const app = await testApp({
      rules: [...rules, slowRule(() => (t += 3000))],
      settings: settingsWith({ failureMode: 'closed' }),
      now: () => t,
    });
    const res = await app.inject(post(fixtureText('deployment-create.json')));
    const response = res.json<AdmissionReviewResponse>().response;
    expect(response.allowed).toBe(false);
    expect(response.status?.message).toContain('denied (fail-closed)');
  });

  it('does not start checking a request that already waited past the deadline', async () => {
    let t = 0;
    let checked = 0;
    const app = buildApp({
      rules: [...rules, slowRule(() => checked++)],
      config: DEFAULT_CONFIG,
      settings: settingsWith(),
      now: () => t,
    });
    onTestFinished(() => app.close());
    app.addHook('preHandler', async () => {
      t += 2500;
    });
    const res = await app.inject(post(fixtureText('deployment-create.json')));
    expect(res.json<AdmissionReviewResponse>().response.warnings?.[0]).toContain(
      'it waited longer than the 2000 ms deadline',
    );
    expect(checked).toBe(0);
  });

  it('answers in real time when a rule is slow, never hangs', async () => {
    const busy = slowRule(() => {
      const end = performance.now() + 300;
      while (performance.now() < end);
    });
    const app = await testApp({ rules: [...rules, busy], settings: settingsWith({ deadlineMs: 100 }) });
    const started = performance.now();
    const res = await app.inject(post(fixtureText('deployment-create.json')));
    expect(performance.now() - started).toBeLessThan(2000);
    // 300 ms of CPU on one object is far beyond an ordinary one: answered as over budget, not failed open.
    expect(res.json<AdmissionReviewResponse>().response).toMatchObject({
      allowed: false,
      status: { code: 403, message: expect.stringContaining('before the 100 ms deadline') },
    });
  });

  it('gives the failure answer while the cluster cache has not synced, and on an internal error', async () => {
    const cache = fakeCache(clusterObjects(), { synced: false });
    const app = await testApp({ rules, cache });
    const res = await app.inject(post(fixtureText('deployment-create-invalid.json')));
    expect(res.json<AdmissionReviewResponse>().response.warnings?.[0]).toContain(
      'the cluster cache has not synced yet',
    );

    const broken = {
      ...fakeCache([]),
      index: () => {
        throw new Error('index exploded');
      },
    };
    const app2 = await testApp({ rules, cache: broken });
    const res2 = await app2.inject(post(fixtureText('deployment-create.json')));
    expect(res2.statusCode).toBe(200);
    expect(res2.json<AdmissionReviewResponse>().response.warnings?.[0]).toContain('an internal error occurred');
  });
});

describe('probes', () => {
  it('/healthz is always ok; /readyz waits for the cache to sync, stays ready if it drops, and fails when draining', async () => {
    const cache = fakeCache(clusterObjects(), { synced: false });
    const lifecycle = createLifecycle();
    const app = await testApp({ rules, cache, lifecycle });
    expect((await app.inject('/healthz')).statusCode).toBe(200);
    const notReady = await app.inject('/readyz');
    expect(notReady.statusCode).toBe(503);
    expect(notReady.body).toBe('cluster cache not synced');
    cache.setSynced(true);
    expect((await app.inject('/readyz')).statusCode).toBe(200);
    cache.setSynced(false); // the API server connection dropped: keep serving the last state
    expect((await app.inject('/readyz')).statusCode).toBe(200);
    lifecycle.drain();
    const draining = await app.inject('/readyz');
    expect(draining.statusCode).toBe(503);
    expect(draining.headers.connection).toBe('close');
    expect((await app.inject('/healthz')).statusCode).toBe(200);
  });

  it('is ready at once without a cluster cache (--no-cluster)', async () => {
    const app = await testApp({ rules });
    expect((await app.inject('/readyz')).statusCode).toBe(200);
  });
});

describe('GET /metrics', () => {
  it('counts decisions by operation, kind and result, latency, findings, rejections and the cache state', async () => {
    const cache = fakeCache(clusterObjects());
    cache.setAge(42);
    const metrics = createMetrics({ knownKinds: rules.flatMap((r) => r.meta.kinds), cache });
    const app = await testApp({ rules, cache, metrics });
    await app.inject(post(fixtureText('deployment-create-invalid.json')));
    await app.inject(post(fixtureText('deployment-create.json')));
    await app.inject(post(fixtureText('deployment-delete.json')));
    await app.inject(post(fixtureText('pod-exec-connect.json')));
    await app.inject(post('{'));
    // Served on the metrics port (server.test.ts); the admission app only records.
    const text = await metrics.text();
    expect(text).toContain(
      'kubeward_admission_decisions_total{operation="CREATE",kind="Deployment",result="denied"} 1',
    );
    expect(text).toContain(
      'kubeward_admission_decisions_total{operation="CREATE",kind="Deployment",result="allowed"} 1',
    );
    expect(text).toContain(
      'kubeward_admission_decisions_total{operation="DELETE",kind="Deployment",result="skipped"} 1',
    );
    // A kind no rule checks is `other`: label values stay bounded whatever clients send.
    expect(text).toContain('kubeward_admission_decisions_total{operation="CONNECT",kind="other",result="skipped"} 1');
    expect(text).toContain('kubeward_admission_duration_seconds_count{operation="CREATE"} 2');
    expect(text).toContain(
      'kubeward_admission_findings_total{rule="resources-request-exceeds-limit",severity="error"} 1',
    );
    expect(text).toContain('kubeward_http_rejected_requests_total{status="400"} 1');
    expect(text).toContain('kubeward_cache_synced 1');
    expect(text).toContain('kubeward_cache_age_seconds 42');
  });

  it('uses a registry of its own (two apps in one process do not collide)', async () => {
    const metricsA = createMetrics({ knownKinds: [] });
    const metricsB = createMetrics({ knownKinds: [] });
    const a = await testApp({ rules, metrics: metricsA });
    await testApp({ rules, metrics: metricsB });
    await a.inject(post(fixtureText('deployment-create.json')));
    expect(await metricsA.text()).toContain('result="allowed"} 1');
    expect(await metricsB.text()).not.toContain('result="allowed"}');
    expect((await a.inject('/metrics')).statusCode).toBe(404);
  });
});

describe('logs', () => {
  it('writes one JSON line per decision with its fields, and never an object body', async () => {
    const capture = logCapture();
    const logger = pino({ level: 'debug' }, capture.stream);
    const app = await testApp({ rules, logger });
    const secret = 'hunter2-do-not-log';
    const review = fixtureReview('deployment-create-invalid.json');
    (review.request.object as { metadata: { annotations: Record<string, string> } }).metadata.annotations.secret =
      secret;
    await app.inject(post(review));
    await app.inject(post(`{"broken": "${secret}`));
    await app.inject(post(JSON.stringify({ apiVersion: secret })));
    await app.inject('/healthz');
    const decisions = capture.lines.filter((l) => l.msg === 'admission decision');
    expect(decisions).toHaveLength(1);
    expect(decisions[0]).toMatchObject({
      uid: '1a7e3c9d-2f4b-4e6a-8c1d-5b9e0f2a3c44',
      operation: 'CREATE',
      kind: 'apps/v1/Deployment',
      namespace: 'billing',
      name: 'billing-api',
      user: 'jane@example.com',
      dryRun: false,
      mode: 'enforce',
      decision: 'denied',
      allowed: false,
      rules: ['resources-request-exceeds-limit'],
      denied: ['resources-request-exceeds-limit'],
    });
    expect(typeof decisions[0]?.latencyMs).toBe('number');
    expect(capture.raw.join('')).not.toContain(secret);
    expect(capture.raw.join('')).not.toContain('registry.example.com');
    // No per-request access lines (the probes would flood the log).
    expect(capture.lines.filter((l) => l.msg === 'incoming request' || l.msg === 'request completed')).toEqual([]);
  });
});
