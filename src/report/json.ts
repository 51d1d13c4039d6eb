/**
 * `json`: the result as data, for scripts and other tools.
 *
 * `{"findings": [...], "suppressed": [...], "summary": {...}, "skipped": [...]}` (skipped: the files a walk found
 * that are not Kubernetes manifests, when there are any), 2-space indented, trailing newline. Every
 * finding is written with the fields of `Finding` in a fixed order: ruleId, family, severity, message, messageId
 * (the rule's message id; absent on input problems and kubeward's own findings), object
 * (apiVersion, kind, namespace, name; `null` for input problems; no namespace for cluster-scoped objects),
 * file, line, column, path, then `rendered` (Helm attribution), `related` (the other objects of a cross-object
 * problem, reported once: object, note, file, line, column, path, rendered; no file for a cluster's objects),
 * `alsoReportedBy` (other rules that stated the same problem) and `suppressed` (by, reason) when present.
 */
import type { Finding, LintResult, ObjectRef, RelatedLocation, Summary } from '../engine/types.js';
import { sortedFindings } from './shared.js';
import type { FormatContext } from './types.js';

interface JsonObjectRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

function objectJson(ref: ObjectRef | null): JsonObjectRef | null {
  if (ref === null) return null;
  return {
    apiVersion: ref.apiVersion,
    kind: ref.kind,
    ...(ref.namespace !== undefined ? { namespace: ref.namespace } : {}),
    name: ref.name,
  };
}

function relatedJson(r: RelatedLocation): RelatedLocation {
  return {
    object: objectJson(r.object) as JsonObjectRef,
    ...(r.note !== undefined ? { note: r.note } : {}),
    ...(r.file !== undefined ? { file: r.file, line: r.line, column: r.column } : {}),
    path: r.path,
    ...(r.rendered ? { rendered: { file: r.rendered.file, line: r.rendered.line, column: r.rendered.column } } : {}),
  };
}

/** A copy of the finding with keys in the documented order and nothing else. */
export function findingJson(f: Finding): Finding {
  return {
    ruleId: f.ruleId,
    family: f.family,
    severity: f.severity,
    message: f.message,
    ...(f.messageId !== undefined ? { messageId: f.messageId } : {}),
    object: objectJson(f.object),
    file: f.file,
    line: f.line,
    column: f.column,
    path: f.path,
    ...(f.rendered ? { rendered: { file: f.rendered.file, line: f.rendered.line, column: f.rendered.column } } : {}),
    ...(f.related !== undefined && f.related.length > 0 ? { related: f.related.map(relatedJson) } : {}),
    ...(f.alsoReportedBy !== undefined && f.alsoReportedBy.length > 0 ? { alsoReportedBy: [...f.alsoReportedBy] } : {}),
    ...(f.suppressed ? { suppressed: { by: f.suppressed.by, reason: f.suppressed.reason } } : {}),
  };
}

function summaryJson(s: Summary): Summary {
  return {
    files: s.files,
    objects: s.objects,
    findings: s.findings,
    bySeverity: { error: s.bySeverity.error, warning: s.bySeverity.warning, info: s.bySeverity.info },
    suppressed: s.suppressed,
    inputErrors: s.inputErrors,
    ruleCrashes: s.ruleCrashes,
    rulesRun: s.rulesRun,
    ...(s.skippedFiles !== undefined ? { skippedFiles: s.skippedFiles } : {}),
  };
}

export function formatJson(result: LintResult, _ctx: FormatContext): string {
  const doc = {
    findings: sortedFindings(result.findings).map(findingJson),
    suppressed: sortedFindings(result.suppressed).map(findingJson),
    summary: summaryJson(result.summary),
    ...(result.skipped !== undefined && result.skipped.length > 0 ? { skipped: [...result.skipped] } : {}),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
