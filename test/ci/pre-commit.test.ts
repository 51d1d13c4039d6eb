/**
 * .pre-commit-hooks.yaml: the hooks' fields, their file patterns (pre-commit matches them with Python's re.search,
 * which reads these patterns as JavaScript does), and a real `pre-commit run` of both hooks from a local hook
 * repository when pre-commit is installed (Debian: apt-get install pre-commit).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { load } from 'js-yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { CORPUS, ROOT } from '../helpers/cli.js';
import { helmBinary } from '../helpers/helm.js';
import { removeScratch, scratch } from './action-runner.js';

afterAll(removeScratch);

interface Hook {
  id: string;
  name: string;
  description: string;
  entry: string;
  language: string;
  files: string;
  exclude?: string;
  pass_filenames: boolean;
}

const hooks = load(readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];
const hook = (id: string): Hook => {
  const found = hooks.find((h) => h.id === id);
  if (!found) throw new Error(`no hook ${id}`);
  return found;
};
/** Whether pre-commit would pass `file` to the hook. */
const selects = (h: Hook, file: string): boolean =>
  new RegExp(h.files).test(file) && !(h.exclude !== undefined && new RegExp(h.exclude).test(file));

describe('.pre-commit-hooks.yaml', () => {
  it('defines the manifest hook and the chart hook, both running kubeward lint', () => {
    expect(hooks.map((h) => h.id)).toEqual(['kubeward', 'kubeward-chart']);
    for (const h of hooks) {
      expect(h.language, h.id).toBe('system');
      expect(h.entry.startsWith('kubeward lint'), h.id).toBe(true);
      expect(h.description.length, h.id).toBeGreaterThan(20);
    }
    expect(hook('kubeward')).toMatchObject({
      entry: 'kubeward lint --skip-non-manifests',
      files: '\\.(ya?ml)$',
      pass_filenames: true,
    });
    expect(hook('kubeward-chart')).toMatchObject({ entry: 'kubeward lint --chart', pass_filenames: false });
  });

  it('passes manifests to the manifest hook, and not YAML that holds no Kubernetes object', () => {
    const h = hook('kubeward');
    for (const file of ['k8s/app.yaml', 'deploy/kubeward.yaml', 'a.yml', 'manifests/values-service.yaml.bak.yaml']) {
      expect(selects(h, file), file).toBe(file !== 'manifests/values-service.yaml.bak.yaml');
    }
    for (const file of [
      '.github/workflows/ci.yml',
      '.gitlab-ci.yml',
      '.pre-commit-config.yaml',
      '.kubeward.yaml',
      'charts/shop/Chart.yaml',
      'charts/shop/values.yaml',
      'charts/shop/values-prod.yaml',
      'charts/shop/templates/deployment.yaml',
      'overlays/prod/kustomization.yaml',
      'docker-compose.yml',
      'README.md',
    ]) {
      expect(selects(h, file), file).toBe(false);
    }
  });

  it('runs the chart hook when a file of a chart changes', () => {
    const h = hook('kubeward-chart');
    for (const file of [
      'charts/shop/Chart.yaml',
      'charts/shop/Chart.lock',
      'charts/shop/values.yaml',
      'charts/shop/values.schema.json',
      'charts/shop/templates/_helpers.tpl',
      'charts/shop/templates/NOTES.txt',
    ]) {
      expect(selects(h, file), file).toBe(true);
    }
    expect(selects(h, 'src/index.ts')).toBe(false);
  });
});

describe('pre-commit run with these hooks', () => {
  const preCommit = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
  const helm = helmBinary();

  it('lints the staged manifests and the chart, and skips workflow files and chart templates', (ctx) => {
    if (preCommit.status !== 0) return ctx.skip('pre-commit is not installed (apt-get install pre-commit)');
    if (!('path' in helm)) return ctx.skip(`helm unavailable: ${helm.unavailable}`);
    const git = (cwd: string, ...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd, stdio: 'pipe' });

    // The hook repository: this checkout's .pre-commit-hooks.yaml, committed (pre-commit clones a rev).
    const hookRepo = scratch();
    git(hookRepo, 'init', '-q');
    copyFileSync(join(ROOT, '.pre-commit-hooks.yaml'), join(hookRepo, '.pre-commit-hooks.yaml'));
    git(hookRepo, 'add', '.');
    git(hookRepo, 'commit', '-q', '-m', 'hooks');
    const rev = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: hookRepo, encoding: 'utf8' }).trim();

    // A project: a manifest with an error (k8s-website-examples has one), a workflow file, and a chart whose templates are not plain YAML.
    const project = scratch();
    git(project, 'init', '-q');
    mkdirSync(join(project, 'k8s'));
    copyFileSync(join(CORPUS, 'k8s-website-examples.yaml'), join(project, 'k8s', 'examples.yaml'));
    mkdirSync(join(project, '.github', 'workflows'), { recursive: true });
    writeFileSync(join(project, '.github', 'workflows', 'ci.yml'), 'name: ci\non: push\njobs: {}\n');
    cpSync(join(ROOT, 'examples', 'shop'), join(project, 'charts', 'shop'), { recursive: true });

    // The kubeward of this checkout and helm on PATH, as `npm install -g` and a helm install would put them.
    const bin = scratch();
    writeFileSync(
      join(bin, 'kubeward'),
      `#!/bin/sh\nexec "${process.execPath}" "${join(ROOT, 'bin', 'kubeward.cjs')}" "$@"\n`,
    );
    chmodSync(join(bin, 'kubeward'), 0o755);
    const env = {
      ...process.env,
      PATH: `${bin}${delimiter}${dirname(helm.path)}${delimiter}${process.env.PATH ?? ''}`,
      PRE_COMMIT_HOME: join(scratch(), 'cache'),
      NO_COLOR: '1',
    };
    const run = (config: string) => {
      writeFileSync(join(project, '.pre-commit-config.yaml'), config);
      git(project, 'add', '-A');
      return spawnSync('pre-commit', ['run', '--all-files', '--color', 'never'], {
        cwd: project,
        env,
        encoding: 'utf8',
        timeout: 120_000,
      });
    };
    const config = (args: { manifests: string[]; chart: string[] }) =>
      `repos:\n  - repo: ${hookRepo}\n    rev: ${rev}\n    hooks:\n` +
      `      - id: kubeward\n        args: ${JSON.stringify(args.manifests)}\n` +
      `      - id: kubeward-chart\n        args: ${JSON.stringify(args.chart)}\n`;

    const failing = run(config({ manifests: ['--no-helm-source'], chart: ['charts/shop'] }));
    const out = `${failing.stdout}${failing.stderr}`;
    expect(failing.status, out).toBe(1);
    expect(out).toMatch(/kubeward lint\.+Failed/);
    expect(out).toMatch(/kubeward lint --chart\.+Failed/);
    expect(out).toContain('k8s/examples.yaml');
    expect(out).toContain('charts/shop/templates/');
    expect(out).not.toContain('ci.yml');
    expect(out).not.toContain('input-');

    // With --fail-on never both pass: nothing but the manifest was handed to the manifest hook (a workflow file or a
    // template would have been an input error, exit 2, whatever --fail-on says).
    const passing = run(
      config({ manifests: ['--no-helm-source', '--fail-on', 'never'], chart: ['charts/shop', '--fail-on', 'never'] }),
    );
    expect(passing.status, `${passing.stdout}${passing.stderr}`).toBe(0);
    expect(passing.stdout).toMatch(/kubeward lint\.+Passed/);
    expect(passing.stdout).toMatch(/kubeward lint --chart\.+Passed/);
  });
});
