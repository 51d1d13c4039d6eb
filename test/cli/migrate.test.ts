/** `kubeward migrate --to gateway-api`: outputs, exit codes and bad input, through the real commander program. */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonObject } from '../../src/k8s/object.js';
import { type CliOutcome, CORPUS, hasStackTrace, runCli, spawnCli } from '../helpers/cli.js';
import { type FakeApiServer, startFakeApiServer } from '../helpers/fake-apiserver.js';
import { scratchDir } from '../helpers/scratch.js';
import { ingress, NGINX_CLASS, yamlOf } from '../migrate/helpers.js';

function inputDir(objects: readonly unknown[]): string {
  const dir = scratchDir('migrate');
  writeFileSync(join(dir, 'in.yaml'), yamlOf(objects));
  return dir;
}

const CLEAN = [
  NGINX_CLASS,
  ingress({ name: 'web' }),
  ingress({ name: 'blog', namespace: 'blog', host: 'blog.example.com' }),
];
const WITH_GAPS = [NGINX_CLASS, ingress({ name: 'web', annotations: { 'limit-rps': '5' } })];

describe('kubeward migrate', () => {
  it('writes the drafts as YAML on stdout and a summary on stderr, exit 0', async () => {
    const cwd = inputDir(CLEAN);
    const r = await runCli(['migrate', '--to', 'gateway-api', 'in.yaml'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const docs = loadAll(r.stdout) as { kind: string }[];
    expect(docs.map((d) => d.kind)).toEqual(['Gateway', 'HTTPRoute', 'HTTPRoute']);
    expect(r.stderr).toMatch(/2 ingress-nginx Ingresses -> 3 Gateway API objects \(2 translated whole/);
  });

  it('--strict exits 1 when anything was left untranslated; without it, 0', async () => {
    const cwd = inputDir(WITH_GAPS);
    expect((await runCli(['migrate', '--to', 'gateway-api', 'in.yaml'], { cwd })).code).toBe(0);
    const strict = await runCli(['migrate', '--to', 'gateway-api', '--strict', 'in.yaml'], { cwd });
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/shop\/web .*OPEN without a policy.*limit-rps/);
  });

  it('--format json gives the objects and the record', async () => {
    const cwd = inputDir(WITH_GAPS);
    const r = await runCli(['migrate', '--to', 'gateway-api', '--format', 'json', 'in.yaml'], { cwd });
    const json = JSON.parse(r.stdout);
    expect(json.schemaVersion).toBe(1);
    expect(json.objects.map((o: { object: { kind: string } }) => o.object.kind)).toEqual(['Gateway', 'HTTPRoute']);
    expect(json.ingresses[0]).toMatchObject({
      namespace: 'shop',
      name: 'web',
      outcome: 'gaps',
      requiresPolicy: ['nginx.ingress.kubernetes.io/limit-rps'],
      annotations: [
        expect.objectContaining({ key: 'nginx.ingress.kubernetes.io/limit-rps', class: 'implementation-specific' }),
      ],
    });
  });

  it('--out-dir writes gateways.yaml and a file per namespace', async () => {
    const cwd = inputDir(CLEAN);
    const r = await runCli(['migrate', '--to', 'gateway-api', '--out-dir', 'drafts', 'in.yaml'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(join(cwd, 'drafts')).sort()).toEqual(['blog.yaml', 'gateways.yaml', 'shop.yaml']);
    expect(
      (loadAll(readFileSync(join(cwd, 'drafts', 'blog.yaml'), 'utf8')) as { metadata: { namespace: string } }[]).every(
        (d) => d.metadata.namespace === 'blog',
      ),
    ).toBe(true);
    expect(r.stdout).toBe('');
  });

  it('usage errors exit 2 with a message: -o with --out-dir, a bad --parent-ref, a missing --to', async () => {
    const cwd = inputDir(CLEAN);
    for (const args of [
      ['--to', 'gateway-api', '-o', 'x.yaml', '--out-dir', 'd', 'in.yaml'],
      ['--to', 'gateway-api', '--parent-ref', 'nope', 'in.yaml'],
      ['in.yaml'],
    ]) {
      const r = await runCli(['migrate', ...args], { cwd });
      expect(r.code, args.join(' ')).toBe(2);
      expect(hasStackTrace(r.stderr)).toBe(false);
    }
    expect(existsSync(join(cwd, 'x.yaml'))).toBe(false);
  });

  it('invalid YAML, or no Ingress at all, is an input error (exit 2), and no drafts are written', async () => {
    const broken = scratchDir('migrate-bad');
    writeFileSync(join(broken, 'in.yaml'), 'kind: Ingress\n  bad: [\n');
    const r = await runCli(['migrate', '--to', 'gateway-api', 'in.yaml'], { cwd: broken });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/in\.yaml:\d+:\d+: .*\n.*no drafts written/);
    const none = inputDir([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }]);
    const empty = await runCli(['migrate', '--to', 'gateway-api', 'in.yaml'], { cwd: none });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/no Ingress among the 1 objects/);
  });

  it('reads ingressNginx.annotationsPrefix from .kubeward.yaml (or -c): keys under that prefix are translated', async () => {
    const custom = ingress({
      name: 'web',
      annotations: { 'custom.example.com/permanent-redirect': 'https://new.example.com/' },
    });
    const cwd = inputDir([NGINX_CLASS, custom]);
    writeFileSync(join(cwd, '.kubeward.yaml'), 'ingressNginx:\n  annotationsPrefix: custom.example.com\n');
    const r = await runCli(['migrate', '--to', 'gateway-api', '-f', 'json', 'in.yaml'], { cwd });
    expect(r.code).toBe(0);
    const record = JSON.parse(r.stdout) as { ingresses: { annotations: { key: string; translated: boolean }[] }[] };
    expect(record.ingresses[0]?.annotations).toEqual([
      expect.objectContaining({ key: 'custom.example.com/permanent-redirect', translated: true }),
    ]);
    expect(r.stdout).toContain('new.example.com');
    // Without the setting, the key is not an ingress-nginx key at all.
    writeFileSync(join(cwd, 'other.yaml'), 'ingressNginx: {}\n');
    const plain = await runCli(['migrate', '--to', 'gateway-api', '-f', 'json', '-c', 'other.yaml', 'in.yaml'], {
      cwd,
    });
    expect(plain.stdout).not.toContain('new.example.com');
    // A config error is a usage error, with its line.
    writeFileSync(join(cwd, 'bad.yaml'), 'ingressNginx:\n  annotationsPrefix: custom.example.com/\n');
    const bad = await runCli(['migrate', '--to', 'gateway-api', '-c', 'bad.yaml', 'in.yaml'], { cwd });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bad\.yaml:2/);
  });

  it('runs from the bundled binary on the corpus, every Ingress accounted for', () => {
    const r = spawnCli([
      'migrate',
      '--to',
      'gateway-api',
      '--format',
      'json',
      join(CORPUS, 'ingress-nginx-examples.yaml'),
    ]);
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout);
    const ingresses = (
      loadAll(readFileSync(join(CORPUS, 'ingress-nginx-examples.yaml'), 'utf8')) as { kind?: string }[]
    ).filter((d) => d?.kind === 'Ingress');
    expect(json.ingresses.length + json.skipped.length).toBe(ingresses.length);
  });
});

describe('kubeward migrate --cluster', () => {
  let server: FakeApiServer;
  let kubeconfig: string;
  const DEFAULT_CLASS = {
    ...NGINX_CLASS,
    metadata: { name: 'nginx', annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } },
  };
  const SERVICE = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'shop' },
    spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 8080, targetPort: 80 }] },
  };
  /** Class-less (the default IngressClass applies), a named port, and what the API server adds to a stored object. */
  const WEB = (() => {
    const o = ingress({ name: 'web', className: null, paths: [{ path: '/', port: 'http' }] });
    const metadata = o.metadata as Record<string, unknown>;
    metadata.annotations = {
      'kubectl.kubernetes.io/last-applied-configuration': '{"secret":"last-applied-copy"}',
    };
    metadata.managedFields = [{ manager: 'kubectl-client-side-apply', operation: 'Update' }];
    return { ...o, status: { loadBalancer: { ingress: [{ ip: '203.0.113.7' }] } } };
  })();
  const BLOG = ingress({
    name: 'blog',
    namespace: 'blog',
    host: 'blog.example.com',
    annotations: { 'limit-rps': '5' },
  });

  beforeAll(async () => {
    server = await startFakeApiServer();
    for (const o of [DEFAULT_CLASS, SERVICE, WEB, BLOG]) server.apply(o);
    kubeconfig = server.writeKubeconfig({ context: 'prod', extraContexts: ['staging'] });
  });

  afterAll(() => server.close());

  async function migrateCluster(...args: string[]): Promise<CliOutcome & { cwd: string }> {
    const cwd = scratchDir('migrate-cluster');
    const r = await runCli(['migrate', '--to', 'gateway-api', '--cluster', '--kubeconfig', kubeconfig, ...args], {
      cwd,
    });
    expect(hasStackTrace(r.stderr)).toBe(false);
    return { ...r, cwd };
  }

  it('drafts the Ingresses of every namespace: the default IngressClass and a named port read from the cluster', async () => {
    const r = await migrateCluster('--format', 'json');
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout);
    const web = json.ingresses.find((i: { name: string }) => i.name === 'web');
    expect(web).toMatchObject({
      namespace: 'shop',
      file: 'cluster:prod/shop/Ingress/web',
      line: 0,
      attribution: { classSource: 'default', className: 'nginx' },
    });
    expect(json.ingresses.map((i: { file: string }) => i.file).sort()).toEqual([
      'cluster:prod/blog/Ingress/blog',
      'cluster:prod/shop/Ingress/web',
    ]);
    const route = json.objects
      .map((o: { object: JsonObject }) => o.object)
      .find((o: JsonObject) => o.kind === 'HTTPRoute' && (o.metadata as { namespace: string }).namespace === 'shop');
    expect(route.spec.rules[0].backendRefs).toEqual([expect.objectContaining({ name: 'web', port: 8080 })]);
    expect(route.metadata.annotations['kubeward.io/source-ingress']).toBe('shop/web');
  });

  it('copies nothing the API server added into the drafts (status, managedFields, last-applied, uid)', async () => {
    const r = await migrateCluster();
    expect(r.code, r.stderr).toBe(0);
    const stored = server.objects('ingresses').map((o) => o.metadata as { name: string; uid: string });
    const uid = stored.find((m) => m.name === 'web')?.uid;
    expect(uid).toMatch(/^[0-9a-f-]{36}$/);
    for (const leaked of [
      String(uid),
      '203.0.113.7',
      'last-applied',
      'managedFields',
      'resourceVersion',
      'creationTimestamp',
    ]) {
      expect(r.stdout).not.toContain(leaked);
    }
    expect(loadAll(r.stdout).length).toBeGreaterThan(0);
  });

  it('lists only what migrate reads, and only list requests: never Secrets, ConfigMaps or Pods', async () => {
    const before = server.requests.length;
    expect((await migrateCluster('-o', '/dev/null')).code).toBe(0);
    const requests = server.requests.slice(before);
    expect(new Set(requests.map((q) => q.resource))).toEqual(
      new Set(['deployments', 'daemonsets', 'ingresses', 'ingressclasses', 'services']),
    );
    expect(requests.every((q) => q.verb === 'list' && q.method === 'GET')).toBe(true);
  });

  it('-n lists one namespace (IngressClasses, cluster-scoped, still whole), and --context picks the context', async () => {
    const before = server.requests.length;
    const r = await migrateCluster('--context', 'staging', '-n', 'blog', '--format', 'json');
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.ingresses.map((i: { file: string }) => i.file)).toEqual(['cluster:staging/blog/Ingress/blog']);
    const requests = server.requests.slice(before);
    expect(requests.find((q) => q.resource === 'ingresses')?.namespace).toBe('blog');
    expect(requests.find((q) => q.resource === 'ingressclasses')?.namespace).toBeUndefined();
  });

  it('names a cluster Ingress with gaps by its attribution in the stderr summary, without a line', async () => {
    const r = await migrateCluster('-n', 'blog', '-o', '/dev/null');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/1 ingress-nginx Ingress -> /);
    expect(r.stderr).toContain('  blog/blog (cluster:prod/blog/Ingress/blog): gaps [OPEN without a policy]');
  });

  it('exits 2 for an unknown context, refused credentials, and a namespace without Ingresses', async () => {
    const badContext = await migrateCluster('--context', 'nope');
    expect(badContext.code).toBe(2);
    expect(badContext.stderr).toContain('kubeward: context "nope" is not in the kubeconfig');
    const badToken = server.writeKubeconfig({ context: 'prod', token: 'expired' });
    const refused = await runCli(['migrate', '--to', 'gateway-api', '--cluster', '--kubeconfig', badToken]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/does not accept the credentials of context prod/);
    const empty = await migrateCluster('-n', 'nothing-here');
    expect(empty.code).toBe(2);
    expect(empty.stdout).toBe('');
    expect(empty.stderr).toContain('kubeward: 0 Ingresses listed from context prod (namespace nothing-here, 5 kinds)');
    expect(empty.stderr).toMatch(/hint: check --context and -n/);
  });

  it('exits 2 naming a kind it could not list, and writes no drafts; --allow-partial drafts without it', async () => {
    server.fail('services', 403, { message: 'services is forbidden: User "migrator" cannot list resource "services"' });
    try {
      const partial = await migrateCluster('-o', 'drafts.yaml');
      expect(partial.code).toBe(2);
      expect(partial.stdout).toBe('');
      expect(existsSync(join(partial.cwd, 'drafts.yaml'))).toBe(false);
      expect(partial.stderr).toContain('kubeward: the listing of context prod for migrate is incomplete: 1 of 5 kinds');
      expect(partial.stderr).toMatch(/services in all namespaces: HTTP 403 .*Grant list on services/);
      expect(partial.stderr).toMatch(/--allow-partial/);
      const allowed = await migrateCluster('--allow-partial', '--format', 'json');
      expect(allowed.code, allowed.stderr).toBe(0);
      expect(allowed.stderr).toContain('  shop/web (cluster:prod/shop/Ingress/web): failed');
      expect(allowed.stderr).toMatch(/warning: cannot list services .*named Service ports cannot be resolved/);
      expect(allowed.stderr).toMatch(
        /warning: partial listing of context prod for migrate: 1 of 5 kinds not listed \(Service\)/,
      );
      const web = JSON.parse(allowed.stdout).ingresses.find((i: { name: string }) => i.name === 'web');
      expect(JSON.stringify(web.problems)).toMatch(/port/);
    } finally {
      server.clearFaults();
    }
  });

  it('bounds the listing as audit does: --timeout names the kind still being listed (exit 2)', async () => {
    server.silence('services');
    try {
      const r = await migrateCluster('--timeout', '1s');
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/services.*not listed within --timeout 1s/);
    } finally {
      server.clearFaults();
    }
  });

  it('reads a custom ingress-nginx install from the cluster: the controller Deployment names the class', async () => {
    const own = await startFakeApiServer();
    try {
      own.apply({ ...NGINX_CLASS, metadata: { name: 'internal' }, spec: { controller: 'example.com/internal-nginx' } });
      own.apply({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'internal-ctrl', namespace: 'ingress' },
        spec: {
          selector: { matchLabels: { app: 'ctrl' } },
          template: {
            metadata: { labels: { app: 'ctrl' } },
            spec: {
              containers: [
                {
                  name: 'controller',
                  image: 'registry.k8s.io/ingress-nginx/controller:v1.13.3',
                  args: ['/nginx-ingress-controller', '--controller-class=example.com/internal-nginx'],
                },
              ],
            },
          },
        },
      });
      own.apply(ingress({ name: 'web', className: 'internal' }));
      const config = own.writeKubeconfig({ context: 'prod' });
      const args = ['migrate', '--to', 'gateway-api', '--cluster', '--kubeconfig', config, '--format', 'json'];
      const all = await runCli(args);
      expect(all.code, all.stderr).toBe(0);
      expect(JSON.parse(all.stdout).ingresses[0].attribution.evidence).toContain(
        'the --controller-class of Deployment ingress/internal-ctrl',
      );
      // With -n the controller's namespace is not listed: the Ingress is skipped, and says why.
      const one = await runCli([...args, '-n', 'shop']);
      expect(one.code, one.stderr).toBe(0);
      const json = JSON.parse(one.stdout);
      expect(json.ingresses).toEqual([]);
      expect(json.skipped[0]).toMatchObject({ name: 'web', controller: 'other' });
    } finally {
      await own.close();
    }
  });

  it('usage errors exit 2: paths or --stdin-filename with --cluster, --context or --kubeconfig without it', async () => {
    const cwd = inputDir(CLEAN);
    for (const args of [
      ['--cluster', '--kubeconfig', kubeconfig, 'in.yaml'],
      ['--cluster', '--kubeconfig', kubeconfig, '-'],
      ['--cluster', '--kubeconfig', kubeconfig, '--stdin-filename', 'x.yaml'],
      ['--context', 'prod', 'in.yaml'],
      ['--kubeconfig', kubeconfig, 'in.yaml'],
    ]) {
      const before = server.requests.length;
      const r = await runCli(['migrate', '--to', 'gateway-api', ...args], { cwd });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(/kubeward: .*--cluster/);
      expect(server.requests.length, args.join(' ')).toBe(before);
    }
  });
});
