/**
 * The migration report as one self-contained HTML page: no external script, style, font, image or request (a
 * Content-Security-Policy with the hashes of the inline style and script says so to the browser), so it opens from
 * an email attachment or an air-gapped laptop. Every figure comes from the model, as in the Markdown, and the
 * sentences from text.ts; the charts are inline SVG with a table of their data beside them, the long tables sort and
 * filter (html-assets.ts), and the page prints (annotation details opened). Unlike the Markdown, no table is cut.
 */
import { createHash } from 'node:crypto';
import { ANNOTATION_CLASSES, type AnnotationClass, sourceOf } from '../../migrate/record.js';
import { DIFFICULTY_LEVELS, DIFFICULTY_TERMS, type DifficultyLevel, GRADES } from './difficulty.js';
import type { ControllerCve, ControllerExposure } from './exposure.js';
import { REPORT_CSS, REPORT_SCRIPT } from './html-assets.js';
import { type BarRow, barChart, columnChart, type StripRow, stripChart } from './html-charts.js';
import { badge, code, esc, figure, filters, legend, scroll, section, table, wide } from './html-table.js';
import {
  FINDING_KINDS,
  type KeyUse,
  type MigrationReport,
  type NamespaceSummary,
  type ReportIngress,
} from './model.js';
import {
  ATTRIBUTION_LABELS,
  criticalText,
  FINDING_TITLES,
  GRADE_TEXT,
  levelRange,
  MIGRATION_CLASS_ORDER,
  MIGRATION_CLASS_TEXT,
  NOTHING_TO_MIGRATE_TEXT,
  pct,
  plural,
  REGEX_CAUSES_TEXT,
  recommendationRuleText,
  SECURITY_TEXT,
  type SectionId,
  sectionsOf,
  sourceLines,
  termsText,
} from './text.js';

/** Namespaces and controllers drawn in a chart, at most (the tables have all). */
export const HTML_CHART_LIMITS = { namespaces: 25, controllers: 20 } as const;

const LEVELS: readonly DifficultyLevel[] = DIFFICULTY_LEVELS.map((l) => l.level);
const KEY_CLASSES: readonly AnnotationClass[] = ANNOTATION_CLASSES;
const SEVERITIES = ['critical', 'high', 'medium', 'low', 'unscored'];
const byName = new Intl.Collator('en', { numeric: true }).compare;

function shortKey(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1);
}

/** A key by its name, the full key (its prefix) in the tooltip, which the text filter matches too. */
function keyCode(key: string): string {
  return `<code title="${esc(key)}">${esc(shortKey(key))}</code>`;
}

/** Text with where it was read, muted, on a line of its own. */
function withSource(text: string, where: { readonly file: string; readonly line: number }): string {
  return `${esc(text)}<div class="src">${esc(sourceOf(where))}</div>`;
}

function card(label: string, value: string, detail: string, warn = false): string {
  return (
    `<div class="card${warn ? ' warn' : ''}"><div class="label">${esc(label)}</div>` +
    `<div class="value">${value}</div><div class="detail">${detail}</div></div>`
  );
}

function recommendationBox(report: MigrationReport, label: boolean): string {
  const r = report.recommendation;
  return (
    `<div class="reco">${label ? '<div class="label muted">Recommendation</div>' : ''}<div class="title">${esc(r.title)}</div>` +
    `<ul>${r.reasons.map((x) => `<li>${esc(x)}</li>`).join('')}</ul></div>`
  );
}

function summary(report: MigrationReport): string[] {
  const inv = report.inventory;
  const { byClass, openCves, worstCveScore } = report.summary;
  const debt = report.annotationDebt;
  const exposure = report.exposure;
  const controllers = exposure?.controllers ?? [];
  const unlisted = exposure?.unlistedKinds ?? [];
  const critical = controllers.filter((c) => c.criticalWithWebhook);
  const out: string[] = [];
  if (critical.length > 0) {
    const names = critical.map((c) => esc(`${c.namespace}/${c.name}${c.version !== undefined ? ` ${c.version}` : ''}`));
    out.push(`<div class="alert" role="alert">${criticalText(names)}</div>`);
  }
  const classes = MIGRATION_CLASS_ORDER.map((c) => `<span class="t-${c}">${byClass[c]}</span>`).join(' / ');
  const cves =
    unlisted.length > 0
      ? card(
          'Open CVEs',
          'unknown',
          esc(`${unlisted.join(' and ')} could not be listed: controllers may be missing`),
          true,
        )
      : controllers.length === 0
        ? card('Open CVEs', 'unknown', 'no ingress-nginx controller found')
        : card(
            'Open CVEs',
            `<span class="${openCves > 0 ? 't-high' : 't-clean'}">${openCves}</span>`,
            `${plural(controllers.length, 'controller')}${worstCveScore !== undefined ? `, worst score ${worstCveScore}` : ''}`,
            openCves > 0,
          );
  out.push(
    '<div class="cards">',
    card(
      'Ingresses on ingress-nginx',
      `${inv.ingressNginx} of ${inv.total}`,
      `${report.ingresses.length} covered by this report`,
    ),
    card('Migration class', classes, 'clean / policy / blocked'),
    card(
      'Annotations',
      String(debt.total),
      `${plural(debt.distinctKeys, 'distinct key')}, ${pct(debt.standardShare)} standard, ${plural(debt.snippets, 'snippet')}`,
    ),
    cves,
    '</div>',
    recommendationBox(report, true),
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
      ATTRIBUTION_LABELS.map(([source, label]) => [label, inv.byAttribution[source]]),
      { narrow: true },
    ),
  ];
  if (inv.unconverted.length > 0) {
    body.push(
      `<h3>Not covered: kubeward cannot translate them yet (${inv.unconverted.length})</h3>`,
      table(
        [{ head: 'Ingress' }, { head: 'why' }],
        inv.unconverted.map((u) => [{ html: withSource(`${u.namespace}/${u.name}`, u) }, u.reason]),
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
      scroll(
        table(
          [{ head: 'Ingress' }, { head: 'controller' }, { head: 'why' }],
          inv.others.map((o) => [{ html: withSource(`${o.namespace}/${o.name}`, o) }, o.controller, o.reason]),
        ),
      ),
    );
  }
  return section('inventory', 'Inventory', body);
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
    body.push('<p>No ingress-nginx controller was found: versions, CVEs and settings are unknown (see the notes).</p>');
  } else {
    const drawn = controllers.slice(0, HTML_CHART_LIMITS.controllers);
    const strips: StripRow[] = drawn.map((c) => ({
      label: controllerLabel(c),
      cells: c.cves.map((v) => ({
        text: v.score !== undefined ? v.score.toFixed(1) : '–',
        cls: `c-${cveSeverity(v)}`,
        title: `${v.id} (${cveSeverity(v)}${v.score !== undefined ? ` ${v.score}` : ''}): ${v.title}; fixed in ${v.fixedIn.join(', ') || 'no release'}`,
      })),
      empty: c.version === undefined ? 'version unknown: its CVEs cannot be told' : 'no known CVE open',
    }));
    const many = controllers.length > 1;
    const cveRows = controllers.flatMap((c) =>
      c.cves.map((v) => [
        ...(many ? [`${c.namespace}/${c.name}`] : []),
        { html: `<code class="id" title="${esc(v.title)}">${esc(v.id)}</code>`, v: v.id },
        { html: badge(cveSeverity(v)), v: SEVERITIES.indexOf(cveSeverity(v)) },
        { html: v.score !== undefined ? String(v.score) : '-', v: v.score ?? 0 },
        v.fixedIn.join(', ') || '-',
        v.title,
      ]),
    );
    body.push(
      '<figure class="full"><figcaption>Open CVEs per controller (one cell per CVE, its CVSS score)</figcaption>',
      stripChart('Open CVEs per controller', strips),
      legend(SEVERITIES),
      '<p class="muted">A cell without a score: the advisory gives a severity but no CVSS score.' +
        (controllers.length > drawn.length
          ? ` ${drawn.length} of ${controllers.length} controllers drawn; the tables have all.`
          : '') +
        '</p></figure>',
      cveRows.length === 0
        ? "<p>No open CVE in kubeward's data for these versions.</p>"
        : scroll(
            table(
              [
                ...(many ? [{ head: 'controller' }] : []),
                { head: 'CVE' },
                { head: 'severity' },
                { head: 'score', num: true },
                { head: 'fixed in' },
                { head: 'what' },
              ],
              cveRows,
              { id: 'tbl-cves', sortable: true },
            ),
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
            { html: badge(c.allowSnippetAnnotations) },
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

function classesOf(k: KeyUse): AnnotationClass[] {
  return KEY_CLASSES.filter((c) => (k.byClass[c] ?? 0) > 0);
}

function debtSection(report: MigrationReport): string {
  const d = report.annotationDebt;
  const topRows: BarRow[] = d.topKeys.map((k) => ({
    label: shortKey(k.key),
    title: k.key,
    segments: classesOf(k).map((c) => ({ value: k.byClass[c] ?? 0, cls: `c-${c}`, label: c })),
  }));
  return section('debt', 'Annotation debt', [
    `<p>${d.total} ingress-nginx annotations, ${plural(d.distinctKeys, 'distinct key')}; per Ingress min ${d.perIngress.min}, ` +
      `median ${d.perIngress.median}, max ${d.perIngress.max}. ${plural(d.snippets, 'snippet annotation')}. ` +
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
      `The ${d.topKeys.length} most used keys, by class (a key's class can depend on its value)`,
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
    scroll(
      table(
        [
          { head: 'key' },
          { head: 'uses', num: true },
          { head: 'class' },
          { head: 'uses by class' },
          { head: 'construct' },
        ],
        d.keys.map((k) => [
          { html: keyCode(k.key), v: shortKey(k.key) },
          k.count,
          { html: badge(k.class), v: k.class, f: classesOf(k) },
          classesOf(k)
            .map((c) => `${c} ${k.byClass[c]}`)
            .join(', '),
          k.construct ?? '-',
        ]),
        { id: 'tbl-keys', sortable: true },
      ),
    ),
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

/** The namespaces a chart draws: the most Ingresses, then the most blocked, then the most needing policies. */
function drawnNamespaces(all: readonly NamespaceSummary[]): NamespaceSummary[] {
  return [...all]
    .sort(
      (a, b) =>
        b.ingresses - a.ingresses ||
        b.byClass.blocked - a.byClass.blocked ||
        b.byClass.policy - a.byClass.policy ||
        byName(a.namespace, b.namespace),
    )
    .slice(0, HTML_CHART_LIMITS.namespaces);
}

function namespacesSection(report: MigrationReport): string {
  const all = report.namespaces;
  const drawn = drawnNamespaces(all);
  const cutNote =
    all.length > drawn.length
      ? `<p class="muted">The ${drawn.length} namespaces with the most Ingresses (then the most blocked) of ${all.length} are drawn; the table below has all.</p>`
      : '';
  return section('namespaces', 'Namespaces', [
    figure(
      'Translatability by namespace',
      barChart(
        'Translatability by namespace',
        stacked(drawn, MIGRATION_CLASS_ORDER, (n, k) => n.byClass[k]),
      ),
      legend(MIGRATION_CLASS_ORDER) + cutNote,
      table(
        [{ head: 'namespace' }, ...MIGRATION_CLASS_ORDER.map((c) => ({ head: c, num: true }))],
        drawn.map((n) => [n.namespace, ...MIGRATION_CLASS_ORDER.map((c) => n.byClass[c])]),
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
    `<p>${esc(GRADE_TEXT)}</p>`,
    table(
      [{ head: 'grade' }, { head: 'easy at least', num: true }, { head: 'blocked at most', num: true }],
      GRADES.map((g) => [{ html: badge(g.grade) }, pct(g.minEasyShare), pct(g.maxBlockedShare)]),
      { narrow: true },
    ),
    filters('tbl-namespaces', all.length, [{ col: 10, label: 'grade', values: GRADES.map((g) => g.grade) }]),
    scroll(
      table(
        [
          { head: 'namespace' },
          { head: 'Ingresses', num: true },
          ...MIGRATION_CLASS_ORDER.map((c) => ({ head: c, num: true })),
          ...LEVELS.map((l) => ({ head: l, num: true })),
          { head: 'grade' },
          { head: 'easy share', num: true },
          { head: 'blocked share', num: true },
        ],
        all.map((n) => [
          n.namespace,
          n.ingresses,
          ...MIGRATION_CLASS_ORDER.map((c) => n.byClass[c]),
          ...LEVELS.map((l) => n.byLevel[l]),
          { html: badge(n.grade), v: n.grade },
          { html: pct(n.easyShare), v: n.easyShare },
          { html: pct(n.blockedShare), v: n.blockedShare },
        ]),
        { id: 'tbl-namespaces', sortable: true },
      ),
    ),
  ]);
}

function annotationList(i: ReportIngress): string {
  if (i.annotations.length === 0) return '0';
  const items = i.annotations
    .map((a) => {
      const why = a.construct ?? a.reason;
      return `<li>${keyCode(a.key)} ${badge(a.class)}${why !== undefined ? ` ${esc(why)}` : ''}</li>`;
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
    (a, b) => b.difficulty.points - a.difficulty.points || byName(a.namespace, b.namespace) || byName(a.name, b.name),
  );
  const namespaces = report.namespaces.map((n) => n.namespace);
  return section('ingresses', 'Translatability and difficulty per Ingress', [
    `<p>${esc(MIGRATION_CLASS_TEXT)} Hardest first; open a key count for each annotation's class and construct or reason.</p>`,
    filters('tbl-ingresses', rows.length, [
      { col: 1, label: 'namespace', values: namespaces },
      { col: 2, label: 'class', values: MIGRATION_CLASS_ORDER },
      { col: 4, label: 'difficulty', values: LEVELS },
    ]),
    scroll(
      table(
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
          { html: withSource(i.name, i), v: i.name },
          i.namespace,
          { html: badge(i.migrationClass), v: MIGRATION_CLASS_ORDER.indexOf(i.migrationClass) },
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
      ),
    ),
  ]);
}

function securitySection(report: MigrationReport): string | undefined {
  const rows = report.ingresses.filter((i) => i.securityKeys.length > 0);
  if (rows.length === 0) return undefined;
  return section('security', 'Security-relevant keys', [
    `<p>${esc(SECURITY_TEXT)}</p>`,
    scroll(
      table(
        [{ head: 'Ingress' }, { head: 'keys' }, { head: 'not enforced by any draft' }],
        rows.map((i) => [
          { html: withSource(`${i.namespace}/${i.name}`, i) },
          { html: i.securityKeys.map(keyCode).join(' ') },
          { html: i.requiresPolicy.map(keyCode).join(' ') || '-' },
        ]),
      ),
    ),
  ]);
}

function findingsSection(report: MigrationReport): string {
  const f = report.findings;
  const title = 'Findings that change the plan';
  if (f.items.length === 0 && f.regexCauses.length === 0) return section('findings', title, ['<p>None.</p>']);
  const body: string[] = [];
  if (f.regexCauses.length > 0) {
    body.push(
      `<p>${esc(REGEX_CAUSES_TEXT)} (the causes): ${f.regexCauses.length}: ${f.regexCauses.map((c) => esc(c)).join(', ')}. ` +
        'The Ingresses of those hosts that set neither (the affected) are the host-wide regex mode findings below.</p>',
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
      scroll(
        table(
          [{ head: 'kind', cls: 'nowrap' }, { head: 'Ingress' }, { head: 'what' }, { head: 'field' }],
          f.items.map((i) => [
            i.kind,
            { html: withSource(`${i.namespace}/${i.name}`, i), v: `${i.namespace}/${i.name}` },
            i.message,
            { html: i.field ? code(i.field) : '-' },
          ]),
          { id: 'tbl-findings', sortable: true },
        ),
      ),
    );
  }
  return section('findings', title, body);
}

function recommendationSection(report: MigrationReport): string {
  const r = report.recommendation;
  return section('recommendation', 'Recommendation', [
    recommendationBox(report, false),
    `<p>${esc(recommendationRuleText())}</p>`,
    ...(r.caveats.length > 0
      ? ['<h3>Caveats</h3>', `<ul>${r.caveats.map((x) => `<li>${esc(x)}</li>`).join('')}</ul>`]
      : []),
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
  return section('sources', 'Sources', [
    `<ul>${sourceLines(report.sources)
      .map((l) => `<li>${esc(l)}</li>`)
      .join('')}</ul>`,
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
  const { byClass } = report.summary;
  const render: Readonly<Record<SectionId, () => string | undefined>> = {
    inventory: () => inventorySection(report),
    exposure: () => exposureSection(report),
    debt: () => debtSection(report),
    ingresses: () => ingressesSection(report),
    security: () => securitySection(report),
    namespaces: () => namespacesSection(report),
    findings: () => findingsSection(report),
    nothing: () => `<p class="nothing">${esc(NOTHING_TO_MIGRATE_TEXT)}</p>`,
    recommendation: () => recommendationSection(report),
    formula: () => formulaSection(),
    sources: () => sourcesSection(report),
  };
  const sections = sectionsOf(report)
    .map((id) => render[id]())
    .filter((s): s is string => s !== undefined);
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
      `${byClass.clean} clean, ${byClass.policy} policy, ${byClass.blocked} blocked.</p>`,
    ...summary(report),
    `<nav class="toc" aria-label="Sections">${toc}</nav>`,
    ...sections,
    `<footer>Generated by kubeward ${esc(report.sources.kubeward)}${report.sources.generatedAt !== undefined ? ` at ${esc(report.sources.generatedAt)}` : ''} (schema version ${report.schemaVersion}); the JSON report (<code>--format json</code>) has every figure.</footer>`,
    '</main>',
    `<script>${REPORT_SCRIPT}</script>`,
    '</body></html>',
    '',
  ].join('\n');
}
