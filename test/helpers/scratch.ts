/** Scratch directories for a test file, removed when the file's tests are done (no kubeward-* left in /tmp). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const made: string[] = [];

// Registered in the root suite of each test file that imports this module (vitest evaluates it once per file).
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export function scratchDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `kubeward-${prefix}-`));
  made.push(dir);
  return dir;
}
