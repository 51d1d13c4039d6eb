/**
 * The chart's certificate modes without cert-manager: `selfSigned` (helm's genCA and genSignedCert, rendered by the
 * real helm) and `job` (files/certgen.mjs, run in the cluster by a Job): the certificate names the Service the API
 * server calls, is signed by the CA in the caBundle, and is where the pods mount it. The certificates certgen makes
 * are checked by Go's crypto/x509 (the API server's) through the real kubectl.
 */
import { execFile, execFileSync } from 'node:child_process';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { loadAll } from 'js-yaml';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { K8sObject } from '../../src/k8s/object.js';
import { ROOT } from '../helpers/cli.js';
import { helmBinary, layerBinary } from '../helpers/helm.js';
import { scratchDir } from '../helpers/scratch.js';

const run = promisify(execFile);
const bin = helmBinary();
const kubectl = layerBinary('kubectl');
const CHART = join(ROOT, 'charts', 'kubeward');
const DNS_NAMES = ['kw-kubeward.kubeward.svc', 'kw-kubeward.kubeward.svc.cluster.local'];

type Pem = Record<'tls.crt' | 'tls.key' | 'ca.crt', string>;
interface Certgen {
  generate(dnsNames: string[], days: number, now?: Date): Pem;
  unusable(
    data: Record<string, string> | undefined,
    dnsNames: string[],
    renewBeforeDays: number,
    now?: Date,
  ): string | undefined;
  settingsFrom(env: Record<string, string | undefined>): unknown;
}
let certgen: Certgen;
beforeAll(async () => {
  // A plain .mjs script (it runs in the kubeward image, without our build): imported by URL and typed here.
  certgen = (await import(pathToFileURL(join(CHART, 'files', 'certgen.mjs')).href)) as Certgen;
});

type Obj = K8sObject & Record<string, unknown>;

function render(...set: string[]): Obj[] {
  if ('unavailable' in bin) throw new Error(bin.unavailable);
  const out = execFileSync(
    bin.path,
    ['template', 'kw', CHART, '--namespace', 'kubeward', ...set.flatMap((s) => ['--set', s])],
    { encoding: 'utf8', env: { ...process.env, HELM_CACHE_HOME: join(ROOT, '.cache', 'helm-home') } },
  );
  return (loadAll(out) as unknown[]).filter((o): o is Obj => typeof o === 'object' && o !== null);
}

const find = (objects: Obj[], kind: string, name?: string) =>
  objects.filter((o) => o.kind === kind && (name === undefined || o.metadata?.name === name));

interface Webhooks {
  webhooks: { clientConfig: { service: { name: string; namespace: string }; caBundle?: string } }[];
}
interface PodSpecOf {
  spec: {
    selector?: { matchLabels: Record<string, string> };
    template: {
      metadata: { labels: Record<string, string> };
      spec: {
        volumes: { name: string; secret?: { secretName: string }; configMap?: { name: string } }[];
        containers: { env?: { name: string; value: string }[]; command?: string[] }[];
      };
    };
  };
}

const b64 = (s: string) => Buffer.from(s, 'base64').toString('utf8');
const mountedSecret = (deployment: Obj) =>
  (deployment as unknown as PodSpecOf).spec.template.spec.volumes.find((v) => v.name === 'tls')?.secret?.secretName;

/** An HTTPS server with this pair; Go's TLS client (kubectl) must trust it with the CA for `serverName`. */
async function goAccepts(pem: Pem, serverName: string): Promise<{ ok: boolean; message: string }> {
  if ('unavailable' in kubectl) throw new Error(kubectl.unavailable);
  const server = createServer({ cert: pem['tls.crt'], key: pem['tls.key'] }, (_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end('{"ok":true}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  onTestFinished(() => new Promise<void>((r) => server.close(() => r())));
  const dir = scratchDir('certgen-go');
  const ca = join(dir, 'ca.crt');
  writeFileSync(ca, pem['ca.crt']);
  const port = (server.address() as AddressInfo).port;
  try {
    const { stdout } = await run(kubectl.path, [
      '--server',
      `https://127.0.0.1:${port}`,
      '--certificate-authority',
      ca,
      '--tls-server-name',
      serverName,
      '--token',
      'unused',
      'get',
      '--raw',
      '/',
    ]);
    return { ok: true, message: stdout };
  } catch (e) {
    return { ok: false, message: String((e as { stderr?: string }).stderr ?? e) };
  }
}

describe.skipIf('unavailable' in bin)(
  'tls.mode selfSigned (the default): helm generates the CA and certificate',
  () => {
    it('puts a certificate for the Service, signed by the caBundle, in the Secret the pods mount', () => {
      const objects = render();
      const [secret] = find(objects, 'Secret') as (Obj & { type: string; data: Record<string, string> })[];
      expect(secret?.type).toBe('kubernetes.io/tls');
      expect(Object.keys(secret?.data ?? {}).sort()).toEqual(['ca.crt', 'tls.crt', 'tls.key']);
      const [deployment] = find(objects, 'Deployment');
      expect(mountedSecret(deployment as Obj)).toBe(secret?.metadata?.name);
      const [vwc] = find(objects, 'ValidatingWebhookConfiguration') as unknown as Webhooks[];
      const caBundle = vwc?.webhooks[0]?.clientConfig.caBundle;
      expect(caBundle).toBe(secret?.data['ca.crt']);
      expect(vwc?.webhooks[0]?.clientConfig.service).toMatchObject({ name: 'kw-kubeward', namespace: 'kubeward' });

      const cert = new X509Certificate(b64(secret?.data['tls.crt'] ?? ''));
      const ca = new X509Certificate(b64(caBundle ?? ''));
      expect(ca.ca).toBe(true);
      expect(cert.verify(ca.publicKey)).toBe(true);
      for (const name of DNS_NAMES) expect(cert.checkHost(name), name).toBe(name);
      expect(cert.checkHost('kw-kubeward.other.svc')).toBeUndefined();
      expect(cert.checkPrivateKey(createPrivateKey(b64(secret?.data['tls.key'] ?? '')))).toBe(true);
      // Valid for validityDays, and the annotation an upgrade reads says when it ends.
      const days = (new Date(cert.validTo).getTime() - Date.now()) / 86_400_000;
      expect(days).toBeGreaterThan(3649);
      expect(days).toBeLessThan(3651);
      const notAfter = Date.parse(secret?.metadata?.annotations?.['kubeward.io/not-after'] ?? '');
      expect(Math.abs(notAfter - new Date(cert.validTo).getTime())).toBeLessThan(120_000);
      expect(find(objects, 'Job')).toEqual([]);
      expect(find(objects, 'Certificate')).toEqual([]);
    });

    it('generates new ones on every render without a cluster (helm template cannot look the Secret up)', () => {
      const ca = (objects: Obj[]) =>
        (find(objects, 'Secret')[0] as unknown as { data: Record<string, string> }).data['ca.crt'];
      expect(ca(render())).not.toBe(ca(render()));
      expect(readFileSync(join(CHART, 'README.md'), 'utf8')).toMatch(/`helm template`[^.]*cannot look the Secret up/);
    });

    it('takes validityDays from the values', () => {
      const [secret] = find(
        render('tls.selfSigned.validityDays=30', 'tls.selfSigned.renewBeforeDays=7'),
        'Secret',
      ) as unknown as {
        data: Record<string, string>;
      }[];
      const days =
        (new Date(new X509Certificate(b64(secret?.data['tls.crt'] ?? '')).validTo).getTime() - Date.now()) / 86_400_000;
      expect(Math.round(days)).toBe(30);
    });
  },
);

describe.skipIf('unavailable' in bin)('tls.mode job: a Job in the cluster makes the certificate', () => {
  it('renders no key and no caBundle, and a Job that writes the Secret the pods mount for the Service the API server calls', () => {
    const objects = render('tls.mode=job');
    // One Secret, the empty one the Job fills in.
    expect(find(objects, 'Secret').map((o) => [o.metadata?.name, Object.keys(o).sort()])).toEqual([
      ['kw-kubeward-tls', ['apiVersion', 'kind', 'metadata', 'type']],
    ]);
    // No PEM block with a body (the script holds only the header it writes), none base64-encoded either.
    const text = JSON.stringify(objects);
    expect(/-----BEGIN [A-Z ]+-----(\\n)?[A-Za-z0-9+/=]{40}/.test(text), 'a PEM block in the render').toBe(false);
    expect(text.includes('LS0tLS1CRUdJTi'), 'a base64 PEM block in the render').toBe(false);
    const [vwc] = find(objects, 'ValidatingWebhookConfiguration') as unknown as Webhooks[];
    expect(vwc?.webhooks[0]?.clientConfig).not.toHaveProperty('caBundle');
    const [job] = find(objects, 'Job') as unknown as PodSpecOf[];
    const env = Object.fromEntries(job?.spec.template.spec.containers[0]?.env?.map((e) => [e.name, e.value]) ?? []);
    expect(env).toMatchObject({
      NAMESPACE: 'kubeward',
      SECRET_NAME: mountedSecret(find(objects, 'Deployment')[0] as Obj),
      WEBHOOK_NAME: find(objects, 'ValidatingWebhookConfiguration')[0]?.metadata?.name,
      DNS_NAMES: DNS_NAMES.join(','),
      VALIDITY_DAYS: '3650',
      RENEW_BEFORE_DAYS: '30',
    });
    expect(certgen.settingsFrom(env)).toMatchObject({ dnsNames: DNS_NAMES, validityDays: 3650, renewBeforeDays: 30 });
    // The script it runs is the chart's file, mounted from a ConfigMap.
    const [configMap] = find(objects, 'ConfigMap', 'kw-kubeward-certgen') as unknown as {
      data: Record<string, string>;
    }[];
    expect(configMap?.data['certgen.mjs']).toBe(readFileSync(join(CHART, 'files', 'certgen.mjs'), 'utf8'));
    expect(job?.spec.template.spec.containers[0]?.command).toEqual(['node', '/etc/kubeward/certgen/certgen.mjs']);
  });

  it('makes the Job a helm hook named by a hash of its spec, so neither helm nor kubectl ever changes one in place', () => {
    const job = (...set: string[]) => {
      const [found] = find(render('tls.mode=job', ...set), 'Job') as (Obj & {
        metadata: { name: string; annotations?: Record<string, string> };
      })[];
      return found;
    };
    const base = job();
    expect(base?.metadata.annotations).toEqual({
      'helm.sh/hook': 'post-install,post-upgrade',
      'helm.sh/hook-delete-policy': 'before-hook-creation,hook-succeeded',
    });
    expect(base?.metadata.name).toMatch(/^kw-kubeward-certgen-[0-9a-f]{10}$/);
    // The same values, the same Job; a value the Job does not use, the same Job.
    expect(job()?.metadata.name).toBe(base?.metadata.name);
    expect(job('webhook.mode=warn', 'replicaCount=3')?.metadata.name).toBe(base?.metadata.name);
    // Anything in its spec: a new name.
    const names = new Set(
      [['image.tag=0.2.0'], ['tls.job.validityDays=400'], ['tls.job.ttlSecondsAfterFinished=60']].map(
        (set) => job(...set)?.metadata.name,
      ),
    );
    expect(names.size).toBe(3);
    expect(names.has(base?.metadata.name)).toBe(false);
    // At most 63 characters (its pods carry it as the job-name label), whatever the release name.
    const long = execFileSync(
      (bin as { path: string }).path,
      ['template', 'r'.repeat(53), CHART, '--set', 'tls.mode=job', '--show-only', 'templates/certgen-job.yaml'],
      { encoding: 'utf8', env: { ...process.env, HELM_CACHE_HOME: join(ROOT, '.cache', 'helm-home') } },
    );
    const longJob = (loadAll(long) as Obj[]).find((o) => o?.kind === 'Job');
    expect(longJob?.metadata?.name?.length).toBeLessThanOrEqual(63);
    expect(longJob?.metadata?.name).toMatch(/-certgen-[0-9a-f]{10}$|^r+-[0-9a-f]{10}$/);
  });

  it("grants the Job only the webhook's Secret and configuration, and keeps its pod out of the webhook's selectors", () => {
    const objects = render('tls.mode=job');
    const role = find(objects, 'Role', 'kw-kubeward-certgen')[0] as unknown as { rules: unknown[] };
    // No `create` (RBAC cannot limit it to a name): the chart makes the Secret, empty, and the Job fills it in.
    expect(role.rules).toEqual([
      { apiGroups: [''], resources: ['secrets'], resourceNames: ['kw-kubeward-tls'], verbs: ['get', 'update'] },
    ]);
    const [placeholder] = find(objects, 'Secret') as (Obj & { type: string; data?: unknown })[];
    expect(placeholder?.metadata?.name).toBe('kw-kubeward-tls');
    expect(placeholder?.type).toBe('Opaque');
    expect(placeholder).not.toHaveProperty('data');
    const clusterRole = find(objects, 'ClusterRole', 'kw-kubeward-certgen')[0] as unknown as { rules: unknown[] };
    expect(clusterRole.rules).toEqual([
      {
        apiGroups: ['admissionregistration.k8s.io'],
        resources: ['validatingwebhookconfigurations'],
        resourceNames: ['kw-kubeward'],
        verbs: ['get', 'patch'],
      },
    ]);
    const jobLabels = (find(objects, 'Job')[0] as unknown as PodSpecOf).spec.template.metadata.labels;
    const selectors = [
      (find(objects, 'Deployment')[0] as unknown as PodSpecOf).spec.selector?.matchLabels,
      ...find(objects, 'Service').map(
        (s) => (s as unknown as { spec: { selector: Record<string, string> } }).spec.selector,
      ),
      (
        find(objects, 'PodDisruptionBudget')[0] as unknown as {
          spec: { selector: { matchLabels: Record<string, string> } };
        }
      ).spec.selector.matchLabels,
    ];
    for (const selector of selectors) {
      const matches = Object.entries(selector ?? {}).every(([k, v]) => jobLabels[k] === v);
      expect(matches, JSON.stringify(selector)).toBe(false);
    }
  });
});

describe.skipIf('unavailable' in bin)('the install NOTES', () => {
  it.each([
    [
      'selfSigned',
      /a CA and certificate helm generated, in the Secret kw-kubeward-tls; upgrades keep them until\n30 days/,
    ],
    ['certManager', /issued and renewed by cert-manager into the Secret kw-kubeward-tls/],
    ['job', /the Job kw-kubeward-certgen-<hash>, a post-install and\npost-upgrade hook that helm waited for/],
  ])('say how the serving certificate is made in tls.mode %s', (mode, text) => {
    if ('unavailable' in bin) throw new Error(bin.unavailable);
    const out = execFileSync(
      bin.path,
      ['install', 'kw', CHART, '--namespace', 'kubeward', '--dry-run=client', '--set', `tls.mode=${mode}`],
      { encoding: 'utf8', env: { ...process.env, HELM_CACHE_HOME: join(ROOT, '.cache', 'helm-home') } },
    );
    expect(out.slice(out.indexOf('NOTES:'))).toMatch(text);
  });
});

describe('files/certgen.mjs: the certificates the Job makes', () => {
  it('makes a CA and a serving certificate for the DNS names that Go verifies, and no other name', async () => {
    const pem = certgen.generate(DNS_NAMES, 3650);
    const cert = new X509Certificate(pem['tls.crt']);
    const ca = new X509Certificate(pem['ca.crt']);
    expect(ca.ca).toBe(true);
    expect(cert.ca).toBe(false);
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect(cert.subjectAltName).toBe(DNS_NAMES.map((n) => `DNS:${n}`).join(', '));
    expect(cert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
    const accepted = await goAccepts(pem, DNS_NAMES[0] as string);
    expect(accepted, accepted.message).toMatchObject({ ok: true });
    const other = await goAccepts(pem, 'kw-kubeward.other.svc');
    expect(other.ok).toBe(false);
    expect(other.message).toContain('x509: certificate is valid for kw-kubeward.kubeward.svc');
    // Another CA's certificate is refused too.
    const stranger = certgen.generate(DNS_NAMES, 3650);
    const mixed = await goAccepts({ ...pem, 'ca.crt': stranger['ca.crt'] }, DNS_NAMES[0] as string);
    expect(mixed.ok).toBe(false);
    expect(mixed.message).toContain('x509: certificate signed by unknown authority');
  });

  it('keeps a Secret only when its pair matches, is signed by its CA, names the Service and is not ending', () => {
    const enc = (pem: Partial<Pem>) =>
      Object.fromEntries(Object.entries(pem).map(([k, v]) => [k, Buffer.from(v).toString('base64')]));
    const pem = certgen.generate(DNS_NAMES, 100);
    const other = certgen.generate(DNS_NAMES, 100);
    expect(certgen.unusable(enc(pem), DNS_NAMES, 30)).toBeUndefined();
    expect(certgen.unusable(undefined, DNS_NAMES, 30)).toBe('it does not hold tls.crt, tls.key and ca.crt');
    const { 'ca.crt': _, ...noCa } = pem;
    expect(certgen.unusable(enc(noCa), DNS_NAMES, 30)).toBe('it does not hold tls.crt, tls.key and ca.crt');
    expect(certgen.unusable(enc({ ...pem, 'tls.key': other['tls.key'] }), DNS_NAMES, 30)).toBe(
      'tls.key is not the key of tls.crt',
    );
    expect(certgen.unusable(enc({ ...pem, 'ca.crt': other['ca.crt'] }), DNS_NAMES, 30)).toBe(
      'tls.crt is not signed by ca.crt',
    );
    expect(certgen.unusable(enc(pem), ['kw-kubeward.other.svc'], 30)).toBe(
      'tls.crt does not name kw-kubeward.other.svc',
    );
    expect(certgen.unusable(enc(pem), DNS_NAMES, 100)).toMatch(/^it ends on .*, within 100 days$/);
    expect(certgen.unusable({ 'tls.crt': 'eA==', 'tls.key': 'eA==', 'ca.crt': 'eA==' }, DNS_NAMES, 30)).toMatch(
      /^it cannot be read/,
    );
  });

  it('says which setting is missing or wrong', () => {
    expect(() => certgen.settingsFrom({})).toThrow(
      'certgen: NAMESPACE, SECRET_NAME, WEBHOOK_NAME, DNS_NAMES must be set',
    );
    const base = { NAMESPACE: 'n', SECRET_NAME: 's', WEBHOOK_NAME: 'w', DNS_NAMES: 'a.svc' };
    expect(() => certgen.settingsFrom({ ...base, VALIDITY_DAYS: 'ten' })).toThrow(
      'certgen: VALIDITY_DAYS must be a positive integer, not ten',
    );
  });
});
