/**
 * The migration report as Markdown, for a pull request or a wiki. Every figure comes from the model; the difficulty
 * formula, the levels and the grades are rendered from the tables of difficulty.ts, so the text cannot drift from
 * what was computed. Long tables are cut at a bound, with a note saying how many rows were left out.
 */

import { sourceOf } from '../../migrate/record.js';
import { DIFFICULTY_LEVELS, DIFFICULTY_TERMS, GRADES } from './difficulty.js';
import type { ControllerExposure } from './exposure.js';
import { FINDING_KINDS, type MigrationReport, type ReportIngress } from './model.js';
import {
  ATTRIBUTION_LABELS,
  criticalText,
  FINDING_TITLES,
  GRADE_TEXT,
  levelRange,
  MIGRATION_CLASS_TEXT,
  NOTHING_TO_MIGRATE_TEXT,
  pct,
  REGEX_CAUSES_TEXT,
  recommendationRuleText,
  SECURITY_TEXT,
  type SectionId,
  sectionsOf,
  sourceLines,
  termsText,
} from './text.js';

/** Rows of the per-Ingress and per-namespace tables, and findings per kind, at most. */
export const MARKDOWN_LIMITS = { ingresses: 50, namespaces: 50, findings: 20, security: 50 } as const;

/**
 * Text from the inputs (names, file names, messages) as Markdown renders it literally: `&`, `<` and `>` as entities,
 * so a wiki or a pull request shows `<script>` instead of running or hiding it.
 */
export function md(text: string | number): string {
  return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A table cell: escaped as `md`, pipes escaped, line breaks flattened. */
export function cell(text: string | number): string {
  return md(text).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

function table(head: readonly string[], rows: readonly (readonly (string | number)[])[]): string[] {
  return [
    `| ${head.map(cell).join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ];
}

function cut(total: number, shown: number, what: string): string[] {
  return total > shown
    ? ['', `_${shown} of ${total} ${what} shown; the JSON report (\`--format json\`) has all._`]
    : [];
}

/** The formula, the levels and the grades: the same tables the README shows. */
export function formulaMarkdown(): string[] {
  return [
    ...table(
      ['term', 'points'],
      DIFFICULTY_TERMS.map((t) => [t.description, `${t.weight} ${t.per === 'each' ? 'each' : 'once'}`]),
    ),
    '',
    ...table(
      ['level', 'points'],
      DIFFICULTY_LEVELS.map((l, i) => [l.level, levelRange(i)]),
    ),
    '',
    GRADE_TEXT,
    '',
    ...table(
      ['grade', 'easy at least', 'blocked at most'],
      GRADES.map((g) => [g.grade, pct(g.minEasyShare), pct(g.maxBlockedShare)]),
    ),
  ];
}

function criticalWarning(report: MigrationReport): string[] {
  const critical = report.exposure?.controllers.filter((c) => c.criticalWithWebhook) ?? [];
  if (critical.length === 0) return [];
  const names = critical.map((c) => md(`${c.namespace}/${c.name}${c.version !== undefined ? ` ${c.version}` : ''}`));
  return ['> [!CAUTION]', `> **${criticalText(names)}**`, ''];
}

function inventorySection(report: MigrationReport): string[] {
  const inv = report.inventory;
  const out = [
    '## Inventory',
    '',
    `**${inv.ingressNginx} of ${inv.total}** Ingresses are served by ingress-nginx` +
      (inv.unconverted.length > 0 ? `; ${inv.ingresses.length} are covered by this report.` : '.'),
    '',
    ...table(
      ['attributed by', 'Ingresses'],
      ATTRIBUTION_LABELS.map(([source, label]) => [label, inv.byAttribution[source]]),
    ),
  ];
  if (inv.unconverted.length > 0) {
    out.push('', `${inv.unconverted.length} of them are not covered below: kubeward cannot translate them yet.`, '');
    out.push(
      ...inv.unconverted
        .slice(0, MARKDOWN_LIMITS.findings)
        .map((u) => `- ${md(`${u.namespace}/${u.name} (${sourceOf(u)}): ${u.reason}`)}`),
      ...cut(inv.unconverted.length, Math.min(inv.unconverted.length, MARKDOWN_LIMITS.findings), 'Ingresses'),
    );
  }
  if (inv.others.length > 0) {
    out.push('', 'Served by other controllers (not part of this report):', '');
    out.push(
      ...table(
        ['controller', 'Ingresses'],
        inv.othersByController.map((o) => [o.controller, o.count]),
      ),
    );
    const shown = inv.others.slice(0, MARKDOWN_LIMITS.findings);
    out.push(
      '',
      ...table(
        ['Ingress', 'controller', 'why'],
        shown.map((o) => [`${o.namespace}/${o.name}`, o.controller, o.reason]),
      ),
      ...cut(inv.others.length, shown.length, 'Ingresses of other controllers'),
    );
  }
  return out;
}

/** `v1.9.0` before `v1.11.5` (ingress-nginx versions); text that is no version last. */

function controllerRow(c: ControllerExposure): (string | number)[] {
  const worst = c.cves.length === 0 ? 'none' : `${c.cves.length} (worst ${c.worstScore ?? 'unscored'})`;
  const fixed = c.upgradeTo ?? '-';
  return [
    `${c.namespace}/${c.name} (${c.kind})`,
    c.version ?? 'unknown',
    worst,
    fixed || '-',
    c.admissionWebhook,
    c.allowSnippetAnnotations,
    c.annotationsRiskLevel,
    c.snippetsLive,
  ];
}

function exposureSection(report: MigrationReport): string[] {
  const out = ['## Exposure', ''];
  const exposure = report.exposure;
  if (exposure === null) return [...out, '_Exposure not computed in this build._'];
  if (exposure.controllers.length === 0) {
    out.push('No ingress-nginx controller among the inputs: versions, CVEs and settings are unknown.');
  } else {
    out.push(
      ...table(
        [
          'controller',
          'version',
          'open CVEs',
          'upgrade to (fixes them all)',
          'admission webhook',
          'allow-snippet-annotations',
          'annotations-risk-level',
          'snippets live',
        ],
        exposure.controllers.map(controllerRow),
      ),
    );
  }
  if (exposure.notes.length > 0) out.push('', ...exposure.notes.map((n) => `- ${n}`));
  return out;
}

function debtSection(report: MigrationReport): string[] {
  const d = report.annotationDebt;
  return [
    '## Annotation debt',
    '',
    `${d.total} ingress-nginx annotations, ${d.distinctKeys} distinct keys; per Ingress min ${d.perIngress.min}, ` +
      `median ${d.perIngress.median}, max ${d.perIngress.max}. ${d.snippets} snippet annotation${d.snippets === 1 ? '' : 's'}. ` +
      `${pct(d.standardShare)} of the annotations have a standard Gateway API construct.`,
    '',
    ...table(
      ['annotations per Ingress', 'Ingresses'],
      d.histogram.map((b) => [b.label, b.count]),
    ),
    '',
    ...table(
      ['class', 'annotations'],
      Object.entries(d.byClass).map(([c, n]) => [c, n]),
    ),
    '',
    'Most used keys:',
    '',
    ...table(
      ['key', 'uses', 'class', 'construct'],
      d.topKeys.map((k) => [code(k.key), k.count, k.class, k.construct ?? '-']),
    ),
  ];
}

function ingressesSection(report: MigrationReport): string[] {
  const rows = [...report.ingresses].sort(
    (a, b) =>
      b.difficulty.points - a.difficulty.points ||
      a.namespace.localeCompare(b.namespace) ||
      a.name.localeCompare(b.name),
  );
  const shown = rows.slice(0, MARKDOWN_LIMITS.ingresses);
  const blockers = (i: ReportIngress) =>
    i.annotations
      .filter((a) => a.class === 'no-equivalent')
      .map((a) => code(a.key))
      .join(', ') || '-';
  return [
    '## Translatability and difficulty per Ingress',
    '',
    `${MIGRATION_CLASS_TEXT} Hardest first.`,
    '',
    ...table(
      ['Ingress', 'source', 'class', 'keys', 'difficulty', 'points (terms)', 'no equivalent'],
      shown.map((i) => [
        `${i.namespace}/${i.name}`,
        sourceOf(i),
        i.migrationClass,
        i.annotations.length,
        i.difficulty.level,
        `${i.difficulty.points} (${termsText(i.difficulty.terms)})`,
        blockers(i),
      ]),
    ),
    ...cut(rows.length, shown.length, 'Ingresses'),
  ];
}

function securitySection(report: MigrationReport): string[] {
  const rows = report.ingresses.filter((i) => i.securityKeys.length > 0);
  if (rows.length === 0) return [];
  const shown = rows.slice(0, MARKDOWN_LIMITS.security);
  return [
    '## Security-relevant keys',
    '',
    SECURITY_TEXT,
    '',
    ...table(
      ['Ingress', 'source', 'keys', 'not enforced by any draft'],
      shown.map((i) => [
        `${i.namespace}/${i.name}`,
        sourceOf(i),
        i.securityKeys.map(code).join(', '),
        i.requiresPolicy.map(code).join(', ') || '-',
      ]),
    ),
    ...cut(rows.length, shown.length, 'Ingresses'),
  ];
}

function namespacesSection(report: MigrationReport): string[] {
  const shown = report.namespaces.slice(0, MARKDOWN_LIMITS.namespaces);
  const levels = DIFFICULTY_LEVELS.map((l) => l.level);
  return [
    '## Namespaces',
    '',
    ...table(
      ['namespace', 'Ingresses', 'clean', 'policy', 'blocked', ...levels, 'easy share', 'grade'],
      shown.map((n) => [
        n.namespace,
        n.ingresses,
        n.byClass.clean,
        n.byClass.policy,
        n.byClass.blocked,
        ...levels.map((l) => n.byLevel[l]),
        pct(n.easyShare),
        `**${n.grade}**`,
      ]),
    ),
    ...cut(report.namespaces.length, shown.length, 'namespaces'),
  ];
}

function findingsSection(report: MigrationReport): string[] {
  const f = report.findings;
  const out = ['## Findings that change the plan', ''];
  if (f.items.length === 0 && f.regexCauses.length === 0) return [...out, 'None.'];
  if (f.regexCauses.length > 0) {
    out.push(
      `${REGEX_CAUSES_TEXT}: ${f.regexCauses.length} ` +
        `(${md(f.regexCauses.slice(0, MARKDOWN_LIMITS.findings).join(', '))}${f.regexCauses.length > MARKDOWN_LIMITS.findings ? ', …' : ''}). ` +
        'The Ingresses of those hosts that set neither are listed as host-wide regex mode below.',
      '',
    );
  }
  for (const kind of FINDING_KINDS) {
    const items = f.items.filter((i) => i.kind === kind);
    if (items.length === 0) continue;
    const shown = items.slice(0, MARKDOWN_LIMITS.findings);
    out.push(`### ${FINDING_TITLES[kind]}: ${f.counts[kind]}`, '');
    out.push(
      ...shown.map(
        (i) =>
          `- ${md(`${i.namespace}/${i.name} (${sourceOf(i)}): ${i.message}`)}${i.field ? ` (${code(i.field)})` : ''}`,
      ),
    );
    out.push(...cut(items.length, shown.length, 'findings'), '');
  }
  return out;
}

function recommendationSection(report: MigrationReport): string[] {
  const r = report.recommendation;
  return [
    '## Recommendation',
    '',
    `**${r.title}.**`,
    '',
    ...r.reasons.map((x) => `- ${md(x)}`),
    '',
    recommendationRuleText(),
    ...(r.caveats.length > 0 ? ['', 'Caveats:', '', ...r.caveats.map((x) => `- ${md(x)}`)] : []),
    '',
    `Minimum Gateway API version the drafts need: **${r.minGatewayApiVersion}**.`,
  ];
}

function sourcesSection(report: MigrationReport): string[] {
  return ['## Sources', '', ...sourceLines(report.sources).map((l) => `- ${md(l)}`)];
}

export function migrationReportMarkdown(report: MigrationReport): string {
  const inv = report.inventory;
  const classes = report.summary.byClass;
  const render: Readonly<Record<SectionId, () => string[]>> = {
    inventory: () => inventorySection(report),
    exposure: () => exposureSection(report),
    debt: () => debtSection(report),
    ingresses: () => ingressesSection(report),
    security: () => securitySection(report),
    namespaces: () => namespacesSection(report),
    findings: () => findingsSection(report),
    nothing: () => [NOTHING_TO_MIGRATE_TEXT],
    recommendation: () => recommendationSection(report),
    formula: () => [
      '## How difficulty is computed',
      '',
      'Points are the sum of the terms below; the level follows from the points.',
      '',
      ...formulaMarkdown(),
    ],
    sources: () => sourcesSection(report),
  };
  const sections = [
    ['# ingress-nginx migration report', ''],
    criticalWarning(report),
    [
      `${inv.ingressNginx} of ${inv.total} Ingresses on ingress-nginx (${report.ingresses.length} covered): ${classes.clean} clean, ${classes.policy} ` +
        `policy, ${classes.blocked} blocked. Recommendation: ${report.recommendation.title}.`,
      '',
    ],
    ...sectionsOf(report).map((id) => render[id]()),
  ].filter((s) => s.length > 0);
  return `${sections.map((s) => s.join('\n').trimEnd()).join('\n\n')}\n`;
}
