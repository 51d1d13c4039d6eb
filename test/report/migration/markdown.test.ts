/** The Markdown of the migration report: its figures, the warning, the cut tables, and the README's formula. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cell, formulaMarkdown, migrationReportMarkdown } from '../../../src/report/migration/markdown.js';
import { ROOT } from '../../helpers/cli.js';
import { ingress, NGINX_CLASS } from '../../migrate/helpers.js';
import { CONTROLLER, reportOf, SMALL } from './helpers.js';

describe('migrationReportMarkdown', () => {
  const report = reportOf(SMALL);

  it('states the figures of the model', () => {
    const md = migrationReportMarkdown(report);
    expect(md).toContain('4 of 5 Ingresses on ingress-nginx (4 covered): 2 clean, 1 policy, 1 blocked.');
    expect(md).toContain('4 ingress-nginx annotations, 4 distinct keys; per Ingress min 0, median 1, max 2.');
    expect(md).toContain('| blog/snippet | in.yaml:');
    expect(md).toMatch(
      /\| blog\/snippet \| in\.yaml:\d+ \| blocked \| 1 \| moderate \| 9 \(key 1x1 \+ no-equivalent-key 1x8\) \|/,
    );
    expect(md).toContain('| shop | 2 | 1 | 1 | 0 | 1 | 1 | 0 | 0 | 0 | 100% | **A** |');
    expect(md).toContain('| traefik | 1 |');
    expect(md).toMatch(/\| shop\/edge \| traefik \| served by Traefik: [^|]+ \|/);
    expect(md).toContain('Minimum Gateway API version the drafts need: **v1.2**.');
    expect(md).not.toContain('[!CAUTION]');
  });

  it('puts the warning at the top when a critical CVE is open with the webhook on', () => {
    const md = migrationReportMarkdown({
      ...report,
      exposure: { controllers: [CONTROLLER], notes: [], unlistedKinds: [] },
    });
    const caution = md.indexOf('> [!CAUTION]');
    expect(caution).toBeGreaterThan(0);
    expect(caution).toBeLessThan(md.indexOf('## Inventory'));
    expect(md).toContain('ingress-nginx/ingress-nginx-controller v1.11.4');
    expect(md).toContain(
      '| ingress-nginx/ingress-nginx-controller (Deployment) | v1.11.4 | 2 (worst 9.8) | v1.13.9 | on | false | Critical | no |',
    );
  });

  it('escapes input text as Markdown shows it literally: no raw markup, no broken table', () => {
    const md = migrationReportMarkdown(
      reportOf([
        NGINX_CLASS,
        ingress({ name: 'x', namespace: '<script>a|b</script>', paths: [{ path: '/', port: 'p|q' }] }),
      ]),
    );
    expect(md).not.toContain('<script>');
    expect(md).toContain('&lt;script&gt;a\\|b&lt;/script&gt;/x');
    const lines = md.split('\n');
    const head = lines.find((l) => l.startsWith('| Ingress | source | class |'));
    const row = lines.find((l) => l.startsWith('| &lt;script&gt;a\\|b&lt;/script&gt;/x |'));
    expect(row).toBeDefined();
    // The escaped pipe does not split the cell: the row has the heading's number of cells.
    expect(row?.split(/(?<!\\)\|/).length).toBe(head?.split('|').length);
  });

  it('says there is nothing to migrate, and leaves out the empty sections', () => {
    const md = migrationReportMarkdown(
      reportOf([
        {
          apiVersion: 'networking.k8s.io/v1',
          kind: 'IngressClass',
          metadata: { name: 'traefik' },
          spec: { controller: 'traefik.io/ingress-controller' },
        },
        ingress({ name: 'edge', className: 'traefik' }),
      ]),
    );
    expect(md).toContain('**nothing to migrate: no Ingress of the inputs is served by ingress-nginx.**');
    expect(md).not.toContain('## Annotation debt');
    expect(md).not.toContain('Caveats:');
  });

  it('says when exposure was not computed', () => {
    expect(migrationReportMarkdown({ ...report, exposure: null })).toContain('_Exposure not computed in this build._');
  });

  it('cuts the per-Ingress table at 50 rows, hardest first, and says so', () => {
    const many = Array.from({ length: 60 }, (_, i) =>
      ingress({ name: `i${i}`, host: `h${i}.example.com`, annotations: i === 7 ? { 'server-snippet': 'x' } : {} }),
    );
    const md = migrationReportMarkdown(reportOf([NGINX_CLASS, ...many]));
    const section = md.slice(md.indexOf('## Translatability'), md.indexOf('## Namespaces'));
    expect(section.split('\n').filter((l) => l.startsWith('| shop/'))).toHaveLength(50);
    expect(section).toMatch(/\| Ingress [^\n]*\n[^\n]*\n\| shop\/i7 \| in\.yaml:\d+ \| blocked /);
    expect(section).toContain('_50 of 60 Ingresses shown; the JSON report (`--format json`) has all._');
  });

  it('escapes pipes and line breaks in table cells', () => {
    expect(cell('a|b\nc')).toBe('a\\|b c');
  });
});

describe('the README section', () => {
  it('shows the formula, the levels and the grades the report prints', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const start = readme.indexOf('## The ingress-nginx exit audit: `kubeward migration-report`');
    expect(start).toBeGreaterThan(0);
    const section = readme.slice(start, readme.indexOf('\n## ', start + 3));
    expect(section).toContain(formulaMarkdown().join('\n'));
  });
});
