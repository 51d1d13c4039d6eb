/**
 * `kubeward lint` of a large input on a worker thread with a small young generation.
 *
 * On a large input most of what the loader allocates survives (the objects and their positions), and V8 then grows
 * the young generation to its largest size (two 64 MiB semi-spaces), which is a third of the peak memory of a 40 MB
 * lint. The size is a V8 flag read at start-up, which a running process cannot change; a worker thread takes it as a
 * resource limit. Measured on a 40 MB file: peak RSS 385 MB in-process, about 300 MB on the worker, the same time.
 * The worker starts in tens of milliseconds, so only inputs past `WORKER_THRESHOLD_BYTES` use it.
 *
 * The worker runs the same `runLint` with an io that posts what it writes to the main thread, and standard input
 * already read there (a worker has none of its own). node:worker_threads is loaded only here, when a worker starts:
 * loading it costs every small `kubeward lint` about 3 ms of CPU.
 */
import { type ErrorWhere, KubewardError, type KubewardErrorCode } from '../engine/errors.js';
import type { CliIo } from './io.js';

/** Inputs of this many bytes or more (regular files and standard input) are linted on a worker. */
export const WORKER_THRESHOLD_BYTES = 32 * 1024 * 1024;
/** The worker's young generation (MiB): measured 16 to 48 give the same time and peak. */
const YOUNG_GENERATION_MB = 32;

export interface WorkerInput {
  paths: string[];
  opts: Record<string, unknown>;
  io: Omit<CliIo, 'stdout' | 'stderr' | 'readStdin' | 'stdoutFd'>;
  /** Standard input's pieces, moved (not copied) to the worker. */
  stdin: Uint8Array[] | undefined;
}

export type WorkerMessage =
  | { type: 'stdout' | 'stderr'; text: string }
  | { type: 'done'; code: number }
  | { type: 'error'; code: KubewardErrorCode; message: string; where?: ErrorWhere; hint?: string }
  | { type: 'crash'; message: string; stack?: string };

/** Runs `kubeward lint` on a worker; resolves to its exit code, rejects with what it threw. */
export function lintOnWorker(
  workerModule: URL,
  paths: readonly string[],
  opts: Record<string, unknown>,
  io: CliIo,
  stdin: readonly Buffer[] | undefined,
): Promise<number> {
  const { stdout, stderr, readStdin: _read, stdoutFd: _fd, ...plain } = io;
  // A piece that is the whole of its buffer is moved as it is (a pipe's pieces are); any other is copied first, so
  // that moving a buffer never takes memory that something else uses.
  const moved = stdin?.map((p) =>
    p.byteOffset === 0 && p.buffer.byteLength === p.length ? new Uint8Array(p.buffer) : new Uint8Array(p),
  );
  const input: WorkerInput = { paths: [...paths], opts: { ...opts }, io: plain, stdin: moved };
  const oldSpace = oldSpaceMb();
  const { Worker } = process.getBuiltinModule('node:worker_threads');
  const worker = new Worker(workerModule, {
    workerData: input,
    transferList: (moved ?? []).map((p) => p.buffer as ArrayBuffer),
    // The user's --max-old-space-size (a flag or NODE_OPTIONS) holds on the worker too; without one, V8 sizes the
    // worker's heap as it sizes the main thread's.
    resourceLimits: {
      maxYoungGenerationSizeMb: YOUNG_GENERATION_MB,
      ...(oldSpace !== undefined ? { maxOldGenerationSizeMb: oldSpace } : {}),
    },
    // No node flags: a worker refuses the per-process ones (--max-old-space-size, --input-type); the heap limit is
    // passed on above.
    execArgv: [],
    stdout: false,
    stderr: false,
  });
  return new Promise<number>((resolve, reject) => {
    let settled = false;
    worker.on('message', (m: WorkerMessage) => {
      switch (m.type) {
        case 'stdout':
          stdout(m.text);
          return;
        case 'stderr':
          stderr(m.text);
          return;
        case 'done':
          settled = true;
          resolve(m.code);
          return;
        case 'error':
          settled = true;
          reject(
            new KubewardError(m.code, m.message, {
              ...(m.where !== undefined ? { where: m.where } : {}),
              ...(m.hint !== undefined ? { hint: m.hint } : {}),
            }),
          );
          return;
        case 'crash':
          settled = true;
          reject(Object.assign(new Error(m.message), m.stack !== undefined ? { stack: m.stack } : {}));
      }
    });
    worker.on('error', (err) => {
      if (!settled) reject(outOfMemory(err) ?? err);
      settled = true;
    });
    worker.on('exit', (exitCode) => {
      if (!settled) reject(new Error(`the lint worker stopped (exit code ${exitCode}) before it finished`));
    });
  });
}

/** The `--max-old-space-size` node runs with (the last one given; flags after NODE_OPTIONS), in MiB. */
function oldSpaceMb(): number | undefined {
  let mb: number | undefined;
  for (const flag of [...(process.env.NODE_OPTIONS ?? '').split(/\s+/), ...process.execArgv]) {
    const m = /^--max[-_]old[-_]space[-_]size=(\d+)$/.exec(flag);
    if (m) mb = Number(m[1]);
  }
  return mb;
}

/** The worker ran out of heap: a clear input error (what to raise, or to split), not a crash. */
function outOfMemory(err: Error): KubewardError | undefined {
  if ((err as { code?: unknown }).code !== 'ERR_WORKER_OUT_OF_MEMORY') return undefined;
  const heapLimit = process.getBuiltinModule('node:v8').getHeapStatistics().heap_size_limit;
  const mib = oldSpaceMb() ?? Math.floor(heapLimit / 2 ** 20);
  return new KubewardError(
    'INPUT_UNREADABLE',
    `the input needs more memory than the ${mib} MiB heap node allows here.`,
    {
      hint: 'raise it (NODE_OPTIONS=--max-old-space-size=4096 kubeward lint …), or lint the input in parts',
    },
  );
}
