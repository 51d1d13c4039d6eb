import { describe, expect, it } from 'vitest';
import { createSliceScheduler, type SlicedTask } from '../../src/webhook/slices.js';

/** A fake clock, and tasks made of `units` steps of 1 ms each on it; `log` records which task ran each unit. */
function harness(options: { sliceMs?: number; turnMs?: number; maxPending?: number } = {}) {
  let t = 0;
  const log: string[] = [];
  const scheduler = createSliceScheduler({
    sliceMs: options.sliceMs ?? 3,
    turnMs: options.turnMs ?? 100,
    maxPending: options.maxPending ?? 10,
    now: () => t,
  });
  const task = (name: string, units: number, expiresAt = Number.POSITIVE_INFINITY) => {
    let left = units;
    const tk: SlicedTask & { left: () => number } = {
      step(pause) {
        while (left > 0) {
          t += 1;
          left--;
          log.push(name);
          if (left > 0 && pause()) return false;
        }
        return true;
      },
      expired: () => t >= expiresAt,
      left: () => left,
    };
    return tk;
  };
  return { scheduler, task, log, advance: (ms: number) => (t += ms) };
}

describe('createSliceScheduler', () => {
  it('finishes a task that fits its first slice in the same call, with no promise', () => {
    const { scheduler, task } = harness();
    expect(scheduler.run(task('a', 2))).toBe(true);
    expect(scheduler.pending).toBe(0);
  });

  it('queues what needs more, and serves the task that has had the least time first', async () => {
    const { scheduler, task, log } = harness({ sliceMs: 3 });
    const big = scheduler.run(task('big', 9));
    const small = scheduler.run(task('small', 4));
    expect(big).toBeInstanceOf(Promise);
    expect(small).toBeInstanceOf(Promise);
    expect(scheduler.pending).toBe(2);
    await Promise.all([big, small]);
    // Both had 3 units: the tie goes to the first queued; then small has had less, and finishes before big resumes.
    expect(log.join(' ')).toBe('big big big small small small big big big small big big big');
  });

  it('never lets a cheap task wait behind a costly one', async () => {
    const { scheduler, task, log } = harness({ sliceMs: 2 });
    const costly = scheduler.run(task('costly', 20));
    // A new task has had no time at all: its first slice runs at once, and a cheap one is done within it.
    expect(scheduler.run(task('cheap', 1))).toBe(true);
    expect(log.indexOf('cheap')).toBe(2);
    await costly;
    expect(log.filter((n) => n === 'costly')).toHaveLength(20);
  });

  it('yields to the event loop between turns', async () => {
    const { scheduler, task } = harness({ sliceMs: 2, turnMs: 4 });
    const t = task('long', 40);
    const done = scheduler.run(t);
    // Queued after the scheduler's first turn: by then 2 + 4 units ran, and the task is not done.
    const seen = await new Promise<number>((resolve) => setImmediate(() => resolve(t.left())));
    expect(seen).toBe(34);
    await done;
    expect(t.left()).toBe(0);
  });

  it('answers a waiting task whose time is up without giving it another slice', async () => {
    const { scheduler, task, log, advance } = harness({ sliceMs: 2 });
    const starving = task('starving', 10, 5);
    const p = scheduler.run(starving);
    advance(10);
    await p;
    expect(log.filter((n) => n === 'starving')).toHaveLength(2);
    expect(starving.left()).toBe(8);
  });

  it('abandons a task that needs a place in a full queue (after its first slice), and still runs cheap ones', async () => {
    const { scheduler, task } = harness({ sliceMs: 2, maxPending: 1 });
    const first = scheduler.run(task('first', 10));
    const second = task('second', 10);
    expect(scheduler.run(second)).toBe(false);
    expect(second.left()).toBe(8);
    expect(scheduler.run(task('cheap', 1))).toBe(true);
    await first;
  });

  it('queues a cheap task even when the queue is full (its first slice was cut short, it is not costly)', async () => {
    const { scheduler, task } = harness({ sliceMs: 2, maxPending: 1 });
    const first = scheduler.run(task('first', 10));
    const cheap = Object.assign(task('cheap', 3), { costly: () => false });
    const queued = scheduler.run(cheap);
    expect(queued).toBeInstanceOf(Promise);
    await Promise.all([first, queued]);
    expect(cheap.left()).toBe(0);
  });

  it('treats a task that throws as done', async () => {
    const { scheduler } = harness();
    const throwing: SlicedTask = {
      step() {
        throw new Error('boom');
      },
    };
    expect(scheduler.run(throwing)).toBe(true);
  });
});
