/** Raw sockets to a test server (TCP or TLS), for what an HTTP client library would never send. */
import { connect as netConnect, type Socket } from 'node:net';
import { type ConnectionOptions, type TLSSocket, connect as tlsConnect } from 'node:tls';

/** Resolves once the TLS handshake is done; rejects with the handshake's error. */
export function openTls(port: number, options: ConnectionOptions = {}): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ host: '127.0.0.1', port, servername: 'localhost', ...options }, () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Resolves once a plain TCP connection is open (`localAddress` picks the client's loopback address). */
export function openTcp(port: number, localAddress?: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = netConnect({ host: '127.0.0.1', port, ...(localAddress ? { localAddress } : {}) }, () =>
      resolve(socket),
    );
    socket.once('error', reject);
  });
}

/** What a socket received until it closed, and how long after the call it closed (or gave up waiting). */
export function untilClosed(
  socket: Socket,
  timeoutMs = 15_000,
): Promise<{ text: string; ms: number; closed: boolean }> {
  const start = Date.now();
  return new Promise((resolve) => {
    let text = '';
    socket.on('data', (d: Buffer) => {
      text += d.toString('utf8');
    });
    socket.on('error', () => undefined);
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ text, ms: Date.now() - start, closed: false });
    }, timeoutMs);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve({ text, ms: Date.now() - start, closed: true });
    });
  });
}

/** Status line code and JSON body of a raw HTTP/1.1 response. */
export function parseResponse(text: string): { status: number; body: unknown } {
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
  const body = text.slice(text.indexOf('\r\n\r\n') + 4);
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    json = body;
  }
  return { status, body: json };
}

/** Writes `request` on a new TLS connection and returns the response the server sent before closing it. */
export async function rawTlsRequest(
  port: number,
  ca: Buffer,
  request: string,
): Promise<{ status: number; body: unknown }> {
  const socket = await openTls(port, { ca });
  const done = untilClosed(socket);
  socket.write(request);
  return parseResponse((await done).text);
}
