/**
 * `kubeward audit` and the cluster audit engine: attribution, LimitRange context, formats and exit codes, warnings
 * for resources that cannot be listed, progress on a terminal, -n / --context / --kubeconfig.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runAudit } from '../../src/cli/commands/audit.js';
import type { CliIo } from '../../src/cli/io.js';
import { auditObjects, clusterSourceName } from '../../src/cluster/audit.js';
import { KubewardError } from '../../src/engine/errors.js';
import type { Finding, LintResult } from '../../src/engine/types.js';
import type { K8sObject } from '../../src/k8s/object.js';
import { formatGithub } from '../../src/report/github.js';
import { formatJunit } from '../../src/report/junit.js';
import { buildSarif } from '../../src/report/sarif.js';
import { formatStylish } from '../../src/report/stylish.js';
import { allRules } from '../../src/rules/index.js';
import { type FakeApiServer, startFakeApiServer } from '../helpers/fake-apiserver.js';
import { applyFixture, fixtureObjects } from './support.js';

let server: FakeApiServer;
let kubeconfig: string;
let cwd: string;

beforeEach(async () => {
  server = await startFakeApiServer();
  applyFixture(server, 'shop.yaml');
  kubeconfig = server.writeKubeconfig({ context: 'prod', extraContexts: ['staging'] });
  cwd = mkdtempSync(join(tmpdir(), 'kubeward-audit-test-'));
});

afterEach(async () => {
  await server.close();
  rmSync(cwd, { recursive: true, force: true });
});

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

async function audit(opts: Record<string, unknown>, io: Partial<CliIo> = {}): Promise<Outcome> {
  let stdout = '';
  let stderr = '';
  const code = await runAudit(
    { format: 'stylish', kubeconfig, ...opts },
    {
      stdout: (t) => {
        stdout += t;
      },
      stderr: (t) => {
        stderr += t;
      },
      readStdin: async () => [],
      stdinIsTTY: true,
      stdoutIsTTY: false,
      stderrIsTTY: false,
      cwd,
      env: {},
      ...io,
    },
  );
  return { code, stdout, stderr };
}

async function auditJson(opts: Record<string, unknown> = {}): Promise<LintResult & { code: number; stderr: string }> {
  const out = await audit({ ...opts, format: 'json' });
  return { ...(JSON.parse(out.stdout) as LintResult), code: out.code, stderr: out.stderr };
}

function findingsFor(result: LintResult, name: string): Finding[] {
  return result.findings.filter((f) => f.object?.name === name);
}

describe('kubeward audit: findings and attribution', () => {
  it('attributes findings to cluster:<context>/<namespace>/<kind>/<name> at line 0', async () => {
    const result = await auditJson();
    const f = findingsFor(result, 'fire-besteffort');
    expect(f.length).toBeGreaterThan(0);
    for (const finding of f) {
      expect(finding).toMatchObject({
        file: 'cluster:prod/batch/CronJob/fire-besteffort',
        line: 0,
        column: 0,
        object: { apiVersion: 'batch/v1', kind: 'CronJob', namespace: 'batch', name: 'fire-besteffort' },
      });
    }
    expect(findingsFor(result, 'dont-fire-sized')).toEqual([]);
    expect(result.summary.objects).toBe(7);
  });

  it('reports containers without requests under a defaulting LimitRange with that context', async () => {
    const result = await auditJson();
    const missing = findingsFor(result, 'fire-relies-on-limitrange').find(
      (f) => f.ruleId === 'resources-missing-requests',
    );
    expect(missing?.severity).toBe('info');
    expect(missing?.message).toContain('relies on LimitRange container-defaults (cpu 100m, memory 256Mi)');
    // The pod's QoS class is stated by resources-qos-class alone.
    expect(missing?.message).not.toMatch(/BestEffort|Burstable|Guaranteed/);
    // Without a LimitRange the pod is BestEffort: one finding, by resources-qos-class, stands for the missing requests.
    const bestEffort = findingsFor(result, 'fire-besteffort');
    expect(bestEffort.some((f) => f.ruleId === 'resources-missing-requests')).toBe(false);
    const qos = bestEffort.find((f) => f.ruleId === 'resources-qos-class');
    expect(qos?.severity).toBe('warning');
    expect(qos?.alsoReportedBy).toEqual(['resources-missing-requests']);
  });

  it('does not call a pod BestEffort when a LimitRange gives its containers requests', async () => {
    const result = await auditJson();
    const qos = findingsFor(result, 'fire-relies-on-limitrange').filter((f) => f.ruleId === 'resources-qos-class');
    expect(qos.map((f) => f.message).join('\n')).not.toContain('BestEffort');
  });

  it('audits one namespace with -n, cluster-scoped objects only as context', async () => {
    const result = await auditJson({ namespace: 'batch' });
    expect(new Set(result.findings.map((f) => f.object?.namespace))).toEqual(new Set(['batch']));
    expect(result.summary.objects).toBe(1);
    const paths = server.requests.filter((r) => r.resource === 'deployments').map((r) => r.path);
    expect(paths).toEqual(['/apis/apps/v1/namespaces/batch/deployments']);
    expect(server.requests.some((r) => r.path === '/apis/networking.k8s.io/v1/ingressclasses')).toBe(true);
  });

  it('uses --context for the attribution', async () => {
    const result = await auditJson({ context: 'staging' });
    expect(result.findings[0]?.file.startsWith('cluster:staging/')).toBe(true);
  });

  it('applies the config file like lint does', async () => {
    writeFileSync(join(cwd, '.kubeward.yaml'), 'exclude:\n  namespaces: [batch]\n');
    const result = await auditJson();
    expect(result.findings.some((f) => f.object?.namespace === 'batch')).toBe(false);
  });
});

describe('kubeward audit: exit codes, formats, output', () => {
  it('exits 0 with warnings only, 1 with --fail-on warning, like lint', async () => {
    expect((await audit({})).code).toBe(0);
    expect((await audit({ failOn: 'warning' })).code).toBe(1);
    expect((await audit({ failOn: 'never' })).code).toBe(0);
  });

  it('writes stylish grouped by object', async () => {
    const { stdout } = await audit({});
    expect(stdout).toContain('cluster:prod/batch/CronJob/fire-besteffort\n');
    expect(stdout).toMatch(/✖ \d+ problems/);
  });

  it('writes --output to a file', async () => {
    const out = await audit({ format: 'sarif', output: 'report.sarif' });
    expect(out.stdout).toBe('');
    const log = JSON.parse(readFileSync(join(cwd, 'report.sarif'), 'utf8')) as { version: string };
    expect(log.version).toBe('2.1.0');
  });

  it('gives every format a usable position for line 0 (SARIF startLine >= 1, GitHub line=1)', () => {
    const result = auditObjects(fixtureObjects('shop.yaml') as K8sObject[], { context: 'prod', rules: allRules });
    expect(result.findings.length).toBeGreaterThan(0);
    const ctx = { rules: allRules, cwd, color: false, toolName: 'kubeward', toolVersion: '0.1.0' };
    const sarif = buildSarif(result, ctx);
    for (const r of sarif.runs[0].results) {
      const region = r.locations[0]?.physicalLocation?.region;
      expect(region?.startLine).toBeGreaterThanOrEqual(1);
      expect(region?.startColumn).toBeGreaterThanOrEqual(1);
      expect(r.locations[0]?.logicalLocations?.[0]?.kind).toBe('resource');
    }
    expect(formatGithub(result, ctx)).toMatch(/file=cluster%3Aprod\/batch\/CronJob\/fire-besteffort,line=1,col=1/);
    expect(formatJunit(result, ctx)).toContain('cluster:prod/batch/CronJob/fire-besteffort');
    expect(formatStylish(result, ctx)).toContain('0:0');
  });
});

describe('kubeward audit: cluster trouble', () => {
  it('fails with exit code 2 for a forbidden kind, naming it (partial data is not a passing audit)', async () => {
    server.fail('cronjobs', 403);
    const err = await audit({}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KubewardError);
    expect((err as KubewardError).message).toMatch(
      /^the audit of context prod is incomplete: 1 of 14 kinds could not be listed, so nothing is reported:\n {2}- cronjobs\.batch in all namespaces: HTTP 403/,
    );
    expect((err as KubewardError).hint).toContain('--allow-partial');
  });

  it('with allowPartial, warns on stderr about a forbidden kind and reports the rest', async () => {
    server.fail('cronjobs', 403);
    const result = await auditJson({ allowPartial: true });
    expect(result.stderr).toMatch(/^kubeward: warning: cannot list cronjobs\.batch in all namespaces: HTTP 403/);
    expect(result.findings.some((f) => f.object?.kind === 'CronJob')).toBe(false);
    expect(result.findings.some((f) => f.object?.kind === 'Deployment')).toBe(true);
    expect(result.code).toBe(0);
  });

  it('does not mention a missing VPA CRD', async () => {
    server.unregister('verticalpodautoscalers');
    const { stderr, code } = await audit({});
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('fails with exit code 2 when the API server cannot be reached', async () => {
    await server.makeUnavailable();
    const err = await audit({}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KubewardError);
    expect((err as KubewardError).exitCode).toBe(2);
    expect((err as KubewardError).message).toContain(`cannot reach the API server ${server.url} (context prod)`);
  });

  it('fails with one error when the API server refuses the credentials (401 on every kind)', async () => {
    const err = await audit({ kubeconfig: server.writeKubeconfig({ context: 'prod', token: 'stale' }) }).catch(
      (e: unknown) => e,
    );
    expect((err as KubewardError).message).toBe(
      `the API server ${server.url} does not accept the credentials of context prod (HTTP 401 Unauthorized: Unauthorized).`,
    );
  });

  it('fails with a usage error for an unknown context', async () => {
    const err = await audit({ context: 'nope' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'USAGE' });
  });

  it('rejects a bad --chunk-size', async () => {
    const err = await audit({ chunkSize: 'lots' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'USAGE' });
  });

  it('pages with --chunk-size', async () => {
    await audit({ chunkSize: '1' });
    const deployments = server.requests.filter((r) => r.resource === 'deployments');
    expect(deployments.map((r) => r.query.limit)).toEqual(['1', '1']);
  });
});

describe('kubeward audit: progress', () => {
  it('shows progress on stderr when it is a terminal, and clears it', async () => {
    const { stderr } = await audit({}, { stderrIsTTY: true });
    expect(stderr).toContain('\r\x1b[2Klisting prod: 1/14 kinds');
    expect(stderr).toContain('14/14 kinds, 7 objects');
    expect(stderr.endsWith('\r\x1b[2K')).toBe(true);
  });

  it('writes no progress when stderr is not a terminal', async () => {
    const { stderr } = await audit({});
    expect(stderr).toBe('');
  });
});

describe('auditObjects and clusterSourceName', () => {
  it('names cluster-scoped objects without a namespace', () => {
    const cls: K8sObject = { apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'nginx' } };
    expect(clusterSourceName('prod', cls)).toBe('cluster:prod/IngressClass/nginx');
  });

  it('lists every audited object as checked (JUnit passing cases)', () => {
    const result = auditObjects(fixtureObjects('shop.yaml') as K8sObject[], {
      context: 'prod',
      rules: allRules,
      namespace: 'shop',
    });
    expect(result.checked?.map((c) => c.file)).toContain('cluster:prod/shop/Deployment/dont-fire-sized');
    expect(result.checked?.some((c) => c.file.includes('IngressClass'))).toBe(false);
  });
});

describe('auditObjects: rules that run on manifests only', () => {
  const deployment: K8sObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop' },
    // Every stored Deployment has spec.replicas: the API server defaults it and the HPA writes it.
    spec: {
      replicas: 4,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            {
              name: 'web',
              image: 'web:1',
              resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { memory: '64Mi' } },
            },
          ],
        },
      },
    },
  };
  const hpa: K8sObject = {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'web', namespace: 'shop' },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      minReplicas: 2,
      maxReplicas: 8,
    },
  };

  it('does not report spec.replicas of an HPA-managed workload read from the cluster, as lint does for a manifest', async () => {
    const { lintObjects } = await import('../../src/index.js');
    const linted = await lintObjects([deployment, hpa]);
    expect(linted.findings.map((f) => f.ruleId)).toContain('hpa-managed-replicas');
    const audited = auditObjects([deployment, hpa], { context: 'prod', rules: allRules });
    expect(audited.findings.map((f) => f.ruleId)).not.toContain('hpa-managed-replicas');
  });
});

describe('auditObjects: objects a listed controller created', () => {
  const besteffort = (kind: string, name: string, owner?: { kind: string; name: string }): K8sObject => ({
    apiVersion: 'apps/v1',
    kind,
    metadata: {
      name,
      namespace: 'shop',
      ...(owner
        ? { ownerReferences: [{ apiVersion: 'apps/v1', ...owner, uid: `${owner.name}-uid`, controller: true }] }
        : {}),
    },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image: 'app:1' }] } },
    },
  });

  it("reports a Deployment once, not again on each ReplicaSet revision it keeps; an unlisted owner's ReplicaSet is reported", () => {
    const objects = [
      besteffort('Deployment', 'web'),
      besteffort('ReplicaSet', 'web-5d4f8', { kind: 'Deployment', name: 'web' }),
      besteffort('ReplicaSet', 'web-7c9b2', { kind: 'Deployment', name: 'web' }),
      besteffort('ReplicaSet', 'canary-6f7d9', { kind: 'Rollout', name: 'canary' }),
      besteffort('ReplicaSet', 'standalone'),
    ];
    const result = auditObjects(objects, { context: 'prod', rules: allRules });
    const flagged = new Set(
      result.findings.filter((f) => f.ruleId === 'resources-qos-class').map((f) => f.object?.name),
    );
    expect(flagged).toEqual(new Set(['web', 'canary-6f7d9', 'standalone']));
    expect(result.summary.objects).toBe(3);
  });
});
