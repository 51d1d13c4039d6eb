import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { bufferedLogDestination } from '../../src/webhook/log.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kubeward-log-'));
  dirs.push(dir);
  return join(dir, 'out.log');
}

const lines = (file: string): string[] => readFileSync(file, 'utf8').split('\n').filter(Boolean);

async function until(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 10));
  }
  return check();
}

describe('bufferedLogDestination', () => {
  it('holds short lines back, then writes them within the flush interval without further logging', async () => {
    const file = tempFile();
    const dest = bufferedLogDestination(file, { minLength: 4096, flushMs: 1000 });
    await new Promise<void>((r) => dest.stream.once('ready', () => r()));
    const log = pino(dest.stream);
    log.info({ uid: 'a' }, 'admission decision');
    log.info({ uid: 'b' }, 'admission decision');
    // An unbuffered asynchronous stream would have written them by now.
    await new Promise((r) => setTimeout(r, 200));
    expect(lines(file)).toHaveLength(0);
    expect(await until(() => lines(file).length === 2, 3000)).toBe(true);
    expect(lines(file).map((l) => JSON.parse(l).uid)).toEqual(['a', 'b']);
    dest.close();
  });

  it('writes full buffers at once and what is left on close, in order', async () => {
    const file = tempFile();
    const dest = bufferedLogDestination(file, { minLength: 1024, flushMs: 60_000 });
    await new Promise<void>((r) => dest.stream.once('ready', () => r()));
    const log = pino(dest.stream);
    for (let i = 0; i < 100; i++) log.info({ i }, 'x'.repeat(40));
    expect(await until(() => lines(file).length > 0, 2000)).toBe(true);
    log.info({ i: 100 }, 'last');
    dest.close();
    expect(lines(file).map((l) => JSON.parse(l).i)).toEqual(Array.from({ length: 101 }, (_, i) => i));
  });
});
