/**
 * What the README promises about the webhook and the audit, checked against the code: a stale README is how users
 * end up granting the wrong RBAC or passing a flag that does not exist.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { rbacRules } from '../src/cluster/kinds.js';
import { allRules } from '../src/rules/index.js';
import { loadServeConfig } from '../src/webhook/settings.js';
import { commandFlags, ROOT } from './helpers/cli.js';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

function section(title: string): string {
  const start = readme.indexOf(`## ${title}`);
  if (start < 0) throw new Error(`README has no section "${title}"`);
  const end = readme.indexOf('\n## ', start + 3);
  return readme.slice(start, end < 0 ? undefined : end);
}

function yamlBlocks(text: string): unknown[] {
  return [...text.matchAll(/```yaml\n([\s\S]*?)```/g)].flatMap((m) => loadAll(m[1] ?? ''));
}

/** Flags in the first column of the section's option table, e.g. `--tls-cert FILE`, `--tls-key FILE`. */
function tableFlags(text: string): string[] {
  return text
    .split('\n')
    .filter((l) => l.startsWith('| `'))
    .flatMap((l) => [...(l.split(' | ')[0] ?? '').matchAll(/`([^`]*)`/g)].map((m) => m[1] ?? ''))
    .flatMap((code) => [...code.matchAll(/(?:^|[\s,])(-{1,2}[a-z][a-z-]*)/g)].map((m) => m[1] ?? ''));
}

describe('README', () => {
  it('documents exactly the RBAC rules the cluster cache and the audit use', () => {
    const role = yamlBlocks(section('Auditing a live cluster')).find(
      (d): d is { kind: string; rules: unknown } => (d as { kind?: string } | null)?.kind === 'ClusterRole',
    );
    expect(role?.rules).toEqual(rbacRules());
  });

  it('lists serve options that exist, and every serve option', () => {
    const documented = tableFlags(section('Admission webhook'));
    const known = commandFlags('serve');
    for (const flag of documented) expect(known, flag).toContain(flag);
    const longs = [...known].filter((f) => f.startsWith('--'));
    // --no-cluster and --no-ratchet are the negations commander records; --help is not a command option.
    for (const flag of longs) expect(documented, flag).toContain(flag);
  });

  it('lists lint options that exist', () => {
    const known = commandFlags('lint');
    for (const flag of tableFlags(section('Linting Helm output'))) expect(known, flag).toContain(flag);
  });

  it('shows a webhook config that kubeward serve loads as written', async () => {
    const block = [...section('Admission webhook').matchAll(/```yaml\n([\s\S]*?)```/g)]
      .map((m) => m[1] ?? '')
      .find((b) => b.startsWith('webhook:'));
    if (block === undefined) throw new Error('no webhook: example');
    const dir = mkdtempSync(join(tmpdir(), 'kubeward-readme-'));
    try {
      const file = join(dir, '.kubeward.yaml');
      writeFileSync(file, block);
      const { config, settings } = await loadServeConfig({ cwd: dir, explicitPath: file, rules: allRules });
      expect(settings.namespaceModes).toEqual([{ namespace: 'legacy-*', mode: 'warn' }]);
      expect(settings.exempt.groups).toEqual(['system:nodes']);
      expect(config.rules['hpa-vpa-overlap']?.severity).toBe('error');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
