/**
 * The process side of the webhook: TLS (with certificate reload), listen, the cluster cache's lifecycle, and a
 * graceful shutdown. Everything the requests see is in app.ts.
 *
 * Shutdown (`shutdown()`, called on SIGTERM): readiness turns false at once and responses carry
 * `Connection: close`; the server keeps answering for `shutdownDelayMs` (the time the endpoints take to drop this
 * pod), then stops listening, lets in-flight requests finish, stops the cache and the certificate watcher. Past
 * `shutdownTimeoutMs` the remaining connections are cut.
 *
 * The admission port serves `/validate`, `/healthz` and `/readyz` (the kubelet probes it over HTTPS like the API
 * server, so a probe sees what the API server would); `/metrics` is on a plain-HTTP port of its own
 * (`metricsPort`). Each client address may hold `connections.maxPerClient` connections (connections.ts).
 *
 * Start-up errors an operator can fix (certificate or key files, a port in use) are `KubewardError`s: a message
 * and a hint, exit 2, no stack trace.
 */
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { FastifyBaseLogger, FastifyInstance, FastifyServerFactory } from 'fastify';
import type { ResolvedConfig } from '../engine/config-types.js';
import { KubewardError } from '../engine/errors.js';
import type { AnyRule } from '../engine/rule.js';
import { buildApp, createLifecycle, type Lifecycle } from './app.js';
import type { ClusterCache } from './cache.js';
import { applyConnectionTimeouts, type ConnectionSettings, limitConnectionsPerClient } from './connections.js';
import { createMetrics, type MetricsServer, serveMetrics, type WebhookMetrics } from './metrics.js';
import type { WebhookSettings } from './settings.js';
import { clientErrorStatus, STATUS_REASONS, statusBody } from './status.js';
import { type CertPair, type CertReloader, createCertReloader, loadCertPair, secureContextOptions } from './tls.js';

export interface ServerOptions {
  rules: readonly AnyRule[];
  config: ResolvedConfig;
  settings: WebhookSettings;
  cache?: ClusterCache | undefined;
  logger: FastifyBaseLogger;
  /** Cert and key files; undefined = plain HTTP (`--insecure-http`, for tests only). */
  tls?: { certFile: string; keyFile: string } | undefined;
  host: string;
  port: number;
  /** Port of the plain-HTTP `/metrics` listener on `host`; undefined = none (0 = any free port, for tests). */
  metricsPort?: number | undefined;
  /** After SIGTERM, keep answering (not ready) this long before closing the listener. Default 5000 ms. */
  shutdownDelayMs?: number;
  /** Cut remaining connections this long after the listener closed. Default 10000 ms. */
  shutdownTimeoutMs?: number;
  /** Certificate reload: debounce and backstop poll (ms). */
  certDebounceMs?: number;
  certPollMs?: number;
  /** Called when the cluster cache fails to start: the process cannot become ready. */
  onFatal?: (error: Error) => void;
}

export interface RunningServer {
  readonly app: FastifyInstance;
  readonly metrics: WebhookMetrics;
  readonly lifecycle: Lifecycle;
  /** `https://host:port` (or `http://` with --insecure-http). */
  readonly url: string;
  readonly port: number;
  /** `http://host:port/metrics`, or undefined without a metrics port. */
  readonly metricsUrl: string | undefined;
  /** Re-reads the certificate files now (the watcher does this by itself); true when a new pair was installed. */
  reloadCertificate(): boolean;
  /** Graceful shutdown; the same promise on every call. */
  shutdown(): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Bounds on what one client can hold (slow handshakes and requests, idle connections, connections per address and
 * in all), and Status answers for what node would answer itself (an `Expect` header it does not know).
 */
function bound(
  server: HttpServer | HttpsServer,
  settings: ConnectionSettings,
  metrics: WebhookMetrics,
  log: FastifyBaseLogger,
): void {
  applyConnectionTimeouts(server, settings);
  // One warning a minute at most: a client at its limit retries in a loop, and the counter has the totals.
  let lastWarned = Number.NEGATIVE_INFINITY;
  limitConnectionsPerClient(server, settings.maxPerClient, (client) => {
    metrics.recordRefusedConnection('client_limit');
    const now = Date.now();
    if (now - lastWarned < 60_000) return;
    lastWarned = now;
    log.warn(
      { client, maxPerClient: settings.maxPerClient },
      'a client reached webhook.connections.maxPerClient; its new connections are closed (raise the limit if all clients share one address, behind a proxy or SNAT)',
    );
  });
  // The Status answers to malformed HTTP and timeouts (status.ts, fastify's clientErrorHandler) are counted too.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (error.code !== 'ECONNRESET' && !socket.destroyed) metrics.recordRejected(clientErrorStatus(error.code).status);
  });
  // node closes connections over `maxConnections` itself; counted, so a full server is visible.
  server.on('drop', () => metrics.recordRefusedConnection('server_limit'));
  server.on('checkExpectation', (_req, res) => {
    const body = JSON.stringify(
      statusBody(417, STATUS_REASONS[417] ?? 'BadRequest', 'this Expect header is not supported'),
    );
    res
      .writeHead(417, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
        connection: 'close',
      })
      .end(body);
  });
}

function tlsError(e: unknown): KubewardError {
  return new KubewardError('TLS_INVALID', `cannot load the TLS certificate and key: ${(e as Error).message}`, {
    hint: 'Pass the PEM certificate chain with --tls-cert and its own private key with --tls-key (a kubernetes.io/tls Secret mounts them as tls.crt and tls.key).',
  });
}

/** A failed listen, said as an operator can act on it. */
export function listenError(e: unknown, what: string, host: string, port: number, flag: string): KubewardError {
  const code = (e as NodeJS.ErrnoException).code;
  const where = `${host}:${port}`;
  switch (code) {
    case 'EADDRINUSE':
      return new KubewardError('LISTEN_FAILED', `cannot listen on ${where} (${what}): the address is already in use.`, {
        hint: `Another process listens there: stop it, or choose another ${flag}.`,
      });
    case 'EACCES':
      return new KubewardError('LISTEN_FAILED', `cannot listen on ${where} (${what}): permission denied.`, {
        hint: `Ports below 1024 need privileges: choose a higher ${flag}.`,
      });
    case 'EADDRNOTAVAIL':
      return new KubewardError('LISTEN_FAILED', `cannot listen on ${where} (${what}): no such local address.`, {
        hint: 'Check --host: 0.0.0.0 listens on every address.',
      });
    default:
      return new KubewardError('LISTEN_FAILED', `cannot listen on ${where} (${what}): ${(e as Error).message}`, {
        hint: `Check --host and ${flag}.`,
      });
  }
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const log = options.logger;
  const { cache } = options;
  const tls = options.tls;
  let initialPair: CertPair | undefined;
  try {
    initialPair = tls ? loadCertPair(tls.certFile, tls.keyFile) : undefined;
  } catch (e) {
    throw tlsError(e);
  }
  const limits = options.settings.connections;

  const metrics = createMetrics({
    knownKinds: options.rules.flatMap((r) => r.meta.kinds),
    cache,
    processMetrics: true,
  });
  if (initialPair) {
    metrics.setCertificateExpiry(Math.floor(initialPair.notAfter.getTime() / 1000));
    if (initialPair.notAfter.getTime() < Date.now()) {
      log.warn({ notAfter: initialPair.notAfter.toISOString() }, 'the TLS certificate has expired');
    }
  }

  let httpsServer: HttpsServer | undefined;
  const serverFactory: FastifyServerFactory = (handler) => {
    if (initialPair === undefined) {
      const server = createHttpServer({ connectionsCheckingInterval: 1000 }, handler);
      bound(server, limits, metrics, log);
      return server;
    }
    httpsServer = createHttpsServer(
      {
        ...secureContextOptions(initialPair),
        handshakeTimeout: limits.handshakeTimeoutMs,
        connectionsCheckingInterval: Math.min(1000, limits.headersTimeoutMs),
      },
      handler,
    );
    bound(httpsServer, limits, metrics, log);
    return httpsServer;
  };

  const lifecycle = createLifecycle();
  const app = buildApp({
    rules: options.rules,
    config: options.config,
    settings: options.settings,
    cache,
    metrics,
    logger: log,
    lifecycle,
    serverFactory,
  });

  let reloader: CertReloader | undefined;
  if (tls && initialPair) {
    reloader = createCertReloader({
      certFile: tls.certFile,
      keyFile: tls.keyFile,
      initial: initialPair,
      ...(options.certDebounceMs !== undefined ? { debounceMs: options.certDebounceMs } : {}),
      ...(options.certPollMs !== undefined ? { pollMs: options.certPollMs } : {}),
      onReload(pair) {
        // New connections get the new pair; open connections keep theirs. No request fails.
        httpsServer?.setSecureContext(secureContextOptions(pair));
        metrics.setCertificateExpiry(Math.floor(pair.notAfter.getTime() / 1000));
        metrics.recordCertificateReload('success');
        log.info(
          { serialNumber: pair.serialNumber, notAfter: pair.notAfter.toISOString() },
          'TLS certificate reloaded',
        );
      },
      onError(error) {
        metrics.recordCertificateReload('failure');
        log.warn({ error: error.message }, 'TLS certificate not reloaded; still serving the previous one');
      },
    });
  }

  let metricsServer: MetricsServer | undefined;
  try {
    if (options.metricsPort !== undefined) {
      metricsServer = await serveMetrics(metrics, { host: options.host, port: options.metricsPort }).catch(
        (e: unknown) => {
          throw listenError(e, 'metrics', options.host, options.metricsPort ?? 0, '--metrics-port');
        },
      );
    }
    await app.listen({ host: options.host, port: options.port }).catch((e: unknown) => {
      throw listenError(e, 'admission', options.host, options.port, '--port');
    });
  } catch (e) {
    reloader?.stop();
    await metricsServer?.close();
    await app.close();
    throw e;
  }
  const address = app.server.address() as AddressInfo;
  const scheme = initialPair ? 'https' : 'http';
  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `${scheme}://${hostForUrl}:${address.port}`;

  let closing: Promise<void> | undefined;
  const shutdown = (): Promise<void> => {
    closing ??= (async () => {
      lifecycle.drain();
      log.info({ delayMs: options.shutdownDelayMs ?? 5000 }, 'shutting down: not ready, draining');
      await sleep(options.shutdownDelayMs ?? 5000);
      const cut = setTimeout(() => {
        log.warn('shutdown timeout: closing the remaining connections');
        app.server.closeAllConnections();
      }, options.shutdownTimeoutMs ?? 10_000);
      cut.unref();
      try {
        await app.close();
      } finally {
        clearTimeout(cut);
        reloader?.stop();
        await metricsServer?.close();
      }
      if (cache) {
        try {
          await cache.stop();
        } catch (e) {
          log.warn({ error: (e as Error).message }, 'the cluster cache did not stop cleanly');
        }
      }
      log.info('stopped');
    })();
    return closing;
  };

  if (cache) {
    // Started after listen, so liveness is answered while the informers list the cluster; not ready until synced.
    cache.start().catch((e: unknown) => {
      const error = e instanceof Error ? e : new Error(String(e));
      log.error({ error: error.message }, 'the cluster cache failed to start');
      options.onFatal?.(error);
    });
  }

  log.info(
    {
      url,
      ...(metricsServer !== undefined ? { metricsUrl: metricsServer.url } : {}),
      mode: options.settings.mode,
      denySeverity: options.settings.denySeverity,
      failureMode: options.settings.failureMode,
      deadlineMs: options.settings.deadlineMs,
      cluster: cache !== undefined,
      rules: options.rules.length,
      ...(initialPair ? { certificateNotAfter: initialPair.notAfter.toISOString() } : { insecureHttp: true }),
    },
    'kubeward webhook listening',
  );

  return {
    app,
    metrics,
    lifecycle,
    url,
    port: address.port,
    metricsUrl: metricsServer?.url,
    reloadCertificate: () => reloader?.check() ?? false,
    shutdown,
  };
}
