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
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rbacRules } from '../../src/cluster/kinds.js';
import { issueLeaf, type TestLeaf } from '../webhook/helpers/certs.js';
import {
  AVAILABLE,
  type Cluster,
  call,
  describeSkipped,
  freePort,
  KUBEWARD,
  type Proc,
  start,
  startCluster,
  stop,
  until,
} from './support.js';

const KUBEWARD_TOKEN = 'e2e-kubeward-token';
const CONTEXT = 'e2e';

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
  describeSkipped('kubeward against a real API server');
} else {
  describe('kubeward against a real API server', () => {
    let cluster: Cluster | undefined;
    let hookLeaf: TestLeaf;
    let kubeward: Proc | undefined;
    let api: string;
    let kubeconfig: string;

    const admin = (method: string, path: string, body?: unknown) => {
      if (cluster === undefined) throw new Error('the cluster did not start');
      return cluster.admin(method, path, body);
    };
    const logs = () =>
      `--- kubeward\n${kubeward?.output() ?? ''}\n--- kube-apiserver\n${cluster?.apiserver.output().slice(-4000) ?? ''}`;

    beforeAll(async () => {
      cluster = await startCluster([{ name: 'kubeward', token: KUBEWARD_TOKEN }]);
      const { ca, dir } = cluster;
      hookLeaf = issueLeaf(ca, 'webhook');
      api = cluster.api;

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
      await cluster?.close();
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
