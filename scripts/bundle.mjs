// The CLI as a few bundled files (dist/bundle/), which is what bin/kubeward.cjs runs: a `kubeward lint` of a small
// file otherwise spends most of its start-up resolving and compiling some 130 modules of ours and 60 of its
// dependencies, one file and one package.json lookup at a time.
//
// Each bundle is one CommonJS file, which bin/kubeward.cjs compiles as a vm.Script so that V8's code cache of it can
// hold every function a run compiled (node's own compile cache holds only a module's top level: measured, a lint of
// a small file then compiles about 700 KB of code cache's worth of functions again on every run).
// - lint.cjs: `kubeward lint`, the hot path (pre-commit, a CI step per chart). The other commands are not in it.
// - cli.cjs: every command (lint too), for every other command line. Each command is still loaded on first use.
// - lint-worker.cjs: the lint worker's thread (inputs over 32 MiB, lint-worker.ts).
// - version.cjs: a bare `kubeward --version`, without loading a bundle.
// The bundles share no module state: a process runs one of them (a worker thread its own).
// The webhook's and the cluster's dependencies (fastify, pino, prom-client, @kubernetes/client-node) and ajv (only
// for a rule whose options schema was not compiled at build time) stay outside and load from node_modules.
// dist/ (tsc's output) is still the library that `import 'kubeward'` loads, and what the tests of the source use.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist', 'bundle');

/**
 * Loaded from node_modules at run time: only `serve` and `audit` use the first four, and they read their own files;
 * ajv compiles the options schema of a rule that is not built in (schema-validators.ts).
 */
const EXTERNAL = ['@kubernetes/client-node', 'fastify', 'pino', 'prom-client', 'ajv'];

/** A module of src/ whose text the bundle replaces, and what with. */
function replaceModule(name, file, contents) {
  return {
    name,
    setup(b) {
      const path = file.replaceAll('.', '\\.').replaceAll('/', '[\\\\/]');
      b.onLoad({ filter: new RegExp(`[\\\\/]src[\\\\/]${path}$`) }, () => ({ contents, loader: 'ts' }));
    },
  };
}

/** The bundle is one level deeper than the compiled modules: src/package-root.ts says where the package is. */
const packageRoot = replaceModule(
  'package-root',
  'package-root.ts',
  "export const PACKAGE_ROOT = new URL('../../', require('node:url').pathToFileURL(__filename));",
);

/** The version is package.json's, read here once instead of by every run (src/version.ts reads it for dist/). */
const version = replaceModule(
  'version',
  'version.ts',
  `export const VERSION = ${JSON.stringify(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version)};`,
);

/**
 * bin/kubeward.cjs runs lint.cjs and cli.cjs as a vm.Script, where `import()` would need node's experimental loader
 * for vm scripts (and print its warning): it passes its own `import()` in as `__kubewardImport`. The worker's bundle
 * runs as a plain CommonJS module, and imports as one.
 */
const importDependency = replaceModule(
  'import-dependency',
  'import-dependency.ts',
  "export function importDependency(specifier) { return typeof __kubewardImport === 'function' ? __kubewardImport(specifier) : import(specifier); }",
);

/** The lint worker's thread runs lint-worker.cjs, beside the bundle that starts it. */
const lintWorkerModule = replaceModule(
  'lint-worker-module',
  'cli/lint-worker-module.ts',
  "export function lintWorkerModule() { return require('node:url').pathToFileURL(require('node:path').join(__dirname, 'lint-worker.cjs')); }",
);

/**
 * Two of commander's imports of node's modules cost every start-up for nothing kubeward uses: node:child_process
 * (for executable subcommands, which kubeward does not have; it loads node:net and more, about 4 ms of CPU), and
 * node:util as an ES module, whose namespace evaluates every lazy export of util (node:worker_threads among them,
 * about 3 ms) for the one function commander takes. commander gets both through getBuiltinModule, on first use.
 * A name commander imports that is not here fails the build ("No matching export").
 */
const COMMANDER_BUILTINS = {
  'node:child_process':
    "export default new Proxy({}, { get: (_, key) => process.getBuiltinModule('node:child_process')[key] });",
  'node:util':
    "export function stripVTControlCharacters(text) { return process.getBuiltinModule('node:util').stripVTControlCharacters(text); }",
};
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(b) {
    b.onResolve({ filter: /^node:(child_process|util)$/ }, (args) =>
      /[\\/]node_modules[\\/]commander[\\/]/.test(args.importer)
        ? { path: args.path, namespace: 'lazy-builtin' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => ({
      contents: COMMANDER_BUILTINS[args.path],
      loader: 'js',
    }));
  },
};

/**
 * lint.cjs holds the lint command alone: program.ts's imports of the other commands' modules become a module that
 * throws. bin/kubeward.cjs runs lint.cjs only when the command line's first word is `lint`, and run() then registers
 * that command alone (program.ts), so they are never imported there.
 */
const lintOnly = {
  name: 'lint-only',
  setup(b) {
    // Every command module program.ts imports but lint's own: no list here to keep in step with program.ts.
    b.onResolve({ filter: /^\.\/commands\/.+\.js$/ }, (args) =>
      args.path !== './commands/lint.js' && /[\\/]src[\\/]cli[\\/]program\.ts$/.test(args.importer)
        ? { path: args.path, namespace: 'not-in-lint-bundle' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'not-in-lint-bundle' }, (args) => ({
      contents: `throw new Error(${JSON.stringify(`${args.path} is not in lint.cjs: bin/kubeward.cjs runs cli.cjs for this command line`)});`,
      loader: 'js',
    }));
  },
};

/** The first line of each bundle: what bin/kubeward.cjs keys its code cache by (with the file's size and time). */
const BUILD_MARK = '// kubeward-bundle ';

/** Builds one CommonJS bundle and writes it with its content hash on the first line. */
async function bundle(name, entry, plugins = []) {
  const result = await build({
    absWorkingDir: root,
    entryPoints: [entry],
    bundle: true,
    write: false,
    outfile: join(outdir, `${name}.cjs`),
    format: 'cjs',
    platform: 'node',
    target: 'node22.12',
    external: EXTERNAL,
    plugins: [packageRoot, version, lintWorkerModule, importDependency, lazyBuiltins, ...plugins],
    logLevel: 'warning',
    metafile: true,
  });
  // import.meta is empty in a CommonJS bundle (esbuild warns): a module that needs its own URL is replaced above.
  if (result.warnings.length > 0) throw new Error(`bundle ${name}: ${result.warnings.map((w) => w.text).join('; ')}`);
  // A dependency is imported through importDependency (above), never with an import() of its own name.
  for (const output of Object.values(result.metafile.outputs)) {
    const direct = output.imports.filter((i) => i.kind === 'dynamic-import' && i.external).map((i) => i.path);
    if (direct.length > 0) throw new Error(`bundle ${name}: import() of ${direct.join(', ')}: use importDependency`);
  }
  for (const file of result.outputFiles) {
    const hash = createHash('sha256').update(file.contents).digest('hex').slice(0, 16);
    writeFileSync(file.path, `${BUILD_MARK}${hash}\n${file.text}`);
  }
}

rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });
await Promise.all([
  bundle('cli', 'src/cli/main.ts'),
  bundle('lint', 'src/cli/main.ts', [lintOnly]),
  bundle('lint-worker', 'src/cli/lint-worker-main.ts'),
  // version.cjs on its own: bin/kubeward.cjs answers a bare `--version` from it.
  build({
    absWorkingDir: root,
    entryPoints: ['src/version.ts'],
    outfile: join(outdir, 'version.cjs'),
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node22.12',
    plugins: [version],
    logLevel: 'warning',
  }),
]);
