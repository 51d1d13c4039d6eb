// npm run bench:webhook: the admission webhook over TLS on loopback, next to a floor server, in one run.
// Prints figures; asserts nothing. Needs dist/ (npm run build) and openssl.
//
//   1. throughput and latency: autocannon, 32 connections, BENCH_DURATION seconds (default 20), a realistic
//      Deployment CREATE review; kubeward (full rule set, 10,000 cached objects) vs a floor server (the same fastify
//      TLS setup answering allow for the same body), that floor holding the same 10,000 objects in memory (what a
//      heap that size costs in garbage collection), and that floor writing kubeward's decision log line (what the
//      line costs). Target: kubeward >= 80% of the floor's requests per second.
//   2. latency at a fixed 500 requests per second (open loop, measured by this script: autocannon's rate limiting
//      sends in bursts). Target: p99 < 10 ms.
//   3. memory: RSS of the kubeward server process with 10,000 cached objects: idle, after the 500 req/s run (a fresh
//      process), and after the flat-out run. Target: < 150 MB.
//   4. cost per request against the cache size: admit() per kind with an empty cache and with 10,000 objects, to
//      catch a rule whose per-index aggregate makes each request O(cache size) (the overlay index is new per request).
//
// Each server runs in a child process (`--child kubeward|floor`), so the load generator does not share its CPU.
import { execFileSync, fork } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { load as loadYaml } from 'js-yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = (p) => pathToFileURL(join(root, 'dist', p)).href;
const fixture = (name) => readFileSync(join(root, 'test', 'fixtures', 'admission', name), 'utf8');
const OBJECTS = Number(process.env.BENCH_OBJECTS ?? 10_000);
const DURATION = Number(process.env.BENCH_DURATION ?? 20);
const CONNECTIONS = 32;
// The servers run with the node flags the Helm chart ships (`nodeOptions` in values.yaml), as in production;
// BENCH_CHILD_ARGS replaces them (e.g. `--cpu-prof`, or '' for node's defaults).
const CHILD_NODE_FLAGS = (
  process.env.BENCH_CHILD_ARGS ??
  loadYaml(readFileSync(join(root, 'charts', 'kubeward', 'values.yaml'), 'utf8')).nodeOptions ??
  ''
)
  .split(' ')
  .filter(Boolean);

if (!existsSync(join(root, 'dist', 'webhook', 'server.js'))) {
  console.error('bench: dist/webhook/server.js not found; run `npm run build` first.');
  process.exit(2);
}

/** Every rule family present in dist/, by id once (the registry may not list them all yet). */
async function fullRuleSet() {
  const { allRules } = await import(dist('rules/index.js'));
  const byId = new Map(allRules.map((r) => [r.meta.id, r]));
  for (const family of ['resources', 'autoscaling', 'availability', 'ingress-annotations', 'ingress-nginx']) {
    const file = join(root, 'dist', 'rules', family, 'index.js');
    if (!existsSync(file)) continue;
    for (const value of Object.values(await import(pathToFileURL(file).href))) {
      if (Array.isArray(value)) for (const r of value) if (r?.meta?.id) byId.set(r.meta.id, r);
    }
  }
  return [...byId.values()];
}

// ---------------------------------------------------------------------------------------------------------------
// A synthetic cluster: 100 objects per namespace, shaped like what the informers cache (no managedFields; never Secrets or ConfigMaps).

function clusterObjects(count) {
  const deployment = JSON.parse(fixture('deployment-create.json')).request.object;
  delete deployment.metadata.managedFields;
  const objects = [
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'IngressClass',
      metadata: { name: 'nginx' },
      spec: { controller: 'k8s.io/ingress-nginx' },
    },
  ];
  const perNamespace = [
    ['Deployment', 25],
    ['Service', 20],
    ['ReplicaSet', 15],
    ['HorizontalPodAutoscaler', 10],
    ['PodDisruptionBudget', 10],
    ['Ingress', 10],
    ['VerticalPodAutoscaler', 5],
    ['StatefulSet', 5],
  ];
  const namespaces = ['shop', ...Array.from({ length: Math.ceil(count / 100) }, (_, i) => `team-${i}`)];
  for (const ns of namespaces) {
    for (const [kind, n] of perNamespace) {
      for (let i = 0; i < n && objects.length < count; i++) {
        const name = ns === 'shop' && i === 0 && kind !== 'Deployment' ? 'checkout' : `${kind.toLowerCase()}-${i}`;
        objects.push(makeObject(kind, ns, name, i, deployment));
      }
    }
  }
  return objects.slice(0, count);
}

function makeObject(kind, ns, name, i, deploymentTemplate) {
  const metadata = { name, namespace: ns, uid: `${ns}-${kind}-${i}`, labels: { 'app.kubernetes.io/name': `app-${i}` } };
  const workload = (k) => {
    const o = structuredClone(deploymentTemplate);
    o.kind = k;
    o.metadata = { ...o.metadata, ...metadata };
    o.spec.selector = { matchLabels: { 'app.kubernetes.io/name': `app-${i}` } };
    o.spec.template.metadata.labels = { 'app.kubernetes.io/name': `app-${i}` };
    o.spec.template.spec.containers[0].name = `app-${i}`;
    return o;
  };
  switch (kind) {
    case 'Deployment':
    case 'StatefulSet':
    case 'ReplicaSet':
      return workload(kind);
    case 'Service':
      return {
        apiVersion: 'v1',
        kind,
        metadata,
        spec: {
          type: 'ClusterIP',
          selector: { 'app.kubernetes.io/name': `app-${i}` },
          ports: [{ name: 'http', port: 80, targetPort: 'http' }],
        },
      };
    case 'HorizontalPodAutoscaler':
      return {
        apiVersion: 'autoscaling/v2',
        kind,
        metadata,
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: `deployment-${i}` },
          minReplicas: 2,
          maxReplicas: 10,
          metrics: [
            { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
          ],
        },
      };
    case 'VerticalPodAutoscaler':
      return {
        apiVersion: 'autoscaling.k8s.io/v1',
        kind,
        metadata,
        spec: {
          targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: `deployment-${i + 10}` },
          updatePolicy: { updateMode: 'Off' },
        },
      };
    case 'PodDisruptionBudget':
      return {
        apiVersion: 'policy/v1',
        kind,
        metadata,
        spec: { maxUnavailable: 1, selector: { matchLabels: { 'app.kubernetes.io/name': `app-${i}` } } },
      };
    case 'Ingress':
      return {
        apiVersion: 'networking.k8s.io/v1',
        kind,
        metadata: {
          ...metadata,
          annotations: {
            'nginx.ingress.kubernetes.io/proxy-body-size': '8m',
            'nginx.ingress.kubernetes.io/ssl-redirect': 'true',
          },
        },
        spec: {
          ingressClassName: 'nginx',
          rules: [
            {
              host: `app-${i}.${ns}.example.com`,
              http: {
                paths: [
                  {
                    path: '/',
                    pathType: 'Prefix',
                    backend: { service: { name: `service-${i}`, port: { number: 80 } } },
                  },
                ],
              },
            },
          ],
        },
      };
    default:
      throw new Error(kind);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Child processes: the servers.

async function child(which, certFile, keyFile) {
  if (which.startsWith('floor')) {
    // floor-with-cache: the same server holding the synthetic cluster in memory, untouched, as kubeward does: what
    // a heap that size costs (garbage collection) apart from anything kubeward does with it.
    // floor-with-log: the same server writing kubeward's decision line for each request (the issue asks for one per
    // decision), formatted and buffered as `kubeward serve` does: what that line costs by itself.
    const ballast = which === 'floor-with-cache' ? clusterObjects(OBJECTS) : [];
    globalThis.kubewardBenchBallast = ballast;
    const { fastify } = await import('fastify');
    const { createServer } = await import('node:https');
    const { loadCertPair, secureContextOptions } = await import(dist('webhook/tls.js'));
    const pair = loadCertPair(certFile, keyFile);
    const app = fastify({
      bodyLimit: 4 * 1024 * 1024,
      serverFactory: (handler) => createServer({ ...secureContextOptions(pair), handshakeTimeout: 10_000 }, handler),
    });
    let logDecision = () => {};
    if (which === 'floor-with-log') {
      const { bufferedLogDestination, webhookLogger } = await import(dist('webhook/log.js'));
      const { decisionLogFields } = await import(dist('webhook/app.js'));
      const log = webhookLogger(bufferedLogDestination('/dev/null').stream, 'info');
      logDecision = (body, review, started) => {
        const decision = {
          review,
          result: 'allowed',
          mode: 'enforce',
          findings: [],
          denying: [],
          preexisting: 0,
          suppressed: 0,
        };
        log.info(decisionLogFields(body, decision, performance.now() - started), 'admission decision');
      };
    }
    app.post('/validate', (request, reply) => {
      const started = performance.now();
      const review = {
        apiVersion: 'admission.k8s.io/v1',
        kind: 'AdmissionReview',
        response: { uid: request.body.request.uid, allowed: true },
      };
      logDecision(request.body, review, started);
      return reply.send(review);
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    process.send({ port: app.server.address().port, rss: process.memoryUsage().rss });
  } else {
    const { startServer } = await import(dist('webhook/server.js'));
    const { bufferedLogDestination, webhookLogger } = await import(dist('webhook/log.js'));
    const { createIndex } = await import(dist('engine/object-index.js'));
    const { DEFAULT_CONFIG } = await import(dist('engine/config-types.js'));
    const { DEFAULT_WEBHOOK_SETTINGS } = await import(dist('webhook/settings.js'));
    // `kubeward-no-rules`: the same server with no rule, to tell the cost of the HTTP/TLS/admission plumbing apart.
    const rules = which === 'kubeward-no-rules' ? [] : await fullRuleSet();
    const { shareObject } = await import(dist('k8s/memo.js'));
    // Frozen, as the cluster cache keeps them (clusterObject), so memo tables treat them as shared across requests.
    const index = createIndex(clusterObjects(OBJECTS).map(shareObject));
    const cache = {
      index: () => index,
      synced: () => true,
      ageSeconds: () => 0,
      start: async () => {},
      stop: async () => {},
    };
    const server = await startServer({
      rules,
      config: DEFAULT_CONFIG,
      settings: DEFAULT_WEBHOOK_SETTINGS,
      cache,
      // A decision line per request, formatted and buffered as `kubeward serve` does.
      logger: webhookLogger(bufferedLogDestination('/dev/null').stream, 'info'),
      tls: { certFile, keyFile },
      host: '127.0.0.1',
      port: 0,
      shutdownDelayMs: 0,
    });
    globalThis.gc?.();
    process.send({
      port: server.port,
      rules: rules.length,
      objects: index.objects.length,
      rss: process.memoryUsage().rss,
    });
  }
  process.on('message', (m) => {
    if (m === 'exit') process.exit(0); // lets --cpu-prof and friends write their files
    if (m === 'rss') {
      globalThis.gc?.();
      process.send(process.memoryUsage());
    }
    if (m === 'cpu') process.send(process.cpuUsage());
  });
}

function startChild(which, certFile, keyFile) {
  const proc = fork(fileURLToPath(import.meta.url), ['--child', which, certFile, keyFile], {
    execArgv: ['--expose-gc', ...CHILD_NODE_FLAGS],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = () => new Promise((resolve) => proc.once('message', resolve));
  return { proc, next };
}

// ---------------------------------------------------------------------------------------------------------------
// The run.

async function cannon(autocannon, port, body, extra = {}) {
  const result = await autocannon({
    url: `https://127.0.0.1:${port}/validate`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    connections: CONNECTIONS,
    duration: DURATION,
    ...extra,
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

/**
 * Open-loop load at a fixed rate: requests leave on schedule whether or not earlier ones have been answered (so a
 * slow answer cannot hide queueing), over up to 32 keep-alive TLS connections. autocannon's own rate limiting sends
 * in bursts, which measures the client more than the server.
 */
async function paced(port, body, rate, seconds) {
  const { Agent, request } = await import('node:https');
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS, rejectUnauthorized: false });
  const payload = Buffer.from(body);
  const latencies = [];
  let errors = 0;
  let non2xx = 0;
  const one = () =>
    new Promise((resolve) => {
      const t0 = performance.now();
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path: '/validate',
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', 'content-length': payload.length },
        },
        (res) => {
          res.on('data', () => {});
          res.on('end', () => {
            if (res.statusCode !== 200) non2xx++;
            latencies.push(performance.now() - t0);
            resolve();
          });
        },
      );
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end(payload);
    });
  const total = Math.round(rate * seconds);
  const pending = [];
  const start = performance.now();
  await new Promise((done) => {
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate));
      while (pending.length < due) pending.push(one());
      if (pending.length >= total) done();
      else setTimeout(tick, 1);
    };
    tick();
  });
  await Promise.all(pending);
  const elapsed = (performance.now() - start) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const q = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
  return {
    rps: latencies.length / elapsed,
    p50: q(0.5),
    p99: q(0.99),
    max: latencies.at(-1) ?? NaN,
    ok: latencies.length - non2xx,
    non2xx,
    errors,
  };
}

const ms = (x) => (Number.isInteger(x) ? String(x) : x.toFixed(2)).padStart(5);
const fmt = (r) =>
  `${r.rps.toFixed(0).padStart(6)} req/s   p50 ${ms(r.p50)} ms   p99 ${ms(r.p99)} ms   ` +
  `(${r.ok} ok, ${r.non2xx} non-2xx, ${r.errors} errors)` +
  (r.serverCpuUs === undefined
    ? ''
    : `   CPU per request: server ${r.serverCpuUs.toFixed(0)} µs, client ${r.clientCpuUs.toFixed(0)} µs`);
const mb = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MB`;

async function perKindCost() {
  const { admit } = await import(dist('webhook/admission.js'));
  const { createIndex } = await import(dist('engine/object-index.js'));
  const { DEFAULT_CONFIG } = await import(dist('engine/config-types.js'));
  const { DEFAULT_WEBHOOK_SETTINGS } = await import(dist('webhook/settings.js'));
  const rules = await fullRuleSet();
  const config = DEFAULT_CONFIG;
  const settings = { ...DEFAULT_WEBHOOK_SETTINGS, mode: 'warn' };
  const { shareObject } = await import(dist('k8s/memo.js'));
  const big = createIndex(clusterObjects(OBJECTS).map(shareObject));
  const small = createIndex(clusterObjects(101).map(shareObject));
  const reviews = {
    Deployment: JSON.parse(fixture('deployment-create.json')),
    'Deployment (ingress controller)': JSON.parse(fixture('ingress-controller-create.json')),
    HorizontalPodAutoscaler: JSON.parse(fixture('hpa-create.json')),
    VerticalPodAutoscaler: JSON.parse(fixture('vpa-create.json')),
    'Deployment UPDATE': JSON.parse(fixture('deployment-update-legacy.json')),
  };
  const pdbReview = structuredClone(reviews.HorizontalPodAutoscaler);
  pdbReview.request.kind = { group: 'policy', version: 'v1', kind: 'PodDisruptionBudget' };
  pdbReview.request.object = makeObject('PodDisruptionBudget', 'shop', 'checkout-pdb', 0);
  reviews.PodDisruptionBudget = pdbReview;
  const ingressReview = structuredClone(reviews.HorizontalPodAutoscaler);
  ingressReview.request.kind = { group: 'networking.k8s.io', version: 'v1', kind: 'Ingress' };
  ingressReview.request.object = makeObject('Ingress', 'shop', 'checkout-web', 0);
  reviews.Ingress = ingressReview;

  // The same review object each time: what the rules memoize about it ends with each request's scope, as for a
  // freshly parsed body. Median of 5 rounds, after a warm-up long enough for the JIT.
  const time = (review, index) => {
    const deps = { rules, config, settings, cacheIndex: index };
    for (let i = 0; i < 3000; i++) admit(review, deps);
    const n = 2000;
    const rounds = [];
    for (let r = 0; r < 5; r++) {
      const t0 = performance.now();
      for (let i = 0; i < n; i++) admit(review, deps);
      rounds.push(((performance.now() - t0) / n) * 1000);
    }
    return rounds.sort((a, b) => a - b)[2];
  };
  console.log(`\n4. cost of one admit() (in-process, µs per request): 101 cached objects vs ${OBJECTS}`);
  for (const [kind, review] of Object.entries(reviews)) {
    const a = time(review, small);
    const b = time(review, big);
    const flag = b / a > 3 ? '   <- grows with the cache size' : '';
    console.log(
      `   ${kind.padEnd(32)} ${a.toFixed(0).padStart(6)} µs  ${b.toFixed(0).padStart(6)} µs  x${(b / a).toFixed(1)}${flag}`,
    );
  }
}

/** Runs `fn(certFile, keyFile)` with a throw-away CA and a server certificate for 127.0.0.1 (openssl). */
async function withCertificates(fn) {
  const dir = mkdtempSync(join(tmpdir(), 'kubeward-bench-'));
  try {
    const run = (args) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
    run([
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      'ca.key',
      '-out',
      'ca.crt',
      '-days',
      '1',
      '-subj',
      '/CN=bench CA',
    ]);
    run([
      'req',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      'tls.key',
      '-out',
      'tls.csr',
      '-subj',
      '/CN=localhost',
    ]);
    writeFileSync(join(dir, 'ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
    run([
      'x509',
      '-req',
      '-in',
      'tls.csr',
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-set_serial',
      '1',
      '-days',
      '1',
      '-out',
      'tls.crt',
      '-extfile',
      'ext',
    ]);
    return await fn(join(dir, 'tls.crt'), join(dir, 'tls.key'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const { default: autocannon } = await import('autocannon');
  await withCertificates(async (certFile, keyFile) => {
    const body = fixture('deployment-create.json');
    console.log(
      `webhook bench: TLS on loopback, ${CONNECTIONS} connections, ${DURATION} s per measurement, ` +
        `Deployment CREATE review (${body.length} bytes), node ${process.version} ${CHILD_NODE_FLAGS.join(' ')}`,
    );

    const measure = async (which) => {
      const child = startChild(which, certFile, keyFile);
      const info = await child.next();
      await cannon(autocannon, info.port, body, { duration: 2 }); // warm-up: JIT, TLS session set-up
      // CPU time per request of the server and of the load generator (this process): on 2 cores they compete, so
      // the server's CPU per request says what it costs apart from how busy the client kept it.
      child.proc.send('cpu');
      const serverBefore = await child.next();
      const clientBefore = process.cpuUsage();
      const result = await cannon(autocannon, info.port, body);
      const client = process.cpuUsage(clientBefore);
      child.proc.send('cpu');
      const serverAfter = await child.next();
      const requests = result.ok + result.non2xx;
      const perRequest = (c) => (c.user + c.system) / requests;
      result.serverCpuUs = perRequest({
        user: serverAfter.user - serverBefore.user,
        system: serverAfter.system - serverBefore.system,
      });
      result.clientCpuUs = perRequest(client);
      return { child, info, result };
    };
    const memoryOf = async (child) => {
      child.proc.send('rss');
      return child.next();
    };

    // --steady-only: sections 2 and 3 alone (a fresh process at 500 req/s), for trying node flags quickly.
    const steadyOnly = process.argv.includes('--steady-only');
    let floor;
    let floorWithCache;
    let floorWithLog;
    let plumbing;
    let kw;
    let afterThroughput;
    if (!steadyOnly) {
      floor = await measure('floor');
      floor.child.proc.send('exit');
      floorWithCache = await measure('floor-with-cache');
      floorWithCache.child.proc.send('exit');
      floorWithLog = await measure('floor-with-log');
      floorWithLog.child.proc.send('exit');
      plumbing = await measure('kubeward-no-rules');
      plumbing.child.proc.send('exit');
      kw = await measure('kubeward');
      afterThroughput = await memoryOf(kw.child);
      kw.child.proc.send('exit');
    }
    // A fresh process for the steady rate, so its memory says what a realistic load leaves behind.
    // --steady-server=floor: the same measurement of the floor server, to tell the machine's latency from ours.
    const steadyServer = process.argv.find((a) => a.startsWith('--steady-server='))?.split('=')[1] ?? 'kubeward';
    const steady = startChild(steadyServer, certFile, keyFile);
    const steadyInfo = await steady.next();
    await paced(steadyInfo.port, body, 500, 2); // warm-up: JIT and the keep-alive connections
    const at500 = await paced(steadyInfo.port, body, 500, DURATION);
    const afterPaced = await memoryOf(steady);
    steady.proc.send('exit');

    if (!steadyOnly) {
      const ratio = (r) => `${((r.rps / floor.result.rps) * 100).toFixed(0)}%`;
      console.log(
        `\n1. throughput, ${CONNECTIONS} connections, autocannon (${kw.info.rules} rules, ${kw.info.objects} cached objects)`,
      );
      console.log(`   floor               ${fmt(floor.result)}`);
      console.log(
        `   floor + ${OBJECTS} objects ${fmt(floorWithCache.result)}   ${ratio(floorWithCache.result)} of the floor (the same cache in memory, unused)`,
      );
      console.log(
        `   floor + decision log ${fmt(floorWithLog.result)}   ${ratio(floorWithLog.result)} of the floor (one log line per request)`,
      );
      console.log(`   kubeward, no rules  ${fmt(plumbing.result)}   ${ratio(plumbing.result)} of the floor`);
      console.log(
        `   kubeward            ${fmt(kw.result)}   ${ratio(kw.result)} of the floor  (target >= 80%), ` +
          `${((kw.result.rps / plumbing.result.rps) * 100).toFixed(0)}% of kubeward without rules`,
      );
      console.log(
        `   time per request: floor ${(1e6 / floor.result.rps).toFixed(0)} µs, plumbing +${(1e6 / plumbing.result.rps - 1e6 / floor.result.rps).toFixed(0)} µs, rules +${(1e6 / kw.result.rps - 1e6 / plumbing.result.rps).toFixed(0)} µs`,
      );
    }
    console.log('\n2. latency at a steady 500 requests per second (open loop, keep-alive connections)');
    console.log(`   ${steadyServer.padEnd(20)}${fmt(at500)}   max ${at500.max.toFixed(1)} ms  (target p99 < 10 ms)`);
    console.log(`\n3. memory of the ${steadyServer} process with ${steadyInfo.objects ?? 0} cached objects`);
    console.log(`   idle, after start-up:    RSS ${mb(steadyInfo.rss)}`);
    const heap = (m) => `(heap used ${mb(m.heapUsed)}, heap total ${mb(m.heapTotal)}, external ${mb(m.external)})`;
    console.log(
      `   after ${DURATION} s at 500 req/s: RSS ${mb(afterPaced.rss)} ${heap(afterPaced)}  (target < 150 MB)`,
    );
    if (afterThroughput !== undefined) {
      console.log(`   after ${DURATION} s flat out:     RSS ${mb(afterThroughput.rss)} ${heap(afterThroughput)}`);
    }
    console.log(
      "   (without the chart's nodeOptions V8 sizes its young generation from the host memory: BENCH_CHILD_ARGS= shows it)",
    );

    if (!steadyOnly) await perKindCost();
    if (!steadyOnly) await adversarial(certFile, keyFile);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// 5. Adversarial: clients flat out with the costliest objects the API server lets through, while a kubelet-like
// prober asks /healthz and /readyz every 50 ms. Every costly review must be denied (none may fail open), and the
// probes must answer within 100 ms.

/** An ingress-nginx Ingress with a configuration-snippet (denied), `junk` unknown annotations and `paths` paths. */
function costlyIngressReview(uid, junk, paths) {
  const annotations = { 'nginx.ingress.kubernetes.io/configuration-snippet': 'more_set_headers "X: y";' };
  for (let i = 0; i < junk; i++) annotations[`nginx.ingress.kubernetes.io/zz-${i}`] = 'v';
  return JSON.stringify({
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid,
      kind: { group: 'networking.k8s.io', version: 'v1', kind: 'Ingress' },
      namespace: 'shop',
      operation: 'CREATE',
      dryRun: true,
      userInfo: { username: 'mallory' },
      object: {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        metadata: { name: `costly-${uid}`, namespace: 'shop', annotations },
        spec: {
          ingressClassName: 'nginx',
          rules: [
            {
              host: 'shop.example.com',
              http: {
                paths: Array.from({ length: paths }, (_, i) => ({
                  path: `/p${i}`,
                  pathType: 'Prefix',
                  backend: { service: { name: `svc-${i % 50}`, port: { number: 80 } } },
                })),
              },
            },
          ],
        },
      },
    },
  });
}

async function adversarial(certFile, keyFile, seconds = Math.min(DURATION, 10), clients = 4) {
  const { Agent, request } = await import('node:https');
  const bodies = [
    ['6,000 junk annotations', Buffer.from(costlyIngressReview('a', 6000, 1))],
    ['256 KiB of annotations and 5,000 paths', Buffer.from(costlyIngressReview('b', 7800, 5000))],
  ];
  const server = startChild('kubeward', certFile, keyFile);
  const info = await server.next();
  const send = (agent, method, path, payload) =>
    new Promise((resolve) => {
      const t0 = performance.now();
      const req = request(
        {
          host: '127.0.0.1',
          port: info.port,
          path,
          method,
          agent,
          headers: payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {},
        },
        (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () =>
            resolve({ ms: performance.now() - t0, status: res.statusCode, body: Buffer.concat(chunks) }),
          );
        },
      );
      req.on('error', () => resolve({ ms: performance.now() - t0, status: 0, body: Buffer.alloc(0) }));
      req.end(payload);
    });
  const q = (list, p) => list[Math.min(list.length - 1, Math.floor(p * list.length))] ?? NaN;
  console.log(
    `\n5. adversarial: ${clients} clients flat out with costly Ingress reviews for ${seconds} s, probes every 50 ms`,
  );
  for (const [label, payload] of bodies) {
    const end = performance.now() + seconds * 1000;
    const outcome = { denied: 0, failOpen: 0, allowed: 0, other: 0 };
    const latencies = [];
    const loop = async () => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1, rejectUnauthorized: false });
      while (performance.now() < end) {
        const r = await send(agent, 'POST', '/validate', payload);
        latencies.push(r.ms);
        if (r.status !== 200) {
          outcome.other++;
          continue;
        }
        const response = JSON.parse(r.body.toString()).response;
        if (!response.allowed) outcome.denied++;
        else if ((response.warnings ?? []).some((w) => w.includes('fail-open'))) outcome.failOpen++;
        else outcome.allowed++;
      }
      agent.destroy();
    };
    const probes = [];
    const prober = async () => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1, rejectUnauthorized: false });
      let i = 0;
      while (performance.now() < end) {
        const r = await send(agent, 'GET', i++ % 2 === 0 ? '/healthz' : '/readyz');
        probes.push(r.status === 200 ? r.ms : Number.POSITIVE_INFINITY);
        await new Promise((r2) => setTimeout(r2, 50));
      }
      agent.destroy();
    };
    await Promise.all([...Array.from({ length: clients }, loop), prober()]);
    latencies.sort((a, b) => a - b);
    probes.sort((a, b) => a - b);
    const slow = probes.filter((p) => p > 100).length;
    console.log(`   ${label} (${(payload.length / 1024).toFixed(0)} KiB per review)`);
    console.log(
      `     reviews: ${latencies.length} (${(latencies.length / seconds).toFixed(1)}/s), denied ${outcome.denied}, ` +
        `fail-open ${outcome.failOpen}, allowed ${outcome.allowed}, not 200 ${outcome.other}  (target: all denied); ` +
        `latency p50 ${q(latencies, 0.5).toFixed(0)} ms, p99 ${q(latencies, 0.99).toFixed(0)} ms`,
    );
    console.log(
      `     probes:  ${probes.length}, p50 ${q(probes, 0.5).toFixed(1)} ms, p99 ${q(probes, 0.99).toFixed(1)} ms, ` +
        `max ${probes.at(-1)?.toFixed(1)} ms, ${slow} over 100 ms  (target: none over 100 ms)`,
    );
  }
  server.proc.send('exit');
}

if (process.argv[2] === '--child') await child(process.argv[3], process.argv[4], process.argv[5]);
else if (process.argv[2] === '--cost-only')
  await perKindCost(); // section 4 alone, for quick iterations
else if (process.argv[2] === '--adversarial-only') await withCertificates(adversarial);
else await main();
