import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { bufferedLogDestination, isoTimeField, webhookLogger } from '../../src/webhook/log.js';

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

describe('isoTimeField', () => {
  it('writes what Date#toISOString does, across seconds, in any order of clock readings', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 4_102_444_800_000 }), { minLength: 1, maxLength: 40 }),
        (times) => {
          let i = 0;
          const field = isoTimeField(() => times[i] as number);
          for (i = 0; i < times.length; i++) {
            expect(field()).toBe(`,"time":"${new Date(times[i] as number).toISOString()}"`);
          }
        },
      ),
    );
    // Neighbours of a second boundary, and the same second read again after another one.
    const around = [1_700_000_000_999, 1_700_000_001_000, 1_700_000_001_001, 1_700_000_000_005, 1_700_000_001_010];
    let j = 0;
    const field = isoTimeField(() => around[j] as number);
    for (j = 0; j < around.length; j++)
      expect(field()).toBe(`,"time":"${new Date(around[j] as number).toISOString()}"`);
  });

  it("is the webhook logger's time field", () => {
    const lines: string[] = [];
    const before = Date.now();
    webhookLogger({ write: (line: string) => void lines.push(line) }, 'info').info({ uid: 'u' }, 'admission decision');
    const line = JSON.parse(lines[0] as string) as { time: string; level: string; service: string };
    expect(line.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Date.parse(line.time)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(line.time)).toBeLessThanOrEqual(Date.now());
    expect(line).toMatchObject({ level: 'info', service: 'kubeward-webhook' });
  });
});
