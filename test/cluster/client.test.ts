/** The connection: which kubeconfig and context, and the JSON GET through client-node's HTTP stack. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterRequestError, cleanApiText, connectCluster, MAX_API_TEXT } from '../../src/cluster/client.js';
import { KubewardError } from '../../src/engine/errors.js';
import { type FakeApiServer, startFakeApiServer } from '../helpers/fake-apiserver.js';

let server: FakeApiServer;
let scratch: string;

beforeAll(async () => {
  server = await startFakeApiServer();
  scratch = mkdtempSync(join(tmpdir(), 'kubeward-client-test-'));
});

afterAll(async () => {
  await server.close();
  rmSync(scratch, { recursive: true, force: true });
});

async function connectError(options: Parameters<typeof connectCluster>[0]): Promise<KubewardError> {
  try {
    await connectCluster(options);
  } catch (err) {
    if (err instanceof KubewardError) return err;
    throw err;
  }
  throw new Error('connectCluster did not fail');
}

describe('connectCluster: kubeconfig and context', () => {
  it('uses --kubeconfig and its current-context', async () => {
    const client = await connectCluster({ kubeconfig: server.writeKubeconfig({ context: 'kind-dev' }), env: {} });
    expect(client.context).toBe('kind-dev');
    expect(client.server).toBe(server.url);
  });

  it('selects --context among the kubeconfig contexts', async () => {
    const file = server.writeKubeconfig({ context: 'a', extraContexts: ['b'] });
    const client = await connectCluster({ kubeconfig: file, context: 'b', env: {} });
    expect(client.context).toBe('b');
  });

  it('rejects an unknown --context, listing the known ones', async () => {
    const file = server.writeKubeconfig({ context: 'a', extraContexts: ['b'] });
    const err = await connectError({ kubeconfig: file, context: 'prod', env: {} });
    expect(err.code).toBe('USAGE');
    expect(err.format()).toContain('context "prod" is not in the kubeconfig');
    expect(err.format()).toContain('contexts: a, b');
  });

  it('reads $KUBECONFIG (several files: the first current-context wins, missing files are skipped)', async () => {
    const first = server.writeKubeconfig({ context: 'first' });
    const second = server.writeKubeconfig({ context: 'second' });
    const missing = join(scratch, 'nope');
    const client = await connectCluster({ env: { KUBECONFIG: [missing, first, second].join(delimiter) } });
    expect(client.context).toBe('first');
    const other = await connectCluster({ env: { KUBECONFIG: [first, second].join(delimiter) }, context: 'second' });
    expect(other.context).toBe('second');
  });

  it('falls back to ~/.kube/config', async () => {
    const home = join(scratch, 'home');
    mkdirSync(join(home, '.kube'), { recursive: true });
    writeFileSync(join(home, '.kube', 'config'), `${JSON.stringify(kubeconfigWith('home-ctx'))}\n`);
    const client = await connectCluster({ env: { HOME: home } });
    expect(client.context).toBe('home-ctx');
  });

  it('fails with a hint when there is no kubeconfig at all', async () => {
    const err = await connectError({ env: { HOME: join(scratch, 'empty-home') } });
    expect(err.code).toBe('INPUT_NOT_FOUND');
    expect(err.format()).toContain('pass --kubeconfig');
  });

  it('fails on a --kubeconfig that does not exist or is not a kubeconfig', async () => {
    expect((await connectError({ kubeconfig: join(scratch, 'missing'), env: {} })).code).toBe('INPUT_NOT_FOUND');
    const bad = join(scratch, 'bad.yaml');
    writeFileSync(bad, 'clusters: [\n');
    expect((await connectError({ kubeconfig: bad, env: {} })).code).toBe('INPUT_UNREADABLE');
  });

  it('fails when the kubeconfig has no current-context', async () => {
    const file = join(scratch, 'no-current.json');
    writeFileSync(file, JSON.stringify({ ...kubeconfigWith('x'), 'current-context': '' }));
    const err = await connectError({ kubeconfig: file, env: {} });
    expect(err.code).toBe('USAGE');
    expect(err.format()).toContain('--context');
  });
});

describe('connectCluster: getJson', () => {
  it('sends the bearer token and parses the answer', async () => {
    const client = await connectCluster({ kubeconfig: server.writeKubeconfig(), env: {} });
    const body = (await client.getJson('/apis/apps/v1/deployments', { limit: '5', continue: undefined })) as {
      kind: string;
    };
    expect(body.kind).toBe('DeploymentList');
    const last = server.requests.at(-1);
    expect(last?.query).toEqual({ limit: '5' });
    expect(last?.status).toBe(200);
  });

  it('turns an API Status into a ClusterRequestError with the status code and message', async () => {
    const client = await connectCluster({ kubeconfig: server.writeKubeconfig({ token: 'wrong' }), env: {} });
    const err = await client.getJson('/api/v1/services').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClusterRequestError);
    expect(err).toMatchObject({ statusCode: 401, reason: 'Unauthorized' });
  });

  it('names the server when it cannot be reached', async () => {
    const gone = await startFakeApiServer();
    const client = await connectCluster({ kubeconfig: gone.writeKubeconfig(), env: {} });
    await gone.close();
    const err = await client.getJson('/api/v1/services').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ClusterRequestError);
    expect((err as ClusterRequestError).statusCode).toBeUndefined();
    expect((err as Error).message).toContain(`cannot reach the API server ${gone.url}`);
    expect((err as Error).message).toMatch(/ECONNREFUSED/);
  });
});

describe('connectCluster: getJson bounds and API text', () => {
  it('gives up after requestTimeoutMs on a server that never answers, saying so', async () => {
    const silent = await startFakeApiServer();
    try {
      silent.silence();
      const client = await connectCluster({ kubeconfig: silent.writeKubeconfig(), env: {}, requestTimeoutMs: 200 });
      const err = await client.getJson('/api/v1/services').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ClusterRequestError);
      expect(err).toMatchObject({ statusCode: undefined, unanswered: 'no answer within 200ms' });
      expect((err as Error).message).toBe(
        `cannot reach the API server ${silent.url} (context fake): no answer within 200ms`,
      );
    } finally {
      await silent.close();
    }
  });

  it('stops when the caller aborts, throwing the reason', async () => {
    const silent = await startFakeApiServer();
    try {
      silent.silence();
      const client = await connectCluster({ kubeconfig: silent.writeKubeconfig(), env: {} });
      const stop = new AbortController();
      const pending = client.getJson('/api/v1/services', {}, { signal: stop.signal });
      const reason = new Error('deadline');
      setTimeout(() => stop.abort(reason), 50);
      await expect(pending).rejects.toBe(reason);
      await expect(client.getJson('/api/v1/services', {}, { signal: stop.signal })).rejects.toBe(reason);
    } finally {
      await silent.close();
    }
  });

  it("cleans the API server's Status message of control characters", async () => {
    server.fail('services', 500, { message: 'bad\u001b]0;owned\u0007\r\nkubeward: ok' });
    try {
      const client = await connectCluster({ kubeconfig: server.writeKubeconfig(), env: {} });
      const err = await client.getJson('/api/v1/services').catch((e: unknown) => e);
      expect((err as Error).message).toBe('HTTP 500 InternalError: bad ]0;owned kubeward: ok');
    } finally {
      server.clearFaults();
    }
  });

  it('cleanApiText: controls become one space, lone surrogates U+FFFD, long text is cut', () => {
    expect(cleanApiText('a\u001b[31mb\n\n\tc\u0085d\u2028e')).toBe('a [31mb c d e');
    expect(cleanApiText('x\ud800y')).toBe('x\ufffdy');
    const long = cleanApiText('y'.repeat(10_000));
    expect(long).toHaveLength(MAX_API_TEXT);
    expect(long.endsWith('…')).toBe(true);
  });
});

function kubeconfigWith(context: string): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'c', cluster: { server: server.url, 'insecure-skip-tls-verify': true } }],
    users: [{ name: 'u', user: { token: server.token } }],
    contexts: [{ name: context, context: { cluster: 'c', user: 'u' } }],
    'current-context': context,
  };
}
