/**
 * `kubeward migration-report --cluster`: the report of a live cluster's Ingresses through the real client library and
 * the fake API server, the targeted get of each controller's `--configmap` (found, 404, 403, no answer), and the
 * requests it makes (never a list of ConfigMaps, never a Secret).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATE_RESOURCES, rbacRules } from '../../src/cluster/kinds.js';
import { type CliOutcome, hasStackTrace, runCli } from '../helpers/cli.js';
import { type FakeApiServer, type RecordedRequest, startFakeApiServer } from '../helpers/fake-apiserver.js';
import { readmeReportRbac } from '../helpers/readme-rbac.js';
import { scratchDir } from '../helpers/scratch.js';
import { ingress, NGINX_CLASS } from '../migrate/helpers.js';

const CONTROLLER_NS = 'ingress-system';
const CONFIGMAP_PATH = `/api/v1/namespaces/${CONTROLLER_NS}/configmaps/edge-settings`;
/** A value of the controller's ConfigMap the report does not read: it must not reach any output. */
const UNREAD_VALUE = 'ticket-key-that-must-stay-in-the-cluster';

/** An ingress-nginx v1.13.3 controller (snippets off by default, risk level High) naming its ConfigMap. */
function controller(args: readonly string[] = [`--configmap=$(POD_NAMESPACE)/edge-settings`]): object {
  const labels = { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'edge', namespace: CONTROLLER_NS },
    spec: {
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            {
              name: 'controller',
              image: 'registry.k8s.io/ingress-nginx/controller:v1.13.3',
              args: ['/nginx-ingress-controller', ...args],
            },
          ],
        },
      },
    },
  };
}

/** The controller's ConfigMap: snippets re-enabled at the Critical level, and a key the report has no use for. */
const SETTINGS = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'edge-settings', namespace: CONTROLLER_NS, annotations: { owner: 'platform-team' } },
  data: {
    'allow-snippet-annotations': 'true',
    'annotations-risk-level': 'Critical',
    'ssl-session-ticket-key': UNREAD_VALUE,
  },
};

interface ReportJson {
  inventory: {
    total: number;
    ingressNginx: number;
    ingresses: { namespace: string; name: string; file: string; line: number }[];
  };
  exposure: {
    controllers: {
      namespace: string;
      name: string;
      allowSnippetAnnotations: string;
      annotationsRiskLevel: string;
      snippetsLive: string;
    }[];
    notes: string[];
  };
}

const configMapRequests = (requests: readonly RecordedRequest[]): RecordedRequest[] =>
  requests.filter((q) => q.resource === 'configmaps');

describe('kubeward migration-report --cluster', () => {
  let server: FakeApiServer;
  let kubeconfig: string;

  beforeAll(async () => {
    server = await startFakeApiServer();
    for (const o of [
      NGINX_CLASS,
      controller(),
      SETTINGS,
      ingress({ name: 'web', annotations: { 'configuration-snippet': 'more_set_headers "X: y";' } }),
      ingress({ name: 'blog', namespace: 'blog', host: 'blog.example.com' }),
      // Objects a report must never read: another ConfigMap and a Secret.
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'unrelated', namespace: 'shop' }, data: { k: 'v' } },
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'tls', namespace: 'shop' }, data: { key: 'c2VjcmV0' } },
    ]) {
      server.apply(o);
    }
    kubeconfig = server.writeKubeconfig({ context: 'prod', extraContexts: ['staging'] });
  });

  afterAll(() => server.close());

  async function report(...args: string[]): Promise<CliOutcome & { requests: RecordedRequest[] }> {
    const before = server.requests.length;
    const r = await runCli(['migration-report', '--cluster', '--kubeconfig', kubeconfig, ...args], {
      cwd: scratchDir('migration-report-cluster'),
    });
    expect(hasStackTrace(r.stderr)).toBe(false);
    return { ...r, requests: server.requests.slice(before) };
  }

  async function reportJson(
    ...args: string[]
  ): Promise<{ json: ReportJson; r: CliOutcome; requests: RecordedRequest[] }> {
    const r = await report('--format', 'json', ...args);
    expect(r.code, r.stderr).toBe(0);
    return { json: JSON.parse(r.stdout) as ReportJson, r, requests: r.requests };
  }

  it("reports the cluster's Ingresses, with the snippet settings read from the controller's --configmap", async () => {
    const { json, requests } = await reportJson();
    expect(json.inventory).toMatchObject({ total: 2, ingressNginx: 2 });
    expect(json.inventory.ingresses.map((i) => [i.file, i.line]).sort()).toEqual([
      ['cluster:prod/blog/Ingress/blog', 0],
      ['cluster:prod/shop/Ingress/web', 0],
    ]);
    // v1.13.3 defaults to false and High: true and Critical can only come from the ConfigMap.
    expect(json.exposure.controllers).toEqual([
      expect.objectContaining({
        namespace: CONTROLLER_NS,
        name: 'edge',
        allowSnippetAnnotations: 'true',
        annotationsRiskLevel: 'Critical',
        snippetsLive: 'yes',
      }),
    ]);
    expect(json.exposure.notes.join('\n')).not.toMatch(/--configmap/);
    // One get of exactly that ConfigMap; no other ConfigMap request, and no Secret request at all.
    expect(configMapRequests(requests).map((q) => [q.verb, q.path, q.status])).toEqual([['get', CONFIGMAP_PATH, 200]]);
    expect(requests.filter((q) => q.resource === 'secrets' || q.resource === 'pods')).toEqual([]);
    expect(new Set(requests.filter((q) => q.verb === 'list').map((q) => q.resource))).toEqual(
      new Set(['deployments', 'daemonsets', 'ingresses', 'ingressclasses', 'services']),
    );
    expect(requests.every((q) => q.method === 'GET' && (q.verb === 'list' || q.verb === 'get'))).toBe(true);
  });

  it('keeps nothing of the ConfigMap but its two settings: no other key, annotation or API field reaches the report', async () => {
    for (const format of ['json', 'markdown', 'html']) {
      const r = await report('--format', format);
      expect(r.code, r.stderr).toBe(0);
      for (const leaked of [UNREAD_VALUE, 'ssl-session-ticket-key', 'platform-team', 'resourceVersion', 'uid']) {
        expect(r.stdout, `${format}: ${leaked}`).not.toContain(leaked);
      }
    }
  });

  it('writes Markdown whose exposure shows the ConfigMap settings and names no file line for cluster objects', async () => {
    const r = await report();
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^# ingress-nginx migration report\n/);
    const exposure = r.stdout.slice(r.stdout.indexOf('\n## Exposure\n'), r.stdout.indexOf('\n## Annotation debt\n'));
    expect(exposure).toMatch(/ingress-system\/edge/);
    expect(exposure).toMatch(/\| true \| Critical \| yes \|/);
    expect(r.stdout).not.toMatch(/cluster:[^\s)]*:0\b/);
  });

  it('a --configmap that does not exist (404): the defaults of its version, and a note saying ingress-nginx runs on them', async () => {
    server.remove('ConfigMap', CONTROLLER_NS, 'edge-settings');
    try {
      const { json, requests } = await reportJson();
      expect(configMapRequests(requests).map((q) => [q.verb, q.path, q.status])).toEqual([
        ['get', CONFIGMAP_PATH, 404],
      ]);
      expect(json.exposure.controllers[0]).toMatchObject({
        allowSnippetAnnotations: 'false',
        annotationsRiskLevel: 'High',
        snippetsLive: 'no',
      });
      expect(json.exposure.notes).toContainEqual(
        `Deployment ${CONTROLLER_NS}/edge: its ConfigMap ${CONTROLLER_NS}/edge-settings (--configmap) does not exist in ` +
          'context prod. ingress-nginx then logs "Unexpected error reading configuration configmap" and runs on its ' +
          'defaults until a ConfigMap of that name is created, so allow-snippet-annotations and annotations-risk-level ' +
          'are the defaults of its version.',
      );
    } finally {
      server.apply(SETTINGS);
    }
  });

  it('a --configmap kubeward may not get (403): unknown settings, and which permission to grant', async () => {
    server.fail('configmaps', 403, { verbs: ['get'] });
    try {
      const { json, requests } = await reportJson();
      expect(configMapRequests(requests).map((q) => [q.verb, q.status])).toEqual([['get', 403]]);
      expect(json.exposure.controllers[0]).toMatchObject({
        allowSnippetAnnotations: 'unknown',
        annotationsRiskLevel: 'unknown',
        snippetsLive: 'unknown',
      });
      const note = json.exposure.notes.find((n) => n.includes('--configmap'));
      expect(note).toMatch(
        /could not be read from context prod \(HTTP 403 Forbidden: configmaps is forbidden: .*cannot get/,
      );
      expect(note).toMatch(
        /are unknown; grant get on configmaps in namespace ingress-system \(a Role can name just edge-settings in resourceNames\), then run the report again\.$/,
      );
    } finally {
      server.clearFaults();
    }
  });

  it('a --configmap get without an answer: unknown settings, saying why, bounded by --request-timeout', async () => {
    server.silence('configmaps');
    try {
      const started = Date.now();
      const { json } = await reportJson('--request-timeout', '1s');
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(json.exposure.controllers[0]).toMatchObject({
        allowSnippetAnnotations: 'unknown',
        snippetsLive: 'unknown',
      });
      const note = json.exposure.notes.find((n) => n.includes('--configmap'));
      expect(note).toMatch(
        /could not be read from context prod \(.*no answer within 1s\), so .* are unknown; run the report again/,
      );
    } finally {
      server.clearFaults();
    }
  });

  it('asks for no ConfigMap whose name is not one (an empty name would be a list), and says so', async () => {
    const own = await startFakeApiServer();
    try {
      own.apply(NGINX_CLASS);
      own.apply(controller(['--configmap=ingress-system/']));
      own.apply(ingress({ name: 'web' }));
      const config = own.writeKubeconfig({ context: 'prod' });
      const r = await runCli(['migration-report', '--cluster', '--kubeconfig', config, '--format', 'json']);
      expect(r.code, r.stderr).toBe(0);
      expect(configMapRequests(own.requests)).toEqual([]);
      const json = JSON.parse(r.stdout) as ReportJson;
      expect(json.exposure.notes.find((n) => n.includes('--configmap'))).toMatch(
        /"ingress-system\/" is not a valid ConfigMap namespace\/name/,
      );
    } finally {
      await own.close();
    }
  });

  it('-n lists one namespace (and finds no controller there, saying so); --context picks the context', async () => {
    const { json, requests } = await reportJson('--context', 'staging', '-n', 'shop');
    expect(json.inventory.ingresses.map((i) => i.file)).toEqual(['cluster:staging/shop/Ingress/web']);
    expect(requests.find((q) => q.resource === 'ingresses')?.namespace).toBe('shop');
    expect(requests.find((q) => q.resource === 'ingressclasses')?.namespace).toBeUndefined();
    expect(configMapRequests(requests)).toEqual([]);
    expect(json.exposure.controllers).toEqual([]);
    expect(json.exposure.notes).toContain(
      'No ingress-nginx controller (Deployment or DaemonSet) was listed in namespace shop of context staging, so no ' +
        "version, CVE, admission webhook or snippet setting can be shown; run without -n, or with -n set to the controller's namespace.",
    );
  });

  it('exits 2 with where it looked when the cluster holds no Ingress there, and writes no report', async () => {
    const r = await report('-n', CONTROLLER_NS);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(
      `kubeward: 0 Ingresses listed from context prod (namespace ${CONTROLLER_NS}, 5 kinds): nothing to report.`,
    );
    expect(r.stderr).toMatch(/hint: check --context and -n: a migration-report that reports on nothing exits 2/);
  });

  it('exits 2 naming a kind it could not list, in the words of the report; --allow-partial reports without it', async () => {
    server.fail('services', 403);
    try {
      const partial = await report();
      expect(partial.code).toBe(2);
      expect(partial.stdout).toBe('');
      expect(partial.stderr).toContain(
        'kubeward: the listing of context prod for migration-report is incomplete: 1 of 5 kinds could not be listed, so no report is written:',
      );
      expect(partial.stderr).toMatch(/--allow-partial to report on the kinds that were listed/);
      const allowed = await report('--allow-partial', '--format', 'json');
      expect(allowed.code, allowed.stderr).toBe(0);
      expect(allowed.stderr).toMatch(/warning: cannot list services .*named Service ports cannot be resolved/);
      expect(allowed.stderr).toMatch(
        /partial listing of context prod for migration-report: .*the report is made without them/,
      );
      expect((JSON.parse(allowed.stdout) as ReportJson).inventory.total).toBe(2);
    } finally {
      server.clearFaults();
    }
  });

  it('--allow-partial without the Deployments says the exposure may miss a controller', async () => {
    server.fail('deployments', 403);
    try {
      const allowed = await report('--allow-partial', '--format', 'json');
      expect(allowed.code, allowed.stderr).toBe(0);
      const notes = (JSON.parse(allowed.stdout) as ReportJson).exposure.notes;
      expect(notes).toContainEqual(
        expect.stringMatching(
          /^Deployments could not be listed \(--allow-partial\), so an ingress-nginx controller among them is not seen/,
        ),
      );
    } finally {
      server.clearFaults();
    }
    const whole = await report('--format', 'json');
    expect((JSON.parse(whole.stdout) as ReportJson).exposure.notes.join('\n')).not.toMatch(/could not be listed/);
  });

  it('usage errors exit 2 before any request: paths, - or --stdin-filename with --cluster; cluster flags without it', async () => {
    const cwd = scratchDir('migration-report-cluster');
    for (const args of [
      ['--cluster', '--kubeconfig', kubeconfig, 'in.yaml'],
      ['--cluster', '--kubeconfig', kubeconfig, '-'],
      ['--cluster', '--kubeconfig', kubeconfig, '--stdin-filename', 'x.yaml'],
      ['--context', 'prod', 'in.yaml'],
      ['--kubeconfig', kubeconfig, 'in.yaml'],
      ['--allow-partial', 'in.yaml'],
    ]) {
      const before = server.requests.length;
      const r = await runCli(['migration-report', ...args], { cwd });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout, args.join(' ')).toBe('');
      expect(r.stderr, args.join(' ')).toMatch(/kubeward: .*--cluster/);
      expect(server.requests.length, args.join(' ')).toBe(before);
    }
    const withPath = await runCli(['migration-report', '--cluster', '--kubeconfig', kubeconfig, 'in.yaml'], { cwd });
    expect(withPath.stderr).toMatch(/hint: drop the paths, or drop --cluster to report on the files/);
    const noCluster = await runCli(['migration-report', '--context', 'prod', 'in.yaml'], { cwd });
    expect(noCluster.stderr).toContain(
      'kubeward: --context applies to --cluster only: a migration-report of files reads no cluster.',
    );
    expect(noCluster.stderr).toMatch(/hint: add --cluster to report on the Ingresses of a cluster, or drop --context/);
  });
});

describe('the README on migration-report --cluster', () => {
  it('grants list on exactly what the listing reads, and get on one named ConfigMap, nothing else', () => {
    const [clusterRole, role, ...more] = readmeReportRbac();
    expect(more).toEqual([]);
    expect(clusterRole).toMatchObject({ kind: 'ClusterRole', rules: rbacRules(MIGRATE_RESOURCES, ['list']) });
    expect(role).toMatchObject({
      kind: 'Role',
      rules: [
        { apiGroups: [''], resources: ['configmaps'], resourceNames: ['ingress-nginx-controller'], verbs: ['get'] },
      ],
    });
  });
});
