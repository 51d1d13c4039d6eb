/**
 * The migration report as one self-contained HTML page: no external script, style, font, image or request (a
 * Content-Security-Policy with the hashes of the inline style and script says so to the browser), so it opens from
 * an email attachment or an air-gapped laptop. Every figure comes from the model, as in the Markdown; the charts are
 * inline SVG with a table of their data beside them, the long tables sort and filter (html-assets.ts), and the page
 * prints. Unlike the Markdown, no table is cut: the per-Ingress, per-namespace and per-key tables hold every row.
 */
import { createHash } from 'node:crypto';
import { sourceOf } from '../../migrate/record.js';
import { xmlAttr as esc } from '../junit.js';
import { DIFFICULTY_LEVELS, DIFFICULTY_TERMS, type DifficultyLevel, GRADES } from './difficulty.js';
import type { ControllerCve, ControllerExposure } from './exposure.js';
import { REPORT_CSS, REPORT_SCRIPT } from './html-assets.js';
import { type BarRow, barChart, columnChart, type StripRow, stripChart } from './html-charts.js';
import { FINDING_TITLES, levelRange, termsText } from './markdown.js';
import {
  FINDING_KINDS,
  type KeyUse,
  type MigrationReport,
  type NamespaceSummary,
  RECOMMENDATION_RULES,
  type ReportIngress,
} from './model.js';

/** Namespaces and controllers drawn in a chart, at most (the tables have all). */
export const HTML_CHART_LIMITS = { namespaces: 25, controllers: 20 } as const;

const MIGRATION_CLASSES = ['clean', 'policy', 'blocked'] as const;
const LEVELS: readonly DifficultyLevel[] = DIFFICULTY_LEVELS.map((l) => l.level);
const KEY_CLASSES = ['standard', 'implementation-specific', 'experimental', 'no-equivalent', 'not-needed'] as const;

function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}

function badge(value: string, title?: string): string {
  return `<span class="badge c-${esc(value)}"${title !== undefined ? ` title="${esc(title)}"` : ''}>${esc(value)}</span>`;
}

function code(text: string): string {
  return `<code>${esc(text)}</code>`;
}

function legend(items: readonly string[], label = (x: string) => x): string {
  return `<ul class="legend">${items.map((i) => `<li class="c-${esc(i)}">${esc(label(i))}</li>`).join('')}</ul>`;
}

/** A header cell; `sort` makes it a sort button, `num` sorts and aligns it as a number. */
interface Column {
  readonly head: string;
  readonly num?: boolean;
  readonly sort?: boolean;
  /** A class for its body cells. */
  readonly cls?: string;
}

/** A body cell: its HTML, and the value it sorts by when that is not its text. */
interface TableCell {
  readonly html: string;
  readonly v?: string | number;
}

type CellInput = string | number | TableCell;

function cellOf(c: CellInput): TableCell {
  if (typeof c === 'number') return { html: String(c), v: c };
  if (typeof c === 'string') return { html: esc(c) };
  return c;
}

function table(
  columns: readonly Column[],
  rows: readonly (readonly CellInput[])[],
  opts: { id?: string; sortable?: boolean; narrow?: boolean } = {},
): string {
  const head = columns
    .map((c) => {
      const cls = c.num === true ? ' class="n"' : '';
      const type = c.num === true ? ' data-type="num"' : '';
      const inner =
        opts.sortable === true && c.sort !== false ? `<button type="button">${esc(c.head)}</button>` : esc(c.head);
      return `<th scope="col"${cls}${type}>${inner}</th>`;
    })
    .join('');
  const body = rows
    .map((r) => {
      const cells = r.map((raw, i) => {
        const c = cellOf(raw);
        const classes = [columns[i]?.num === true ? 'n' : '', columns[i]?.cls ?? ''].filter((x) => x !== '');
        const cls = classes.length > 0 ? ` class="${classes.join(' ')}"` : '';
        const v = c.v !== undefined && String(c.v) !== c.html ? ` data-v="${esc(String(c.v))}"` : '';
        return `<td${cls}${v}>${c.html}</td>`;
      });
      return `<tr>${cells.join('')}</tr>`;
    })
    .join('\n');
  const id = opts.id !== undefined ? ` id="${esc(opts.id)}"` : '';
  const classes = [opts.sortable === true ? 'sortable' : '', opts.narrow === true ? 'narrow' : ''].filter((x) => x);
  const cls = classes.length > 0 ? ` class="${classes.join(' ')}"` : '';
  return `<table${id}${cls}><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** A filter bar for a table: free text over each row, and a select per named column. */
function filters(
  tableId: string,
  rows: number,
  selects: readonly { col: number; label: string; values: readonly string[] }[] = [],
): string {
  const options = selects
    .map(
      (s) =>
        `<label>${esc(s.label)} <select data-col="${s.col}"><option value="">all</option>${s.values
          .map((v) => `<option>${esc(v)}</option>`)
          .join('')}</select></label>`,
    )
    .join('');
  return (
    `<div class="filters" data-for="${esc(tableId)}"><input type="search" placeholder="Filter rows (all words must match)" ` +
    `aria-label="Filter the table">${options}<span class="count">${rows} rows</span></div>`
  );
}

function figure(caption: string, chart: string, legendHtml: string, data: string): string {
  return (
    `<div class="pair"><figure><figcaption>${esc(caption)}</figcaption>${chart}${legendHtml}</figure>` +
    `<div class="data">${data}</div></div>`
  );
}

function section(id: string, title: string, body: readonly string[]): string {
  return `<section id="${id}"><h2>${esc(title)}</h2>\n${body.join('\n')}\n</section>`;
}

function classCounts(report: MigrationReport): Record<(typeof MIGRATION_CLASSES)[number], number> {
  const counts = { clean: 0, policy: 0, blocked: 0 };
  for (const i of report.ingresses) counts[i.migrationClass]++;
  return counts;
}

function card(label: string, value: string, detail: string, warn = false): string {
  return (
    `<div class="card${warn ? ' warn' : ''}"><div class="label">${esc(label)}</div>` +
    `<div class="value">${esc(value)}</div><div class="detail">${detail}</div></div>`
  );
}

function summary(report: MigrationReport): string[] {
  const inv = report.inventory;
  const classes = classCounts(report);
  const debt = report.annotationDebt;
  const controllers = report.exposure?.controllers ?? [];
  const open = controllers.reduce((n, c) => n + c.cves.length, 0);
  const worst = Math.max(0, ...controllers.map((c) => c.worstScore ?? 0));
  const critical = controllers.filter((c) => c.criticalWithWebhook);
  const out: string[] = [];
  if (critical.length > 0) {
    out.push(
      `<div class="alert" role="alert">A known critical CVE is open with the admission webhook on (CVE-2025-1974 class) in ${critical
        .map((c) => esc(`${c.namespace}/${c.name}${c.version !== undefined ? ` ${c.version}` : ''}`))
        .join(', ')}: upgrade the controller or turn the webhook off now, before any migration work.</div>`,
    );
  }
  out.push(
    '<div class="cards">',
    card(
      'Ingresses on ingress-nginx',
      `${inv.ingressNginx} of ${inv.total}`,
      `${report.ingresses.length} covered by this report`,
    ),
    card(
      'Migration class',
      `${classes.clean} / ${classes.policy} / ${classes.blocked}`,
      'clean / policy / blocked',
      classes.blocked > 0,
    ),
    card(
      'Annotations',
      String(debt.total),
      `${debt.distinctKeys} distinct keys, ${pct(debt.standardShare)} standard, ${debt.snippets} snippets`,
    ),
    card(
      'Controllers',
      String(controllers.length),
      controllers.length === 0
        ? 'none among the inputs'
        : `${open} open CVEs across them${open > 0 ? `, worst ${worst}` : ''}`,
      open > 0,
    ),
    '</div>',
    `<div class="reco"><div class="label muted">Recommendation</div><div class="title">${esc(report.recommendation.title)}</div>` +
      `<ul>${report.recommendation.reasons.map((r) => `<li>${esc(r)}</li>`).join('')}</ul></div>`,
  );
  return out;
}

function inventorySection(report: MigrationReport): string {
  const inv = report.inventory;
  const body = [
    `<p><strong>${inv.ingressNginx} of ${inv.total}</strong> Ingresses are served by ingress-nginx` +
      (inv.unconverted.length > 0 ? `; ${inv.ingresses.length} are covered by this report.` : '.') +
      '</p>',
    table(
      [{ head: 'attributed by' }, { head: 'Ingresses', num: true }],
      [
        ['IngressClass controller (spec.ingressClassName)', inv.byAttribution.spec],
        ['legacy annotation kubernetes.io/ingress.class', inv.byAttribution.annotation],
        ['default IngressClass', inv.byAttribution.default],
        ['no class (the controller watches Ingresses without one)', inv.byAttribution.none],
      ],
      { narrow: true },
    ),
  ];
  if (inv.unconverted.length > 0) {
    body.push(
      `<h3>Not covered: kubeward cannot translate them yet (${inv.unconverted.length})</h3>`,
      table(
        [{ head: 'Ingress' }, { head: 'source' }, { head: 'why' }],
        inv.unconverted.map((u) => [`${u.namespace}/${u.name}`, sourceOf(u), u.reason]),
      ),
    );
  }
  if (inv.others.length > 0) {
    body.push(
      `<h3>Served by other controllers (${inv.others.length}, not part of this report)</h3>`,
      table(
        [{ head: 'controller' }, { head: 'Ingresses', num: true }],
        inv.othersByController.map((o) => [o.controller, o.count]),
        { narrow: true },
      ),
      '<div class="scroll">',
      table(
        [{ head: 'Ingress' }, { head: 'controller' }, { head: 'source' }, { head: 'why' }],
        inv.others.map((o) => [`${o.namespace}/${o.name}`, o.controller, sourceOf(o), o.reason]),
      ),
      '</div>',
    );
  }
  return section('inventory', 'Inventory', body);
}

const SEVERITIES = ['critical', 'high', 'medium', 'low', 'unscored'];

function wide(html: string): string {
  return `<div class="wide">${html}</div>`;
}

function cveSeverity(c: ControllerCve): string {
  return c.severity ?? 'unscored';
}

function controllerLabel(c: ControllerExposure): string {
  return `${c.namespace}/${c.name} ${c.version ?? '(version unknown)'}`;
}

function exposureSection(report: MigrationReport): string {
  const exposure = report.exposure;
  if (exposure === null) return section('exposure', 'Exposure', ['<p>Exposure not computed in this build.</p>']);
  const body: string[] = [];
  const controllers = exposure.controllers;
  if (controllers.length === 0) {
    body.push('<p>No ingress-nginx controller among the inputs: versions, CVEs and settings are unknown.</p>');
  } else {
    const drawn = controllers.slice(0, HTML_CHART_LIMITS.controllers);
    const strips: StripRow[] = drawn.map((c) => ({
      label: controllerLabel(c),
      cells: c.cves.map((v) => ({
        text: v.score !== undefined ? v.score.toFixed(1) : '–',
        cls: `c-${cveSeverity(v)}`,
        title: `${v.id} (${cveSeverity(v)}${v.score !== undefined ? ` ${v.score}` : ''}): ${v.title}; fixed in ${v.fixedIn.join(', ') || 'no release'}`,
      })),
      empty: c.version === undefined ? 'version unknown: CVEs cannot be told' : 'no known CVE open',
    }));
    const many = controllers.length > 1;
    const cveRows = controllers.flatMap((c) =>
      c.cves.map((v) => [
        ...(many ? [`${c.namespace}/${c.name}`] : []),
        { html: `<code class="id" title="${esc(v.title)}">${esc(v.id)}</code>`, v: v.id },
        { html: badge(cveSeverity(v)), v: SEVERITIES.indexOf(cveSeverity(v)) },
        { html: v.score !== undefined ? String(v.score) : '-', v: v.score ?? 0 },
        v.fixedIn.join(', ') || '-',
      ]),
    );
    body.push(
      figure(
        'Open CVEs per controller (one cell per CVE, its CVSS score)',
        stripChart('Open CVEs per controller', strips),
        `${legend(SEVERITIES)}<p class="muted">A cell without a score: the advisory gives a severity but no CVSS score.</p>${
          controllers.length > drawn.length
            ? `<p class="muted">${drawn.length} of ${controllers.length} controllers drawn; the table has all.</p>`
            : ''
        }`,
        cveRows.length === 0
          ? "<p>No open CVE in kubeward's data for these versions.</p>"
          : `<div class="scroll">${table(
              [
                ...(many ? [{ head: 'controller' }] : []),
                { head: 'CVE' },
                { head: 'severity' },
                { head: 'score', num: true },
                { head: 'fixed in' },
              ],
              cveRows,
            )}</div>`,
      ),
      wide(
        table(
          [
            { head: 'controller' },
            { head: 'version' },
            { head: 'open CVEs', num: true },
            { head: 'worst', num: true },
            { head: 'upgrade to (fixes them all)' },
            { head: 'admission webhook' },
            { head: 'allow-snippet-annotations' },
            { head: 'annotations-risk-level' },
            { head: 'snippets live' },
          ],
          controllers.map((c) => [
            `${c.namespace}/${c.name} (${c.kind})`,
            c.version ?? 'unknown',
            c.cves.length,
            { html: c.worstScore !== undefined ? String(c.worstScore) : '-', v: c.worstScore ?? 0 },
            c.upgradeTo ?? '-',
            { html: badge(c.admissionWebhook) },
            c.allowSnippetAnnotations,
            c.annotationsRiskLevel,
            { html: badge(c.snippetsLive) },
          ]),
        ),
      ),
    );
  }
  if (exposure.notes.length > 0) {
    body.push(`<ul class="notes">${exposure.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>`);
  }
  return section('exposure', 'Exposure', body);
}

function shortKey(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1);
}

/** A key by its name, the full key (its prefix) in the tooltip. */
function keyCode(key: string): string {
  return `<code title="${esc(key)}">${esc(shortKey(key))}</code>`;
}

function byClassText(k: KeyUse): string {
  return KEY_CLASSES.filter((c) => (k.byClass[c] ?? 0) > 0)
    .map((c) => `${c} ${k.byClass[c]}`)
    .join(', ');
}

function debtSection(report: MigrationReport): string {
  const d = report.annotationDebt;
  const topRows: BarRow[] = d.topKeys.map((k) => ({
    label: shortKey(k.key),
    title: k.key,
    segments: [{ value: k.count, cls: `c-${k.class}`, label: k.class }],
  }));
  return section('debt', 'Annotation debt', [
    `<p>${d.total} ingress-nginx annotations, ${d.distinctKeys} distinct keys; per Ingress min ${d.perIngress.min}, ` +
      `median ${d.perIngress.median}, max ${d.perIngress.max}. ${d.snippets} snippet annotation${d.snippets === 1 ? '' : 's'}. ` +
      `<strong>${pct(d.standardShare)}</strong> of the annotations have a standard Gateway API construct.</p>`,
    figure(
      'Ingresses by number of ingress-nginx annotations',
      columnChart(
        'Ingresses by number of ingress-nginx annotations',
        d.histogram.map((b) => ({ label: b.label, value: b.count })),
      ),
      '',
      table(
        [{ head: 'annotations per Ingress' }, { head: 'Ingresses', num: true }],
        d.histogram.map((b) => [b.label, b.count]),
      ),
    ),
    figure(
      `The ${d.topKeys.length} most used keys, by class`,
      d.topKeys.length === 0 ? '<p>No ingress-nginx annotation.</p>' : barChart('The most used keys', topRows, 28),
      legend(KEY_CLASSES),
      table(
        [{ head: 'class' }, { head: 'annotations', num: true }, { head: 'share', num: true }],
        KEY_CLASSES.map((c) => [
          { html: badge(c), v: c },
          d.byClass[c],
          { html: pct(d.total === 0 ? 0 : d.byClass[c] / d.total), v: d.byClass[c] },
        ]),
      ),
    ),
    '<h3>Every key</h3>',
    filters('tbl-keys', d.keys.length, [{ col: 2, label: 'class', values: KEY_CLASSES }]),
    `<div class="scroll">${table(
      [{ head: 'key' }, { head: 'uses', num: true }, { head: 'class' }, { head: 'by class' }, { head: 'construct' }],
      d.keys.map((k) => [
        { html: keyCode(k.key), v: shortKey(k.key) },
        k.count,
        { html: badge(k.class), v: k.class },
        byClassText(k),
        k.construct ?? '-',
      ]),
      { id: 'tbl-keys', sortable: true },
    )}</div>`,
  ]);
}

function stacked<K extends string>(
  namespaces: readonly NamespaceSummary[],
  keys: readonly K[],
  count: (n: NamespaceSummary, k: K) => number,
): BarRow[] {
  return namespaces.map((n) => ({
    label: n.namespace,
    segments: keys.map((k) => ({ value: count(n, k), cls: `c-${k}`, label: k })),
  }));
}

function namespacesSection(report: MigrationReport): string {
  const all = report.namespaces;
  const drawn = [...all]
    .sort((a, b) => b.ingresses - a.ingresses || a.namespace.localeCompare(b.namespace))
    .slice(0, HTML_CHART_LIMITS.namespaces);
  const cutNote =
    all.length > drawn.length
      ? `<p class="muted">The ${drawn.length} namespaces with the most Ingresses of ${all.length} are drawn; the table below has all.</p>`
      : '';
  return section('namespaces', 'Namespaces', [
    figure(
      'Translatability by namespace',
      barChart(
        'Translatability by namespace',
        stacked(drawn, MIGRATION_CLASSES, (n, k) => n.byClass[k]),
      ),
      legend(MIGRATION_CLASSES) + cutNote,
      table(
        [{ head: 'namespace' }, ...MIGRATION_CLASSES.map((c) => ({ head: c, num: true }))],
        drawn.map((n) => [n.namespace, ...MIGRATION_CLASSES.map((c) => n.byClass[c])]),
      ),
    ),
    figure(
      'Difficulty by namespace',
      barChart(
        'Difficulty by namespace',
        stacked(drawn, LEVELS, (n, k) => n.byLevel[k]),
      ),
      legend(LEVELS) + cutNote,
      table(
        [{ head: 'namespace' }, ...LEVELS.map((l) => ({ head: l, num: true }))],
        drawn.map((n) => [n.namespace, ...LEVELS.map((l) => n.byLevel[l])]),
      ),
    ),
    '<p>Grade: the first grade whose two bounds the namespace meets ("easy" is trivial or easy).</p>',
    table(
      [{ head: 'grade' }, { head: 'easy at least', num: true }, { head: 'blocked at most', num: true }],
      GRADES.map((g) => [{ html: badge(g.grade) }, pct(g.minEasyShare), pct(g.maxBlockedShare)]),
      { narrow: true },
    ),
    filters('tbl-namespaces', all.length, [{ col: 10, label: 'grade', values: GRADES.map((g) => g.grade) }]),
    `<div class="scroll">${table(
      [
        { head: 'namespace' },
        { head: 'Ingresses', num: true },
        ...MIGRATION_CLASSES.map((c) => ({ head: c, num: true })),
        ...LEVELS.map((l) => ({ head: l, num: true })),
        { head: 'grade' },
        { head: 'easy', num: true },
        { head: 'blocked share', num: true },
      ],
      all.map((n) => [
        n.namespace,
        n.ingresses,
        ...MIGRATION_CLASSES.map((c) => n.byClass[c]),
        ...LEVELS.map((l) => n.byLevel[l]),
        { html: badge(n.grade), v: n.grade },
        { html: pct(n.easyShare), v: n.easyShare },
        { html: pct(n.blockedShare), v: n.blockedShare },
      ]),
      { id: 'tbl-namespaces', sortable: true },
    )}</div>`,
  ]);
}

function annotationList(i: ReportIngress): string {
  if (i.annotations.length === 0) return '0';
  const items = i.annotations
    .map((a) => {
      const why = a.construct ?? a.reason;
      return `<li>${code(shortKey(a.key))} ${badge(a.class)}${why !== undefined ? ` ${esc(why)}` : ''}</li>`;
    })
    .join('');
  return `<details><summary>${i.annotations.length}</summary><ul>${items}</ul></details>`;
}

function keysOfClass(i: ReportIngress, cls: string): string {
  const keys = i.annotations.filter((a) => a.class === cls).map((a) => keyCode(a.key));
  return keys.length === 0 ? '-' : keys.join(' ');
}

function ingressesSection(report: MigrationReport): string {
  const rows = [...report.ingresses].sort(
    (a, b) =>
      b.difficulty.points - a.difficulty.points ||
      a.namespace.localeCompare(b.namespace) ||
      a.name.localeCompare(b.name),
  );
  const namespaces = report.namespaces.map((n) => n.namespace);
  return section('ingresses', 'Translatability and difficulty per Ingress', [
    "<p>Migration class: <strong>clean</strong> (standard constructs only), <strong>policy</strong> (needs an implementation's " +
      'policies or the experimental channel), <strong>blocked</strong> (a key with no equivalent). Hardest first; ' +
      "open a key count for each annotation's class and construct or reason.</p>",
    filters('tbl-ingresses', rows.length, [
      { col: 1, label: 'namespace', values: namespaces },
      { col: 2, label: 'class', values: MIGRATION_CLASSES },
      { col: 4, label: 'difficulty', values: LEVELS },
    ]),
    `<div class="scroll">${table(
      [
        { head: 'Ingress' },
        { head: 'namespace' },
        { head: 'class' },
        { head: 'keys', num: true },
        { head: 'difficulty' },
        { head: 'points', num: true },
        { head: 'terms', cls: 'terms' },
        { head: 'no equivalent' },
        { head: 'needs a policy first' },
        { head: 'gaps', num: true },
      ],
      rows.map((i) => [
        { html: `${esc(i.name)}<div class="src">${esc(sourceOf(i))}</div>`, v: i.name },
        i.namespace,
        { html: badge(i.migrationClass), v: MIGRATION_CLASSES.indexOf(i.migrationClass) },
        { html: annotationList(i), v: i.annotations.length },
        { html: badge(i.difficulty.level), v: LEVELS.indexOf(i.difficulty.level) },
        i.difficulty.points,
        termsText(i.difficulty.terms),
        { html: keysOfClass(i, 'no-equivalent'), v: i.annotations.filter((a) => a.class === 'no-equivalent').length },
        {
          html: i.requiresPolicy.length === 0 ? '-' : i.requiresPolicy.map(keyCode).join(' '),
          v: i.requiresPolicy.length,
        },
        {
          html:
            i.gaps.length === 0
              ? '0'
              : `<details><summary>${i.gaps.length}</summary><ul>${i.gaps.map((g) => `<li>${esc(g)}</li>`).join('')}</ul></details>`,
          v: i.gaps.length,
        },
      ]),
      { id: 'tbl-ingresses', sortable: true },
    )}</div>`,
  ]);
}

function securitySection(report: MigrationReport): string | undefined {
  const rows = report.ingresses.filter((i) => i.securityKeys.length > 0);
  if (rows.length === 0) return undefined;
  return section('security', 'Security-relevant keys', [
    '<p>Auth, allow-lists, rate limits and WAF keys fail open if dropped: a route must not go live before its policy exists.</p>',
    `<div class="scroll">${table(
      [{ head: 'Ingress' }, { head: 'keys' }, { head: 'not enforced by any draft' }],
      rows.map((i) => [
        `${i.namespace}/${i.name}`,
        { html: i.securityKeys.map(keyCode).join(' ') },
        { html: i.requiresPolicy.map(keyCode).join(' ') || '-' },
      ]),
    )}</div>`,
  ]);
}

function findingsSection(report: MigrationReport): string {
  const f = report.findings;
  if (f.items.length === 0 && f.regexCauses.length === 0)
    return section('findings', 'Findings that change the plan', ['<p>None.</p>']);
  const body: string[] = [];
  if (f.regexCauses.length > 0) {
    body.push(
      `<p>Ingresses that switch their host to regex mode (use-regex, rewrite-target): ${f.regexCauses.length}.</p>`,
    );
  }
  body.push(
    table(
      [{ head: 'finding' }, { head: 'count', num: true }],
      FINDING_KINDS.map((k) => [FINDING_TITLES[k], f.counts[k]]),
      { narrow: true },
    ),
  );
  if (f.items.length > 0) {
    const kinds = FINDING_KINDS.filter((k) => f.counts[k] > 0);
    body.push(
      filters('tbl-findings', f.items.length, [{ col: 0, label: 'kind', values: kinds }]),
      `<div class="scroll">${table(
        [{ head: 'kind' }, { head: 'Ingress' }, { head: 'what' }, { head: 'field' }],
        f.items.map((i) => [i.kind, `${i.namespace}/${i.name}`, i.message, { html: i.field ? code(i.field) : '-' }]),
        { id: 'tbl-findings', sortable: true },
      )}</div>`,
    );
  }
  return section('findings', 'Findings that change the plan', body);
}

function recommendationSection(report: MigrationReport): string {
  const r = report.recommendation;
  const rules = RECOMMENDATION_RULES;
  return section('recommendation', 'Recommendation', [
    `<div class="reco"><div class="title">${esc(r.title)}</div><ul>${r.reasons.map((x) => `<li>${esc(x)}</li>`).join('')}</ul></div>`,
    `<p>The rule, in order: at least ${pct(rules.bridgeBlockedShare)} blocked: a maintained fork or vendor NGINX as a ` +
      `bridge; more than ${pct(rules.controllerPolicyShare)} needing policies: another Ingress controller; at least ` +
      `${pct(rules.leaveAnnotationFreeShare)} with no ingress-nginx key: leaving the ingress layer; otherwise Gateway ` +
      'API, the clean Ingresses first.</p>',
    '<h3>Caveats</h3>',
    `<ul>${r.caveats.map((x) => `<li>${esc(x)}</li>`).join('')}</ul>`,
    `<p>Minimum Gateway API version the drafts need: <strong>${esc(r.minGatewayApiVersion)}</strong>.</p>`,
  ]);
}

function formulaSection(): string {
  return section('formula', 'How difficulty is computed', [
    '<p>Points are the sum of the terms below; the level follows from the points.</p>',
    table(
      [{ head: 'term' }, { head: 'points' }],
      DIFFICULTY_TERMS.map((t) => [t.description, `${t.weight} ${t.per === 'each' ? 'each' : 'once'}`]),
      { narrow: true },
    ),
    '<p></p>',
    table(
      [{ head: 'level' }, { head: 'points' }],
      DIFFICULTY_LEVELS.map((l, i) => [{ html: badge(l.level) }, levelRange(i)]),
      { narrow: true },
    ),
  ]);
}

function sourcesSection(report: MigrationReport): string {
  const s = report.sources;
  const g = s.gatewayApi;
  return section('sources', 'Sources', [
    '<ul>',
    `<li>Computed by kubeward ${esc(s.kubeward)}</li>`,
    `<li>Annotation catalogue: kubernetes/ingress-nginx at ${code(s.catalogue.ingressNginxCommit.slice(0, 12))}, ` +
      `ingress2gateway at ${code(s.catalogue.ingress2gatewayCommit.slice(0, 12))}</li>`,
    `<li>CVE data: ${s.cves.count} advisories, the latest published ${esc(s.cves.latestPublished)}; final ingress-nginx releases ${esc(s.cves.finalReleaseDate)}</li>`,
    `<li>Gateway API: drafts built to ${esc(g.release)} (${esc(g.channel)} channel, released ${esc(g.published)}, commit ${code(g.commit)}); they need ${esc(g.minVersion)} or later</li>`,
    '</ul>',
  ]);
}

function hash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** The Content-Security-Policy of the page: nothing but its own inline style and script, by hash. */
export function reportCsp(): string {
  return `default-src 'none'; style-src ${hash(REPORT_CSS)}; script-src ${hash(REPORT_SCRIPT)}; img-src 'none'; base-uri 'none'; form-action 'none'`;
}

export function migrationReportHtml(report: MigrationReport): string {
  const inv = report.inventory;
  const classes = classCounts(report);
  const sections = [
    inventorySection(report),
    exposureSection(report),
    debtSection(report),
    ingressesSection(report),
    securitySection(report),
    namespacesSection(report),
    findingsSection(report),
    recommendationSection(report),
    formulaSection(),
    sourcesSection(report),
  ].filter((s): s is string => s !== undefined);
  const toc = sections
    .map((s) => /^<section id="([^"]+)"><h2>([^<]+)<\/h2>/.exec(s))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => `<a href="#${m[1]}">${m[2]}</a>`)
    .join('');
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${esc(reportCsp())}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="generator" content="kubeward">',
    `<title>ingress-nginx migration report: ${inv.ingressNginx} of ${inv.total} Ingresses</title>`,
    `<style>${REPORT_CSS}</style>`,
    '</head><body><main>',
    '<h1>ingress-nginx migration report</h1>',
    `<p class="sub">${inv.ingressNginx} of ${inv.total} Ingresses on ingress-nginx (${report.ingresses.length} covered): ` +
      `${classes.clean} clean, ${classes.policy} policy, ${classes.blocked} blocked. Computed by kubeward ${esc(report.sources.kubeward)}.</p>`,
    ...summary(report),
    `<nav class="toc" aria-label="Sections">${toc}</nav>`,
    ...sections,
    `<footer>Generated by kubeward ${esc(report.sources.kubeward)} (schema version ${report.schemaVersion}); the JSON report (<code>--format json</code>) has every figure.</footer>`,
    '</main>',
    `<script>${REPORT_SCRIPT}</script>`,
    '</body></html>',
    '',
  ].join('\n');
}
