/**
 * Evaluation in slices, so that no object holds the event loop: health and readiness probes, and the other reviews,
 * are answered while a costly object is checked.
 *
 * A task is resumable work (`step(pause)` runs until it is done or `pause()` says stop). A new task gets its first
 * slice at once, so an ordinary review (well under a slice) finishes in the same call, with no added latency. A task
 * that needs more waits in the queue, run from `setImmediate`: each turn of the event loop gives the queue at most
 * `turnMs`, then lets I/O (new requests, probes) in. The queue serves the task that has had the least time so far
 * (least attained service): a cheap review never waits behind a costly one, and a costly review cannot starve the
 * others, only share with the other costly ones.
 *
 * Why slices and not worker threads: the rules read the informer cache, which lives on the main thread. A worker
 * would need its own copy of the cache (kept in step by a second set of watches, or by posting every event) and the
 * request copied to it and back (a structured clone of up to 3 MiB), while an ordinary review costs tens of
 * microseconds, less than that round trip. Slicing costs an ordinary review one clock read per rule.
 */

/** Resumable work: runs until done (true) or until `pause()` returns true (false). */
export interface SlicedTask {
  step(pause: () => boolean): boolean;
  /** Asked of a waiting task every turn: true when it has ended without another slice (its deadline passed). */
  expired?(): boolean;
  /**
   * Whether the task has had enough CPU to count as costly. A full queue refuses only costly tasks: a cheap one whose
   * first slice the OS cut short (another process, a CPU limit) still waits for its turn. Without it, every task is.
   */
  costly?(): boolean;
}

export interface SliceOptions {
  /** Longest slice one task gets before the others (and I/O) have a turn. */
  sliceMs: number;
  /** Longest run of slices in one turn of the event loop. */
  turnMs: number;
  /** Tasks waiting at most; `run` abandons a task that needs a place beyond them. */
  maxPending: number;
  now?: () => number;
}

export interface SliceScheduler {
  /**
   * Runs `task` to the end: `true` at once when its first slice finished it, otherwise a promise of `true` when it is
   * done; `false` (at once) when it is costly (needed more than its first slice) and `maxPending` tasks are waiting
   * already: the task is abandoned. A cheap task is never refused.
   */
  run(task: SlicedTask): boolean | Promise<boolean>;
  /** Tasks waiting for another slice. */
  readonly pending: number;
}

interface Entry {
  task: SlicedTask;
  resolve: (ran: boolean) => void;
  /** Time this task has run so far (ms). */
  attained: number;
}

export function createSliceScheduler(options: SliceOptions): SliceScheduler {
  const now = options.now ?? (() => performance.now());
  const queue: Entry[] = [];
  let scheduled = false;
  let sliceEnd = 0;
  const pause = (): boolean => now() >= sliceEnd;

  /** Runs one slice of at most `ms`; returns whether the task is done and how long the slice took. */
  const slice = (task: SlicedTask, ms: number): [boolean, number] => {
    const started = now();
    sliceEnd = started + ms;
    let done: boolean;
    try {
      done = task.step(pause);
    } catch {
      // A task reports its own failures (AdmissionEvaluation catches what the rules throw); this is the backstop.
      done = true;
    }
    return [done, now() - started];
  };

  const leastAttained = (): number => {
    let at = 0;
    for (let i = 1; i < queue.length; i++) {
      if ((queue[i] as Entry).attained < (queue[at] as Entry).attained) at = i;
    }
    return at;
  };

  /** Answers the waiting tasks whose time is up (however little CPU they have had). */
  const expire = (): void => {
    for (let i = queue.length - 1; i >= 0; i--) {
      const entry = queue[i] as Entry;
      if (entry.task.expired?.() === true) {
        queue.splice(i, 1);
        entry.resolve(true);
      }
    }
  };

  const pump = (): void => {
    scheduled = false;
    expire();
    const turnEnd = now() + options.turnMs;
    while (queue.length > 0) {
      const left = turnEnd - now();
      if (left <= 0) break;
      const at = leastAttained();
      const entry = queue[at] as Entry;
      const [done, took] = slice(entry.task, Math.min(options.sliceMs, left));
      entry.attained += took;
      if (done) {
        queue.splice(at, 1);
        entry.resolve(true);
      }
    }
    if (queue.length > 0) schedule();
  };

  const schedule = (): void => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(pump);
  };

  return {
    get pending() {
      return queue.length;
    },
    run(task) {
      // A new task has had no time at all, so under least attained service it goes first: its first slice runs now,
      // and an ordinary task is done within it.
      const [done, took] = slice(task, options.sliceMs);
      if (done) return true;
      if (queue.length >= options.maxPending && task.costly?.() !== false) return false;
      return new Promise<boolean>((resolve) => {
        queue.push({ task, resolve, attained: took });
        schedule();
      });
    },
  };
}
