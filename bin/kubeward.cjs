#!/usr/bin/env node
'use strict';
// CommonJS: an ES module here costs the start-up node's ES module loader, about 9 ms of CPU per run (measured).
const {
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} = require('node:fs');
const { tmpdir } = require('node:os');
const { basename, dirname, join, resolve } = require('node:path');
const vm = require('node:vm');

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  // `kubeward --version` as commander answers it, without loading a bundle: most of that start-up.
  process.stdout.write(`${require('../dist/bundle/version.cjs').VERSION}\n`);
} else {
  // lint.cjs holds `kubeward lint` alone (the hot path); cli.cjs every command (scripts/bundle.mjs). The first word
  // decides, as it decides which command run() registers (src/cli/program.ts).
  const lint = args[0] === 'lint';
  const cacheDir = codeCacheDirectory();
  // The webhook is long-running: its start-up is not worth a cache written when it stops. The other commands get
  // node's compile cache for the dependencies they load from node_modules (the cluster client, for audit).
  if (!lint && cacheDir !== undefined) require('node:module').enableCompileCache?.();
  const bundle = join(__dirname, '..', 'dist', 'bundle', `${lint ? 'lint' : 'cli'}.cjs`);
  const { main } = runBundle(bundle, args[0] === 'serve' ? undefined : cacheDir);
  main(process.argv).then((code) => {
    process.exitCode = code;
  });
}

/**
 * Runs a CommonJS bundle as node's loader would, compiled from V8's code cache of it when there is one. Node's own
 * compile cache (module.enableCompileCache) keeps only what is compiled before a module runs, its top level; V8
 * compiles most functions on their first call, and for a small lint that is most of the run's cost. A cache made
 * once the run is over (at exit) holds every function the run compiled, so the next run compiles none of them.
 */
function runBundle(file, cacheDir) {
  let source;
  try {
    source = readFileSync(file, 'utf8');
  } catch (err) {
    process.stderr.write(
      `kubeward: cannot read ${file} (${err.code ?? err.message}): the CLI is not built. In a clone of the repository, run npm run build; otherwise reinstall kubeward.\n`,
    );
    process.exit(2);
  }
  const cache = cacheDir === undefined ? undefined : codeCache(cacheDir, file, source);
  const wrapper = `(function (exports, require, module, __filename, __dirname, __kubewardImport) {${source}\n})`;
  const script = new vm.Script(wrapper, { filename: file, cachedData: cache?.data });
  if (cache !== undefined && (cache.data === undefined || script.cachedDataRejected === true)) {
    process.once('exit', () => cache.save(script));
  }
  const loaded = { exports: {} };
  // This file's require and import(): a bundle loads node's modules, and its dependencies from node_modules, which
  // resolve from bin/ as from dist/bundle/ (the same package's node_modules, then its parents'). An import() in a
  // vm.Script itself would need node's experimental loader for vm scripts, which warns (src/import-dependency.ts).
  const run = script.runInThisContext();
  run.call(loaded.exports, loaded.exports, require, loaded, file, dirname(file), (specifier) => import(specifier));
  return loaded.exports;
}

/**
 * The code cache of one bundle: the bytes saved by an earlier run, and how to save a script's. Keyed by the build's
 * content hash (the bundle's first line), the file's size and modification time (an edited bundle is another
 * file), node's version and platform, and the node flags of the run (V8 refuses a cache made under other flags).
 * A cache V8 refuses is made again at exit; a cache that cannot be read or written is done without.
 */
function codeCache(dir, file, source) {
  const stat = statSync(file);
  const build = /^\/\/ kubeward-bundle ([0-9a-f]+)\n/.exec(source)?.[1] ?? 'unmarked';
  // This build of this file: the caches of other builds of it are garbage once this one has its own.
  const thisBuild = `${basename(file)}-${build}-${stat.size}-${Math.trunc(stat.mtimeMs)}-`;
  const name = `${thisBuild}${process.version}-${process.arch}${flagsKey()}`;
  const path = join(dir, name);
  let data;
  try {
    data = readFileSync(path);
  } catch {
    data = undefined;
  }
  return {
    data,
    save(script) {
      try {
        // Written whole, then renamed: a run reading the cache meanwhile sees the old file or the new one.
        const partial = `${path}.${process.pid}.partial`;
        writeFileSync(partial, script.createCachedData(), { mode: 0o600 });
        renameSync(partial, path);
        // Caches of this bundle's other builds are removed; those of other flags or node versions are kept.
        for (const other of readdirSync(dir)) {
          if (other.startsWith(`${basename(file)}-`) && !other.startsWith(thisBuild)) rmSync(join(dir, other));
        }
      } catch {
        // A full disk, a read-only or vanished directory: the next run compiles as this one did.
      }
    },
  };
}

/**
 * Where the code caches are kept: `kubeward-code-cache-<uid>` in NODE_COMPILE_CACHE (node's compile cache directory,
 * which a CI may keep between jobs) or else the temporary directory, so that an npx, global or read-only install, or a
 * fresh HOME, make no difference. Undefined when caching is off (NODE_DISABLE_COMPILE_CACHE=1, as for node's own) or
 * the directory is not safe to run code from: it must be this user's, writable by nobody else, and not a link.
 */
function codeCacheDirectory() {
  if (process.env.NODE_DISABLE_COMPILE_CACHE === '1') return undefined;
  const base = process.env.NODE_COMPILE_CACHE || tmpdir();
  // Under /proc node 24.21's directory creation for its own cache never returns (a TMPDIR there, or a link to
  // there); nothing there can hold a cache anyway.
  if (`${realDirectory(base)}/`.startsWith('/proc/')) return undefined;
  const uid = process.getuid?.();
  const dir = join(base, uid === undefined ? 'kubeward-code-cache' : `kubeward-code-cache-${uid}`);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = lstatSync(dir);
    if (!st.isDirectory()) return undefined;
    if (uid !== undefined && (st.uid !== uid || (st.mode & 0o077) !== 0)) return undefined;
    return dir;
  } catch {
    return undefined;
  }
}

/** The node flags of this run (command line and NODE_OPTIONS) as a short hash, empty without any. */
function flagsKey() {
  const flags = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].join(' ').trim();
  if (flags === '') return '';
  let h = 0x811c9dc5;
  for (let i = 0; i < flags.length; i++) h = Math.imul(h ^ flags.charCodeAt(i), 0x01000193) >>> 0;
  return `-f${h.toString(16)}`;
}

/** Where a directory is, links followed: its nearest existing ancestor's real path, and the rest of it. */
function realDirectory(dir) {
  let head = resolve(dir);
  let tail = '';
  for (;;) {
    try {
      return realpathSync(head) + tail;
    } catch {
      const parent = dirname(head);
      if (parent === head) return resolve(dir);
      tail = `/${basename(head)}${tail}`;
      head = parent;
    }
  }
}
