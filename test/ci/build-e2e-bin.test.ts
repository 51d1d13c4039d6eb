/**
 * scripts/build-e2e-bin.sh, the build `.ci/run` uses for the end-to-end binaries, run for real with a fake `go` on
 * PATH (a shell script that answers `go mod download -json` from a read-only fake module cache and whose `go build`
 * writes small fake binaries, fails, or waits) and a scratch HOME. The real Go build is never run here.
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { scratchDir } from '../helpers/scratch.js';

const SCRIPT = join(ROOT, 'scripts', 'build-e2e-bin.sh');
const NAME = 'k8s-v1.36.3-etcd-v3.6.16';
const which = (tool: string) => execFileSync('bash', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim();
const BASH = which('bash');

/** What the script and the fake go may run, and nothing else: no real go can be found through this PATH. */
const TOOLS = [
  'bash',
  'basename',
  'cat',
  'chmod',
  'cp',
  'date',
  'flock',
  'grep',
  'ls',
  'mkdir',
  'mktemp',
  'mv',
  'rm',
  'sed',
  'sleep',
  'tail',
  'timeout',
  'tr',
];

const FAKE_GO = `#!${BASH}
set -eu
state="$FAKE_GO_STATE"
echo "$*" >>"$state/calls"
case "$1" in
version) echo "go version go1.99.0 fake/amd64" ;;
env) echo "go1.99.0" ;;
mod)
  mod="$4"
  if [ "\${FAKE_GO_FAIL:-}" = download ]; then
    printf '{\\n\\t"Path": "%s",\\n\\t"Error": "proxy.golang.org: 403 Forbidden"\\n}\\n' "\${mod%@*}"
    exit 1
  fi
  dir="$state/modcache/$(echo "$mod" | tr '/@' '__')"
  if [ ! -d "$dir" ]; then
    mkdir -p "$dir/cmd/kube-apiserver"
    case "$mod" in
    k8s.io/kubernetes@*)
      printf 'module k8s.io/kubernetes\\n\\nreplace (\\n\\tk8s.io/api => ./staging/src/k8s.io/api\\n\\tk8s.io/client-go => ./staging/src/k8s.io/client-go\\n)\\n' >"$dir/go.mod"
      : >"$dir/go.work"
      mkdir "$dir/vendor"
      ;;
    *) printf 'module go.etcd.io/etcd/server/v3\\n\\nreplace (\\n\\tgo.etcd.io/etcd/api/v3 => ../api\\n\\tgo.etcd.io/etcd/client/pkg/v3 => ../client/pkg\\n)\\n' >"$dir/go.mod" ;;
    esac
    chmod -R a-w "$dir"
  fi
  printf '{\\n\\t"Path": "%s",\\n\\t"Version": "%s",\\n\\t"Dir": "%s",\\n\\t"GoMod": "%s/go.mod"\\n}\\n' "\${mod%@*}" "\${mod#*@}" "$dir" "$dir"
  ;;
build)
  out=""
  ldflags=""
  while [ $# -gt 0 ]; do
    if [ "$1" = -o ]; then out="$2"; fi
    if [ "$1" = -ldflags ]; then ldflags="$2"; fi
    shift
  done
  name="$(basename "$out")"
  echo "go: downloading example.com/fake v1.0.0"
  {
    echo "== $name"
    cat go.mod
    ls -A
    echo "GOFLAGS=$GOFLAGS CGO_ENABLED=$CGO_ENABLED GOTOOLCHAIN=\${GOTOOLCHAIN:-}"
    echo "ldflags=$ldflags"
    if [ -e "$FAKE_GO_DEST" ]; then echo "destination exists"; else echo "destination absent"; fi
  } >>"$state/builds"
  if [ "\${FAKE_GO_FAIL:-}" = build ]; then
    echo "cmd/kube-apiserver/app/server.go:42:1: syntax error: fake failure" >&2
    exit 1
  fi
  if [ -n "\${FAKE_GO_HOLD:-}" ] && [ "$name" = kube-apiserver ]; then
    echo $$ >"$state/held"
    while [ ! -e "$state/release" ]; do sleep 0.05; done
  fi
  case "$name" in
  # Like the real one: the version the linker set in k8s.io/component-base/version, else v0.0.0-master.
  kube-apiserver)
    version="$(echo "$ldflags" | sed -n 's#.*-X k8s.io/component-base/version.gitVersion=\\([^ ]*\\).*#\\1#p')"
    answer="echo 'Kubernetes \${version:-v0.0.0-master}'"
    ;;
  # Line by line, as the real etcd writes them: a reader that stops at the first line makes it die of SIGPIPE.
  *) answer='echo "etcd Version: 3.6.16"; sleep 0.2; echo "Git SHA: Not provided"; echo "Go Version: go1.99.0"' ;;
  esac
  if [ "\${FAKE_GO_FAIL:-}" = binaries ]; then
    printf '#!${BASH}\\necho "exec format error" >&2\\nexit 126\\n' >"$out"
  else
    printf '#!${BASH}\\n%s\\n' "$answer" >"$out"
  fi
  chmod +x "$out"
  ;;
*) echo "fake go: unexpected $*" >&2; exit 2 ;;
esac
`;

interface Sandbox {
  home: string;
  state: string;
  dest: string;
  cache: string;
  env: (extra?: Record<string, string>, withGo?: boolean) => NodeJS.ProcessEnv;
  calls: () => string[];
  builds: () => string;
  leftovers: () => string[];
}

function sandbox(): Sandbox {
  const root = scratchDir('build-e2e-bin');
  const home = join(root, 'home');
  const state = join(root, 'state');
  const tools = join(root, 'tools');
  const goDir = join(root, 'go-bin');
  for (const d of [home, state, tools, goDir]) mkdirSync(d, { recursive: true });
  for (const tool of TOOLS) symlinkSync(which(tool), join(tools, tool));
  writeFileSync(join(goDir, 'go'), FAKE_GO);
  chmodSync(join(goDir, 'go'), 0o755);
  const cache = join(home, '.cache', 'kubeward-e2e');
  const dest = join(cache, NAME);
  const read = (f: string) => (existsSync(join(state, f)) ? readFileSync(join(state, f), 'utf8') : '');
  return {
    home,
    state,
    dest,
    cache,
    env: (extra = {}, withGo = true) => ({
      HOME: home,
      PATH: withGo ? `${goDir}:${tools}` : tools,
      FAKE_GO_STATE: state,
      FAKE_GO_DEST: dest,
      ...extra,
    }),
    calls: () => read('calls').split('\n').filter(Boolean),
    builds: () => read('builds'),
    leftovers: () =>
      existsSync(cache) ? readdirSync(cache).filter((f) => f.includes('.build-') || f.includes('.old-')) : [],
  };
}

function runScript(env: NodeJS.ProcessEnv) {
  const r = spawnSync(BASH, [SCRIPT], { env, encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Running {
  child: ChildProcess;
  stderr: () => string;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

function startScript(env: NodeJS.ProcessEnv): Running {
  const child = spawn(BASH, [SCRIPT], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>(
    (resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, stderr: () => stderr, done };
}

async function waitFor(what: string, test: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!test()) {
    if (Date.now() > end) throw new Error(`${what} did not happen within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('scripts/build-e2e-bin.sh', () => {
  it('builds both binaries with the recipe into the versioned cache directory and prints it', () => {
    const s = sandbox();
    const r = runScript(s.env());
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${s.dest}\n`);
    expect(execFileSync(join(s.dest, 'kube-apiserver'), ['--version'], { encoding: 'utf8' })).toBe(
      'Kubernetes v1.36.3\n',
    );
    expect(execFileSync(join(s.dest, 'etcd'), ['--version'], { encoding: 'utf8' })).toContain('3.6.16');
    expect(readFileSync(join(s.dest, 'BUILD-INFO'), 'utf8')).toContain('go1.99.0');
    const builds = s.builds();
    // Each build ran in a writable copy with the published staging modules and sibling etcd modules replaced in...
    expect(builds).toContain('k8s.io/api => k8s.io/api v0.36.3');
    expect(builds).toContain('k8s.io/client-go => k8s.io/client-go v0.36.3');
    expect(builds).toContain('go.etcd.io/etcd/api/v3 => go.etcd.io/etcd/api/v3 v3.6.16');
    expect(builds).toContain('go.etcd.io/etcd/client/pkg/v3 => go.etcd.io/etcd/client/pkg/v3 v3.6.16');
    expect(builds).not.toContain('./staging/');
    expect(builds).not.toMatch(/=> \.\.\//);
    expect(builds).not.toMatch(/^(go\.work|vendor)$/m);
    expect(builds).toContain('GOFLAGS=-mod=mod -buildvcs=false CGO_ENABLED=0 GOTOOLCHAIN=local');
    // kube-apiserver carries the version variables of Kubernetes' own build (hack/lib/version.sh); etcd none.
    const [apiserverFlags, etcdFlags] = [...builds.matchAll(/^ldflags=(.*)$/gm)].map((m) => m[1]);
    for (const pkg of ['k8s.io/component-base/version', 'k8s.io/client-go/pkg/version']) {
      expect(apiserverFlags).toContain(`-X ${pkg}.gitVersion=v1.36.3`);
      expect(apiserverFlags).toContain(`-X ${pkg}.gitMajor=1`);
      expect(apiserverFlags).toContain(`-X ${pkg}.gitMinor=36`);
      expect(apiserverFlags).toMatch(new RegExp(`-X ${pkg.replaceAll('.', '\\.')}\\.buildDate=\\d{4}-\\d\\d-\\d\\dT`));
    }
    expect(etcdFlags).toBe('');
    // ...while the versioned directory did not exist yet: it appears in one rename at the end.
    expect(builds.match(/destination absent/g)).toHaveLength(2);
    expect(builds).not.toContain('destination exists');
    expect(s.leftovers()).toEqual([]);
    // Go's output is in the log, not on CI's output.
    expect(r.stderr).not.toContain('go: downloading');
    expect(readFileSync(join(s.cache, `${NAME}.log`), 'utf8')).toContain('go: downloading example.com/fake');
    expect(r.stderr).toMatch(/built in \d+ s into /);
  });

  it('uses the cached binaries without running go, even when there is no go at all', () => {
    const s = sandbox();
    expect(runScript(s.env()).code).toBe(0);
    const callsAfterBuild = s.calls().length;
    expect(callsAfterBuild).toBeGreaterThan(0);
    for (const withGo of [true, false]) {
      const r = runScript(s.env({}, withGo));
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`${s.dest}\n`);
      expect(r.stderr).toBe(`e2e binaries: cached in ${s.dest}\n`);
    }
    expect(s.calls()).toHaveLength(callsAfterBuild);
  });

  it('honours XDG_CACHE_HOME and KUBEWARD_E2E_CACHE for where the cache lives', () => {
    const s = sandbox();
    const xdg = join(s.home, 'xdg');
    expect(runScript(s.env({ XDG_CACHE_HOME: xdg })).stdout).toBe(`${join(xdg, 'kubeward-e2e', NAME)}\n`);
    const own = join(s.home, 'own');
    expect(runScript(s.env({ XDG_CACHE_HOME: xdg, KUBEWARD_E2E_CACHE: own })).stdout).toBe(`${join(own, NAME)}\n`);
  });

  it('warns in one line and exits 0 without go, creating nothing', () => {
    const s = sandbox();
    const r = runScript(s.env({}, false));
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^warning: e2e binaries: .*no Go toolchain on PATH.*the end-to-end suites will skip\n$/);
    expect(existsSync(s.cache)).toBe(false);
  });

  it.each([
    ['the build fails', 'build', 'syntax error: fake failure'],
    ['the module proxy refuses', 'download', '403 Forbidden'],
    ['the built binaries do not run', 'binaries', 'do not answer --version'],
  ])('warns with the log path and its last lines, exits 0 and leaves no directory when %s', (_, fail, cause) => {
    const s = sandbox();
    const r = runScript(s.env({ FAKE_GO_FAIL: fail }));
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    const log = join(s.cache, `${NAME}.log`);
    expect(r.stderr).toMatch(
      /^warning: e2e binaries: the build failed after \d+ s \(exit 1\); the end-to-end suites will skip$/m,
    );
    expect(r.stderr).toContain(`its log is ${log}; the last 20 lines:`);
    expect(r.stderr).toContain(cause);
    expect(readFileSync(log, 'utf8')).toContain(cause);
    expect(existsSync(s.dest)).toBe(false);
    expect(s.leftovers()).toEqual([]);
  });

  it('rebuilds a cached directory whose binaries do not answer --version', () => {
    const s = sandbox();
    mkdirSync(s.dest, { recursive: true });
    for (const bin of ['kube-apiserver', 'etcd']) {
      writeFileSync(join(s.dest, bin), `#!${BASH}\nexit 1\n`);
      chmodSync(join(s.dest, bin), 0o755);
    }
    const r = runScript(s.env());
    expect(r.stdout).toBe(`${s.dest}\n`);
    expect(s.builds().match(/^== /gm)).toHaveLength(2);
    expect(execFileSync(join(s.dest, 'etcd'), ['--version'], { encoding: 'utf8' })).toContain('3.6.16');
    expect(s.leftovers()).toEqual([]);
  });

  it('rebuilds a cached kube-apiserver that does not say v1.36.3 (a build without the version ldflags)', () => {
    const s = sandbox();
    mkdirSync(s.dest, { recursive: true });
    writeFileSync(join(s.dest, 'kube-apiserver'), `#!${BASH}\necho 'Kubernetes v0.0.0-master+$Format:%H$'\n`);
    writeFileSync(join(s.dest, 'etcd'), `#!${BASH}\necho 'etcd Version: 3.6.16'\n`);
    for (const bin of ['kube-apiserver', 'etcd']) chmodSync(join(s.dest, bin), 0o755);
    const r = runScript(s.env());
    expect(r.stdout).toBe(`${s.dest}\n`);
    expect(r.stderr).not.toContain('cached in');
    expect(s.builds().match(/^== /gm)).toHaveLength(2);
    expect(execFileSync(join(s.dest, 'kube-apiserver'), ['--version'], { encoding: 'utf8' })).toBe(
      'Kubernetes v1.36.3\n',
    );
    expect(s.leftovers()).toEqual([]);
  });

  it('never counts what a killed build left as cached, and removes it', () => {
    const s = sandbox();
    const stale = join(s.cache, `.${NAME}.build-abc123`, 'bin');
    mkdirSync(stale, { recursive: true });
    for (const bin of ['kube-apiserver', 'etcd']) {
      writeFileSync(join(stale, bin), `#!${BASH}\necho 'etcd Version: 3.6.16'\n`);
      chmodSync(join(stale, bin), 0o755);
    }
    const r = runScript(s.env());
    expect(r.stdout).toBe(`${s.dest}\n`);
    expect(s.builds().match(/^== /gm)).toHaveLength(2);
    expect(s.leftovers()).toEqual([]);
  });

  it('stops the build and leaves no directory when interrupted', async () => {
    const s = sandbox();
    const run = startScript(s.env({ FAKE_GO_HOLD: '1' }));
    const held = join(s.state, 'held');
    await waitFor('the fake go build starting', () => existsSync(held));
    const goPid = Number(readFileSync(held, 'utf8'));
    run.child.kill('SIGTERM');
    const r = await run.done;
    expect(r.code).toBe(143);
    expect(r.stdout).toBe('');
    await waitFor('the fake go build ending', () => !alive(goPid), 5_000);
    expect(existsSync(s.dest)).toBe(false);
    expect(s.leftovers()).toEqual([]);
    // The next run builds from scratch.
    expect(runScript(s.env()).stdout).toBe(`${s.dest}\n`);
  });

  it('gives up with a warning when the build outlasts KUBEWARD_E2E_BUILD_TIMEOUT', async () => {
    const s = sandbox();
    const r = await startScript(s.env({ FAKE_GO_HOLD: '1', KUBEWARD_E2E_BUILD_TIMEOUT: '1' })).done;
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('warning: e2e binaries: the build did not finish within 1 s');
    const goPid = Number(readFileSync(join(s.state, 'held'), 'utf8'));
    await waitFor('the fake go build ending', () => !alive(goPid), 5_000);
    expect(existsSync(s.dest)).toBe(false);
    expect(s.leftovers()).toEqual([]);
  });

  it('lets one build run at a time: a second run waits for it and uses its result', async () => {
    const s = sandbox();
    const first = startScript(s.env({ FAKE_GO_HOLD: '1' }));
    await waitFor('the first build starting', () => existsSync(join(s.state, 'held')));
    const second = startScript(s.env());
    await waitFor('the second run waiting for the lock', () => second.stderr().includes('waiting for it'));
    writeFileSync(join(s.state, 'release'), '');
    const [a, b] = await Promise.all([first.done, second.done]);
    expect(a.stdout).toBe(`${s.dest}\n`);
    expect(b.stdout).toBe(`${s.dest}\n`);
    expect(b.stderr).toContain(`built by another run into ${s.dest}`);
    expect(s.builds().match(/^== /gm)).toHaveLength(2);
  });
});
