import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VERSION } from '../src/version.js';

const root = join(import.meta.dirname, '..');

describe('the version, in one place', () => {
  it("is package.json's, and the Helm chart says the same", () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    expect(VERSION).toBe(pkg.version);
    const chart = readFileSync(join(root, 'charts', 'kubeward', 'Chart.yaml'), 'utf8');
    expect(chart).toMatch(new RegExp(`^version: ${pkg.version.replaceAll('.', '\\.')}$`, 'm'));
    expect(chart).toMatch(new RegExp(`^appVersion: "${pkg.version.replaceAll('.', '\\.')}"$`, 'm'));
  });

  it('is not written anywhere else in the sources', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    for (const file of ['src/cli/program.ts', 'src/index.ts', 'src/cli/report-output.ts']) {
      expect(readFileSync(join(root, file), 'utf8')).not.toContain(`'${pkg.version}'`);
    }
  });

  it('is known to `import "kubeward"` without the CLI: the API entry does not import commander', () => {
    const index = readFileSync(join(root, 'src', 'index.ts'), 'utf8');
    expect(index).not.toMatch(/from '\.\/cli\//);
  });
});
