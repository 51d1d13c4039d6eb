/**
 * The two settings of the ingress-nginx controller ConfigMap that gate snippet annotations, and what they mean per
 * controller version: `allow-snippet-annotations` (v0.49.1/v1.0.1, true by default until v1.9.0) and
 * `annotations-risk-level` (v1.9.0, Critical by default until v1.12.0, then High, which rejects the Critical
 * `*-snippet` keys).
 */
import { cvesAffecting } from './nginx-cves.js';
import { parseGoBool } from './nginx-values.js';
import { type ControllerVersion, compareVersions, versionConstant } from './nginx-versions.js';

export const ALLOW_SNIPPETS = 'allow-snippet-annotations';
export const RISK_LEVEL = 'annotations-risk-level';
/** allow-snippet-annotations is false by default from v1.9.0 (chart 4.8.0). */
export const SNIPPETS_OFF_SINCE = versionConstant('1.9.0');
/** annotations-risk-level exists from v1.9.0 and rejects Critical keys by default from v1.12.0. */
export const RISK_LEVEL_SINCE = versionConstant('1.9.0');
export const RISK_BLOCK_DEFAULT = versionConstant('1.12.0');
export const STRICT_PATH_TYPE = 'strict-validate-path-type';
/** strict-validate-path-type is true by default from v1.12.0 (false before). */
export const STRICT_PATH_TYPE_SINCE = versionConstant('1.12.0');
/** allow-snippet-annotations is the mitigation of this CVE: the versions the data calls fixed are those that have it. */
const SNIPPET_SWITCH_CVE = 'CVE-2021-25742';

/** A ConfigMap data value as text (an unquoted `true` loads as a boolean); undefined when absent or null. */
export function configMapText(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  return typeof v === 'string' ? v : String(v);
}

/** Where a setting's effective value comes from. */
export type SettingSource = 'configmap' | 'default' | 'absent' | 'unknown';

export interface SnippetGate {
  /** Whether snippet annotations are allowed; undefined when it cannot be told. */
  readonly allowSnippets: boolean | undefined;
  readonly allowSource: SettingSource;
  /** The effective risk level (`Critical`, `High`, …); `none` before v1.9.0; undefined when it cannot be told. */
  readonly riskLevel: string | undefined;
  readonly riskSource: SettingSource;
  /** Whether an Ingress's `*-snippet` keys reach the nginx configuration; undefined when it cannot be told. */
  readonly live: boolean | undefined;
}

const RISK_LEVELS: ReadonlyMap<string, string> = new Map(
  ['Critical', 'High', 'Medium', 'Low'].map((l) => [l.toLowerCase(), l]),
);

/** A ConfigMap's data, or undefined when the ConfigMap the controller reads is not known. */
type ConfigMapData = Readonly<Record<string, unknown>> | undefined;

function allowOf(
  version: ControllerVersion | undefined,
  data: ConfigMapData,
): Pick<SnippetGate, 'allowSnippets' | 'allowSource'> {
  if (version !== undefined && cvesAffecting(version).some((c) => c.id === SNIPPET_SWITCH_CVE)) {
    return { allowSnippets: true, allowSource: 'absent' };
  }
  if (data === undefined) return { allowSnippets: undefined, allowSource: 'unknown' };
  const value = configMapText(data[ALLOW_SNIPPETS]);
  if (value !== undefined) {
    const parsed = parseGoBool(value);
    return { allowSnippets: parsed, allowSource: parsed === undefined ? 'unknown' : 'configmap' };
  }
  if (version === undefined) return { allowSnippets: undefined, allowSource: 'unknown' };
  return { allowSnippets: compareVersions(version, SNIPPETS_OFF_SINCE) < 0, allowSource: 'default' };
}

function riskOf(
  version: ControllerVersion | undefined,
  data: ConfigMapData,
): Pick<SnippetGate, 'riskLevel' | 'riskSource'> {
  if (version !== undefined && compareVersions(version, RISK_LEVEL_SINCE) < 0) {
    return { riskLevel: 'none', riskSource: 'absent' };
  }
  if (data === undefined) return { riskLevel: undefined, riskSource: 'unknown' };
  const value = configMapText(data[RISK_LEVEL]);
  if (value !== undefined) {
    const level = RISK_LEVELS.get(value.trim().toLowerCase());
    return { riskLevel: level, riskSource: level === undefined ? 'unknown' : 'configmap' };
  }
  if (version === undefined) return { riskLevel: undefined, riskSource: 'unknown' };
  return {
    riskLevel: compareVersions(version, RISK_BLOCK_DEFAULT) < 0 ? 'Critical' : 'High',
    riskSource: 'default',
  };
}

/**
 * What a controller of `version` (undefined when it cannot be read) does with snippet annotations, given the data of
 * the ConfigMap it reads (`{}` when it reads none; undefined when that ConfigMap is not known). Snippets are live when
 * they are allowed and the risk level accepts Critical keys (Critical, or a controller without the setting); either
 * one closed keeps them out.
 */
export function snippetGateOf(version: ControllerVersion | undefined, data: ConfigMapData): SnippetGate {
  const allow = allowOf(version, data);
  const risk = riskOf(version, data);
  const riskAccepts =
    risk.riskLevel === undefined ? undefined : risk.riskLevel === 'Critical' || risk.riskLevel === 'none';
  const live =
    allow.allowSnippets === false || riskAccepts === false
      ? false
      : allow.allowSnippets === true && riskAccepts === true
        ? true
        : undefined;
  return { ...allow, ...risk, live };
}

/**
 * Whether the controller's admission webhook refuses Exact and Prefix paths that are not plain (`/`, letters,
 * digits, `-`, `_`): the ConfigMap's strict-validate-path-type, else the version's default. Undefined when neither
 * is known (the ConfigMap is not loaded and the version cannot be read).
 */
export function strictPathTypeOf(version: ControllerVersion | undefined, data: ConfigMapData): boolean | undefined {
  const value = data === undefined ? undefined : configMapText(data[STRICT_PATH_TYPE]);
  // A value that is not a Go bool is unknown, as for allow-snippet-annotations.
  if (value !== undefined) return parseGoBool(value);
  if (version === undefined) return undefined;
  return compareVersions(version, STRICT_PATH_TYPE_SINCE) >= 0;
}
