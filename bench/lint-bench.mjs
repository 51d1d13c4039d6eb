// npm run bench: lint throughput, memory (peak RSS as a multiple of the input) and start-up time, and the cost of a
// kind: List against the same objects as documents, as medians. Prints figures; asserts nothing.
// Targets (issue 2): lint time / js-yaml parse time <= 1.5 on big.yaml.gz; a small file linted in < 150 ms wall.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { loadAll } from 'js-yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const corpus = process.env.KUBEWARD_CORPUS ?? join(root, '..', 'shared', 'corpus');
const runs = Number(process.env.BENCH_RUNS ?? 5);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${x.toFixed(0)} ms`;

const { lintInputs } = await import(join(root, 'dist/engine/lint.js'));
const { allRules } = await import(join(root, 'dist/rules/index.js'));
const { DEFAULT_CONFIG } = await import(join(root, 'dist/engine/config-types.js'));

const bigGz = join(corpus, 'big.yaml.gz');
if (!existsSync(bigGz)) {
  console.error(`bench: ${bigGz} not found; set KUBEWARD_CORPUS to the corpus directory.`);
  process.exit(2);
}
const text = gunzipSync(readFileSync(bigGz)).toString('utf8');
console.log(`big.yaml: ${(text.length / 1e6).toFixed(1)} MB, ${runs} runs each, medians`);

const parseTimes = [];
const lintTimes = [];
let objects = 0;
let findings = 0;
for (let i = 0; i < runs; i++) {
  globalThis.gc?.();
  let t0 = performance.now();
  loadAll(text);
  parseTimes.push(performance.now() - t0);
  globalThis.gc?.();
  t0 = performance.now();
  const result = lintInputs([{ file: 'big.yaml', text }], { rules: allRules, config: DEFAULT_CONFIG });
  lintTimes.push(performance.now() - t0);
  objects = result.summary.objects;
  findings = result.summary.findings;
}
const parse = median(parseTimes);
const lint = median(lintTimes);
console.log(`  js-yaml loadAll alone:   ${ms(parse)}`);
console.log(
  `  kubeward lint (engine):  ${ms(lint)}  (${objects} objects, ${findings} findings, ${allRules.length} rules)`,
);
console.log(`  objects per second:      ${Math.round(objects / (lint / 1000))}`);
// Each run parses then lints the same text back to back, so the ratio of a pair shares the machine's state of the
// moment; the median of those ratios is steadier than the ratio of two medians on a noisy machine.
const pairRatios = lintTimes.map((l, i) => l / (parseTimes[i] ?? l));
console.log(
  `  ratio lint / parse:      ${median(pairRatios).toFixed(2)} median of ${runs} paired runs (${pairRatios
    .map((r) => r.toFixed(2))
    .join(', ')}), ${(lint / parse).toFixed(2)} of medians  (target <= 1.5)`,
);

// Peak memory of the real CLI on the same input (a child process, so this process's heap does not count).
const tmp = join(root, '.cache');
mkdirSync(tmp, { recursive: true });
const bigFile = join(tmp, 'big.yaml');
if (!existsSync(bigFile)) writeFileSync(bigFile, text);
const cli = join(root, 'bin', 'kubeward.cjs');
const rssRuns = [];
const cliTimes = [];
for (let i = 0; i < runs; i++) {
  const probe = `
    const t0 = performance.now();
    const { main } = await import(${JSON.stringify(join(root, 'dist/cli/main.js'))});
    process.stdout.write = (_chunk, enc, cb) => { (typeof enc === 'function' ? enc : cb)?.(); return true; };
    const code = await main(['node', 'kubeward', 'lint', ${JSON.stringify(bigFile)}, '--format', 'json']);
    console.error(JSON.stringify({ code, maxRSS: process.resourceUsage().maxRSS, ms: performance.now() - t0 }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', probe], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const line = r.stderr.trim().split('\n').pop();
  const m = JSON.parse(line);
  rssRuns.push(m.maxRSS / 1024);
  cliTimes.push(m.ms);
}
console.log(
  `  CLI lint big.yaml:       ${ms(median(cliTimes))} wall, peak RSS ${median(rssRuns).toFixed(0)} MB (${(
    (median(rssRuns) * 2 ** 20) / Buffer.byteLength(text)
  ).toFixed(1)} x the input)`,
);

// Peak RSS as a multiple of the input (issue 11: below 10 times for a 40 MB file), the real CLI in a child process.
const cliPeak = (file, input) => {
  const probe = `
    const t0 = performance.now();
    const { main } = await import(${JSON.stringify(join(root, 'dist/cli/main.js'))});
    process.stdout.write = (_chunk, enc, cb) => { (typeof enc === 'function' ? enc : cb)?.(); return true; };
    const code = await main(['node', 'kubeward', 'lint', ${JSON.stringify(file)}, '--format', 'json']);
    console.error(JSON.stringify({ code, maxRSS: process.resourceUsage().maxRSS, ms: performance.now() - t0 }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', probe], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    ...(input !== undefined ? { input } : {}),
  });
  const line = r.stderr.trim().split('\n').pop();
  return JSON.parse(line);
};
{
  // The first 40 MB of big.yaml, cut at a document boundary.
  const file40 = join(tmp, 'big-40mb.yaml');
  if (!existsSync(file40)) writeFileSync(file40, text.slice(0, text.indexOf('\n---\n', 40e6) + 1));
  const input = readFileSync(file40);
  /** Medians of `runs` runs of the CLI on the 40 MB input, as a file or (`-`) through a pipe. */
  const report = (label, target) => {
    const peaks = [];
    const times = [];
    for (let i = 0; i < runs; i++) {
      const m = target === '-' ? cliPeak('-', input) : cliPeak(target);
      peaks.push(m.maxRSS * 1024);
      times.push(m.ms);
    }
    console.log(
      `  ${label} ${ms(median(times))} wall, peak RSS ${(median(peaks) / 2 ** 20).toFixed(0)} MB = ${(
        median(peaks) / input.length
      ).toFixed(1)} x the input  (target < 10)`,
    );
  };
  report('CLI lint 40 MB file:    ', file40);
  // The same bytes through a pipe (helm template | kubeward lint -).
  report('CLI lint 40 MB on stdin:', '-');
}

// kind: List (what `kubectl get -o json` writes) against the same objects as separate documents (issue 11: a List
// may cost no more per item). The first 4,000 objects of big.yaml, as kubectl formats them (4-space JSON).
{
  const objs = [];
  for (const d of loadAll(text)) {
    if (d !== null && typeof d === 'object' && typeof d.kind === 'string' && !d.kind.endsWith('List')) objs.push(d);
    if (objs.length === 4000) break;
  }
  const listText = JSON.stringify(
    { apiVersion: 'v1', kind: 'List', items: objs, metadata: { resourceVersion: '' } },
    null,
    4,
  );
  const docsText = objs.map((o) => JSON.stringify(o, null, 4)).join('\n---\n');
  const timed = (t) => {
    globalThis.gc?.();
    const t0 = performance.now();
    const r = lintInputs([{ file: 'list.json', text: t }], { rules: allRules, config: DEFAULT_CONFIG });
    return { ms: performance.now() - t0, findings: r.summary.findings };
  };
  const ratios = [];
  const listTimes = [];
  const docTimes = [];
  let counts = '';
  const pairs = Math.max(runs, 5);
  for (let i = 0; i < pairs; i++) {
    // Alternate which goes first: the second of two back-to-back runs pays for the first one's garbage.
    let l;
    let d;
    if (i % 2 === 0) {
      l = timed(listText);
      d = timed(docsText);
    } else {
      d = timed(docsText);
      l = timed(listText);
    }
    listTimes.push(l.ms);
    docTimes.push(d.ms);
    ratios.push(l.ms / d.ms);
    counts = `${l.findings} / ${d.findings} findings`;
  }
  console.log(`kind: List of ${objs.length} items vs the same objects as documents (${counts})`);
  console.log(`  List: ${ms(median(listTimes))}, documents: ${ms(median(docTimes))}`);
  console.log(
    `  ratio List / documents:  ${median(ratios).toFixed(2)} median of ${pairs} paired runs (${ratios
      .map((r) => r.toFixed(2))
      .join(', ')})  (target close to 1)`,
  );
}

// Start-up: a small file through the real binary, wall time per process.
const small = join(root, 'examples', 'shop-rendered.yaml');
const wall = [];
for (let i = 0; i < 11; i++) {
  const t0 = performance.now();
  spawnSync(process.execPath, [cli, 'lint', small, '--format', 'json'], { encoding: 'utf8' });
  wall.push(performance.now() - t0);
}
const nodeOnly = [];
for (let i = 0; i < 11; i++) {
  const t0 = performance.now();
  execFileSync(process.execPath, ['-e', '0']);
  nodeOnly.push(performance.now() - t0);
}
console.log(
  `  small file (CLI, wall):  ${ms(median(wall))}  (target < 150 ms; bare node start ${ms(median(nodeOnly))})`,
);

// Cross-object rules stay linear (issue 4): 10,000 each of workloads, HPAs, VPAs and PDBs in 100 namespaces,
// linted with every rule, and with the cross-object families (autoscaling, availability) turned off.
{
  const N = 10_000;
  const docs = [];
  for (let i = 0; i < N; i++) {
    const ns = `team-${i % 100}`;
    const app = `app-${i}`;
    docs.push(`apiVersion: apps/v1
kind: Deployment
metadata: {name: ${app}, namespace: ${ns}}
spec:
  replicas: 3
  selector: {matchLabels: {app: ${app}}}
  template:
    metadata: {labels: {app: ${app}, tier: web}}
    spec:
      containers:
        - name: app
          image: registry.example.com/${app}:1.0.${i}
          resources: {requests: {cpu: 100m, memory: 128Mi}, limits: {memory: 128Mi}}
          readinessProbe: {httpGet: {path: /ready, port: 8080}}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: ${app}, namespace: ${ns}}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: ${app}}
  minReplicas: 2
  maxReplicas: 10
  metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}}]
---
apiVersion: autoscaling.k8s.io/v1
kind: VerticalPodAutoscaler
metadata: {name: ${app}, namespace: ${ns}}
spec:
  targetRef: {apiVersion: apps/v1, kind: Deployment, name: ${app}}
  updatePolicy: {updateMode: ${i % 2 ? 'Initial' : 'Recreate'}}
  resourcePolicy: {containerPolicies: [{containerName: '*', controlledResources: [memory]}]}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: ${app}, namespace: ${ns}}
spec:
  maxUnavailable: 1
  selector: {matchLabels: {app: ${app}}}
`);
  }
  const synthetic = docs.join('---\n');
  const families = new Set(['autoscaling', 'availability']);
  const crossIds = allRules.filter((r) => families.has(r.meta.family)).map((r) => r.meta.id);
  const without = { ...DEFAULT_CONFIG, rules: Object.fromEntries(crossIds.map((id) => [id, { enabled: false }])) };
  const withTimes = [];
  const withoutTimes = [];
  const pairRatios = [];
  let objs = 0;
  let crossFindings = 0;
  const timed = (config) => {
    globalThis.gc?.();
    const t0 = performance.now();
    const r = lintInputs([{ file: 'synthetic.yaml', text: synthetic }], { rules: allRules, config });
    return { ms: performance.now() - t0, r };
  };
  // Interleaved pairs, alternating which goes first, a GC before each: the machine is noisy, and the second of two
  // back-to-back runs pays for the first one's garbage.
  const pairs = Math.max(runs, 7);
  for (let i = 0; i < pairs; i++) {
    let a;
    let b;
    if (i % 2 === 0) {
      a = timed(without);
      b = timed(DEFAULT_CONFIG);
    } else {
      b = timed(DEFAULT_CONFIG);
      a = timed(without);
    }
    withoutTimes.push(a.ms);
    withTimes.push(b.ms);
    pairRatios.push(b.ms / a.ms);
    objs = b.r.summary.objects;
    crossFindings = b.r.findings.filter((f) => families.has(f.family)).length;
  }
  const a = median(withoutTimes);
  const b = median(withTimes);
  console.log(`synthetic cross-object case: ${objs} objects in 100 namespaces, ${crossIds.length} cross-object rules`);
  console.log(`  without cross-object rules: ${ms(a)}`);
  console.log(`  with them:                  ${ms(b)}  (${crossFindings} findings)`);
  console.log(
    `  added:                      ${(((b - a) / a) * 100).toFixed(1)}% of medians, ${((median(pairRatios) - 1) * 100).toFixed(1)}% median of ${pairs} paired runs  (target < 30%)`,
  );
}
