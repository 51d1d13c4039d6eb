/**
 * The config file: finding `.kubeward.yaml`, parsing it, validating it against the published JSON Schema and
 * each rule's options schema, and resolving it into the `ResolvedConfig` the engine runs with.
 *
 * The validators are compiled at build time (schema-validators.ts) and loaded only when there is a config to
 * validate, so a run without a config file never pays for them, and a run with one does not compile a schema. Every
 * problem becomes a `KubewardError('CONFIG_INVALID')` naming file:line:col, the JSON path of the bad key, what was
 * expected, and a hint.
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { constructFromEvents, type Event, parseEvents, YAMLException } from 'js-yaml';
import { formatKubeMinor, parseKubeVersion } from '../k8s/api-versions.js';
import type { JsonPath, PathSegment } from '../k8s/object.js';
import { isObject } from '../k8s/object.js';
import {
  DEFAULT_CONFIG,
  type IngressNginxSettings,
  type ObjectExclusion,
  type ResolvedConfig,
  type RuleSetting,
} from './config-types.js';
import { ENGINE_CHECKS } from './engine-checks.js';
import { type ErrorWhere, KubewardError } from './errors.js';
import { formatPath } from './path.js';
import { type AnyRule, ruleDocsUrl } from './rule.js';
import { configValidator, optionsValidators } from './schema-validators.js';
import { didYouMean } from './suggest.js';
import type { Position, Severity } from './types.js';
import {
  EV_DOCUMENT,
  EV_POP,
  lineStarts,
  nodeOffset,
  nodeTable,
  offsetToPosition,
  resolveInTable,
} from './yaml-events.js';

/** File names looked for in each directory, in order of preference. */
export const CONFIG_FILE_NAMES: readonly string[] = ['.kubeward.yaml', '.kubeward.yml'];

/** The `$id` of `schema/kubeward-config.schema.json`. */
export const CONFIG_SCHEMA_ID = 'https://kubeward.io/schema/kubeward-config.schema.json';

const FORMAT_HINT = 'The format is described by schema/kubeward-config.schema.json in the kubeward package.';

// ---------------------------------------------------------------------------------------------------------------
// The raw config, as the schema allows it.

type SeverityOrOff = Severity | 'off';

interface RawRuleSettingObject {
  enabled?: boolean;
  severity?: Severity;
  options?: Record<string, unknown>;
}

type RawRuleSetting = SeverityOrOff | boolean | RawRuleSettingObject;

interface RawConfig {
  failOn?: Severity | 'never';
  rules?: Record<string, RawRuleSetting>;
  exclude?: { paths?: string[]; namespaces?: string[]; objects?: ObjectExclusion[] };
  suppressions?: { annotations?: boolean };
  ingressNginx?: IngressNginxSettings;
  kubeVersion?: string;
  eachProblemOnce?: boolean;
  webhook?: Record<string, unknown>;
}

/** One thing wrong with the config, before it is placed in the file. */
interface ConfigProblem {
  path: JsonPath;
  message: string;
  hint?: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Finding and reading the file.

function isFile(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
  } catch {
    return false;
  }
}

/** The first `.kubeward.yaml` (or `.kubeward.yml`) in `startDir` or one of its parents, up to the filesystem root. */
export function findConfigFile(startDir: string): string | undefined {
  let dir = resolve(startDir);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = join(dir, name);
      if (isFile(candidate)) return candidate;
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function errnoCode(e: unknown): string | undefined {
  return e instanceof Error && 'code' in e && typeof e.code === 'string' ? e.code : undefined;
}

function readConfigText(absPath: string, display: string): string {
  try {
    return readFileSync(absPath, 'utf8');
  } catch (e) {
    const code = errnoCode(e);
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') {
      throw new KubewardError(
        'CONFIG_NOT_FOUND',
        code === 'EISDIR' ? `config file is a directory: ${display}` : `config file not found: ${display}`,
        {
          where: { file: display },
          hint: 'Check the path given to --config, or omit --config to use the .kubeward.yaml found from the working directory.',
        },
      );
    }
    throw new KubewardError(
      'CONFIG_INVALID',
      `cannot read config file: ${e instanceof Error ? e.message : String(e)}`,
      {
        where: { file: display },
      },
    );
  }
}

/** How a config path is shown in messages: relative to the working directory. */
function displayPath(cwd: string, absPath: string): string {
  const rel = relative(cwd, absPath);
  return rel === '' ? absPath : rel;
}

function yamlError(e: unknown, file: string): KubewardError {
  if (e instanceof YAMLException) {
    const mark = e.mark;
    const where: ErrorWhere = mark ? { file, line: mark.line + 1, column: mark.column + 1 } : { file };
    return new KubewardError('CONFIG_INVALID', `invalid YAML: ${e.reason}`, {
      where,
      hint: 'Fix the YAML syntax at that position; the config is one YAML mapping.',
    });
  }
  return new KubewardError('CONFIG_INVALID', `invalid YAML: ${e instanceof Error ? e.message : String(e)}`, {
    where: { file },
  });
}

function documentStarts(events: readonly Event[]): number[] {
  const starts: number[] = [];
  events.forEach((e, i) => {
    if (e.type === EV_DOCUMENT) starts.push(i);
  });
  return starts;
}

/**
 * Parses the config text: one YAML document (an empty file is an empty config).
 * Invalid YAML and a stream of several documents are `CONFIG_INVALID` errors with a line.
 */
export function parseConfigText(text: string, file: string): unknown {
  let events: Event[];
  let docs: unknown[];
  try {
    events = parseEvents(text, { filename: file });
    docs = constructFromEvents(events, { source: text, filename: file });
  } catch (e) {
    throw yamlError(e, file);
  }
  if (docs.length > 1) {
    const second = documentStarts(events)[1] ?? 0;
    const where = { file, ...eventPosition(text, events, second + 1) };
    throw new KubewardError('CONFIG_INVALID', 'the config file holds more than one YAML document', {
      where,
      hint: 'Keep one document: remove the `---` separator and merge the settings into one mapping.',
    });
  }
  return docs[0] ?? {};
}

// ---------------------------------------------------------------------------------------------------------------
// Locating a JSON path in YAML text.

export interface YamlPathLocation extends Position {
  /** Whether the whole path exists; when false, the position is the nearest existing parent's. */
  found: boolean;
}

function eventPosition(text: string, events: readonly Event[], index: number): Position {
  return offsetToPosition(lineStarts(text), Math.max(nodeOffset(events, index), 0));
}

/**
 * Where `path` is in the first YAML document of `text` (1-based line and column). A mapping entry resolves to its
 * key, so `['rules', 'x', 'options', 'policy']` points at the `policy:` key. A path that does not exist resolves
 * to its nearest existing parent. Text that is not valid YAML resolves to line 1, column 1.
 */
export function locateYamlPath(text: string, path: JsonPath): YamlPathLocation {
  return yamlPathLocator(text)(path);
}

/**
 * `locateYamlPath` for many paths of one text: the text is parsed and its lines counted once, and each path then
 * costs O(its length). A config with thousands of problems (unknown rule ids) was parsed again for each one.
 */
export function yamlPathLocator(text: string): (path: JsonPath) => YamlPathLocation {
  let events: Event[];
  try {
    events = parseEvents(text, {});
  } catch {
    return () => ({ line: 1, column: 1, found: false });
  }
  const root = (documentStarts(events)[0] ?? -1) + 1;
  const rootEvent = events[root];
  if (root === 0 || rootEvent === undefined || rootEvent.type === EV_POP) {
    return (path) => ({ line: 1, column: 1, found: path.length === 0 });
  }
  const table = nodeTable(text, events, root);
  const starts = lineStarts(text);
  return (path) => {
    const { offset, depth } = resolveInTable(table, 0, path);
    return { ...offsetToPosition(starts, Math.max(offset, 0)), found: depth === path.length };
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Suggestions.

// ---------------------------------------------------------------------------------------------------------------
// Validation (schema-validators.ts: generated at build time, ajv only for rules that are not built in).

function pointerToPath(pointer: string, data: unknown): PathSegment[] {
  if (pointer === '') return [];
  const path: PathSegment[] = [];
  let cur = data;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    const seg: PathSegment = Array.isArray(cur) && /^\d+$/.test(key) ? Number(key) : key;
    path.push(seg);
    cur = Array.isArray(cur) ? cur[Number(key)] : isObject(cur) ? cur[key] : undefined;
  }
  return path;
}

function describeValue(v: unknown): string {
  if (Array.isArray(v)) return 'a list';
  if (isObject(v)) return 'a mapping';
  if (v === null || v === undefined) return 'nothing (null)';
  if (typeof v === 'string') return JSON.stringify(v);
  return String(v);
}

const TYPE_NAMES: Readonly<Record<string, string>> = {
  string: 'a string',
  boolean: 'true or false',
  object: 'a mapping',
  array: 'a list',
  number: 'a number',
  integer: 'an integer',
  null: 'null',
};

function describeTypes(types: unknown): string {
  const list = (Array.isArray(types) ? types : String(types).split(',')).map((t) => TYPE_NAMES[String(t)] ?? String(t));
  return list.length <= 1 ? (list[0] ?? 'another type') : `${list.slice(0, -1).join(', ')} or ${list.at(-1)}`;
}

function describeAllowed(values: readonly unknown[]): string {
  return values.map((v) => JSON.stringify(v)).join(', ');
}

function schemaDescription(schema: unknown): string | undefined {
  return isObject(schema) && typeof schema.description === 'string' ? schema.description : undefined;
}

function propertyNames(schema: unknown): string[] {
  return isObject(schema) && isObject(schema.properties) ? Object.keys(schema.properties) : [];
}

function propertyDescription(schema: unknown, key: string): string | undefined {
  return isObject(schema) && isObject(schema.properties) ? schemaDescription(schema.properties[key]) : undefined;
}

function joinHint(...parts: (string | undefined)[]): string | undefined {
  const text = parts
    .filter((p): p is string => p !== undefined && p !== '')
    .map((p) => p.trim())
    .join(' ');
  return text === '' ? undefined : text;
}

/** Turns one ajv error into a problem at a path (prefixed with `prefix`); undefined for errors that add nothing. */
function ajvProblem(
  err: ErrorObject,
  data: unknown,
  prefix: JsonPath,
  fallbackHint: string,
): ConfigProblem | undefined {
  const path = [...prefix, ...pointerToPath(err.instancePath, data)];
  const params: Record<string, unknown> = err.params;
  const got = describeValue(err.data);
  const description = schemaDescription(err.parentSchema);
  switch (err.keyword) {
    case 'if':
    case 'anyOf':
    case 'oneOf':
      return undefined;
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const allowed = propertyNames(err.parentSchema);
      const expected = allowed.length > 0 ? `; expected one of: ${allowed.join(', ')}` : '';
      return {
        path: [...path, key],
        message: `unknown key "${key}"${expected}`,
        hint: joinHint(didYouMean(key, allowed), allowed.length === 0 ? fallbackHint : undefined),
      };
    }
    case 'required': {
      const key = String(params.missingProperty);
      const about = propertyDescription(err.parentSchema, key);
      return {
        path,
        message: `missing required key "${key}"`,
        hint: about === undefined ? fallbackHint : `Add ${key}: ${about}`,
      };
    }
    case 'type':
      return {
        path,
        message: `must be ${describeTypes(params.type)}, got ${got}`,
        hint: joinHint(description ?? fallbackHint),
      };
    case 'enum': {
      const allowed = Array.isArray(params.allowedValues) ? params.allowedValues : [];
      const suggestion =
        typeof err.data === 'string'
          ? didYouMean(
              err.data,
              allowed.filter((v): v is string => typeof v === 'string'),
            )
          : '';
      return {
        path,
        message: `must be one of ${describeAllowed(allowed)}, got ${got}`,
        hint: joinHint(suggestion, description ?? fallbackHint),
      };
    }
    case 'pattern': {
      // The schema's title says the form in words; the pattern itself helps nobody.
      const title = isObject(err.parentSchema) ? err.parentSchema.title : undefined;
      return {
        path,
        message: `must be ${typeof title === 'string' ? title : `text matching ${String(params.pattern)}`}, got ${got}`,
        hint: joinHint(description ?? fallbackHint),
      };
    }
    case 'const':
      return {
        path,
        message: `must be ${JSON.stringify(params.allowedValue)}, got ${got}`,
        hint: joinHint(description ?? fallbackHint),
      };
    default:
      return {
        path,
        message: `${err.message ?? 'is invalid'}, got ${got}`,
        hint: joinHint(description ?? fallbackHint),
      };
  }
}

function ajvProblems(
  errors: readonly ErrorObject[] | null | undefined,
  data: unknown,
  prefix: JsonPath,
  fallbackHint: string,
): ConfigProblem[] {
  const seen = new Set<string>();
  const out: ConfigProblem[] = [];
  for (const err of errors ?? []) {
    const p = ajvProblem(err, data, prefix, fallbackHint);
    if (p === undefined) continue;
    const key = `${formatPath(p.path)}\0${p.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(p);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Resolution.

/** Deep-merges plain objects (`overrides` wins); arrays and scalars are replaced. */
export function mergeOptions(defaults: unknown, overrides: unknown): unknown {
  if (overrides === undefined) return defaults;
  if (!isObject(defaults) || !isObject(overrides)) return overrides;
  const out: Record<string, unknown> = { ...defaults };
  for (const [k, v] of Object.entries(overrides)) out[k] = mergeOptions(defaults[k], v);
  return out;
}

function normalizeSetting(raw: RawRuleSetting): RuleSetting {
  if (raw === 'off' || raw === false) return { enabled: false };
  if (raw === true) return { enabled: true };
  if (typeof raw === 'string') return { enabled: true, severity: raw };
  return {
    enabled: raw.enabled ?? true,
    ...(raw.severity !== undefined ? { severity: raw.severity } : {}),
    ...(raw.options !== undefined ? { options: raw.options } : {}),
  };
}

function unknownRuleProblem(path: JsonPath, id: string, knownIds: readonly string[]): ConfigProblem {
  return {
    path,
    message: `unknown rule id "${id}"`,
    hint: joinHint(didYouMean(id, knownIds), 'Run `kubeward rules` to list the rule ids.'),
  };
}

function resolveRuleSetting(
  rule: AnyRule,
  raw: RawRuleSetting,
  validatorOf: (rule: AnyRule) => ValidateFunction | undefined,
): { setting: RuleSetting; problems: ConfigProblem[] } {
  const setting = normalizeSetting(raw);
  if (setting.options === undefined) return { setting, problems: [] };
  const id = rule.meta.id;
  const at: JsonPath = ['rules', id, 'options'];
  const validate = validatorOf(rule);
  if (validate === undefined) {
    return {
      setting,
      problems: [{ path: at, message: `rule ${id} takes no options`, hint: 'Remove `options` from this rule.' }],
    };
  }
  const merged = mergeOptions(rule.meta.options?.defaults ?? {}, setting.options);
  if (validate(merged)) {
    return { setting: { ...setting, options: isObject(merged) ? merged : {} }, problems: [] };
  }
  const hint = `The options of ${id} are documented at ${ruleDocsUrl(id)}.`;
  return { setting, problems: ajvProblems(validate.errors, merged, at, hint) };
}

function resolveRules(
  raw: Record<string, RawRuleSetting>,
  byId: ReadonlyMap<string, AnyRule>,
  validatorOf: (rule: AnyRule) => ValidateFunction | undefined,
): { rules: Record<string, RuleSetting>; problems: ConfigProblem[] } {
  const rules: Record<string, RuleSetting> = {};
  const problems: ConfigProblem[] = [];
  const knownIds = [...byId.keys()];
  for (const [id, value] of Object.entries(raw)) {
    const rule = byId.get(id);
    if (rule === undefined) {
      problems.push(unknownRuleProblem(['rules', id], id, knownIds));
      continue;
    }
    const resolved = resolveRuleSetting(rule, value, validatorOf);
    rules[id] = resolved.setting;
    for (const p of resolved.problems) problems.push(p);
  }
  return { rules, problems };
}

function exclusionProblems(objects: readonly ObjectExclusion[], knownIds: readonly string[]): ConfigProblem[] {
  const known = new Set(knownIds);
  return objects.flatMap((entry, i) =>
    (entry.rules ?? []).flatMap((id, j) =>
      known.has(id) ? [] : [unknownRuleProblem(['exclude', 'objects', i, 'rules', j], id, knownIds)],
    ),
  );
}

/** Unknown ids under `rules`, checked even when the rest of the config does not fit the schema. */
function unknownRuleIds(data: unknown, knownIds: readonly string[]): ConfigProblem[] {
  const rules = isObject(data) ? data.rules : undefined;
  if (!isObject(rules)) return [];
  const known = new Set(knownIds);
  return Object.keys(rules)
    .filter((id) => !known.has(id))
    .map((id) => unknownRuleProblem(['rules', id], id, knownIds));
}

interface PlacedProblem extends ConfigProblem {
  where: ErrorWhere | undefined;
}

function placeProblem(
  p: ConfigProblem,
  file: string | undefined,
  locate: ((path: JsonPath) => YamlPathLocation) | undefined,
): PlacedProblem {
  if (file === undefined) return { ...p, where: undefined };
  if (locate === undefined) return { ...p, where: { file } };
  const { line, column } = locate(p.path);
  return { ...p, where: { file, line, column } };
}

function byPosition(a: PlacedProblem, b: PlacedProblem): number {
  return (a.where?.line ?? 0) - (b.where?.line ?? 0) || (a.where?.column ?? 0) - (b.where?.column ?? 0);
}

function problemText(p: ConfigProblem): string {
  const at = formatPath(p.path);
  return `${at === '' ? 'config' : at}: ${p.message}`;
}

function whereText(w: ErrorWhere | undefined): string {
  if (w === undefined) return '';
  return `${w.file}${w.line !== undefined ? `:${w.line}` : ''}${w.column !== undefined ? `:${w.column}` : ''}: `;
}

/**
 * One `CONFIG_INVALID` error for all the problems: the first (in file order) gives `where`, the message and the
 * hint; the others follow in the message, one per line, each with its own position and hint.
 */
function configError(problems: readonly ConfigProblem[], file: string | undefined, text: string | undefined) {
  const locate = file !== undefined && text !== undefined ? yamlPathLocator(text) : undefined;
  const placed = problems.map((p) => placeProblem(p, file, locate)).sort(byPosition);
  const [first, ...rest] = placed;
  if (first === undefined) return new KubewardError('CONFIG_INVALID', 'invalid config');
  const others = rest.map(
    (p) => `\n  ${whereText(p.where)}${problemText(p)}${p.hint !== undefined ? ` (${p.hint})` : ''}`,
  );
  const more = rest.length > 0 ? `\n  ${rest.length} more problem${rest.length === 1 ? '' : 's'}:` : '';
  return new KubewardError('CONFIG_INVALID', `${problemText(first)}${more}${others.join('')}`, {
    ...(first.where !== undefined ? { where: first.where } : {}),
    ...(first.hint !== undefined ? { hint: first.hint } : {}),
  });
}

/** `kubeVersion:` as `major.minor` (`v1.29.3` is `1.29`), or the problem with it. */
function resolveKubeVersion(raw: string | undefined): { kubeVersion?: string; problems: ConfigProblem[] } {
  if (raw === undefined) return { problems: [] };
  const parsed = parseKubeVersion(raw);
  if (parsed.ok) return { kubeVersion: formatKubeMinor(parsed.version), problems: [] };
  return {
    problems: [
      {
        path: ['kubeVersion'],
        message: parsed.problem,
        hint: 'Write the Kubernetes version the manifests are applied to, quoted: kubeVersion: "1.29".',
      },
    ],
  };
}

function buildConfig(
  cfg: RawConfig,
  file: string | undefined,
  rules: Record<string, RuleSetting>,
  kubeVersion: string | undefined,
): ResolvedConfig {
  return {
    ...(file !== undefined ? { file } : {}),
    rules,
    excludeNamespaces: [...(cfg.exclude?.namespaces ?? [])],
    ...(cfg.exclude?.paths !== undefined ? { excludePaths: [...cfg.exclude.paths] } : {}),
    excludeObjects: (cfg.exclude?.objects ?? []).map((o) => ({ ...o, ...(o.rules ? { rules: [...o.rules] } : {}) })),
    allowAnnotationSuppression: cfg.suppressions?.annotations ?? true,
    ...(cfg.failOn !== undefined ? { failOn: cfg.failOn } : {}),
    ...(cfg.ingressNginx !== undefined ? { ingressNginx: { ...cfg.ingressNginx } } : {}),
    ...(kubeVersion !== undefined ? { kubeVersion } : {}),
    ...(cfg.eachProblemOnce !== undefined ? { eachProblemOnce: cfg.eachProblemOnce } : {}),
    ...(cfg.webhook !== undefined ? { webhook: cfg.webhook } : {}),
  };
}

/** A fresh copy of the built-in defaults. */
export function defaultConfig(): ResolvedConfig {
  return { ...DEFAULT_CONFIG, rules: {}, excludeNamespaces: [], excludeObjects: [] };
}

/**
 * Validates a parsed config (`null`/`undefined` = empty) and resolves it. `file` names it in errors, and `text`
 * (its source) lets errors carry a line and column. Throws `KubewardError('CONFIG_INVALID')` listing every problem.
 */
export async function resolveConfig(
  raw: unknown,
  file: string | undefined,
  rules: readonly AnyRule[],
  text?: string,
): Promise<ResolvedConfig> {
  const data = raw ?? {};
  const validate = await configValidator<RawConfig>();
  const byId = new Map([...rules, ...ENGINE_CHECKS].map((r) => [r.meta.id, r] as const));
  if (!validate(data)) {
    const problems = [
      ...ajvProblems(validate.errors, data, [], FORMAT_HINT),
      ...unknownRuleIds(data, [...byId.keys()]),
    ];
    throw configError(problems, file, text);
  }
  const rawRules = data.rules ?? {};
  const withOptions = Object.entries(rawRules).flatMap(([id, value]) => {
    const rule = byId.get(id);
    return rule !== undefined && normalizeSetting(value).options !== undefined ? [rule] : [];
  });
  const resolved = resolveRules(rawRules, byId, await optionsValidators(withOptions));
  const kube = resolveKubeVersion(data.kubeVersion);
  const problems = [
    ...resolved.problems,
    ...exclusionProblems(data.exclude?.objects ?? [], [...byId.keys()]),
    ...kube.problems,
  ];
  if (problems.length > 0) throw configError(problems, file, text);
  return buildConfig(data, file, resolved.rules, kube.kubeVersion);
}

export interface LoadConfigOptions {
  /** Where the search for `.kubeward.yaml` starts, and what an explicit path is relative to. */
  cwd: string;
  /** `--config FILE`: must exist. */
  explicitPath?: string;
  /** Every known rule (ids, options schemas and defaults). */
  rules: readonly AnyRule[];
}

/**
 * Loads the config: `explicitPath` when given (missing = `CONFIG_NOT_FOUND`), else the nearest `.kubeward.yaml`
 * from `cwd` upwards, else the built-in defaults (without loading a validator).
 */
export async function loadConfig(opts: LoadConfigOptions): Promise<ResolvedConfig> {
  const absPath = opts.explicitPath !== undefined ? resolve(opts.cwd, opts.explicitPath) : findConfigFile(opts.cwd);
  if (absPath === undefined) return defaultConfig();
  const display = displayPath(opts.cwd, absPath);
  const text = readConfigText(absPath, display);
  const config = await resolveConfig(parseConfigText(text, display), display, opts.rules, text);
  return { ...config, baseDir: dirname(absPath) };
}

// ---------------------------------------------------------------------------------------------------------------
// What the engine asks of a resolved config.

function settingOf(config: ResolvedConfig, id: string): RuleSetting | undefined {
  return Object.hasOwn(config.rules, id) ? config.rules[id] : undefined;
}

/** Whether the rule runs: the config's `enabled`, else on unless the rule is disabled by default. */
export function ruleEnabled(rule: AnyRule, config: ResolvedConfig): boolean {
  return settingOf(config, rule.meta.id)?.enabled ?? !rule.meta.disabledByDefault;
}

/** The rule's severity: the config's, else the rule's default. */
export function ruleSeverity(rule: AnyRule, config: ResolvedConfig): Severity {
  return settingOf(config, rule.meta.id)?.severity ?? rule.meta.severity;
}

/** The rule's options: its defaults deep-merged with the config's (already validated by `resolveConfig`). */
export function ruleOptions(rule: AnyRule, config: ResolvedConfig): unknown {
  return mergeOptions(rule.meta.options?.defaults ?? {}, settingOf(config, rule.meta.id)?.options);
}
