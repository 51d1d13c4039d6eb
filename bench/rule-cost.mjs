// Rule cost on adversarial objects at the API server's limits (issue 11): per scenario and rule family, the time to
// check every subject at size n and 2n, and the ratio (about 2 for a linear cost, 4 for a quadratic one). Runs each
// rule's check directly on dist/ (the engine's own cost is bench/lint-bench.mjs's). By hand: `npm run build &&
// node --expose-gc bench/rule-cost.mjs [scenario-substring]`. Prints figures; asserts nothing (test/adversarial/ holds
// the assertions). BENCH_RUNS (default 3) runs per size, medians; objects are rebuilt for every run, since rules
// memoize per object.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { allRules } = await import(join(root, 'dist/rules/index.js'));
const { createIndex } = await import(join(root, 'dist/engine/object-index.js'));
// The objects are test/adversarial/objects.ts's (Node runs the TypeScript file by stripping its types).
const { SCENARIOS } = await import(join(root, 'test/adversarial/objects.ts'));

const runs = Number(process.env.BENCH_RUNS ?? 3);
const filter = process.argv[2];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

let runCount = 0;

/** Time (ms) of every rule of `family` on every subject of a freshly built scenario of size n. */
function measure(scenario, n) {
  const perRule = new Map();
  let bytes = 0;
  let findings = 0;
  for (let r = 0; r < runs; r++) {
    const { objects, subjects } = scenario.build(n, runCount++);
    bytes = JSON.stringify(subjects.length === 1 ? subjects[0] : objects).length;
    const index = createIndex(objects);
    const rules = allRules.filter((rule) => scenario.families.includes(rule.meta.family));
    globalThis.gc?.();
    findings = 0;
    for (const rule of rules) {
      const options = rule.meta.options?.defaults ?? {};
      const mine = subjects.filter((s) => rule.meta.kinds.includes(s.kind));
      if (mine.length === 0) continue;
      const t0 = performance.now();
      for (const s of mine) findings += rule.check(s, { index, options }).length;
      const t = performance.now() - t0;
      const list = perRule.get(rule.meta.id) ?? [];
      list.push(t);
      perRule.set(rule.meta.id, list);
    }
  }
  const times = new Map([...perRule].map(([id, ts]) => [id, median(ts)]));
  return { times, bytes, findings };
}

const fmt = (t) => (t < 10 ? t.toFixed(2) : t.toFixed(0)).padStart(7);
console.log(`rule cost on adversarial objects: ${runs} runs per size, medians (ms); ratio = t(2n) / t(n)`);
for (const scenario of SCENARIOS) {
  if (filter !== undefined && !scenario.name.includes(filter)) continue;
  measure(scenario, Math.max(1, Math.floor(scenario.n / 8))); // warm-up: the first calls also compile
  const a = measure(scenario, scenario.n);
  const b = measure(scenario, scenario.n * 2);
  let ta = 0;
  let tb = 0;
  for (const t of a.times.values()) ta += t;
  for (const t of b.times.values()) tb += t;
  console.log(
    `\n${scenario.name} [${scenario.families.join(', ')}]  n=${scenario.n}: ${(a.bytes / 1024).toFixed(0)} KiB, ` +
      `2n: ${(b.bytes / 1024).toFixed(0)} KiB, ${b.findings} findings at 2n`,
  );
  console.log(`  ${'all rules'.padEnd(44)}${fmt(ta)}${fmt(tb)}  x${(tb / Math.max(ta, 0.01)).toFixed(1)}`);
  // The costliest rules, and any rule whose cost more than triples when the input doubles.
  const rows = [...b.times].sort((x, y) => y[1] - x[1]);
  for (const [id, t2] of rows) {
    const t1 = a.times.get(id) ?? 0;
    const ratio = t2 / Math.max(t1, 0.01);
    if (t2 < 1 || (rows.indexOf(rows.find((r) => r[0] === id)) >= 3 && ratio < 3)) continue;
    console.log(`    ${id.padEnd(42)}${fmt(t1)}${fmt(t2)}  x${ratio.toFixed(1)}`);
  }
}
