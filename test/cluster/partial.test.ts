/**
 * `kubeward audit` when the cluster cannot be read completely (issue 11): a kind that could not be listed in full
 * fails the audit with exit code 2, naming the kinds and why, unless --allow-partial; continue tokens, a silent
 * server and the whole audit are bounded; API error text reaches the terminal without control characters. Through
 * the CLI (commander, the error printer) against the fake API server on loopback.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WATCHED_RESOURCES } from '../../src/cluster/kinds.js';
import type { LintResult } from '../../src/engine/types.js';
import { hasStackTrace, runCli } from '../helpers/cli.js';
import { type FakeApiServer, startFakeApiServer } from '../helpers/fake-apiserver.js';
import { applyFixture } from './support.js';

let server: FakeApiServer;
let kubeconfig: string;

beforeEach(async () => {
  server = await startFakeApiServer();
  applyFixture(server, 'shop.yaml');
  kubeconfig = server.writeKubeconfig({ context: 'prod' });
});

afterEach(() => server.close());

async function audit(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = await runCli(['audit', '--kubeconfig', kubeconfig, ...args]);
  expect(hasStackTrace(out.stderr)).toBe(false);
  return out;
}

/** The lines kubeward wrote on stderr that start a message (`kubeward: …`). */
function messages(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l.startsWith('kubeward:'));
}

describe('kubeward audit: a kind that could not be listed completely', () => {
  it('exits 2 naming the kind when a continue token expires again after the restart (a second 410)', async () => {
    server.fail('deployments', 410, { continueOnly: true });
    const out = await audit('--chunk-size', '1', '-f', 'json');
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toContain('kubeward: the audit of context prod is incomplete: 1 of 14 kinds');
    expect(out.stderr).toMatch(
      /deployments\.apps.*continue token expired twice.*A larger --chunk-size needs fewer pages/,
    );
    expect(out.stderr).toContain('--allow-partial');
  });

  it('exits 2 naming the kind and the reason for a 500', async () => {
    server.fail('ingresses', 500, { message: 'etcdserver: request timed out' });
    const out = await audit();
    expect(out.code).toBe(2);
    expect(out.stdout).not.toContain('problems');
    expect(out.stderr).toMatch(/ingresses\.networking\.k8s\.io.*HTTP 500 InternalError: etcdserver: request timed out/);
  });

  it('exits 2 naming every forbidden kind when most kinds are forbidden, and never says "no problems"', async () => {
    const forbidden = WATCHED_RESOURCES.filter((r) => r.plural !== 'deployments' && !r.optional);
    for (const r of forbidden) server.fail(r.plural, 403);
    const out = await audit();
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toContain(`${forbidden.length} of 14 kinds could not be listed`);
    for (const r of forbidden) expect(out.stderr).toContain(r.group === '' ? r.plural : `${r.plural}.${r.group}`);
    expect(out.stderr).toContain('Grant list');
  });

  it('exits 2 when a list request gets no answer within --request-timeout', async () => {
    server.silence('cronjobs');
    const out = await audit('--request-timeout', '1s');
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/cronjobs\.batch.*no answer within 1s/);
  });

  it('does not count a CRD the cluster does not serve (VPA not installed: 404)', async () => {
    server.unregister('verticalpodautoscalers');
    const out = await audit('-f', 'json');
    expect(out.code).toBe(0);
    expect(out.stderr).toBe('');
  });

  it('counts a 404 on a built-in kind (an API version the server does not serve)', async () => {
    server.unregister('poddisruptionbudgets');
    const out = await audit();
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('does not serve policy/v1 PodDisruptionBudget');
  });
});

describe('kubeward audit --allow-partial', () => {
  it('reports what was listed, names the missing kinds, and exits by the findings', async () => {
    server.fail('cronjobs', 403);
    const out = await audit('--allow-partial', '-f', 'json');
    expect(out.code).toBe(0);
    const result = JSON.parse(out.stdout) as LintResult;
    expect(result.findings.some((f) => f.object?.kind === 'Deployment')).toBe(true);
    expect(result.findings.some((f) => f.object?.kind === 'CronJob')).toBe(false);
    expect(out.stderr).toMatch(/^kubeward: warning: cannot list cronjobs\.batch in all namespaces: HTTP 403/m);
    expect(out.stderr).toContain(
      'kubeward: warning: partial audit of context prod: 1 of 14 kinds not listed (CronJob); the report covers the others.',
    );
    const failing = await audit('--allow-partial', '--fail-on', 'warning');
    expect(failing.code).toBe(1);
  });

  it('still fails when nothing at all could be listed', async () => {
    for (const r of WATCHED_RESOURCES) server.fail(r.plural, 403);
    const out = await audit('--allow-partial');
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('could not list any kind');
  });
});

describe('kubeward audit: bounded', () => {
  it('ends with a clear error when the server sends a continue token on every page', async () => {
    server.endlessContinue('services');
    const out = await audit('--chunk-size', '1000');
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/services.*continue token on each of \d+ pages/);
    const pages = server.requests.filter((r) => r.resource === 'services').length;
    expect(pages).toBeLessThanOrEqual(1001);
  });

  it('gives up on a silent server at the first unanswered requests, in one error naming the server', async () => {
    server.silence();
    const out = await audit('--request-timeout', '1s');
    expect(out.code).toBe(2);
    expect(messages(out.stderr)).toEqual([
      `kubeward: cannot reach the API server ${server.url} (context prod): no answer within 1s.`,
    ]);
    // The first requests (one per concurrent list) and no more: the others would wait the same second each.
    expect(server.requests.length).toBeLessThanOrEqual(4);
  });

  it('stops the whole audit at --timeout, naming what was still being listed', async () => {
    server.silence('jobs');
    const started = Date.now();
    const out = await audit('--timeout', '1s');
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/jobs\.batch.*not listed within --timeout 1s/);
    // Generous: the request timeout is 60 s, so only --timeout can end it this early.
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('rejects a --timeout or --request-timeout that is not a duration', async () => {
    for (const flag of ['--timeout', '--request-timeout']) {
      for (const value of ['soon', '0', '-5s', '5x']) {
        const out = await audit(flag, value);
        expect(out.code, `${flag} ${value}`).toBe(2);
        expect(out.stderr).toContain(`${flag} must be a duration such as 90s or 5m, not "${value}"`);
      }
    }
  });
});

describe('kubeward audit: what reaches the terminal', () => {
  it('prints API error text without control characters', async () => {
    server.fail('services', 500, { message: 'boom\u001b[2J\u001b[31m\r\nkubeward: no problems\u0007' });
    const out = await audit();
    expect(out.code).toBe(2);
    // Newlines are kubeward's own (one per message and detail line); nothing else of the Cc category gets through.
    expect(out.stderr.replaceAll('\n', '')).not.toMatch(/\p{Cc}/u);
    expect(out.stderr).toContain('boom [2J [31m kubeward: no problems');
    expect(messages(out.stderr)).toHaveLength(1);
  });

  it('prints one error for an unreachable API server, naming it and the reason', async () => {
    await server.makeUnavailable();
    const out = await audit();
    expect(out.code).toBe(2);
    const lines = messages(out.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`kubeward: cannot reach the API server ${server.url} (context prod)`);
    expect(lines[0]).toContain('ECONNREFUSED');
  });

  it('prints one error when the credentials cannot be used (an exec plugin that does not exist)', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'kubeward-partial-')), 'kubeconfig');
    writeFileSync(
      file,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'c', cluster: { server: server.url, 'insecure-skip-tls-verify': true } }],
        users: [
          {
            name: 'u',
            user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: '/nonexistent/kubeward-login' } },
          },
        ],
        contexts: [{ name: 'sso', context: { cluster: 'c', user: 'u' } }],
        'current-context': 'sso',
      }),
    );
    try {
      const out = await runCli(['audit', '--kubeconfig', file]);
      expect(out.code).toBe(2);
      expect(hasStackTrace(out.stderr)).toBe(false);
      const lines = messages(out.stderr);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(`kubeward: cannot authenticate to ${server.url} (context sso): `);
      expect(out.stderr).toContain('hint: check the credentials of the context: kubectl --context sso auth whoami');
      expect(server.requests).toEqual([]);
    } finally {
      rmSync(dirname(file), { recursive: true, force: true });
    }
  });

  it('fails for a namespace without objects (cluster-scoped ones are only context there)', async () => {
    const out = await audit('-n', 'nothing-here', '-f', 'json');
    expect(out.code).toBe(2);
    expect(out.stderr).toBe(
      'kubeward: 0 objects listed from context prod (namespace nothing-here, 14 kinds): nothing to check.\n' +
        '  hint: check --context and -n: an audit that checks nothing exits 2, so a wrong context cannot pass a CI gate.\n',
    );
  });

  it('fails for an empty cluster, saying "0 objects listed", and still writes the (empty) report', async () => {
    const empty = await startFakeApiServer();
    try {
      const out = await runCli(['audit', '--kubeconfig', empty.writeKubeconfig({ context: 'empty' }), '-f', 'json']);
      expect(out.code).toBe(2);
      expect((JSON.parse(out.stdout) as LintResult).findings).toEqual([]);
      expect(out.stderr).toBe(
        'kubeward: 0 objects listed from context empty (all namespaces, 14 kinds): nothing to check.\n' +
          '  hint: check --context and -n: an audit that checks nothing exits 2, so a wrong context cannot pass a CI gate.\n',
      );
    } finally {
      await empty.close();
    }
  });
});
