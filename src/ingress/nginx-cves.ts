/**
 * The CVEs of the ingress-nginx controller and the versions each one affects (data in ingress-nginx-data.gen.ts,
 * typed by the interfaces here).
 */
import { INGRESS_NGINX_CVES } from './ingress-nginx-data.gen.js';
import {
  type ControllerVersion,
  compareVersions,
  parseVersion,
  releaseLine,
  versionConstant,
} from './nginx-versions.js';

/** CVSS v3 band of the advisory's score, else its rating word; `unknown` when the sources give neither. */
export type CveSeverity = 'critical' | 'high' | 'medium' | 'low' | 'none' | 'unknown';

export interface IngressNginxCve {
  readonly id: string;
  readonly name: string;
  readonly published: string;
  /** The CVSS text as the research file wrote it (`9.8 Critical`, `8.8 (vector)`, `High`). */
  readonly cvss: string;
  readonly score: number | null;
  readonly severity: CveSeverity;
  readonly vector: string | null;
  /** The affected ranges as the advisory words them. */
  readonly affected: string;
  /** The first fixed controller version of each release line (major.minor), ascending. */
  readonly fixed: readonly string[];
  /** `mitigation`: the `fixed` versions only make a mitigating setting available (see `mitigation`). */
  readonly fixKind: 'release' | 'mitigation';
  readonly fixedCharts: readonly string[];
  /** Exploited through the validating admission webhook endpoint; null when the sources do not say. */
  readonly needsWebhookReachable: boolean | null;
  /** The attacker must be able to create or update Ingresses (or chain with CVE-2025-1974). */
  readonly needsIngressCreate: boolean;
  /** The annotation or field abused. */
  readonly vectorField: string;
  readonly mitigation: string;
  /** `medium` when the advisory was only seen through third-party copies. */
  readonly confidence: string;
  readonly sources: readonly string[];
}

export interface PostRetirementMention {
  readonly id: string;
  readonly name: string;
  readonly note: string;
}

const FIXED_VERSIONS: ReadonlyMap<string, readonly ControllerVersion[]> = new Map(
  INGRESS_NGINX_CVES.map((c) => [c.id, c.fixed.map(versionConstant).sort(compareVersions)]),
);

function fixedVersionsOf(cve: IngressNginxCve): readonly ControllerVersion[] {
  return FIXED_VERSIONS.get(cve.id) ?? [];
}

/**
 * Whether `version` carries the fix of `cve`, exactly per the data's first fixed version of each release line:
 * a version on a line that has a fixed version is fixed from that version on; a version on a newer line than every
 * fixed one is fixed; a version on an older line, or on a line between two fixed lines that got no fix of its own,
 * is not (it would have to reach the first fixed version of a later line).
 */
function isFixedIn(cve: IngressNginxCve, version: ControllerVersion): boolean {
  const fixed = fixedVersionsOf(cve);
  const line = releaseLine(version);
  const own = fixed.find((f) => releaseLine(f) === line);
  if (own !== undefined) return compareVersions(version, own) >= 0;
  const newest = fixed[fixed.length - 1];
  return newest !== undefined && compareVersions(version, newest) > 0;
}

const SEVERITY_RANK: Readonly<Record<CveSeverity, number>> = {
  critical: 5,
  high: 4,
  medium: 3,
  low: 2,
  none: 1,
  unknown: 0,
};

/** Critical and high CVEs: what makes the controller-version finding an error while the webhook runs. */
export function isSevere(cve: IngressNginxCve): boolean {
  return cve.severity === 'critical' || cve.severity === 'high';
}

function compareCves(a: IngressNginxCve, b: IngressNginxCve): number {
  return (
    SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
    (b.score ?? 0) - (a.score ?? 0) ||
    (a.published < b.published ? 1 : a.published > b.published ? -1 : 0) ||
    (a.id < b.id ? -1 : 1)
  );
}

/** Every CVE in the data that `version` is exposed to, most severe first. Accepts a version text (`v1.11.4`). */
export function cvesAffecting(version: ControllerVersion | string): IngressNginxCve[] {
  const v = typeof version === 'string' ? parseVersion(version) : version;
  if (v === undefined) return [];
  return INGRESS_NGINX_CVES.filter((c) => !isFixedIn(c, v)).sort(compareCves);
}

/** The first version after `version` that fixes `cve` (its own line's fix, else the next line's); undefined if none. */
export function nextFixFor(cve: IngressNginxCve, version: ControllerVersion): ControllerVersion | undefined {
  return fixedVersionsOf(cve).find((f) => compareVersions(f, version) > 0);
}
