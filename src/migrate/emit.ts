/**
 * The drafts as YAML documents, each under a comment block that names its source Ingresses, what they could not
 * carry over and the Gateway API release it needs; split into files (`--out-dir`: one per namespace, the Gateways in
 * their own); the JSON form; and the short summary on stderr.
 */
import { dump } from 'js-yaml';
import { sourceOf } from './record.js';
import type { DraftObject, MigrationResult } from './translate.js';

/** Every line of a comment block starts with `# `; a value's own newlines do not break out of it. */
function commentBlock(lines: readonly string[]): string {
  return lines
    .flatMap((l) => l.split(/\r?\n/))
    .map((l) => `# ${l}`.trimEnd())
    .join('\n');
}

export function draftDocument(d: DraftObject): string {
  const header = commentBlock([...d.comments, `Needs Gateway API ${d.needs} or later (standard channel).`]);
  return `${header}\n${dump(d.object, { lineWidth: -1, noRefs: true })}`;
}

/** All drafts as one YAML stream. */
export function draftsYaml(drafts: readonly DraftObject[]): string {
  const head = commentBlock([
    'Gateway API drafts from ingress-nginx Ingresses, by kubeward migrate. Review each comment block before applying:',
    'it names what the source Ingress could not carry over.',
  ]);
  return `${head}\n${drafts.map((d) => `---\n${draftDocument(d)}`).join('')}`;
}

/** The file each draft goes to under `--out-dir`: `gateways.yaml` for Gateways and their ListenerSets, `<namespace>.yaml` for the rest. */
export function draftFiles(drafts: readonly DraftObject[]): Map<string, DraftObject[]> {
  const files = new Map<string, DraftObject[]>();
  for (const d of drafts) {
    const kind = String(d.object.kind);
    const namespace = String((d.object.metadata as { namespace?: unknown } | undefined)?.namespace ?? 'default');
    const file = kind === 'Gateway' || kind === 'ListenerSet' ? 'gateways.yaml' : `${namespace}.yaml`;
    const list = files.get(file);
    if (list) list.push(d);
    else files.set(file, [d]);
  }
  return files;
}

/** The JSON output: the objects and the record. */
export function migrationJson(result: MigrationResult): string {
  return `${JSON.stringify(
    {
      schemaVersion: 1,
      summary: result.summary,
      objects: result.objects.map((d) => ({
        object: d.object,
        sources: d.sources,
        needs: d.needs,
        comments: d.comments,
      })),
      ingresses: result.ingresses,
      skipped: result.skipped,
    },
    null,
    2,
  )}\n`;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** A few lines for stderr: counts, the classes of the annotations, and the Ingresses with gaps. */
export function migrationSummaryText(result: MigrationResult): string {
  const s = result.summary;
  const lines = [
    `kubeward migrate: ${plural(s.ingresses, 'ingress-nginx Ingress', 'ingress-nginx Ingresses')} -> ${plural(s.objects, 'Gateway API object')} ` +
      `(${s.translated} translated whole, ${s.withGaps} with gaps, ${s.leftOut} left out, ${s.failed} failed; ` +
      `${plural(s.skipped, 'Ingress', 'Ingresses')} of other controllers skipped). Needs Gateway API ${s.minGatewayApiVersion}+.`,
  ];
  const classes = Object.entries(s.annotationsByClass)
    .filter(([, n]) => n > 0)
    .map(([c, n]) => `${n} ${c}`)
    .join(', ');
  if (classes !== '') lines.push(`  annotations: ${classes}; ${s.untranslatedAnnotations} not carried over.`);
  const withGaps = result.ingresses.filter((r) => r.outcome !== 'translated');
  const shown = withGaps.slice(0, 20);
  for (const r of shown) {
    const keys = r.annotations
      .filter((a) => !a.translated)
      .map((a) => a.key.replace(/^nginx\.ingress\.kubernetes\.io\//, ''));
    const what = [
      ...(keys.length > 0 ? [`not translated: ${keys.join(', ')}`] : []),
      ...(r.problems.length > 0 ? [plural(r.problems.length, 'other gap')] : []),
    ].join('; ');
    const open =
      r.requiresPolicy.length > 0
        ? r.outcome === 'left-out'
          ? ' [left out: fail-closed]'
          : ' [OPEN without a policy]'
        : '';
    const where = sourceOf(r);
    lines.push(`  ${r.namespace}/${r.name} (${where}): ${r.outcome}${open}${what ? ` - ${what}` : ''}`);
  }
  if (withGaps.length > shown.length)
    lines.push(`  … and ${withGaps.length - shown.length} more (--format json lists all)`);
  return `${lines.join('\n')}\n`;
}
