/** A real HTTPS client (node:https) trusting a test CA, and a small concurrent load generator. */

import { request as httpRequest } from 'node:http';
import { Agent, request } from 'node:https';
import type { TLSSocket } from 'node:tls';

export interface HttpResult {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
  /** Serial number of the server certificate (TLS only). */
  serialNumber?: string;
}

export interface PostOptions {
  ca?: Buffer;
  agent?: Agent | false;
  method?: string;
  contentType?: string;
  timeoutMs?: number;
  /** More request headers (e.g. `authorization`). */
  headers?: Record<string, string>;
}

/** One request; rejects on a network error (a failed request), resolves with any HTTP status. */
export function send(url: string, body: string | Buffer | undefined, options: PostOptions = {}): Promise<HttpResult> {
  const u = new URL(url);
  const secure = u.protocol === 'https:';
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...options.headers };
    if (body !== undefined) {
      headers['content-type'] = options.contentType ?? 'application/json';
      headers['content-length'] = Buffer.byteLength(body);
    }
    const opts = {
      method: options.method ?? (body === undefined ? 'GET' : 'POST'),
      hostname: u.hostname,
      port: u.port,
      path: `${u.pathname}${u.search}`,
      headers,
      timeout: options.timeoutMs ?? 10_000,
      ...(secure ? { ca: options.ca, agent: options.agent ?? false, servername: 'localhost' } : {}),
    };
    const req = (secure ? request : httpRequest)(opts, (res) => {
      const chunks: Buffer[] = [];
      const socket = res.socket as TLSSocket;
      const serial =
        secure && typeof socket.getPeerCertificate === 'function'
          ? socket.getPeerCertificate().serialNumber
          : undefined;
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks).toString('utf8'),
          headers: res.headers,
          ...(serial !== undefined ? { serialNumber: serial } : {}),
        }),
      );
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
    req.end(body);
  });
}

export interface LoadReport {
  ok: number;
  failed: number;
  /** Statuses other than 200, by status. */
  statuses: Record<number, number>;
  errors: string[];
  serials: Set<string>;
}

/**
 * Sends `body` from `concurrency` loops until `until()` says stop. Half of the loops open a new connection per
 * request (so certificate changes are exercised), half reuse keep-alive connections.
 */
export async function runLoad(
  url: string,
  body: string,
  options: { ca?: Buffer; concurrency: number; until: () => boolean; check?: (r: HttpResult) => boolean },
): Promise<LoadReport> {
  const report: LoadReport = { ok: 0, failed: 0, statuses: {}, errors: [], serials: new Set() };
  const keepAlive = new Agent({ keepAlive: true, maxSockets: options.concurrency, ca: options.ca });
  const loop = async (i: number): Promise<void> => {
    while (!options.until()) {
      try {
        const r = await send(url, body, { ca: options.ca, agent: i % 2 === 0 ? false : keepAlive });
        if (r.serialNumber !== undefined) report.serials.add(r.serialNumber);
        if (r.status === 200 && (options.check?.(r) ?? true)) report.ok++;
        else {
          report.failed++;
          report.statuses[r.status] = (report.statuses[r.status] ?? 0) + 1;
        }
      } catch (e) {
        report.failed++;
        if (report.errors.length < 10) report.errors.push((e as Error).message);
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, (_, i) => loop(i)));
  keepAlive.destroy();
  return report;
}
