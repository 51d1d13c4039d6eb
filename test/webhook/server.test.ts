/** The real server: HTTPS with generated certificates, a real client, certificate rotation under load, shutdown. */
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { request } from 'node:https';
import { type AddressInfo, connect } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/engine/config-types.js';
import { KubewardError } from '../../src/engine/errors.js';
import type { AdmissionReviewResponse } from '../../src/webhook/admission.js';
import { type RunningServer, type ServerOptions, startServer } from '../../src/webhook/server.js';
import { createTestCa, issueLeaf, type TestCa, type TestLeaf } from './helpers/certs.js';
import { clusterObjects, fakeCache, fixtureText, settingsWith, WEBHOOK_TEST_RULES } from './helpers/fixtures.js';
import { runLoad, send } from './helpers/https.js';
import { openTls, parseResponse, rawTlsRequest, untilClosed } from './helpers/raw.js';

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
    metricsPort: 0,
    ...overrides,
  });
  onTestFinished(() => server.shutdown());
  return server;
}

const local = (server: RunningServer, path: string) => `${server.url.replace('127.0.0.1', 'localhost')}${path}`;

function metricsUrl(server: RunningServer): string {
  if (server.metricsUrl === undefined) throw new Error('the server has no metrics port');
  return server.metricsUrl;
}

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
    const metrics = await send(metricsUrl(server), undefined);
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
    const metrics = await send(metricsUrl(server), undefined);
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
    const metrics = await send(metricsUrl(server), undefined);
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

describe('the metrics port', () => {
  it('serves /metrics over plain HTTP on its own port, and the admission port no longer does', async () => {
    const server = await start();
    const metrics = await send(metricsUrl(server), undefined);
    expect(metrics.status).toBe(200);
    expect(metrics.headers['content-type']).toMatch(/^text\/plain/);
    expect(metrics.body).toContain('kubeward_admission_decisions_total');
    const other = await send(metricsUrl(server).replace('/metrics', '/validate'), '{}');
    expect(other.status).toBe(404);
    expect(JSON.parse(other.body)).toMatchObject({ kind: 'Status', code: 404, reason: 'NotFound' });
    const admission = await send(local(server, '/metrics'), undefined, { ca: ca.pem });
    expect(admission.status).toBe(404);
    expect(JSON.parse(admission.body)).toMatchObject({ kind: 'Status', code: 404, reason: 'NotFound' });
  });

  it('is off unless a port is given', async () => {
    const server = await start({ metricsPort: undefined });
    expect(server.metricsUrl).toBeUndefined();
  });
});

/** The handshake a TLS client with these options gets from the server, or the error it fails with. */
async function handshake(port: number, options: ConnectionOptions): Promise<{ protocol: string; cipher: string }> {
  const socket = await openTls(port, { ca: ca.pem, ...options });
  const result = { protocol: socket.getProtocol() ?? '', cipher: socket.getCipher().standardName };
  socket.destroy();
  return result;
}

describe('the TLS profile', () => {
  it('negotiates TLS 1.3 with a client that offers it', async () => {
    const server = await start();
    expect((await handshake(server.port, {})).protocol).toBe('TLSv1.3');
  });

  it('speaks TLS 1.2 only with forward-secret AEAD suites (ECDHE with AES-GCM or ChaCha20-Poly1305)', async () => {
    const server = await start();
    const tls12 = { maxVersion: 'TLSv1.2' } as const;
    expect(await handshake(server.port, { ...tls12, ciphers: 'ECDHE-ECDSA-AES128-GCM-SHA256' })).toEqual({
      protocol: 'TLSv1.2',
      cipher: 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
    });
    expect((await handshake(server.port, { ...tls12, ciphers: 'ECDHE-ECDSA-CHACHA20-POLY1305' })).cipher).toBe(
      'TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256',
    );
    // Forward secret but CBC with an HMAC (not AEAD): refused.
    for (const ciphers of ['ECDHE-ECDSA-AES128-SHA', 'ECDHE-ECDSA-AES256-SHA384']) {
      await expect(handshake(server.port, { ...tls12, ciphers }), ciphers).rejects.toThrow(/handshake failure|alert/);
    }
  });

  it('refuses static RSA key exchange (AEAD but not forward secret) with an RSA certificate too', async () => {
    const rsa = issueLeaf(ca, 'rsa', { keyType: 'rsa', serial: 0x52 });
    const server = await start({ tls: { certFile: rsa.certFile, keyFile: rsa.keyFile } });
    const tls12 = { maxVersion: 'TLSv1.2' } as const;
    expect((await handshake(server.port, { ...tls12, ciphers: 'ECDHE-RSA-AES256-GCM-SHA384' })).cipher).toBe(
      'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
    );
    for (const ciphers of ['AES128-GCM-SHA256', 'AES128-SHA', 'ECDHE-RSA-AES128-SHA']) {
      await expect(handshake(server.port, { ...tls12, ciphers }), ciphers).rejects.toThrow(/handshake failure|alert/);
    }
  });

  it('refuses TLS 1.1', async () => {
    const server = await start();
    await expect(
      handshake(server.port, { minVersion: 'TLSv1.1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' }),
    ).rejects.toThrow(/protocol version|alert|unsupported/i);
  });
});

describe('every 4xx is a Kubernetes Status', () => {
  const isStatus = (code: number) =>
    expect.objectContaining({ apiVersion: 'v1', kind: 'Status', status: 'Failure', code });

  it('for errors fastify answers: not found, wrong method, not JSON, too large, wrong media type', async () => {
    const server = await start({ settings: settingsWith({ maxBodyBytes: 4096 }) });
    const cases: [string, string | undefined, Parameters<typeof send>[2], number][] = [
      ['/nope', undefined, {}, 404],
      ['/validate%zz', '{}', {}, 400],
      ['/validate', undefined, { method: 'GET' }, 404],
      ['/validate', '{', {}, 400],
      ['/validate', 'x'.repeat(5000), {}, 413],
      ['/validate', 'hello', { contentType: 'text/plain' }, 415],
      ['/validate', '{"kind":"Pod"}', {}, 400],
    ];
    for (const [path, body, options, code] of cases) {
      const res = await send(local(server, path), body, { ca: ca.pem, ...options });
      expect(res.status, `${path} ${code}`).toBe(code);
      expect(JSON.parse(res.body), `${path} ${code}`).toEqual(isStatus(code));
    }
  });

  it('for errors node answers before fastify: malformed HTTP, headers too large, an unknown Expect', async () => {
    const server = await start();
    const cases: [request: string, status: number][] = [
      ['NOT HTTP AT ALL\r\n\r\n', 400],
      // Request smuggling: both Content-Length and Transfer-Encoding.
      ['POST /validate HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n{}', 400],
      [`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, 431],
      ['POST /validate HTTP/1.1\r\nHost: x\r\nExpect: nothing-you-know\r\nContent-Length: 2\r\n\r\n', 417],
    ];
    for (const [request, status] of cases) {
      const res = await rawTlsRequest(server.port, ca.pem, request);
      expect(res.status).toBe(status);
      expect(res.body).toEqual(isStatus(status));
    }
    const metrics = (await send(metricsUrl(server), undefined)).body;
    expect(metrics).toContain('kubeward_http_rejected_requests_total{status="400"} 2');
    expect(metrics).toContain('kubeward_http_rejected_requests_total{status="431"} 1');
  });

  it('for a request whose headers never complete: 408 and the connection is closed', async () => {
    const server = await start({
      settings: settingsWith({ connections: { ...settingsWith().connections, headersTimeoutMs: 500 } }),
    });
    const socket = await openTls(server.port, { ca: ca.pem });
    const done = untilClosed(socket);
    socket.write('POST /validate HTTP/1.1\r\nHost: x\r\n');
    const { text, closed } = await done;
    expect(closed).toBe(true);
    const res = parseResponse(text);
    expect(res.status).toBe(408);
    expect(res.body).toEqual(isStatus(408));
  });
});

describe('start-up errors an operator can fix', () => {
  async function startError(overrides: Partial<ServerOptions>): Promise<KubewardError> {
    try {
      const server = await start(overrides);
      await server.shutdown();
    } catch (e) {
      if (e instanceof KubewardError) return e;
      throw e;
    }
    throw new Error('expected startServer to fail');
  }

  it('names the certificate or key file that is missing, not PEM, or not a pair', async () => {
    const other = issueLeaf(ca, 'other');
    const garbage = `${ca.dir}/garbage.pem`;
    writeFileSync(garbage, 'not a certificate\n');
    const missing = await startError({ tls: { certFile: `${ca.dir}/missing.crt`, keyFile: leaf.keyFile } });
    expect(missing.code).toBe('TLS_INVALID');
    expect(missing.message).toContain(`cannot read the TLS certificate ${ca.dir}/missing.crt`);
    expect(missing.hint).toContain('--tls-cert');
    const notPem = await startError({ tls: { certFile: garbage, keyFile: leaf.keyFile } });
    expect(notPem.message).toContain('the certificate is not a PEM or DER X.509 certificate');
    expect(notPem.message).toContain(garbage);
    const notPemKey = await startError({ tls: { certFile: leaf.certFile, keyFile: garbage } });
    expect(notPemKey.message).toContain('the key is not a PEM or DER private key');
    const mismatch = await startError({ tls: { certFile: leaf.certFile, keyFile: other.keyFile } });
    expect(mismatch.message).toContain('the key does not belong to the certificate');
    expect(mismatch.message).toContain(other.keyFile);
  });

  it('says which port is in use, the admission port or the metrics port', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    onTestFinished(() => new Promise<void>((r) => blocker.close(() => r())));
    const taken = (blocker.address() as AddressInfo).port;
    const admission = await startError({ port: taken });
    expect(admission.code).toBe('LISTEN_FAILED');
    expect(admission.message).toBe(`cannot listen on 127.0.0.1:${taken} (admission): the address is already in use.`);
    expect(admission.hint).toContain('--port');
    const metrics = await startError({ metricsPort: taken });
    expect(metrics.message).toBe(`cannot listen on 127.0.0.1:${taken} (metrics): the address is already in use.`);
    expect(metrics.hint).toContain('--metrics-port');
  });
});
