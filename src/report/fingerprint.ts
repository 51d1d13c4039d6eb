/**
 * Fingerprints of findings, shared by the formats that track a problem across runs (SARIF `partialFingerprints`,
 * GitLab Code Quality `fingerprint`), so one finding has one fingerprint in every report.
 *
 * The key hashes the rule, the object (kind, namespace, name) and the path inside it, not the file, line or message:
 * a manifest that moves, or a template that gains lines above the finding, keeps its fingerprint. Input problems,
 * which have no object, hash the rule, the file and the message. Findings that would share a key (the same object
 * defined twice) are numbered in report order (`<key>:1`, `<key>:2`), because both GitHub and GitLab merge results
 * with equal fingerprints into one.
 *
 * node:crypto is loaded on first use (getBuiltinModule): the report module is on every `kubeward lint`'s path, and
 * loading crypto costs about 4 ms of CPU that only the SARIF and GitLab formats need.
 */
import type { Finding } from '../engine/types.js';

/** 32 hex digits of SHA-256 over what identifies the problem (not where it is). */
export function fingerprintKey(f: Finding): string {
  const what = f.object
    ? ['object', f.ruleId, f.object.kind, f.object.namespace ?? '', f.object.name, f.path]
    : ['input', f.ruleId, f.file, f.message];
  return process
    .getBuiltinModule('node:crypto')
    .createHash('sha256')
    .update(JSON.stringify(what))
    .digest('hex')
    .slice(0, 32);
}

/** The fingerprint of each finding of `sorted` (report order), numbered so that no two are equal. */
export function fingerprints(sorted: readonly Finding[]): string[] {
  const occurrences = new Map<string, number>();
  return sorted.map((f) => {
    const key = fingerprintKey(f);
    const n = (occurrences.get(key) ?? 0) + 1;
    occurrences.set(key, n);
    return `${key}:${n}`;
  });
}
