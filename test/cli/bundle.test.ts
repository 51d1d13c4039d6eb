/**
 * bin/kubeward.js runs the bundled CLI (dist/bundle/, scripts/bundle.mjs). What each command loads is what its
 * start-up costs, so the modules are recorded through a resolve hook in the real process: `lint` and `--version` load
 * only the bundle's files and node's built-ins (no dependency from node_modules, none of tsc's dist/ modules, neither
 * the webhook's nor the cluster's chunks), and the bundle's findings are the source's.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CORPUS, ROOT, runCli } from '../helpers/cli.js';
import { scratchDir } from '../helpers/scratch.js';

const BIN = join(ROOT, 'bin', 'kubeward.js');
const BUNDLE = pathToFileURL(join(ROOT, 'dist', 'bundle')).href;
const MODULES_MARK = 'kubeward-test-modules:';

/** A preload that records every module URL resolved and prints them to stderr at exit. */
function hookFile(): string {
  const file = join(scratchDir('bundle-hook'), 'hook.mjs');
  writeFileSync(
    file,
    `import { registerHooks } from 'node:module';
const urls = new Set();
registerHooks({ resolve(specifier, context, next) { const r = next(specifier, context); urls.add(r.url); return r; } });
process.on('exit', () => {
  for (const m of process.moduleLoadList) if (m.startsWith('NativeModule ')) urls.add('node:' + m.slice(13));
  process.stderr.write(${JSON.stringify(MODULES_MARK)} + JSON.stringify([...urls]) + '\\n');
});
`,
  );
  return file;
}

/**
 * Runs the binary with the hook; the modules it loaded besides node's built-ins, the built-ins it loaded (node's
 * internal modules included, as `node:internal/…`), and its outcome. Standard output and error are pipes here.
 */
function loaded(
  args: string[],
  cwd = ROOT,
): { modules: string[]; builtins: string[]; code: number | null; stdout: string } {
  const r = spawnSync(process.execPath, ['--import', pathToFileURL(hookFile()).href, BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  const line = r.stderr.split('\n').find((l) => l.startsWith(MODULES_MARK));
  if (line === undefined) throw new Error(`no module list in stderr: ${r.stderr}`);
  const urls = JSON.parse(line.slice(MODULES_MARK.length)) as string[];
  return {
    modules: urls.filter((u) => !u.startsWith('node:')),
    builtins: urls.filter((u) => u.startsWith('node:')),
    code: r.status,
    stdout: r.stdout,
  };
}

describe('the bundled CLI', () => {
  it('lints a small file loading only the bundle: no node_modules, no tsc modules, no webhook or cluster', () => {
    const { modules, code } = loaded(['lint', join(ROOT, 'examples', 'shop-rendered.yaml'), '--format', 'json']);
    expect(code).toBe(1);
    const outside = modules.filter((u) => u !== pathToFileURL(BIN).href && !u.startsWith(`${BUNDLE}/`));
    expect(outside).toEqual([]);
    // main.js, the lint command's chunks and the engine's: a handful of files, not a module per source file. (14
    // since the output-file helpers moved into io.ts for `rules --out`: esbuild then splits version.ts and the
    // input readers into chunks of their own; the median start-up of this lint did not change, 85-88 ms. 15 since
    // the engine's own checks (engine-checks.ts) are shared by the config and the duplicate check.)
    expect(modules.length).toBeLessThanOrEqual(15);
    // What the lint path leaves out is there: `serve` (stopped by a bad flag once its command is loaded) loads its
    // own chunk, which the lint path did not.
    const serve = loaded(['serve', '--insecure-http', '--port', '99999']);
    expect(serve.code).toBe(2);
    const lintSet = new Set(modules);
    expect(serve.modules.filter((u) => !lintSet.has(u)).length).toBeGreaterThan(0);
  });

  it('answers --version and -V from version.js and its small chunks: not main.js, commander or the rules', () => {
    const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
    for (const flag of ['--version', '-V']) {
      const { modules, code, stdout } = loaded([flag]);
      expect(code).toBe(0);
      expect(stdout).toBe(`${version}\n`);
      const files = modules.filter((u) => u.startsWith(`${BUNDLE}/`)).map((u) => fileURLToPath(u));
      expect(files.map((f) => basename(f))).toContain('version.js');
      expect(files.map((f) => basename(f))).not.toContain('main.js');
      expect(files.reduce((n, f) => n + statSync(f).size, 0)).toBeLessThan(4 * 1024);
    }
    // With anything else on the line, commander answers as before: `lint --version` is the program's version too.
    const withCommand = loaded(['lint', '--version']);
    expect(withCommand.stdout).toBe(`${version}\n`);
    expect(withCommand.modules.some((u) => u.endsWith('/main.js'))).toBe(true);
  });

  it('lints where the compile cache cannot be written: findings as usual, no hang, nothing on stderr', () => {
    const args = [BIN, 'lint', join(ROOT, 'examples', 'shop-rendered.yaml'), '--format', 'json'];
    const usual = spawnSync(process.execPath, args, { encoding: 'utf8' });
    // A TMPDIR that is not a directory (the cache is refused), one under /proc (where node's mkdir never returns),
    // one under a link to /proc, and the cache switched off.
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
    const { builtins, code } = loaded(['lint', join(ROOT, 'examples', 'shop-rendered.yaml'), '--format', 'json']);
    expect(code).toBe(1);
    // child_process (helm, kustomize), worker_threads (inputs past 32 MiB), crypto (SARIF and GitLab fingerprints),
    // each costing the start-up some milliseconds: loaded where they are used. (node:net is not checked: standard
    // output and error are pipes here, which node writes through net sockets.)
    for (const m of ['node:child_process', 'node:worker_threads', 'node:crypto', 'node:v8']) {
      expect(builtins, m).not.toContain(m);
    }
    // The formats and commands that use them still get them.
    const sarif = loaded(['lint', join(ROOT, 'examples', 'shop-rendered.yaml'), '--format', 'sarif']);
    expect(sarif.builtins).toContain('node:crypto');
    expect(JSON.parse(sarif.stdout).runs[0].results[0].partialFingerprints).toBeDefined();
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
