/** Rule documentation generated from rule metadata: `docs/rules/<id>.md` and `kubeward rules <id>`. */
import { type AnyRule, RUN_CONTEXTS, runsIn, shiftedSeverity } from '../engine/rule.js';

const COMMANDS = { lint: '`kubeward lint`', audit: '`kubeward audit`', admission: '`kubeward serve` (admission)' };

/** Where the rule runs, and what it needs there. */
function whereItRuns(rule: AnyRule): string {
  const where = RUN_CONTEXTS.filter((c) => runsIn(rule, c)).map((c) => COMMANDS[c]);
  const absence = rule.meta.reportsAbsence
    ? ' It reports an object that is missing, so at admission it needs the cluster cache (it is off with ' +
      '`--no-cluster`), and in `kubeward lint` it only knows the files given.'
    : '';
  return `Runs in ${where.join(', ')}.${absence}`;
}

/** The documented severity shifts: a finding one level above or below the rule's severity, and when. */
function severityShifts(rule: AnyRule): string[] {
  const { severity, severityShift } = rule.meta;
  if (severityShift === undefined) return [];
  const at = (shift: 'raise' | 'lower') => `${shiftedSeverity(rule, severity, shift)} at the default`;
  const parts = [
    ...(severityShift.raise !== undefined ? [`one level higher (${at('raise')}) when ${severityShift.raise}`] : []),
    ...(severityShift.lower !== undefined ? [`one level lower (${at('lower')}) when ${severityShift.lower}`] : []),
  ];
  return [
    `A finding has the rule's severity (${severity} unless \`.kubeward.yaml\` sets another), ${parts.join('; ')}.`,
    '',
  ];
}

/**
 * How the rule's findings meet other findings of one problem (RuleFinding.problem): a specialized rule's finding is
 * the one kept; a rule with a group summary prints it once in stylish.
 */
function problemNotes(rule: AnyRule): string[] {
  const notes: string[] = [];
  if (rule.meta.specialized !== undefined) {
    notes.push(
      `When another rule states the same problem of an object, this rule's finding is the one reported (it knows ` +
        `${rule.meta.specialized}); the other rule is named under \`alsoReportedBy\`.`,
    );
  }
  if (rule.meta.covers !== undefined) {
    notes.push(
      `A finding of this rule stands for ${rule.meta.covers}: those are left out and the rule is named under ` +
        `\`alsoReportedBy\`; they are reported as usual when this rule's finding is suppressed, switched off or ` +
        `less severe.`,
    );
  }
  if (rule.meta.groupSummary !== undefined) {
    notes.push(
      `The \`stylish\` report also prints one line for all of the rule's findings, e.g. "${rule.meta.groupSummary.many
        .replace('{{count}}', '37')
        .replace('{{files}}', '2 files')}"`,
    );
  }
  return notes.flatMap((n) => [n, '']);
}

/** What each severity means, the same in every rule: on the index page. */
export const SEVERITY_MEANING = [
  '- **error**: the API server rejects the object, or a validating webhook that the controller installs by default ' +
    '(ingress-nginx’s admission webhook) does, so the apply fails; or a known, exploitable security exposure (an ' +
    'ingress-nginx version with critical CVEs, a reachable admission webhook, snippets let through).',
  '- **warning**: accepted, but it breaks at run time: traffic dropped or misrouted, an annotation silently ignored, ' +
    'pods evicted first, drains that hang, an autoscaler that never scales.',
  '- **info**: hygiene, or a fact to know (a value a LimitRange supplies, a definition repeated in one apply).',
];

function optionsSection(rule: AnyRule): string[] {
  const opts = rule.meta.options;
  if (!opts) return ['This rule has no options.'];
  const props = (opts.schema.properties ?? {}) as Record<string, Record<string, unknown>>;
  const lines = ['| option | type | default | description |', '| --- | --- | --- | --- |'];
  for (const [name, schema] of Object.entries(props)) {
    const type = Array.isArray(schema.enum)
      ? schema.enum.map((v) => `\`${String(v)}\``).join(' \\| ')
      : String(schema.type ?? '');
    const def = (opts.defaults as Record<string, unknown>)[name];
    lines.push(
      `| \`${name}\` | ${type} | \`${JSON.stringify(def)}\` | ${String(schema.description ?? '').replace(/\|/g, '\\|')} |`,
    );
  }
  return lines;
}

/** The Markdown page of one rule. */
export function renderRuleDoc(rule: AnyRule): string {
  const m = rule.meta;
  return [
    `# ${m.id}`,
    '',
    `**${m.title}**`,
    '',
    `| family | default severity | applies to | enabled by default |`,
    `| --- | --- | --- | --- |`,
    `| \`${m.family}\` | ${m.severity} | ${m.kinds.join(', ')} | ${m.disabledByDefault ? 'no' : 'yes'} |`,
    '',
    whereItRuns(rule),
    '',
    ...severityShifts(rule),
    ...problemNotes(rule),
    '## Why it matters',
    '',
    m.rationale,
    '',
    '## How to fix it',
    '',
    m.remediation,
    '',
    '## Options',
    '',
    ...optionsSection(rule),
    '',
    '## Example that fires',
    '',
    ...(m.examples.options ? [`With options \`${JSON.stringify(m.examples.options)}\`:`, ''] : []),
    '```yaml',
    m.examples.invalid.trim(),
    '```',
    '',
    '## Example that passes',
    '',
    '```yaml',
    m.examples.valid.trim(),
    '```',
    '',
    '## Suppressing it',
    '',
    'On one object, with a reason that the report shows:',
    '',
    '```yaml',
    'metadata:',
    '  annotations:',
    `    ignore-check.kubeward.io/${m.id}: "<why this object is an exception>"`,
    '```',
    '',
    `Everywhere, in \`.kubeward.yaml\`: \`rules: { ${m.id}: off }\`.`,
    '',
    '<!-- generated from the rule metadata by `kubeward rules --format markdown --out docs/rules`; do not edit -->',
    '',
  ].join('\n');
}

/** The index page listing every rule. */
export function renderRulesIndex(rules: readonly AnyRule[]): string {
  const lines = [
    '# Rules',
    '',
    'Severities mean the same in every rule:',
    '',
    ...SEVERITY_MEANING,
    '',
    'Each problem is reported once (`eachProblemOnce`, on by default): when two rules state one problem of an object, ' +
      'or one rule states a cross-object problem on each object involved, the report keeps one finding and lists the ' +
      'other objects as related locations.',
    '',
    '| id | family | severity | title |',
    '| --- | --- | --- | --- |',
  ];
  for (const r of rules)
    lines.push(`| [${r.meta.id}](${r.meta.id}.md) | ${r.meta.family} | ${r.meta.severity} | ${r.meta.title} |`);
  lines.push('', '<!-- generated by `kubeward rules --format markdown --out docs/rules`; do not edit -->', '');
  return lines.join('\n');
}

/** Every generated file: name -> content. */
export function ruleDocFiles(rules: readonly AnyRule[]): Map<string, string> {
  const files = new Map<string, string>([['README.md', renderRulesIndex(rules)]]);
  for (const r of rules) files.set(`${r.meta.id}.md`, renderRuleDoc(r));
  return files;
}
