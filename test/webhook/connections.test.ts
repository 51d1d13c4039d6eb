/**
 * Connections a hostile or broken client holds cannot starve the API server's reviews: a limit per client address,
 * and timeouts for a handshake, a request's headers and an idle connection. The real TLS server on loopback; the
 * "other client" connects from 127.0.0.2 (all of 127/8 is loopback on Linux), the legitimate one from 127.0.0.1.
 */
import { Agent } from 'node:https';
import type { Socket } from 'node:net';
import type { FastifyBaseLogger } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/engine/config-types.js';
import type { AdmissionReviewResponse } from '../../src/webhook/admission.js';
import { type ConnectionSettings, DEFAULT_CONNECTION_SETTINGS } from '../../src/webhook/connections.js';
import { type RunningServer, startServer } from '../../src/webhook/server.js';
import { createTestCa, issueLeaf, type TestCa, type TestLeaf } from './helpers/certs.js';
import { fixtureText, logCapture, settingsWith, WEBHOOK_TEST_RULES } from './helpers/fixtures.js';
import { send } from './helpers/https.js';
import { openTcp, openTls, untilClosed } from './helpers/raw.js';

let ca: TestCa;
let leaf: TestLeaf;

beforeAll(() => {
  ca = createTestCa();
  leaf = issueLeaf(ca, 'connections');
});
afterAll(() => ca.remove());

async function start(
  connections: Partial<ConnectionSettings> = {},
  logger: FastifyBaseLogger = pino({ level: 'silent' }),
): Promise<RunningServer> {
  const server = await startServer({
    rules: WEBHOOK_TEST_RULES,
    config: DEFAULT_CONFIG,
    settings: settingsWith({ connections: { ...DEFAULT_CONNECTION_SETTINGS, ...connections } }),
    logger,
    tls: { certFile: leaf.certFile, keyFile: leaf.keyFile },
    host: '127.0.0.1',
    port: 0,
    metricsPort: 0,
    shutdownDelayMs: 0,
  });
  onTestFinished(() => server.shutdown());
  return server;
}

const OTHER_CLIENT = '127.0.0.2';

/** `n` idle TCP connections from the other client (closed when the test ends). */
async function idleSockets(port: number, n: number): Promise<Socket[]> {
  const sockets: Socket[] = [];
  onTestFinished(() => {
    for (const s of sockets) s.destroy();
  });
  for (let i = 0; i < n; i += 100) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(100, n - i) }, () => openTcp(port, OTHER_CLIENT).catch(() => undefined)),
    );
    for (const s of batch) {
      if (s === undefined) continue;
      s.on('error', () => undefined);
      sockets.push(s);
    }
  }
  return sockets;
}

async function reviews(server: RunningServer, n: number): Promise<{ ok: number; errors: string[] }> {
  const body = fixtureText('deployment-create.json');
  const url = `${server.url.replace('127.0.0.1', 'localhost')}/validate`;
  let ok = 0;
  const errors: string[] = [];
  await Promise.all(
    Array.from({ length: n }, async () => {
      try {
        const res = await send(url, body, { ca: ca.pem, timeoutMs: 5000 });
        if (res.status === 200 && (JSON.parse(res.body) as AdmissionReviewResponse).response.allowed) ok++;
        else errors.push(`status ${res.status}`);
      } catch (e) {
        errors.push((e as Error).message);
      }
    }),
  );
  return { ok, errors };
}

describe('connections per client', () => {
  it('answers every legitimate review while another client holds 2,100 idle connections', async () => {
    const server = await start();
    const idle = await idleSockets(server.port, 2100);
    expect(idle.length).toBeGreaterThan(2000);
    const result = await reviews(server, 30);
    expect(result.errors).toEqual([]);
    expect(result.ok).toBe(30);
    const metrics = await send(server.metricsUrl ?? '', undefined);
    const refused = Number(
      /kubeward_http_connections_refused_total\{reason="client_limit"\} (\d+)/.exec(metrics.body)?.[1],
    );
    expect(refused).toBeGreaterThanOrEqual(2100 - DEFAULT_CONNECTION_SETTINGS.maxPerClient);
  });

  it("leaves the API server's pattern alone: 25 keep-alive connections and a burst of 150 more at once", async () => {
    const server = await start();
    const agent = new Agent({ keepAlive: true, maxSockets: 25, ca: ca.pem });
    onTestFinished(() => agent.destroy());
    const url = `${server.url.replace('127.0.0.1', 'localhost')}/validate`;
    const body = fixtureText('deployment-create.json');
    const pooled = () => send(url, body, { ca: ca.pem, agent, timeoutMs: 10_000 }).then((r) => r.status);
    expect(await Promise.all(Array.from({ length: 100 }, pooled))).toEqual(Array(100).fill(200));
    // Under load it opens more than it keeps idle, all from its one address.
    const burst = reviews(server, 150);
    const kept = Promise.all(Array.from({ length: 100 }, pooled));
    expect((await burst).errors).toEqual([]);
    expect(await kept).toEqual(Array(100).fill(200));
    const metrics = await send(server.metricsUrl ?? '', undefined);
    expect(metrics.body).not.toMatch(/kubeward_http_connections_refused_total\{[^}]*\} [1-9]/);
  });

  it('closes a connection over the per-client limit at once, and takes the client again once it has fewer', async () => {
    const capture = logCapture();
    const server = await start({ maxPerClient: 3 }, pino({ level: 'info' }, capture.stream));
    const held = await idleSockets(server.port, 3);
    const over = await idleSockets(server.port, 2);
    for (const socket of over) {
      const cut = await untilClosed(socket, 5000);
      expect(cut.closed).toBe(true);
      expect(cut.ms).toBeLessThan(4000);
    }
    // Said once (not per refused connection), with the client and the setting to raise.
    const warnings = capture.lines.filter((l) => String(l.msg).includes('maxPerClient'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ level: 40, client: OTHER_CLIENT, maxPerClient: 3 }); // pino's warn
    // The limit is per address: 127.0.0.1 is another client.
    expect((await reviews(server, 3)).ok).toBe(3);
    for (const s of held) s.destroy();
    await new Promise((r) => setTimeout(r, 100));
    const [again] = await idleSockets(server.port, 1);
    if (again === undefined) throw new Error('no socket');
    expect((await untilClosed(again, 300)).closed).toBe(false);
  });
});

describe('connections in all', () => {
  it('counts connections node closes over connections.max', async () => {
    const server = await start({ max: 2, maxPerClient: 10 });
    const sockets = await idleSockets(server.port, 3);
    const closed = await Promise.all(sockets.map((s) => untilClosed(s, 1500)));
    expect(closed.filter((c) => c.closed)).toHaveLength(1);
    const metrics = await send(server.metricsUrl ?? '', undefined);
    expect(metrics.body).toContain('kubeward_http_connections_refused_total{reason="server_limit"} 1');
  });
});

describe('timeouts', () => {
  const fast = { handshakeTimeoutMs: 500, headersTimeoutMs: 800, requestTimeoutMs: 2000 };

  it('closes a connection that never starts its TLS handshake', async () => {
    const server = await start(fast);
    const [socket] = await idleSockets(server.port, 1);
    if (socket === undefined) throw new Error('no socket');
    const cut = await untilClosed(socket, 10_000);
    expect(cut.closed).toBe(true);
  });

  it('closes a connection that completes its handshake and never sends a request', async () => {
    const server = await start(fast);
    const socket = await openTls(server.port, { ca: ca.pem });
    const cut = await untilClosed(socket, 10_000);
    expect(cut.closed).toBe(true);
  });

  it('cuts a slowloris: headers dribbled a line at a time never complete in time', async () => {
    const server = await start(fast);
    const socket = await openTls(server.port, { ca: ca.pem });
    const done = untilClosed(socket, 10_000);
    socket.write('POST /validate HTTP/1.1\r\nHost: localhost\r\n');
    const drip = setInterval(() => {
      if (!socket.destroyed) socket.write('X-Drip: 1\r\n');
    }, 100);
    onTestFinished(() => clearInterval(drip));
    const cut = await done;
    clearInterval(drip);
    expect(cut.closed).toBe(true);
    expect(cut.text).toMatch(/^HTTP\/1\.1 408/);
  });

  it('keeps a keep-alive connection open between requests, past the handshake and headers timeouts', async () => {
    const server = await start(fast);
    const agent = new Agent({ keepAlive: true, maxSockets: 1, ca: ca.pem });
    onTestFinished(() => agent.destroy());
    const url = `${server.url.replace('127.0.0.1', 'localhost')}/healthz`;
    const ports: number[] = [];
    for (let i = 0; i < 2; i++) {
      const res = await send(url, undefined, { ca: ca.pem, agent });
      expect(res.status).toBe(200);
      const free = Object.values(agent.freeSockets).flat();
      ports.push(free[0]?.localPort ?? -1);
      // Idle for longer than the handshake and headers timeouts together.
      if (i === 0) await new Promise((r) => setTimeout(r, 1600));
    }
    expect(ports[0]).toBeGreaterThan(0);
    expect(ports[1]).toBe(ports[0]);
  });
});
