/**
 * The webhook's own settings: the `webhook:` key of the same config file the linter reads, then the `serve` flags
 * on top. Validated here with ajv against `WEBHOOK_SETTINGS_SCHEMA` (the same object belongs under
 * `properties.webhook` in schema/kubeward-config.schema.json), with errors that name file:line:col like the rest of
 * the config.
 */
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import type { ErrorObject } from 'ajv';
import { findConfigFile, locateYamlPath, parseConfigText, resolveConfig } from '../engine/config.js';
import { DEFAULT_CONFIG, type ResolvedConfig } from '../engine/config-types.js';
import { KubewardError } from '../engine/errors.js';
import { matchAnyGlob, matchGlob } from '../engine/glob.js';
import { formatPath } from '../engine/path.js';
import type { AnyRule } from '../engine/rule.js';
import type { JsonPath, PathSegment, Severity } from '../engine/types.js';
import { isObject } from '../rules/shared/object.js';
import { CONNECTION_SETTINGS_SCHEMA, type ConnectionSettings, DEFAULT_CONNECTION_SETTINGS } from './connections.js';

export type WebhookMode = 'enforce' | 'warn' | 'audit';
export const WEBHOOK_MODES: readonly WebhookMode[] = ['enforce', 'warn', 'audit'];

export type FailureMode = 'open' | 'closed';
export const FAILURE_MODES: readonly FailureMode[] = ['open', 'closed'];

export interface NamespaceMode {
  /** Glob over the request's namespace. */
  namespace: string;
  mode: WebhookMode;
}

export interface WebhookSettings {
  /** enforce: findings at or above `denySeverity` deny; warn: never deny; audit: allow, log and count only. */
  mode: WebhookMode;
  /** Per-namespace overrides of `mode`; the first matching entry wins. */
  namespaceModes: readonly NamespaceMode[];
  denySeverity: Severity;
  /** UPDATE: only findings the change introduces (compared with oldObject) may deny. */
  ratchetUpdates: boolean;
  exempt: {
    namespaces: readonly string[];
    users: readonly string[];
    groups: readonly string[];
  };
  /** Internal deadline, below the API server's webhook timeout. */
  deadlineMs: number;
  /** What a request that cannot be evaluated (deadline, cache not synced, internal error) gets. */
  failureMode: FailureMode;
  /** CPU one object's evaluation may use; past it the object is over budget (denied in enforce mode). */
  evaluationBudgetMs: number;
  /** Costly reviews checked at once (in slices, least CPU first); one more is answered as over budget. */
  maxPendingReviews: number;
  /** Larger bodies get 413. */
  maxBodyBytes: number;
  /** Limits on the admission port's connections (connections.ts). */
  connections: ConnectionSettings;
}

export const DEFAULT_WEBHOOK_SETTINGS: WebhookSettings = {
  mode: 'enforce',
  namespaceModes: [],
  denySeverity: 'error',
  ratchetUpdates: true,
  exempt: { namespaces: ['kube-system'], users: [], groups: [] },
  deadlineMs: 2000,
  failureMode: 'open',
  evaluationBudgetMs: 1000,
  maxPendingReviews: 64,
  // Two objects (object and oldObject) at etcd's default 1.5 MiB limit, plus the review around them.
  maxBodyBytes: 4 * 1024 * 1024,
  connections: DEFAULT_CONNECTION_SETTINGS,
};

const GLOB = { type: 'string', minLength: 1 } as const;
const GLOBS_NOTE = 'Globs: `*` matches any run of characters (also none), `?` one character.';

/** JSON Schema (draft-07) of the `webhook:` key. Self-contained, so it can be placed as is in the config schema. */
export const WEBHOOK_SETTINGS_SCHEMA = {
  description:
    'Settings of `kubeward serve`, the validating admission webhook. The `serve` flags override them. The `rules`, `exclude` and `suppressions` keys apply to the webhook as they do to `kubeward lint`.',
  type: 'object',
  additionalProperties: false,
  properties: {
    mode: {
      description:
        '`enforce`: findings at or above `denySeverity` deny the request, other findings become warnings; `warn`: never deny, every finding becomes a warning; `audit`: allow, only log and count. Default: `enforce`.',
      enum: [...WEBHOOK_MODES],
    },
    namespaceModes: {
      description: `Per-namespace overrides of \`mode\`, tried in order; the first entry whose namespace glob matches the request's namespace wins. Cluster-scoped objects always use \`mode\`. ${GLOBS_NOTE}`,
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['namespace', 'mode'],
        properties: {
          namespace: { ...GLOB, description: 'A glob over the namespace.' },
          mode: { description: 'The mode in matching namespaces.', enum: [...WEBHOOK_MODES] },
        },
      },
    },
    denySeverity: {
      description: 'In `enforce` mode, the lowest severity that denies. Default: `error`.',
      enum: ['error', 'warning', 'info'],
    },
    ratchetUpdates: {
      description:
        'On UPDATE, only findings the change introduces (compared with the old object) can deny; findings the object already had come back as warnings. Default: `true`.',
      type: 'boolean',
    },
    exempt: {
      description: `Requests kubeward allows without checking them. ${GLOBS_NOTE}`,
      type: 'object',
      additionalProperties: false,
      properties: {
        namespaces: {
          description: 'Namespaces whose objects are not checked. Default: `[kube-system]`.',
          type: 'array',
          items: GLOB,
        },
        users: {
          description: 'Requesting users (e.g. `system:serviceaccount:kube-system:*`). Default: none.',
          type: 'array',
          items: GLOB,
        },
        groups: {
          description: 'Requesting groups (e.g. `system:nodes`). Default: none.',
          type: 'array',
          items: GLOB,
        },
      },
    },
    deadlineMs: {
      description:
        "Internal deadline in milliseconds; keep it below the webhook's `timeoutSeconds`. A request not answered in time gets the `failureMode` answer. Default: 2000.",
      type: 'integer',
      minimum: 50,
      maximum: 30000,
    },
    failureMode: {
      description:
        '`open`: a request that cannot be evaluated (deadline, cluster cache not synced, internal error) is allowed with a warning; `closed`: it is denied. Default: `open`.',
      enum: [...FAILURE_MODES],
    },
    evaluationBudgetMs: {
      description:
        'CPU time in milliseconds that checking one object may use (an ordinary object needs well under 1 ms). An object that uses it up, or that needs more than a 5 ms slice and cannot be finished before `deadlineMs`, is over budget because of its own size and content, so `failureMode` does not apply: `enforce` denies it, `warn` allows it with a warning, `audit` allows it. Default: 1000.',
      type: 'integer',
      minimum: 10,
      maximum: 30000,
    },
    maxPendingReviews: {
      description:
        'Costly reviews (those that need more than one 5 ms slice of CPU; an ordinary one needs well under 1 ms) kubeward keeps checking at once, in slices, the one that has had the least CPU first, so that none holds the others or the health probes. A costly review that finds this many waiting is answered as over budget (denied in `enforce` mode). Default: 64.',
      type: 'integer',
      minimum: 1,
      maximum: 10000,
    },
    maxBodyBytes: {
      description: 'Largest AdmissionReview body accepted, in bytes; larger ones get 413. Default: 4194304 (4 MiB).',
      type: 'integer',
      minimum: 1024,
      maximum: 67108864,
    },
    connections: CONNECTION_SETTINGS_SCHEMA,
  },
} as const;

/** The raw `webhook:` mapping as the schema allows it. */
interface RawWebhookSettings {
  mode?: WebhookMode;
  namespaceModes?: NamespaceMode[];
  denySeverity?: Severity;
  ratchetUpdates?: boolean;
  exempt?: { namespaces?: string[]; users?: string[]; groups?: string[] };
  deadlineMs?: number;
  failureMode?: FailureMode;
  evaluationBudgetMs?: number;
  maxPendingReviews?: number;
  maxBodyBytes?: number;
  connections?: Partial<ConnectionSettings>;
}

/** Overrides from `serve` flags; undefined = not given. */
export interface WebhookFlags {
  mode?: WebhookMode;
  denySeverity?: Severity;
  ratchetUpdates?: boolean;
  exemptNamespaces?: readonly string[];
  deadlineMs?: number;
  failureMode?: FailureMode;
  maxBodyBytes?: number;
}

type Validate = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };
let validator: Promise<Validate> | undefined;

async function getValidator(): Promise<Validate> {
  validator ??= import('ajv').then((m) => {
    const ajv = new m.Ajv({ strict: true, allErrors: true, verbose: true });
    return ajv.compile(WEBHOOK_SETTINGS_SCHEMA);
  });
  return validator;
}

function pointerToPath(pointer: string): PathSegment[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((raw) => {
      const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
      return /^\d+$/.test(key) ? Number(key) : key;
    });
}

function describe(err: ErrorObject): { path: JsonPath; message: string } {
  const path = pointerToPath(err.instancePath);
  const params: Record<string, unknown> = err.params;
  const got = typeof err.data === 'string' ? JSON.stringify(err.data) : (JSON.stringify(err.data) ?? 'nothing');
  switch (err.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      return { path: [...path, key], message: `unknown key "${key}"` };
    }
    case 'enum': {
      const allowed = Array.isArray(params.allowedValues) ? params.allowedValues : [];
      return { path, message: `must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}, got ${got}` };
    }
    case 'required':
      return { path, message: `missing required key "${String(params.missingProperty)}"` };
    default:
      return { path, message: `${err.message ?? 'is invalid'}, got ${got}` };
  }
}

/**
 * Validates the raw `webhook:` value (undefined = absent) and resolves it over the defaults. `file` and `text` let
 * an error name file:line:col. Throws `KubewardError('CONFIG_INVALID')` listing every problem.
 */
export async function resolveWebhookSettings(raw: unknown, file?: string, text?: string): Promise<WebhookSettings> {
  if (raw === undefined || raw === null) return DEFAULT_WEBHOOK_SETTINGS;
  const validate = await getValidator();
  if (!validate(raw)) {
    const problems = (validate.errors ?? []).map(describe);
    const where = (path: JsonPath) => {
      if (file === undefined) return undefined;
      if (text === undefined) return { file };
      const { line, column } = locateYamlPath(text, ['webhook', ...path]);
      return { file, line, column };
    };
    const [first, ...rest] = problems;
    const line = (p: { path: JsonPath; message: string }) => `${formatPath(['webhook', ...p.path])}: ${p.message}`;
    const firstWhere = first === undefined ? undefined : where(first.path);
    throw new KubewardError(
      'CONFIG_INVALID',
      [first === undefined ? 'webhook: invalid' : line(first), ...rest.map((p) => `  ${line(p)}`)].join('\n'),
      {
        ...(firstWhere !== undefined ? { where: firstWhere } : {}),
        hint: 'The webhook settings are described under `webhook` in schema/kubeward-config.schema.json.',
      },
    );
  }
  const w = raw as RawWebhookSettings;
  const d = DEFAULT_WEBHOOK_SETTINGS;
  return {
    mode: w.mode ?? d.mode,
    namespaceModes: (w.namespaceModes ?? []).map((m) => ({ namespace: m.namespace, mode: m.mode })),
    denySeverity: w.denySeverity ?? d.denySeverity,
    ratchetUpdates: w.ratchetUpdates ?? d.ratchetUpdates,
    exempt: {
      namespaces: [...(w.exempt?.namespaces ?? d.exempt.namespaces)],
      users: [...(w.exempt?.users ?? d.exempt.users)],
      groups: [...(w.exempt?.groups ?? d.exempt.groups)],
    },
    deadlineMs: w.deadlineMs ?? d.deadlineMs,
    failureMode: w.failureMode ?? d.failureMode,
    evaluationBudgetMs: w.evaluationBudgetMs ?? d.evaluationBudgetMs,
    maxPendingReviews: w.maxPendingReviews ?? d.maxPendingReviews,
    maxBodyBytes: w.maxBodyBytes ?? d.maxBodyBytes,
    connections: { ...d.connections, ...w.connections },
  };
}

/** The settings with the flags that were given laid over them. */
export function applyWebhookFlags(settings: WebhookSettings, flags: WebhookFlags): WebhookSettings {
  return {
    ...settings,
    ...(flags.mode !== undefined ? { mode: flags.mode } : {}),
    ...(flags.denySeverity !== undefined ? { denySeverity: flags.denySeverity } : {}),
    ...(flags.ratchetUpdates !== undefined ? { ratchetUpdates: flags.ratchetUpdates } : {}),
    ...(flags.deadlineMs !== undefined ? { deadlineMs: flags.deadlineMs } : {}),
    ...(flags.failureMode !== undefined ? { failureMode: flags.failureMode } : {}),
    ...(flags.maxBodyBytes !== undefined ? { maxBodyBytes: flags.maxBodyBytes } : {}),
    ...(flags.exemptNamespaces !== undefined
      ? { exempt: { ...settings.exempt, namespaces: [...flags.exemptNamespaces] } }
      : {}),
  };
}

/** The mode for a request in `namespace` ('' for cluster-scoped objects). */
export function modeFor(settings: WebhookSettings, namespace: string): WebhookMode {
  if (namespace === '') return settings.mode;
  return settings.namespaceModes.find((m) => matchGlob(m.namespace, namespace))?.mode ?? settings.mode;
}

/** Why the request is exempt (a short phrase for logs), or undefined. */
export function exemption(
  settings: WebhookSettings,
  request: { namespace?: string | undefined; username?: string | undefined; groups?: readonly string[] | undefined },
): string | undefined {
  const { namespaces, users, groups } = settings.exempt;
  if (request.namespace !== undefined && request.namespace !== '' && matchAnyGlob(namespaces, request.namespace)) {
    return `namespace ${request.namespace}`;
  }
  if (request.username !== undefined && matchAnyGlob(users, request.username)) return `user ${request.username}`;
  const group = request.groups?.find((g) => matchAnyGlob(groups, g));
  return group === undefined ? undefined : `group ${group}`;
}

export interface ServeConfig {
  config: ResolvedConfig;
  settings: WebhookSettings;
}

/**
 * Loads the config file for `serve`: `explicitPath` (must exist), else the nearest `.kubeward.yaml` from `cwd`
 * upwards, else defaults. The `webhook:` key is validated here; everything else by the engine's `resolveConfig`.
 */
export async function loadServeConfig(opts: {
  cwd: string;
  explicitPath?: string;
  rules: readonly AnyRule[];
}): Promise<ServeConfig> {
  const absPath = opts.explicitPath !== undefined ? resolve(opts.cwd, opts.explicitPath) : findConfigFile(opts.cwd);
  if (absPath === undefined) {
    return {
      config: { ...DEFAULT_CONFIG, rules: {}, excludeNamespaces: [], excludeObjects: [] },
      settings: DEFAULT_WEBHOOK_SETTINGS,
    };
  }
  const rel = relative(opts.cwd, absPath);
  const display = rel === '' ? absPath : rel;
  let text: string;
  try {
    text = readFileSync(absPath, 'utf8');
  } catch (e) {
    throw new KubewardError('CONFIG_NOT_FOUND', `cannot read config file ${display}: ${(e as Error).message}`, {
      where: { file: display },
      hint: 'Check the path given to --config.',
    });
  }
  const raw = parseConfigText(text, display);
  let rest: unknown = raw;
  let webhook: unknown;
  if (isObject(raw) && Object.hasOwn(raw, 'webhook')) {
    const { webhook: w, ...others } = raw;
    webhook = w;
    rest = others;
  }
  const config = await resolveConfig(rest, display, opts.rules, text);
  const settings = await resolveWebhookSettings(webhook, display, text);
  return { config, settings };
}
