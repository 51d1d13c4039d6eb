/**
 * What one client can hold of the admission port: open connections per client address, and how long a connection
 * may take to finish its TLS handshake, to send a request, or sit idle. The `webhook.connections` settings.
 *
 * Why these defaults. The API server keeps up to 25 idle keep-alive connections per webhook host (client-go's
 * transport defaults) and opens more only while that many requests are in flight at once; 256 per address is ten
 * times that, and each API server (or konnectivity agent) connects from an address of its own. Before the limit,
 * one client holding the server's 2,048 connection slots with idle sockets made every legitimate review fail. A
 * connection that does not complete its handshake, or whose request headers are not complete, within 5 s is
 * closed (the API server sends a request as soon as it connects); a keep-alive connection between requests stays
 * open for 65 s, longer than the API server keeps idle ones (90 s is Go's timeout, so it is the server that closes
 * them, never in the middle of the client's next request).
 */
import type { Server as HttpServer } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { Socket } from 'node:net';

export interface ConnectionSettings {
  /** Open connections from one client address; a connection over the limit is closed at once. */
  maxPerClient: number;
  /** Open connections from all clients together. */
  max: number;
  /** Time for a TLS handshake, in milliseconds. */
  handshakeTimeoutMs: number;
  /** Time for a request's headers (from the connection's start, or from a keep-alive request's first byte). */
  headersTimeoutMs: number;
  /** Time for a whole request, headers and body (at least `headersTimeoutMs`). */
  requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this long. */
  keepAliveTimeoutMs: number;
}

export const DEFAULT_CONNECTION_SETTINGS: ConnectionSettings = {
  maxPerClient: 256,
  max: 2048,
  handshakeTimeoutMs: 5000,
  headersTimeoutMs: 5000,
  requestTimeoutMs: 10_000,
  keepAliveTimeoutMs: 65_000,
};

const MS = (description: string, minimum: number, maximum: number) =>
  ({ description, type: 'integer', minimum, maximum }) as const;

/** JSON Schema of `webhook.connections` (part of WEBHOOK_SETTINGS_SCHEMA). */
export const CONNECTION_SETTINGS_SCHEMA = {
  description:
    "Limits on the admission port's connections, so that idle or slow sockets cannot starve the API server's reviews. The defaults leave the API server (up to 25 keep-alive connections per webhook host) ten times the room it uses.",
  type: 'object',
  additionalProperties: false,
  properties: {
    maxPerClient: {
      description: 'Open connections from one client address; one over the limit is closed at once. Default: 256.',
      type: 'integer',
      minimum: 1,
      maximum: 65536,
    },
    max: {
      description: 'Open connections from all clients together. Default: 2048.',
      type: 'integer',
      minimum: 1,
      maximum: 65536,
    },
    handshakeTimeoutMs: MS('Milliseconds a connection has to complete its TLS handshake. Default: 5000.', 100, 120000),
    headersTimeoutMs: MS(
      "Milliseconds a connection has to send a request's complete headers, from when it opened (or, on a keep-alive connection, from the request's first byte). Default: 5000.",
      100,
      120000,
    ),
    requestTimeoutMs: MS(
      'Milliseconds a connection has to send a whole request, headers and body (never less than `headersTimeoutMs`). Default: 10000.',
      100,
      300000,
    ),
    keepAliveTimeoutMs: MS(
      'Milliseconds an idle keep-alive connection stays open between requests. Default: 65000.',
      100,
      600000,
    ),
  },
} as const;

/** `::ffff:10.0.0.1` and `10.0.0.1` are one client. */
function clientAddress(socket: Pick<Socket, 'remoteAddress'>): string {
  const address = socket.remoteAddress ?? '';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

/** The timeouts and the overall connection limit on a listening server. */
export function applyConnectionTimeouts(server: HttpServer | HttpsServer, settings: ConnectionSettings): void {
  server.headersTimeout = settings.headersTimeoutMs;
  // node refuses a request timeout shorter than the headers timeout.
  server.requestTimeout = Math.max(settings.requestTimeoutMs, settings.headersTimeoutMs);
  server.keepAliveTimeout = settings.keepAliveTimeoutMs;
  server.maxConnections = settings.max;
}

/**
 * Closes a client's connection at once when that client already has `maxPerClient` open, before any TLS or HTTP
 * work is spent on it; `onRefused` is told which client (for the metrics and the log).
 */
export function limitConnectionsPerClient(
  server: HttpServer | HttpsServer,
  maxPerClient: number,
  onRefused: (address: string) => void,
): void {
  const open = new Map<string, number>();
  // Before the TLS server's own listener, so a refused socket costs no handshake.
  server.prependListener('connection', (socket: Socket) => {
    const address = clientAddress(socket);
    const count = open.get(address) ?? 0;
    if (count >= maxPerClient) {
      onRefused(address);
      socket.destroy();
      return;
    }
    open.set(address, count + 1);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left <= 0) open.delete(address);
      else open.set(address, left);
    });
  });
}
