/**
 * Error answers as Kubernetes `Status` objects, as the API server and kubectl expect from a Kubernetes endpoint:
 * the body of every 4xx the webhook sends, including those written before a request reaches the app (malformed
 * HTTP, headers too large, a request timeout), which fastify would otherwise answer with a JSON of its own.
 */
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyReply, FastifyServerOptions } from 'fastify';

export interface KubernetesStatus {
  apiVersion: 'v1';
  kind: 'Status';
  status: 'Failure';
  code: number;
  reason: string;
  message: string;
}

export function statusBody(code: number, reason: string, message: string): KubernetesStatus {
  return { apiVersion: 'v1', kind: 'Status', status: 'Failure', code, reason, message };
}

/** The Kubernetes `StatusReason` of an HTTP status (BadRequest for the codes Kubernetes has no reason for). */
export const STATUS_REASONS: Readonly<Record<number, string>> = {
  400: 'BadRequest',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  408: 'Timeout',
  413: 'RequestEntityTooLarge',
  415: 'UnsupportedMediaType',
  417: 'BadRequest',
  431: 'BadRequest',
  500: 'InternalError',
  503: 'ServiceUnavailable',
};

/** A complete HTTP/1.1 response carrying a Status, closing the connection (for sockets fastify never saw). */
export function rawStatusResponse(code: number, message: string): string {
  const body = JSON.stringify(statusBody(code, STATUS_REASONS[code] ?? 'BadRequest', message));
  return [
    `HTTP/1.1 ${code} ${STATUS_CODES[code] ?? 'Error'}`,
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

/** What a connection-level client error gets: fixed texts, nothing of what the client sent is echoed. */
export function clientErrorStatus(code: string | undefined): { status: number; message: string } {
  switch (code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, message: 'the request was not received in time; the connection is closed' };
    case 'HPE_HEADER_OVERFLOW':
      return { status: 431, message: 'the request headers are too large' };
    default:
      return { status: 400, message: `malformed HTTP request (${code ?? 'unknown'})` };
  }
}

/** What an error of fastify's router gets (a URL it cannot decode): fixed texts, the URL is not echoed. */
export function frameworkErrorStatus(code: string | undefined): { status: number; message: string } {
  if (code === 'FST_ERR_BAD_URL') {
    return { status: 400, message: 'the request URL is not valid (malformed percent-encoding)' };
  }
  return { status: 400, message: `bad request (${code ?? 'unknown'})` };
}

/** fastify's `frameworkErrors` option: a Status answer; `onRejected` counts it. */
export function frameworkErrorHandler(
  onRejected: (status: number) => void,
): NonNullable<FastifyServerOptions['frameworkErrors']> {
  return (error, _request, reply) => {
    const { status, message } = frameworkErrorStatus(error.code);
    onRejected(status);
    void (reply as unknown as FastifyReply)
      .code(status)
      .send(statusBody(status, STATUS_REASONS[status] ?? 'BadRequest', message));
  };
}

/**
 * The server's `clientError` handler (fastify's `clientErrorHandler` option): answers with a Status when the socket
 * can still take one, then closes it. A reset connection has nobody to answer.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const { status, message } = clientErrorStatus(error.code);
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  socket.end(rawStatusResponse(status, message));
  // A client that does not read its answer does not keep the socket.
  setTimeout(() => socket.destroy(), 1000).unref();
}
