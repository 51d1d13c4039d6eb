/**
 * Prometheus metrics of the webhook, on a registry of its own (never prom-client's global one, so several apps in
 * one process, as in tests, do not collide). Every label value comes from a bounded set: the request's kind is a
 * label only when a rule checks that kind, else `other`, because anyone who reaches the port can send any kind.
 *
 * `/metrics` is served on a plain-HTTP port of its own (`serveMetrics`, `--metrics-port`), as Kyverno and Gatekeeper
 * do: Prometheus scrapes it without a client certificate or the admission port, and a NetworkPolicy can open the
 * two ports to different sources.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Finding } from '../engine/types.js';
import type { ClusterCache } from './cache.js';
import { applyConnectionTimeouts, DEFAULT_CONNECTION_SETTINGS } from './connections.js';
import { statusBody } from './status.js';

export interface DecisionSample {
  operation: string;
  kind: string;
  result: string;
  seconds: number;
  findings: readonly Finding[];
}

export interface WebhookMetrics {
  readonly registry: Registry;
  readonly contentType: string;
  recordDecision(sample: DecisionSample): void;
  /** A request answered with a 4xx (malformed, too large, not an AdmissionReview). */
  recordRejected(statusCode: number): void;
  /** The serving certificate's notAfter, in seconds since the epoch. */
  setCertificateExpiry(epochSeconds: number): void;
  recordCertificateReload(result: 'success' | 'failure'): void;
  /**
   * A connection closed at once: its client already had `connections.maxPerClient` open (`client_limit`), or the
   * server `connections.max` (`server_limit`).
   */
  recordRefusedConnection(reason: 'client_limit' | 'server_limit'): void;
  /** The exposition text. */
  text(): Promise<string>;
}

export interface MetricsOptions {
  /** Kinds that may appear as the `kind` label (the kinds the rules check). */
  knownKinds: Iterable<string>;
  cache?: ClusterCache | undefined;
  /** Also export process metrics (memory, CPU, event loop lag): on in the server, off in tests. */
  processMetrics?: boolean;
}

/** Latency buckets in seconds: most answers take well under 10 ms; the deadline is 2 s by default. */
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5];

export function createMetrics(options: MetricsOptions): WebhookMetrics {
  const registry = new Registry();
  const registers = [registry];
  const known = new Set(options.knownKinds);
  const { cache } = options;
  if (options.processMetrics) collectDefaultMetrics({ register: registry, prefix: 'kubeward_' });

  const decisions = new Counter({
    name: 'kubeward_admission_decisions_total',
    help: 'Admission decisions by operation, kind and result (allowed, warned, denied, audited, exempt, skipped, unreadable, fail_open, fail_closed, over_budget).',
    labelNames: ['operation', 'kind', 'result'] as const,
    registers,
  });
  const latency = new Histogram({
    name: 'kubeward_admission_duration_seconds',
    help: 'Time from receiving an AdmissionReview to having its answer, in seconds.',
    labelNames: ['operation'] as const,
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const findings = new Counter({
    name: 'kubeward_admission_findings_total',
    help: 'Findings on admitted objects, by rule and severity (in every mode, audit included).',
    labelNames: ['rule', 'severity'] as const,
    registers,
  });
  const rejected = new Counter({
    name: 'kubeward_http_rejected_requests_total',
    help: 'Requests answered with a 4xx status (malformed JSON, not an AdmissionReview, body too large, …).',
    labelNames: ['status'] as const,
    registers,
  });
  const certExpiry = new Gauge({
    name: 'kubeward_tls_certificate_expiry_timestamp_seconds',
    help: 'notAfter of the TLS certificate being served, in seconds since the epoch.',
    registers,
  });
  const certReloads = new Counter({
    name: 'kubeward_tls_certificate_reloads_total',
    help: 'Attempts to load a changed certificate and key pair, by result (a failure keeps the previous pair).',
    labelNames: ['result'] as const,
    registers,
  });
  const refused = new Counter({
    name: 'kubeward_http_connections_refused_total',
    help: 'Connections to the admission port closed at once, by reason: client_limit (the client address already had webhook.connections.maxPerClient open), server_limit (the server had webhook.connections.max).',
    labelNames: ['reason'] as const,
    registers,
  });
  new Gauge({
    name: 'kubeward_cache_synced',
    help: 'Whether the cluster cache has synced (1) or not (0); absent without a cache (--no-cluster).',
    registers: cache === undefined ? [] : registers,
    collect() {
      if (cache !== undefined) this.set(cache.synced() ? 1 : 0);
    },
  });
  new Gauge({
    name: 'kubeward_cache_age_seconds',
    help: 'Seconds since the cluster cache last heard from the API server (it keeps serving the last state).',
    registers: cache === undefined ? [] : registers,
    collect() {
      if (cache !== undefined) this.set(cache.ageSeconds());
    },
  });

  // Label children resolved once per label set (bounded, see above), not hashed again on every request.
  const decisionsFor = new Map<string, ReturnType<typeof decisions.labels>>();
  const latencyFor = new Map<string, ReturnType<typeof latency.labels>>();
  const findingsFor = new Map<string, ReturnType<typeof findings.labels>>();
  const child = <C>(cache: Map<string, C>, key: string, make: () => C): C => {
    let c = cache.get(key);
    if (c === undefined) {
      c = make();
      cache.set(key, c);
    }
    return c;
  };

  return {
    registry,
    contentType: registry.contentType,
    recordDecision(s) {
      const kind = known.has(s.kind) ? s.kind : 'other';
      child(decisionsFor, `${s.operation}\0${kind}\0${s.result}`, () =>
        decisions.labels(s.operation, kind, s.result),
      ).inc();
      child(latencyFor, s.operation, () => latency.labels(s.operation)).observe(s.seconds);
      for (const f of s.findings) {
        child(findingsFor, `${f.ruleId}\0${f.severity}`, () => findings.labels(f.ruleId, f.severity)).inc();
      }
    },
    recordRejected: (statusCode) => rejected.inc({ status: String(statusCode) }),
    setCertificateExpiry: (epochSeconds) => certExpiry.set(epochSeconds),
    recordCertificateReload: (result) => certReloads.inc({ result }),
    recordRefusedConnection: (reason) => refused.inc({ reason }),
    text: () => registry.metrics(),
  };
}

export interface MetricsServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/**
 * A plain-HTTP listener answering `GET /metrics` (and `HEAD`) with the exposition text; anything else is a 404. Its
 * connections are bounded like the admission port's, with smaller numbers: one scraper needs one connection.
 */
export async function serveMetrics(
  metrics: Pick<WebhookMetrics, 'text' | 'contentType'>,
  options: { host: string; port: number },
): Promise<MetricsServer> {
  const server: Server = createServer({ connectionsCheckingInterval: 1000 }, (req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      const status = JSON.stringify(statusBody(404, 'NotFound', 'this port serves GET /metrics only'));
      res.writeHead(404, { 'content-type': 'application/json' }).end(status);
      return;
    }
    metrics.text().then(
      (text) => {
        res.writeHead(200, { 'content-type': metrics.contentType });
        res.end(req.method === 'HEAD' ? undefined : text);
      },
      () => res.writeHead(500, { 'content-type': 'text/plain' }).end('metrics unavailable\n'),
    );
  });
  applyConnectionTimeouts(server, { ...DEFAULT_CONNECTION_SETTINGS, max: 64 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}/metrics`,
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
