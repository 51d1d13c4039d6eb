/**
 * Runs the GitHub Action's script (scripts/action.mjs) the way the runner runs action.yml's lint step: that step's
 * `env:` with its `${{ inputs.* }}` expressions evaluated (the given value, else the input's default), the runner's
 * GITHUB_ACTION_PATH, GITHUB_WORKSPACE, a temporary GITHUB_OUTPUT file and RUNNER_TEMP, in the workspace.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { ROOT } from '../helpers/cli.js';

export interface ActionInput {
  description: string;
  required?: boolean;
  default?: string;
}
export interface WorkflowStep {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  with?: Record<string, string>;
  shell?: string;
  run?: string;
  env?: Record<string, string>;
}
export interface ActionYaml {
  name: string;
  description: string;
  inputs: Record<string, ActionInput>;
  outputs: Record<string, { description: string; value: string }>;
  runs: { using: string; steps: WorkflowStep[] };
}

export const SCRIPT = join(ROOT, 'scripts', 'action.mjs');
export const action = load(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as ActionYaml;
export const runStep = action.runs.steps.find((s) => s.run !== undefined);

const dirs: string[] = [];
/** A temporary directory, removed by `removeScratch` (call it in afterAll). */
export function scratch(): string {
  const d = mkdtempSync(join(tmpdir(), 'kubeward-action-'));
  dirs.push(d);
  return d;
}
export function removeScratch(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** `${{ inputs.name }}` evaluated as the runner does: the given value, else the input's default, else ''. */
export function evaluate(expr: string, given: Record<string, string>): string {
  return expr.replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g, (_, name: string) => {
    if (!Object.hasOwn(action.inputs, name)) throw new Error(`action.yml uses an undeclared input ${name}`);
    return given[name] ?? action.inputs[name]?.default ?? '';
  });
}

/** The outputs the step wrote, in the runner's `name<<delimiter` form. */
export function readOutputs(file: string): Record<string, string> {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/^([\w-]+)<<(\S+)\n([\s\S]*?)\n\2\n/gm)) out[m[1] ?? ''] = m[3] ?? '';
  return out;
}

export interface StepRun {
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
}

export function runAction(
  workspace: string,
  given: Record<string, string>,
  extra: { env?: Record<string, string>; actionPath?: string } = {},
): StepRun {
  if (!runStep?.env) throw new Error('action.yml has no run step with env');
  const runnerTemp = scratch();
  const outputFile = join(runnerTemp, 'github_output');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? runnerTemp,
    NO_COLOR: '1',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_ACTION_PATH: extra.actionPath ?? ROOT,
    GITHUB_OUTPUT: outputFile,
    RUNNER_TEMP: runnerTemp,
    ...Object.fromEntries(Object.entries(runStep.env).map(([k, v]) => [k, evaluate(v, given)])),
    ...extra.env,
  };
  // The run line is `node "$GITHUB_ACTION_PATH/scripts/action.mjs"`: run exactly that file.
  const r = spawnSync(process.execPath, [join(env.GITHUB_ACTION_PATH ?? ROOT, 'scripts', 'action.mjs')], {
    cwd: workspace,
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, outputs: readOutputs(outputFile) };
}
