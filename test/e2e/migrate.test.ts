/**
 * The drafts of `kubeward migrate --to gateway-api` against a real kube-apiserver with the Gateway API v1.6.1
 * standard-channel CRDs installed (the repository's copy, data/gateway-api/v1.6.1-standard, with the safe-upgrades
 * ValidatingAdmissionPolicy of the standard install). Every drafted object is created with `dryRun=All` and
 * `fieldValidation=Strict`: the API server runs the CRD's structural schema (unknown fields an error instead of
 * pruned), its CEL rules and admission, and stores nothing. The drafts come from the real CLI (bin/kubeward.cjs over
 * dist/, built by `npm test`) over the ingress-nginx examples of the corpus, ingress2gateway's pr-399 ingress-nginx
 * inputs, every annotation the translator carries and inputs of this suite's own, in each Gateway placement.
 *
 * kubectl (the layer's binary, as helm) applies the YAML of `--out-dir` as a platform engineer would.
 *
 * Dry run does not resolve references: a Gateway is admitted without its GatewayClass, a route without its parent,
 * so the drafts are applied alone, as a platform engineer would before installing a controller.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:https';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { load, loadAll } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORPUS, I2G_FIXTURES, ROOT } from '../helpers/cli.js';
import { layerBinary } from '../helpers/helm.js';
import { EVERY_ANNOTATION, ingress, NGINX_CLASS, yamlOf } from '../migrate/helpers.js';
import { ADMIN_TOKEN, AVAILABLE, type Cluster, describeSkipped, KUBEWARD, startCluster, until } from './support.js';

const CRD_DIR = join(ROOT, 'data', 'gateway-api', 'v1.6.1-standard');
const VAP_FILE = 'gateway.networking.k8s.io_vap_safeupgrades.yaml';

interface Crd {
  metadata: { name: string; annotations?: Record<string, string> };
  spec: {
    group: string;
    scope: string;
    names: { kind: string; plural: string };
    versions: { name: string; served: boolean }[];
  };
}

interface Draft {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
}

const MIGRATE = ['migrate', '--to', 'gateway-api'];
const KUBECTL = layerBinary('kubectl');

/** The placements of the CLI, as its flags. */
const PLACEMENTS: [string, string[]][] = [
  ['--gateway shared', ['--gateway', 'shared']],
  ['--gateway per-namespace', ['--gateway', 'per-namespace']],
  ['--parent-ref gw-ns/gw', ['--parent-ref', 'gw-ns/gw']],
  ['--parent-ref ListenerSet:gw-ns/ls', ['--parent-ref', 'ListenerSet:gw-ns/ls']],
];

/**
 * Inputs of this suite's own, for what only the API server checks. Names: metadata.name must be a DNS subdomain of
 * at most 253 characters, which the CRD schemas do not cover. Parents: a route on two listeners of one --parent-ref
 * is a CEL rule of the CRD that src/migrate/constraints.ts knows, on an input no unit test had.
 */
const OWN_INPUTS = {
  names: [
    NGINX_CLASS,
    ingress({ name: 'web', host: '*.w.example.com', tls: [{ hosts: ['*.w.example.com'], secretName: 'w-tls' }] }),
    ingress({ name: `a${'-b'.repeat(100)}`, host: `${'c'.repeat(60)}.${'d'.repeat(60)}.example.com` }),
  ],
  parents: [
    NGINX_CLASS,
    ingress({
      name: 'both-ports',
      annotations: { 'ssl-redirect': 'false' },
      tls: [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }],
    }),
  ],
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

/** ingress2gateway's pr-399 ingress-nginx inputs, one file of each content (the emitters' copies repeat). */
function i2gInputs(): string[] {
  const seen = new Set<string>();
  return files(join(I2G_FIXTURES, 'pr-399'))
    .filter((f) => /[/]input[/][^/]+\.ya?ml$/.test(f))
    .sort()
    .filter((f) => {
      const hash = createHash('sha256').update(readFileSync(f)).digest('hex');
      if (seen.has(hash)) return false;
      seen.add(hash);
      return true;
    });
}

/** A child process in the repository, its output; rejects, with its stderr, unless it exits 0. */
function run(command: string, args: string[]): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error !== null) reject(new Error(`${[command, ...args].join(' ')} failed (${error.message}):\n${stderr}`));
      else resolve({ stdout, stderr });
    });
  });
}

/** The drafted objects of one CLI run (`--format json`); the run must exit 0. */
async function draft(file: string, flags: string[]): Promise<Draft[]> {
  const { stdout } = await run(process.execPath, [KUBEWARD, ...MIGRATE, '--format', 'json', ...flags, file]);
  return (JSON.parse(stdout) as { objects: { object: Draft }[] }).objects.map((o) => o.object);
}

/** `fn` over `items`, at most `limit` at a time, results in order. */
async function inParallel<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

const countByKind = (objects: readonly Draft[]) =>
  Object.fromEntries(
    [...new Set(objects.map((o) => o.kind))].sort().map((k) => [k, objects.filter((o) => o.kind === k).length]),
  );

if (!AVAILABLE) {
  describeSkipped('kubeward migrate drafts against a real API server');
} else {
  describe('kubeward migrate drafts against a real API server with the Gateway API v1.6.1 standard CRDs', () => {
    let cluster: Cluster | undefined;
    let dir: string;
    let kubeconfig: string;
    // Keep-alive: the suite sends about a thousand requests, and a TLS handshake each would dominate.
    const agent = new Agent({ keepAlive: true, maxSockets: 4 });
    const crds = readdirSync(CRD_DIR)
      .filter((f) => f.endsWith('.yaml') && f !== VAP_FILE)
      .map((f) => load(readFileSync(join(CRD_DIR, f), 'utf8')) as Crd);
    const namespaces = new Set<string>(['default']);

    const admin = (method: string, path: string, body?: unknown) => {
      if (cluster === undefined) throw new Error('the cluster did not start');
      return cluster.admin(method, path, body, agent);
    };

    /** The path of a CRD's collection at an API version (in a namespace, when namespaced). */
    const collectionOf = (crd: Crd, apiVersion: string, namespace: string) =>
      `/apis/${apiVersion}${crd.spec.scope === 'Namespaced' ? `/namespaces/${namespace}` : ''}/${crd.spec.names.plural}`;

    /** The collection of a drafted object's kind, from the installed CRDs. */
    function collection(o: Draft): string {
      const crd = crds.find((c) => c.spec.names.kind === o.kind && o.apiVersion.startsWith(`${c.spec.group}/`));
      if (crd === undefined) throw new Error(`${o.kind} ${o.apiVersion} is no kind of the v1.6.1 standard CRDs`);
      return collectionOf(crd, o.apiVersion, o.metadata.namespace ?? 'default');
    }

    async function ensureNamespace(name: string): Promise<void> {
      if (namespaces.has(name)) return;
      const r = await admin('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
      if (r.status !== 201 && r.status !== 409) throw new Error(`namespace ${name}: ${JSON.stringify(r.body)}`);
      namespaces.add(name);
    }

    /** Each object created as a dry run with strict field validation: its refusal or warnings, a line each. */
    async function rejections(objects: readonly Draft[], from: string): Promise<string[]> {
      for (const ns of new Set(objects.map((o) => o.metadata.namespace ?? 'default'))) await ensureNamespace(ns);
      const answers = await inParallel(objects, 4, async (o) => {
        const r = await admin('POST', `${collection(o)}?dryRun=All&fieldValidation=Strict`, o);
        const what = `${from}: ${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`;
        if (r.status !== 201) return [`${what}: ${r.status} ${String(r.body.message ?? JSON.stringify(r.body))}`];
        return r.warnings.map((w) => `${what}: warning ${w}`);
      });
      return answers.flat();
    }

    /** Drafts each input with the flags and creates every object as a dry run: the objects, and what was refused. */
    async function draftAndApply(inputs: readonly string[], flags: string[], label: string) {
      const drafts = await inParallel(inputs, 2, (file) => draft(file, flags));
      const problems: string[] = [];
      for (const [i, objects] of drafts.entries()) {
        const from = `${relative(ROOT, inputs[i] ?? '')} ${label}`;
        if (objects.length === 0) problems.push(`${from}: no drafts`);
        problems.push(...(await rejections(objects, from)));
      }
      return { all: drafts.flat(), problems };
    }

    /** Drafts each input with the flags and applies them; returns the objects, asserting none was refused. */
    async function applyDrafts(inputs: readonly string[], flags: string[], label: string): Promise<Draft[]> {
      const { all, problems } = await draftAndApply(inputs, flags, label);
      expect(problems).toEqual([]);
      console.log(`test/e2e: ${label}: ${inputs.length} inputs, ${all.length} objects admitted`, countByKind(all));
      return all;
    }

    beforeAll(async () => {
      cluster = await startCluster();
      dir = mkdtempSync(join(tmpdir(), 'kubeward-e2e-migrate-'));
      writeFileSync(join(dir, 'every-annotation.yaml'), yamlOf(EVERY_ANNOTATION));
      for (const [name, objects] of Object.entries(OWN_INPUTS))
        writeFileSync(join(dir, `${name}.yaml`), yamlOf(objects));
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

      // The standard install's ValidatingAdmissionPolicy first, as standard-install.yaml orders it. It matches
      // CustomResourceDefinitions only (no route or Gateway), so it can reject CRDs, never a draft.
      for (const object of loadAll(readFileSync(join(CRD_DIR, VAP_FILE), 'utf8')) as Draft[]) {
        const plural = { ValidatingAdmissionPolicy: 'policies', ValidatingAdmissionPolicyBinding: 'policybindings' };
        const path = `validatingadmission${plural[object.kind as keyof typeof plural]}`;
        const r = await admin('POST', `/apis/admissionregistration.k8s.io/v1/${path}`, object);
        expect(r.status, JSON.stringify(r.body)).toBe(201);
      }
      // The policy is enforced once the API server has compiled it: a CRD of a bundle before v1.5 is then denied.
      const first = crds[0] as Crd;
      const old: Crd = {
        ...first,
        metadata: {
          name: first.metadata.name,
          annotations: { ...first.metadata.annotations, 'gateway.networking.k8s.io/bundle-version': 'v1.4.0' },
        },
      };
      await until(
        'the safe-upgrades policy denies a CRD of bundle v1.4.0',
        async () => {
          const r = await admin('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions?dryRun=All', old);
          return r.status >= 400 && String(r.body.message).includes('before v1.5.0') ? true : undefined;
        },
        30_000,
      );

      // The standard CRDs pass it; each is then established and its collection served.
      for (const crd of crds) {
        const r = await admin('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', crd);
        expect(r.status, `${crd.metadata.name}: ${JSON.stringify(r.body.message)}`).toBe(201);
      }
      for (const crd of crds) {
        const served = crd.spec.versions.find((v) => v.served)?.name ?? 'v1';
        await until(
          `${crd.metadata.name} is established and served`,
          async () => {
            const got = await admin(
              'GET',
              `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${crd.metadata.name}`,
            );
            const status = got.body.status as { conditions?: { type: string; status: string }[] } | undefined;
            if (!(status?.conditions ?? []).some((c) => c.type === 'Established' && c.status === 'True')) return;
            const list = await admin('GET', collectionOf(crd, `${crd.spec.group}/${served}`, 'default'));
            return list.status === 200 ? true : undefined;
          },
          30_000,
        );
      }
    }, 180_000);

    afterAll(async () => {
      agent.destroy();
      await cluster?.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    }, 60_000);

    it('rejects what a draft must not hold: an unknown field (Strict), a CEL rule broken, a value out of its schema', async () => {
      await ensureNamespace('shop');
      const route = (spec: Record<string, unknown>) => ({
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'HTTPRoute',
        metadata: { name: 'bad', namespace: 'shop' },
        spec,
      });
      const found = await rejections(
        [
          route({ rules: [{ backendRefs: [{ name: 'web', port: 80 }], timeout: '10s' }] }),
          // CEL: a ReplacePrefixMatch rewrite needs a PathPrefix match.
          route({
            rules: [
              {
                matches: [{ path: { type: 'Exact', value: '/x' } }],
                filters: [
                  { type: 'URLRewrite', urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/' } } },
                ],
              },
            ],
          }),
          route({ rules: [{ backendRefs: [{ name: 'web', port: 80 }] }], hostnames: ['Not_A_Host'] }),
        ] as Draft[],
        'self-check',
      );
      expect(found).toHaveLength(3);
      expect(found[0]).toMatch(/unknown field "spec\.rules\[0\]\.timeout"/);
      expect(found[1]).toMatch(/replacePrefixMatch/i);
      expect(found[2]).toMatch(/hostnames/);
    });

    it.each(PLACEMENTS)(
      'the corpus ingress-nginx examples, %s: every draft admitted',
      async (label, flags) => {
        const all = await applyDrafts([join(CORPUS, 'ingress-nginx-examples.yaml')], flags, label);
        expect(all.filter((o) => o.kind === 'HTTPRoute').length).toBeGreaterThan(20);
        expect(all.some((o) => o.kind === 'GRPCRoute')).toBe(true);
        expect(all.some((o) => o.kind === 'Gateway')).toBe(!label.startsWith('--parent-ref'));
      },
      120_000,
    );

    it.each(PLACEMENTS)(
      'ingress2gateway’s pr-399 ingress-nginx inputs, %s: every draft admitted',
      async (label, flags) => {
        const inputs = i2gInputs();
        expect(inputs.length).toBeGreaterThan(20);
        const all = await applyDrafts(inputs, flags, label);
        expect(all.filter((o) => o.kind === 'HTTPRoute').length).toBeGreaterThan(inputs.length);
      },
      240_000,
    );

    it.each(PLACEMENTS)(
      'every annotation the translator carries, %s: every draft admitted',
      async (label, flags) => {
        const all = await applyDrafts([join(dir, 'every-annotation.yaml')], flags, label);
        expect(all.some((o) => o.kind === 'GRPCRoute')).toBe(true);
        expect(all.some((o) => o.kind === 'HTTPRoute')).toBe(true);
      },
      120_000,
    );

    it.each(PLACEMENTS)(
      'route names of a wildcard host, and of a long Ingress name with a long host, %s: admitted',
      async (label, flags) => {
        // Named `<ingress>-<host>` as they are, these were `web-*.w.example.com` and `a-b-…-b-<host>` (201 + 1 + 133
        // characters), and the API server refused both: no DNS subdomains of at most 253 characters.
        const all = await applyDrafts([join(dir, 'names.yaml')], flags, label);
        // The wildcard host has TLS: its HTTPS redirect route is drafted unless --parent-ref (one parent for both
        // ports, where it would claim the serving route's hostname and paths).
        const parentRef = flags.includes('--parent-ref');
        expect(all.filter((o) => o.kind === 'HTTPRoute').length).toBe(parentRef ? 2 : 3);
      },
      60_000,
    );

    // What a platform engineer runs: the YAML as written (comment blocks, quoting) through kubectl's own parser,
    // client-side apply (which adds its last-applied annotation) and its default strict validation.
    it.skipIf('unavailable' in KUBECTL).each([
      ['the corpus ingress-nginx examples', join(CORPUS, 'ingress-nginx-examples.yaml')],
      ['every annotation', 'every-annotation.yaml'],
    ])(
      'kubectl apply --dry-run=server takes the YAML drafts of %s, one file per namespace (--out-dir)',
      async (name, input) => {
        const out = join(dir, `out-${name.replaceAll(' ', '-')}`);
        await run(process.execPath, [KUBEWARD, ...MIGRATE, '--out-dir', out, resolve(dir, input)]);
        const objects = readdirSync(out)
          .filter((f) => f.endsWith('.yaml'))
          .flatMap((f) => loadAll(readFileSync(join(out, f), 'utf8')) as (Draft | null)[])
          .filter((o): o is Draft => o !== null);
        expect(objects.length).toBeGreaterThan(10);
        for (const ns of new Set(objects.map((o) => o.metadata.namespace ?? 'default'))) await ensureNamespace(ns);
        const kubectl = KUBECTL as { path: string };
        const { stdout, stderr } = await run(kubectl.path, [
          '--kubeconfig',
          kubeconfig,
          'apply',
          '--dry-run=server',
          '-f',
          out,
        ]);
        const lines = stdout.trim().split('\n');
        expect(lines).toHaveLength(objects.length);
        for (const line of lines) expect(line).toMatch(/^[a-z0-9.]+\/\S+ created \(server dry run\)$/);
        expect(stderr).toBe('');
      },
      120_000,
    );

    // A gap this suite found (fixed): without ssl-redirect the route serves both listeners, and a parent without a
    // section was named twice ("sectionName must be unique when parentRefs includes 2 or more references to the
    // same parent"); it hit 290 of the 6,860 routes drafted from the benchmark's 5,000 Ingresses.
    it('a TLS host served on ports 80 and 443 names its --parent-ref once', async () => {
      for (const flags of [
        ['--parent-ref', 'gw-ns/gw'],
        ['--parent-ref', 'ListenerSet:gw-ns/ls'],
      ]) {
        const { problems } = await draftAndApply([join(dir, 'parents.yaml')], flags, 'parents');
        expect(problems).toEqual([]);
      }
    }, 60_000);
  });
}
