import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { scratchDir } from '../helpers/scratch.js';

const bestEffort = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: worker
  namespace: shop
spec:
  replicas: 2
  selector:
    matchLabels: {app: worker}
  template:
    metadata:
      labels: {app: worker}
    spec:
      containers:
        - name: worker
          image: ghcr.io/example/worker:1.0
`;
const guaranteed = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
        - name: api
          image: ghcr.io/example/api:1.0
          resources:
            limits: {cpu: 500m, memory: 256Mi}
`;

function tmp(files: Record<string, string>): string {
  const dir = scratchDir('cli');
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

describe('kubeward lint', () => {
  it('takes failOn: never in the config file, as the --fail-on flag does', async () => {
    const dir = tmp({ '.kubeward.yaml': 'failOn: never\n', 'app.yaml': bestEffort });
    const strict = await runCli(['lint', 'app.yaml', '--fail-on', 'warning'], { cwd: dir });
    expect(strict.code).toBe(1);
    expect((await runCli(['lint', 'app.yaml'], { cwd: dir })).code).toBe(0);
    const bad = tmp({ '.kubeward.yaml': 'failOn: sometimes\n', 'app.yaml': bestEffort });
    const r = await runCli(['lint', 'app.yaml'], { cwd: bad });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"never"');
  });

  it('reports findings with file and line and exits 1 when one is at or above --fail-on', async () => {
    const cwd = tmp({ 'worker.yaml': bestEffort });
    const r = await runCli(['lint', 'worker.yaml', '--fail-on', 'warning'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('worker.yaml');
    expect(r.stdout).toMatch(/15:11\s+warning\s+.*resources-qos-class/);
  });

  it('exits 0 when nothing reaches --fail-on, and with --fail-on never', async () => {
    const cwd = tmp({ 'api.yaml': guaranteed, 'worker.yaml': bestEffort });
    expect((await runCli(['lint', 'api.yaml', '--fail-on', 'info'], { cwd })).code).toBe(0);
    expect((await runCli(['lint', '.', '--fail-on', 'never'], { cwd })).code).toBe(0);
  });

  it('accepts absolute paths', async () => {
    const cwd = tmp({ 'worker.yaml': bestEffort });
    const r = await runCli(['lint', join(cwd, 'worker.yaml'), '--format', 'json', '--fail-on', 'never']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).summary.objects).toBe(1);
  });

  it('reads standard input with -, named by --stdin-filename', async () => {
    const r = await runCli(['lint', '-', '--format', 'json', '--stdin-filename', 'rendered.yaml'], {
      stdin: bestEffort,
    });
    const json = JSON.parse(r.stdout);
    expect(json.findings.length).toBeGreaterThan(0);
    for (const f of json.findings) expect(f.file).toBe('rendered.yaml');
  });

  it('writes the documented JSON shape', async () => {
    const r = await runCli(['lint', '-', '--format', 'json'], { stdin: bestEffort });
    const json = JSON.parse(r.stdout);
    const f = json.findings.find((x: { ruleId: string }) => x.ruleId === 'resources-qos-class');
    expect(Object.keys(f).sort()).toEqual([
      'alsoReportedBy',
      'column',
      'family',
      'file',
      'line',
      'message',
      'messageId',
      'object',
      'path',
      'ruleId',
      'severity',
    ]);
    expect(f).toMatchObject({
      family: 'resources',
      severity: 'warning',
      messageId: 'bestEffort',
      object: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'worker' },
      file: '<stdin>',
      path: 'spec.template.spec.containers[0].resources',
      alsoReportedBy: ['resources-missing-requests'],
      line: 15,
      column: 11,
    });
    expect(json.summary).toMatchObject({ files: 1, objects: 1, suppressed: 0, inputErrors: 0 });
  });

  it('recurses into directories for .yaml, .yml and .json files only, in a stable order', async () => {
    const cwd = tmp({
      'k8s/b/worker.yml': bestEffort,
      'k8s/a/api.yaml': guaranteed,
      'k8s/pod.json': JSON.stringify({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'p' },
        spec: { containers: [{ name: 'c', image: 'i' }] },
      }),
      'k8s/notes.txt': 'not yaml: [',
      'k8s/node_modules/x.yaml': 'broken: [',
    });
    const r = await runCli(['lint', 'k8s', '--format', 'json', '--fail-on', 'never'], { cwd });
    const json = JSON.parse(r.stdout);
    expect(json.summary.files).toBe(3);
    expect(json.summary.objects).toBe(3);
    const files = json.findings.map((f: { file: string }) => f.file);
    expect(files).toEqual([...files].sort());
    expect(new Set(files)).toEqual(new Set(['k8s/b/worker.yml', 'k8s/pod.json']));
  });

  it('reports invalid YAML with file and line, exits 2, and still reports the other files', async () => {
    const cwd = tmp({ 'bad.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: [oops\n', 'worker.yaml': bestEffort });
    const r = await runCli(['lint', 'bad.yaml', 'worker.yaml', '--format', 'json'], { cwd });
    expect(r.code).toBe(2);
    const json = JSON.parse(r.stdout);
    expect(json.findings[0]).toMatchObject({
      ruleId: 'input-invalid-yaml',
      file: 'bad.yaml',
      family: 'input',
      severity: 'error',
    });
    expect(json.findings[0].line).toBeGreaterThanOrEqual(4);
    expect(json.findings.some((f: { file: string }) => f.file === 'worker.yaml')).toBe(true);
  });

  it('is an error (exit 2) to name a missing file, an unknown format, or no input on a terminal', async () => {
    const missing = await runCli(['lint', 'nope.yaml']);
    expect(missing.code).toBe(2);
    expect(missing.stdout).toMatch(/nope\.yaml\n {2}1:1 {2}error {2}input-not-found\n {7}no such file or directory/);
    expect((await runCli(['lint', '-', '--format', 'xml'], { stdin: '' })).code).toBe(2);
    const none = await runCli(['lint']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no input/);
  });

  it('output is deterministic', async () => {
    const input = `${bestEffort}---\n${guaranteed}---\n${bestEffort.replace('name: worker\n', 'name: worker-2\n')}`;
    const a = await runCli(['lint', '-', '--format', 'json'], { stdin: input });
    const b = await runCli(['lint', '-', '--format', 'json'], { stdin: input });
    expect(a.stdout).toBe(b.stdout);
  });

  it('honours a .kubeward.yaml found by walking up, and --config', async () => {
    const cwd = tmp({
      '.kubeward.yaml':
        'rules:\n  resources-missing-requests: off\n  resources-qos-class: off\n  resources-missing-memory-limit: off\n',
      'deep/er/worker.yaml': bestEffort,
      'strict.yaml': 'failOn: info\n',
    });
    const inner = join(cwd, 'deep', 'er');
    const quiet = await runCli(['lint', 'worker.yaml', '--format', 'json'], { cwd: inner });
    expect(JSON.parse(quiet.stdout).findings).toEqual([]);
    const explicit = await runCli(['lint', 'worker.yaml', '--config', '../../strict.yaml'], { cwd: inner });
    expect(explicit.code).toBe(1);
  });

  it('an invalid config is a clear error with file, line and the bad key (exit 2)', async () => {
    const cwd = tmp({
      '.kubeward.yaml': 'rules:\n  resources-qos-class:\n    severity: fatal\n',
      'w.yaml': bestEffort,
    });
    const r = await runCli(['lint', 'w.yaml'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\.kubeward\.yaml:3/);
    expect(r.stderr).toContain('rules.resources-qos-class.severity');
  });

  it('counts findings suppressed by annotation in the summary, with the reason', async () => {
    const annotated = bestEffort.replace(
      '  namespace: shop\n',
      '  namespace: shop\n  annotations:\n    ignore-check.kubeward.io/resources-missing-requests: "batch worker, sized by the queue"\n',
    );
    const r = await runCli(['lint', '-', '--format', 'json', '--fail-on', 'never'], { stdin: annotated });
    const json = JSON.parse(r.stdout);
    expect(json.findings.some((f: { ruleId: string }) => f.ruleId === 'resources-missing-requests')).toBe(false);
    expect(json.summary.suppressed).toBeGreaterThan(0);
    expect(json.suppressed[0]).toMatchObject({
      ruleId: 'resources-missing-requests',
      suppressed: { by: 'annotation', reason: 'batch worker, sized by the queue' },
    });
    const text = await runCli(['lint', '-', '--fail-on', 'never'], { stdin: annotated });
    expect(text.stdout).toMatch(/suppressed/);
  });
});

// A Deployment whose HPA may scale it to 1 pod while its budget requires 1 available: one problem, stated by
// hpa-min-replicas-blocks-drain (at the HPA's minReplicas) and pdb-hpa-min-replicas (at the budget's minAvailable).
const drainBlocked = `apiVersion: apps/v1
kind: Deployment
metadata: {name: notifications, namespace: messaging}
spec:
  selector: {matchLabels: {app: notifications}}
  template:
    metadata: {labels: {app: notifications}}
    spec:
      containers:
        - {name: app, image: registry.example.com/messaging/notifications:1.8.0, resources: {requests: {cpu: 100m, memory: 128Mi}, limits: {memory: 128Mi}}}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: notifications, namespace: messaging}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: notifications}
  minReplicas: 1
  maxReplicas: 6
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: notifications, namespace: messaging}
spec:
  selector: {matchLabels: {app: notifications}}
  minAvailable: 1
`;

// An ingress-nginx controller with no resources: BestEffort, stated by resources-qos-class and by the specialized
// controller-resources.
const bestEffortController = `apiVersion: apps/v1
kind: Deployment
metadata: {name: ingress-nginx-controller, namespace: ingress-nginx}
spec:
  replicas: 2
  selector: {matchLabels: {app: ingress-nginx}}
  template:
    metadata: {labels: {app: ingress-nginx}}
    spec:
      containers:
        - {name: controller, image: registry.k8s.io/ingress-nginx/controller:v1.12.1}
`;

interface JsonFinding {
  ruleId: string;
  line: number;
  object: { kind: string; name: string };
  related?: { object: { kind: string; name: string }; line?: number; path: string }[];
  alsoReportedBy?: string[];
}

async function lintJson(yaml: string, dir?: string): Promise<JsonFinding[]> {
  const r = await runCli(['lint', '-', '--format', 'json', '--fail-on', 'never'], {
    stdin: yaml,
    ...(dir !== undefined ? { cwd: dir } : {}),
  });
  expect(r.code, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as { findings: JsonFinding[] }).findings;
}

describe('kubeward lint: each problem once', () => {
  const DRAIN_RULES = ['hpa-min-replicas-blocks-drain', 'pdb-hpa-min-replicas'];

  it('reports a budget that blocks drains at minReplicas once, at the HPA, with the budget related and the other rule named', async () => {
    const findings = (await lintJson(drainBlocked)).filter((f) => DRAIN_RULES.includes(f.ruleId));
    expect(findings.map((f) => `${f.ruleId} ${f.object.kind}/${f.object.name}:${f.line}`)).toEqual([
      'hpa-min-replicas-blocks-drain HorizontalPodAutoscaler/notifications:17',
    ]);
    expect(findings[0]?.alsoReportedBy).toEqual(['pdb-hpa-min-replicas']);
    expect(findings[0]?.related).toMatchObject([
      { object: { kind: 'PodDisruptionBudget', name: 'notifications' }, line: 25, path: 'spec.minAvailable' },
    ]);
  });

  it('reports both sides, each relating the other, with eachProblemOnce: false', async () => {
    const dir = tmp({ '.kubeward.yaml': 'eachProblemOnce: false\n' });
    const findings = (await lintJson(drainBlocked, dir)).filter((f) => DRAIN_RULES.includes(f.ruleId));
    expect(
      findings.map((f) => `${f.ruleId}:${f.line} -> ${(f.related ?? []).map((r) => `${r.object.kind}:${r.line}`)}`),
    ).toEqual([
      'hpa-min-replicas-blocks-drain:17 -> PodDisruptionBudget:25',
      'pdb-hpa-min-replicas:25 -> HorizontalPodAutoscaler:17',
    ]);
    expect(findings.every((f) => f.alsoReportedBy === undefined)).toBe(true);
  });

  it("reports a BestEffort ingress controller's QoS class once, by controller-resources, naming resources-qos-class", async () => {
    const findings = await lintJson(bestEffortController);
    const qos = findings.filter((f) => f.ruleId === 'controller-resources' || f.ruleId === 'resources-qos-class');
    expect(qos.map((f) => f.ruleId)).toEqual(['controller-resources']);
    // It stands for resources-qos-class's finding and, through it, for each container's missing requests.
    expect(qos[0]?.alsoReportedBy).toEqual(['resources-qos-class', 'resources-missing-requests']);
    expect(findings.some((f) => f.ruleId === 'resources-missing-requests')).toBe(false);
    expect(qos[0]?.related).toBeUndefined();
  });
});

describe('kubeward rules', () => {
  it('--format markdown prints the rules index page, as --out writes it to README.md', async () => {
    const md = await runCli(['rules', '--format', 'markdown']);
    expect(md.code).toBe(0);
    const dir = scratchDir('docs');
    expect((await runCli(['rules', '--format', 'markdown', '--out', dir])).code).toBe(0);
    expect(md.stdout).toBe(readFileSync(join(dir, 'README.md'), 'utf8'));
    expect(md.stdout).toMatch(/^#/);
  });

  it('lists every rule and explains one', async () => {
    const list = await runCli(['rules']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^resources-missing-requests\s+resources\s+warning/m);
    const one = await runCli(['rules', 'resources-qos-class']);
    expect(one.stdout).toContain('## Why it matters');
    const typo = await runCli(['rules', 'resources-qos-clas']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('did you mean resources-qos-class');
  });
});
