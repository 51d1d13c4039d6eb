/**
 * The webhook's HTTP application: `buildApp(deps)` returns a fastify instance that never listens (server.ts does,
 * tests use `inject`). Routes: `POST /validate` (AdmissionReview in and out), `GET /healthz` (liveness),
 * `GET /readyz` (readiness: the cluster cache has synced and the process is not draining). `/metrics` is served on
 * a port of its own (metrics.ts), so scraping it never needs the admission port.
 *
 * Boring, bounded and safe: the body is size-limited and validated by a JSON schema at the edge; a client error is
 * a 4xx with a reason, never a 5xx; a request that cannot be evaluated in time gets the configured fail-open or
 * fail-closed answer; one log line per decision and never an object body.
 */
import {
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyServerFactory,
  fastify,
} from 'fastify';
import { pino } from 'pino';
import type { ResolvedConfig } from '../engine/config-types.js';
import type { AnyRule } from '../engine/rule.js';
import { isObject } from '../k8s/object.js';
import { cleanText, truncateRunes } from '../k8s/text.js';
import { ADMISSION_REVIEW_SCHEMA, type AdmissionReview, type Decision, failureDecision } from './admission.js';
import type { ClusterCache } from './cache.js';
import { AdmissionEvaluation, threadCpuMs } from './evaluation.js';
import { createMetrics, type WebhookMetrics } from './metrics.js';
import type { WebhookSettings } from './settings.js';
import { createSliceScheduler } from './slices.js';
import { clientErrorHandler, frameworkErrorHandler, STATUS_REASONS as REASONS, statusBody } from './status.js';

/** The longest stretch one review runs before the others get a turn; well under the probes' 100 ms. */
const SLICE_MS = 5;
/** The longest run of slices before the event loop takes new requests and probes. */
const TURN_MS = 10;

/** Shutdown state shared by the app (readiness, `Connection: close`) and the server (which starts the drain). */
export interface Lifecycle {
  readonly draining: boolean;
  drain(): void;
}

export function createLifecycle(): Lifecycle {
  let draining = false;
  return {
    get draining() {
      return draining;
    },
    drain() {
      draining = true;
    },
  };
}

export interface AppDeps {
  rules: readonly AnyRule[];
  config: ResolvedConfig;
  settings: WebhookSettings;
  /** The cluster cache; undefined with `--no-cluster`. */
  cache?: ClusterCache | undefined;
  /** Created (without process metrics) when not given. */
  metrics?: WebhookMetrics;
  /** pino logger for decision lines; silent when not given. */
  logger?: FastifyBaseLogger;
  lifecycle?: Lifecycle;
  /** Monotonic clock in milliseconds (tests make time pass). */
  now?: () => number;
  /** CPU clock of the evaluating thread in milliseconds, for the evaluation budget (tests make CPU time pass). */
  cpuNow?: () => number;
  /** The HTTPS server fastify should run on (server.ts); inject needs none. */
  serverFactory?: FastifyServerFactory;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** When the request reached the app (the `now` clock), for the deadline and the latency histogram. */
    receivedAt: number;
  }
}

/** What a client error says. Fixed texts, so nothing of the body (not even a fragment) is echoed or logged. */
function clientErrorMessage(err: FastifyError, settings: WebhookSettings): string {
  if (err.validation !== undefined) {
    return `the body is not an admission.k8s.io/v1 AdmissionReview: ${truncateRunes(cleanText(err.message), 300)}`;
  }
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return 'the body is not valid JSON';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'the body is empty; expected an admission.k8s.io/v1 AdmissionReview';
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return `the body is larger than ${settings.maxBodyBytes} bytes`;
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'unsupported content type; send application/json';
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return 'the Content-Length does not match the body';
    default:
      return `bad request (${typeof err.code === 'string' ? err.code : 'unknown'})`;
  }
}

/**
 * At most 256 runes of a request field for a log line (names are bounded by the API server, attackers are not).
 * pino escapes control characters itself, so a field cannot break the line.
 */
function logField(v: unknown): string | undefined {
  if (typeof v !== 'string' || v === '') return undefined;
  return v.length <= 256 ? v : truncateRunes(v, 256);
}

function objectName(review: AdmissionReview): string | undefined {
  const req = review.request;
  if (typeof req.name === 'string' && req.name !== '') return req.name;
  const meta = isObject(req.object) && isObject(req.object.metadata) ? req.object.metadata : undefined;
  if (typeof meta?.name === 'string') return meta.name;
  return typeof meta?.generateName === 'string' ? `${meta.generateName}*` : undefined;
}

function uniqueIds(findings: readonly { ruleId: string }[]): string[] {
  return [...new Set(findings.map((f) => f.ruleId))];
}

/** The fields of the one log line per decision: who asked what, what was decided and why; never the object. */
export function decisionLogFields(review: AdmissionReview, decision: Decision, elapsedMs: number) {
  const req = review.request;
  const group = typeof req.kind.group === 'string' && req.kind.group !== '' ? `${req.kind.group}/` : '';
  return {
    uid: logField(req.uid),
    operation: req.operation,
    kind: logField(`${group}${req.kind.version ?? ''}/${req.kind.kind}`),
    namespace: logField(req.namespace),
    name: logField(objectName(review)),
    user: logField(req.userInfo?.username),
    dryRun: req.dryRun === true,
    mode: decision.mode,
    decision: decision.result,
    allowed: decision.review.response.allowed,
    rules: uniqueIds(decision.findings),
    denied: uniqueIds(decision.denying),
    preexisting: decision.preexisting,
    suppressed: decision.suppressed,
    ...(decision.reason !== undefined ? { reason: logField(decision.reason) } : {}),
    latencyMs: Math.round(elapsedMs * 1000) / 1000,
  };
}

export function buildApp(deps: AppDeps): FastifyInstance {
  const { settings, cache } = deps;
  const { config } = deps;
  const now = deps.now ?? (() => performance.now());
  const cpuNow = deps.cpuNow ?? threadCpuMs;
  // One scheduler per app: reviews share the event loop in slices, so none holds it (or the probes) for long.
  const scheduler = createSliceScheduler({
    sliceMs: SLICE_MS,
    turnMs: TURN_MS,
    maxPending: settings.maxPendingReviews,
    now,
  });
  const lifecycle = deps.lifecycle ?? createLifecycle();
  const log: FastifyBaseLogger = deps.logger ?? pino({ level: 'silent' });
  const metrics =
    deps.metrics ??
    createMetrics({ knownKinds: deps.rules.flatMap((r) => r.meta.kinds), cache, processMetrics: false });

  // Ready once every informer has synced; it stays ready if the API server connection drops later (the cache keeps
  // serving its last state and reports its age), so a flaky control plane does not take the webhook out of service.
  let everSynced = cache === undefined;
  const cacheSynced = (): boolean => {
    if (!everSynced && cache?.synced() === true) everSynced = true;
    return everSynced;
  };

  // fastify gets no logger: no access lines, no per-request child logger; the app logs what it decides itself.
  const app = fastify({
    bodyLimit: settings.maxBodyBytes,
    // A `__proto__` or `constructor.prototype` key is dropped rather than failing the whole object.
    onProtoPoisoning: 'remove',
    onConstructorPoisoning: 'remove',
    // Requests that arrive on an open connection while the server closes are still answered (with Connection: close).
    return503OnClosing: false,
    // Malformed HTTP, headers too large, a request timeout: answered with a Status too (status.ts).
    clientErrorHandler,
    // A URL the router cannot decode (malformed percent-encoding): a Status too, and counted.
    frameworkErrors: frameworkErrorHandler((status) => metrics.recordRejected(status)),
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: false, allErrors: false } },
    ...(deps.serverFactory !== undefined ? { serverFactory: deps.serverFactory } : {}),
  });

  // JSON only: the API server sends application/json; anything else is a 415, not a string body.
  app.removeContentTypeParser('text/plain');
  app.decorateRequest('receivedAt', 0);
  app.addHook('onRequest', (request, _reply, done) => {
    request.receivedAt = now();
    done();
  });
  app.addHook('onSend', (_request, reply, _payload, done) => {
    // While draining, tell clients not to reuse the connection, so they move to another replica.
    if (lifecycle.draining) reply.header('connection', 'close');
    done();
  });

  app.setErrorHandler((err: FastifyError, request, reply) => {
    const status = typeof err.statusCode === 'number' ? err.statusCode : 500;
    if (status >= 400 && status < 500) {
      metrics.recordRejected(status);
      log.debug({ status, code: err.code, url: logField(request.url) }, 'request rejected');
      return reply
        .code(status)
        .send(statusBody(status, REASONS[status] ?? 'BadRequest', clientErrorMessage(err, settings)));
    }
    log.error({ err: { message: err.message, stack: err.stack }, url: logField(request.url) }, 'internal error');
    return reply.code(500).send(statusBody(500, 'InternalError', 'internal error'));
  });

  app.setNotFoundHandler((request, reply) => {
    metrics.recordRejected(404);
    return reply
      .code(404)
      .send(statusBody(404, 'NotFound', `no route ${request.method} ${logField(request.url) ?? '/'}`));
  });

  app.post<{ Body: AdmissionReview }>('/validate', { schema: { body: ADMISSION_REVIEW_SCHEMA } }, (request, reply) => {
    const review = request.body;
    const started = request.receivedAt;
    const respond = (decision: Decision) => {
      const elapsedMs = now() - started;
      const req = review.request;
      metrics.recordDecision({
        operation: req.operation,
        kind: req.kind.kind,
        result: decision.result,
        seconds: elapsedMs / 1000,
        findings: decision.findings,
      });
      log.info(decisionLogFields(review, decision, elapsedMs), 'admission decision');
      return reply.code(200).send(decision.review);
    };
    if (now() - started > settings.deadlineMs) {
      return respond(failureDecision(review, settings, `it waited longer than the ${settings.deadlineMs} ms deadline`));
    }
    if (!cacheSynced()) return respond(failureDecision(review, settings, 'the cluster cache has not synced yet'));

    const failed = (error: unknown) => {
      const err = error instanceof Error ? error : new Error(String(error));
      log.error(
        { uid: logField(review.request.uid), err: { message: err.message, stack: err.stack } },
        'admission failed',
      );
      return respond(failureDecision(review, settings, 'an internal error occurred'));
    };
    let evaluation: AdmissionEvaluation;
    try {
      evaluation = new AdmissionEvaluation(
        review,
        { rules: deps.rules, config, settings, cacheIndex: cache?.index() },
        { age: () => now() - started, cpu: cpuNow },
        SLICE_MS,
      );
    } catch (err) {
      return failed(err);
    }
    const finish = (ran: boolean) => {
      if (!ran) evaluation.abandon();
      return evaluation.decision === undefined ? failed(evaluation.error) : respond(evaluation.decision);
    };
    const ran = scheduler.run(evaluation);
    if (typeof ran === 'boolean') return finish(ran);
    ran.then(finish, () => finish(true));
    return reply;
  });

  app.get('/healthz', (_request, reply) => reply.code(200).type('text/plain').send('ok'));

  app.get('/readyz', (_request, reply) => {
    if (lifecycle.draining) return reply.code(503).type('text/plain').send('shutting down');
    if (!cacheSynced()) return reply.code(503).type('text/plain').send('cluster cache not synced');
    return reply.code(200).type('text/plain').send('ok');
  });

  return app;
}
