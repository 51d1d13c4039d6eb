/**
 * What the README promises about the webhook and the audit, checked against the code: a stale README is how users
 * end up granting the wrong RBAC or passing a flag that does not exist.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { rbacRules } from '../src/cluster/kinds.js';
import { allRules } from '../src/rules/index.js';
import { loadServeConfig } from '../src/webhook/settings.js';
import { commandFlags, ROOT } from './helpers/cli.js';
import { helmBinary } from './helpers/helm.js';

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

  it('lists lint options that exist, and every lint option', () => {
    const known = commandFlags('lint');
    const documented = tableFlags(section('Linting Helm output'));
    for (const flag of documented) expect(known, flag).toContain(flag);
    for (const flag of [...known].filter((f) => f.startsWith('--'))) expect(documented, flag).toContain(flag);
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

const helm = helmBinary();

/**
 * The first block of "Linting Helm output in CI", run as written in a copy of the repository's examples: `npx
 * kubeward` and `helm` are this checkout's build and the dev dependency's helm, put on PATH under those names.
 */
describe.skipIf('unavailable' in helm)('the README lint commands', () => {
  it('each runs: exit 0 or 1 (findings), never an input or usage error', () => {
    const block = /```sh\n([\s\S]*?)```/.exec(section('Linting Helm output'))?.[1] ?? '';
    const commands = block
      .split('\n')
      .map((l) => l.replace(/\s+#.*$/, '').trim())
      .filter((l) => l !== '');
    expect(commands.length).toBeGreaterThanOrEqual(5);
    const dir = mkdtempSync(join(tmpdir(), 'kubeward-readme-'));
    try {
      cpSync(join(ROOT, 'examples'), join(dir, 'examples'), { recursive: true });
      mkdirSync(join(dir, 'k8s'));
      cpSync(join(ROOT, 'examples', 'shop-rendered.yaml'), join(dir, 'k8s', 'shop.yaml'));
      cpSync(join(ROOT, 'examples', 'shop-rendered.yaml'), join(dir, 'other.yaml'));
      writeFileSync(join(dir, 'list.json'), JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [] }));
      writeFileSync(join(dir, 'prod.yaml'), 'worker:\n  replicas: 3\n');
      const bin = join(dir, '.bin');
      mkdirSync(bin);
      writeFileSync(
        join(bin, 'npx'),
        `#!/bin/sh\n[ "$1" = kubeward ] && shift\nexec "${process.execPath}" "${join(ROOT, 'bin', 'kubeward.cjs')}" "$@"\n`,
      );
      writeFileSync(join(bin, 'helm'), `#!/bin/sh\nexec "${'path' in helm ? helm.path : ''}" "$@"\n`);
      chmodSync(join(bin, 'npx'), 0o755);
      chmodSync(join(bin, 'helm'), 0o755);
      for (const command of commands) {
        const r = spawnSync('bash', ['-o', 'pipefail', '-c', command], {
          cwd: dir,
          encoding: 'utf8',
          env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}`, NO_COLOR: '1' },
          timeout: 60_000,
        });
        expect([0, 1], `${command}\n${r.stdout}\n${r.stderr}`).toContain(r.status);
        expect(r.stdout + r.stderr, command).not.toMatch(/input-(render-failed|not-found|no-objects|invalid-yaml)/);
      }
      expect(readFileSync(join(dir, 'kubeward.sarif'), 'utf8')).toContain('"version": "2.1.0"');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** Every `kubeward <command> …` line of the README's shell blocks, as tokens after `kubeward`. */
function kubewardCommandLines(): string[][] {
  const blocks = [...readme.matchAll(/```(?:sh|bash|yaml)\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
  return blocks
    .flatMap((b) => b.split('\n'))
    .map((l) => l.replace(/\s#.*$/, ''))
    .flatMap((l) =>
      [...l.matchAll(/(?:^|[\s|;(])(?:npx )?kubeward ([a-z][a-z-]*(?: [^|;&)]*)?)/g)].map((m) => m[1] ?? ''),
    )
    .map((rest) => rest.trim().split(/\s+/))
    .filter((tokens) => tokens.length > 0);
}

describe('README command lines', () => {
  const commands = ['lint', 'audit', 'serve', 'migrate', 'migration-report', 'rules'];

  it('use only commands and flags that exist', () => {
    const lines = kubewardCommandLines().filter((t) => commands.includes(t[0] ?? ''));
    expect(lines.length).toBeGreaterThan(15);
    for (const [command, ...args] of lines) {
      const known = commandFlags(command ?? '');
      for (const arg of args) {
        if (!/^-{1,2}[a-zA-Z]/.test(arg)) continue;
        const flag = arg.split('=')[0] ?? arg;
        expect(known, `kubeward ${command} ${args.join(' ')}`).toContain(flag);
      }
    }
  });
});
