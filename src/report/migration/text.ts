/**
 * The wording the Markdown and HTML migration reports share: section sentences, table labels and the rules of the
 * report as prose. One place, so the two formats cannot say different things; each format only marks it up.
 */

import type { Attribution } from '../../migrate/record.js';
import { DIFFICULTY_LEVELS, type MigrationClass, type TermCount } from './difficulty.js';
import {
  type FindingKind,
  type MigrationReport,
  RECOMMENDATION_RULES,
  type ReportInput,
  type Sources,
} from './model.js';

export const MIGRATION_CLASS_ORDER: readonly MigrationClass[] = ['clean', 'policy', 'blocked'];

export const FINDING_TITLES: Readonly<Record<FindingKind, string>> = {
  'regex-mode': 'Host-wide regex mode (paths of these Ingresses match as regexes because of another Ingress)',
  'duplicate-path': 'Duplicate host and path (ingress-nginx serves the first Ingress only)',
  'unresolved-port': 'Named Service ports that do not resolve',
  'resource-backend': 'Resource backends (a Gateway API route cannot reference them)',
  'wrong-prefix': "Keys under another controller's prefix (no effect)",
  'duplicate-name': 'The same Ingress name defined more than once in the inputs (each definition is counted)',
};

/** The rows of the attribution table, in order. */
export const ATTRIBUTION_LABELS: readonly (readonly [Attribution['classSource'], string])[] = [
  ['spec', 'IngressClass controller (spec.ingressClassName)'],
  ['annotation', 'legacy annotation kubernetes.io/ingress.class'],
  ['default', 'default IngressClass'],
  ['none', 'no class (the controller watches Ingresses without one)'],
];

export const MIGRATION_CLASS_TEXT =
  'Migration class: clean (every key carried by the drafts with a standard construct), policy (some key needs work ' +
  "beyond the drafts: an implementation's policy, the experimental channel, or a standard construct the drafts do " +
  'not write yet), blocked (a key with no equivalent).';

export const GRADE_TEXT =
  'Namespace grade: the first grade whose two bounds the namespace meets ("easy" is trivial or easy).';

export const REGEX_CAUSES_TEXT =
  'Ingresses whose keys switch their whole host to regex mode (use-regex, rewrite-target)';

export const SECURITY_TEXT =
  'Auth, client certificates, allow-lists, rate limits and WAF keys fail open if dropped: a route must not go live before its policy exists.';

export const NOTHING_TO_MIGRATE_TEXT =
  'No Ingress of the inputs is served by ingress-nginx: there is nothing to migrate, so the annotation, per-Ingress, namespace and findings sections are left out.';

export function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The recommendation rule, in order, as one sentence. */
export function recommendationRuleText(): string {
  const rules = RECOMMENDATION_RULES;
  return (
    `The rule, in order: at least ${pct(rules.bridgeBlockedShare)} blocked: a maintained fork or vendor NGINX as a ` +
    `bridge; more than ${pct(rules.controllerPolicyShare)} needing policies: another Ingress controller; at least ` +
    `${pct(rules.leaveAnnotationFreeShare)} with no ingress-nginx key: leaving the ingress layer; otherwise Gateway ` +
    'API, the clean Ingresses first.'
  );
}

/** The points of a difficulty level: `1-5`, `20+`. */
export function levelRange(i: number): string {
  const band = DIFFICULTY_LEVELS[i];
  const next = DIFFICULTY_LEVELS[i + 1];
  if (band === undefined) return '';
  if (next === undefined) return `${band.from}+`;
  return next.from - 1 === band.from ? String(band.from) : `${band.from}-${next.from - 1}`;
}

/** The terms that count, `key 3x1 + no-equivalent-key 3x8`, or `0`. */
export function termsText(terms: readonly TermCount[]): string {
  const used = terms.filter((t) => t.count > 0);
  return used.length === 0 ? '0' : used.map((t) => `${t.id} ${t.count}x${t.weight}`).join(' + ');
}

/** The controllers with a critical CVE open and the webhook on, as the warning names them. */
export function criticalText(names: readonly string[]): string {
  return (
    `A known critical CVE is open with the admission webhook on (CVE-2025-1974 class) in ${names.join(', ')}: ` +
    'upgrade the controller or turn the webhook off now, before any migration work.'
  );
}

/** What the report was computed from, as one phrase. */
export function inputText(input: ReportInput): string {
  if (input.kind === 'files') {
    const shown = input.paths.slice(0, 10).join(', ');
    return `files ${shown}${input.paths.length > 10 ? `, and ${input.paths.length - 10} more` : ''}`;
  }
  const scope = input.namespace !== undefined ? `namespace ${input.namespace}` : 'all namespaces';
  const partial = input.unlisted.length > 0 ? `; not listed (--allow-partial): ${input.unlisted.join(', ')}` : '';
  return `the live cluster of context ${input.context} (${scope}${partial})`;
}

/** The lines of the Sources section, as plain text. */
export function sourceLines(s: Sources): string[] {
  return [
    `Computed by kubeward ${s.kubeward}${s.generatedAt !== undefined ? ` at ${s.generatedAt}` : ''}` +
      (s.input !== undefined ? ` from ${inputText(s.input)}` : ''),
    `Annotation catalogue: kubernetes/ingress-nginx at ${s.catalogue.ingressNginxCommit.slice(0, 12)}, ` +
      `ingress2gateway at ${s.catalogue.ingress2gatewayCommit.slice(0, 12)}`,
    `CVE data: ${s.cves.count} advisories, the latest published ${s.cves.latestPublished}; final ingress-nginx ` +
      `releases ${s.cves.finalReleaseDate}`,
    `Gateway API: drafts built to ${s.gatewayApi.release} (${s.gatewayApi.channel} channel, released ` +
      `${s.gatewayApi.published}, commit ${s.gatewayApi.commit}); they need ${s.gatewayApi.minVersion} or later`,
  ];
}

/** The sections of the report, in order; `nothing` stands for the five left out when no Ingress is covered. */
export type SectionId =
  | 'inventory'
  | 'exposure'
  | 'debt'
  | 'ingresses'
  | 'security'
  | 'namespaces'
  | 'findings'
  | 'nothing'
  | 'recommendation'
  | 'formula'
  | 'sources';

/** The sections both formats show for a report, in order. */
export function sectionsOf(report: MigrationReport): SectionId[] {
  const covered: SectionId[] =
    report.ingresses.length > 0 ? ['debt', 'ingresses', 'security', 'namespaces', 'findings'] : ['nothing'];
  return ['inventory', 'exposure', ...covered, 'recommendation', 'formula', 'sources'];
}
