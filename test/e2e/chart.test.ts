/**
 * The Helm chart against a real kube-apiserver (v1.36, test/e2e/support.ts): every object it renders, in each
 * certificate mode, and every object of deploy/kubeward.yaml, is accepted by `kubectl apply --dry-run=server` (the
 * kubectl of the same dev dependency as helm), with cert-manager's CRDs and prometheus-operator's ServiceMonitor CRD
 * installed from the corpus copies (test/corpus/cert-manager.yaml, kube-prometheus.yaml). Then for real:
 * `helm install` and `helm upgrade` of the chart as shipped (its kubeVersion against the API server's v1.36.3) keep
 * the self-signed certificate (lookup) until it is due for renewal; in tls.mode job the certgen hook Job runs on
 * install and on every upgrade (a new image tag too), and the certificate it wrote stays; the certgen Job's script,
 * run with the service account and RBAC of deploy/kubeward.yaml, fills in the Secret and the caBundle, keeps them on
 * a second run, renews them when due, and can neither create a Secret nor read another; a changed
 * deploy/kubeward.yaml applies over the old one. There is no controller manager or kubelet: the Deployment is stored,
 * never run, and a certgen Job is run by the test (its script with node, under the Job's service account and
 * environment, then the Job marked complete), which is all admission, helm and the script need.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS, ROOT } from '../helpers/cli.js';
import { helmBinary, layerBinary } from '../helpers/helm.js';
import { ADMIN_TOKEN, AVAILABLE, type Cluster, call, describeSkipped, startCluster, until } from './support.js';

const CHART = join(ROOT, 'charts', 'kubeward');
const DEPLOY = join(ROOT, 'deploy', 'kubeward.yaml');
const CERTGEN = join(CHART, 'files', 'certgen.mjs');
const HELM = helmBinary();
const KUBECTL = layerBinary('kubectl');

interface Obj {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; annotations?: Record<string, string> };
  [key: string]: unknown;
}

/** What the test reads of a certgen Job. */
interface CertgenJob {
  metadata: { name: string; uid: string };
  spec: {
    template: { spec: { serviceAccountName: string; containers: { env: { name: string; value: string }[] }[] } };
  };
  status?: Record<string, unknown>;
}

const parse = (text: string) =>
  (loadAll(text) as unknown[]).filter((o): o is Obj => typeof o === 'object' && o !== null);

/** A child process; resolves with its output and exit code (never rejects on a non-zero exit). */
function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd: ROOT, env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr });
    });
  });
}

const tools = 'unavailable' in HELM ? HELM.unavailable : 'unavailable' in KUBECTL ? KUBECTL.unavailable : undefined;

if (!AVAILABLE) {
  describeSkipped('the kubeward chart against a real API server');
} else if (tools !== undefined) {
  describe('the kubeward chart against a real API server', () => {
    it.skip(`skipped: ${tools}`, () => {});
  });
} else {
  describe('the kubeward chart against a real API server (Kubernetes 1.36)', () => {
    const helm = (HELM as { path: string }).path;
    const kubectl = (KUBECTL as { path: string }).path;
    let cluster: Cluster | undefined;
    let dir: string;
    let kubeconfig: string;

    const admin = (method: string, path: string, body?: unknown) => {
      if (cluster === undefined) throw new Error('the cluster did not start');
      return cluster.admin(method, path, body);
    };

    async function namespace(name: string): Promise<void> {
      const r = await admin('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
      if (r.status !== 201 && r.status !== 409) throw new Error(`namespace ${name}: ${JSON.stringify(r.body)}`);
    }

    const helmEnv = () => ({
      ...process.env,
      HELM_CACHE_HOME: join(ROOT, '.cache', 'helm-home'),
      KUBECONFIG: kubeconfig,
    });

    /**
     * The certgen Job's script as its pod would run it: node, the Job's environment, a token of the Job's service
     * account (so its RBAC is what is tested), the test API server in place of the in-cluster one.
     */
    async function runCertgen(ns: string, job: CertgenJob, extra: Record<string, string> = {}) {
      const pod = job.spec.template.spec;
      const token = await admin('POST', `/api/v1/namespaces/${ns}/serviceaccounts/${pod.serviceAccountName}/token`, {
        apiVersion: 'authentication.k8s.io/v1',
        kind: 'TokenRequest',
        spec: { expirationSeconds: 3600 },
      });
      expect(token.status, JSON.stringify(token.body)).toBe(201);
      const tokenFile = join(dir, `certgen-token-${ns}`);
      writeFileSync(tokenFile, (token.body.status as { token: string }).token);
      const jobEnv = Object.fromEntries((pod.containers[0]?.env ?? []).map((e) => [e.name, e.value]));
      return run(process.execPath, [CERTGEN], {
        PATH: process.env.PATH,
        ...jobEnv,
        KUBE_API: cluster?.api,
        KUBE_CA_FILE: cluster?.ca.certFile,
        KUBE_TOKEN_FILE: tokenFile,
        ...extra,
      });
    }

    /**
     * Stands in for the Job controller and the kubelet in namespace `ns`: each new Job (by uid) has its script run
     * (runCertgen) and, when it succeeds, is marked complete, which ends helm's wait for a hook. `stop` ends it and
     * gives the Jobs it ran and the script's output.
     */
    function jobRunner(ns: string) {
      const seen = new Set<string>();
      const ran: { name: string; code: number; output: string }[] = [];
      let stopped = false;
      const loop = (async () => {
        while (!stopped) {
          const list = await admin('GET', `/apis/batch/v1/namespaces/${ns}/jobs`);
          for (const job of (list.body.items ?? []) as CertgenJob[]) {
            if (seen.has(job.metadata.uid)) continue;
            seen.add(job.metadata.uid);
            const r = await runCertgen(ns, job);
            ran.push({ name: job.metadata.name, code: r.code, output: `${r.stdout}${r.stderr}` });
            if (r.code !== 0) continue;
            const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
            const condition = (type: string) => ({ type, status: 'True', lastProbeTime: now, lastTransitionTime: now });
            const done = await admin('PUT', `/apis/batch/v1/namespaces/${ns}/jobs/${job.metadata.name}/status`, {
              ...job,
              status: {
                startTime: now,
                completionTime: now,
                succeeded: 1,
                conditions: [condition('SuccessCriteriaMet'), condition('Complete')],
              },
            });
            expect(done.status, JSON.stringify(done.body)).toBe(200);
          }
          await new Promise((r) => setTimeout(r, 200));
        }
      })();
      return {
        stop: async () => {
          stopped = true;
          await loop;
          return ran;
        },
      };
    }

    async function template(namespaceName: string, set: string[]): Promise<string> {
      const args = ['template', 'kw', CHART, '--namespace', namespaceName, ...set.flatMap((s) => ['--set', s])];
      const r = await run(helm, args, helmEnv());
      if (r.code !== 0) throw new Error(r.stderr);
      return r.stdout;
    }

    /** kubectl apply --dry-run=server of a file: every object must be accepted, without a warning. */
    async function dryRun(file: string): Promise<string[]> {
      const objects = parse(readFileSync(file, 'utf8'));
      const r = await run(kubectl, ['--kubeconfig', kubeconfig, 'apply', '--dry-run=server', '-f', file]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const lines = r.stdout.trim().split('\n');
      expect(lines).toHaveLength(objects.length);
      for (const line of lines) expect(line).toMatch(/^\S+ (created|configured|unchanged) \(server dry run\)$/);
      return objects.map((o) => o.kind);
    }

    async function installCrds(file: string, names: (name: string) => boolean): Promise<void> {
      const crds = parse(readFileSync(file, 'utf8')).filter(
        (o) => o.kind === 'CustomResourceDefinition' && names(o.metadata.name),
      );
      expect(crds.length).toBeGreaterThan(0);
      for (const crd of crds) {
        const r = await admin('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', crd);
        expect(r.status, `${crd.metadata.name}: ${JSON.stringify(r.body.message)}`).toBe(201);
      }
      for (const crd of crds) {
        await until(
          `${crd.metadata.name} is established`,
          async () => {
            const got = await admin(
              'GET',
              `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${crd.metadata.name}`,
            );
            const status = got.body.status as { conditions?: { type: string; status: string }[] } | undefined;
            return (status?.conditions ?? []).some((c) => c.type === 'Established' && c.status === 'True')
              ? true
              : undefined;
          },
          30_000,
        );
      }
    }

    beforeAll(async () => {
      cluster = await startCluster();
      dir = mkdtempSync(join(tmpdir(), 'kubeward-e2e-chart-'));
      kubeconfig = join(dir, 'kubeconfig');
      writeFileSync(
        kubeconfig,
        JSON.stringify({
          apiVersion: 'v1',
          kind: 'Config',
          clusters: [{ name: 'e2e', cluster: { server: cluster.api, 'certificate-authority': cluster.ca.certFile } }],
          users: [{ name: 'admin', user: { token: ADMIN_TOKEN } }],
          contexts: [{ name: 'e2e', context: { cluster: 'e2e', user: 'admin' } }],
          'current-context': 'e2e',
        }),
      );
      await installCrds(join(CORPUS, 'cert-manager.yaml'), (name) => name.endsWith('.cert-manager.io'));
      await installCrds(
        join(CORPUS, 'kube-prometheus.yaml'),
        (name) => name === 'servicemonitors.monitoring.coreos.com',
      );
      await namespace('kw-dry');
    }, 180_000);

    afterAll(async () => {
      await cluster?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    }, 60_000);

    it.each([
      ['selfSigned', ['tls.mode=selfSigned']],
      ['certManager, with the ServiceMonitor', ['tls.mode=certManager', 'metrics.serviceMonitor.enabled=true']],
      [
        'certManager with an issuerRef',
        ['tls.mode=certManager', 'tls.certManager.issuerRef.name=corp', 'tls.certManager.issuerRef.kind=ClusterIssuer'],
      ],
      ['job', ['tls.mode=job']],
      ['existingSecret', ['tls.mode=existingSecret', 'tls.existingSecret=my-tls', 'tls.caBundle=Q0E=']],
    ])(
      'kubectl apply --dry-run=server accepts every object of the chart in tls mode %s',
      async (mode, set) => {
        const file = join(dir, `${mode.replace(/\W+/g, '-')}.yaml`);
        writeFileSync(file, await template('kw-dry', set));
        const kinds = await dryRun(file);
        expect(kinds).toContain('ValidatingWebhookConfiguration');
        expect(kinds).toContain('Deployment');
        if (mode.startsWith('certManager')) expect(kinds).toContain('Certificate');
        if (mode.includes('ServiceMonitor')) expect(kinds).toContain('ServiceMonitor');
        if (mode === 'job') expect(kinds).toContain('Job');
        if (mode === 'selfSigned') expect(kinds).toContain('Secret');
      },
      60_000,
    );

    it('kubectl apply --dry-run=server accepts every object of deploy/kubeward.yaml', async () => {
      // A dry run creates no namespace, and the namespaced objects need theirs: applied first, as a user's first
      // `kubectl apply -f deploy/kubeward.yaml` would create it.
      const ns = join(dir, 'namespace.yaml');
      writeFileSync(ns, readFileSync(DEPLOY, 'utf8').split('\n---\n')[0] ?? '');
      const created = await run(kubectl, ['--kubeconfig', kubeconfig, 'apply', '-f', ns]);
      expect(created.stdout.trim(), created.stderr).toBe('namespace/kubeward created');
      const kinds = await dryRun(DEPLOY);
      expect(kinds[0]).toBe('Namespace');
      expect(kinds).toContain('Job');
    }, 60_000);

    /** helm install or upgrade of the chart as shipped, release `release` in `ns`. */
    const helmRelease = (release: string, ns: string, verb: string, ...set: string[]) =>
      run(
        helm,
        [
          verb,
          release,
          CHART,
          '--namespace',
          ns,
          '--timeout',
          '90s',
          ...(verb === 'install' ? ['--create-namespace'] : []),
          ...set.flatMap((s) => ['--set', s]),
        ],
        helmEnv(),
      );

    it('helm install, then helm upgrade: the self-signed certificate stays until it is due, then is renewed', async () => {
      const secretPath = '/api/v1/namespaces/kw-helm/secrets/kw-kubeward-tls';
      const state = async () => {
        const secret = await admin('GET', secretPath);
        expect(secret.status).toBe(200);
        const vwc = await admin(
          'GET',
          '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/kw-kubeward',
        );
        const data = secret.body.data as Record<string, string>;
        const caBundle = (vwc.body.webhooks as { clientConfig: { caBundle: string } }[])[0]?.clientConfig.caBundle;
        expect(caBundle).toBe(data['ca.crt']);
        return data;
      };
      // The chart as shipped: helm checks its kubeVersion against the API server's (v1.36.3, scripts/build-e2e-bin.sh).
      const version = await admin('GET', '/version');
      expect(version.body.gitVersion).toBe('v1.36.3');
      const helmRun = async (verb: string, ...set: string[]) => {
        const r = await helmRelease('kw', 'kw-helm', verb, ...set);
        expect(r.code, r.stderr).toBe(0);
      };
      await helmRun('install');
      const installed = await state();
      await helmRun('upgrade', 'webhook.mode=warn');
      expect(await state()).toEqual(installed);
      // Within renewBeforeDays of the end (3650 days of validity left, less a few seconds): new ones.
      await helmRun('upgrade', 'tls.selfSigned.validityDays=3651', 'tls.selfSigned.renewBeforeDays=3650');
      const renewed = await state();
      expect(renewed['ca.crt']).not.toBe(installed['ca.crt']);
      expect(renewed['tls.crt']).not.toBe(installed['tls.crt']);
      // helm reuses the last values when none are given: back to the defaults, and the renewed ones stay.
      await helmRun('upgrade', 'webhook.mode=enforce');
      expect(await state()).toEqual(renewed);
    }, 120_000);

    it('tls.mode job under helm: the certgen hook Job runs on install and on every upgrade, a new image tag too, and the certificate stays', async () => {
      const ns = 'kw-job';
      const secretPath = `/api/v1/namespaces/${ns}/secrets/kwj-kubeward-tls`;
      const state = async () => {
        const secret = await admin('GET', secretPath);
        expect(secret.status).toBe(200);
        const data = secret.body.data as Record<string, string>;
        const vwc = await admin(
          'GET',
          '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/kwj-kubeward',
        );
        expect((vwc.body.webhooks as { clientConfig: { caBundle?: string } }[])[0]?.clientConfig.caBundle).toBe(
          data['ca.crt'],
        );
        return data;
      };
      const jobs = async () =>
        ((await admin('GET', `/apis/batch/v1/namespaces/${ns}/jobs`)).body.items as CertgenJob[]).map(
          (j) => j.metadata.name,
        );
      const step = async (verb: string, ...set: string[]) => {
        const runner = jobRunner(ns);
        const r = await helmRelease('kwj', ns, verb, 'tls.mode=job', ...set);
        const ran = await runner.stop();
        expect(r.code, `${r.stderr}\n${JSON.stringify(ran)}`).toBe(0);
        // One Job per install or upgrade, which helm waited for and then deleted (hook-succeeded).
        expect(ran.map((j) => j.code)).toEqual([0]);
        expect(await jobs()).toEqual([]);
        return { job: ran[0]?.name ?? '', output: ran[0]?.output ?? '' };
      };

      const installed = await step('install');
      expect(installed.job).toMatch(/^kwj-kubeward-certgen-[0-9a-f]{10}$/);
      // The chart's Secret was empty: the Job filled it in, with get and update only.
      expect(installed.output).toContain('new certificates, because it does not hold tls.crt, tls.key and ca.crt');
      const made = await state();
      expect(Object.keys(made).sort()).toEqual(['ca.crt', 'tls.crt', 'tls.key']);

      // A new image tag is a new pod template: before, a Job kept from the install made the upgrade fail
      // (spec.template is immutable). Now a new hook Job, of a new name; helm leaves the Secret's data alone.
      const upgraded = await step('upgrade', 'image.tag=0.2.0');
      expect(upgraded.job).not.toBe(installed.job);
      expect(upgraded.output).toContain('holds a valid certificate: kept');
      expect(await state()).toEqual(made);

      // Again with the same Job: it is made again under the same name (before-hook-creation) and keeps it all.
      const again = await step('upgrade', 'image.tag=0.2.0', 'webhook.mode=warn');
      expect(again.job).toBe(upgraded.job);
      expect(again.output).toContain('holds a valid certificate: kept');
      expect(await state()).toEqual(made);
    }, 300_000);

    it("the certgen Job's script, with deploy/kubeward.yaml's service account and RBAC, writes, keeps and renews the certificate", async () => {
      const applied = await run(kubectl, ['--kubeconfig', kubeconfig, 'apply', '-f', DEPLOY]);
      expect(applied.code, applied.stderr).toBe(0);
      expect(applied.stderr).toBe('');
      const job = parse(readFileSync(DEPLOY, 'utf8')).find((o) => o.kind === 'Job') as unknown as CertgenJob;
      const jobEnv = Object.fromEntries(
        (job.spec.template.spec.containers[0]?.env ?? []).map((e) => [e.name, e.value]),
      );
      const certgen = (extra: Record<string, string> = {}) => runCertgen('kubeward', job, extra);
      const secretPath = `/api/v1/namespaces/kubeward/secrets/${jobEnv.SECRET_NAME}`;
      const state = async () => {
        const secret = await admin('GET', secretPath);
        expect(secret.status).toBe(200);
        const vwc = await admin(
          'GET',
          `/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/${jobEnv.WEBHOOK_NAME}`,
        );
        const data = secret.body.data as Record<string, string>;
        expect((vwc.body.webhooks as { clientConfig: { caBundle?: string } }[])[0]?.clientConfig.caBundle).toBe(
          data['ca.crt'],
        );
        return data;
      };

      // The file made the Secret, empty; the script fills it in.
      expect((await admin('GET', secretPath)).body.data).toBeUndefined();
      const first = await certgen();
      expect(first.code, first.stderr).toBe(0);
      expect(first.stdout).toContain('new certificates, because it does not hold tls.crt, tls.key and ca.crt');
      expect(first.stdout).toContain('caBundle set on 1 webhook(s)');
      const made = await state();

      const second = await certgen();
      expect(second.code, second.stderr).toBe(0);
      expect(second.stdout).toContain('holds a valid certificate: kept');
      expect(second.stdout).toContain('already trusts the CA');
      expect(await state()).toEqual(made);

      // Applying the file again leaves the Secret's data and the caBundle the Job set (the file holds neither).
      const again = await run(kubectl, ['--kubeconfig', kubeconfig, 'apply', '-f', DEPLOY]);
      expect(again.code, again.stderr).toBe(0);
      expect(again.stderr).toBe('');
      expect(await state()).toEqual(made);

      // A changed file (another image) applies over the old one: its Job is a new one, of another name, instead of
      // an immutable pod template to change; the old Job stays until ttlSecondsAfterFinished.
      const changed = join(dir, 'deploy-0.2.0.yaml');
      const render = await run(
        helm,
        ['template', 'kubeward', CHART, '--namespace', 'kubeward', '--set', 'tls.mode=job', '--set', 'image.tag=0.2.0'],
        helmEnv(),
      );
      expect(render.code, render.stderr).toBe(0);
      writeFileSync(changed, render.stdout);
      const newJob = parse(render.stdout).find((o) => o.kind === 'Job');
      expect(newJob?.metadata.name).not.toBe(job.metadata.name);
      const reapplied = await run(kubectl, ['--kubeconfig', kubeconfig, 'apply', '-f', changed]);
      expect(reapplied.code, reapplied.stderr).toBe(0);
      expect(reapplied.stdout).toContain(`job.batch/${newJob?.metadata.name} created`);
      const jobs = await admin('GET', '/apis/batch/v1/namespaces/kubeward/jobs');
      expect((jobs.body.items as CertgenJob[]).map((j) => j.metadata.name).sort()).toEqual(
        [job.metadata.name, newJob?.metadata.name].sort(),
      );
      expect(await state()).toEqual(made);

      // Made for 3650 days a moment ago: due when renewal starts 3650 days before the end.
      const renew = await certgen({ VALIDITY_DAYS: '3651', RENEW_BEFORE_DAYS: '3650' });
      expect(renew.code, renew.stderr).toBe(0);
      expect(renew.stdout).toMatch(/new certificates, because it ends on .*, within 3650 days/);
      const renewed = await state();
      expect(renewed['ca.crt']).not.toBe(made['ca.crt']);

      // Its RBAC is the webhook's Secret only: another one is refused, and the script says so.
      const other = await certgen({ SECRET_NAME: 'someone-elses' });
      expect(other.code).toBe(1);
      expect(other.stderr).toContain('reading Secret kubeward/someone-elses: the API server answered 403');

      // It cannot create a Secret (a service-account-token one would give it the webhook's own token): without the
      // chart's Secret the script stops and says what to do.
      const removed = await admin('DELETE', secretPath);
      expect(removed.status).toBe(200);
      const gone = await certgen();
      expect(gone.code).toBe(1);
      expect(gone.stderr).toContain(
        `Secret kubeward/${jobEnv.SECRET_NAME} does not exist: the chart (or deploy/kubeward.yaml) makes it, empty, for this Job to fill in`,
      );
      const tokenFile = join(dir, 'certgen-token-kubeward');
      const created = await call(
        cluster?.api ?? '',
        cluster?.ca.pem ?? Buffer.from(''),
        'POST',
        '/api/v1/namespaces/kubeward/secrets',
        {
          token: readFileSync(tokenFile, 'utf8'),
          body: { apiVersion: 'v1', kind: 'Secret', metadata: { name: jobEnv.SECRET_NAME }, type: 'Opaque' },
        },
      );
      expect(created.status).toBe(403);
      // Applying the file again brings it back, empty, and the next run fills it in.
      const restored = await run(kubectl, ['--kubeconfig', kubeconfig, 'apply', '-f', DEPLOY]);
      expect(restored.code, restored.stderr).toBe(0);
      const refilled = await certgen();
      expect(refilled.code, refilled.stderr).toBe(0);
      expect(Object.keys(await state()).sort()).toEqual(['ca.crt', 'tls.crt', 'tls.key']);
    }, 180_000);
  });
}
