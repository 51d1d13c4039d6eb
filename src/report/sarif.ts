/**
 * `sarif`: SARIF 2.1.0 for GitHub code scanning (`github/codeql-action/upload-sarif`) and SARIF viewers.
 *
 * - One run. `tool.driver.rules` describes every rule kubeward knows, plus a generic descriptor for each
 *   pseudo-rule that occurs (input problems such as `input-invalid-yaml`, problems with kubeward annotations).
 * - Paths below `cwd` are relative URIs with `uriBaseId: %SRCROOT%` (which `originalUriBaseIds` maps to `cwd`);
 *   files outside it get absolute `file:` URIs. Columns are UTF-16 code units, as the engine counts them.
 * - `partialFingerprints` hash rule, object and path (not line or file; fingerprint.ts, shared with `gitlab`), so
 *   GitHub keeps one alert per problem across runs even when the manifest moves.
 * - Suppressed findings are results with `suppressions` (`inSource` for annotations, `external` for config).
 * - Output is sorted and has no timestamps: the same result always gives the same bytes.
 */

import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DUPLICATE_OBJECT } from '../engine/duplicates.js';
import type { InputRuleId } from '../engine/load.js';
import { type AnyRule, DOCS_BASE, ruleDocsUrl } from '../engine/rule.js';
import { RULE_CRASHED } from '../engine/run.js';
import type { Finding, LintResult, Severity } from '../engine/types.js';
import { objectLabel } from '../k8s/names.js';
import { fingerprints } from './fingerprint.js';
import { pathBelow, sortedFindings } from './shared.js';
import type { FormatContext } from './types.js';

export const SARIF_SCHEMA =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
export const SRCROOT = '%SRCROOT%';
export const FINGERPRINT_KEY = 'kubewardFinding/v1';
const INFORMATION_URI = 'https://github.com/kubeward/kubeward';

export type SarifLevel = 'error' | 'warning' | 'note';

export const SARIF_LEVEL: Readonly<Record<Severity, SarifLevel>> = { error: 'error', warning: 'warning', info: 'note' };

interface SarifMessage {
  text: string;
  markdown?: string;
}

interface SarifArtifactLocation {
  uri: string;
  uriBaseId?: string;
}

interface SarifPhysicalLocation {
  artifactLocation: SarifArtifactLocation;
  region: { startLine: number; startColumn: number };
}

interface SarifLocation {
  id?: number;
  physicalLocation?: SarifPhysicalLocation;
  logicalLocations?: { name: string; fullyQualifiedName: string; kind: string }[];
  message?: SarifMessage;
}

export interface SarifReportingDescriptor {
  id: string;
  name: string;
  shortDescription: SarifMessage;
  fullDescription: SarifMessage;
  help: SarifMessage;
  helpUri: string;
  defaultConfiguration: { level: SarifLevel; enabled: boolean };
  properties: { tags: string[] };
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: SarifMessage;
  locations: SarifLocation[];
  relatedLocations?: SarifLocation[];
  partialFingerprints: Record<string, string>;
  suppressions?: { kind: 'inSource' | 'external'; status: 'accepted'; justification?: string }[];
  properties: { family: string; path?: string; alsoReportedBy?: string[] };
}

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: [
    {
      tool: {
        driver: {
          name: string;
          version: string;
          semanticVersion?: string;
          informationUri: string;
          rules: SarifReportingDescriptor[];
        };
      };
      originalUriBaseIds: Record<string, { uri: string; description: SarifMessage }>;
      columnKind: 'utf16CodeUnits';
      results: SarifResult[];
    },
  ];
}

/** PascalCase of a kebab-case id: `memory-limit-missing` → `MemoryLimitMissing` (SARIF's "friendly name"). */
export function friendlyName(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part !== '')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/** A Markdown code fence longer than any run of backticks in `text`. */
function codeBlock(text: string, lang: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${lang}\n${text.replace(/\n+$/, '')}\n${fence}`;
}

function ruleDescriptor(rule: AnyRule): SarifReportingDescriptor {
  const { meta } = rule;
  const url = ruleDocsUrl(meta.id);
  const markdown = [
    meta.rationale,
    `**How to fix:** ${meta.remediation}`,
    'Reported:',
    codeBlock(meta.examples.invalid, 'yaml'),
    'Accepted:',
    codeBlock(meta.examples.valid, 'yaml'),
    `[Rule documentation](${url})`,
  ].join('\n\n');
  return {
    id: meta.id,
    name: friendlyName(meta.id),
    shortDescription: { text: meta.title },
    fullDescription: { text: meta.rationale },
    help: { text: `${meta.rationale}\n\nHow to fix: ${meta.remediation}\n\nDocumentation: ${url}`, markdown },
    helpUri: url,
    defaultConfiguration: { level: SARIF_LEVEL[meta.severity], enabled: meta.disabledByDefault !== true },
    properties: { tags: [meta.family] },
  };
}

const INPUT_TITLES: Readonly<Record<InputRuleId, string>> = {
  'input-invalid-yaml': 'The input is not valid YAML',
  'input-not-an-object': 'A document or list item is not a Kubernetes object',
  'input-missing-kind': 'An object has no apiVersion or kind',
  'input-alias-expansion': 'A document uses too many YAML aliases or expands too far',
  'input-binary': 'The input is binary, not YAML or JSON text',
  'input-too-large': 'The input is larger than the size limit',
  'input-unreadable': 'The input could not be read',
  'input-not-found': 'The input path does not exist',
  'input-no-objects': 'The input holds no Kubernetes objects',
  'input-render-failed': 'A Helm chart or Kustomize directory could not be rendered',
};

function isInputRuleId(id: string): id is InputRuleId {
  return Object.hasOwn(INPUT_TITLES, id);
}

/** A descriptor for an id that is not a rule: input problems, annotation problems, or an unknown id. */
function pseudoDescriptor(id: string, family: Finding['family'], level: SarifLevel): SarifReportingDescriptor {
  const url = `${DOCS_BASE}/README.md`;
  let title: string;
  let description: string;
  if (family === 'input') {
    title = isInputRuleId(id) ? INPUT_TITLES[id] : 'The input could not be linted';
    description = 'kubeward could not read or parse this input, so the objects in it were not (all) checked.';
  } else if (id === RULE_CRASHED) {
    title = 'A kubeward rule crashed on an object';
    description = 'A rule threw while checking the object, so the object was not fully checked: a bug in kubeward.';
  } else if (id === DUPLICATE_OBJECT) {
    title = 'The same object is defined twice in the inputs';
    description =
      'Two definitions share a kind, namespace and name: a cluster holds one, so whichever is applied last replaces the other.';
  } else if (family === 'kubeward') {
    title = 'A kubeward annotation is wrong';
    description = 'An ignore-check.kubeward.io annotation is malformed, names no known rule, or is not allowed.';
  } else {
    title = `Findings of ${id}`;
    description = `Findings of ${id}, a rule this version of kubeward does not describe.`;
  }
  const fix = 'Fix the problem the message describes and run kubeward again.';
  return {
    id,
    name: friendlyName(id),
    shortDescription: { text: title },
    fullDescription: { text: description },
    help: { text: `${description}\n\n${fix}`, markdown: `${description}\n\n${fix}\n\n[Rules](${url})` },
    helpUri: url,
    defaultConfiguration: { level, enabled: true },
    properties: { tags: [family] },
  };
}

const LEVEL_RANK: Readonly<Record<SarifLevel, number>> = { note: 1, warning: 2, error: 3 };

function descriptors(rules: readonly AnyRule[], findings: readonly Finding[]): SarifReportingDescriptor[] {
  const byId = new Map<string, SarifReportingDescriptor>();
  for (const rule of rules) if (!byId.has(rule.meta.id)) byId.set(rule.meta.id, ruleDescriptor(rule));
  const pseudo = new Map<string, { family: Finding['family']; level: SarifLevel }>();
  for (const f of findings) {
    if (byId.has(f.ruleId)) continue;
    const level = SARIF_LEVEL[f.severity];
    const seen = pseudo.get(f.ruleId);
    if (!seen) pseudo.set(f.ruleId, { family: f.family, level });
    else if (LEVEL_RANK[level] > LEVEL_RANK[seen.level]) seen.level = level;
  }
  for (const [id, { family, level }] of pseudo) byId.set(id, pseudoDescriptor(id, family, level));
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The artifact location of a file: relative to `%SRCROOT%` when below `cwd`, else an absolute `file:` URI. */
export function artifactLocation(file: string, cwd: string): SarifArtifactLocation {
  const rel = pathBelow(file, cwd);
  if (rel === undefined) return { uri: pathToFileURL(resolve(cwd, file)).href };
  return { uri: rel.split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

function physicalLocation(file: string, line: number, column: number, cwd: string): SarifPhysicalLocation {
  return {
    artifactLocation: artifactLocation(file, cwd),
    region: { startLine: Math.max(1, line), startColumn: Math.max(1, column) },
  };
}

function toResult(f: Finding, ruleIndex: number, fingerprint: string, cwd: string): SarifResult {
  const location: SarifLocation = { physicalLocation: physicalLocation(f.file, f.line, f.column, cwd) };
  if (f.object) {
    location.logicalLocations = [{ name: f.object.name, fullyQualifiedName: objectLabel(f.object), kind: 'resource' }];
  }
  const result: SarifResult = {
    ruleId: f.ruleId,
    ruleIndex,
    level: SARIF_LEVEL[f.severity],
    message: { text: f.message },
    locations: [location],
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprint },
    properties: { family: f.family, ...(f.path !== '' ? { path: f.path } : {}) },
  };
  const related: SarifLocation[] = [];
  if (f.rendered) {
    related.push({
      id: 1,
      physicalLocation: physicalLocation(f.rendered.file, f.rendered.line, f.rendered.column, cwd),
      message: { text: 'The same place in the rendered manifest stream.' },
    });
  }
  // The other objects of a cross-object problem (reported once, here), each with its place when it was loaded from
  // a file; GitHub code scanning shows them as links under the alert.
  for (const r of f.related ?? []) {
    const label = `${r.object.kind} ${r.object.namespace !== undefined ? `${r.object.namespace}/` : ''}${r.object.name}`;
    const location: SarifLocation = {
      id: related.length + 1,
      ...(r.file !== undefined ? { physicalLocation: physicalLocation(r.file, r.line ?? 1, r.column ?? 1, cwd) } : {}),
      logicalLocations: [{ name: r.object.name, fullyQualifiedName: objectLabel(r.object), kind: 'resource' }],
      message: { text: r.note !== undefined ? `${label}: ${r.note}` : label },
    };
    related.push(location);
  }
  if (related.length > 0) result.relatedLocations = related;
  if (f.alsoReportedBy !== undefined && f.alsoReportedBy.length > 0) {
    result.properties = { ...result.properties, alsoReportedBy: [...f.alsoReportedBy] };
  }
  if (f.suppressed) {
    const reason = f.suppressed.reason.trim();
    result.suppressions = [
      {
        kind: f.suppressed.by === 'annotation' ? 'inSource' : 'external',
        status: 'accepted',
        ...(reason !== '' ? { justification: reason } : {}),
      },
    ];
  }
  return result;
}

function srcrootUri(cwd: string): string {
  const href = pathToFileURL(resolve(cwd)).href;
  return href.endsWith('/') ? href : `${href}/`;
}

export function buildSarif(result: LintResult, ctx: FormatContext): SarifLog {
  const all = sortedFindings([...result.findings, ...result.suppressed]);
  const rules = descriptors(ctx.rules, all);
  const indexOf = new Map(rules.map((r, i) => [r.id, i]));
  const prints = fingerprints(all);
  const results = all.map((f, i) => toResult(f, indexOf.get(f.ruleId) ?? -1, prints[i] ?? '', ctx.cwd));
  const semver = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/.test(ctx.toolVersion);
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: ctx.toolName,
            version: ctx.toolVersion,
            ...(semver ? { semanticVersion: ctx.toolVersion } : {}),
            informationUri: INFORMATION_URI,
            rules,
          },
        },
        originalUriBaseIds: {
          [SRCROOT]: { uri: srcrootUri(ctx.cwd), description: { text: 'The directory kubeward ran in.' } },
        },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

export function formatSarif(result: LintResult, ctx: FormatContext): string {
  return `${JSON.stringify(buildSarif(result, ctx), null, 2)}\n`;
}
