/**
 * `kubeward migration-report --cluster` against a real kube-apiserver, through the built CLI (bin/kubeward.cjs over
 * dist/, built by `npm test`), as a user holding exactly the RBAC the README grants the report: `list` on what the
 * listing reads and `get` on the controller's one ConfigMap. The snippet settings must come from that ConfigMap; a
 * user without the Role gets the API server's own 403 in the note; once the ConfigMap is deleted, the API server's
 * 404 gives the defaults of the controller's version.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { readmeReportRbac } from '../helpers/readme-rbac.js';
import { ingress, NGINX_CLASS } from '../migrate/helpers.js';
import { AVAILABLE, type Cluster, describeSkipped, KUBEWARD, startCluster } from './support.js';

/** The chart's defaults, which the README's Role names. */
const NS = 'ingress-nginx';
const NAME = 'ingress-nginx-controller';
const REPORTER = { name: 'reporter', token: 'e2e-reporter-token' };
/** Bound to the README's ClusterRole only: it may list, and not get the ConfigMap. */
const LISTER = { name: 'lister', token: 'e2e-lister-token' };

/** An ingress-nginx v1.13.3 controller (default: snippets off, risk level High) reading its ConfigMap. */
const CONTROLLER = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: NAME, namespace: NS },
  spec: {
    selector: { matchLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } },
    template: {
      metadata: { labels: { 'app.kubernetes.io/name': 'ingress-nginx' } },
      spec: {
        containers: [
          {
            name: 'controller',
            image: 'registry.k8s.io/ingress-nginx/controller:v1.13.3',
            args: ['/nginx-ingress-controller', `--configmap=$(POD_NAMESPACE)/${NAME}`],
          },
        ],
      },
    },
  },
};

const SETTINGS = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: NAME, namespace: NS },
  data: { 'allow-snippet-annotations': 'true', 'annotations-risk-level': 'Critical' },
};

interface ReportJson {
  inventory: { total: number; ingressNginx: number; ingresses: { file: string; line: number }[] };
  exposure: {
    controllers: { namespace: string; name: string; allowSnippetAnnotations: string; annotationsRiskLevel: string }[];
    notes: string[];
  };
}

/** The built CLI; resolves with its exit code and output whatever the code. */
function kubeward(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [KUBEWARD, ...args],
      { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

if (!AVAILABLE) {
  describeSkipped('kubeward migration-report --cluster against a real API server');
} else {
  describe('kubeward migration-report --cluster against a real API server, with the README RBAC', () => {
    let cluster: Cluster;
    const kubeconfigs: Record<string, string> = {};

    const admin = async (method: string, path: string, body?: unknown): Promise<void> => {
      const r = await cluster.admin(method, path, body);
      expect(r.status, `${method} ${path}: ${JSON.stringify(r.body)}`).toBeLessThan(300);
    };

    /** The report as `user`; `warning`: the one stderr line expected (a ConfigMap the user cannot get). */
    const report = async (user: string, warning?: RegExp): Promise<ReportJson> => {
      const r = await kubeward([
        'migration-report',
        '--cluster',
        '--kubeconfig',
        kubeconfigs[user] ?? '',
        '-f',
        'json',
      ]);
      expect(r.code, r.stderr).toBe(0);
      if (warning === undefined) expect(r.stderr).toBe('');
      else expect(r.stderr).toMatch(warning);
      return JSON.parse(r.stdout) as ReportJson;
    };

    beforeAll(async () => {
      cluster = await startCluster([REPORTER, LISTER]);
      for (const name of [NS, 'shop', 'blog']) {
        await admin('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
      }
      await admin('POST', '/apis/networking.k8s.io/v1/ingressclasses', NGINX_CLASS);
      await admin('POST', `/apis/apps/v1/namespaces/${NS}/deployments`, CONTROLLER);
      await admin('POST', `/api/v1/namespaces/${NS}/configmaps`, SETTINGS);
      const web = ingress({ name: 'web', annotations: { 'configuration-snippet': 'more_set_headers "X: y";' } });
      await admin('POST', '/apis/networking.k8s.io/v1/namespaces/shop/ingresses', web);
      const blog = ingress({ name: 'blog', namespace: 'blog', host: 'blog.example.com' });
      await admin('POST', '/apis/networking.k8s.io/v1/namespaces/blog/ingresses', blog);

      // Exactly the README's RBAC: its ClusterRole for both users, its Role for the reporter only.
      const rbac = readmeReportRbac();
      const clusterRole = rbac.find((o) => o.kind === 'ClusterRole');
      const role = rbac.find((o) => o.kind === 'Role');
      if (clusterRole === undefined || role === undefined) throw new Error('the README grants no ClusterRole and Role');
      expect(role.metadata.namespace).toBe(NS);
      await admin('POST', '/apis/rbac.authorization.k8s.io/v1/clusterroles', clusterRole);
      await admin('POST', `/apis/rbac.authorization.k8s.io/v1/namespaces/${NS}/roles`, role);
      const users = (names: string[]) =>
        names.map((name) => ({ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name }));
      await admin('POST', '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: clusterRole.metadata.name },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: clusterRole.metadata.name },
        subjects: users([REPORTER.name, LISTER.name]),
      });
      await admin('POST', `/apis/rbac.authorization.k8s.io/v1/namespaces/${NS}/rolebindings`, {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'RoleBinding',
        metadata: { name: role.metadata.name, namespace: NS },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role.metadata.name },
        subjects: users([REPORTER.name]),
      });

      for (const user of [REPORTER, LISTER]) {
        const file = join(cluster.dir, `kubeconfig-${user.name}`);
        writeFileSync(
          file,
          JSON.stringify({
            apiVersion: 'v1',
            kind: 'Config',
            clusters: [{ name: 'e2e', cluster: { server: cluster.api, 'certificate-authority': cluster.ca.certFile } }],
            users: [{ name: user.name, user: { token: user.token } }],
            contexts: [{ name: 'e2e', context: { cluster: 'e2e', user: user.name } }],
            'current-context': 'e2e',
          }),
        );
        kubeconfigs[user.name] = file;
      }
    }, 120_000);

    afterAll(() => cluster?.close());

    it('reports the Ingresses and reads allow-snippet-annotations from the controller ConfigMap', async () => {
      const json = await report(REPORTER.name);
      expect(json.inventory).toMatchObject({ total: 2, ingressNginx: 2 });
      expect(json.inventory.ingresses.map((i) => [i.file, i.line]).sort()).toEqual([
        ['cluster:e2e/blog/Ingress/blog', 0],
        ['cluster:e2e/shop/Ingress/web', 0],
      ]);
      // v1.13.3 defaults to false and High: these values are the ConfigMap's.
      expect(json.exposure.controllers).toEqual([
        expect.objectContaining({
          namespace: NS,
          name: NAME,
          allowSnippetAnnotations: 'true',
          annotationsRiskLevel: 'Critical',
        }),
      ]);
      expect(json.exposure.notes.join('\n')).not.toContain('--configmap');
    });

    it("without the Role: the API server's 403 in the note, the settings unknown, and the permission to grant", async () => {
      // The CI log says it too, not only the report.
      const json = await report(
        LISTER.name,
        /^kubeward: warning: cannot get ConfigMap ingress-nginx\/ingress-nginx-controller \(HTTP 403 Forbidden: [^\n]*\); allow-snippet-annotations and annotations-risk-level of the controllers that read it are unknown in the report\.\n$/,
      );
      expect(json.inventory.total).toBe(2);
      expect(json.exposure.controllers[0]).toMatchObject({ allowSnippetAnnotations: 'unknown' });
      const note = json.exposure.notes.find((n) => n.includes('--configmap'));
      expect(note).toMatch(
        /HTTP 403 Forbidden: configmaps "ingress-nginx-controller" is forbidden: User "lister" cannot get/,
      );
      expect(note).toMatch(/grant get on configmaps in namespace ingress-nginx/);
    });

    it("once the ConfigMap is deleted: the API server's 404, and the defaults of v1.13.3", async () => {
      await admin('DELETE', `/api/v1/namespaces/${NS}/configmaps/${NAME}`);
      const json = await report(REPORTER.name);
      expect(json.exposure.controllers[0]).toMatchObject({
        allowSnippetAnnotations: 'false',
        annotationsRiskLevel: 'High',
      });
      expect(json.exposure.notes.find((n) => n.includes('--configmap'))).toMatch(
        /does not exist in context e2e\. ingress-nginx then logs .* runs on its defaults/,
      );
    });
  });
}
