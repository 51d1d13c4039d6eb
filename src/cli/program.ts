/**
 * The commander program. `createProgram(io)` is pure set-up (tests call it with a fake io); commands are thin
 * and load what they need lazily, so `kubeward lint` never pays for the webhook or the cluster client.
 */
import { Command, CommanderError, Option } from 'commander';
import { KubewardError } from '../engine/errors.js';
import { SEVERITIES } from '../engine/types.js';
import type { CliIo } from './io.js';

export const VERSION = '0.1.0';

export interface ProgramState {
  exitCode: number;
}

export function createProgram(io: CliIo, state: ProgramState): Command {
  const program = new Command('kubeward')
    .description('Kubernetes manifest linter and validating admission webhook')
    .version(VERSION, '-V, --version')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run with --help for usage)');

  program
    .command('lint')
    .description('lint manifest files, directories (recursively: .yaml, .yml, .json) or - for stdin')
    .argument('[paths...]', 'files, directories, or - for standard input')
    .addOption(
      new Option('-f, --format <format>', 'report format')
        .choices(['stylish', 'json', 'sarif', 'junit', 'github'])
        .default('stylish'),
    )
    .option('-o, --output <file>', 'write the report to a file instead of standard output')
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity (default: error)').choices(
        [...SEVERITIES, 'never'],
      ),
    )
    .option(
      '-c, --config <file>',
      'config file (default: .kubeward.yaml found by walking up from the working directory)',
    )
    .option('--stdin-filename <name>', 'name of standard input in reports', '<stdin>')
    .option(
      '-n, --namespace <namespace>',
      'namespace of objects that name none (as kubectl -n would apply them)',
      'default',
    )
    .option(
      '--source-root <dir>',
      'directory prepended to Helm "# Source:" template paths (they are relative to the chart\'s parent directory)',
    )
    .option(
      '--no-helm-source',
      'report positions in the rendered stream, not in the Helm templates named by "# Source:" comments',
    )
    .option('--max-file-size <MiB>', 'largest input file accepted, in MiB', '256')
    .option('--color', 'force colour output')
    .option('--no-color', 'disable colour output')
    .action(async (paths: string[], opts: Record<string, unknown>) => {
      const { runLint } = await import('./commands/lint.js');
      state.exitCode = await runLint(paths, opts, io);
    });

  program
    .command('rules')
    .description('list the rules, or explain one')
    .argument('[id]', 'a rule id to explain')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'markdown']).default('text'))
    .option('--out <dir>', 'with --format markdown: write one page per rule into this directory')
    .action(async (id: string | undefined, opts: Record<string, unknown>) => {
      const { runRulesCommand } = await import('./commands/rules.js');
      state.exitCode = await runRulesCommand(id, opts, io);
    });

  return program;
}

/** Runs the CLI and returns the exit code: 0 clean, 1 findings at or above --fail-on, 2 usage/config/input errors. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const state: ProgramState = { exitCode: 0 };
  const program = createProgram(io, state);
  try {
    await program.parseAsync(argv as string[]);
    return state.exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version exit 0; everything else commander rejects is a usage error.
      return err.exitCode === 0 ? 0 : 2;
    }
    if (err instanceof KubewardError) {
      io.stderr(`kubeward: ${err.format()}\n`);
      return err.exitCode;
    }
    io.stderr(
      `kubeward: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\nPlease report this bug.\n`,
    );
    return 2;
  }
}
