/**
 * The chart's values: values.schema.json (what helm refuses before anything reaches the cluster), the README table
 * of every value, the optional ServiceMonitor and the priority class, with the real helm binary.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { dump, load, loadAll } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProgram } from '../../src/cli/program.js';
import { LABEL_SELECTOR_SCHEMA } from '../../src/k8s/label-selector-schema.js';
import type { K8sObject } from '../../src/k8s/object.js';
import { resourcesQosClass } from '../../src/rules/resources/resources-qos-class.js';
import { ROOT, SILENT_IO } from '../helpers/cli.js';
import { helmBinary } from '../helpers/helm.js';

const bin = helmBinary();
const CHART = join(ROOT, 'charts', 'kubeward');

type Schema = Record<string, unknown> & { properties?: Record<string, Schema> };

interface Generator {
  renderSchema(): string;
  renderReadme(readme: string, schemaText: string): string;
}

let generator: Generator;
beforeAll(async () => {
  // A plain .mjs script without type declarations: imported by URL and typed here.
  generator = (await import(pathToFileURL(join(ROOT, 'scripts', 'gen-chart.mjs')).href)) as Generator;
});

const dir = mkdtempSync(join(tmpdir(), 'kubeward-chart-values-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function helmTemplate(args: string[]): { ok: true; out: string } | { ok: false; err: string } {
  if ('unavailable' in bin) throw new Error(bin.unavailable);
  try {
    const out = execFileSync(bin.path, ['template', 'kw', CHART, '--namespace', 'kubeward', ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, HELM_CACHE_HOME: join(ROOT, '.cache', 'helm-home') },
    });
    return { ok: true, out };
  } catch (e) {
    return { ok: false, err: String((e as { stderr?: string }).stderr ?? e) };
  }
}

const sets = (...s: string[]) => s.flatMap((x) => ['--set', x]);

function objects(out: string): K8sObject[] {
  return (loadAll(out) as unknown[]).filter((o): o is K8sObject => typeof o === 'object' && o !== null);
}

function withValues(values: unknown): string[] {
  const file = join(dir, `values-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, dump(values));
  return ['-f', file];
}

const schema = JSON.parse(readFileSync(join(CHART, 'values.schema.json'), 'utf8')) as Schema;
const configSchema = JSON.parse(readFileSync(join(ROOT, 'schema', 'kubeward-config.schema.json'), 'utf8')) as Schema;
const values = load(readFileSync(join(CHART, 'values.yaml'), 'utf8')) as Record<string, unknown>;
const readme = readFileSync(join(CHART, 'README.md'), 'utf8');

describe('values.schema.json and the chart README', () => {
  it('are what scripts/gen-chart.mjs makes of the config schema and values.yaml', () => {
    const fresh = generator.renderSchema();
    expect(readFileSync(join(CHART, 'values.schema.json'), 'utf8') === fresh, 'stale: node scripts/gen-chart.mjs').toBe(
      true,
    );
    expect(generator.renderReadme(readme, fresh) === readme, 'stale: node scripts/gen-chart.mjs').toBe(true);
  });

  it("take kubeward's own settings from the config schema, not a copy typed again", () => {
    const configProps = configSchema.properties ?? {};
    const webhook = schema.properties?.webhook?.properties ?? {};
    const webhookValues = values.webhook as Record<string, Record<string, unknown>>;
    for (const [key, node] of Object.entries(configProps.webhook?.properties ?? {})) {
      // The chart adds only `required` for the lists its values.yaml sets (a null must not remove them).
      const lists = Object.keys(node.properties ?? {}).filter((k) => Array.isArray(webhookValues[key]?.[k]));
      expect(webhook[key], `webhook.${key}`).toEqual(lists.length > 0 ? { ...node, required: lists } : node);
    }
    const { webhook: _, ...rest } = configProps;
    expect(schema.properties?.config?.properties).toEqual(rest);
    expect(schema.properties?.webhook?.properties?.mode).toEqual({
      description: expect.any(String),
      enum: ['enforce', 'warn', 'audit'],
    });
  });

  it("type the label selectors once: the chart's are the schema the rules' options use", () => {
    const ruleSchema = resourcesQosClass.meta.options?.schema as Schema | undefined;
    const ruleSelector = (ruleSchema?.properties?.minimum?.items as Schema | undefined)?.properties?.selector;
    expect(ruleSelector).toBe(LABEL_SELECTOR_SCHEMA);
    const networkPolicy = schema.properties?.networkPolicy?.properties?.metrics?.properties ?? {};
    const selectors = [
      schema.properties?.webhook?.properties?.namespaceSelector,
      schema.properties?.webhook?.properties?.objectSelector,
      networkPolicy.namespaceSelector,
      networkPolicy.podSelector,
    ];
    for (const selector of selectors) {
      const { description, ...rest } = selector ?? {};
      expect(description).toEqual(expect.any(String));
      expect(rest).toEqual(LABEL_SELECTOR_SCHEMA);
    }
  });

  it("offers the log levels kubeward serve's --log-level accepts", () => {
    const serve = createProgram(SILENT_IO, { exitCode: 0 }).commands.find((c) => c.name() === 'serve');
    const option = serve?.options.find((o) => o.long === '--log-level');
    expect(schema.properties?.logLevel?.enum).toEqual(option?.argChoices);
  });

  it('describes every value of values.yaml in the schema and the README table, with its default', () => {
    const rows = new Map(
      [...readme.matchAll(/^\| `([^`]+)` \| (.+?) \| /gm)].map((m) => [m[1] as string, m[2] as string]),
    );
    const leaves: [string, unknown][] = [];
    const walk = (node: unknown, path: string, schemaNode: Schema | undefined) => {
      expect(schemaNode, `${path} is not in values.schema.json`).toBeDefined();
      if (rows.has(path)) {
        expect(rows.get(path), `the README's default of ${path}`).toBe(`\`${JSON.stringify(node)}\``);
        leaves.push([path, node]);
        return;
      }
      const isMap = node !== null && typeof node === 'object' && !Array.isArray(node);
      expect(isMap && schemaNode?.properties !== undefined, `${path} is missing from the README table`).toBe(true);
      for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
        walk(v, path === '' ? k : `${path}.${k}`, schemaNode?.properties?.[k]);
      }
    };
    walk(values, '', schema);
    expect(leaves.length).toBeGreaterThan(50);
    // And no row names a value that does not exist (the commented-out connection limits are kubeward settings).
    for (const path of rows.keys()) {
      let node: Schema | undefined = schema;
      for (const k of path.split('.')) node = node?.properties?.[k];
      expect(node, `README row ${path}`).toBeDefined();
    }
  });
});

describe.skipIf('unavailable' in bin)(
  `helm validates values against the schema${'unavailable' in bin ? ` (skipped: ${bin.unavailable})` : ''}`,
  () => {
    it.each([
      [
        'an unknown mode',
        ['webhook.mode=block'],
        /at '\/webhook\/mode': value must be one of 'enforce', 'warn', 'audit'/,
      ],
      ['a timeout over the API server limit', ['webhook.timeoutSeconds=31'], /at '\/webhook\/timeoutSeconds': maximum/],
      ['a timeout of 0', ['webhook.timeoutSeconds=0'], /at '\/webhook\/timeoutSeconds': minimum/],
      ['replicas that are not a number', ['replicaCount=two'], /at '\/replicaCount': got string, want integer/],
      ['no replica', ['replicaCount=0'], /at '\/replicaCount': minimum/],
      ['a misspelled top-level key', ['replicas=2'], /additional properties 'replicas' not allowed/],
      ['a misspelled webhook key', ['webhook.timeoutSecond=5'], /additional properties 'timeoutSecond' not allowed/],
      [
        'an unknown failurePolicy',
        ['webhook.failurePolicy=Allow'],
        /at '\/webhook\/failurePolicy': value must be one of/,
      ],
      ['an unknown denySeverity', ['webhook.denySeverity=fatal'], /at '\/webhook\/denySeverity': value must be one of/],
      ['an unknown TLS mode', ['tls.mode=vault'], /at '\/tls\/mode': value must be one of 'selfSigned', 'certManager'/],
      ['the removed tls.certManager.enabled', ['tls.certManager.enabled=false'], /'enabled' not allowed/],
      ['an unknown config key', ['config.rulez.x=error'], /additional properties 'rulez' not allowed/],
      ['the webhook port as the metrics port', ['metrics.port=8443'], /at '\/metrics\/port'/],
      [
        'a resource quantity that is not one',
        ['resources.limits.cpu=abc'],
        /at '\/resources\/limits\/cpu': 'abc' does not match pattern/,
      ],
      ['a quantity with a unit kubeward does not know', ['resources.requests.memory=1GB'], /'1GB' does not match/],
      ['a negative quantity', ['resources.requests.cpu=-1'], /at '\/resources\/requests\/cpu': minimum: got -1/],
      ['webhook.resources set to null', ['webhook.resources=null'], /at '\/webhook': missing property 'resources'/],
      [
        'webhook.exempt.namespaces set to null',
        ['webhook.exempt.namespaces=null'],
        /at '\/webhook\/exempt': missing property 'namespaces'/,
      ],
      ['tolerations set to null', ['tolerations=null'], /missing property 'tolerations'/],
    ])('refuses %s', (_name, set, message) => {
      const r = helmTemplate(sets(...set));
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.err).toContain("values don't meet the specifications of the schema");
        expect(r.err).toMatch(message);
      }
    });

    it.each([
      ['no webhook resources', { webhook: { resources: [] } }, /at '\/webhook\/resources': minItems: got 0, want 1/],
      [
        'exempt namespaces that are not strings',
        { webhook: { exempt: { namespaces: [null] } } },
        /at '\/webhook\/exempt\/namespaces\/0': got null, want string/,
      ],
    ])('refuses %s in a values file', (_name, given, message) => {
      const r = helmTemplate(withValues(given));
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.err).toMatch(message);
    });

    it('accepts quantities as Kubernetes writes them, strings or numbers', () => {
      const r = helmTemplate(
        withValues({ resources: { requests: { cpu: 0.25, memory: '1.5Gi' }, limits: { cpu: '1', memory: '2e9' } } }),
      );
      expect(r.ok ? '' : r.err).toBe('');
    });

    it.each([
      ['selfSigned', [], 'every helm upgrade would generate a new CA'],
      ['job', ['tls.mode=job'], 'every run of the certgen Job would generate a new CA'],
    ])('refuses tls.%s.renewBeforeDays not below its validityDays, in the template', (mode, set, why) => {
      for (const renew of [3650, 5000]) {
        const r = helmTemplate(sets(...set, `tls.${mode}.renewBeforeDays=${renew}`));
        expect(r.ok).toBe(false);
        if (!r.ok) {
          expect(r.err).toContain(
            `tls.${mode}.renewBeforeDays (${renew}) must be below tls.${mode}.validityDays (3650): otherwise ${why}`,
          );
        }
      }
      expect(helmTemplate(sets(...set, `tls.${mode}.renewBeforeDays=3649`)).ok).toBe(true);
      // Only the mode in use is judged.
      expect(helmTemplate(sets('tls.mode=certManager', `tls.${mode}.renewBeforeDays=5000`)).ok).toBe(true);
    });

    it('refuses a deadline that is not below timeoutSeconds, which the schema cannot express, in the template', () => {
      const r = helmTemplate(sets('webhook.timeoutSeconds=2', 'webhook.deadlineMs=2000'));
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.err).toMatch(/webhook\.deadlineMs must be below webhook\.timeoutSeconds/);
      expect(readme).toMatch(/`webhook\.deadlineMs` must be below `webhook\.timeoutSeconds`/);
      expect(helmTemplate(sets('webhook.timeoutSeconds=30', 'webhook.deadlineMs=29000')).ok).toBe(true);
    });

    it('accepts the defaults and the install commands of the chart README', () => {
      expect(helmTemplate([]).ok).toBe(true);
      const commands = [...readme.matchAll(/^helm install .*$/gm)].map((m) => m[0]);
      expect(commands.length).toBeGreaterThanOrEqual(2);
      for (const command of commands) {
        const set = [...command.matchAll(/--set (\S+)/g)].map((m) => m[1] as string);
        const r = helmTemplate(sets(...set));
        expect(r.ok ? '' : r.err, command).toBe('');
      }
    });

    it("accepts the examples values.yaml's comments give", () => {
      const examples = {
        webhook: {
          namespaceModes: [{ namespace: 'team-*', mode: 'warn' }],
          connections: {
            maxPerClient: 256,
            max: 2048,
            handshakeTimeoutMs: 5000,
            headersTimeoutMs: 5000,
            requestTimeoutMs: 10000,
            keepAliveTimeoutMs: 65000,
          },
          namespaceSelector: { matchExpressions: [{ key: 'team', operator: 'Exists' }] },
          objectSelector: { matchLabels: { 'kubeward.io/check': 'true' } },
        },
        config: {
          rules: { 'resources-qos-class': 'error' },
          exclude: { namespaces: ['legacy-*'] },
          suppressions: { annotations: false },
        },
        tls: { certManager: { issuerRef: { name: 'corp-ca', kind: 'ClusterIssuer' } } },
        networkPolicy: {
          apiServerCIDRs: ['10.0.0.10/32', '10.0.0.11/32'],
          from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } }],
          metrics: {
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } },
            podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } },
          },
        },
        image: { digest: `sha256:${'a'.repeat(64)}` },
        podDisruptionBudget: { maxUnavailable: '50%' },
        resources: { requests: { cpu: 0.5, memory: '512Mi' }, limits: { cpu: 0.5, memory: '512Mi' } },
        tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'system', effect: 'NoSchedule' }],
        affinity: { nodeAffinity: {} },
      };
      const r = helmTemplate(withValues(examples));
      expect(r.ok ? '' : r.err).toBe('');
    });

    it('has no ServiceMonitor by default; enabled, it scrapes the metrics Service over plain HTTP at /metrics', () => {
      const off = helmTemplate([]);
      if (!off.ok) throw new Error(off.err);
      expect(objects(off.out).some((o) => o.kind === 'ServiceMonitor')).toBe(false);

      const on = helmTemplate(
        sets('metrics.serviceMonitor.enabled=true', 'metrics.serviceMonitor.labels.release=prom', 'metrics.port=9090'),
      );
      if (!on.ok) throw new Error(on.err);
      const all = objects(on.out);
      const monitor = all.find((o) => o.kind === 'ServiceMonitor') as
        | (K8sObject & {
            spec: { selector: { matchLabels: Record<string, string> }; endpoints: Record<string, unknown>[] };
          })
        | undefined;
      expect(monitor?.apiVersion).toBe('monitoring.coreos.com/v1');
      expect(monitor?.metadata?.namespace).toBe('kubeward');
      expect(monitor?.metadata?.labels?.release).toBe('prom');
      expect(monitor?.spec.endpoints).toEqual([{ port: 'metrics', scheme: 'http', path: '/metrics', interval: '30s' }]);
      // It selects the metrics Service, whose port of that name leads to the container's metrics port, and only it.
      const services = all.filter((o) => o.kind === 'Service') as (K8sObject & {
        spec: { ports: { name: string; port: number; targetPort: string }[] };
      })[];
      const selected = services.filter((s) =>
        Object.entries(monitor?.spec.selector.matchLabels ?? {}).every(([k, v]) => s.metadata?.labels?.[k] === v),
      );
      expect(selected.map((s) => s.metadata?.name)).toEqual(['kw-kubeward-metrics']);
      expect(selected[0]?.spec.ports).toEqual([
        { name: 'metrics', port: 9090, targetPort: 'metrics', protocol: 'TCP' },
      ]);
      expect(on.out).toContain('- --metrics-port=9090');

      const noPort = helmTemplate(sets('metrics.serviceMonitor.enabled=true', 'metrics.port=0'));
      expect(noPort.ok).toBe(false);
      if (!noPort.ok) expect(noPort.err).toMatch(/metrics\.serviceMonitor\.enabled needs metrics\.port/);
    });

    it('sets no priority class by default (managed clusters restrict system-* outside kube-system), one when asked', () => {
      const spec = (out: string) =>
        (
          objects(out).find((o) => o.kind === 'Deployment') as unknown as {
            spec: { template: { spec: Record<string, unknown> } };
          }
        ).spec.template.spec;
      const byDefault = helmTemplate([]);
      if (!byDefault.ok) throw new Error(byDefault.err);
      expect(spec(byDefault.out)).not.toHaveProperty('priorityClassName');
      const set = helmTemplate(sets('priorityClassName=system-cluster-critical'));
      if (!set.ok) throw new Error(set.err);
      expect(spec(set.out).priorityClassName).toBe('system-cluster-critical');
      expect(readme).toContain('--set priorityClassName=system-cluster-critical');
    });
  },
);
