/**
 * The repository keeps copies of what its tests read from ../shared (the corpus, the research data, the
 * ingress2gateway fixtures, the Gateway API CRDs), so a clone runs every test. Where ../shared is beside the
 * repository (CI, a session), the copies must still be identical to it: a changed research file must reach the
 * generated catalogues.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS, I2G_FIXTURES, ROOT } from './helpers/cli.js';

const SHARED = join(ROOT, '..', 'shared');
const present = existsSync(join(SHARED, 'research'));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

/** Each copy in `copyDir` (but the notes kubeward adds) against the file of the same name in `sharedDir`. */
function expectSame(copyDir: string, sharedDir: string): void {
  const copies = files(copyDir).filter((f) => !f.endsWith('ORIGIN.md'));
  expect(copies.length).toBeGreaterThan(0);
  for (const copy of copies) {
    const original = join(sharedDir, relative(copyDir, copy));
    expect(existsSync(original), `${relative(ROOT, copy)} is no longer in ${relative(ROOT, sharedDir)}`).toBe(true);
    expect(readFileSync(copy).equals(readFileSync(original)), `${relative(ROOT, copy)} differs from ../shared`).toBe(
      true,
    );
  }
}

describe.skipIf(!present)(`the copies of ../shared${present ? '' : ' (skipped: ../shared not found)'}`, () => {
  it('test/corpus is ../shared/corpus (without the benchmark file)', () => expectSame(CORPUS, join(SHARED, 'corpus')));
  it('data/research holds ../shared/research’s data files as they are', () =>
    expectSame(join(ROOT, 'data', 'research'), join(SHARED, 'research')));
  it('test/fixtures/i2g-fixtures is ../shared/i2g-fixtures', () =>
    expectSame(I2G_FIXTURES, join(SHARED, 'i2g-fixtures')));
  it('data/gateway-api/v1.6.1-standard is ../shared/gateway-api/v1.6.1-standard', () =>
    expectSame(join(ROOT, 'data', 'gateway-api', 'v1.6.1-standard'), join(SHARED, 'gateway-api', 'v1.6.1-standard')));
});
