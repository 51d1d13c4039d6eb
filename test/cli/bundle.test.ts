/**
 * bin/kubeward.cjs runs the bundled CLI (dist/bundle/, scripts/bundle.mjs) from V8's code cache of it. What each
 * command loads is what its start-up costs, so the real process is watched through a preload: the modules resolved
 * (a resolve hook), the files of dist/bundle/ it reads (the bin reads a bundle and compiles it itself), and node's
 * built-ins. `lint` reads lint.cjs alone and loads nothing from node_modules or tsc's dist/; `--version` reads
 * version.cjs alone; and the bundle's findings are the source's.
 */
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  cpSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { CORPUS, ROOT, runCli } from '../helpers/cli.js';
import { scratchDir } from '../helpers/scratch.js';

const BIN = join(ROOT, 'bin', 'kubeward.cjs');
const BUNDLE = join(ROOT, 'dist', 'bundle');
const SMALL = join(ROOT, 'examples', 'shop-rendered.yaml');
const MARK = 'kubeward-test-loaded:';

/** A preload that records the modules resolved and the bundle files read, and prints them to stderr at exit. */
function hookFile(): string {
  // CommonJS, with --require: an ES module's `import fs from 'node:fs'` would itself load node's stream modules.
  const file = join(scratchDir('bundle-hook'), 'hook.cjs');
  writeFileSync(
    file,
    `const fs = require('node:fs');
const { registerHooks } = require('node:module');
const urls = new Set();
const read = new Set();
registerHooks({ resolve(specifier, context, next) { const r = next(specifier, context); urls.add(r.url); return r; } });
const readFileSync = fs.readFileSync;
fs.readFileSync = function (path, ...rest) {
  if (typeof path === 'string' && path.includes(${JSON.stringify(`${BUNDLE}/`)})) read.add(path);
  return readFileSync.call(this, path, ...rest);
};
process.on('exit', () => {
  for (const m of process.moduleLoadList) if (m.startsWith('NativeModule ')) urls.add('node:' + m.slice(13));
  fs.writeSync(2, ${JSON.stringify(MARK)} + JSON.stringify({ urls: [...urls], read: [...read] }) + '\\n');
});
`,
  );
  return file;
}

interface Loaded {
  modules: string[];
  builtins: string[];
  /** The files of dist/bundle/ read, by name. */
  bundles: string[];
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the binary with the hook. Standard output and error are pipes here. */
function loaded(args: string[], cwd = ROOT, env: Record<string, string> = {}): Loaded {
  const r = spawnSync(process.execPath, ['--require', hookFile(), BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
  });
  const line = r.stderr.split('\n').find((l) => l.startsWith(MARK));
  if (line === undefined) throw new Error(`no module list in stderr: ${r.stderr}`);
  const { urls, read } = JSON.parse(line.slice(MARK.length)) as { urls: string[]; read: string[] };
  return {
    modules: urls.filter((u) => !u.startsWith('node:')),
    builtins: urls.filter((u) => u.startsWith('node:')),
    bundles: read.map((f) => basename(f)),
    code: r.status,
    stdout: r.stdout,
    stderr: r.stderr
      .split('\n')
      .filter((l) => !l.startsWith(MARK))
      .join('\n'),
  };
}

describe('the bundled CLI', () => {
  it('lints a small file from lint.cjs alone: no node_modules, no tsc modules, no other bundle', () => {
    const lint = loaded(['lint', SMALL, '--format', 'json']);
    expect(lint.code).toBe(1);
    expect(lint.modules.filter((u) => u !== pathToFileURL(BIN).href)).toEqual([]);
    expect(lint.bundles).toEqual(['lint.cjs']);
    // Every other command line runs cli.cjs, which has every command: `serve` (stopped by a bad flag once its
    // command is loaded) and the help.
    const serve = loaded(['serve', '--insecure-http', '--port', '99999']);
    expect(serve.code).toBe(2);
    expect(serve.bundles).toEqual(['cli.cjs']);
    const help = loaded(['--help']);
    expect(help.code).toBe(0);
    expect(help.bundles).toEqual(['cli.cjs']);
    for (const command of ['lint', 'audit', 'serve', 'migrate', 'migration-report', 'rules']) {
      expect(help.stdout).toContain(`  ${command} `);
    }
  });

  it('answers --version and -V from version.cjs: no other bundle, no commander, no rules', () => {
    const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
    for (const flag of ['--version', '-V']) {
      const { modules, bundles, code, stdout } = loaded([flag]);
      expect(code).toBe(0);
      expect(stdout).toBe(`${version}\n`);
      expect(bundles).toEqual(['version.cjs']);
      expect(modules.map((u) => basename(u))).toContain('version.cjs');
      expect(statSync(join(BUNDLE, 'version.cjs')).size).toBeLessThan(4 * 1024);
    }
    // With anything else on the line, commander answers as before: `lint --version` is the program's version too.
    const withCommand = loaded(['lint', '--version']);
    expect(withCommand.stdout).toBe(`${version}\n`);
    expect(withCommand.bundles).toEqual(['lint.cjs']);
  });

  it('lints where the cache cannot be written: findings as usual, no hang, nothing on stderr', () => {
    const args = [BIN, 'lint', SMALL, '--format', 'json'];
    const usual = spawnSync(process.execPath, args, { encoding: 'utf8' });
    // A TMPDIR that is not a directory (the cache is refused), one under /proc (where node's recursive mkdir never
    // returns), one under a link to /proc, and the cache switched off.
    const link = join(scratchDir('bundle-proc-link'), 'proc');
    symlinkSync('/proc', link);
    for (const env of [
      { TMPDIR: '/dev/null/tmp' },
      { TMPDIR: '/proc/kubeward-no-such-dir' },
      { TMPDIR: join(link, 'kubeward-no-such-dir') },
      { NODE_DISABLE_COMPILE_CACHE: '1' },
    ]) {
      const r = spawnSync(process.execPath, args, {
        encoding: 'utf8',
        env: { ...process.env, ...env },
        timeout: 20_000,
      });
      expect(r.signal, JSON.stringify(env)).toBeNull();
      expect(r.status, JSON.stringify(env)).toBe(usual.status);
      expect(r.stderr).toBe('');
      expect(JSON.parse(r.stdout).findings).toEqual(JSON.parse(usual.stdout).findings);
    }
  });

  it("lints a small file without loading node's modules that only other paths need", () => {
    const { builtins, code } = loaded(['lint', SMALL, '--format', 'json']);
    expect(code).toBe(1);
    // child_process (helm, kustomize), worker_threads (inputs past 32 MiB), crypto (SARIF and GitLab fingerprints),
    // each costing the start-up some milliseconds: loaded where they are used. Standard output is a pipe here, which
    // the CLI writes without node's stdout stream: no node:net, node:tty or node:stream either.
    for (const m of ['node:child_process', 'node:worker_threads', 'node:crypto', 'node:v8', 'node:net', 'node:tty']) {
      expect(builtins, m).not.toContain(m);
    }
    expect(builtins).not.toContain('node:stream');
    // The formats and commands that use them still get them.
    const sarif = loaded(['lint', SMALL, '--format', 'sarif']);
    expect(sarif.builtins).toContain('node:crypto');
    expect(JSON.parse(sarif.stdout).runs[0].results[0].partialFingerprints).toBeDefined();
  });

  it('says the CLI is not built when its bundle is missing: exit 2, no stack trace', () => {
    const dir = scratchDir('bundle-unbuilt');
    cpSync(join(ROOT, 'bin'), join(dir, 'bin'), { recursive: true });
    const r = spawnSync(process.execPath, [join(dir, 'bin', 'kubeward.cjs'), 'lint', SMALL], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `kubeward: cannot read ${join(dir, 'dist', 'bundle', 'lint.cjs')} (ENOENT): the CLI is not built. In a clone of the repository, run npm run build; otherwise reinstall kubeward.\n`,
    );
  });

  it('reports what the source reports, with a config file (its schema read from the package root)', async () => {
    const dir = scratchDir('bundle-config');
    writeFileSync(join(dir, '.kubeward.yaml'), 'rules:\n  resources-qos-class: info\n');
    const file = join(CORPUS, 'argo-cd-install.yaml');
    const bundled = loaded(['lint', file, '--format', 'json'], dir);
    const source = await runCli(['lint', file, '--format', 'json'], { cwd: dir });
    expect(bundled.code).toBe(source.code);
    expect(JSON.parse(bundled.stdout)).toEqual(JSON.parse(source.stdout));
    expect(JSON.parse(source.stdout).findings.some((f: { severity: string }) => f.severity === 'info')).toBe(true);
  });
});

/**
 * An install of the package of its own (bin/ and dist/bundle/: the lint path needs nothing else), so that a test can
 * edit its bundle, and its cache directory (NODE_COMPILE_CACHE).
 */
function scratchInstall(): { bin: string; bundle: string; cacheRoot: string } {
  const dir = scratchDir('bundle-install');
  cpSync(join(ROOT, 'bin'), join(dir, 'bin'), { recursive: true });
  cpSync(BUNDLE, join(dir, 'dist', 'bundle'), { recursive: true, preserveTimestamps: true });
  return { bin: join(dir, 'bin', 'kubeward.cjs'), bundle: join(dir, 'dist', 'bundle'), cacheRoot: join(dir, 'cache') };
}

function lintWith(bin: string, env: Record<string, string>, nodeArgs: string[] = []) {
  const r = spawnSync(process.execPath, [...nodeArgs, bin, 'lint', SMALL, '--format', 'json'], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 30_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const uid = process.getuid?.();
const cacheDirName = uid === undefined ? 'kubeward-code-cache' : `kubeward-code-cache-${uid}`;

/** The cache files of a cache root, by name, with their size and inode (a file written again is a new inode). */
function cacheFiles(cacheRoot: string): { name: string; size: number; ino: number }[] {
  const dir = join(cacheRoot, cacheDirName);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.map((name) => {
    const st = statSync(join(dir, name));
    return { name, size: st.size, ino: st.ino };
  });
}

/** The size of V8's cache of a bundle as compiled, before it runs: its top level only. */
function topLevelCacheSize(bundle: string): number {
  const source = readFileSync(bundle, 'utf8');
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: bundle,
  });
  return script.createCachedData().length;
}

describe('the code cache of the lint bundle', () => {
  it('is made by the first run, with the functions it ran, and used as it is by the next', () => {
    const { bin, bundle, cacheRoot } = scratchInstall();
    const env = { NODE_COMPILE_CACHE: cacheRoot };
    const first = lintWith(bin, env);
    expect(first.code).toBe(1);
    expect(first.stderr).toBe('');
    const made = cacheFiles(cacheRoot);
    expect(made.map((f) => f.name)).toEqual([expect.stringMatching(/^lint\.cjs-[0-9a-f]{16}-\d+-\d+-v[\d.]+-\w+$/)]);
    // Made at exit, it holds what the run compiled, not only the bundle's top level (node's own compile cache).
    expect(made[0]?.size).toBeGreaterThan(2 * topLevelCacheSize(join(bundle, 'lint.cjs')));
    const second = lintWith(bin, env);
    expect(second).toEqual(first);
    expect(cacheFiles(cacheRoot)).toEqual(made);
    const mode = statSync(join(cacheRoot, cacheDirName)).mode & 0o777;
    if (uid !== undefined) expect(mode).toBe(0o700);
  });

  it('is made again when V8 refuses it, and for other node flags; an edited bundle replaces its cache', () => {
    const { bin, bundle, cacheRoot } = scratchInstall();
    const env = { NODE_COMPILE_CACHE: cacheRoot };
    const usual = lintWith(bin, env);
    const [made] = cacheFiles(cacheRoot);
    if (made === undefined) throw new Error('no cache made');
    // Garbage of the same length: V8 refuses it, the run is as usual, and a cache is written in its place.
    const path = join(cacheRoot, cacheDirName, made.name);
    writeFileSync(path, Buffer.alloc(made.size, 7));
    expect(lintWith(bin, env)).toEqual(usual);
    const remade = cacheFiles(cacheRoot);
    expect(remade.map((f) => f.name)).toEqual([made.name]);
    expect(readFileSync(path).equals(Buffer.alloc(made.size, 7))).toBe(false);
    // Other node flags: a cache of their own, beside the first.
    expect(lintWith(bin, env, ['--stack-size=2000'])).toEqual(usual);
    expect(cacheFiles(cacheRoot).length).toBe(2);
    // An edited bundle (here only its time) is another file: a cache of its own, and the old build's are removed.
    const file = join(bundle, 'lint.cjs');
    const later = new Date(statSync(file).mtimeMs + 60_000);
    utimesSync(file, later, later);
    expect(lintWith(bin, env)).toEqual(usual);
    const after = cacheFiles(cacheRoot);
    expect(after.length).toBe(1);
    expect(after[0]?.name).not.toBe(made.name);
  });

  it('is not read or written in a directory another user could write to, nor through a link', () => {
    const { bin, cacheRoot } = scratchInstall();
    const usual = lintWith(bin, { NODE_DISABLE_COMPILE_CACHE: '1' });
    expect(cacheFiles(cacheRoot)).toEqual([]);
    const dir = join(cacheRoot, cacheDirName);
    mkdirSync(dir, { recursive: true });
    chmodSync(dir, 0o777);
    expect(lintWith(bin, { NODE_COMPILE_CACHE: cacheRoot })).toEqual(usual);
    expect(readdirSync(dir)).toEqual([]);
    chmodSync(dir, 0o700);
    if (uid === 0) {
      // Root can hand the directory to someone else: it is not this user's any more.
      chownSync(dir, 12345, 12345);
      expect(lintWith(bin, { NODE_COMPILE_CACHE: cacheRoot })).toEqual(usual);
      expect(readdirSync(dir)).toEqual([]);
    }
    const linked = scratchDir('bundle-cache-link');
    const target = scratchDir('bundle-cache-target');
    chmodSync(target, 0o700);
    symlinkSync(target, join(linked, cacheDirName));
    expect(lintWith(bin, { NODE_COMPILE_CACHE: linked })).toEqual(usual);
    expect(readdirSync(target)).toEqual([]);
    // The usual directory, for comparison: the cache is made there.
    const fresh = scratchDir('bundle-cache-fresh');
    expect(lintWith(bin, { NODE_COMPILE_CACHE: fresh })).toEqual(usual);
    expect(cacheFiles(fresh).length).toBe(1);
  });
});
