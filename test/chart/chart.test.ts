/**
 * The webhook's Helm chart, rendered by the real helm binary: what it installs must agree with what `kubeward serve`
 * accepts and needs (flags, config, RBAC, the resources it is sent), and it must pass kubeward's own rules.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { rbacRules, WATCHED_RESOURCES } from '../../src/cluster/kinds.js';
import type { K8sObject } from '../../src/k8s/object.js';
import { parseQuantity } from '../../src/k8s/quantity.js';
import { allRules } from '../../src/rules/index.js';
import { loadServeConfig } from '../../src/webhook/settings.js';
import { commandFlags, ROOT, spawnCli } from '../helpers/cli.js';
import { helmBinary } from '../helpers/helm.js';

const bin = helmBinary();
const CHART = join(ROOT, 'charts', 'kubeward');

function helmRun(args: string[]): { ok: true; out: string } | { ok: false; err: string } {
  if ('unavailable' in bin) throw new Error(bin.unavailable);
  try {
    return {
      ok: true,
      out: execFileSync(bin.path, args, {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, HELM_CACHE_HOME: join(ROOT, '.cache', 'helm-home') },
      }),
    };
  } catch (e) {
    return { ok: false, err: String((e as { stderr?: string }).stderr ?? e) };
  }
}

function render(...set: string[]): { text: string; objects: K8sObject[] } {
  const r = helmRun(['template', 'kw', CHART, '--namespace', 'kubeward', ...set.flatMap((s) => ['--set', s])]);
  if (!r.ok) throw new Error(r.err);
  const objects = (loadAll(r.out) as unknown[]).filter((o): o is K8sObject => typeof o === 'object' && o !== null);
  return { text: r.out, objects };
}

/** The NOTES helm prints after an install (a client-side dry run: no cluster). */
function helmNotes(...set: string[]): string {
  const r = helmRun([
    'install',
    'kw',
    CHART,
    '--namespace',
    'kubeward',
    '--dry-run=client',
    ...set.flatMap((s) => ['--set', s]),
  ]);
  if (!r.ok) throw new Error(r.err);
  return r.out.slice(r.out.indexOf('NOTES:'));
}

interface PodTemplate {
  metadata: { annotations: Record<string, string> };
  spec: {
    containers: {
      args: string[];
      ports: { name: string; containerPort: number; protocol: string }[];
      readinessProbe: { httpGet: unknown };
      livenessProbe: { httpGet: unknown };
    }[];
  };
}

interface ServiceObject {
  metadata: { name: string; labels: Record<string, string> };
  spec: { ports: { targetPort: string }[] };
}

interface NetworkPolicy {
  spec: { policyTypes: string[]; ingress: unknown[] };
}

function one(objects: K8sObject[], kind: string): K8sObject & Record<string, unknown> {
  const found = objects.filter((o) => o.kind === kind);
  expect(found.map((o) => o.metadata?.name)).toHaveLength(1);
  return found[0] as K8sObject & Record<string, unknown>;
}

interface Webhook {
  admissionReviewVersions: string[];
  sideEffects: string;
  failurePolicy: string;
  timeoutSeconds: number;
  clientConfig: { service: { name: string; namespace: string; path: string; port: number }; caBundle?: string };
  namespaceSelector: { matchExpressions: { key: string; operator: string; values: string[] }[] };
  rules: { apiGroups: string[]; resources: string[]; operations: string[] }[];
}

const dir = mkdtempSync(join(tmpdir(), 'kubeward-chart-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf('unavailable' in bin)(
  `the kubeward Helm chart${'unavailable' in bin ? ` (skipped: ${bin.unavailable})` : ''}`,
  () => {
    it('passes helm lint --strict', () => {
      const r = helmRun(['lint', '--strict', CHART]);
      expect(r.ok ? r.out : r.err).toMatch(/1 chart\(s\) linted, 0 chart\(s\) failed/);
    });

    it.each(['selfSigned', 'certManager', 'job', 'existingSecret'])(
      'passes kubeward lint --fail-on info with no finding at all, tls.mode=%s',
      (mode) => {
        const extra = mode === 'existingSecret' ? ['tls.existingSecret=my-tls', 'tls.caBundle=Q0E='] : [];
        const { text } = render(`tls.mode=${mode}`, ...extra);
        const file = join(dir, `rendered-${mode}.yaml`);
        writeFileSync(file, text);
        const r = spawnCli(['lint', '--fail-on', 'info', '--format', 'json', file]);
        expect(r.code, r.stderr).toBe(0);
        const json = JSON.parse(r.stdout) as { findings: { ruleId: string; message: string }[] };
        expect(json.findings).toEqual([]);
      },
    );

    it('runs serve with flags the serve command knows, on the port the probes and the Service use', () => {
      const { objects } = render();
      const deployment = one(objects, 'Deployment') as unknown as {
        spec: {
          template: { spec: { containers: { args: string[]; readinessProbe: { httpGet: { path: string } } }[] } };
        };
      };
      const container = deployment.spec.template.spec.containers[0];
      if (container === undefined) throw new Error('no container');
      expect(container.args[0]).toBe('serve');
      const known = commandFlags('serve');
      for (const arg of container.args.slice(1)) expect(known, arg).toContain(arg.split('=')[0]);
      expect(container.args).toContain('--port=8443');
      // Readiness is tied to the cache sync, not process start.
      expect(container.readinessProbe.httpGet.path).toBe('/readyz');
    });

    it('caps the V8 heap with node flags that node accepts, below the memory limit', () => {
      const { objects } = render();
      const container = (
        one(objects, 'Deployment') as unknown as {
          spec: {
            template: {
              spec: {
                containers: {
                  env: { name: string; value: string }[];
                  resources: { limits: { memory: string } };
                }[];
              };
            };
          };
        }
      ).spec.template.spec.containers[0];
      const nodeOptions = container?.env.find((e) => e.name === 'NODE_OPTIONS')?.value ?? '';
      expect(nodeOptions).toMatch(/--max-semi-space-size=\d+/);
      const oldSpace = Number(/--max-old-space-size=(\d+)/.exec(nodeOptions)?.[1]);
      const limit = parseQuantity(container?.resources.limits.memory);
      if (!limit.ok) throw new Error(limit.reason);
      // Heap plus what is not heap (code, TLS, buffers: about 70 MB measured) must fit under the limit.
      expect(BigInt(oldSpace + 64) * 1024n * 1024n * 1_000_000_000n).toBeLessThanOrEqual(limit.nanos);
      // A flag node does not know would stop the container at start-up ("… is not allowed in NODE_OPTIONS").
      execFileSync(process.execPath, ['-e', '0'], { env: { ...process.env, NODE_OPTIONS: nodeOptions } });
    });

    it('ships a config that kubeward serve loads, with the webhook settings of the values', async () => {
      const { objects } = render(
        'webhook.mode=warn',
        'webhook.deadlineMs=1500',
        'config.rules.resources-qos-class=error',
        'webhook.connections.maxPerClient=64',
      );
      const configMap = one(objects, 'ConfigMap') as unknown as { data: Record<string, string> };
      const file = join(dir, 'kubeward.yaml');
      writeFileSync(file, configMap.data['kubeward.yaml'] ?? '');
      const { config, settings } = await loadServeConfig({ cwd: dir, explicitPath: file, rules: allRules });
      expect(settings.mode).toBe('warn');
      expect(settings.deadlineMs).toBe(1500);
      expect(settings.exempt.namespaces).toEqual(['kube-system']);
      expect(settings.connections).toMatchObject({ maxPerClient: 64, max: 2048 });
      expect(config.rules['resources-qos-class']?.severity).toBe('error');
    });

    it('grants exactly the read-only RBAC the cluster cache needs', () => {
      const role = one(render().objects, 'ClusterRole') as unknown as { rules: unknown[] };
      expect(role.rules).toEqual(rbacRules());
      const text = JSON.stringify(role.rules);
      for (const forbidden of ['secrets', 'configmaps', 'pods', 'create', 'update', 'delete', 'get']) {
        expect(text).not.toContain(`"${forbidden}"`);
      }
    });

    it('registers a v1 webhook without side effects, off kube-system and its own namespace', () => {
      const { objects } = render();
      const config = one(objects, 'ValidatingWebhookConfiguration') as unknown as { webhooks: Webhook[] };
      const [webhook] = config.webhooks;
      if (webhook === undefined) throw new Error('no webhook');
      expect(webhook.admissionReviewVersions).toEqual(['v1']);
      expect(webhook.sideEffects).toBe('None');
      expect(webhook.clientConfig.service).toEqual({
        name: 'kw-kubeward',
        namespace: 'kubeward',
        path: '/validate',
        port: 443,
      });
      expect(webhook.namespaceSelector.matchExpressions).toContainEqual({
        key: 'kubernetes.io/metadata.name',
        operator: 'NotIn',
        values: ['kube-system', 'kubeward'],
      });
      // The deadline is below the API server's timeout.
      const settingsText = (one(objects, 'ConfigMap') as unknown as { data: Record<string, string> }).data[
        'kubeward.yaml'
      ];
      expect(settingsText).toMatch(/deadlineMs: 2000/);
      expect(webhook.timeoutSeconds * 1000).toBeGreaterThan(2000);
    });

    it('sends only resources of kinds the rules check, never Secrets, ConfigMaps or Pods', () => {
      const config = one(render().objects, 'ValidatingWebhookConfiguration') as unknown as { webhooks: Webhook[] };
      const kindOf = new Map(WATCHED_RESOURCES.map((r) => [`${r.group}/${r.plural}`, r.kind]));
      const checked = new Set(allRules.flatMap((r) => r.meta.kinds));
      const sent = (config.webhooks[0]?.rules ?? []).flatMap((rule) =>
        rule.apiGroups.flatMap((g) => rule.resources.map((res) => `${g}/${res}`)),
      );
      expect(sent.length).toBeGreaterThan(5);
      for (const resource of sent) {
        const kind = kindOf.get(resource);
        expect(kind, resource).toBeDefined();
        expect(checked.has(kind as string), resource).toBe(true);
      }
      for (const rule of config.webhooks[0]?.rules ?? []) expect(rule.operations).toEqual(['CREATE', 'UPDATE']);
    });

    it('with tls.mode=certManager: the CA is injected and the serving certificate names the Service', () => {
      const { objects } = render('tls.mode=certManager');
      const webhookConfig = one(objects, 'ValidatingWebhookConfiguration');
      expect(webhookConfig.metadata?.annotations?.['cert-manager.io/inject-ca-from']).toBe('kubeward/kw-kubeward-tls');
      const serving = objects.find((o) => o.kind === 'Certificate' && o.metadata?.name === 'kw-kubeward-tls') as
        | (K8sObject & { spec: { dnsNames: string[]; secretName: string } })
        | undefined;
      expect(serving?.spec.dnsNames).toContain('kw-kubeward.kubeward.svc');
      const deployment = JSON.stringify(one(objects, 'Deployment'));
      expect(deployment).toContain(`"secretName":"${serving?.spec.secretName}"`);
    });

    it('with tls.mode=existingSecret, needs the Secret and its CA bundle, and says so', () => {
      const missing = helmRun(['template', 'kw', CHART, '--set', 'tls.mode=existingSecret']);
      expect(missing.ok).toBe(false);
      if (!missing.ok) expect(missing.err).toMatch(/tls\.existingSecret is required when tls\.mode is existingSecret/);
      const noCa = helmRun([
        'template',
        'kw',
        CHART,
        '--set',
        'tls.mode=existingSecret',
        '--set',
        'tls.existingSecret=x',
      ]);
      expect(noCa.ok).toBe(false);
      if (!noCa.ok) expect(noCa.err).toMatch(/tls\.caBundle is required when tls\.mode is existingSecret/);
      const { objects } = render('tls.mode=existingSecret', 'tls.existingSecret=my-tls', 'tls.caBundle=Q0E=');
      expect(objects.some((o) => ['Certificate', 'Issuer', 'Secret', 'Job'].includes(o.kind ?? ''))).toBe(false);
      const config = one(objects, 'ValidatingWebhookConfiguration') as unknown as { webhooks: Webhook[] };
      expect(config.webhooks[0]?.clientConfig.caBundle).toBe('Q0E=');
      expect(JSON.stringify(one(objects, 'Deployment'))).toContain('"secretName":"my-tls"');
    });

    it('refuses a deadline that is not below the API server timeout', () => {
      const r = helmRun([
        'template',
        'kw',
        CHART,
        '--set',
        'webhook.deadlineMs=5000',
        '--set',
        'webhook.timeoutSeconds=5',
      ]);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.err).toMatch(/deadlineMs must be below webhook.timeoutSeconds/);
    });

    it('serves /metrics on a plain-HTTP port of its own, behind a Service of its own, probes on the webhook port', () => {
      const { objects } = render('metrics.podAnnotations=true', 'metrics.serviceMonitor.enabled=true');
      const deployment = one(objects, 'Deployment') as unknown as { spec: { template: PodTemplate } };
      const [container] = deployment.spec.template.spec.containers;
      expect(container?.args).toContain('--metrics-port=8080');
      expect(container?.ports).toEqual([
        { name: 'https', containerPort: 8443, protocol: 'TCP' },
        { name: 'metrics', containerPort: 8080, protocol: 'TCP' },
      ]);
      expect(container?.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'https', scheme: 'HTTPS' });
      expect(container?.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'https', scheme: 'HTTPS' });
      expect(deployment.spec.template.metadata.annotations).toMatchObject({
        'prometheus.io/scrape': 'true',
        'prometheus.io/scheme': 'http',
        'prometheus.io/port': '8080',
        'prometheus.io/path': '/metrics',
      });
      const services = objects.filter((o) => o.kind === 'Service') as unknown as ServiceObject[];
      expect(services.map((s) => [s.metadata.name, s.spec.ports.map((p) => p.targetPort)])).toEqual([
        ['kw-kubeward', ['https']],
        ['kw-kubeward-metrics', ['metrics']],
      ]);
      const monitor = one(objects, 'ServiceMonitor') as unknown as {
        spec: { selector: { matchLabels: Record<string, string> }; endpoints: { port: string; scheme: string }[] };
      };
      expect(monitor.spec.endpoints).toEqual([expect.objectContaining({ port: 'metrics', scheme: 'http' })]);
      const metricsService = services[1];
      for (const [k, v] of Object.entries(monitor.spec.selector.matchLabels)) {
        expect(metricsService?.metadata.labels[k], k).toBe(v);
      }
      expect(services[0]?.metadata.labels['kubeward.io/metrics']).toBeUndefined();

      const off = render('metrics.port=0');
      const offContainer = (one(off.objects, 'Deployment') as unknown as { spec: { template: PodTemplate } }).spec
        .template.spec.containers[0];
      expect(offContainer?.args).toContain('--metrics-port=0');
      expect(offContainer?.ports.map((p) => p.name)).toEqual(['https']);
      expect(off.objects.filter((o) => o.kind === 'Service')).toHaveLength(1);
    });

    it('has a NetworkPolicy by default: the webhook port from anywhere (NOTES says so), the metrics port closed', () => {
      const policy = one(render().objects, 'NetworkPolicy') as unknown as NetworkPolicy;
      expect(policy.spec.policyTypes).toEqual(['Ingress']);
      expect(policy.spec.ingress).toEqual([{ ports: [{ port: 'https', protocol: 'TCP' }] }]);
      const notes = helmNotes();
      expect(notes).toContain('admits the webhook port (8443) from ANY source');
      expect(notes).toContain('kubectl get endpoints kubernetes -n default');
      expect(notes).toContain('The metrics port is closed to every pod');
      expect(helmNotes('networkPolicy.enabled=false')).toContain('WARNING: networkPolicy.enabled=false');
    });

    it("admits the webhook port from the API server's CIDRs and extra peers, the metrics port from Prometheus", () => {
      const set = [
        'networkPolicy.apiServerCIDRs={10.0.0.10/32,10.0.0.11/32}',
        'networkPolicy.from[0].namespaceSelector.matchLabels.kubernetes\\.io/metadata\\.name=kube-system',
        'networkPolicy.metrics.namespaceSelector.matchLabels.kubernetes\\.io/metadata\\.name=monitoring',
        'networkPolicy.metrics.podSelector.matchLabels.app=prometheus',
      ];
      const policy = one(render(...set).objects, 'NetworkPolicy') as unknown as NetworkPolicy;
      expect(policy.spec.ingress).toEqual([
        {
          ports: [{ port: 'https', protocol: 'TCP' }],
          from: [
            { ipBlock: { cidr: '10.0.0.10/32' } },
            { ipBlock: { cidr: '10.0.0.11/32' } },
            { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } },
          ],
        },
        {
          ports: [{ port: 'metrics', protocol: 'TCP' }],
          // One peer: Prometheus's pods in Prometheus's namespace (both selectors must match).
          from: [
            {
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } },
              podSelector: { matchLabels: { app: 'prometheus' } },
            },
          ],
        },
      ]);
      const notes = helmNotes(...set);
      expect(notes).toContain('admits the webhook port only from 10.0.0.10/32, 10.0.0.11/32 and 1 more peer(s)');
      expect(notes).not.toContain('ANY source');
      expect(notes).not.toContain('metrics port is closed');
    });

    it('with cluster=false, runs --no-cluster without any RBAC or service account token', () => {
      const { objects } = render('webhook.cluster=false');
      expect(objects.some((o) => o.kind === 'ClusterRole' || o.kind === 'ClusterRoleBinding')).toBe(false);
      const deployment = JSON.stringify(one(objects, 'Deployment'));
      expect(deployment).toContain('"--no-cluster"');
      expect(deployment).toContain('"automountServiceAccountToken":false');
    });
  },
);
