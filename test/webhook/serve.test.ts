/** `kubeward serve` in-process: flags, config, the cluster cache contract, start and stop. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { runServe, webhookFlags } from '../../src/cli/commands/serve.js';
import type { CliIo } from '../../src/cli/io.js';
import { KubewardError } from '../../src/engine/errors.js';
import type { AdmissionReviewResponse } from '../../src/webhook/admission.js';
import { clusterObjects, fakeCache, fixtureText } from './helpers/fixtures.js';
import { send } from './helpers/https.js';

const dir = mkdtempSync(join(tmpdir(), 'kubeward-serve-'));
/** Plain HTTP on any free loopback port, no metrics listener. */
const LOCAL = { insecureHttp: true, host: '127.0.0.1', port: '0', metricsPort: '0' };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function testIo(): CliIo & { out: string[] } {
  const out: string[] = [];
  return {
    out,
    stdout: (t) => out.push(t),
    stderr: (t) => out.push(t),
    readStdin: async () => [],
    stdinIsTTY: true,
    stdoutIsTTY: false,
    stderrIsTTY: false,
    cwd: dir,
    env: {},
  };
}

async function usageError(opts: Record<string, unknown>): Promise<string> {
  try {
    await runServe(opts, testIo(), { stop: Promise.resolve() });
  } catch (e) {
    if (e instanceof KubewardError && e.code === 'USAGE') return e.message;
    throw e;
  }
  throw new Error('expected a usage error');
}

describe('serve flags', () => {
  it('listens on loopback with --insecure-http unless --host says otherwise', async () => {
    let stop: () => void = () => undefined;
    const stopped = new Promise<void>((r) => {
      stop = r;
    });
    const url = await new Promise<string>((resolve) => {
      void runServe({ insecureHttp: true, cluster: false, port: '0', metricsPort: '0', shutdownDelay: '0' }, testIo(), {
        stop: stopped,
        onListening: resolve,
      });
    });
    stop();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('needs a certificate and a key unless --insecure-http, and not both', async () => {
    expect(await usageError({ cluster: false })).toContain('serve needs --tls-cert FILE and --tls-key FILE');
    expect(await usageError({ cluster: false, tlsCert: 'a.crt' })).toContain('--tls-key');
    expect(await usageError({ cluster: false, insecureHttp: true, tlsCert: 'a.crt' })).toContain(
      'do not combine it with --tls-cert',
    );
  });

  it('checks numbers and choices', async () => {
    expect(await usageError({ insecureHttp: true, cluster: false, port: '80a' })).toBe(
      '--port must be an integer from 0 to 65535, not "80a".',
    );
    expect(await usageError({ ...LOCAL, cluster: false, metricsPort: '-1' })).toBe(
      '--metrics-port must be an integer from 0 to 65535, not "-1".',
    );
    expect(await usageError({ ...LOCAL, cluster: false, port: '9000', metricsPort: '9000' })).toContain(
      '--metrics-port and --port are both 9000',
    );
    expect(() => webhookFlags({ mode: 'block' })).toThrow('--mode must be one of enforce, warn, audit, not "block".');
    expect(() => webhookFlags({ deadline: '5' })).toThrow('--deadline must be an integer from 50 to 30000');
    expect(
      webhookFlags({
        mode: 'warn',
        denySeverity: 'warning',
        ratchet: false,
        exemptNamespace: ['a', 'b'],
        deadline: '900',
        failureMode: 'closed',
        maxBodySize: '2048',
      }),
    ).toEqual({
      mode: 'warn',
      denySeverity: 'warning',
      ratchetUpdates: false,
      exemptNamespaces: ['a', 'b'],
      deadlineMs: 900,
      failureMode: 'closed',
      maxBodyBytes: 2048,
    });
  });
});

describe('runServe', () => {
  it('reports a port in use and unusable TLS files as errors with a hint, not a crash', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    onTestFinished(() => new Promise<void>((r) => blocker.close(() => r())));
    const taken = String((blocker.address() as AddressInfo).port);
    const failure = async (opts: Record<string, unknown>) => {
      try {
        await runServe({ cluster: false, shutdownDelay: '0', ...opts }, testIo(), { stop: Promise.resolve() });
      } catch (e) {
        if (e instanceof KubewardError) return e;
        throw e;
      }
      throw new Error('expected serve to fail');
    };
    const inUse = await failure({ ...LOCAL, port: taken });
    expect([inUse.code, inUse.exitCode]).toEqual(['LISTEN_FAILED', 2]);
    expect(inUse.format()).toContain(`cannot listen on 127.0.0.1:${taken} (admission): the address is already in use.`);
    const metricsInUse = await failure({ ...LOCAL, metricsPort: taken });
    expect(metricsInUse.message).toContain('(metrics): the address is already in use.');
    const missing = await failure({ host: '127.0.0.1', port: '0', tlsCert: 'no.crt', tlsKey: 'no.key' });
    expect(missing.code).toBe('TLS_INVALID');
    expect(missing.format()).toContain(`cannot read the TLS certificate ${join(dir, 'no.crt')}`);
  });

  it('serves with the config file, logs JSON lines, and stops the cache on shutdown', async () => {
    const config = join(dir, 'kubeward.yaml');
    writeFileSync(config, 'webhook:\n  mode: warn\n');
    const cache = fakeCache(clusterObjects());
    const io = testIo();
    let stop: () => void = () => undefined;
    const stopped = new Promise<void>((r) => {
      stop = r;
    });
    let url = '';
    const listening = new Promise<void>((r) => {
      void runServe(
        { insecureHttp: true, host: '127.0.0.1', port: '0', metricsPort: '0', config, shutdownDelay: '0' },
        io,
        {
          cache,
          stop: stopped,
          onListening: (u) => {
            url = u;
            r();
          },
        },
      ).then((code) => io.out.push(`exit ${code}\n`));
    });
    await listening;
    const res = await send(`${url}/validate`, fixtureText('deployment-create-invalid.json'));
    const body = JSON.parse(res.body) as AdmissionReviewResponse;
    expect(body.response.allowed).toBe(true); // webhook.mode: warn from the file
    expect(body.response.warnings?.[0]).toMatch(/^resources-request-exceeds-limit \(error\)/);
    stop();
    await new Promise((r) => setTimeout(r, 200));
    expect(cache.started).toBe(true);
    expect(cache.stopped).toBe(true);
    expect(io.out.at(-1)).toBe('exit 0\n');
    const lines = io.out.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.msg)).toEqual(
      expect.arrayContaining(['kubeward webhook listening', 'admission decision', 'stopped']),
    );
    expect(lines.find((l) => l.msg === 'admission decision')).toMatchObject({
      level: 'info',
      decision: 'warned',
      mode: 'warn',
    });
  });

  it('exits 1 when the cluster cache cannot start (no credentials): it could never become ready', async () => {
    const cache = {
      ...fakeCache([], { synced: false }),
      start: () => Promise.reject(new Error('no kubeconfig')),
    };
    const io = testIo();
    const code = await runServe({ ...LOCAL, shutdownDelay: '0' }, io, {
      cache,
      stop: new Promise(() => undefined),
    });
    expect(code).toBe(1);
    expect(io.out.join('')).toContain('"msg":"the cluster cache failed to start"');
  });
});
