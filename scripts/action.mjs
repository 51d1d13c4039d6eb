// The GitHub Action's logic (action.yml runs it after actions/setup-node): install kubeward, lint, write the outputs.
//
// Inputs come from the environment, as action.yml's `env:` passes them (a composite action's run step gets no
// INPUT_* variables of its own): INPUT_PATHS, INPUT_CHART, INPUT_VALUES, INPUT_FORMAT, INPUT_FAIL_ON, INPUT_CONFIG,
// INPUT_SARIF_FILE, INPUT_ARGS, INPUT_PACKAGE. Lists (paths, values, args) are one item a line; a single line is split
// at whitespace. The runner's GITHUB_ACTION_PATH (the action's checkout), GITHUB_OUTPUT (the outputs file) and
// RUNNER_TEMP are read too; the working directory is the workspace, so report paths are relative to the repository.
//
// Installing: with INPUT_PACKAGE (an npm spec: `kubeward@0.2.0` once published, a tarball, or a git URL such as
// `github:kubeward/kubeward#v0.1.0`) it is installed under RUNNER_TEMP; otherwise the action's own checkout is
// built (`npm ci --ignore-scripts` and `npm run build`) unless dist/ is already there.
//
// Running: `kubeward lint` with the format the log shows (default `github`: annotations on the pull request), then,
// with INPUT_SARIF_FILE, a second run that writes SARIF there (`--fail-on never`; the exit code is the first run's).
// Outputs: `exit-code` (0, 1 or 2, as kubeward's), `sarif-file` (when written) and `command` (the lint command line).
// The script exits with kubeward's exit code, so the step fails when kubeward does.
//
// KUBEWARD_ACTION_DRY_RUN=1 prints the plan as JSON ({ install, lint, sarif }: argument lists) and runs nothing.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** @param {string | undefined} value one item a line, or one line split at whitespace */
export function listInput(value) {
  const text = (value ?? '').trim();
  if (text === '') return [];
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  return lines.length === 1 ? lines[0].split(/\s+/) : lines;
}

/** @param {string | undefined} value */
function scalar(value) {
  return (value ?? '').trim();
}

/**
 * The kubeward arguments for the inputs.
 * @param {Record<string, string | undefined>} env
 * @param {{ format?: string, output?: string, failOn?: string }} [override]
 */
export function lintArgs(env, override = {}) {
  const chart = scalar(env.INPUT_CHART);
  const paths = listInput(env.INPUT_PATHS);
  const args = ['lint'];
  if (chart !== '') args.push('--chart', chart);
  for (const file of listInput(env.INPUT_VALUES)) args.push('--values', file);
  const format = override.format ?? (scalar(env.INPUT_FORMAT) || 'github');
  args.push('--format', format);
  const failOn = override.failOn ?? scalar(env.INPUT_FAIL_ON);
  if (failOn !== '') args.push('--fail-on', failOn);
  const config = scalar(env.INPUT_CONFIG);
  if (config !== '') args.push('--config', config);
  if (override.output !== undefined) args.push('--output', override.output);
  args.push(...listInput(env.INPUT_ARGS));
  // Paths last, after `--`, so that a path starting with `-` is never read as an option.
  const inputs = paths.length > 0 ? paths : chart !== '' ? [] : ['.'];
  if (inputs.length > 0) args.push('--', ...inputs);
  return args;
}

/**
 * How kubeward is installed, and where its bin is.
 * @param {Record<string, string | undefined>} env
 * @returns {{ steps: { cwd: string, argv: string[] }[], bin: string }}
 */
export function installPlan(env) {
  const spec = scalar(env.INPUT_PACKAGE);
  if (spec !== '') {
    const prefix = join(env.RUNNER_TEMP || tmpdir(), 'kubeward-action');
    return {
      steps: [
        { cwd: prefix, argv: ['npm', 'install', '--prefix', prefix, '--no-save', '--no-audit', '--no-fund', spec] },
      ],
      bin: join(prefix, 'node_modules', 'kubeward', 'bin', 'kubeward.cjs'),
    };
  }
  const root = env.GITHUB_ACTION_PATH || resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const bin = join(root, 'bin', 'kubeward.cjs');
  if (existsSync(join(root, 'dist', 'bundle', 'lint.cjs'))) return { steps: [], bin };
  return {
    steps: [
      { cwd: root, argv: ['npm', 'ci', '--ignore-scripts', '--no-audit', '--no-fund'] },
      { cwd: root, argv: ['npm', 'run', 'build'] },
    ],
    bin,
  };
}

/** @param {string} word */
function shellQuote(word) {
  return /^[\w./:=@%+,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * Appends an output in the runner's multi-line form (`name<<delimiter`), safe for any value.
 * @param {string | undefined} file
 * @param {string} name
 * @param {string} value
 */
function setOutput(file, name, value) {
  if (!file) return;
  let delimiter = `ghadelimiter_${randomUUID()}`;
  while (value.includes(delimiter)) delimiter = `ghadelimiter_${randomUUID()}`;
  appendFileSync(file, `${name}<<${delimiter}\n${value}\n${delimiter}\n`);
}

/**
 * @param {string} command
 * @param {string[]} args
 * @param {string} cwd
 * @returns {number} the exit code; 2 when the command could not run
 */
function run(command, args, cwd) {
  const r = spawnSync(command, args, {
    cwd,
    stdio: 'inherit',
    shell: process.platform === 'win32' && command === 'npm',
  });
  if (r.error) {
    process.stderr.write(`kubeward action: cannot run ${command}: ${r.error.message}\n`);
    return 2;
  }
  if (r.status === null) {
    process.stderr.write(`kubeward action: ${command} was killed by ${r.signal}\n`);
    return 2;
  }
  return r.status;
}

function main() {
  const env = process.env;
  const cwd = process.cwd();
  const install = installPlan(env);
  const sarifFile = scalar(env.INPUT_SARIF_FILE);
  const lint = lintArgs(env);
  const sarif = sarifFile === '' ? null : lintArgs(env, { format: 'sarif', output: sarifFile, failOn: 'never' });
  setOutput(env.GITHUB_OUTPUT, 'command', ['kubeward', ...lint].map(shellQuote).join(' '));
  if (env.KUBEWARD_ACTION_DRY_RUN === '1') {
    process.stdout.write(`${JSON.stringify({ install: install.steps, bin: install.bin, lint, sarif })}\n`);
    return 0;
  }
  for (const step of install.steps) {
    const [command = 'npm', ...args] = step.argv;
    mkdirSync(step.cwd, { recursive: true });
    const code = run(command, args, step.cwd);
    if (code !== 0) {
      process.stderr.write(`kubeward action: installing kubeward failed (${step.argv.join(' ')} exited ${code}).\n`);
      setOutput(env.GITHUB_OUTPUT, 'exit-code', '2');
      return 2;
    }
  }
  if (!existsSync(install.bin)) {
    process.stderr.write(`kubeward action: no kubeward at ${install.bin} after installing; check the package input.\n`);
    setOutput(env.GITHUB_OUTPUT, 'exit-code', '2');
    return 2;
  }
  const code = run(process.execPath, [install.bin, ...lint], cwd);
  setOutput(env.GITHUB_OUTPUT, 'exit-code', String(code));
  if (sarif !== null) {
    // A report left from an earlier run must not pass for this one's.
    rmSync(resolve(cwd, sarifFile), { force: true });
    const written = run(process.execPath, [install.bin, ...sarif], cwd);
    if (written === 0 || (written === 2 && existsSync(resolve(cwd, sarifFile)))) {
      setOutput(env.GITHUB_OUTPUT, 'sarif-file', sarifFile);
    } else {
      process.stderr.write(`kubeward action: the SARIF report was not written to ${sarifFile}.\n`);
      return code === 0 ? 2 : code;
    }
  }
  return code;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main();
}
