/**
 * The real binary (bin/kubeward.cjs over dist/, built by `npm run build`, which `npm test` runs first): SIGTERM while a
 * load generator runs. Readiness turns false at once, no in-flight request fails, the process exits 0 well within a
 * pod's grace period.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCa, issueLeaf, type TestCa, type TestLeaf } from './helpers/certs.js';
import { fixtureText } from './helpers/fixtures.js';
import { runLoad, send } from './helpers/https.js';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'kubeward.cjs');

let ca: TestCa;
let leaf: TestLeaf;

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist', 'cli', 'commands', 'serve.js'))) {
    throw new Error('dist/ has no serve command: run `npm run build` before this test');
  }
  ca = createTestCa();
  leaf = issueLeaf(ca, 'process');
});
afterAll(() => ca?.remove());

interface Spawned {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

function spawnServe(args: string[]): Promise<Spawned> {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal, at: Date.now() }));
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${out}`)), 15_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const match = /"url":"(https?:\/\/[^"]+)"/.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ child, url: match[1].replace('127.0.0.1', 'localhost'), output: () => out, exited });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`serve exited before listening:\n${out}`));
    });
  });
}

/** Runs serve expecting it to exit by itself; its exit code and standard error. */
async function serveFails(args: string[]): Promise<{ code: number | null; err: string }> {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
  clearTimeout(timer);
  return { code, err };
}

/** A port nothing listens on right now. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((r) => probe.close(() => r()));
  return port;
}

describe('kubeward serve (the built binary)', () => {
  it('drains on SIGTERM with zero failed in-flight requests and exits 0 within the grace period', async () => {
    const server = await spawnServe([
      '--tls-cert',
      leaf.certFile,
      '--tls-key',
      leaf.keyFile,
      '--host',
      '127.0.0.1',
      '--port',
      '0',
      '--no-cluster',
      '--shutdown-delay',
      '1000',
      '--metrics-port',
      String(await freePort()),
    ]);
    try {
      const metricsUrl = /"metricsUrl":"(http:\/\/[^"]+)"/.exec(server.output())?.[1];
      expect(metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
      expect((await send(metricsUrl ?? '', undefined)).body).toContain('kubeward_process_resident_memory_bytes');
      let stop = false;
      const load = runLoad(`${server.url}/validate`, fixtureText('deployment-create-invalid.json'), {
        ca: ca.pem,
        concurrency: 16,
        until: () => stop,
        check: (r) => r.body.includes('"allowed":false'),
      });
      await new Promise((r) => setTimeout(r, 1500));
      const signalled = Date.now();
      server.child.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 100));
      const ready = await send(`${server.url}/readyz`, undefined, { ca: ca.pem });
      expect(ready.status).toBe(503);
      // The API server stops routing here once the endpoint is removed; the load stops within the delay.
      await new Promise((r) => setTimeout(r, 400));
      stop = true;
      const report = await load;
      const exit = await server.exited;
      expect(report.errors).toEqual([]);
      expect(report.failed).toBe(0);
      expect(report.ok).toBeGreaterThan(100);
      expect(exit.code).toBe(0);
      expect(exit.at - signalled).toBeLessThan(5000);
      expect(server.output()).toContain('"msg":"stopped"');
      expect(server.output()).not.toMatch(/\n\s+at /);
    } finally {
      server.child.kill('SIGKILL');
    }
  });

  it('refuses to start without a certificate', async () => {
    const { code, err } = await serveFails(['--no-cluster']);
    expect(code).toBe(2);
    expect(err).toContain('serve needs --tls-cert FILE and --tls-key FILE');
  });

  it('exits 2 with a message and a hint, never a stack trace, for unusable TLS files and a port in use', async () => {
    const other = issueLeaf(ca, 'other-process');
    const local = ['--no-cluster', '--host', '127.0.0.1', '--port', '0', '--metrics-port', '0'];
    const mismatch = await serveFails([...local, '--tls-cert', leaf.certFile, '--tls-key', other.keyFile]);
    expect(mismatch.code).toBe(2);
    expect(mismatch.err).toContain('kubeward: cannot load the TLS certificate and key: the key does not belong');
    expect(mismatch.err).toContain('hint: Pass the PEM certificate chain with --tls-cert');
    const missing = await serveFails([...local, '--tls-cert', '/nonexistent/tls.crt', '--tls-key', leaf.keyFile]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('cannot read the TLS certificate /nonexistent/tls.crt');

    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const taken = String((blocker.address() as AddressInfo).port);
    try {
      const tls = ['--tls-cert', leaf.certFile, '--tls-key', leaf.keyFile, '--no-cluster', '--host', '127.0.0.1'];
      const inUse = await serveFails([...tls, '--port', taken, '--metrics-port', '0']);
      expect(inUse.code).toBe(2);
      expect(inUse.err).toContain(`cannot listen on 127.0.0.1:${taken} (admission): the address is already in use.`);
      const metricsInUse = await serveFails([...tls, '--port', '0', '--metrics-port', taken]);
      expect(metricsInUse.code).toBe(2);
      expect(metricsInUse.err).toContain('(metrics): the address is already in use.');
      for (const r of [mismatch, missing, inUse, metricsInUse]) {
        expect(r.err).not.toMatch(/\n\s+at |internal error/);
      }
    } finally {
      blocker.close();
    }
  });
});
