/**
 * The HTML migration report in real headless Chromium (playwright-core driving the system's chromium): the page of
 * the ingress-nginx examples corpus shows the figures of the JSON report in its cards and in every cell of its data
 * tables, its tables sort (by shown text and by sort values) and filter (free text over text and tooltips, selects
 * by exact value), it makes no network request and logs no console error (its Content-Security-Policy would log one
 * for anything external), hostile input text stays text, and it prints with its annotation lists open and without
 * its filter inputs or scroll boxes. Screenshots and a PDF go to test-results/migration-report-html/.
 *
 * Needs chromium (`apt-get install -y chromium`; .ci/run installs it, or set KUBEWARD_CHROMIUM); without it the
 * suite is skipped and says so.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadInputs } from '../../../src/engine/lint.js';
import { migrationReportHtml } from '../../../src/report/migration/html.js';
import { buildMigrationReport, type MigrationReport } from '../../../src/report/migration/model.js';
import { CORPUS, ROOT } from '../../helpers/cli.js';
import { ingress, NGINX_CLASS, yamlOf } from '../../migrate/helpers.js';

const CHROMIUM = process.env.KUBEWARD_CHROMIUM ?? '/usr/bin/chromium';
const OUT = join(ROOT, 'test-results', 'migration-report-html');
const EXAMPLES = join(CORPUS, 'ingress-nginx-examples.yaml');

if (!existsSync(CHROMIUM)) {
  console.warn(
    `skipping the HTML report browser tests: no chromium at ${CHROMIUM} (apt-get install -y chromium, or set KUBEWARD_CHROMIUM)`,
  );
}

function reportOfText(file: string, text: string): MigrationReport {
  const { objects, index } = loadInputs([{ file, text }], {});
  return buildMigrationReport(objects, index);
}

/** Namespaces team-1 and team-10 (a substring match would confuse them), and text meant to run as markup. */
const HOSTILE = '<img src=x onerror="window.__pwned=1">';
function edgeReport(): MigrationReport {
  const objects: unknown[] = [NGINX_CLASS];
  for (let i = 0; i < 6; i++) {
    objects.push(ingress({ name: `app-${i}`, namespace: i < 2 ? 'team-1' : 'team-10', host: `h${i}.example.com` }));
  }
  objects.push(ingress({ name: 'x', namespace: HOSTILE, host: 'x.example.com', annotations: { 'limit-rps': '5' } }));
  return reportOfText(`${HOSTILE}.yaml`, yamlOf(objects));
}

describe.skipIf(!existsSync(CHROMIUM))('the HTML migration report in headless Chromium', () => {
  let browser: Browser;
  let page: Page;
  let report: MigrationReport;
  const requests: string[] = [];
  const logged: string[] = [];

  async function open(name: string, r: MigrationReport): Promise<Page> {
    const file = join(OUT, `${name}.html`);
    writeFileSync(file, migrationReportHtml(r));
    const p = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    p.on('request', (req) => requests.push(req.url()));
    p.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') logged.push(`${m.type()}: ${m.text()}`);
    });
    p.on('pageerror', (e) => logged.push(`page error: ${e.message}`));
    await p.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    return p;
  }

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    report = reportOfText('ingress-nginx-examples.yaml', readFileSync(EXAMPLES, 'utf8'));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-background-networking'],
    });
    page = await open('ingress-nginx-examples', report);
  });

  afterAll(async () => {
    await browser?.close();
  });

  const rowsOf = (p: Page, id: string) => p.locator(`#${id} tbody tr`);
  const visibleRows = (p: Page, id: string) => p.locator(`#${id} tbody tr:not([hidden])`);
  const column = (p: Page, id: string, col: number) =>
    p.$$eval(
      `#${id} tbody tr:not([hidden])`,
      (rows, c) => rows.map((r) => r.children[c]?.textContent?.trim() ?? ''),
      col,
    );
  /** Every cell of the table a selector names, as text (the page has no types here: tsconfig has no DOM). */
  const cellsAfter = (p: Page, selector: string) =>
    p.evaluate(
      `Array.from(document.querySelectorAll(${JSON.stringify(`${selector} tbody tr`)})).map((r) => Array.from(r.children).map((c) => c.textContent.trim()))`,
    ) as Promise<string[][]>;

  it('shows the figures of the JSON report in its cards', async () => {
    const s = report.summary;
    const cards = await page.locator('.card .value').allTextContents();
    expect(cards).toEqual([
      `${report.inventory.ingressNginx} of ${report.inventory.total}`,
      `${s.byClass.clean} / ${s.byClass.policy} / ${s.byClass.blocked}`,
      String(report.annotationDebt.total),
      String(s.openCves),
    ]);
    // The corpus's own figures, so a model that lost Ingresses cannot pass by agreeing with itself.
    expect(cards).toEqual(['37 of 37', '19 / 14 / 2', '56', '20']);
    expect(await rowsOf(page, 'tbl-ingresses').count()).toBe(report.ingresses.length);
    expect(await rowsOf(page, 'tbl-keys').count()).toBe(report.annotationDebt.distinctKeys);
    expect(await rowsOf(page, 'tbl-namespaces').count()).toBe(report.namespaces.length);
    expect(await rowsOf(page, 'tbl-findings').count()).toBe(report.findings.items.length);
    expect(await rowsOf(page, 'tbl-cves').count()).toBe(s.openCves);
    expect(await page.locator('.reco .title').first().textContent()).toBe(report.recommendation.title);
  });

  it('puts the figures of the JSON in every cell of the tables beside the charts', async () => {
    const tables = page.locator('#namespaces .pair .data table');
    const classes = await cellsAfter(page, '#namespaces .pair:nth-of-type(1) .data table');
    expect(classes).toEqual(
      report.namespaces
        .slice()
        .sort(
          (a, b) =>
            b.ingresses - a.ingresses || b.byClass.blocked - a.byClass.blocked || b.byClass.policy - a.byClass.policy,
        )
        .map((n) => [n.namespace, String(n.byClass.clean), String(n.byClass.policy), String(n.byClass.blocked)]),
    );
    expect(await tables.count()).toBe(2);
    const histogram = await cellsAfter(page, '#debt .pair:nth-of-type(1) .data table');
    expect(histogram).toEqual(report.annotationDebt.histogram.map((b) => [b.label, String(b.count)]));
    // Every per-Ingress row is the JSON's Ingress: name, namespace, class, key count, level, points.
    const rows = (await page.evaluate(`Array.from(document.querySelectorAll('#tbl-ingresses tbody tr')).map((tr) => {
      const c = Array.from(tr.children);
      return [c[0].childNodes[0].textContent, c[1].textContent, c[2].textContent,
        (c[3].querySelector('summary') || c[3]).textContent, c[4].textContent, c[5].textContent].join('|');
    })`)) as string[];
    const expected = report.ingresses.map((i) =>
      [
        i.name,
        i.namespace,
        i.migrationClass,
        String(i.annotations.length),
        i.difficulty.level,
        String(i.difficulty.points),
      ].join('|'),
    );
    expect([...rows].sort()).toEqual([...expected].sort());
  });

  it('draws each chart with its data: bars and cells carry the counts of the tables', async () => {
    expect(await page.locator('svg.chart').count()).toBe(5);
    const titles = await page.locator('#debt svg.chart').first().locator('rect title').allTextContents();
    expect(titles).toEqual(report.annotationDebt.histogram.map((b) => `${b.label}: ${b.count}`));
    expect(await page.locator('#exposure svg.chart rect').count()).toBe(report.summary.openCves);
    // A key used in two classes is two segments: backend-protocol is standard once and no-equivalent once.
    const segments = await page.locator('#debt svg.chart').nth(1).locator('rect title').allTextContents();
    expect(segments.filter((t) => t.startsWith('nginx.ingress.kubernetes.io/backend-protocol:'))).toEqual([
      'nginx.ingress.kubernetes.io/backend-protocol: standard 1',
      'nginx.ingress.kubernetes.io/backend-protocol: no-equivalent 1',
    ]);
  });

  it('sorts by a numeric column both ways, by text, and by sort values that are not the shown text', async () => {
    const head = (label: string) => page.locator('#tbl-ingresses thead th', { hasText: new RegExp(`^${label}`) });
    const points = head('points');
    await points.locator('button').click();
    expect(await points.getAttribute('aria-sort')).toBe('ascending');
    const up = (await column(page, 'tbl-ingresses', 5)).map(Number);
    expect(up).toEqual([...up].sort((a, b) => a - b));
    expect(up[0]).toBe(Math.min(...report.ingresses.map((i) => i.difficulty.points)));
    await points.locator('button').click();
    expect(await points.getAttribute('aria-sort')).toBe('descending');
    const down = (await column(page, 'tbl-ingresses', 5)).map(Number);
    expect(down).toEqual([...up].reverse());
    expect(down[0]).toBe(27);

    await head('namespace').locator('button').click();
    expect(await points.getAttribute('aria-sort')).toBeNull();
    const names = await column(page, 'tbl-ingresses', 1);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));

    // Class and level sort by their order (clean < policy < blocked; trivial < … < very-hard), not alphabetically.
    await head('class').locator('button').click();
    const classes = await column(page, 'tbl-ingresses', 2);
    const order = ['clean', 'policy', 'blocked'];
    expect(classes.map((c) => order.indexOf(c))).toEqual(classes.map((c) => order.indexOf(c)).sort((a, b) => a - b));
    expect(classes[0]).toBe('clean');
    await head('difficulty').locator('button').click();
    await head('difficulty').locator('button').click();
    const levels = await column(page, 'tbl-ingresses', 4);
    expect(levels[0]).toBe('very-hard');
    expect(levels.at(-1)).toBe('trivial');
  });

  it('filters by a column and by free text (tooltips included), and says how many rows it shows', async () => {
    const bar = page.locator('.filters[data-for="tbl-ingresses"]');
    await bar.locator('select').nth(1).selectOption('blocked');
    const blocked = report.summary.byClass.blocked;
    expect(await visibleRows(page, 'tbl-ingresses').count()).toBe(blocked);
    expect(await bar.locator('.count').textContent()).toBe(`${blocked} of ${report.ingresses.length} rows`);
    await bar.locator('select').nth(1).selectOption('');
    await bar.locator('select').nth(0).selectOption('kube-system');
    expect(await visibleRows(page, 'tbl-ingresses').count()).toBe(
      report.ingresses.filter((i) => i.namespace === 'kube-system').length,
    );
    await bar.locator('select').nth(0).selectOption('');
    await bar.locator('input').fill('configuration-snippet');
    expect(await column(page, 'tbl-ingresses', 0)).toEqual([expect.stringMatching(/^nginx-configuration-snippet/)]);
    // The full key is in the tooltip of the short one: it finds the same rows.
    await bar.locator('input').fill('nginx.ingress.kubernetes.io/auth-url');
    const auth = report.ingresses.filter((i) => i.annotations.some((a) => a.key.endsWith('/auth-url'))).length;
    expect(await visibleRows(page, 'tbl-ingresses').count()).toBe(auth);
    await bar.locator('input').fill('');
    expect(await visibleRows(page, 'tbl-ingresses').count()).toBe(report.ingresses.length);
    expect(await bar.locator('.count').textContent()).toBe(`${report.ingresses.length} rows`);

    // The key table's class filter matches a key by any class of its uses, not only its main one.
    const keys = page.locator('.filters[data-for="tbl-keys"]');
    await keys.locator('select').selectOption('standard');
    const standard = report.annotationDebt.keys.filter((k) => (k.byClass.standard ?? 0) > 0).length;
    expect(await visibleRows(page, 'tbl-keys').count()).toBe(standard);
    expect(standard).toBeGreaterThan(report.annotationDebt.keys.filter((k) => k.class === 'standard').length);
    await keys.locator('select').selectOption('');
  });

  it('selects a namespace by its exact name, and keeps hostile input text as text', async () => {
    const edge = await open('edge', edgeReport());
    const bar = edge.locator('.filters[data-for="tbl-ingresses"]');
    await bar.locator('select').nth(0).selectOption('team-1');
    expect(await column(edge, 'tbl-ingresses', 1)).toEqual(['team-1', 'team-1']);
    await bar.locator('select').nth(0).selectOption('team-10');
    expect(await visibleRows(edge, 'tbl-ingresses').count()).toBe(4);
    await bar.locator('select').nth(0).selectOption('');
    expect(await edge.evaluate('window.__pwned')).toBeUndefined();
    expect(await edge.locator('img').count()).toBe(0);
    const texts = await column(edge, 'tbl-ingresses', 1);
    expect(texts).toContain(HOSTILE);
    // The namespace charts draw team-10 (4 Ingresses) before team-1 (2).
    const drawn = await cellsAfter(edge, '#namespaces .pair:nth-of-type(1) .data table');
    expect(drawn.map((r) => r[0])).toEqual(['team-10', 'team-1', HOSTILE]);
    await edge.close();
  });

  it('makes no request beyond its own files and logs no console error', async () => {
    expect(requests.every((u) => /^file:\/\/.*\/(ingress-nginx-examples|edge)\.html$/.test(u))).toBe(true);
    expect(requests.length).toBe(2);
    expect(logged).toEqual([]);
  });

  it('writes screenshots, and prints with the annotation lists open and without filter inputs or scroll boxes', async () => {
    await page.screenshot({ path: join(OUT, 'ingress-nginx-examples.png'), fullPage: true });
    expect(existsSync(join(OUT, 'ingress-nginx-examples.png'))).toBe(true);
    const firstAnnotation = page.locator('#tbl-ingresses details li').first();
    expect(await firstAnnotation.isVisible()).toBe(false);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.filters input').first().isVisible()).toBe(false);
    expect(await page.locator('.filters .count').first().isVisible()).toBe(true);
    expect(await firstAnnotation.isVisible()).toBe(true);
    const overflow = await page.evaluate("getComputedStyle(document.querySelector('.scroll')).overflow");
    expect(overflow).toBe('visible');
    await page.screenshot({ path: join(OUT, 'ingress-nginx-examples-print.png'), fullPage: true });
    const pdf = await page.pdf({ path: join(OUT, 'ingress-nginx-examples.pdf') });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await page.emulateMedia({ media: 'screen' });
  });
});
