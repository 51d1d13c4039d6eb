/**
 * Hostile objects at the limits the API server allows: they must not slip past enforcement (the deadline and the
 * default fail-open were a bypass), and they must not hold the event loop (probes, other reviews).
 *
 * Bounds on time here are generous on purpose (a loaded 2-core machine): each compares a sliced answer (tens of
 * milliseconds) with what an unsliced one would take (seconds), so they hold under load and still fail when broken.
 */
import type { AddressInfo } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/engine/config-types.js';
import { defineRule } from '../../src/rules/define-rule.js';
import type { AdmissionReview, AdmissionReviewResponse } from '../../src/webhook/admission.js';
import { type AppDeps, buildApp } from '../../src/webhook/app.js';
import { threadCpuMs } from '../../src/webhook/evaluation.js';
import { fixtureReview, objectOf, settingsWith, testApp, WEBHOOK_TEST_RULES } from './helpers/fixtures.js';

const rules = WEBHOOK_TEST_RULES;

function post(review: AdmissionReview) {
  return {
    method: 'POST' as const,
    url: '/validate',
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify(review),
  };
}

function review(object: Record<string, unknown>, operation: 'CREATE' | 'UPDATE' = 'CREATE', oldObject?: unknown) {
  const meta = object.metadata as { name: string; namespace: string };
  return {
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid: `uid-${meta.name}`,
      kind: { group: 'networking.k8s.io', version: 'v1', kind: String(object.kind) },
      name: meta.name,
      namespace: meta.namespace,
      operation,
      userInfo: { username: 'mallory@example.com', groups: ['system:authenticated'] },
      object,
      ...(oldObject !== undefined ? { oldObject } : {}),
    },
  } as AdmissionReview;
}

/** `n` junk annotations under `prefix` (keys no rule knows, each a candidate for a "did you mean"). */
function junk(prefix: string, n: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < n; i++) out[`${prefix}zz-${i}`] = 'v';
  return out;
}

/** An ingress-nginx Ingress with a configuration-snippet (denied at admission) and extra annotations. */
function snippetIngress(extra: Record<string, string>, paths = 1): Record<string, unknown> {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      name: 'shop',
      namespace: 'shop',
      annotations: { 'nginx.ingress.kubernetes.io/configuration-snippet': 'more_set_headers "X: y";', ...extra },
    },
    spec: {
      ingressClassName: 'nginx',
      rules: [
        {
          host: 'shop.example.com',
          http: {
            paths: Array.from({ length: paths }, (_, i) => ({
              path: `/p${i}`,
              pathType: 'Prefix',
              backend: { service: { name: `svc-${i % 50}`, port: { number: 80 } } },
            })),
          },
        },
      ],
    },
  };
}

function responseOf(res: { json<T>(): T }) {
  return res.json<AdmissionReviewResponse>().response;
}

describe('enforcement holds at the API server limits', () => {
  it('denies a snippet Ingress that carries 6,000 junk ingress-nginx annotations (~200 KiB)', async () => {
    const app = await testApp({ rules });
    const object = snippetIngress(junk('nginx.ingress.kubernetes.io/', 6000));
    expect(JSON.stringify(object.metadata).length).toBeGreaterThan(150 * 1024);
    const res = await app.inject(post(review(object)));
    const response = responseOf(res);
    expect(response.allowed).toBe(false);
    expect(response.status?.message).toContain('[ingress-snippet-annotation]');
  });

  it('denies it on UPDATE too, where the old object is checked as well (ratcheting)', async () => {
    const app = await testApp({ rules });
    const old = snippetIngress(junk('nginx.ingress.kubernetes.io/', 6000));
    delete (old.metadata as { annotations: Record<string, string> }).annotations[
      'nginx.ingress.kubernetes.io/configuration-snippet'
    ];
    const object = snippetIngress(junk('nginx.ingress.kubernetes.io/', 6000));
    const res = await app.inject(post(review(object, 'UPDATE', old)));
    const response = responseOf(res);
    expect(response.allowed).toBe(false);
    expect(response.status?.message).toContain('introduced by this change');
  });

  it('denies at the limits together: 256 KiB of annotations and 27,000 paths in a 3 MiB request', async () => {
    const app = await testApp({ rules });
    const object = snippetIngress(junk('nginx.ingress.kubernetes.io/', 7800), 27_000);
    const body = post(review(object)).payload;
    expect(body.length).toBeGreaterThan(2.8 * 1024 * 1024);
    expect(body.length).toBeLessThan(3 * 1024 * 1024);
    const res = await app.inject(post(review(object)));
    expect(responseOf(res).allowed).toBe(false);
  });

  it('denies a Deployment that carries 8,000 unknown ignore-check annotations (256 KiB), within a 1 s deadline', async () => {
    const app = await testApp({ rules, settings: settingsWith({ deadlineMs: 1000 }) });
    const r = fixtureReview('deployment-create-invalid.json');
    const meta = objectOf(r).metadata as { annotations?: Record<string, string> };
    meta.annotations = { ...meta.annotations, ...junk('ignore-check.kubeward.io/', 8000) };
    expect(JSON.stringify(meta.annotations).length).toBeGreaterThan(250 * 1024);
    const response = responseOf(await app.inject(post(r)));
    expect(response.allowed).toBe(false);
    // The first unknown ids get a suggestion, the rest are still reported (as warnings, bounded by the API server).
    expect(response.warnings?.some((w) => w.includes('suppression-unknown-rule'))).toBe(true);
  });
});

/** A rule that costs `ms` of this thread's CPU (a busy loop; CPU, not wall time, so a loaded machine cannot shorten it). */
function costlyRule(id: string, ms: number) {
  const base = rules.find((r) => r.meta.runsOn === undefined && r.meta.reportsAbsence !== true)?.meta;
  if (base === undefined) throw new Error('no rules');
  return defineRule({
    meta: { ...base, id, kinds: ['Deployment'] },
    check: () => {
      const end = threadCpuMs() + ms;
      while (threadCpuMs() < end);
      return [];
    },
  });
}

describe('the evaluation budget', () => {
  it('denies in enforce mode an object whose own checks use up the budget, saying it is the object', async () => {
    let cpu = 0;
    const spend = defineRule({
      meta: {
        ...(rules.find((r) => r.meta.runsOn === undefined && r.meta.reportsAbsence !== true)?.meta ?? ({} as never)),
        id: 'zz-spend',
        kinds: ['Deployment'],
      },
      check: () => {
        cpu += 600;
        return [];
      },
    });
    const app = await testApp({
      rules: [...rules, spend, { ...spend, meta: { ...spend.meta, id: 'zz-spend-2' } }],
      // fail-open must not apply: the object's own content used the budget.
      settings: settingsWith({ failureMode: 'open', evaluationBudgetMs: 1000 }),
      cpuNow: () => cpu,
      now: () => cpu,
    });
    const response = responseOf(await app.inject(post(fixtureReview('deployment-create.json'))));
    expect(response.allowed).toBe(false);
    expect(response.status?.code).toBe(403);
    expect(response.status?.message).toContain('used more than the 1000 ms of CPU kubeward allows one object');
    expect(response.status?.message).toContain("the object's own size and content, not the cluster's load");
  });

  it('allows it with a warning in warn mode, and the decision says over_budget', async () => {
    const app = await testApp({
      rules: [...rules, costlyRule('zz-costly', 30), costlyRule('zz-costly-2', 30)],
      settings: settingsWith({ mode: 'warn', evaluationBudgetMs: 20, deadlineMs: 30_000 }),
    });
    const response = responseOf(await app.inject(post(fixtureReview('deployment-create.json'))));
    expect(response.allowed).toBe(true);
    expect(response.warnings?.[0]).toContain('kubeward did not finish checking Deployment');
  });

  it('counts only the object’s own CPU: a cheap review sent during a costly one gets its real answer first', async () => {
    // 40 rules x 40 ms: 1.6 s of CPU for the costly review.
    const { url } = await listening({
      rules: [...rules, ...Array.from({ length: 40 }, (_, i) => costlyRule(`zz-costly-${i}`, 40))],
      settings: settingsWith({ evaluationBudgetMs: 30_000, deadlineMs: 30_000 }),
    });
    const order: string[] = [];
    const costly = fetchReview(url, fixtureReview('deployment-create.json')).then((r) => {
      order.push('costly');
      return r;
    });
    await sleep(100);
    // An Ingress: the costly rules do not apply to it; it is denied for its snippet.
    const cheap = await fetchReview(url, review(snippetIngress({})));
    order.push('cheap');
    expect(cheap.allowed).toBe(false);
    expect((await costly).allowed).toBe(true);
    expect(order).toEqual(['cheap', 'costly']);
  });
});

async function listening(deps: Partial<AppDeps> & Pick<AppDeps, 'rules'>) {
  const app = buildApp({ config: DEFAULT_CONFIG, settings: settingsWith(), ...deps });
  onTestFinished(() => app.close());
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return { app, url: `http://127.0.0.1:${port}` };
}

async function fetchReview(url: string, r: AdmissionReview) {
  const res = await fetch(`${url}/validate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(r),
  });
  return ((await res.json()) as AdmissionReviewResponse).response;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the event loop stays responsive', () => {
  it('answers /healthz and /readyz while two clients send reviews that take a second of CPU each', async () => {
    // 100 rules x 10 ms = 1 s of CPU per review; unsliced, a probe would wait for a whole review.
    const costly = Array.from({ length: 100 }, (_, i) => costlyRule(`zz-costly-${i}`, 10));
    const { url } = await listening({
      rules: [...rules, ...costly],
      settings: settingsWith({ evaluationBudgetMs: 30_000, deadlineMs: 30_000 }),
    });
    const timed = async () => {
      const started = performance.now();
      const response = await fetchReview(url, fixtureReview('deployment-create.json'));
      return { response, ms: performance.now() - started };
    };
    const reviews = [timed(), timed()];
    await sleep(100);
    const probes: number[] = [];
    for (let i = 0; i < 12; i++) {
      const started = performance.now();
      const res = await fetch(`${url}/${i % 2 === 0 ? 'healthz' : 'readyz'}`);
      expect(res.status).toBe(200);
      probes.push(performance.now() - started);
      await sleep(50);
    }
    const results = await Promise.all(reviews);
    expect(results.every((r) => r.response.allowed)).toBe(true);
    // Compared with the reviews' own time, which a loaded machine stretches as much: a probe waits for a slice or
    // two (5 ms each), never for a review.
    const reviewMs = Math.min(...results.map((r) => r.ms));
    probes.sort((a, b) => a - b);
    expect(probes[Math.floor(probes.length / 2)]).toBeLessThan(reviewMs / 5);
    expect(probes.at(-1)).toBeLessThan(reviewMs / 2);
  });

  it('answers a costly review beyond maxPendingReviews as over budget at once, and still checks cheap ones', async () => {
    const { url } = await listening({
      rules: [...rules, ...Array.from({ length: 10 }, (_, i) => costlyRule(`zz-costly-${i}`, 30))],
      settings: settingsWith({ maxPendingReviews: 1, evaluationBudgetMs: 30_000, deadlineMs: 30_000 }),
    });
    const first = fetchReview(url, fixtureReview('deployment-create.json'));
    await sleep(60);
    const second = await fetchReview(url, fixtureReview('deployment-create.json'));
    expect(second.allowed).toBe(false);
    expect(second.status?.message).toContain('other costly reviews were waiting');
    // A cheap review needs no place in the queue.
    expect((await fetchReview(url, review(snippetIngress({})))).status?.message).toContain(
      '[ingress-snippet-annotation]',
    );
    expect((await first).allowed).toBe(true);
  });

  it('denies costly reviews that cannot all be finished before the deadline, and fails none open', async () => {
    // 6 reviews x 10 rules x 40 ms = 2.4 s of CPU in all, against a 700 ms deadline.
    const { url } = await listening({
      rules: [...rules, ...Array.from({ length: 10 }, (_, i) => costlyRule(`zz-costly-${i}`, 40))],
      settings: settingsWith({ evaluationBudgetMs: 30_000, deadlineMs: 700 }),
    });
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => fetchReview(url, fixtureReview('deployment-create.json'))),
    );
    const denied = answers.filter((a) => !a.allowed);
    expect(denied.length).toBeGreaterThan(0);
    for (const a of denied) expect(a.status?.message).toContain('before the 700 ms deadline');
    expect(answers.some((a) => a.warnings?.some((w) => w.includes('fail-open')))).toBe(false);
  });
});
