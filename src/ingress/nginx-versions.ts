/**
 * Versions of the retired community ingress-nginx controller (kubernetes/ingress-nginx): parsing and order, and its
 * final releases (data in ingress-nginx-data.gen.ts, generated from the research files by
 * scripts/gen-ingress-nginx-data.mjs). Nothing will be released after them.
 */
import { INGRESS_NGINX_FINAL_RELEASE_DATE, INGRESS_NGINX_FINAL_RELEASES } from './ingress-nginx-data.gen.js';

export interface ControllerVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  /** Dot-separated pre-release identifiers (`beta.0` -> ['beta', '0']); empty for a release. */
  readonly prerelease: readonly string[];
  /** The version without a `v` prefix or build metadata: `1.12.0-beta.0`. */
  readonly text: string;
}

const VERSION_TEXT = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z.-]+)?$/;
const NUMERIC = /^\d+$/;

/** Parses `v1.11.2`, `1.11.2`, `0.26.1`, `v1.12.0-beta.0`; undefined for anything else (`latest`, `v1.11`). */
export function parseVersion(text: string): ControllerVersion | undefined {
  const m = VERSION_TEXT.exec(text.trim());
  if (m === null) return undefined;
  const [major, minor, patch] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const prerelease = m[4] === undefined ? [] : m[4].split('.');
  const core = `${major}.${minor}.${patch}`;
  return { major, minor, patch, prerelease, text: prerelease.length > 0 ? `${core}-${m[4]}` : core };
}

function comparePrerelease(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return b.length - a.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const xn = NUMERIC.test(x);
    const yn = NUMERIC.test(y);
    if (xn && yn) {
      if (Number(x) !== Number(y)) return Number(x) - Number(y);
    } else if (xn !== yn) {
      return xn ? -1 : 1;
    } else if (x !== y) {
      return x < y ? -1 : 1;
    }
  }
  return 0;
}

/** Semantic version order: negative when a < b. A pre-release sorts before its release. */
export function compareVersions(a: ControllerVersion, b: ControllerVersion): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch || comparePrerelease(a.prerelease, b.prerelease);
}

/** `v1.11.2`, as the project tags its images and as messages show versions. */
export function formatVersion(v: ControllerVersion): string {
  return `v${v.text}`;
}

/** The release line: `1.11` for v1.11.4. */
export function releaseLine(v: ControllerVersion): string {
  return `${v.major}.${v.minor}`;
}

/** A version written in the code or the data; throws on a typo, at module load. */
export function versionConstant(text: string): ControllerVersion {
  const v = parseVersion(text);
  if (v === undefined) throw new Error(`ingress-nginx: bad version constant ${text}`);
  return v;
}

/** The last releases (v1.13.9, v1.14.5, v1.15.1), ascending. Nothing will be released after them. */
export const FINAL_RELEASES: readonly ControllerVersion[] =
  INGRESS_NGINX_FINAL_RELEASES.map(versionConstant).sort(compareVersions);

/** The newest upstream release. */
const LATEST_RELEASE: ControllerVersion = FINAL_RELEASES[FINAL_RELEASES.length - 1] ?? versionConstant('1.15.1');

/** `v1.15.1, v1.14.5 and v1.13.9`: the final releases, newest first, for messages. */
export const FINAL_RELEASES_TEXT = [...FINAL_RELEASES]
  .reverse()
  .map(formatVersion)
  .join(', ')
  .replace(/, ([^,]*)$/, ' and $1');

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** `March 2026`: when the project published its final releases and retired. */
export const RETIRED_IN = `${MONTHS[Number(INGRESS_NGINX_FINAL_RELEASE_DATE.slice(5, 7)) - 1] ?? ''} ${INGRESS_NGINX_FINAL_RELEASE_DATE.slice(0, 4)}`;

/** The final release to upgrade to: the one of the version's own line, else the oldest newer one, else the latest. */
export function nearestFinalRelease(version: ControllerVersion): ControllerVersion {
  const line = releaseLine(version);
  return (
    FINAL_RELEASES.find((f) => releaseLine(f) === line) ??
    FINAL_RELEASES.find((f) => compareVersions(f, version) > 0) ??
    LATEST_RELEASE
  );
}

/**
 * A version the retired project never released on a line it finished: above the final release of its line (v1.14.6)
 * or above the newest release (v1.16.0). Such tags come from forks or private builds, whose fixes kubeward cannot know.
 */
export function isAfterRetirement(version: ControllerVersion): boolean {
  const line = releaseLine(version);
  const lineFinal = FINAL_RELEASES.find((f) => releaseLine(f) === line);
  if (lineFinal !== undefined && compareVersions(version, lineFinal) > 0) return true;
  return compareVersions(version, LATEST_RELEASE) > 0;
}
