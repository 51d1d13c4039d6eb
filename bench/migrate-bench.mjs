// npm run bench (after lint-bench.mjs), or `node bench/migrate-bench.mjs` on a build: `kubeward migrate --to
// gateway-api` on 5,000 ingress-nginx Ingresses with 20 annotations each, as a ratio to `kubeward lint` of the same
// file (issue 13: target at most 2x), the same for `kubeward migration-report` (issue 14: at most 2x), and whether
// migrate's cost grows linearly (1,000 vs 5,000 Ingresses).
// Prints figures; asserts nothing. BENCH_PAIRS sets the number of paired runs (default 7); `--input N` prints the
// generated input of N Ingresses and exits.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'bin', 'kubeward.cjs');
const pairs = Math.max(5, Number(process.env.BENCH_PAIRS ?? 7));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${x.toFixed(0)} ms`;

const NAMESPACES = 50;
const HOSTS = 400;

/**
 * The annotations of Ingress `i` on host `h`: always 20, half of them keys migrate translates and half keys it
 * classifies (security keys among them, so routes are marked open). Hosts h % 4 === 0 use the rewrite idiom
 * `/x(/|$)(.*)` + `/$2` (regex mode, host-wide); the others set use-regex on none of their Ingresses.
 */
function annotationsOf(i, h) {
  const regexHost = h % 4 === 0;
  const translated = {
    'ssl-redirect': i % 5 === 0 ? 'false' : 'true',
    'force-ssl-redirect': i % 7 === 0 ? 'true' : 'false',
    ...(regexHost
      ? { 'rewrite-target': '/$2', ...(i % 2 ? { 'use-regex': 'true' } : { 'x-forwarded-prefix': `/svc-${i}` }) }
      : { 'upstream-vhost': `svc-${i}.internal` }),
    'proxy-connect-timeout': String(5 + (i % 10)),
    'proxy-send-timeout': String(60 + (i % 30)),
    'proxy-read-timeout': String(60 + (i % 120)),
    'enable-cors': 'true',
    'cors-allow-origin': `https://app-${i % 20}.example.com`,
    'cors-allow-methods': 'GET, POST, OPTIONS',
    ...(regexHost ? {} : { 'cors-max-age': '600' }),
  };
  const classified = {
    'auth-url': `http://auth.team-${i % NAMESPACES}.svc.cluster.local/verify`,
    'auth-response-headers': 'X-User, X-Email',
    'limit-rps': String(10 + (i % 50)),
    'limit-connections': String(20 + (i % 10)),
    'configuration-snippet': `more_set_headers "X-Request-Id: $req_id";\nadd_header X-Ingress ${i};`,
    affinity: 'cookie',
    'session-cookie-name': `route-${i % 100}`,
    'proxy-body-size': `${1 + (i % 64)}m`,
    'proxy-buffer-size': '16k',
    'whitelist-source-range': `10.${i % 256}.0.0/16,192.168.0.0/24`,
  };
  const all = { ...translated, ...classified };
  const keys = Object.keys(all);
  if (keys.length !== 20) throw new Error(`bench: ${keys.length} annotations, not 20`);
  return Object.fromEntries(keys.map((k) => [`nginx.ingress.kubernetes.io/${k}`, all[k]]));
}

/** `n` Ingresses of class nginx over HOSTS hosts in NAMESPACES namespaces, a third of the hosts with TLS. */
function ingressesYaml(n) {
  const docs = [
    'apiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata:\n  name: nginx\nspec:\n  controller: k8s.io/ingress-nginx\n',
  ];
  for (let i = 0; i < n; i++) {
    const h = i % HOSTS;
    const host = `host-${h}.example.com`;
    const regexHost = h % 4 === 0;
    const paths = regexHost ? [`/svc-${i}(/|$)(.*)`, `/api-${i}(/|$)(.*)`] : [`/svc-${i}`, `/static-${i}`];
    const annotations = Object.entries(annotationsOf(i, h))
      .map(([k, v]) => `    ${k}: ${JSON.stringify(v)}`)
      .join('\n');
    const tls = h % 3 === 0 ? `  tls:\n    - hosts: [${host}]\n      secretName: tls-host-${h}\n` : '';
    docs.push(`apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: app-${i}
  namespace: team-${i % NAMESPACES}
  annotations:
${annotations}
spec:
  ingressClassName: nginx
${tls}  rules:
    - host: ${host}
      http:
        paths:
${paths
  .map(
    (p, j) => `          - path: ${JSON.stringify(p)}
            pathType: ${regexHost ? 'ImplementationSpecific' : 'Prefix'}
            backend:
              service:
                name: app-${i}-${j}
                port:
                  number: ${8080 + j}`,
  )
  .join('\n')}
`);
  }
  return docs.join('---\n');
}

// `node bench/migrate-bench.mjs --input N` prints the input of N Ingresses instead (to profile, or to look at it).
if (process.argv[2] === '--input') {
  process.stdout.write(ingressesYaml(Number(process.argv[3] ?? 5000)));
  process.exit(0);
}

const dir = mkdtempSync(join(tmpdir(), 'kubeward-migrate-bench-'));
// A preload that reports the process's CPU time (every thread) and peak RSS when it exits.
const probe = join(dir, 'probe.mjs');
writeFileSync(
  probe,
  `process.on('exit', () => {
  const u = process.resourceUsage();
  process.stderr.write('kubeward-bench:' + JSON.stringify({ cpu: (u.userCPUTime + u.systemCPUTime) / 1000, rss: u.maxRSS }) + '\\n');
});
`,
);

/** One run of the real binary: CPU and wall milliseconds, peak RSS in MB, and its exit code. */
function run(args) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', pathToFileURL(probe).href, cli, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const wall = performance.now() - t0;
  const line = r.stderr.split('\n').find((l) => l.startsWith('kubeward-bench:'));
  if (line === undefined) throw new Error(`bench: no figures from kubeward ${args.join(' ')}: ${r.stderr}`);
  const m = JSON.parse(line.slice('kubeward-bench:'.length));
  return { cpu: m.cpu, wall, rss: m.rss / 1024, code: r.status, stderr: r.stderr };
}

try {
  const files = {};
  for (const n of [1000, 5000]) {
    files[n] = join(dir, `ingresses-${n}.yaml`);
    writeFileSync(files[n], ingressesYaml(n));
  }
  const out = join(dir, 'drafts.yaml');
  // Both placements translate every Ingress: a Gateway per namespace holds its 8 hosts' listeners; the default, one
  // shared Gateway per IngressClass, puts the listeners past its 64 in ListenerSets attached to it.
  const MODES = { 'per-namespace': ['--gateway', 'per-namespace'], 'shared (default)': [] };
  const migrate = (file, mode) => run(['migrate', '--to', 'gateway-api', ...MODES[mode], file, '-o', out]);
  const lint = (file) => run(['lint', file, '-f', 'json', '-o', '/dev/null']);
  const REPORT = 'migration-report';
  const report = (file) => run([REPORT, file, '-o', join(dir, 'report.md')]);
  const HTML = 'migration-report html';
  const html = (file) => run([REPORT, file, '-f', 'html', '-o', join(dir, 'report.html')]);

  console.log(`migrate --to gateway-api: 5,000 Ingresses x 20 annotations, ${HOSTS} hosts, ${NAMESPACES} namespaces`);
  for (const mode of Object.keys(MODES)) {
    const first = migrate(files[5000], mode);
    if (first.code !== 0) throw new Error(`bench: migrate exited ${first.code}: ${first.stderr}`);
    const summary = first.stderr.split('\n').find((l) => l.startsWith('kubeward migrate:')) ?? '';
    console.log(`  ${mode}: ${summary.replace(/^kubeward migrate: /, '')}`);
  }

  // Paired runs (lint and each mode), rotating which goes first: the runs of one round share the machine's moment.
  const rounds = [];
  const jobs = [
    ['lint', () => lint(files[5000])],
    ...Object.keys(MODES).map((m) => [m, () => migrate(files[5000], m)]),
    [REPORT, () => report(files[5000])],
    [HTML, () => html(files[5000])],
  ];
  for (let i = 0; i < pairs; i++) {
    const round = {};
    for (let j = 0; j < jobs.length; j++) {
      const [name, job] = jobs[(i + j) % jobs.length];
      round[name] = job();
    }
    rounds.push(round);
  }
  const med = (name, key) => median(rounds.map((r) => r[name][key]));
  for (const name of jobs.map(([n]) => n)) {
    console.log(
      `  CLI ${name === 'lint' || name === REPORT || name === HTML ? name : `migrate ${name}`}: ${ms(med(name, 'cpu'))} CPU, ${ms(med(name, 'wall'))} wall, peak RSS ${med(name, 'rss').toFixed(0)} MB`,
    );
  }
  console.log(`  HTML page of 5,000 Ingresses: ${(statSync(join(dir, 'report.html')).size / 2 ** 20).toFixed(1)} MiB`);
  for (const mode of [...Object.keys(MODES), REPORT, HTML]) {
    const cpu = rounds.map((r) => r[mode].cpu / r.lint.cpu);
    const wall = rounds.map((r) => r[mode].wall / r.lint.wall);
    console.log(
      `  ratio ${mode === REPORT || mode === HTML ? mode : `migrate ${mode}`} / lint: ${median(cpu).toFixed(2)} CPU, ${median(wall).toFixed(2)} wall, medians of ${pairs} paired runs (CPU ${cpu
        .map((r) => r.toFixed(2))
        .join(', ')})  (target <= 2)`,
    );
  }

  // Linear growth: 1,000 against 5,000 Ingresses (every one translated), paired; the start-up (a --version) is
  // taken off both.
  const m1 = [];
  const m5 = [];
  const starts = [];
  for (let i = 0; i < pairs; i++) {
    starts.push(run(['--version']).cpu);
    if (i % 2 === 0) {
      m1.push(migrate(files[1000], 'per-namespace').cpu);
      m5.push(migrate(files[5000], 'per-namespace').cpu);
    } else {
      m5.push(migrate(files[5000], 'per-namespace').cpu);
      m1.push(migrate(files[1000], 'per-namespace').cpu);
    }
  }
  const start = median(starts);
  const growth = m5.map((b, i) => (b - start) / ((m1[i] ?? b) - start));
  console.log(
    `  growth 1,000 -> 5,000 Ingresses (per-namespace): ${ms(median(m1))} -> ${ms(median(m5))} CPU; less start-up (${ms(start)}): ${median(growth).toFixed(2)}x  (linear: 5)`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
