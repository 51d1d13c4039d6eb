// Generates src/ingress/ingress-nginx-data.gen.ts from two research data files:
//   ../shared/research/ingress-nginx-cves.json            (advisories: affected lines, fixed versions, CVSS, webhook need)
//   ../shared/research/ingress-nginx-chart-versions.json  (every Helm chart version -> controller version)
// Usage: node scripts/gen-ingress-nginx-data.mjs [--stdout | --check]
//   (no flag) writes the file; --stdout prints it; --check exits 1 when the committed file is stale.
// KUBEWARD_RESEARCH overrides the research directory.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const researchDir = process.env.KUBEWARD_RESEARCH ?? join(root, 'data', 'research');
const outFile = join(root, 'src', 'ingress', 'ingress-nginx-data.gen.ts');

const VERSION = /\d+\.\d+\.\d+(?:-[0-9A-Za-z.]+)?/g;
const SEVERITY_WORD = /\b(critical|high|medium|low)\b/i;

/**
 * Advisories whose `fixed` entries are prose rather than versions. The listed versions must appear in that prose
 * (checked below), so an edit of the research file cannot silently change what they mean.
 */
const FIX_OVERRIDES = {
  // The setting allow-snippet-annotations appeared in v0.49.1 / v1.0.1; "default false since v1.9.0" is not a fix line.
  'CVE-2021-25742': { fixed: ['0.49.1', '1.0.1'], fixKind: 'mitigation' },
};

/** Expected totals: a research edit that changes them must be looked at, not absorbed. */
const EXPECTED = { cves: 21, charts: 174, finals: ['1.13.9', '1.14.5', '1.15.1'] };

function versionKey(v) {
  const [core, pre] = v.split('-', 2);
  const nums = core.split('.').map(Number);
  return { nums, pre: pre ?? null };
}

/** Semantic-version order, enough for the data's versions (numeric cores, dotted pre-releases). */
function compareVersions(a, b) {
  const x = versionKey(a);
  const y = versionKey(b);
  for (let i = 0; i < 3; i++) if (x.nums[i] !== y.nums[i]) return x.nums[i] - y.nums[i];
  if (x.pre === y.pre) return 0;
  if (x.pre === null) return 1;
  if (y.pre === null) return -1;
  const xs = x.pre.split('.');
  const ys = y.pre.split('.');
  for (let i = 0; i < Math.max(xs.length, ys.length); i++) {
    const p = xs[i];
    const q = ys[i];
    if (p === undefined) return -1;
    if (q === undefined) return 1;
    const pn = /^\d+$/.test(p);
    const qn = /^\d+$/.test(q);
    if (pn && qn && Number(p) !== Number(q)) return Number(p) - Number(q);
    if (pn !== qn) return pn ? -1 : 1;
    if (p !== q) return p < q ? -1 : 1;
  }
  return 0;
}

/** CVE ids in year, then sequence-number order (CVE-2025-1974 before CVE-2025-15566). */
function compareCveIds(a, b) {
  const [, ya, na] = a.id.split('-').map(Number);
  const [, yb, nb] = b.id.split('-').map(Number);
  return ya - yb || na - nb;
}

const lineOf = (v) => v.split('.').slice(0, 2).join('.');

/** The CVSS score written in the research text (`9.8 Critical`, `8.8 (vector)`), or null. */
function scoreOf(text) {
  const m = /^\s*(\d+(?:\.\d+)?)\b/.exec(text ?? '');
  return m ? Number(m[1]) : null;
}

/** CVSS v3 qualitative bands from the score; else the rating word written; else unknown. */
function severityOf(text, score) {
  if (score !== null) {
    if (score >= 9) return 'critical';
    if (score >= 7) return 'high';
    if (score >= 4) return 'medium';
    if (score > 0) return 'low';
    return 'none';
  }
  const m = SEVERITY_WORD.exec(text ?? '');
  return m ? m[1].toLowerCase() : 'unknown';
}

function fixesOf(cve) {
  const override = FIX_OVERRIDES[cve.id];
  const prose = cve.fixed.join(' ');
  if (override) {
    for (const v of override.fixed) {
      if (!prose.includes(v)) throw new Error(`${cve.id}: override version ${v} is not in its fixed text`);
    }
    return override;
  }
  const fixed = cve.fixed.flatMap((f) => f.match(VERSION) ?? []);
  if (fixed.length === 0) throw new Error(`${cve.id}: no fixed version in ${JSON.stringify(cve.fixed)}`);
  const lines = fixed.map(lineOf);
  if (new Set(lines).size !== lines.length) throw new Error(`${cve.id}: two fixed versions on one release line`);
  return { fixed, fixKind: /mitigation/i.test(prose) ? 'mitigation' : 'release' };
}

function toCve(cve) {
  if (!/^CVE-\d{4}-\d{4,}$/.test(cve.id)) throw new Error(`bad CVE id ${cve.id}`);
  if (typeof cve.needsIngressCreate !== 'boolean') throw new Error(`${cve.id}: needsIngressCreate is not a boolean`);
  const { fixed, fixKind } = fixesOf(cve);
  const score = scoreOf(cve.cvss);
  return {
    id: cve.id,
    name: cve.name,
    published: cve.published,
    cvss: cve.cvss,
    score,
    severity: severityOf(cve.cvss, score),
    vector: cve.vector ?? null,
    affected: cve.affected,
    fixed: [...fixed].sort(compareVersions),
    fixKind,
    fixedCharts: [...(cve.fixedCharts ?? [])].sort(compareVersions),
    needsWebhookReachable: cve.needsWebhookReachable ?? null,
    needsIngressCreate: cve.needsIngressCreate,
    vectorField: cve.vectorField,
    mitigation: cve.mitigation,
    confidence: cve.confidence ?? 'high',
    sources: cve.sources,
  };
}

function toChart(c) {
  for (const v of [c.chart, c.app]) {
    if (v.match(VERSION)?.[0] !== v) throw new Error(`chart table: bad version ${v}`);
  }
  return { chart: c.chart, controller: c.app, date: c.date };
}

/** The controller versions released on the last release date: the final releases of the retired project. */
function finalReleases(charts) {
  const last = charts.reduce((max, c) => (c.date > max ? c.date : max), '');
  const finals = charts
    .filter((c) => c.date === last)
    .map((c) => c.controller)
    .sort(compareVersions);
  if (JSON.stringify(finals) !== JSON.stringify(EXPECTED.finals)) {
    throw new Error(`final releases ${finals.join(', ')} differ from ${EXPECTED.finals.join(', ')}`);
  }
  return { date: last, versions: finals };
}

const sha256 = (text) => createHash('sha256').update(text).digest('hex').slice(0, 16);

function tsValue(v) {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(tsValue).join(', ')}]`;
  const parts = Object.entries(v).map(([k, x]) => `${/^[a-zA-Z_]\w*$/.test(k) ? k : JSON.stringify(k)}: ${tsValue(x)}`);
  return `{ ${parts.join(', ')} }`;
}

/** Renders the generated module from the two research texts. Pure: the test runs the script with --stdout. */
export function render(cvesText, chartsText) {
  const cveData = JSON.parse(cvesText);
  const chartData = JSON.parse(chartsText);
  if (cveData.cves.length !== EXPECTED.cves)
    throw new Error(`expected ${EXPECTED.cves} CVEs, found ${cveData.cves.length}`);
  if (chartData.charts.length !== EXPECTED.charts) {
    throw new Error(`expected ${EXPECTED.charts} charts, found ${chartData.charts.length}`);
  }
  const cves = cveData.cves.map(toCve).sort(compareCveIds);
  const ids = new Set(cves.map((c) => c.id));
  if (ids.size !== cves.length) throw new Error('duplicate CVE id');
  const charts = chartData.charts.map(toChart).sort((a, b) => compareVersions(a.chart, b.chart));
  if (new Set(charts.map((c) => c.chart)).size !== charts.length) throw new Error('duplicate chart version');
  const finals = finalReleases(charts);
  const commit = chartData.source.commit;
  if (!/^[0-9a-f]{40}$/.test(commit)) throw new Error(`chart table: bad source commit ${commit}`);
  const later = (cveData.postRetirementMentions ?? []).map((m) => ({ id: m.id, name: m.name, note: m.note }));
  const lines = [
    '// GENERATED by scripts/gen-ingress-nginx-data.mjs. Do not edit: change the research data and run',
    '// `node scripts/gen-ingress-nginx-data.mjs` (test/ingress/ingress-nginx-data.test.ts fails while this file is stale).',
    '// Sources (../shared/research/):',
    `//   ingress-nginx-cves.json (sha256 ${sha256(cvesText)}): ${cveData.generatedFrom}`,
    `//   ingress-nginx-chart-versions.json (sha256 ${sha256(chartsText)}): ${chartData.source.how}`,
    `//     of ${chartData.source.repo} at ${commit} (the final release commit)`,
    '// Severity is the CVSS v3 band of the score when the advisory gives one, else the rating word it gives.',
    "// `fixed` lists the first fixed controller version per release line; `fixKind: 'mitigation'` means those",
    '// versions only make a mitigating setting available (see `mitigation`).',
    "import type { IngressNginxChartRelease } from './nginx-charts.js';",
    "import type { IngressNginxCve, PostRetirementMention } from './nginx-cves.js';",
    '',
    `export const INGRESS_NGINX_SOURCE_COMMIT = '${commit}';`,
    '',
    '/** The last releases of the retired project, one per maintained line, all published the same day. */',
    `export const INGRESS_NGINX_FINAL_RELEASES: readonly string[] = ${tsValue(finals.versions)};`,
    `export const INGRESS_NGINX_FINAL_RELEASE_DATE = '${finals.date}';`,
    '',
    'export const INGRESS_NGINX_CVES: readonly IngressNginxCve[] = [',
    ...cves.map((c) => `  ${tsValue(c)},`),
    '];',
    '',
    '/** Helm chart version -> controller version, in chart version order. */',
    'export const INGRESS_NGINX_CHARTS: readonly IngressNginxChartRelease[] = [',
    ...charts.map((c) => `  ${tsValue(c)},`),
    '];',
    '',
    '/** Reports published after the retirement, without an upstream fix or advisory (not matched to versions). */',
    'export const INGRESS_NGINX_POST_RETIREMENT: readonly PostRetirementMention[] = [',
    ...later.map((m) => `  ${tsValue(m)},`),
    '];',
    '',
  ];
  return lines.join('\n');
}

function main() {
  const read = (f) => {
    const p = join(researchDir, f);
    if (!existsSync(p)) {
      console.error(`gen-ingress-nginx-data: ${p} not found (set KUBEWARD_RESEARCH).`);
      process.exit(2);
    }
    return readFileSync(p, 'utf8');
  };
  const text = render(read('ingress-nginx-cves.json'), read('ingress-nginx-chart-versions.json'));
  const mode = process.argv[2];
  if (mode === '--stdout') {
    process.stdout.write(text);
  } else if (mode === '--check') {
    const current = existsSync(outFile) ? readFileSync(outFile, 'utf8') : '';
    if (current !== text) {
      console.error(`${relative(root, outFile)} is stale: run node scripts/gen-ingress-nginx-data.mjs`);
      process.exit(1);
    }
  } else {
    writeFileSync(outFile, text);
    console.log(`wrote ${relative(root, outFile)}`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
