/**
 * The HTML page of the migration report, as text: self-contained (a CSP whose hashes match its inline style and
 * script, no external reference), escaped, every row present (no cut as in the Markdown), the warning first. How it
 * looks and behaves in a browser is html-browser.test.ts.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadInputs } from '../../../src/engine/lint.js';
import { migrationReportHtml, reportCsp } from '../../../src/report/migration/html.js';
import { niceMax, shorten } from '../../../src/report/migration/html-charts.js';
import { buildMigrationReport } from '../../../src/report/migration/model.js';
import { ingress, NGINX_CLASS, yamlOf } from '../../migrate/helpers.js';
import { CONTROLLER, reportOf, SMALL } from './helpers.js';

function sha(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

function rowsOf(html: string, id: string): number {
  const start = html.indexOf(`<table id="${id}"`);
  if (start < 0) return -1;
  const body = html.slice(html.indexOf('<tbody>', start), html.indexOf('</tbody>', start));
  return body.split('<tr>').length - 1;
}

describe('migrationReportHtml', () => {
  const report = reportOf(SMALL);
  const html = migrationReportHtml(report);

  it('is one self-contained document: the CSP allows exactly its inline style and script, nothing external', () => {
    expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1];
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1];
    expect(style).toBeDefined();
    expect(script).toBeDefined();
    const csp = reportCsp();
    expect(csp).toContain(`style-src ${sha(style ?? '')}`);
    expect(csp).toContain(`script-src ${sha(script ?? '')}`);
    expect(csp).toMatch(/^default-src 'none';/);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${csp}">`);
    expect(html.match(/<style>/g)).toHaveLength(1);
    expect(html.match(/<script/g)).toHaveLength(1);
    for (const external of [/\ssrc=/, /href="(?!#)/, /url\(/, /@import/, /<link/, /<iframe/]) {
      expect(html).not.toMatch(external);
    }
  });

  it('states the figures of the model in its cards, sections and tables', () => {
    expect(html).toContain('<div class="value">4 of 5</div>');
    expect(html).toContain(
      '<div class="value"><span class="t-clean">2</span> / <span class="t-policy">1</span> / <span class="t-blocked">1</span></div>',
    );
    expect(rowsOf(html, 'tbl-ingresses')).toBe(4);
    expect(rowsOf(html, 'tbl-keys')).toBe(4);
    expect(rowsOf(html, 'tbl-namespaces')).toBe(2);
    for (const id of [
      'inventory',
      'exposure',
      'debt',
      'ingresses',
      'namespaces',
      'findings',
      'recommendation',
      'sources',
    ]) {
      expect(html).toContain(`<section id="${id}">`);
      expect(html).toContain(`<a href="#${id}">`);
    }
    expect(html).toContain('Minimum Gateway API version the drafts need: <strong>v1.2</strong>.');
    expect(html).not.toContain('role="alert"');
  });

  it('puts the critical-CVE warning before everything else', () => {
    const page = migrationReportHtml({
      ...report,
      exposure: { controllers: [CONTROLLER], notes: [], unlistedKinds: [] },
    });
    const alert = page.indexOf('role="alert"');
    expect(alert).toBeGreaterThan(0);
    expect(alert).toBeLessThan(page.indexOf('<section id="inventory">'));
    expect(page).toContain('ingress-nginx/ingress-nginx-controller v1.11.4');
    expect(page.match(/<rect class="c-(critical|high)"/g)).toHaveLength(2);
  });

  it('escapes what comes from the inputs: file names, namespaces, keys, messages and gaps', () => {
    const text = yamlOf([
      NGINX_CLASS,
      ingress({ name: 'x', annotations: { 'nginx.ingress.kubernetes.io/<b>bold</b>': '"><script>alert(1)</script>' } }),
      // A namespace and a named port that reach plain table cells, a finding's message and a gap.
      ingress({ name: 'y', namespace: '<i>ns</i>', host: 'y.example.com', paths: [{ path: '/', port: '<u>p</u>' }] }),
      ingress({ name: 'y', namespace: '<i>ns</i>', host: 'z.example.com' }),
    ]);
    const { objects, index } = loadInputs([{ file: '<img src=x onerror=alert(1)>.yaml', text }], {});
    const page = migrationReportHtml(buildMigrationReport(objects, index));
    expect(page).not.toContain('<img src=x');
    expect(page).not.toContain('<b>bold</b>');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;.yaml');
    expect(page).toContain('&lt;b&gt;bold&lt;/b&gt;');
    expect(page).not.toMatch(/<i>ns<\/i>|<u>p<\/u>/);
    expect(page).toContain('&lt;i&gt;ns&lt;/i&gt;');
    expect(page).toContain('&lt;u&gt;p&lt;/u&gt;');
    expect(page.match(/<script/g)).toHaveLength(1);
  });

  it('says there is nothing to migrate when no Ingress is on ingress-nginx, with no empty sections', () => {
    const other = reportOf([
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'IngressClass',
        metadata: { name: 'traefik' },
        spec: { controller: 'traefik.io/ingress-controller' },
      },
      ingress({ name: 'edge', className: 'traefik' }),
    ]);
    expect(other.recommendation.path).toBe('nothing-to-migrate');
    const page = migrationReportHtml(other);
    expect(page).toContain('No Ingress of the inputs is served by ingress-nginx: there is nothing to migrate');
    for (const id of ['debt', 'ingresses', 'namespaces', 'findings'])
      expect(page).not.toContain(`<section id="${id}">`);
    expect(page).toContain('<section id="inventory">');
  });

  it('names a cluster object by its attribution alone (it has no line)', () => {
    const cluster = {
      ...report,
      ingresses: report.ingresses.map((i) => ({
        ...i,
        file: `cluster:prod/${i.namespace}/Ingress/${i.name}`,
        line: 0,
      })),
    };
    const page = migrationReportHtml(cluster);
    expect(page).toContain('<div class="src">cluster:prod/shop/Ingress/plain</div>');
    expect(page).not.toMatch(/cluster:prod\/[^<]*:0</);
  });

  it('holds every Ingress, namespace and key: no cut at the Markdown bound', () => {
    const many: unknown[] = [NGINX_CLASS];
    for (let i = 0; i < 60; i++) {
      many.push(ingress({ name: `app-${i}`, namespace: `team-${i % 30}`, host: `h${i}.example.com` }));
    }
    const page = migrationReportHtml(reportOf(many));
    expect(rowsOf(page, 'tbl-ingresses')).toBe(60);
    expect(rowsOf(page, 'tbl-namespaces')).toBe(30);
    // The namespace charts draw the 25 largest and say the table has all.
    expect(page).toContain('The 25 namespaces with the most Ingresses (then the most blocked) of 30 are drawn');
  });
});

describe('chart helpers', () => {
  it('rounds an axis up to 1, 2 or 5 times a power of ten', () => {
    expect([0, 1, 3, 7, 13, 20, 21, 480].map(niceMax)).toEqual([1, 1, 5, 10, 20, 20, 50, 500]);
  });

  it('shortens a label with an ellipsis', () => {
    expect(shorten('configuration-snippet', 10)).toBe('configura…');
    expect(shorten('short', 10)).toBe('short');
  });
});
