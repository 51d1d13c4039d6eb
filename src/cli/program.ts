/**
 * The commander program. `createProgram(io)` is pure set-up (tests call it with a fake io); commands are thin
 * and load what they need lazily, so `kubeward lint` never pays for the webhook or the cluster client.
 */
import { Command, CommanderError, Option } from 'commander';
import { KubewardError } from '../engine/errors.js';
import { SEVERITIES } from '../engine/types.js';
import { VERSION } from '../version.js';
import type { CliIo } from './io.js';

export interface ProgramState {
  exitCode: number;
}

/** A repeatable option's values, in order. */
function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/**
 * The program with its commands; `only` (a command name) registers that command alone: building every command's
 * options is most of the CLI's own start-up, and a run uses one (run() passes the command named in argv).
 */
export function createProgram(io: CliIo, state: ProgramState, only?: string): Command {
  const program = new Command('kubeward')
    .description('Kubernetes manifest linter and validating admission webhook')
    .version(VERSION, '-V, --version')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run with --help for usage)');

  for (const [name, add] of Object.entries(COMMANDS)) if (only === undefined || only === name) add(program, io, state);
  return program;
}

type AddCommand = (program: Command, io: CliIo, state: ProgramState) => void;

function addLint(program: Command, io: CliIo, state: ProgramState): void {
  program
    .command('lint')
    .description('lint manifest files, directories (recursively: .yaml, .yml, .json) or - for stdin')
    .argument('[paths...]', 'files, directories, or - for standard input')
    .addOption(
      new Option('-f, --format <format>', 'report format')
        .choices(['stylish', 'json', 'sarif', 'junit', 'github', 'gitlab'])
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
    .option(
      '--chart <dir>',
      'render this Helm chart directory with helm template and lint it (repeatable)',
      collect,
      [],
    )
    .option('--values <file>', 'Helm values file for the charts (repeatable, as helm -f)', collect, [])
    .option('--set <key=value>', 'Helm --set for the charts (repeatable)', collect, [])
    .option('--set-string <key=value>', 'Helm --set-string for the charts (repeatable)', collect, [])
    .option('--release-name <name>', 'Helm release name for the charts (default: helm\'s "release-name")')
    .option(
      '--kube-version <version>',
      "Kubernetes version the manifests are applied to: the target of the API-version rule, and what helm renders the charts for (default: the config's kubeVersion, else the newest kubeward knows)",
    )
    .option('--helm <path>', 'the helm binary (default: helm on PATH)')
    .option('--kustomize <path>', 'the kustomize binary, or kubectl (default: kustomize, else kubectl, on PATH)')
    .option('--ignore-paths <glob...>', 'files and directories not read, as globs relative to the working directory')
    .option('--allow-empty', 'exit 0 when the inputs hold no Kubernetes object (default: exit 2)')
    .option(
      '--skip-non-manifests',
      'skip named files that hold no Kubernetes object, and chart templates, as a directory walk does (pre-commit)',
    )
    .option('--color', 'force colour output')
    .option('--no-color', 'disable colour output')
    .action(async (paths: string[], opts: Record<string, unknown>) => {
      const { runLint } = await import('./commands/lint.js');
      state.exitCode = await runLint(paths, opts, io);
    });
}

function addAudit(program: Command, io: CliIo, state: ProgramState): void {
  program
    .command('audit')
    .description('lint the objects of a live cluster (read-only: list on the kinds the rules need)')
    .addOption(
      new Option('-f, --format <format>', 'report format')
        .choices(['stylish', 'json', 'sarif', 'junit', 'github', 'gitlab'])
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
    .option('-n, --namespace <namespace>', 'audit only this namespace (default: all namespaces)')
    .option('--context <name>', 'kubeconfig context (default: the current context)')
    .option('--kubeconfig <file>', 'kubeconfig file (default: $KUBECONFIG, then ~/.kube/config, then in-cluster)')
    .option('--chunk-size <n>', 'objects per list page', '500')
    .option('--timeout <duration>', 'give up when listing the cluster takes longer than this (e.g. 90s, 5m)', '5m')
    .option('--request-timeout <duration>', 'give up on one API request that gets no answer within this', '60s')
    .option(
      '--allow-partial',
      'when some kinds cannot be listed completely, report the others and name the missing kinds (default: exit 2)',
    )
    .option('--color', 'force colour output')
    .option('--no-color', 'disable colour output')
    .action(async (opts: Record<string, unknown>) => {
      const { runAudit } = await import('./commands/audit.js');
      state.exitCode = await runAudit(opts, io);
    });
}

function addServe(program: Command, io: CliIo, state: ProgramState): void {
  program
    .command('serve')
    .description('serve the rules as a validating admission webhook (HTTPS)')
    .option('--tls-cert <file>', 'PEM certificate chain (reloaded when the file changes)')
    .option('--tls-key <file>', 'PEM private key (reloaded when the file changes)')
    .option('--insecure-http', 'serve plain HTTP (for local tests only: the API server requires HTTPS)')
    .option('--host <address>', 'address to listen on (default 0.0.0.0; 127.0.0.1 with --insecure-http)')
    .option('--port <port>', 'port to listen on', '8443')
    .option('--metrics-port <port>', 'plain-HTTP port serving /metrics (0: none)', '8080')
    .addOption(
      new Option('--mode <mode>', 'enforce: deny; warn: never deny; audit: allow, log and count').choices([
        'enforce',
        'warn',
        'audit',
      ]),
    )
    .addOption(
      new Option(
        '--deny-severity <severity>',
        'in enforce mode, deny findings at or above this severity (default: error)',
      ).choices([...SEVERITIES]),
    )
    .option('-c, --config <file>', 'config file with rules and a webhook: section')
    .option('--no-cluster', 'do not watch the cluster: check each object on its own (cross-object rules see only it)')
    .option(
      '--context <name>',
      'kubeconfig context for the cluster cache (default: in-cluster, then the current context)',
    )
    .option(
      '--no-ratchet',
      'on UPDATE, let pre-existing findings deny too (default: only findings the change introduces)',
    )
    .option('--exempt-namespace <namespace...>', 'namespaces never checked (default: kube-system)')
    .option('--deadline <ms>', 'answer within this many milliseconds, then apply --failure-mode (default: 2000)')
    .addOption(
      new Option(
        '--failure-mode <mode>',
        'when the deadline passes: allow with a warning (open) or deny (closed)',
      ).choices(['open', 'closed']),
    )
    .option('--max-body-size <bytes>', 'largest request body accepted; larger gets 413 (default: 4 MiB)')
    .option('--shutdown-delay <ms>', 'on SIGTERM, report not-ready this long before closing the listener', '5000')
    .addOption(
      new Option('--log-level <level>', 'log level').choices(['debug', 'info', 'warn', 'error']).default('info'),
    )
    .action(async (opts: Record<string, unknown>) => {
      const { runServe } = await import('./commands/serve.js');
      state.exitCode = await runServe(opts, io);
    });
}

function addMigrate(program: Command, io: CliIo, state: ProgramState): void {
  const migrate = program
    .command('migrate')
    .description('draft Gateway API objects from the ingress-nginx Ingresses of manifest files (or - for stdin)')
    .argument('[paths...]', 'files, directories, or - for standard input')
    .addOption(new Option('--to <target>', 'what to migrate to').choices(['gateway-api']).makeOptionMandatory())
    .addOption(new Option('-f, --format <format>', 'output format').choices(['yaml', 'json']).default('yaml'))
    .option('-o, --output <file>', 'write the drafts to a file instead of standard output')
    .option('--out-dir <dir>', 'write one file per namespace, and gateways.yaml for the Gateways')
    .addOption(
      new Option('--gateway <mode>', 'one Gateway per IngressClass shared by all namespaces, or one per namespace')
        .choices(['shared', 'per-namespace'])
        .default('shared'),
    )
    .option('--gateway-namespace <namespace>', 'namespace of the shared Gateways', 'gateway-system')
    .option('--gateway-class <name>', 'gatewayClassName of the Gateways (default: the IngressClass name)')
    .option(
      '--parent-ref <ref>',
      'attach every route to this existing Gateway ([ListenerSet:]NAMESPACE/NAME[/SECTION]) and draft no Gateway',
    )
    .option(
      '--fail-closed',
      'leave out the routes of Ingresses whose auth, allow-list or rate-limit keys cannot be translated',
    )
    .option('--strict', 'exit 1 when anything was left untranslated')
    .option(
      '-c, --config <file>',
      'config file (default: .kubeward.yaml found upward); migrate reads its ingressNginx.annotationsPrefix',
    )
    .option(
      '-n, --namespace <namespace>',
      'namespace of objects that name none (default: default); with --cluster, list only this namespace (default: all)',
    )
    .option('--stdin-filename <name>', 'name of standard input in messages (default: <stdin>)')
    .option('--max-file-size <MiB>', 'largest input file accepted, in MiB', '256')
    .option('--allow-empty', 'exit 0 when the inputs hold no Ingress (default: exit 2)');
  withClusterOptions(migrate, {
    cluster: 'migrate the Ingresses of a live cluster instead of files (read-only: list)',
    partial: 'draft from the others',
  }).action(async (paths: string[], opts: Record<string, unknown>) => {
    const { runMigrate } = await import('./commands/migrate.js');
    state.exitCode = await runMigrate(paths, opts, io);
  });
}

function addMigrationReport(program: Command, io: CliIo, state: ProgramState): void {
  const report = program
    .command('migration-report')
    .description('the ingress-nginx exit audit of manifest files (or - for stdin), as Markdown, JSON or HTML')
    .argument('[paths...]', 'files, directories, or - for standard input')
    .addOption(
      new Option('-f, --format <format>', 'output format').choices(['markdown', 'json', 'html']).default('markdown'),
    )
    .option('-o, --output <file>', 'write the report to a file instead of standard output')
    .option(
      '-c, --config <file>',
      'config file (default: .kubeward.yaml found upward); the report reads its ingressNginx.annotationsPrefix',
    )
    .option(
      '-n, --namespace <namespace>',
      'namespace of objects that name none (default: default); with --cluster, list only this namespace (default: all)',
    )
    .option('--stdin-filename <name>', 'name of standard input in messages (default: <stdin>)')
    .option('--max-file-size <MiB>', 'largest input file accepted, in MiB', '256')
    .option('--allow-empty', 'write the report and exit 0 when the inputs hold no Ingress (default: exit 2)');
  withClusterOptions(report, {
    cluster:
      "report on the Ingresses of a live cluster instead of files (read-only: list, and get on the controllers' ConfigMaps)",
    partial: 'report on the others',
  }).action(async (paths: string[], opts: Record<string, unknown>) => {
    const { runMigrationReport } = await import('./commands/migration-report.js');
    state.exitCode = await runMigrationReport(paths, opts, io);
  });
}

function addRules(program: Command, io: CliIo, state: ProgramState): void {
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
}

/** The commands, in the order `--help` lists them. */
const COMMANDS: Readonly<Record<string, AddCommand>> = {
  lint: addLint,
  audit: addAudit,
  serve: addServe,
  migrate: addMigrate,
  'migration-report': addMigrationReport,
  rules: addRules,
};

/**
 * The options of a command that reads Ingresses from a cluster with `--cluster` (migrate, migration-report): the
 * connection and the listing's bounds, as `audit` has them, each read only with `--cluster`.
 */
function withClusterOptions(command: Command, words: { cluster: string; partial: string }): Command {
  return command
    .option('--cluster', words.cluster)
    .option('--context <name>', 'with --cluster: kubeconfig context (default: the current context)')
    .option(
      '--kubeconfig <file>',
      'with --cluster: kubeconfig file (default: $KUBECONFIG, then ~/.kube/config, then in-cluster)',
    )
    .option('--chunk-size <n>', 'with --cluster: objects per list page', '500')
    .option('--timeout <duration>', 'with --cluster: give up when listing takes longer than this (e.g. 90s, 5m)', '5m')
    .option(
      '--request-timeout <duration>',
      'with --cluster: give up on one API request that gets no answer within this',
      '60s',
    )
    .option(
      '--allow-partial',
      `with --cluster: when some kinds cannot be listed completely, ${words.partial} and name the missing kinds (default: exit 2)`,
    );
}

/** A bug in kubeward: what happened, and the stack trace only when KUBEWARD_DEBUG asks for it (for the report). */
export function internalErrorText(err: unknown, debug: boolean): string {
  const what = err instanceof Error ? err.message : String(err);
  const stack = debug && err instanceof Error && err.stack !== undefined ? `\n${err.stack}` : '';
  const how = debug ? '' : ' (run again with KUBEWARD_DEBUG=1 to include the stack trace)';
  return `kubeward: internal error: ${what}${stack}\nThis is a bug in kubeward; please report it${how}.\n`;
}

/** Runs the CLI and returns the exit code: 0 clean, 1 findings at or above --fail-on, 2 usage/config/input errors. */
/** `-f prod.yaml`: helm's habit, where kubeward's -f is the format. */
function formatGivenAFile(argv: readonly string[]): boolean {
  return argv.some((a, i) => (a === '-f' || a === '--format') && /\.(ya?ml|json)$/i.test(argv[i + 1] ?? ''));
}

export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const state: ProgramState = { exitCode: 0 };
  const named = argv[2];
  const only = named !== undefined && Object.hasOwn(COMMANDS, named) ? named : undefined;
  const program = createProgram(io, state, only);
  try {
    await program.parseAsync(argv as string[]);
    return state.exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version exit 0; everything else commander rejects is a usage error.
      if (err.code === 'commander.invalidArgument' && formatGivenAFile(argv)) {
        io.stderr(
          'kubeward: hint: -f is --format in kubeward, as in other linters; Helm values files are --values FILE.\n',
        );
      }
      return err.exitCode === 0 ? 0 : 2;
    }
    if (err instanceof KubewardError) {
      io.stderr(`kubeward: ${err.format()}\n`);
      return err.exitCode;
    }
    io.stderr(internalErrorText(err, io.env.KUBEWARD_DEBUG !== undefined && io.env.KUBEWARD_DEBUG !== ''));
    return 2;
  }
}
