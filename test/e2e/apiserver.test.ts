/**
 * End to end against a real Kubernetes API server: etcd and kube-apiserver binaries (built from the Go module proxy,
 * see README "Development"), `kubeward serve` as a real process registered through a real
 * ValidatingWebhookConfiguration, and `kubeward audit` against the same API server. Nothing is faked: the API server
 * calls the webhook over TLS with its own AdmissionReview bodies, kubeward's informers list and watch through the
 * real client library with the read-only ClusterRole of the README and the chart, and RBAC is enforced.
 *
 * The binaries are looked for in $KUBEWARD_E2E_BIN, then .cache/e2e-bin/. Without them the suite is skipped, and the
 * skipped test's name says why: CI has no Go toolchain to build them.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rbacRules } from '../../src/cluster/kinds.js';
import { ROOT } from '../helpers/cli.js';
import { createTestCa, issueLeaf, type TestCa, type TestLeaf } from '../webhook/helpers/certs.js';
import { send } from '../webhook/helpers/https.js';

const BIN_DIR = process.env.KUBEWARD_E2E_BIN ?? join(ROOT, '.cache', 'e2e-bin');
const APISERVER = join(BIN_DIR, 'kube-apiserver');
const ETCD = join(BIN_DIR, 'etcd');
const KUBEWARD = join(ROOT, 'bin', 'kubeward.js');
const AVAILABLE = existsSync(APISERVER) && existsSync(ETCD);

const ADMIN_TOKEN = 'e2e-admin-token';
const KUBEWARD_TOKEN = 'e2e-kubeward-token';
const CONTEXT = 'e2e';

interface Proc {
  child: ChildProcess;
  output(): string;
}

function start(name: string, command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Proc {
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

async function stop(proc: Proc | undefined): Promise<void> {
  if (proc === undefined || proc.child.exitCode !== null) return;
  const exited = new Promise((r) => proc.child.once('exit', r));
  proc.child.kill('SIGTERM');
  const timer = setTimeout(() => proc.child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

interface Response {
  status: number;
  body: Record<string, unknown>;
  warnings: string[];
}

/** One request to the API server (or any HTTPS endpoint signed by the test CA), its body parsed. */
async function call(
  base: string,
  ca: Buffer,
  method: string,
  path: string,
  options: { token?: string; body?: unknown } = {},
): Promise<Response> {
  const r = await send(
    new URL(path, base).href,
    options.body === undefined ? undefined : JSON.stringify(options.body),
    {
      ca,
      method,
      timeoutMs: 15_000,
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

async function until<T>(what: string, attempt: () => Promise<T | undefined>, ms: number, log?: () => string) {
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

// ---- objects ----------------------------------------------------------------------------------------------------

function deployment(name: string, resources?: Record<string, unknown>, labels: Record<string, string> = {}) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'shop', labels },
    spec: {
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [
            { name: 'app', image: 'registry.example.com/shop/app:1.4.2', ...(resources ? { resources } : {}) },
          ],
        },
      },
    },
  };
}

const BURSTABLE = { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '128Mi' } };

const VPA_CRD = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: {
    name: 'verticalpodautoscalers.autoscaling.k8s.io',
    // *.k8s.io groups are protected: the real VPA CRD carries this approval too.
    annotations: { 'api-approved.kubernetes.io': 'https://github.com/kubernetes/kubernetes/pull/63797' },
  },
  spec: {
    group: 'autoscaling.k8s.io',
    scope: 'Namespaced',
    names: {
      plural: 'verticalpodautoscalers',
      singular: 'verticalpodautoscaler',
      kind: 'VerticalPodAutoscaler',
      listKind: 'VerticalPodAutoscalerList',
      shortNames: ['vpa'],
    },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
      },
    ],
  },
};

function vpa(name: string, target: string, updateMode: string) {
  return {
    apiVersion: 'autoscaling.k8s.io/v1',
    kind: 'VerticalPodAutoscaler',
    metadata: { name, namespace: 'shop' },
    spec: { targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: target }, updatePolicy: { updateMode } },
  };
}

function hpa(name: string, target: string) {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name, namespace: 'shop' },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: target },
      minReplicas: 2,
      maxReplicas: 10,
      metrics: [
        { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
      ],
    },
  };
}

// ---- the cluster ------------------------------------------------------------------------------------------------

if (!AVAILABLE) {
  console.warn(
    `test/e2e: skipped: no kube-apiserver and etcd in ${BIN_DIR}; README "End-to-end binaries" says how to build them.`,
  );
  describe('kubeward against a real API server', () => {
    it.skip(`skipped: no kube-apiserver and etcd in ${BIN_DIR} (set KUBEWARD_E2E_BIN; README "Development" says how to build them)`, () => {});
  });
} else {
  describe('kubeward against a real API server', () => {
    let dir: string;
    let ca: TestCa;
    let apiLeaf: TestLeaf;
    let hookLeaf: TestLeaf;
    let etcd: Proc | undefined;
    let apiserver: Proc | undefined;
    let kubeward: Proc | undefined;
    let api: string;
    let kubeconfig: string;

    const admin = (method: string, path: string, body?: unknown) =>
      call(api, ca.pem, method, path, { token: ADMIN_TOKEN, ...(body !== undefined ? { body } : {}) });
    const logs = () =>
      `--- kubeward\n${kubeward?.output() ?? ''}\n--- kube-apiserver\n${apiserver?.output().slice(-4000) ?? ''}`;

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'kubeward-e2e-'));
      ca = createTestCa();
      apiLeaf = issueLeaf(ca, 'apiserver');
      hookLeaf = issueLeaf(ca, 'webhook');
      const saKey = join(dir, 'sa.key');
      execFileSync('openssl', ['genrsa', '-out', saKey, '2048'], { stdio: 'ignore' });
      const tokens = join(dir, 'tokens.csv');
      writeFileSync(tokens, `${ADMIN_TOKEN},admin,admin,"system:masters"\n${KUBEWARD_TOKEN},kubeward,kubeward\n`);

      const [etcdClient, etcdPeer, apiPort] = [await freePort(), await freePort(), await freePort()];
      etcd = start('etcd', ETCD, [
        '--name=e2e',
        `--data-dir=${join(dir, 'etcd')}`,
        `--listen-client-urls=http://127.0.0.1:${etcdClient}`,
        `--advertise-client-urls=http://127.0.0.1:${etcdClient}`,
        `--listen-peer-urls=http://127.0.0.1:${etcdPeer}`,
        `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeer}`,
        `--initial-cluster=e2e=http://127.0.0.1:${etcdPeer}`,
      ]);
      apiserver = start('kube-apiserver', APISERVER, [
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
      api = `https://127.0.0.1:${apiPort}`;
      await until(
        'the API server is ready',
        async () => ((await admin('GET', '/readyz')).status === 200 ? true : undefined),
        90_000,
        () => `${etcd?.output().slice(-2000)}\n${apiserver?.output().slice(-4000)}`,
      );

      // What kubeward is allowed to read: exactly the ClusterRole the README and the chart grant.
      expect(
        (
          await admin('POST', '/apis/rbac.authorization.k8s.io/v1/clusterroles', {
            apiVersion: 'rbac.authorization.k8s.io/v1',
            kind: 'ClusterRole',
            metadata: { name: 'kubeward-read' },
            rules: rbacRules(),
          })
        ).status,
      ).toBe(201);
      expect(
        (
          await admin('POST', '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', {
            apiVersion: 'rbac.authorization.k8s.io/v1',
            kind: 'ClusterRoleBinding',
            metadata: { name: 'kubeward-read' },
            roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'kubeward-read' },
            subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'kubeward' }],
          })
        ).status,
      ).toBe(201);

      // The VPA CRD, so VPAs exist and kubeward watches them; and what was there before kubeward (brownfield).
      expect((await admin('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', VPA_CRD)).status).toBe(
        201,
      );
      expect(
        (await admin('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } }))
          .status,
      ).toBe(201);
      await until(
        'the VPA API is served',
        async () =>
          (await admin('GET', '/apis/autoscaling.k8s.io/v1/namespaces/shop/verticalpodautoscalers')).status === 200
            ? true
            : undefined,
        30_000,
      );
      expect((await admin('POST', '/apis/apps/v1/namespaces/shop/deployments', deployment('legacy'))).status).toBe(201);

      kubeconfig = join(dir, 'kubeconfig');
      writeFileSync(
        kubeconfig,
        JSON.stringify({
          apiVersion: 'v1',
          kind: 'Config',
          clusters: [{ name: CONTEXT, cluster: { server: api, 'certificate-authority': ca.certFile } }],
          users: [{ name: 'kubeward', user: { token: KUBEWARD_TOKEN } }],
          contexts: [{ name: CONTEXT, context: { cluster: CONTEXT, user: 'kubeward' } }],
          'current-context': CONTEXT,
        }),
      );
      const config = join(dir, 'kubeward.yaml');
      writeFileSync(config, 'rules:\n  resources-qos-class: error\nwebhook:\n  mode: enforce\n');
      const hookPort = await freePort();
      kubeward = start(
        'kubeward',
        process.execPath,
        [
          KUBEWARD,
          'serve',
          `--tls-cert=${hookLeaf.certFile}`,
          `--tls-key=${hookLeaf.keyFile}`,
          '--host=127.0.0.1',
          `--port=${hookPort}`,
          '--metrics-port=0', // not the default 8080, which another process on this machine may hold
          `--config=${config}`,
          `--context=${CONTEXT}`,
          '--shutdown-delay=0',
        ],
        { ...process.env, KUBECONFIG: kubeconfig },
      );
      const hook = `https://127.0.0.1:${hookPort}`;
      // Ready only once every informer has listed the cluster, which needs the RBAC above.
      await until(
        'kubeward is ready',
        async () => ((await call(hook, ca.pem, 'GET', '/readyz')).status === 200 ? true : undefined),
        30_000,
        logs,
      );

      const caBundle = ca.pem.toString('base64');
      const rules = [
        { apiGroups: ['apps'], resources: ['deployments'] },
        { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'] },
        { apiGroups: ['autoscaling.k8s.io'], resources: ['verticalpodautoscalers'] },
      ].map((r) => ({ ...r, apiVersions: ['*'], operations: ['CREATE', 'UPDATE'] }));
      expect(
        (
          await admin('POST', '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations', {
            apiVersion: 'admissionregistration.k8s.io/v1',
            kind: 'ValidatingWebhookConfiguration',
            metadata: { name: 'kubeward' },
            webhooks: [
              {
                name: 'validate.kubeward.io',
                admissionReviewVersions: ['v1'],
                sideEffects: 'None',
                failurePolicy: 'Fail',
                timeoutSeconds: 5,
                clientConfig: { url: `${hook}/validate`, caBundle },
                rules,
                namespaceSelector: {
                  matchExpressions: [
                    { key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system'] },
                  ],
                },
              },
            ],
          })
        ).status,
      ).toBe(201);
      // The API server picks the configuration up asynchronously: wait until a denial comes from kubeward.
      await until(
        'the API server calls kubeward',
        async () => {
          const r = await admin('POST', '/apis/apps/v1/namespaces/shop/deployments?dryRun=All', deployment('probe'));
          return r.status >= 400 && JSON.stringify(r.body).includes('kubeward') ? true : undefined;
        },
        30_000,
        logs,
      );
    }, 180_000);

    afterAll(async () => {
      await stop(kubeward);
      await stop(apiserver);
      await stop(etcd);
      ca?.remove();
      if (dir) rmSync(dir, { recursive: true, force: true });
    }, 60_000);

    it('denies a BestEffort Deployment with the rule id and message, dry run or not', async () => {
      for (const query of ['', '?dryRun=All']) {
        const r = await admin('POST', `/apis/apps/v1/namespaces/shop/deployments${query}`, deployment('besteffort'));
        expect(r.status, JSON.stringify(r.body)).toBe(403);
        expect(String(r.body.message)).toMatch(/admission webhook "validate\.kubeward\.io" denied the request/);
        expect(String(r.body.message)).toContain('resources-qos-class');
        expect(String(r.body.message)).toMatch(/BestEffort/);
      }
    });

    it('admits a Burstable Deployment, with warnings kubectl would print', async () => {
      const r = await admin('POST', '/apis/apps/v1/namespaces/shop/deployments', deployment('api', BURSTABLE));
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      const noLimit = await admin(
        'POST',
        '/apis/apps/v1/namespaces/shop/deployments',
        deployment('worker', { requests: { cpu: '100m', memory: '128Mi' } }),
      );
      expect(noLimit.status, JSON.stringify(noLimit.body)).toBe(201);
      expect(noLimit.warnings.join('\n')).toMatch(/^299 - ".*resources-missing-memory-limit.*"$/m);
    });

    it('ratchets UPDATEs of a Deployment created before the webhook', async () => {
      const legacy = await admin('GET', '/apis/apps/v1/namespaces/shop/deployments/legacy');
      const labelled = structuredClone(legacy.body) as ReturnType<typeof deployment>;
      labelled.metadata.labels = { team: 'payments' };
      const r = await admin('PUT', '/apis/apps/v1/namespaces/shop/deployments/legacy', labelled);
      // The BestEffort finding was there before the change: a warning, not a denial.
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.warnings.join('\n')).toContain('resources-qos-class');
    });

    it('denies an HPA on cpu for a Deployment a VPA in Recreate mode already resizes, seen through the cache', async () => {
      const created = await admin(
        'POST',
        '/apis/autoscaling.k8s.io/v1/namespaces/shop/verticalpodautoscalers',
        vpa('api', 'api', 'Recreate'),
      );
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      // The informer sees the VPA within moments; until then the HPA would be admitted, so try as a dry run.
      const denied = await until(
        'the HPA is denied',
        async () => {
          const r = await admin(
            'POST',
            '/apis/autoscaling/v2/namespaces/shop/horizontalpodautoscalers?dryRun=All',
            hpa('api', 'api'),
          );
          return r.status === 403 ? r : undefined;
        },
        15_000,
        logs,
      );
      expect(String(denied.body.message)).toContain('hpa-vpa-overlap');
      expect(String(denied.body.message)).toMatch(/HPA api scales Deployment api on .*VPA api/);
    });

    it('audits the same cluster read-only, attributing findings to cluster:<context>/<namespace>/<kind>/<name>', () => {
      let out = '';
      try {
        out = execFileSync(process.execPath, [KUBEWARD, 'audit', '-f', 'json', '--context', CONTEXT], {
          env: { ...process.env, KUBECONFIG: kubeconfig },
          encoding: 'utf8',
        });
      } catch (e) {
        // Exit 1: findings at error severity (the default config has some); the report is on stdout all the same.
        out = String((e as { stdout?: string }).stdout ?? '');
      }
      const report = JSON.parse(out) as { findings: { ruleId: string; file: string; object: { name: string } }[] };
      const legacy = report.findings.filter((f) => f.object.name === 'legacy');
      expect(legacy.map((f) => f.ruleId)).toContain('resources-qos-class');
      expect(new Set(legacy.map((f) => f.file))).toEqual(new Set([`cluster:${CONTEXT}/shop/Deployment/legacy`]));
    });
  });
}
