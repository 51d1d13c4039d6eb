/** The real server: HTTPS with generated certificates, a real client, certificate rotation under load, shutdown. */
import { writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { connect } from 'node:net';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/engine/config-types.js';
import type { AdmissionReviewResponse } from '../../src/webhook/admission.js';
import { type RunningServer, type ServerOptions, startServer } from '../../src/webhook/server.js';
import { createTestCa, issueLeaf, type TestCa, type TestLeaf } from './helpers/certs.js';
import { clusterObjects, fakeCache, fixtureText, settingsWith, WEBHOOK_TEST_RULES } from './helpers/fixtures.js';
import { runLoad, send } from './helpers/https.js';

let ca: TestCa;
let leaf: TestLeaf;

beforeAll(() => {
  ca = createTestCa();
  leaf = issueLeaf(ca, 'server', { serial: 0x51 });
});
afterAll(() => ca.remove());

async function start(overrides: Partial<ServerOptions> = {}): Promise<RunningServer> {
  const server = await startServer({
    rules: WEBHOOK_TEST_RULES,
    config: DEFAULT_CONFIG,
    settings: settingsWith(),
    logger: pino({ level: 'silent' }),
    tls: { certFile: leaf.certFile, keyFile: leaf.keyFile },
    host: '127.0.0.1',
    port: 0,
    shutdownDelayMs: 0,
    certDebounceMs: 50,
    ...overrides,
  });
  onTestFinished(() => server.shutdown());
  return server;
}

const local = (server: RunningServer, path: string) => `${server.url.replace('127.0.0.1', 'localhost')}${path}`;

describe('HTTPS', () => {
  it('answers AdmissionReviews over TLS, verified against the CA', async () => {
    const cache = fakeCache(clusterObjects());
    const server = await start({ cache });
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const res = await send(local(server, '/validate'), fixtureText('hpa-create.json'), { ca: ca.pem });
    expect(res.status).toBe(200);
    expect(res.serialNumber).toBe('51');
    const body = JSON.parse(res.body) as AdmissionReviewResponse;
    expect(body.response.uid).toBe('b1c2d3e4-1111-4111-8111-111111111111');
    expect(body.response.allowed).toBe(false);
    expect(body.response.status?.message).toContain('hpa-vpa-overlap');
    expect((await send(local(server, '/readyz'), undefined, { ca: ca.pem })).status).toBe(200);
    expect(cache.started).toBe(true);
  });

  it('refuses clients that do not trust the certificate, and plain HTTP', async () => {
    const server = await start();
    await expect(send(local(server, '/healthz'), undefined, {})).rejects.toThrow(
      /self-signed|unable to verify|certificate/,
    );
    const plain = await new Promise<string>((resolve) => {
      const socket = connect(server.port, '127.0.0.1', () => socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n'));
      let data = '';
      socket.on('data', (d) => {
        data += d.toString('latin1');
      });
      socket.on('close', () => resolve(data));
      socket.on('error', () => resolve(data));
      socket.setTimeout(3000, () => socket.destroy());
    });
    expect(plain).not.toContain('200 OK');
  });

  it('exports the certificate expiry', async () => {
    const server = await start();
    const metrics = await send(local(server, '/metrics'), undefined, { ca: ca.pem });
    const notAfter = Math.floor(
      new Date(new (await import('node:crypto')).X509Certificate(leaf.cert).validTo).getTime() / 1000,
    );
    expect(metrics.body).toContain(`kubeward_tls_certificate_expiry_timestamp_seconds ${notAfter}`);
    expect(metrics.body).toContain('kubeward_process_resident_memory_bytes');
  });

  it('serves plain HTTP only when asked to (--insecure-http)', async () => {
    const server = await start({ tls: undefined });
    expect(server.url).toMatch(/^http:\/\//);
    const res = await send(`${server.url}/validate`, fixtureText('deployment-create.json'));
    expect(res.status).toBe(200);
  });
});

describe('certificate rotation', () => {
  it('switches new connections to a rotated certificate under load with zero failed requests', async () => {
    const files = issueLeaf(ca, 'rotating', { serial: 0x60 });
    const server = await start({ tls: { certFile: files.certFile, keyFile: files.keyFile } });
    const next = [
      issueLeaf(ca, 'r1', { serial: 0x61 }),
      issueLeaf(ca, 'r2', { serial: 0x62 }),
      issueLeaf(ca, 'r3', { serial: 0x63 }),
    ];
    let done = false;
    const body = fixtureText('deployment-create.json');
    const load = runLoad(local(server, '/validate'), body, {
      ca: ca.pem,
      concurrency: 16,
      until: () => done,
      check: (r) =>
        (JSON.parse(r.body) as AdmissionReviewResponse).response.uid === '0f6d5b2e-6c0e-4b8f-9a51-3d1a2e7c4b11',
    });
    for (const pair of next) {
      await new Promise((r) => setTimeout(r, 500));
      // In place and not atomic: the certificate first, the key a moment later (the pair is briefly mismatched).
      writeFileSync(files.certFile, pair.cert);
      await new Promise((r) => setTimeout(r, 30));
      writeFileSync(files.keyFile, pair.key);
    }
    await new Promise((r) => setTimeout(r, 500));
    done = true;
    const report = await load;
    expect(report.errors).toEqual([]);
    expect(report.failed).toBe(0);
    expect(report.ok).toBeGreaterThan(200);
    expect([...report.serials]).toEqual(expect.arrayContaining(['60', '61', '62', '63']));
    const after = await send(local(server, '/healthz'), undefined, { ca: ca.pem });
    expect(after.serialNumber).toBe('63');
    const metrics = await send(local(server, '/metrics'), undefined, { ca: ca.pem });
    expect(metrics.body).toMatch(/kubeward_tls_certificate_reloads_total\{result="success"\} 3/);
  });

  it('keeps serving the previous certificate when the new files are bad', async () => {
    const files = issueLeaf(ca, 'broken', { serial: 0x70 });
    const server = await start({ tls: { certFile: files.certFile, keyFile: files.keyFile } });
    writeFileSync(files.keyFile, 'not a key');
    await new Promise((r) => setTimeout(r, 300));
    expect(server.reloadCertificate()).toBe(false);
    const res = await send(local(server, '/healthz'), undefined, { ca: ca.pem });
    expect(res.status).toBe(200);
    expect(res.serialNumber).toBe('70');
    const metrics = await send(local(server, '/metrics'), undefined, { ca: ca.pem });
    expect(metrics.body).toMatch(/kubeward_tls_certificate_reloads_total\{result="failure"\} 1/);
  });
});

describe('graceful shutdown', () => {
  it('turns readiness false at once, keeps answering during the delay, then stops the cache', async () => {
    const cache = fakeCache(clusterObjects());
    const server = await start({ cache, shutdownDelayMs: 600 });
    let stopSending = false;
    const load = runLoad(local(server, '/validate'), fixtureText('deployment-create.json'), {
      ca: ca.pem,
      concurrency: 8,
      until: () => stopSending,
    });
    await new Promise((r) => setTimeout(r, 300));
    const closing = server.shutdown();
    const ready = await send(local(server, '/readyz'), undefined, { ca: ca.pem });
    expect(ready.status).toBe(503);
    expect(ready.headers.connection).toBe('close');
    // The API server stops sending once the endpoint is gone; here, well within the delay.
    await new Promise((r) => setTimeout(r, 300));
    stopSending = true;
    const report = await load;
    await closing;
    expect(report.errors).toEqual([]);
    expect(report.failed).toBe(0);
    expect(report.ok).toBeGreaterThan(20);
    expect(cache.stopped).toBe(true);
  });

  it('lets a request that is in flight when the listener closes finish', async () => {
    const server = await start({ shutdownDelayMs: 0 });
    const body = Buffer.from(fixtureText('deployment-create.json'));
    const result = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        {
          method: 'POST',
          hostname: 'localhost',
          port: server.port,
          path: '/validate',
          ca: ca.pem,
          headers: { 'content-type': 'application/json', 'content-length': body.length },
        },
        (res) => {
          let text = '';
          res.on('data', (d: Buffer) => {
            text += d.toString();
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', reject);
      // Half the body now, shutdown, the rest after the listener closed.
      req.write(body.subarray(0, 100));
      setTimeout(async () => {
        const closing = server.shutdown();
        await new Promise((r) => setTimeout(r, 100));
        req.end(body.subarray(100));
        await closing;
      }, 100);
    });
    const res = await result;
    expect(res.status).toBe(200);
    expect((JSON.parse(res.body) as AdmissionReviewResponse).response.allowed).toBe(true);
  });
});
