/** Shared set-up for the cluster tests: fixtures into the fake API server, waiting for asynchronous state. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';
import type { FakeApiServer } from '../helpers/fake-apiserver.js';

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'cluster');

/** The objects of a fixture file under test/fixtures/cluster. */
export function fixtureObjects(name: string): Record<string, unknown>[] {
  return loadAll(readFileSync(join(FIXTURES, name), 'utf8')).filter(
    (d): d is Record<string, unknown> => typeof d === 'object' && d !== null,
  );
}

/** Applies every object of a fixture file to the server. */
export function applyFixture(server: FakeApiServer, name: string): void {
  for (const o of fixtureObjects(name)) server.apply(o);
}

/** Polls `check` until it returns true (or stops throwing), failing after `timeoutMs`. */
export async function eventually(check: () => unknown, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      if (check() !== false) return;
      last = undefined;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      throw last instanceof Error ? last : new Error('condition not met before the timeout');
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}
