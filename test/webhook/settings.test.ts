import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/engine/config.js';
import { DEFAULT_CONFIG } from '../../src/engine/config-types.js';
import { KubewardError } from '../../src/engine/errors.js';
import { allRules } from '../../src/rules/index.js';
import {
  applyWebhookFlags,
  DEFAULT_WEBHOOK_SETTINGS,
  exemption,
  loadServeConfig,
  modeFor,
  WEBHOOK_SETTINGS_SCHEMA,
  webhookSettingsOf,
} from '../../src/webhook/settings.js';

const dir = mkdtempSync(join(tmpdir(), 'kubeward-settings-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function configFile(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

async function errorOf(p: Promise<unknown>): Promise<KubewardError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof KubewardError) return e;
    throw e;
  }
  throw new Error('expected a KubewardError');
}

describe('webhookSettingsOf', () => {
  it('defaults: enforce, deny at error, ratchet updates, kube-system exempt, 2 s deadline, fail open, 4 MiB', async () => {
    expect(webhookSettingsOf(DEFAULT_CONFIG)).toEqual({
      mode: 'enforce',
      namespaceModes: [],
      denySeverity: 'error',
      ratchetUpdates: true,
      exempt: { namespaces: ['kube-system'], users: [], groups: [] },
      deadlineMs: 2000,
      failureMode: 'open',
      evaluationBudgetMs: 1000,
      maxPendingReviews: 64,
      maxBodyBytes: 4194304,
      connections: {
        maxPerClient: 256,
        max: 2048,
        handshakeTimeoutMs: 5000,
        headersTimeoutMs: 5000,
        requestTimeoutMs: 10000,
        keepAliveTimeoutMs: 65000,
      },
    });
  });

  it('reads every key', async () => {
    const s = webhookSettingsOf({
      ...DEFAULT_CONFIG,
      webhook: {
        mode: 'warn',
        namespaceModes: [{ namespace: 'legacy-*', mode: 'audit' }],
        denySeverity: 'warning',
        ratchetUpdates: false,
        exempt: { namespaces: [], users: ['system:serviceaccount:kube-system:*'], groups: ['system:nodes'] },
        deadlineMs: 1500,
        failureMode: 'closed',
        maxBodyBytes: 1048576,
        connections: { maxPerClient: 32, headersTimeoutMs: 2000 },
      },
    });
    expect(s.mode).toBe('warn');
    // Connection limits not given keep their defaults.
    expect(s.connections).toMatchObject({ maxPerClient: 32, headersTimeoutMs: 2000, max: 2048 });
    expect(s.exempt).toEqual({
      namespaces: [],
      users: ['system:serviceaccount:kube-system:*'],
      groups: ['system:nodes'],
    });
    expect(modeFor(s, 'legacy-billing')).toBe('audit');
    expect(modeFor(s, 'shop')).toBe('warn');
    expect(modeFor(s, '')).toBe('warn');
  });

  it('rejects unknown keys and bad values with the file, line, column and did-you-mean, as lint does', async () => {
    configFile('k.yaml', 'rules: {}\nwebhook:\n  mode: enforced\n  deadlinMs: 10\n  evaluationBudgetMs: 5\n');
    const served = await errorOf(loadServeConfig({ cwd: dir, explicitPath: 'k.yaml', rules: allRules }));
    expect(served.code).toBe('CONFIG_INVALID');
    expect(served.message).toContain('webhook.mode: must be one of "enforce", "warn", "audit", got "enforced"');
    expect(served.message).toMatch(
      /k\.yaml:4:3: webhook\.deadlinMs: unknown key "deadlinMs".*\(Did you mean "deadlineMs"\?\)/,
    );
    expect(served.message).toContain('k.yaml:5:3: webhook.evaluationBudgetMs: must be >= 10, got 5');
    expect(served.where).toEqual({ file: 'k.yaml', line: 3, column: 3 });
    const linted = await errorOf(loadConfig({ cwd: dir, explicitPath: 'k.yaml', rules: allRules }));
    expect({ message: linted.message, where: linted.where, hint: linted.hint }).toEqual({
      message: served.message,
      where: served.where,
      hint: served.hint,
    });
  });
});

describe('flags, modes and exemptions', () => {
  it('lays the flags that were given over the settings', () => {
    const s = applyWebhookFlags(DEFAULT_WEBHOOK_SETTINGS, {
      mode: 'audit',
      exemptNamespaces: ['ops'],
      deadlineMs: 900,
    });
    expect(s.mode).toBe('audit');
    expect(s.deadlineMs).toBe(900);
    expect(s.exempt.namespaces).toEqual(['ops']);
    expect(s.failureMode).toBe('open');
    expect(applyWebhookFlags(DEFAULT_WEBHOOK_SETTINGS, {})).toEqual(DEFAULT_WEBHOOK_SETTINGS);
  });

  it('exempts by namespace, user or group glob', () => {
    const s = {
      ...DEFAULT_WEBHOOK_SETTINGS,
      exempt: { namespaces: ['kube-*'], users: ['system:serviceaccount:*'], groups: ['system:masters'] },
    };
    expect(exemption(s, { namespace: 'kube-public' })).toBe('namespace kube-public');
    expect(
      exemption(s, { namespace: 'shop', username: 'system:serviceaccount:argocd:argocd-application-controller' }),
    ).toBe('user system:serviceaccount:argocd:argocd-application-controller');
    expect(exemption(s, { namespace: 'shop', username: 'jane', groups: ['dev', 'system:masters'] })).toBe(
      'group system:masters',
    );
    expect(exemption(s, { namespace: 'shop', username: 'jane', groups: ['dev'] })).toBeUndefined();
    expect(exemption(s, { namespace: '' })).toBeUndefined();
  });
});

describe('loadServeConfig', () => {
  it('reads rules and the webhook key from one file', async () => {
    const file = configFile(
      'both.yaml',
      'rules:\n  resources-qos-class: off\nwebhook:\n  mode: warn\n  exempt:\n    namespaces: [ops]\n',
    );
    const { config, settings } = await loadServeConfig({ cwd: dir, explicitPath: file, rules: allRules });
    expect(config.rules['resources-qos-class']).toEqual({ enabled: false });
    expect(settings.mode).toBe('warn');
    expect(settings.exempt.namespaces).toEqual(['ops']);
  });

  it('uses defaults without a file, and reports a missing explicit file', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'kubeward-noconfig-'));
    try {
      const { settings, config } = await loadServeConfig({ cwd: empty, rules: allRules });
      expect(settings).toEqual(DEFAULT_WEBHOOK_SETTINGS);
      expect(config.rules).toEqual({});
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
    const err = await errorOf(loadServeConfig({ cwd: dir, explicitPath: join(dir, 'nope.yaml'), rules: allRules }));
    expect(err.code).toBe('CONFIG_NOT_FOUND');
  });

  it('still validates the rest of the config', async () => {
    const file = configFile('bad.yaml', 'rules:\n  no-such-rule: error\nwebhook:\n  mode: warn\n');
    const err = await errorOf(loadServeConfig({ cwd: dir, explicitPath: file, rules: allRules }));
    expect(err.message).toContain('unknown rule id "no-such-rule"');
  });
});

describe('the config schema', () => {
  it('carries WEBHOOK_SETTINGS_SCHEMA under properties.webhook, so one .kubeward.yaml serves lint and serve', async () => {
    const schema = JSON.parse(
      readFileSync(join(import.meta.dirname, '..', '..', 'schema', 'kubeward-config.schema.json'), 'utf8'),
    );
    expect(schema.properties.webhook).toEqual(JSON.parse(JSON.stringify(WEBHOOK_SETTINGS_SCHEMA)));
    // lint accepts the same file, and still validates the webhook key.
    const ok = configFile('shared.yaml', 'webhook:\n  mode: warn\n');
    await expect(loadConfig({ cwd: dir, explicitPath: ok, rules: allRules })).resolves.toBeDefined();
    const bad = configFile('shared-bad.yaml', 'webhook:\n  mode: block\n');
    const err = await errorOf(loadConfig({ cwd: dir, explicitPath: bad, rules: allRules }));
    expect(err.message).toMatch(/webhook/);
  });
});
