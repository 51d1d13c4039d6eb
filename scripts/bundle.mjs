// The CLI as a few bundled files (dist/bundle/), which is what bin/kubeward.js runs: a `kubeward lint` of a small
// file otherwise spends most of its start-up resolving and compiling some 130 modules of ours and 60 of its
// dependencies, one file and one package.json lookup at a time.
//
// main.js holds what every command needs; each command, ajv and the lint worker are chunks loaded when used, so
// `kubeward lint` never compiles the webhook or the cluster client. The webhook's and the cluster's dependencies
// (fastify, pino, prom-client, @kubernetes/client-node) stay outside the bundle and load from node_modules as before.
// dist/ (tsc's output) is still the library that `import 'kubeward'` loads, and what the tests of the source use.
import { rmSync } from 'node:fs';
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

rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { main: 'src/cli/main.ts', 'lint-worker-main': 'src/cli/lint-worker-main.ts' },
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
  plugins: [packageRoot],
  logLevel: 'warning',
});
