/**
 * What the end-to-end suites share: the etcd and kube-apiserver binaries (built from the Go module proxy, see README
 * "End-to-end binaries"), starting both on loopback with a static-token admin, and requests to the API server with
 * the test CA.
 *
 * The binaries are looked for in $KUBEWARD_E2E_BIN, then .cache/e2e-bin/. Without them a suite skips, and its skipped
 * test's name says why: CI has no Go toolchain to build them.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Agent } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { createTestCa, issueLeaf, type TestCa } from '../webhook/helpers/certs.js';
import { send } from '../webhook/helpers/https.js';

export const BIN_DIR = process.env.KUBEWARD_E2E_BIN ?? join(ROOT, '.cache', 'e2e-bin');
const APISERVER = join(BIN_DIR, 'kube-apiserver');
const ETCD = join(BIN_DIR, 'etcd');
export const KUBEWARD = join(ROOT, 'bin', 'kubeward.cjs');
export const AVAILABLE = existsSync(APISERVER) && existsSync(ETCD);

export const ADMIN_TOKEN = 'e2e-admin-token';

/** A suite that cannot run here: one skipped test whose name says why and how to build the binaries. */
export function describeSkipped(title: string): void {
  console.warn(
    `test/e2e: skipped: no kube-apiserver and etcd in ${BIN_DIR}; README "End-to-end binaries" says how to build them.`,
  );
  describe(title, () => {
    it.skip(`skipped: no kube-apiserver and etcd in ${BIN_DIR} (set KUBEWARD_E2E_BIN; README "Development" says how to build them)`, () => {});
  });
}

export interface Proc {
  child: ChildProcess;
  output(): string;
}

export function start(name: string, command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Proc {
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const keep = (d: Buffer) => {
    out = (out + d.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.on('error', (e) => {
    out += `\n${name}: ${e.message}`;
  });
  return { child, output: () => out };
}

export async function stop(proc: Proc | undefined): Promise<void> {
  if (proc === undefined || proc.child.exitCode !== null) return;
  const exited = new Promise((r) => proc.child.once('exit', r));
  proc.child.kill('SIGTERM');
  const timer = setTimeout(() => proc.child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

export interface Response {
  status: number;
  body: Record<string, unknown>;
  warnings: string[];
}

/** One request to the API server (or any HTTPS endpoint signed by the test CA), its body parsed. */
export async function call(
  base: string,
  ca: Buffer,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; agent?: Agent } = {},
): Promise<Response> {
  const r = await send(
    new URL(path, base).href,
    options.body === undefined ? undefined : JSON.stringify(options.body),
    {
      ca,
      method,
      timeoutMs: 15_000,
      ...(options.agent !== undefined ? { agent: options.agent } : {}),
      headers: {
        accept: 'application/json',
        ...(options.token !== undefined ? { authorization: `Bearer ${options.token}` } : {}),
      },
    },
  );
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(r.body) as Record<string, unknown>;
  } catch {
    body = { text: r.body };
  }
  const raw = r.headers.warning;
  return { status: r.status, body, warnings: raw === undefined ? [] : Array.isArray(raw) ? raw : [raw] };
}

export async function until<T>(what: string, attempt: () => Promise<T | undefined>, ms: number, log?: () => string) {
  const end = Date.now() + ms;
  let last: unknown;
  while (Date.now() < end) {
    try {
      const value = await attempt();
      if (value !== undefined) return value;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what} did not happen within ${ms} ms${last ? ` (${String(last)})` : ''}\n${log?.() ?? ''}`);
}

/** etcd and kube-apiserver on loopback, RBAC on, ready; the admin is in system:masters. */
export interface Cluster {
  /** The API server's base URL. */
  api: string;
  /** The CA that signed the API server's certificate (and may sign others, e.g. a webhook's). */
  ca: TestCa;
  /** A scratch directory removed by close(). */
  dir: string;
  etcd: Proc;
  apiserver: Proc;
  admin(method: string, path: string, body?: unknown, agent?: Agent): Promise<Response>;
  /** Stops both processes and removes what start-up wrote. */
  close(): Promise<void>;
}

/** Starts etcd and kube-apiserver; `users` are more static tokens (name and token, no groups). */
export async function startCluster(users: { name: string; token: string }[] = []): Promise<Cluster> {
  const dir = mkdtempSync(join(tmpdir(), 'kubeward-e2e-'));
  const ca = createTestCa();
  const apiLeaf = issueLeaf(ca, 'apiserver');
  const saKey = join(dir, 'sa.key');
  execFileSync('openssl', ['genrsa', '-out', saKey, '2048'], { stdio: 'ignore' });
  const tokens = join(dir, 'tokens.csv');
  writeFileSync(
    tokens,
    [`${ADMIN_TOKEN},admin,admin,"system:masters"`, ...users.map((u) => `${u.token},${u.name},${u.name}`)]
      .map((line) => `${line}\n`)
      .join(''),
  );

  const [etcdClient, etcdPeer, apiPort] = [await freePort(), await freePort(), await freePort()];
  const etcd = start('etcd', ETCD, [
    '--name=e2e',
    `--data-dir=${join(dir, 'etcd')}`,
    `--listen-client-urls=http://127.0.0.1:${etcdClient}`,
    `--advertise-client-urls=http://127.0.0.1:${etcdClient}`,
    `--listen-peer-urls=http://127.0.0.1:${etcdPeer}`,
    `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeer}`,
    `--initial-cluster=e2e=http://127.0.0.1:${etcdPeer}`,
  ]);
  const apiserver = start('kube-apiserver', APISERVER, [
    `--etcd-servers=http://127.0.0.1:${etcdClient}`,
    '--bind-address=127.0.0.1',
    `--secure-port=${apiPort}`,
    `--tls-cert-file=${apiLeaf.certFile}`,
    `--tls-private-key-file=${apiLeaf.keyFile}`,
    `--client-ca-file=${ca.certFile}`,
    `--token-auth-file=${tokens}`,
    '--authorization-mode=RBAC',
    '--service-account-issuer=https://kubernetes.default.svc',
    `--service-account-key-file=${saKey}`,
    `--service-account-signing-key-file=${saKey}`,
    '--service-cluster-ip-range=10.96.0.0/16',
    '--advertise-address=127.0.0.1',
  ]);
  const api = `https://127.0.0.1:${apiPort}`;
  const cluster: Cluster = {
    api,
    ca,
    dir,
    etcd,
    apiserver,
    admin: (method, path, body, agent) =>
      call(api, ca.pem, method, path, {
        token: ADMIN_TOKEN,
        ...(body !== undefined ? { body } : {}),
        ...(agent !== undefined ? { agent } : {}),
      }),
    close: async () => {
      await stop(apiserver);
      await stop(etcd);
      ca.remove();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await until(
      'the API server is ready',
      async () => ((await cluster.admin('GET', '/readyz')).status === 200 ? true : undefined),
      90_000,
      () => `${etcd.output().slice(-2000)}\n${apiserver.output().slice(-4000)}`,
    );
  } catch (e) {
    await cluster.close();
    throw e;
  }
  return cluster;
}
