// The CLI as a few bundled files (dist/bundle/), which is what bin/kubeward.js runs: a `kubeward lint` of a small
// file otherwise spends most of its start-up resolving and compiling some 130 modules of ours and 60 of its
// dependencies, one file and one package.json lookup at a time.
//
// main.js holds what every command needs; each command, ajv and the lint worker are chunks loaded when used, so
// `kubeward lint` never compiles the webhook or the cluster client. The webhook's and the cluster's dependencies
// (fastify, pino, prom-client, @kubernetes/client-node) stay outside the bundle and load from node_modules as before.
// dist/ (tsc's output) is still the library that `import 'kubeward'` loads, and what the tests of the source use.
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist', 'bundle');

/** Loaded from node_modules at run time: only `serve` and `audit` use them, and they read their own files. */
const EXTERNAL = ['@kubernetes/client-node', 'fastify', 'pino', 'prom-client'];

/** The bundle is one level deeper than the compiled modules: src/package-root.ts says where the package is. */
const packageRoot = {
  name: 'package-root',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]package-root\.ts$/ }, () => ({
      contents: "export const PACKAGE_ROOT = new URL('../../', import.meta.url);",
      loader: 'ts',
    }));
  },
};

/** The version is package.json's, read here once instead of by every run (src/version.ts reads it for dist/). */
const version = {
  name: 'version',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]version\.ts$/ }, () => ({
      contents: `export const VERSION = ${JSON.stringify(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version)};`,
      loader: 'ts',
    }));
  },
};

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

rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  // version.js on its own: bin/kubeward.js answers a bare `--version` from it without loading main.js (commander).
  entryPoints: {
    main: 'src/cli/main.ts',
    'lint-worker-main': 'src/cli/lint-worker-main.ts',
    version: 'src/version.ts',
  },
  outdir,
  // Entries and chunks in one directory: lint-worker.ts finds lint-worker-main.js beside itself.
  chunkNames: 'chunk-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22.12',
  external: EXTERNAL,
  // The bundled CommonJS dependencies (ajv) call require() for their own modules, which an ES module lacks.
  banner: {
    js: "import { createRequire as __kubewardRequire } from 'node:module';\nconst require = __kubewardRequire(import.meta.url);",
  },
  plugins: [packageRoot, version, lazyBuiltins],
  logLevel: 'warning',
});
