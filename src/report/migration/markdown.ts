/**
 * The migration report as Markdown, for a pull request or a wiki. Every figure comes from the model; the difficulty
 * formula, the levels and the grades are rendered from the tables of difficulty.ts, so the text cannot drift from
 * what was computed. Long tables are cut at a bound, with a note saying how many rows were left out.
 */

import { sourceOf } from '../../migrate/record.js';
import { DIFFICULTY_LEVELS, DIFFICULTY_TERMS, GRADES, type TermCount } from './difficulty.js';
import type { ControllerExposure } from './exposure.js';
import {
  FINDING_KINDS,
  type FindingKind,
  type MigrationReport,
  RECOMMENDATION_RULES,
  type ReportIngress,
} from './model.js';

/** Rows of the per-Ingress and per-namespace tables, and findings per kind, at most. */
export const MARKDOWN_LIMITS = { ingresses: 50, namespaces: 50, findings: 20, security: 50 } as const;

export const FINDING_TITLES: Readonly<Record<FindingKind, string>> = {
  'regex-mode': 'Host-wide regex mode (paths of these Ingresses match as regexes because of another Ingress)',
  'duplicate-path': 'Duplicate host and path (ingress-nginx serves the first Ingress only)',
  'unresolved-port': 'Named Service ports that do not resolve',
  'resource-backend': 'Resource backends (a Gateway API route cannot reference them)',
  'wrong-prefix': "Keys under another controller's prefix (no effect)",
  'duplicate-name': 'The same Ingress name defined more than once in the inputs (each definition is counted)',
};

/** A table cell: pipes escaped, line breaks flattened. */
export function cell(text: string | number): string {
  return String(text).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
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

export function levelRange(i: number): string {
  const band = DIFFICULTY_LEVELS[i];
  const next = DIFFICULTY_LEVELS[i + 1];
  if (band === undefined) return '';
  if (next === undefined) return `${band.from}+`;
  return next.from - 1 === band.from ? String(band.from) : `${band.from}-${next.from - 1}`;
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
    'Namespace grade: the first grade whose two bounds the namespace meets ("easy" is trivial or easy).',
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
  return [
    '> [!CAUTION]',
    `> **A known critical CVE is open with the admission webhook on** (CVE-2025-1974 class) in ${critical
      .map((c) => `${c.namespace}/${c.name}${c.version !== undefined ? ` ${c.version}` : ''}`)
      .join(', ')}: upgrade the controller or turn the webhook off now, before any migration work.`,
    '',
  ];
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
      [
        ['IngressClass controller (spec.ingressClassName)', inv.byAttribution.spec],
        ['legacy annotation kubernetes.io/ingress.class', inv.byAttribution.annotation],
        ['default IngressClass', inv.byAttribution.default],
        ['no class (the controller watches Ingresses without one)', inv.byAttribution.none],
      ],
    ),
  ];
  if (inv.unconverted.length > 0) {
    out.push('', `${inv.unconverted.length} of them are not covered below: kubeward cannot translate them yet.`, '');
    out.push(
      ...inv.unconverted
        .slice(0, MARKDOWN_LIMITS.findings)
        .map((u) => `- ${u.namespace}/${u.name} (${sourceOf(u)}): ${u.reason}`),
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

export function termsText(terms: readonly TermCount[]): string {
  const used = terms.filter((t) => t.count > 0);
  return used.length === 0 ? '0' : used.map((t) => `${t.id} ${t.count}x${t.weight}`).join(' + ');
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
    "Migration class: **clean** (standard constructs only), **policy** (needs an implementation's policies or the " +
      'experimental channel), **blocked** (a key with no equivalent). Hardest first.',
    '',
    ...table(
      ['Ingress', 'class', 'keys', 'difficulty', 'points (terms)', 'no equivalent'],
      shown.map((i) => [
        `${i.namespace}/${i.name}`,
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
    'Auth, allow-lists, rate limits and WAF keys fail open if dropped: a route must not go live before its policy exists.',
    '',
    ...table(
      ['Ingress', 'keys', 'not enforced by any draft'],
      shown.map((i) => [
        `${i.namespace}/${i.name}`,
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
      ['namespace', 'Ingresses', 'clean', 'policy', 'blocked', ...levels, 'easy', 'grade'],
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
      `Ingresses that switch their host to regex mode (use-regex, rewrite-target): ${f.regexCauses.length} ` +
        `(${f.regexCauses.slice(0, MARKDOWN_LIMITS.findings).join(', ')}${f.regexCauses.length > MARKDOWN_LIMITS.findings ? ', …' : ''}).`,
      '',
    );
  }
  for (const kind of FINDING_KINDS) {
    const items = f.items.filter((i) => i.kind === kind);
    if (items.length === 0) continue;
    const shown = items.slice(0, MARKDOWN_LIMITS.findings);
    out.push(`### ${FINDING_TITLES[kind]}: ${f.counts[kind]}`, '');
    out.push(...shown.map((i) => `- ${i.namespace}/${i.name}: ${i.message}${i.field ? ` (${code(i.field)})` : ''}`));
    out.push(...cut(items.length, shown.length, 'findings'), '');
  }
  return out;
}

function recommendationSection(report: MigrationReport): string[] {
  const r = report.recommendation;
  const rules = RECOMMENDATION_RULES;
  return [
    '## Recommendation',
    '',
    `**${r.title}.**`,
    '',
    ...r.reasons.map((x) => `- ${x}`),
    '',
    `The rule, in order: at least ${pct(rules.bridgeBlockedShare)} blocked: a maintained fork or vendor NGINX as a ` +
      `bridge; more than ${pct(rules.controllerPolicyShare)} needing policies: another Ingress controller; at least ` +
      `${pct(rules.leaveAnnotationFreeShare)} with no ingress-nginx key: leaving the ingress layer; otherwise Gateway ` +
      'API, the clean Ingresses first.',
    '',
    'Caveats:',
    '',
    ...r.caveats.map((x) => `- ${x}`),
    '',
    `Minimum Gateway API version the drafts need: **${r.minGatewayApiVersion}**.`,
  ];
}

function sourcesSection(report: MigrationReport): string[] {
  const s = report.sources;
  return [
    '## Sources',
    '',
    `- Computed by kubeward ${s.kubeward}`,
    `- Annotation catalogue: kubernetes/ingress-nginx at ${s.catalogue.ingressNginxCommit.slice(0, 12)}, ` +
      `ingress2gateway at ${s.catalogue.ingress2gatewayCommit.slice(0, 12)}`,
    `- CVE data: ${s.cves.count} advisories, the latest published ${s.cves.latestPublished}; final ingress-nginx ` +
      `releases ${s.cves.finalReleaseDate}`,
    `- Gateway API: drafts built to ${s.gatewayApi.release} (${s.gatewayApi.channel} channel, released ` +
      `${s.gatewayApi.published}, commit ${s.gatewayApi.commit}); they need ${s.gatewayApi.minVersion} or later`,
  ];
}

export function migrationReportMarkdown(report: MigrationReport): string {
  const inv = report.inventory;
  const classes = { clean: 0, policy: 0, blocked: 0 };
  for (const i of report.ingresses) classes[i.migrationClass]++;
  const sections = [
    ['# ingress-nginx migration report', ''],
    criticalWarning(report),
    [
      `${inv.ingressNginx} of ${inv.total} Ingresses on ingress-nginx (${report.ingresses.length} covered): ${classes.clean} clean, ${classes.policy} ` +
        `policy, ${classes.blocked} blocked. Recommendation: ${report.recommendation.title}.`,
      '',
    ],
    inventorySection(report),
    exposureSection(report),
    debtSection(report),
    ingressesSection(report),
    securitySection(report),
    namespacesSection(report),
    findingsSection(report),
    recommendationSection(report),
    [
      '## How difficulty is computed',
      '',
      'Points are the sum of the terms below; the level follows from the points.',
      '',
      ...formulaMarkdown(),
    ],
    sourcesSection(report),
  ].filter((s) => s.length > 0);
  return `${sections.map((s) => s.join('\n').trimEnd()).join('\n\n')}\n`;
}
