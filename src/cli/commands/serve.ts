/**
 * `kubeward serve`: the validating admission webhook. Loads the config (rules and the `webhook:` settings, then the
 * flags on top), the cluster cache unless `--no-cluster`, starts the HTTPS server, and on SIGTERM or SIGINT shuts
 * down gracefully. Returns the exit code: 0 after a clean shutdown, 1 when the cluster cache could not start.
 * Certificate or key files that cannot be used and ports that cannot be bound are usage errors (exit 2, a message
 * and a hint, no stack trace): startServer says which.
 */
import { resolve } from 'node:path';
import { KubewardError } from '../../engine/errors.js';
import { SEVERITIES, type Severity } from '../../engine/types.js';
import { allRules } from '../../rules/index.js';
import type { ClusterCache } from '../../webhook/cache.js';
import { bufferedLogDestination, webhookLogger } from '../../webhook/log.js';
import { startServer } from '../../webhook/server.js';
import {
  applyWebhookFlags,
  FAILURE_MODES,
  type FailureMode,
  loadServeConfig,
  WEBHOOK_MODES,
  type WebhookFlags,
  type WebhookMode,
} from '../../webhook/settings.js';
import type { CliIo } from '../io.js';

/** How long after a clean shutdown the process is made to exit if a stray handle keeps it alive. */
const EXIT_GRACE_MS = 3000;

/** Plain-HTTP `/metrics` (`--metrics-port`, 0 = off). */
export const DEFAULT_METRICS_PORT = 8080;

function usage(message: string, hint?: string): KubewardError {
  return new KubewardError('USAGE', message, hint !== undefined ? { hint } : {});
}

function integerFlag(opts: Record<string, unknown>, key: string, flag: string, min: number, max: number) {
  const raw = opts[key];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw usage(`${flag} must be an integer from ${min} to ${max}, not "${String(raw)}".`);
  }
  return n;
}

function choiceFlag<T extends string>(opts: Record<string, unknown>, key: string, flag: string, choices: readonly T[]) {
  const raw = opts[key];
  if (raw === undefined) return undefined;
  if (!choices.includes(raw as T)) throw usage(`${flag} must be one of ${choices.join(', ')}, not "${String(raw)}".`);
  return raw as T;
}

/** The webhook settings the flags override (undefined = not given). */
export function webhookFlags(opts: Record<string, unknown>): WebhookFlags {
  const flags: WebhookFlags = {};
  const mode = choiceFlag<WebhookMode>(opts, 'mode', '--mode', WEBHOOK_MODES);
  if (mode !== undefined) flags.mode = mode;
  const denySeverity = choiceFlag<Severity>(opts, 'denySeverity', '--deny-severity', SEVERITIES);
  if (denySeverity !== undefined) flags.denySeverity = denySeverity;
  const failureMode = choiceFlag<FailureMode>(opts, 'failureMode', '--failure-mode', FAILURE_MODES);
  if (failureMode !== undefined) flags.failureMode = failureMode;
  const deadline = integerFlag(opts, 'deadline', '--deadline', 50, 30_000);
  if (deadline !== undefined) flags.deadlineMs = deadline;
  const maxBody = integerFlag(opts, 'maxBodySize', '--max-body-size', 1024, 64 * 1024 * 1024);
  if (maxBody !== undefined) flags.maxBodyBytes = maxBody;
  if (opts.ratchet === false) flags.ratchetUpdates = false;
  if (Array.isArray(opts.exemptNamespace)) flags.exemptNamespaces = opts.exemptNamespace.map(String);
  return flags;
}

function tlsFiles(opts: Record<string, unknown>, cwd: string): { certFile: string; keyFile: string } | undefined {
  const cert = typeof opts.tlsCert === 'string' ? opts.tlsCert : undefined;
  const key = typeof opts.tlsKey === 'string' ? opts.tlsKey : undefined;
  if (opts.insecureHttp === true) {
    if (cert !== undefined || key !== undefined) {
      throw usage('--insecure-http serves plain HTTP: do not combine it with --tls-cert or --tls-key.');
    }
    return undefined;
  }
  if (cert === undefined || key === undefined) {
    throw usage(
      'serve needs --tls-cert FILE and --tls-key FILE: the API server only calls webhooks over HTTPS.',
      [
        'In a cluster, mount a cert-manager Certificate Secret and pass its tls.crt and tls.key;',
        'for local tests only, --insecure-http serves plain HTTP.',
      ].join(' '),
    );
  }
  return { certFile: resolve(cwd, cert), keyFile: resolve(cwd, key) };
}

/** Resolves on the first SIGTERM or SIGINT. */
function terminationSignal(): Promise<NodeJS.Signals> {
  return new Promise((res) => {
    const on = (signal: NodeJS.Signals) => {
      process.off('SIGTERM', on);
      process.off('SIGINT', on);
      res(signal);
    };
    process.on('SIGTERM', on);
    process.on('SIGINT', on);
  });
}

export interface ServeHooks {
  /** Resolves when the server should shut down (default: SIGTERM or SIGINT). */
  stop?: Promise<unknown>;
  /** Replaces the cluster cache (tests). */
  cache?: ClusterCache;
  /** Called once the server listens, with its URL. */
  onListening?: (url: string) => void;
}

export async function runServe(opts: Record<string, unknown>, io: CliIo, hooks: ServeHooks = {}): Promise<number> {
  const tls = tlsFiles(opts, io.cwd);
  const port = integerFlag(opts, 'port', '--port', 0, 65_535) ?? 8443;
  // 0 turns the metrics listener off (for an ephemeral port, tests call startServer directly).
  const metricsPort = integerFlag(opts, 'metricsPort', '--metrics-port', 0, 65_535) ?? DEFAULT_METRICS_PORT;
  if (metricsPort !== 0 && metricsPort === port) {
    throw usage(
      `--metrics-port and --port are both ${port}: the metrics port is a listener of its own.`,
      'Choose another --metrics-port, or 0 for none.',
    );
  }
  const shutdownDelayMs = integerFlag(opts, 'shutdownDelay', '--shutdown-delay', 0, 120_000) ?? 5000;
  // Plain HTTP is for local tests: unless told otherwise it listens on loopback only, never on every interface.
  const host = typeof opts.host === 'string' ? opts.host : opts.insecureHttp === true ? '127.0.0.1' : '0.0.0.0';
  const logLevel = choiceFlag(opts, 'logLevel', '--log-level', ['debug', 'info', 'warn', 'error'] as const) ?? 'info';
  const flags = webhookFlags(opts);

  const { config, settings: fromFile } = await loadServeConfig({
    cwd: io.cwd,
    ...(typeof opts.config === 'string' ? { explicitPath: resolve(io.cwd, opts.config) } : {}),
    rules: allRules,
  });
  const settings = applyWebhookFlags(fromFile, flags);

  // One line per decision: on the process's own stdout through a buffered asynchronous stream (log.ts), so a busy
  // webhook does not make one syscall per request; flushed every second and on exit.
  const destination = io.stdoutFd !== undefined ? bufferedLogDestination(io.stdoutFd) : undefined;
  const logger = webhookLogger(destination?.stream ?? { write: (line: string) => io.stdout(line) }, logLevel);

  let cache = hooks.cache;
  if (cache === undefined && opts.cluster !== false) {
    // Loaded only here: lint and --no-cluster never load @kubernetes/client-node.
    const { createClusterCache } = await import('../../cluster/informer-index.js');
    cache = createClusterCache({
      kinds: [...new Set(allRules.flatMap((r) => r.meta.kinds))],
      ...(typeof opts.context === 'string' ? { context: opts.context } : {}),
      log: (level, message) => logger[level]({ component: 'cluster-cache' }, message),
    });
  }

  let exitCode = 0;
  let fatal: (() => void) | undefined;
  const fatalStop = new Promise<void>((res) => {
    fatal = res;
  });
  const server = await startServer({
    rules: allRules,
    config,
    settings,
    cache,
    logger,
    tls,
    host,
    port,
    metricsPort: metricsPort === 0 ? undefined : metricsPort,
    shutdownDelayMs,
    onFatal: () => {
      exitCode = 1;
      fatal?.();
    },
  });
  hooks.onListening?.(server.url);
  // The start-up lines now, not with the first second's decisions: whoever watches the pod's log sees it listen.
  destination?.flush();

  await Promise.race([hooks.stop ?? terminationSignal(), fatalStop]);
  await server.shutdown();
  destination?.close();
  if (hooks.stop === undefined) {
    // A stray handle (a library timer, a watch) must not keep a terminated pod alive past its grace period.
    setTimeout(() => process.exit(exitCode), EXIT_GRACE_MS).unref();
  }
  return exitCode;
}
