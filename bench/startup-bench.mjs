// npm run bench (start-up, issue 17): the CPU (user + system) of one kubeward process against a bare `node -e 0`
// started just before it, as the median of paired ratios, so that a loaded machine moves both sides alike. Targets:
// `kubeward lint` of a small file at most 2x `node -e 0`, `kubeward --version` at most 1.3x. When a peer linter is
// on PATH (kube-score, kube-linter, polaris), the same CPU side by side on a small, a medium and a large input that
// every one of them parses (a corpus file one fails on is left out), with the number of objects each tool reports
// (a peer reports the objects it scores, not every object it reads). Prints figures; asserts nothing. BENCH_PAIRS
// (default 21) pairs per start-up figure, BENCH_PEER_RUNS (default 3) per peer figure.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dump, loadAll } from 'js-yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const corpus = process.env.KUBEWARD_CORPUS ?? join(root, '..', 'shared', 'corpus');
const pairs = Number(process.env.BENCH_PAIRS ?? 21);
const peerRuns = Number(process.env.BENCH_PEER_RUNS ?? 3);
const cli = join(root, 'bin', 'kubeward.cjs');
const node = process.execPath;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** bash's `times` line for children: "0m0.056s 0m0.016s" (user, system). */
function seconds(field) {
  const m = /^(\d+)m([\d.]+)s$/.exec(field);
  if (m === null) throw new Error(`bench: cannot read the time "${field}"`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/**
 * Runs a command (output discarded) and returns its CPU in ms and what it wrote, measured by bash's `times`
 * (getrusage of the children, millisecond resolution), the same way for node and for a Go binary.
 */
function cpuOf(command, args, cwd = root) {
  const out = join(scratch, 'out');
  const script = '"$@" >"$OUT" 2>/dev/null </dev/null; times';
  const r = spawnSync('bash', ['-c', script, 'bash', command, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, OUT: out, NO_COLOR: '1' },
    maxBuffer: 1 << 26,
  });
  const lines = r.stdout.trim().split('\n');
  const [user, system] = (lines[1] ?? '').trim().split(/\s+/);
  return { ms: (seconds(user) + seconds(system)) * 1000, output: readFileSync(out, 'utf8') };
}

const scratch = join(tmpdir(), `kubeward-startup-bench-${process.pid}`);
mkdirSync(scratch, { recursive: true });
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));

const small = join(root, 'examples', 'shop-rendered.yaml');
// A team's config with rule options: its validators are what a run with a config file adds.
const withConfig = join(scratch, 'with-config');
mkdirSync(withConfig, { recursive: true });
writeFileSync(
  join(withConfig, '.kubeward.yaml'),
  'failOn: warning\nrules:\n  resources-qos-class:\n    options:\n      minimum: [{class: Burstable, namespaces: [shop]}]\n  ingress-annotation-sprawl: {severity: info, options: {warnAbove: 20}}\n',
);

/** Paired against `node -e 0`: the median of the ratios, and the medians of each side. */
function paired(label, args, cwd = root, target = undefined) {
  const ratios = [];
  const base = [];
  const ours = [];
  cpuOf(node, [cli, ...args], cwd); // the compile cache written, as every later run finds it
  for (let i = 0; i < pairs; i++) {
    const b = cpuOf(node, ['-e', '0']).ms;
    const o = cpuOf(node, [cli, ...args], cwd).ms;
    base.push(b);
    ours.push(o);
    ratios.push(o / b);
  }
  const goal = target !== undefined ? `  (target <= ${target})` : '';
  console.log(
    `  ${label.padEnd(34)} ${median(ours).toFixed(0).padStart(4)} ms CPU, node -e 0 ${median(base).toFixed(0)} ms: ${median(ratios).toFixed(2)}x${goal}`,
  );
}

console.log(`start-up: CPU per process (user + system), median of ${pairs} pairs with a bare node -e 0`);
paired('kubeward --version', ['--version'], root, 1.3);
paired('kubeward lint small file', ['lint', small, '--format', 'json'], root, 2);
paired('kubeward lint small file, config', ['lint', small, '--format', 'json'], withConfig);
paired('kubeward lint small file, sarif', ['lint', small, '--format', 'sarif']);

// ---- peers, side by side --------------------------------------------------------------------------------------

function onPath(name) {
  return spawnSync('bash', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim() || undefined;
}

/** Each tool: how to run it on a file, and the number of objects its JSON output reports. */
const PEERS = [
  {
    name: 'kube-score',
    args: (file) => ['score', '--output-format', 'json', file],
    objects: (out) => JSON.parse(out).length,
  },
  {
    name: 'kube-linter',
    args: (file) => ['lint', '--format', 'json', file],
    objects: (out) => new Set((JSON.parse(out).Reports ?? []).map((r) => JSON.stringify(r.Object?.K8sObject))).size,
  },
  {
    name: 'polaris',
    args: (file) => ['audit', '--format', 'json', '--audit-path', file],
    objects: (out) => (JSON.parse(out).Results ?? []).length,
  },
];
const peers = PEERS.flatMap((p) => {
  const path = onPath(p.name);
  return path !== undefined ? [{ ...p, path }] : [];
});
if (peers.length === 0) {
  console.log(
    'peers: none on PATH (kube-score installs with `go install github.com/zegl/kube-score/cmd/kube-score@latest`)',
  );
} else {
  // small: the example chart's output; medium: the real corpus files that every peer parses (a file one of them
  // fails on is left out, and named), once; large: the same files ten times over.
  const all = readdirSync(corpus)
    .filter((f) => f.endsWith('.yaml'))
    .sort();
  const failsOn = (peer, file) => {
    try {
      peer.objects(cpuOf(peer.path, peer.args(join(corpus, file))).output);
      return false;
    } catch {
      return true;
    }
  };
  const refused = all.filter((f) => peers.some((p) => failsOn(p, f)));
  const real = all.filter((f) => !refused.includes(f));
  if (refused.length > 0)
    console.log(`peers: left out of medium and large, a peer fails on them: ${refused.join(', ')}`);
  const text = real.map((f) => readFileSync(join(corpus, f), 'utf8')).join('\n---\n');
  const medium = join(scratch, 'medium.yaml');
  writeFileSync(medium, text);
  const large = join(scratch, 'large.yaml');
  // Ten copies, each object renamed (`<name>-c<copy>`): a peer keys objects by name and scores a repeat once.
  const docs = loadAll(text).filter((d) => d !== null && typeof d === 'object');
  const copies = Array.from({ length: 10 }, (_, c) =>
    docs.map((d) =>
      dump(d.metadata?.name ? { ...d, metadata: { ...d.metadata, name: `${d.metadata.name}-c${c}` } } : d),
    ),
  );
  writeFileSync(large, copies.flat().join('---\n'));
  const inputs = [
    ['small', small],
    ['medium', medium],
    ['large', large],
  ];
  console.log(`peers: CPU per run, median of ${peerRuns}, on the same input; objects as each tool reports them`);
  for (const [label, file] of inputs) {
    const runs = [];
    let ours;
    for (let i = 0; i < peerRuns; i++) {
      ours = cpuOf(node, [cli, 'lint', file, '--format', 'json', '--allow-empty']);
      runs.push(ours.ms);
    }
    const oursMs = median(runs);
    const oursObjects = JSON.parse(ours.output).summary.objects;
    console.log(`  ${label}: kubeward ${oursMs.toFixed(0)} ms CPU, ${oursObjects} objects`);
    for (const peer of peers) {
      const times = [];
      let out = '';
      for (let i = 0; i < peerRuns; i++) {
        const r = cpuOf(peer.path, peer.args(file));
        times.push(r.ms);
        out = r.output;
      }
      let objects;
      try {
        objects = peer.objects(out);
      } catch {
        objects = 'no JSON (it failed on the input)';
      }
      // A peer reports the objects it scores (kube-score: workloads, services, budgets…), not every object read.
      const same = typeof objects === 'number' ? '' : '  (not the same work)';
      const t = median(times);
      console.log(
        `    ${peer.name.padEnd(12)} ${t.toFixed(0).padStart(6)} ms CPU, ${objects} objects: kubeward / ${peer.name} ${(oursMs / t).toFixed(2)}${same}`,
      );
    }
  }
}
