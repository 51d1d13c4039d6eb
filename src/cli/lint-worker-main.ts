/**
 * The lint worker's own module (lint-worker.ts starts it): runs `runLint` with an io that posts what it writes to the
 * main thread, and the standard input the main thread read and moved here.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { KubewardError } from '../engine/errors.js';
import type { CliIo } from './io.js';
import type { WorkerInput, WorkerMessage } from './lint-worker.js';

async function workerMain(port: NonNullable<typeof parentPort>, input: WorkerInput): Promise<void> {
  const post = (m: WorkerMessage) => port.postMessage(m);
  const io: CliIo = {
    ...input.io,
    stdout: (text) => post({ type: 'stdout', text }),
    stderr: (text) => post({ type: 'stderr', text }),
    readStdin: async () => {
      // Taken out of workerData, so that each piece is let go once the loader has taken it.
      const pieces = input.stdin ?? [];
      input.stdin = undefined;
      return pieces.map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength));
    },
  };
  try {
    const { runLint } = await import('./commands/lint.js');
    post({ type: 'done', code: await runLint(input.paths, input.opts, io, 'worker') });
  } catch (err) {
    if (err instanceof KubewardError) {
      post({
        type: 'error',
        code: err.code,
        message: err.message,
        ...(err.where !== undefined ? { where: err.where } : {}),
        ...(err.hint !== undefined ? { hint: err.hint } : {}),
      });
    } else {
      const e = err instanceof Error ? err : new Error(String(err));
      post({ type: 'crash', message: e.message, ...(e.stack !== undefined ? { stack: e.stack } : {}) });
    }
  }
}

if (!isMainThread && parentPort !== null && (workerData as { paths?: unknown } | null)?.paths !== undefined) {
  void workerMain(parentPort, workerData as WorkerInput);
}
