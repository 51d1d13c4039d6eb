/**
 * Fuzzing POST /validate: random JSON, random bytes, valid reviews with random mutations, and reviews whose object is
 * random. Whatever arrives, the answer is never a 5xx and never a crash: a valid AdmissionReview for the request's
 * uid, or a 4xx with a reason. The bulk goes through `inject`; a sample goes over a real TLS socket.
 */
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/engine/config-types.js';
import { runeLength } from '../../src/k8s/text.js';
import { buildApp } from '../../src/webhook/app.js';
import { type RunningServer, startServer } from '../../src/webhook/server.js';
import { MAX_WARNING_RUNES, MAX_WARNINGS_TOTAL_RUNES } from '../../src/webhook/warnings.js';
import { createTestCa, issueLeaf, type TestCa } from './helpers/certs.js';
import { clusterObjects, fakeCache, fixtureText, settingsWith, WEBHOOK_TEST_RULES } from './helpers/fixtures.js';
import { send } from './helpers/https.js';

const FIXTURE_NAMES = [
  'deployment-create.json',
  'deployment-create-invalid.json',
  'deployment-update-legacy.json',
  'deployment-update-introduces.json',
  'hpa-create.json',
  'vpa-create.json',
  'ingress-controller-create.json',
  'deployment-delete.json',
  'pod-exec-connect.json',
  'deployment-scale-update.json',
];
const FIXTURES = FIXTURE_NAMES.map((n) => JSON.parse(fixtureText(n)) as unknown);

interface Mutation {
  /** Where the mutation starts: mostly inside the objects the rules read, sometimes anywhere in the review. */
  target: 'object' | 'oldObject' | 'review';
  path: number[];
  op: 'set' | 'delete' | 'wrap' | 'stringify';
  value: unknown;
}

type Container = Record<string, unknown> | unknown[];
const isContainer = (v: unknown): v is Container => typeof v === 'object' && v !== null;

/** Applies a mutation at a path chosen among the keys that exist, so it lands on fields the rules read. */
function mutate(root: unknown, m: Mutation): void {
  if (!isContainer(root)) return;
  let cur: Container = root;
  for (let i = 0; i < m.path.length; i++) {
    const keys = Array.isArray(cur) ? cur.map((_, j) => j) : Object.keys(cur);
    if (keys.length === 0) return;
    const key = keys[(m.path[i] ?? 0) % keys.length] as string | number;
    const next: unknown = Array.isArray(cur) ? cur[key as number] : cur[key as string];
    if (i < m.path.length - 1 && isContainer(next)) {
      cur = next;
      continue;
    }
    const set = (v: unknown) => {
      if (Array.isArray(cur)) cur[key as number] = v;
      else cur[key as string] = v;
    };
    if (m.op === 'set') set(m.value);
    else if (m.op === 'wrap') set([next]);
    else if (m.op === 'stringify') set(JSON.stringify(next) ?? 'null');
    else if (Array.isArray(cur)) cur.splice(key as number, 1);
    else delete cur[key as string];
    return;
  }
}

const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  target: fc.constantFrom<Mutation['target']>('object', 'object', 'object', 'object', 'oldObject', 'review'),
  path: fc.array(fc.nat(40), { minLength: 1, maxLength: 12 }),
  op: fc.constantFrom('set', 'delete', 'wrap', 'stringify'),
  value: fc.jsonValue({ maxDepth: 3 }),
});

interface Body {
  payload: string | Buffer;
  contentType: string;
}

const json = (v: unknown): Body => ({ payload: JSON.stringify(v), contentType: 'application/json' });

/** Valid reviews with 1–6 random mutations. */
const mutatedReview: fc.Arbitrary<Body> = fc
  .tuple(fc.nat(FIXTURES.length - 1), fc.array(mutationArb, { minLength: 1, maxLength: 6 }))
  .map(([i, mutations]) => {
    const review = structuredClone(FIXTURES[i]) as { request?: unknown };
    for (const m of mutations) {
      const request = review.request;
      const start =
        m.target === 'review' || !isContainer(request) || Array.isArray(request) ? review : request[m.target];
      mutate(start, m);
    }
    return json(review);
  });

/** Well-formed envelopes around random objects and random request fields. */
const randomObjectReview: fc.Arbitrary<Body> = fc
  .record({
    uid: fc.oneof(fc.uuid(), fc.string({ unit: 'binary', minLength: 1, maxLength: 40 })),
    operation: fc.constantFrom('CREATE', 'UPDATE', 'DELETE', 'CONNECT'),
    kind: fc.constantFrom(
      'Deployment',
      'HorizontalPodAutoscaler',
      'VerticalPodAutoscaler',
      'PodDisruptionBudget',
      'Ingress',
      'Pod',
      'X',
    ),
    namespace: fc.option(fc.constantFrom('shop', 'kube-system', '', 'billing'), { nil: undefined }),
    spec: fc.jsonValue({ maxDepth: 5 }),
    metadata: fc.jsonValue({ maxDepth: 3 }),
    old: fc.option(fc.jsonValue({ maxDepth: 4 }), { nil: undefined }),
    groups: fc.option(fc.array(fc.string(), { maxLength: 3 }), { nil: undefined }),
  })
  .map((r) =>
    json({
      apiVersion: 'admission.k8s.io/v1',
      kind: 'AdmissionReview',
      request: {
        uid: r.uid,
        kind: { group: 'apps', version: 'v1', kind: r.kind },
        operation: r.operation,
        ...(r.namespace !== undefined ? { namespace: r.namespace } : {}),
        userInfo: { username: 'fuzz', ...(r.groups ? { groups: r.groups } : {}) },
        object: { apiVersion: 'apps/v1', kind: r.kind, metadata: r.metadata, spec: r.spec },
        ...(r.old !== undefined ? { oldObject: r.old } : {}),
      },
    }),
  );

/** Random JSON documents, random text, random bytes, truncated reviews, odd content types. */
const junk: fc.Arbitrary<Body> = fc.oneof(
  fc.json({ maxDepth: 4 }).map((payload) => ({ payload, contentType: 'application/json' })),
  fc.string({ unit: 'binary', maxLength: 300 }).map((payload) => ({ payload, contentType: 'application/json' })),
  fc.uint8Array({ maxLength: 300 }).map((bytes) => ({ payload: Buffer.from(bytes), contentType: 'application/json' })),
  fc.tuple(fc.nat(FIXTURES.length - 1), fc.double({ min: 0, max: 1, noNaN: true })).map(([i, f]) => {
    const text = JSON.stringify(FIXTURES[i]);
    return { payload: text.slice(0, Math.floor(text.length * f)), contentType: 'application/json' };
  }),
  fc
    .tuple(
      fc.nat(FIXTURES.length - 1),
      fc.constantFrom(
        'text/plain',
        'application/x-www-form-urlencoded',
        'application/yaml',
        'application/json; charset=utf-8',
      ),
    )
    .map(([i, contentType]) => ({ payload: JSON.stringify(FIXTURES[i]), contentType })),
);

/** The uid to expect back, when the body is a review with a string uid. */
function requestUid(body: Body): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body.payload.toString());
    const request = isContainer(parsed) && !Array.isArray(parsed) ? parsed.request : undefined;
    const uid = isContainer(request) && !Array.isArray(request) ? request.uid : undefined;
    return typeof uid === 'string' ? uid : undefined;
  } catch {
    return undefined;
  }
}

/** The contract: never a 5xx; a 200 is a valid AdmissionReview for the uid; anything else is a 4xx with a reason. */
function checkAnswer(body: Body, status: number, text: string): void {
  expect(status).toBeGreaterThanOrEqual(200);
  expect(status).toBeLessThan(500);
  const answer = JSON.parse(text) as Record<string, unknown>;
  if (status === 200) {
    expect(answer.apiVersion).toBe('admission.k8s.io/v1');
    expect(answer.kind).toBe('AdmissionReview');
    const response = answer.response as Record<string, unknown>;
    expect(response.uid).toBe(requestUid(body));
    expect(typeof response.allowed).toBe('boolean');
    if (response.allowed === false) {
      const st = response.status as { code: number; message: string };
      expect(st.code).toBeGreaterThanOrEqual(400);
      expect(st.message).not.toMatch(/\p{Cc}/u);
    }
    const warnings = (response.warnings ?? []) as string[];
    let total = 0;
    for (const w of warnings) {
      expect(w).not.toMatch(/\p{Cc}/u);
      expect(runeLength(w)).toBeLessThanOrEqual(MAX_WARNING_RUNES);
      total += runeLength(w);
    }
    expect(total).toBeLessThanOrEqual(MAX_WARNINGS_TOTAL_RUNES);
    expect(new Set(warnings).size).toBe(warnings.length);
  } else {
    expect(status).toBeGreaterThanOrEqual(400);
    expect(answer).toMatchObject({ kind: 'Status', code: status });
    expect(typeof answer.message).toBe('string');
  }
}

const deps = () => ({
  rules: WEBHOOK_TEST_RULES,
  config: DEFAULT_CONFIG,
  settings: settingsWith({ maxBodyBytes: 64 * 1024 }),
  cache: fakeCache(clusterObjects()),
});

describe('fuzzing POST /validate', () => {
  let app: FastifyInstance;
  let sent = 0;
  beforeAll(async () => {
    app = buildApp(deps());
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    expect(sent).toBeGreaterThanOrEqual(10_000);
  });

  const run = (arb: fc.Arbitrary<Body>, numRuns: number) =>
    fc.assert(
      fc.asyncProperty(arb, async (body) => {
        sent++;
        const res = await app.inject({
          method: 'POST',
          url: '/validate',
          headers: { 'content-type': body.contentType },
          payload: body.payload,
        });
        checkAnswer(body, res.statusCode, res.body);
      }),
      { numRuns },
    );

  it('survives 5,000 mutated AdmissionReviews', async () => run(mutatedReview, 5000));
  it('survives 3,000 reviews of random objects', async () => run(randomObjectReview, 3000));
  it('survives 2,000 random bodies', async () => run(junk, 2000));
});

describe('fuzzing over a real TLS socket', () => {
  let ca: TestCa;
  let server: RunningServer;
  beforeAll(async () => {
    ca = createTestCa();
    const leaf = issueLeaf(ca, 'fuzz');
    server = await startServer({
      ...deps(),
      logger: pino({ level: 'silent' }),
      tls: { certFile: leaf.certFile, keyFile: leaf.keyFile },
      host: '127.0.0.1',
      port: 0,
      shutdownDelayMs: 0,
    });
  });
  afterAll(async () => {
    await server.shutdown();
    ca.remove();
  });

  it('answers a sample of 300 bodies with no connection error', async () => {
    const url = `${server.url.replace('127.0.0.1', 'localhost')}/validate`;
    await fc.assert(
      fc.asyncProperty(fc.oneof(mutatedReview, randomObjectReview, junk), async (body) => {
        const res = await send(url, body.payload, { ca: ca.pem, contentType: body.contentType });
        checkAnswer(body, res.status, res.body);
      }),
      { numRuns: 300 },
    );
  });
});
