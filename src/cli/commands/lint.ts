/** `kubeward lint`: read inputs, load config, run the engine, write a report, set the exit code. */
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from '../../engine/config.js';
import { KubewardError } from '../../engine/errors.js';
import { lintInputs } from '../../engine/lint.js';
import { allRules } from '../../rules/index.js';
import { readInputs } from '../inputs.js';
import type { CliIo } from '../io.js';
import { exitCodeFor, failOnOf, writeReport } from '../report-output.js';

export async function runLint(paths: string[], opts: Record<string, unknown>, io: CliIo): Promise<number> {
  const maxMiB = Number(opts.maxFileSize);
  if (!Number.isFinite(maxMiB) || maxMiB <= 0) {
    throw new KubewardError(
      'USAGE',
      `--max-file-size must be a positive number of MiB, not "${String(opts.maxFileSize)}".`,
    );
  }
  let targets = paths;
  if (targets.length === 0) {
    if (io.stdinIsTTY) {
      throw new KubewardError('USAGE', 'no input: give files or directories to lint, or - to read standard input.', {
        hint: 'helm template . | kubeward lint -',
      });
    }
    targets = ['-'];
  }
  const config = await loadConfig({
    cwd: io.cwd,
    ...(typeof opts.config === 'string' ? { explicitPath: resolve(io.cwd, opts.config) } : {}),
    rules: allRules,
  });
  const read = await readInputs(targets, io, {
    stdinFilename: String(opts.stdinFilename ?? '<stdin>'),
    maxFileBytes: Math.floor(maxMiB * 1024 * 1024),
  });
  const result = lintInputs(read.inputs, {
    rules: allRules,
    config,
    problems: read.problems,
    defaultNamespace: String(opts.namespace ?? 'default'),
    helmSource: opts.helmSource !== false,
    ...(typeof opts.sourceRoot === 'string' ? { sourceRoot: opts.sourceRoot } : {}),
    readTemplate: templateReader(io.cwd),
    requireObjects:
      targets.length === 1 && targets[0] === '-' ? String(opts.stdinFilename ?? '<stdin>') : targets.join(', '),
  });

  writeReport(result, opts, io);
  return exitCodeFor(result, failOnOf(opts, config.failOn));
}

/** Reads Helm templates named by `# Source:` relative to the working directory, once each; small text files only. */
function templateReader(cwd: string): (file: string) => string | undefined {
  const cache = new Map<string, string | undefined>();
  return (file) => {
    if (cache.has(file)) return cache.get(file);
    let text: string | undefined;
    try {
      const abs = resolve(cwd, file);
      if (statSync(abs).size <= 1024 * 1024) text = readFileSync(abs, 'utf8');
    } catch {
      text = undefined;
    }
    cache.set(file, text);
    return text;
  };
}
