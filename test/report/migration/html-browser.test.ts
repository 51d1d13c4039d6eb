/**
 * The HTML migration report in real headless Chromium (playwright-core driving the system's chromium): the page of
 * the ingress-nginx examples corpus shows the figures of the JSON report, its tables sort and filter, it makes no
 * network request and logs no console error (its Content-Security-Policy would log one for anything external), and
 * it prints without its filter bars or scroll boxes. Screenshots go to test-results/migration-report-html/.
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

const CHROMIUM = process.env.KUBEWARD_CHROMIUM ?? '/usr/bin/chromium';
const OUT = join(ROOT, 'test-results', 'migration-report-html');
const EXAMPLES = join(CORPUS, 'ingress-nginx-examples.yaml');

if (!existsSync(CHROMIUM)) {
  console.warn(
    `skipping the HTML report browser tests: no chromium at ${CHROMIUM} (apt-get install -y chromium, or set KUBEWARD_CHROMIUM)`,
  );
}

function corpusReport(): MigrationReport {
  const text = readFileSync(EXAMPLES, 'utf8');
  const { objects, index } = loadInputs([{ file: 'ingress-nginx-examples.yaml', text }], {});
  return buildMigrationReport(objects, index);
}

describe.skipIf(!existsSync(CHROMIUM))('the HTML migration report in headless Chromium', () => {
  let browser: Browser;
  let page: Page;
  let report: MigrationReport;
  const requests: string[] = [];
  const logged: string[] = [];

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    report = corpusReport();
    const file = join(OUT, 'ingress-nginx-examples.html');
    writeFileSync(file, migrationReportHtml(report));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-background-networking'],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') logged.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => logged.push(`page error: ${e.message}`));
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  });

  afterAll(async () => {
    await browser?.close();
  });

  const rowsOf = (id: string) => page.locator(`#${id} tbody tr`);
  const visibleRows = (id: string) => page.locator(`#${id} tbody tr:not([hidden])`);
  const column = (id: string, col: number) =>
    page.$$eval(
      `#${id} tbody tr:not([hidden])`,
      (rows, c) => rows.map((r) => r.children[c]?.textContent?.trim() ?? ''),
      col,
    );

  it('shows the figures of the JSON report', async () => {
    const classes = { clean: 0, policy: 0, blocked: 0 };
    for (const i of report.ingresses) classes[i.migrationClass]++;
    const cards = await page.locator('.card .value').allTextContents();
    expect(cards).toEqual([
      `${report.inventory.ingressNginx} of ${report.inventory.total}`,
      `${classes.clean} / ${classes.policy} / ${classes.blocked}`,
      String(report.annotationDebt.total),
      String(report.exposure?.controllers.length),
    ]);
    // The corpus's own figures, so a model that lost Ingresses cannot pass by agreeing with itself.
    expect(cards).toEqual(['37 of 37', '20 / 13 / 2', '56', '1']);
    await expect.poll(() => rowsOf('tbl-ingresses').count()).toBe(report.ingresses.length);
    expect(await rowsOf('tbl-keys').count()).toBe(report.annotationDebt.distinctKeys);
    expect(await rowsOf('tbl-namespaces').count()).toBe(report.namespaces.length);
    expect(await rowsOf('tbl-findings').count()).toBe(report.findings.items.length);
    expect(await page.locator('.reco .title').first().textContent()).toBe(report.recommendation.title);
  });

  it('draws each chart with its data: the histogram columns carry the bucket counts of the table beside them', async () => {
    expect(await page.locator('svg.chart').count()).toBe(5);
    const titles = await page.locator('#debt svg.chart').first().locator('rect title').allTextContents();
    expect(titles).toEqual(report.annotationDebt.histogram.map((b) => `${b.label}: ${b.count}`));
    const strip = await page.locator('#exposure svg.chart rect').count();
    expect(strip).toBe(report.exposure?.controllers[0]?.cves.length);
  });

  it('sorts the per-Ingress table by a numeric column both ways, and by text', async () => {
    const points = page.locator('#tbl-ingresses thead th', { hasText: 'points' });
    const pointsCol = 5;
    await points.locator('button').click();
    expect(await points.getAttribute('aria-sort')).toBe('ascending');
    const up = (await column('tbl-ingresses', pointsCol)).map(Number);
    expect(up).toEqual([...up].sort((a, b) => a - b));
    expect(up[0]).toBe(Math.min(...report.ingresses.map((i) => i.difficulty.points)));
    await points.locator('button').click();
    expect(await points.getAttribute('aria-sort')).toBe('descending');
    const down = (await column('tbl-ingresses', pointsCol)).map(Number);
    expect(down).toEqual([...up].reverse());
    expect(down[0]).toBe(27);

    const ns = page.locator('#tbl-ingresses thead th', { hasText: 'namespace' });
    await ns.locator('button').click();
    expect(await points.getAttribute('aria-sort')).toBeNull();
    const names = await column('tbl-ingresses', 1);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    expect(names[0]).toBe('default');
  });

  it('filters by a column and by free text, and says how many rows it shows', async () => {
    const bar = page.locator('.filters[data-for="tbl-ingresses"]');
    await bar.locator('select').nth(1).selectOption('blocked');
    const blocked = report.ingresses.filter((i) => i.migrationClass === 'blocked').length;
    expect(await visibleRows('tbl-ingresses').count()).toBe(blocked);
    expect(await bar.locator('.count').textContent()).toBe(`${blocked} of ${report.ingresses.length} rows`);
    await bar.locator('select').nth(1).selectOption('');
    await bar.locator('select').nth(0).selectOption('kube-system');
    expect(await visibleRows('tbl-ingresses').count()).toBe(
      report.ingresses.filter((i) => i.namespace === 'kube-system').length,
    );
    await bar.locator('select').nth(0).selectOption('');
    await bar.locator('input').fill('configuration-snippet');
    expect(await column('tbl-ingresses', 0)).toEqual([expect.stringMatching(/^nginx-configuration-snippet/)]);
    await bar.locator('input').fill('');
    expect(await visibleRows('tbl-ingresses').count()).toBe(report.ingresses.length);
    expect(await bar.locator('.count').textContent()).toBe(`${report.ingresses.length} rows`);
  });

  it('makes no request beyond its own file and logs no console error', async () => {
    expect(requests).toEqual([expect.stringMatching(/^file:\/\/.*ingress-nginx-examples\.html$/)]);
    expect(logged).toEqual([]);
  });

  it('writes screenshots, and prints without filter bars or scroll boxes', async () => {
    await page.screenshot({ path: join(OUT, 'ingress-nginx-examples.png'), fullPage: true });
    expect(existsSync(join(OUT, 'ingress-nginx-examples.png'))).toBe(true);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.filters').first().isVisible()).toBe(false);
    const overflow = await page.evaluate("getComputedStyle(document.querySelector('.scroll')).overflow");
    expect(overflow).toBe('visible');
    const pdf = await page.pdf({ path: join(OUT, 'ingress-nginx-examples.pdf') });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await page.emulateMedia({ media: 'screen' });
  });
});
