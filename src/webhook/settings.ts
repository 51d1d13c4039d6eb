/**
 * The webhook's own settings: the `webhook:` key of the same config file the linter reads, then the `serve` flags
 * on top. The engine validates the whole file against the config schema, which holds `WEBHOOK_SETTINGS_SCHEMA`
 * under `properties.webhook` (a test keeps the two equal); this module only lays the result over the defaults.
 */
import { type LoadConfigOptions, loadConfig } from '../engine/config.js';
import type { ResolvedConfig } from '../engine/config-types.js';
import type { Severity } from '../engine/types.js';
import { matchAnyGlob, matchGlob } from '../k8s/glob.js';
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

/**
 * The settings of a config's `webhook:` mapping over the defaults. The mapping was validated against the config
 * schema (which holds WEBHOOK_SETTINGS_SCHEMA under `properties.webhook`) by the engine's `resolveConfig`, with the
 * rest of the file: one pipeline for `lint` and `serve`, one way of reporting a mistake (file:line, did-you-mean).
 */
export function webhookSettingsOf(config: ResolvedConfig): WebhookSettings {
  const w: RawWebhookSettings | undefined = config.webhook;
  const d = DEFAULT_WEBHOOK_SETTINGS;
  if (w === undefined) return d;
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
 * Loads the config file for `serve` as `lint` loads it (`explicitPath`, which must exist, else the nearest
 * `.kubeward.yaml` from `cwd` upwards, else defaults), and resolves its `webhook:` settings.
 */
export async function loadServeConfig(opts: LoadConfigOptions): Promise<ServeConfig> {
  const config = await loadConfig(opts);
  return { config, settings: webhookSettingsOf(config) };
}
