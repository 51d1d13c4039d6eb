/**
 * The kind end-to-end (`npm run test:e2e:kind`, test/kind/run.sh) needs Docker, which CI does not have. What it proves
 * is in test/kind/checks.sh, plain kubectl against a cluster with kubeward installed; this file runs that same script
 * against the real kube-apiserver of test/e2e (etcd and kube-apiserver on loopback, see README "End-to-end binaries"),
 * with `kubeward serve` as a process configured exactly as the chart configures it: the kubeward.yaml of the chart's
 * ConfigMap and the chart's ValidatingWebhookConfiguration, both rendered by helm with test/kind/objects/values.yaml,
 * the webhook's service reference swapped for the local URL. So the objects, the findings they give and what the
 * checks expect of kubectl's output are tested on every CI run; only the cluster, image and install steps of run.sh
 * are not.
 * (test/kind/run.test.ts runs run.sh itself with fake docker, kind, helm and kubectl.)
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { loadAll } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_TOKEN,
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
} from '../e2e/support.js';
import { ROOT } from '../helpers/cli.js';
import { helm, layerBinary } from '../helpers/helm.js';
import { issueLeaf } from '../webhook/helpers/certs.js';

const run = promisify(execFile);
const KIND = join(ROOT, 'test', 'kind');
const OBJECTS = join(KIND, 'objects');
const CONTEXT = 'kind-checks';

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

async function bash(script: string, env: NodeJS.ProcessEnv, timeout = 300_000): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run('bash', [script], { env, timeout, maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const f = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof f.code === 'number' ? f.code : -1, stdout: f.stdout ?? '', stderr: f.stderr ?? '' };
  }
}

/** The chart rendered as run.sh installs it, one template. */
function rendered(template: string): Record<string, unknown>[] {
  const text = helm([
    'template',
    'kubeward',
    join(ROOT, 'charts', 'kubeward'),
    '--namespace',
    'kubeward',
    '-f',
    join(OBJECTS, 'values.yaml'),
    '--set',
    'tls.mode=selfSigned',
    '--show-only',
    `templates/${template}`,
  ]);
  return loadAll(text).filter((d): d is Record<string, unknown> => typeof d === 'object' && d !== null);
}

if (!AVAILABLE) {
  describeSkipped('test/kind/checks.sh against a real API server');
} else {
  describe('test/kind/checks.sh against a real API server', () => {
    let cluster: Cluster | undefined;
    let kubeward: Proc | undefined;
    const env: NodeJS.ProcessEnv = { ...process.env };
    const logs = () =>
      `--- kubeward\n${kubeward?.output() ?? ''}\n--- kube-apiserver\n${cluster?.apiserver.output().slice(-4000) ?? ''}`;

    beforeAll(async () => {
      const kubectl = layerBinary('kubectl');
      if ('unavailable' in kubectl) throw new Error(kubectl.unavailable);
      cluster = await startCluster();
      const { ca, dir, api } = cluster;
      const kubeconfig = join(dir, 'kubeconfig');
      writeFileSync(
        kubeconfig,
        JSON.stringify({
          apiVersion: 'v1',
          kind: 'Config',
          clusters: [{ name: CONTEXT, cluster: { server: api, 'certificate-authority': ca.certFile } }],
          users: [{ name: 'admin', user: { token: ADMIN_TOKEN } }],
          contexts: [{ name: CONTEXT, context: { cluster: CONTEXT, user: 'admin' } }],
          'current-context': CONTEXT,
        }),
      );
      Object.assign(env, { KUBECTL: kubectl.path, KUBECONFIG: kubeconfig });

      // What the cluster had before kubeward, applied as run.sh applies it.
      await run(kubectl.path, ['apply', '-f', join(OBJECTS, 'before-install.yaml')], { env });
      await run(
        kubectl.path,
        ['wait', '--for=condition=Established', 'crd/verticalpodautoscalers.autoscaling.k8s.io', '--timeout=60s'],
        { env },
      );

      // kubeward as the chart runs it: the ConfigMap's kubeward.yaml.
      const configMap = rendered('configmap.yaml')[0] as { data?: Record<string, string> } | undefined;
      const config = join(dir, 'kubeward.yaml');
      writeFileSync(config, configMap?.data?.['kubeward.yaml'] ?? '');
      const leaf = issueLeaf(ca, 'kind-checks-webhook');
      const port = await freePort();
      kubeward = start(
        'kubeward',
        process.execPath,
        [
          KUBEWARD,
          'serve',
          `--tls-cert=${leaf.certFile}`,
          `--tls-key=${leaf.keyFile}`,
          '--host=127.0.0.1',
          `--port=${port}`,
          '--metrics-port=0',
          `--config=${config}`,
          '--shutdown-delay=0',
        ],
        { ...process.env, KUBECONFIG: kubeconfig },
      );
      const hook = `https://127.0.0.1:${port}`;
      await until(
        'kubeward is ready',
        async () => ((await call(hook, ca.pem, 'GET', '/readyz')).status === 200 ? true : undefined),
        30_000,
        logs,
      );

      // The chart's webhook configuration (rules, selectors, failure policy), calling the local process.
      const vwc = rendered('validatingwebhookconfiguration.yaml').find(
        (d) => d.kind === 'ValidatingWebhookConfiguration',
      ) as { webhooks: { clientConfig: unknown }[] } | undefined;
      if (vwc === undefined || vwc.webhooks.length !== 1) throw new Error('the chart rendered no single webhook');
      for (const w of vwc.webhooks) w.clientConfig = { url: `${hook}/validate`, caBundle: ca.pem.toString('base64') };
      const created = await cluster.admin(
        'POST',
        '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations',
        vwc,
      );
      expect(created.status, JSON.stringify(created.body)).toBe(201);
    }, 180_000);

    afterAll(async () => {
      await stop(kubeward);
      await cluster?.close();
    }, 60_000);

    it('passes every check: a denial, a warning, an HPA denied next to an Auto VPA, and ratcheting', async () => {
      const r = await bash(join(KIND, 'checks.sh'), env);
      expect(r.code, `${r.stdout}\n${r.stderr}\n${logs()}`).toBe(0);
      expect(r.stdout.split('\n').filter((l) => l.startsWith('ok   '))).toEqual([
        'ok   the API server calls kubeward',
        'ok   a Deployment with an error finding is denied and not stored',
        'ok   a Deployment with a warning finding is created, and kubectl prints "Warning: resources-missing-memory-limit"',
        'ok   an HPA on cpu is admitted alone, and denied once an Auto-mode VPA targets the same Deployment',
        'ok   an UPDATE that keeps a pre-existing error finding is allowed with a warning',
        'ok   an UPDATE that adds a finding is denied',
      ]);
      expect(r.stdout).toContain('all 6 checks passed');
    }, 300_000);
  });
}
