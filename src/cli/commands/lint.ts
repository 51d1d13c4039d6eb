/** `kubeward lint`: read inputs, load config, run the engine, write a report, set the exit code. */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from '../../engine/config.js';
import { lintInputs } from '../../engine/lint.js';
import { allRules } from '../../rules/index.js';
import { inputTargets, readInputs } from '../inputs.js';
import type { CliIo } from '../io.js';
import { lintOnWorker, WORKER_THRESHOLD_BYTES } from '../lint-worker.js';
import { lintWorkerModule } from '../lint-worker-module.js';
import { chartsOf, kubeVersionFlagOf, renderOptionsOf, withKubeVersionFlag } from '../render-options.js';
import { exitCodeFor, failOnOf, writeReport } from '../report-output.js';
import { templateReader } from '../template-reader.js';

/** `on`: where this run is, `worker` when lint-worker-main.ts runs it (which must not start another worker). */
export async function runLint(
  paths: string[],
  opts: Record<string, unknown>,
  io: CliIo,
  on: 'main' | 'worker' = 'main',
): Promise<number> {
  const { targets, maxFileBytes } = inputTargets(paths, opts, io, 'lint', chartsOf(opts).length > 0);
  kubeVersionFlagOf(opts); // a usage error before anything is read
  // A large input is linted on a worker with a small young generation (lint-worker.ts); standard input is read here
  // first, once, to know its size and to hand it over. Only from the built code: a worker cannot load the source.
  let cli = io;
  const workerModule = on === 'main' ? lintWorkerModule() : undefined;
  if (workerModule !== undefined) {
    let stdin: Buffer[] | undefined;
    if (targets.includes('-')) {
      const once = io.readStdin(maxFileBytes);
      cli = { ...io, readStdin: () => once };
      stdin = await once.catch(() => undefined);
    }
    const stdinBytes = stdin?.reduce((n, piece) => n + piece.length, 0) ?? 0;
    // A standard input that could not be read (too large, binary) stays here, where readInputs reports it.
    const stdinFailed = targets.includes('-') && stdin === undefined;
    if (!stdinFailed && stdinBytes + regularFileBytes(targets, io.cwd) >= WORKER_THRESHOLD_BYTES) {
      return lintOnWorker(workerModule, targets, opts, io, stdin);
    }
  }
  const config = withKubeVersionFlag(
    await loadConfig({
      cwd: cli.cwd,
      ...(typeof opts.config === 'string' ? { explicitPath: resolve(cli.cwd, opts.config) } : {}),
      rules: allRules,
    }),
    opts,
  );
  const read = await readInputs(targets, cli, {
    stdinFilename: String(opts.stdinFilename ?? '<stdin>'),
    maxFileBytes,
    ...renderOptionsOf(opts, config, cli.cwd),
  });
  const result = lintInputs(read.inputs, {
    rules: allRules,
    config,
    problems: read.problems,
    defaultNamespace: String(opts.namespace ?? 'default'),
    helmSource: opts.helmSource !== false,
    ...(typeof opts.sourceRoot === 'string' ? { sourceRoot: opts.sourceRoot } : {}),
    readTemplate: templateReader(cli.cwd),
    skippedFiles: read.skipped,
    ...(opts.allowEmpty === true
      ? {}
      : {
          requireObjects:
            targets.length === 1 && targets[0] === '-' ? String(opts.stdinFilename ?? '<stdin>') : targets.join(', '),
        }),
  });

  writeReport(result, opts, cli);
  return exitCodeFor(result, failOnOf(opts, config.failOn));
}

/** The size of the regular files named (not what directories hold, nor pipes and devices, whose size is unknown). */
function regularFileBytes(targets: readonly string[], cwd: string): number {
  let bytes = 0;
  for (const t of targets) {
    if (t === '-') continue;
    try {
      const st = statSync(resolve(cwd, t));
      if (st.isFile()) bytes += st.size;
    } catch {
      // reported when the inputs are read
    }
  }
  return bytes;
}
