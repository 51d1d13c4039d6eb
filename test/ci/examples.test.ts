/**
 * deploy/ci-examples/: the GitHub workflow and the GitLab job, parsed, checked against action.yml and GitLab's
 * report keys, and run locally: the workflow's kubeward step through the action's script, the GitLab job's script
 * in bash with the built kubeward on PATH.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { Ajv } from 'ajv';
import { load } from 'js-yaml';
import { afterAll, describe, expect, it } from 'vitest';
import type { LintResult } from '../../src/engine/types.js';
import type { SarifLog } from '../../src/report/sarif.js';
import { CORPUS, ROOT, spawnCli } from '../helpers/cli.js';
import { helmBinary } from '../helpers/helm.js';
import { action, removeScratch, runAction, scratch, type WorkflowStep } from './action-runner.js';

afterAll(removeScratch);

const EXAMPLES = join(ROOT, 'deploy', 'ci-examples');

interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  jobs: Record<string, { 'runs-on': string; permissions?: Record<string, string>; steps: WorkflowStep[] }>;
}
interface GitlabJob {
  stage: string;
  image: string;
  variables: Record<string, string>;
  before_script: string[];
  script: string[];
  artifacts: { when?: string; reports?: { codequality?: string } };
}

const workflow = load(readFileSync(join(EXAMPLES, 'github-workflow.yaml'), 'utf8')) as Workflow;
const gitlab = load(readFileSync(join(EXAMPLES, 'gitlab-ci.yml'), 'utf8')) as Record<string, GitlabJob>;

/** A directory with a `kubeward` that runs the built CLI of this checkout, for PATH. */
function kubewardShim(): string {
  const dir = scratch();
  const shim = join(dir, 'kubeward');
  writeFileSync(shim, `#!/bin/sh\nexec "${process.execPath}" "${join(ROOT, 'bin', 'kubeward.cjs')}" "$@"\n`);
  chmodSync(shim, 0o755);
  return dir;
}

describe('the example GitHub workflow', () => {
  const [jobName, job] = Object.entries(workflow.jobs)[0] ?? [];
  const steps = job?.steps ?? [];
  const kubeward = steps.find((s) => s.uses?.startsWith('kubeward/kubeward@'));
  const upload = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));

  it("runs kubeward through this repository's action, with inputs action.yml declares", () => {
    expect(jobName).toBeDefined();
    expect(kubeward?.id).toBeDefined();
    for (const key of Object.keys(kubeward?.with ?? {})) expect(Object.keys(action.inputs), key).toContain(key);
    expect(kubeward?.with?.['sarif-file']).toMatch(/\.sarif$/);
    expect(kubeward?.with?.chart).toBeDefined();
    expect(existsSync(join(ROOT, kubeward?.with?.chart ?? '', 'Chart.yaml'))).toBe(true);
    // `values` is one file a line (action.yml); each names a file of this repository, and there is at least one.
    const valuesFiles = (kubeward?.with?.values ?? '').split('\n').filter((line) => line.trim() !== '');
    expect(valuesFiles.length).toBeGreaterThan(0);
    for (const file of valuesFiles) expect(existsSync(join(ROOT, file.trim())), file).toBe(true);
  });

  it('sets up helm before kubeward renders the chart, and checks out first', () => {
    const helm = steps.findIndex((s) => s.uses?.startsWith('azure/setup-helm@'));
    expect(steps[0]?.uses).toMatch(/^actions\/checkout@v\d+$/);
    expect(helm).toBeGreaterThan(0);
    expect(helm).toBeLessThan(steps.indexOf(kubeward as WorkflowStep));
  });

  it('uploads the SARIF file kubeward wrote, also when kubeward failed, with security-events: write', () => {
    expect(steps.indexOf(upload as WorkflowStep)).toBeGreaterThan(steps.indexOf(kubeward as WorkflowStep));
    expect(upload?.with?.sarif_file).toBe(`\${{ steps.${kubeward?.id}.outputs.sarif-file }}`);
    expect(upload?.if).toContain('!cancelled()');
    expect(job?.permissions?.['security-events']).toBe('write');
    expect(workflow.permissions?.['security-events']).toBeUndefined();
    expect(Object.keys(workflow.on).sort()).toEqual(['pull_request', 'push']);
  });

  it('works: its kubeward step, run locally on this repository, writes the SARIF the upload step reads', (ctx) => {
    const helm = helmBinary();
    if (!('path' in helm)) return ctx.skip(`helm unavailable: ${helm.unavailable}`);
    const help = spawnCli(['lint', '--help']);
    if (!help.stdout.includes('--chart')) return ctx.skip('the built kubeward lint has no --chart yet');
    const ws = scratch();
    const given: Record<string, string> = { ...kubeward?.with, 'sarif-file': join(ws, 'kubeward.sarif') };
    const r = runAction(ROOT, given, { env: { PATH: `${dirname(helm.path)}${delimiter}${process.env.PATH ?? ''}` } });
    const json = spawnCli([
      'lint',
      '--chart',
      given.chart ?? '',
      '--values',
      given.values ?? '',
      '--format',
      'json',
      '--fail-on',
      given['fail-on'] ?? 'error',
      '--helm',
      helm.path,
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(json.code);
    expect(r.outputs['sarif-file']).toBe(given['sarif-file']);
    const sarif = JSON.parse(readFileSync(given['sarif-file'] ?? '', 'utf8')) as SarifLog;
    const findings = (JSON.parse(json.stdout) as LintResult).findings;
    expect(sarif.runs[0].results.filter((res) => !res.suppressions)).toHaveLength(findings.length);
    expect(findings.length).toBeGreaterThan(0);
  });
});

describe('the example GitLab job', () => {
  const [name, job] = Object.entries(gitlab)[0] ?? [];
  const schema = JSON.parse(
    readFileSync(join(ROOT, 'test', 'report', 'gitlab-code-quality.schema.json'), 'utf8'),
  ) as Record<string, unknown>;
  const validate = new Ajv({ strict: true, allErrors: true }).compile(schema);

  it('declares artifacts: reports: codequality: the file its script writes with --format gitlab, kept on failure', () => {
    expect(name).toBe('kubeward');
    const report = job?.artifacts.reports?.codequality;
    expect(report).toBeDefined();
    const writes = job?.script.find((l) => l.includes('--format gitlab'));
    expect(writes).toContain(`--output ${report}`);
    expect(job?.artifacts.when).toBe('always');
    expect(job?.image).toMatch(/^node:(2[4-9]|[3-9]\d)/);
    expect(job?.before_script.join('\n')).toContain('npm install --prefix');
  });

  it('works: its script, run in bash with kubeward on PATH, writes a valid report and exits as kubeward does', () => {
    const ws = scratch();
    mkdirSync(join(ws, 'k8s'));
    copyFileSync(join(CORPUS, 'vpa-hpa-examples.yaml'), join(ws, 'k8s', 'app.yaml'));
    const paths = 'k8s/ --no-helm-source';
    const direct = spawnCli(['lint', 'k8s/', '--no-helm-source', '--format', 'json'], { cwd: ws });
    // GitLab runs the script lines in one shell with errexit, the job's variables in the environment.
    const r = spawnSync('bash', ['--norc', '--noprofile', '-eo', 'pipefail', '-c', (job?.script ?? []).join('\n')], {
      cwd: ws,
      encoding: 'utf8',
      env: {
        ...job?.variables,
        KUBEWARD_PATHS: paths,
        PATH: `${kubewardShim()}${delimiter}${process.env.PATH ?? ''}`,
        HOME: ws,
        NO_COLOR: '1',
      },
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(direct.code);
    expect(r.status).toBe(1);
    const report = JSON.parse(readFileSync(join(ws, job?.artifacts.reports?.codequality ?? ''), 'utf8')) as unknown[];
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report).toHaveLength((JSON.parse(direct.stdout) as LintResult).findings.length);
    expect(r.stdout).toContain('k8s/app.yaml');
  });
});
