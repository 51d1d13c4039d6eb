/**
 * The npm package: `npm pack` of this checkout (the dist/ that `npm test` built; scripts off, so nothing is built
 * twice) installs into an empty project, and `npx kubeward lint` works there as it does from the checkout. The
 * action's `package` input installs the same tarball. Dependencies come from the npm cache when they are in it
 * (--prefer-offline), else from the registry.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERSION } from '../../src/version.js';
import { CORPUS, ROOT, spawnCli } from '../helpers/cli.js';
import { removeScratch, runAction, scratch } from './action-runner.js';

afterAll(removeScratch);

const NPM_ENV = {
  ...process.env,
  npm_config_prefer_offline: 'true',
  npm_config_audit: 'false',
  npm_config_fund: 'false',
  npm_config_update_notifier: 'false',
  NO_COLOR: '1',
};

function npm(args: string[], cwd: string) {
  const r = spawnSync('npm', args, { cwd, env: NPM_ENV, encoding: 'utf8', timeout: 240_000 });
  if (r.status !== 0) throw new Error(`npm ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

interface PackResult {
  filename: string;
  files: { path: string }[];
}

let tarball = '';
let files: string[] = [];
let project = '';

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist', 'bundle', 'lint.cjs'))) throw new Error('dist/ is not built: run npm run build');
  const out = scratch();
  const [packed] = JSON.parse(
    npm(['pack', '--ignore-scripts', '--json', '--pack-destination', out], ROOT),
  ) as PackResult[];
  if (!packed) throw new Error('npm pack wrote no tarball');
  tarball = join(out, packed.filename);
  files = packed.files.map((f) => f.path);
  project = scratch();
  writeFileSync(join(project, 'package.json'), '{ "name": "empty-project", "version": "1.0.0", "private": true }\n');
  npm(['install', tarball], project);
}, 300_000);

/** `npx kubeward …` in the project, from its node_modules/.bin (never downloaded: --no). */
function npx(args: string[], cwd = project) {
  return spawnSync('npx', ['--no', '--', 'kubeward', ...args], {
    cwd,
    env: NPM_ENV,
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('npm pack', () => {
  it('holds what the bin needs, the licence and the readme, and no sources or tests', () => {
    for (const path of [
      'package.json',
      'LICENSE',
      'README.md',
      'bin/kubeward.cjs',
      'dist/bundle/cli.cjs',
      'dist/bundle/lint.cjs',
      'dist/bundle/lint-worker.cjs',
      'dist/bundle/version.cjs',
      'dist/index.js',
      'dist/index.d.ts',
      'schema/kubeward-config.schema.json',
    ]) {
      expect(files, path).toContain(path);
    }
    expect(files.filter((f) => /^(src|test|node_modules|scripts)\//.test(f))).toEqual([]);
    expect(readFileSync(join(ROOT, 'LICENSE'), 'utf8')).toMatch(/^\s*Apache License\s+Version 2\.0, January 2004/);
    expect((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { license: string }).license).toBe(
      'Apache-2.0',
    );
  });
});

describe('installed into an empty project', () => {
  it('npx kubeward lint gives the report and exit code of the checkout', () => {
    copyFileSync(join(CORPUS, 'vpa-hpa-examples.yaml'), join(project, 'app.yaml'));
    const installed = npx(['lint', 'app.yaml']);
    const checkout = spawnCli(['lint', 'app.yaml'], { cwd: project });
    expect(installed.stderr).toBe('');
    expect(installed.status).toBe(checkout.code);
    expect(installed.status).toBe(1);
    expect(installed.stdout).toBe(checkout.stdout);
    expect(installed.stdout).toContain('problems');
  });

  it('knows its version, and validates a config against the packaged JSON Schema', () => {
    expect(npx(['--version']).stdout.trim()).toBe(VERSION);
    const dir = join(project, 'with-config');
    mkdirSync(dir, { recursive: true });
    copyFileSync(join(CORPUS, 'vpa-hpa-examples.yaml'), join(dir, 'app.yaml'));
    writeFileSync(join(dir, '.kubeward.yaml'), 'failOn: never\nrulez: {}\n');
    const bad = npx(['lint', 'app.yaml'], dir);
    expect(bad.status).toBe(2);
    expect(`${bad.stdout}${bad.stderr}`).toContain('rulez');
    writeFileSync(join(dir, '.kubeward.yaml'), 'failOn: never\n');
    expect(npx(['lint', 'app.yaml'], dir).status).toBe(0);
  });

  it('is what the example GitLab job installs: its before_script and script run in bash with the tarball', () => {
    const jobs = load(readFileSync(join(ROOT, 'deploy', 'ci-examples', 'gitlab-ci.yml'), 'utf8')) as Record<
      string,
      {
        variables: Record<string, string>;
        before_script: string[];
        script: string[];
        artifacts: { reports: { codequality: string } };
      }
    >;
    const job = jobs.kubeward;
    if (!job) throw new Error('no kubeward job');
    const ws = scratch();
    mkdirSync(join(ws, 'k8s'));
    copyFileSync(join(CORPUS, 'vpa-hpa-examples.yaml'), join(ws, 'k8s', 'app.yaml'));
    const home = scratch();
    // GitLab runs before_script and script in one shell with errexit, the job's variables in the environment;
    // PATH has no kubeward of its own, so the one the job installs is the one that runs.
    const r = spawnSync(
      'bash',
      ['--norc', '--noprofile', '-eo', 'pipefail', '-c', [...job.before_script, ...job.script].join('\n')],
      {
        cwd: ws,
        encoding: 'utf8',
        timeout: 240_000,
        env: {
          ...NPM_ENV,
          ...job.variables,
          KUBEWARD_PACKAGE: tarball,
          KUBEWARD_PATHS: 'k8s/ --no-helm-source',
          HOME: home,
          PATH: [join(process.execPath, '..'), '/usr/bin', '/bin'].join(delimiter),
        },
      },
    );
    const checkout = spawnCli(['lint', 'k8s/', '--no-helm-source', '--format', 'json'], { cwd: ws });
    expect(r.status, r.stderr).toBe(checkout.code);
    expect(existsSync(join(home, '.kubeward', 'node_modules', 'kubeward', 'bin', 'kubeward.cjs'))).toBe(true);
    const report = JSON.parse(readFileSync(join(ws, job.artifacts.reports.codequality), 'utf8')) as unknown[];
    expect(report).toHaveLength((JSON.parse(checkout.stdout) as { findings: unknown[] }).findings.length);
  });

  it('is what the action installs from its package input, into RUNNER_TEMP', () => {
    const ws = scratch();
    copyFileSync(join(CORPUS, 'vpa-hpa-examples.yaml'), join(ws, 'app.yaml'));
    const r = runAction(ws, { package: tarball, paths: 'app.yaml', format: 'stylish' }, { env: NPM_ENV });
    const checkout = spawnCli(['lint', 'app.yaml'], { cwd: ws });
    expect(r.code, r.stderr).toBe(checkout.code);
    expect(r.outputs['exit-code']).toBe(String(checkout.code));
    expect(r.stdout).toContain(checkout.stdout);
  });
});
