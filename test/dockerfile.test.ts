/**
 * No container engine runs here, so the image is not built in CI. What can be checked without one is checked: every
 * path the Dockerfile copies exists and is not excluded by .dockerignore, the Node major matches the one we target,
 * the entrypoint is the package's bin, and the user is the chart's runAsUser.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/cli.js';

const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l !== '' && !l.startsWith('#'));
const instructions = dockerfile
  .split('\n')
  .filter((l) => /^[A-Z]+\s/.test(l))
  .map((l) => {
    const [op = '', ...rest] = l.split(/\s+/);
    return { op, args: rest };
  });
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  bin: Record<string, string>;
  engines: { node: string };
};

describe('Dockerfile', () => {
  it('copies from the build context only paths that exist and are not ignored', () => {
    const copies = instructions.filter((i) => i.op === 'COPY' && !i.args.some((a) => a.startsWith('--from')));
    expect(copies.length).toBeGreaterThan(0);
    for (const { args } of copies) {
      for (const src of args.slice(0, -1)) {
        expect(existsSync(join(ROOT, src)), src).toBe(true);
        expect(ignored, src).not.toContain(src.replace(/\/$/, ''));
      }
    }
  });

  it('runs Node 24 as the chart user, with the package bin as entrypoint', () => {
    for (const from of instructions.filter((i) => i.op === 'FROM')) expect(from.args[0]).toMatch(/^node:24[-.]/);
    expect(pkg.engines.node).toBe('>=22.12');
    const user = instructions.find((i) => i.op === 'USER')?.args[0];
    const values = readFileSync(join(ROOT, 'charts', 'kubeward', 'templates', 'deployment.yaml'), 'utf8');
    expect(values).toContain(`runAsUser: ${user?.split(':')[0]}`);
    const entrypoint = JSON.parse(dockerfile.match(/^ENTRYPOINT (.+)$/m)?.[1] ?? '[]') as string[];
    expect(entrypoint).toEqual(['node', `/app/${pkg.bin.kubeward}`]);
    // The build stage compiles and bundles what the runtime stage runs, from files it copied.
    expect(dockerfile).toMatch(/RUN npm run build/);
    const build: string = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts.build;
    expect(build).toBe('tsc -p tsconfig.json && node scripts/bundle.mjs');
    expect(dockerfile).toMatch(/^COPY tsconfig\.json \.\/$/m);
    expect(dockerfile).toMatch(/^COPY scripts\/bundle\.mjs \.\/scripts\/$/m);
  });
});
