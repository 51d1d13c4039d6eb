/**
 * `kubeward lint` must never pay for @kubernetes/client-node (about half a second to import). A child Node
 * process registers a module resolve hook that records every module it loads, imports src/cli/program.ts (and the
 * public API), runs a lint, and prints what was loaded. `kubeward audit` in the same harness is the control: it
 * does load client-node, so the hook would see it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from './support.js';

const ROOT = join(import.meta.dirname, '..', '..');

/** Runs in the child: records resolved modules; the sources' `./x.js` imports resolve to `./x.ts` (type stripping). */
const CHILD = `
import { registerHooks } from 'node:module';
const resolved = new Set();
registerHooks({
  resolve(specifier, context, nextResolve) {
    let result;
    try {
      result = nextResolve(specifier, context);
    } catch (err) {
      if (!specifier.startsWith('.') || !specifier.endsWith('.js')) throw err;
      result = nextResolve(specifier.slice(0, -3) + '.ts', context);
    }
    resolved.add(result.url);
    return result;
  },
});
const probe = JSON.parse(process.env.KUBEWARD_PROBE);
const io = {
  stdout: () => {}, stderr: () => {}, readStdin: async () => [],
  stdinIsTTY: true, stdoutIsTTY: false, stderrIsTTY: false, cwd: probe.cwd, env: { HOME: probe.home },
};
let code;
if (probe.mode === 'lint') {
  const { run } = await import(probe.root + '/src/cli/program.ts');
  code = await run(['node', 'kubeward', 'lint', probe.input, '--format', 'json'], io);
  const api = await import(probe.root + '/src/index.ts');
  await api.lintText('apiVersion: v1\\nkind: Service\\nmetadata: {name: x}\\n');
} else {
  const { runAudit } = await import(probe.root + '/src/cli/commands/audit.ts');
  code = await runAudit({ format: 'json' }, io).catch((err) => err.code);
}
process.stdout.write(JSON.stringify({ code, resolved: [...resolved] }));
`;

function probe(mode: 'lint' | 'audit'): { code: unknown; resolved: string[] } {
  const home = mkdtempSync(join(tmpdir(), 'kubeward-lazy-'));
  try {
    const env: Record<string, string | undefined> = {
      ...process.env,
      NODE_OPTIONS: '',
      KUBECONFIG: '',
      KUBEWARD_PROBE: JSON.stringify({
        mode,
        root: pathToFileURL(ROOT).href,
        input: join(FIXTURES, 'shop.yaml'),
        cwd: home,
        home,
      }),
    };
    const r = spawnSync(process.execPath, ['--no-warnings', '--input-type=module', '-e', CHILD], {
      cwd: ROOT,
      env,
      encoding: 'utf8',
      timeout: 60_000,
    });
    if (r.status !== 0) throw new Error(`probe failed (${r.status}): ${r.stderr}`);
    return JSON.parse(r.stdout) as { code: unknown; resolved: string[] };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

const isClientNode = (url: string): boolean => url.includes('/node_modules/@kubernetes/client-node/');

describe('lazy loading of @kubernetes/client-node', () => {
  it('kubeward lint (and the public API) never load client-node or src/cluster', () => {
    const { code, resolved } = probe('lint');
    expect(code).toBe(0);
    // The hook saw the lazily imported lint command and its dependencies, so it sees dynamic imports.
    expect(resolved.some((u) => u.endsWith('/src/cli/commands/lint.ts'))).toBe(true);
    expect(resolved.some((u) => u.includes('/node_modules/js-yaml/'))).toBe(true);
    expect(resolved.filter(isClientNode)).toEqual([]);
    expect(resolved.filter((u) => u.includes('/src/cluster/'))).toEqual([]);
  });

  it('kubeward audit does load client-node (the control)', () => {
    const { code, resolved } = probe('audit');
    expect(code).toBe('INPUT_NOT_FOUND');
    expect(resolved.some(isClientNode)).toBe(true);
  });
});
