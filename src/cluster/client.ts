/**
 * The connection to a cluster: a KubeConfig from a file, `$KUBECONFIG`, `~/.kube/config` or the in-cluster
 * service account, with one context selected, and a JSON GET that goes through client-node's own HTTP stack
 * (its authentication, TLS and proxy handling).
 *
 * `@kubernetes/client-node` is heavy (about half a second to import), so it is loaded only with `import()` inside
 * these functions: `kubeward lint` never imports this module's dependency, and type imports are erased.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import type * as ClientNode from '@kubernetes/client-node';
import { KubewardError } from '../engine/errors.js';
import { importDependency } from '../import-dependency.js';
import { cleanText, truncateRunes } from '../k8s/text.js';
import { formatDuration } from './duration.js';

export type ClientNodeModule = typeof ClientNode;
export type KubeConfig = ClientNode.KubeConfig;

let loading: Promise<ClientNodeModule> | undefined;

/** Loads `@kubernetes/client-node` once. */
export function loadClientNode(): Promise<ClientNodeModule> {
  loading ??= importDependency<ClientNodeModule>('@kubernetes/client-node');
  return loading;
}

/**
 * An HTTP or transport error from the API server. `statusCode` is set for HTTP errors (client-node reads it).
 * The message holds no control characters: API server text is cleaned (`cleanApiText`).
 */
export class ClusterRequestError extends Error {
  readonly statusCode: number | undefined;
  /** The `reason` of the API server's Status (`Forbidden`, `NotFound`, `Expired`, …). */
  readonly reason: string | undefined;
  /**
   * Set when the request got no answer at all, saying why (`no answer within 1m`, a refused connection, a TLS or
   * credential failure): every other request to the same server would fail the same way.
   */
  readonly unanswered: string | undefined;
  /** The request was not sent: the kubeconfig's credentials could not be used (an exec plugin failed, …). */
  readonly credentials: boolean;

  constructor(
    message: string,
    options: { statusCode?: number; reason?: string; unanswered?: string; credentials?: boolean; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ClusterRequestError';
    this.statusCode = options.statusCode;
    this.reason = options.reason;
    this.unanswered = options.unanswered;
    this.credentials = options.credentials ?? false;
  }
}

/** Longest API server text kept in a message (a Status message, a proxy's error page). */
export const MAX_API_TEXT = 500;

/** Text from the API server (or from an error about talking to it), cleaned (`cleanText`) and cut to MAX_API_TEXT. */
export function cleanApiText(text: string): string {
  return truncateRunes(cleanText(text), MAX_API_TEXT);
}

/** The HTTP status of an error from this module or from client-node, if it has one. */
export function statusCodeOf(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const rec = err as { statusCode?: unknown; code?: unknown };
  if (typeof rec.statusCode === 'number') return rec.statusCode;
  return typeof rec.code === 'number' ? rec.code : undefined;
}

export interface ConnectOptions {
  /** A kubeconfig file (relative to `cwd`); default `$KUBECONFIG`, then `~/.kube/config`, then in-cluster. */
  kubeconfig?: string;
  /** The context to use; default the kubeconfig's current-context. */
  context?: string;
  /** Environment for `KUBECONFIG`, `HOME` and `KUBERNETES_SERVICE_HOST` (default `process.env`). */
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Timeout of each list request, in ms (default DEFAULT_REQUEST_TIMEOUT_MS). Watches have client-node's own. */
  requestTimeoutMs?: number;
}

export interface ClusterClient {
  readonly lib: ClientNodeModule;
  readonly kubeConfig: KubeConfig;
  /** The context name (`inClusterContext` inside a pod). */
  readonly context: string;
  /** The API server URL of the context's cluster. */
  readonly server: string;
  /** Where the config came from: a file path, or `in-cluster`. */
  readonly configSource: string;
  /**
   * GETs a path on the API server and parses the JSON body. HTTP errors throw a ClusterRequestError with the
   * status code and the message of the API server's Status; transport errors (no answer within the request
   * timeout included) throw one without a status and with `unanswered`. When `signal` aborts, the request stops
   * and its reason is thrown.
   */
  getJson(
    path: string,
    query?: Readonly<Record<string, string | undefined>>,
    options?: { signal?: AbortSignal },
  ): Promise<unknown>;
}

/** A request that gets no answer (nor the end of one) within this is given up: 1 minute. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;

const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

/** Loads client-node, reads the kubeconfig, selects the context. Configuration problems throw a KubewardError. */
export async function connectCluster(options: ConnectOptions = {}): Promise<ClusterClient> {
  const lib = await loadClientNode();
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const kc = new lib.KubeConfig();
  const configSource = loadKubeConfig(lib, kc, options.kubeconfig, env, cwd);

  if (options.context !== undefined && options.context !== '') {
    if (kc.getContextObject(options.context) === null) {
      const known = kc.getContexts().map((c) => c.name);
      throw new KubewardError('USAGE', `context "${options.context}" is not in the kubeconfig (${configSource}).`, {
        hint: known.length > 0 ? `contexts: ${known.join(', ')}` : 'the kubeconfig defines no contexts',
      });
    }
    kc.setCurrentContext(options.context);
  }
  const context = kc.getCurrentContext();
  if (!context) {
    throw new KubewardError('USAGE', `the kubeconfig (${configSource}) has no current-context.`, {
      hint: 'pass --context, or run kubectl config use-context <name>',
    });
  }
  if (kc.getContextObject(context) === null) {
    throw new KubewardError('INPUT_UNREADABLE', `current-context "${context}" is not defined in ${configSource}.`, {
      hint: 'pass --context with a context the kubeconfig defines',
    });
  }
  const cluster = kc.getCurrentCluster();
  if (cluster === null || !cluster.server) {
    throw new KubewardError(
      'INPUT_UNREADABLE',
      `context "${context}" names a cluster that ${configSource} does not define (or that has no server).`,
    );
  }
  const server = cluster.server.replace(/\/+$/, '');
  const timeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const http = new lib.IsomorphicFetchHttpLibrary();
  const unreachable = (why: string, cause: unknown): ClusterRequestError =>
    new ClusterRequestError(`cannot reach the API server ${server} (context ${context}): ${why}`, {
      unanswered: why,
      cause,
    });

  const getJson = async (
    path: string,
    query: Readonly<Record<string, string | undefined>> = {},
    requestOptions: { signal?: AbortSignal } = {},
  ): Promise<unknown> => {
    const caller = requestOptions.signal;
    caller?.throwIfAborted();
    const url = new URL(server + path);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, v);
    const ctx = new lib.RequestContext(url.toString(), lib.HttpMethod.GET);
    ctx.setHeaderParam('Accept', 'application/json');
    try {
      await kc.applySecurityAuthentication(ctx);
    } catch (err) {
      const why = `cannot authenticate: ${errorText(err)}`;
      throw new ClusterRequestError(`cannot authenticate to ${server} (context ${context}): ${errorText(err)}`, {
        unanswered: why,
        credentials: true,
        cause: err,
      });
    }
    const timeout = AbortSignal.timeout(timeoutMs);
    ctx.setSignal(caller ? AbortSignal.any([caller, timeout]) : timeout);
    const dispatcher = ctx.getDispatcher();
    try {
      let text: string;
      let status: number;
      try {
        const response = await http.send(ctx).toPromise();
        status = response.httpStatusCode;
        // The timeout covers the body too: a server that sends headers and then nothing is given up as well.
        text = await response.body.text();
      } catch (err) {
        if (caller?.aborted) throw caller.reason;
        if (timeout.aborted) throw unreachable(`no answer within ${formatDuration(timeoutMs)}`, err);
        throw unreachable(errorText(err), err);
      }
      if (status >= 200 && status < 300) {
        try {
          return JSON.parse(text) as unknown;
        } catch {
          throw new ClusterRequestError(`the API server sent invalid JSON for ${path} (HTTP ${status}).`, {
            statusCode: status,
          });
        }
      }
      throw statusError(status, text);
    } finally {
      // A dispatcher is made per request (TLS options); close it so no keep-alive socket holds the process open.
      await dispatcher?.close().catch(() => undefined);
    }
  };

  return { lib, kubeConfig: kc, context, server, configSource, getJson };
}

function loadKubeConfig(
  lib: ClientNodeModule,
  kc: KubeConfig,
  explicit: string | undefined,
  env: Record<string, string | undefined>,
  cwd: string,
): string {
  const read = (file: string, merge: boolean): void => {
    try {
      if (!merge) {
        kc.loadFromFile(file);
        return;
      }
      const more = new lib.KubeConfig();
      more.loadFromFile(file);
      // Like kubectl: the first file that sets a value wins (client-node would throw on a duplicate name).
      more.clusters = more.clusters.filter((c) => kc.getCluster(c.name) === null);
      more.users = more.users.filter((u) => kc.getUser(u.name) === null);
      more.contexts = more.contexts.filter((c) => kc.getContextObject(c.name) === null);
      kc.mergeConfig(more, Boolean(kc.getCurrentContext()));
    } catch (err) {
      throw new KubewardError('INPUT_UNREADABLE', `cannot read kubeconfig ${file}: ${errorText(err)}`, {
        hint: 'check the file is a valid kubeconfig (kubectl config view --kubeconfig <file>)',
      });
    }
  };

  if (explicit !== undefined && explicit !== '') {
    const file = resolve(cwd, explicit);
    if (!existsSync(file)) {
      throw new KubewardError('INPUT_NOT_FOUND', `kubeconfig not found: ${explicit}.`, {
        hint: 'check the path given to --kubeconfig',
      });
    }
    read(file, false);
    return file;
  }
  const fromEnv = (env.KUBECONFIG ?? '')
    .split(delimiter)
    .filter((f) => f !== '')
    .map((f) => resolve(cwd, f));
  if (fromEnv.length > 0) {
    // kubectl ignores the files of $KUBECONFIG that do not exist.
    const files = fromEnv.filter((f) => existsSync(f));
    if (files.length === 0) {
      throw new KubewardError('INPUT_NOT_FOUND', `no file of $KUBECONFIG exists: ${fromEnv.join(delimiter)}.`, {
        hint: 'fix $KUBECONFIG, or pass --kubeconfig',
      });
    }
    files.forEach((f, i) => {
      read(f, i > 0);
    });
    return files.join(delimiter);
  }
  const home = env.HOME ?? env.USERPROFILE ?? homedir();
  const homeConfig = join(home, '.kube', 'config');
  if (existsSync(homeConfig)) {
    read(homeConfig, false);
    return homeConfig;
  }
  if (env.KUBERNETES_SERVICE_HOST && existsSync(SERVICE_ACCOUNT_TOKEN)) {
    kc.loadFromCluster();
    return 'in-cluster';
  }
  throw new KubewardError('INPUT_NOT_FOUND', 'no kubeconfig: $KUBECONFIG is unset and ~/.kube/config does not exist.', {
    hint: 'pass --kubeconfig <file>, set $KUBECONFIG, or run inside a pod with a service account',
  });
}

/** The API server's Status message for an HTTP error, else the status line. */
function statusError(status: number, body: string): ClusterRequestError {
  let message: string | undefined;
  let reason: string | undefined;
  try {
    const parsed = JSON.parse(body) as { message?: unknown; reason?: unknown };
    if (typeof parsed.message === 'string' && parsed.message !== '') message = parsed.message;
    if (typeof parsed.reason === 'string' && parsed.reason !== '') reason = parsed.reason;
  } catch {
    // Not a Status: a proxy or load balancer answered.
  }
  const text = cleanApiText(message ?? (body.slice(0, MAX_API_TEXT * 2) || `HTTP ${status}`)) || `HTTP ${status}`;
  const cleanReason = reason === undefined ? undefined : cleanApiText(reason);
  return new ClusterRequestError(`HTTP ${status}${cleanReason ? ` ${cleanReason}` : ''}: ${text}`, {
    statusCode: status,
    ...(cleanReason ? { reason: cleanReason } : {}),
  });
}

/**
 * An error's message with its cause (fetch failures hide the useful part, e.g. ECONNREFUSED, in `cause`), cleaned
 * for a terminal (`cleanApiText`).
 */
export function errorText(err: unknown): string {
  if (!(err instanceof Error)) return cleanApiText(String(err));
  const cause = err.cause;
  if (cause instanceof Error && !(err instanceof ClusterRequestError) && cause.message !== err.message) {
    const code = (cause as { code?: unknown }).code;
    return cleanApiText(`${err.message} (${typeof code === 'string' ? `${code}: ` : ''}${cause.message})`);
  }
  return cleanApiText(err.message);
}
