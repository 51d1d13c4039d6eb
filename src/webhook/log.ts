/**
 * Where the webhook's log lines go. One line per admission decision makes the log the busiest output of the
 * process: a write syscall per line cost a third of the per-request time in the benchmark. Lines are buffered up to
 * `minLength` bytes and written together, and a timer flushes what is buffered at least every `flushMs`, so a quiet
 * webhook's lines still appear within a second. `close()` writes what is left, synchronously (on shutdown).
 */
import { type DestinationStream, type Logger, pino } from 'pino';

/**
 * pino's `time` field as an ISO 8601 UTC string, like `pino.stdTimeFunctions.isoTime`, with the part up to the
 * second formatted once per second: `Date#toISOString` was the costliest step of a decision line in the server
 * (about 5 µs of a request's CPU profile).
 */
export function isoTimeField(clock: () => number = Date.now): () => string {
  let second = Number.NaN;
  let head = '';
  return () => {
    const now = clock();
    const ms = ((now % 1000) + 1000) % 1000;
    const s = now - ms;
    if (s !== second) {
      second = s;
      head = `,"time":"${new Date(s).toISOString().slice(0, 20)}`;
    }
    return `${head}${ms < 10 ? '00' : ms < 100 ? '0' : ''}${ms}Z"`;
  };
}

/** The webhook's logger: JSON lines with an ISO time, the level by name, and the service name. */
export function webhookLogger(stream: DestinationStream, level: string): Logger {
  return pino(
    {
      level,
      base: { service: 'kubeward-webhook' },
      timestamp: isoTimeField(),
      formatters: { level: (label) => ({ level: label }) },
    },
    stream,
  );
}

export interface LogDestination {
  readonly stream: ReturnType<typeof pino.destination>;
  /** Starts writing what is buffered (asynchronously). */
  flush(): void;
  /** Stops the flush timer and writes what is buffered, synchronously. */
  close(): void;
}

export interface LogDestinationOptions {
  /** Bytes buffered before a write. Default 4096. */
  minLength?: number;
  /** Longest time a line stays in the buffer, in milliseconds. Default 1000. */
  flushMs?: number;
}

export function bufferedLogDestination(fd: number | string, options: LogDestinationOptions = {}): LogDestination {
  const stream = pino.destination({ dest: fd, sync: false, minLength: options.minLength ?? 4096 });
  const flush = (): void => {
    // Nothing to do while a write is in flight: what follows it goes out with the next write or tick.
    try {
      stream.flush();
    } catch {
      // Only when the stream is destroyed (stdout closed); nothing is left to write to.
    }
  };
  const timer = setInterval(flush, options.flushMs ?? 1000);
  timer.unref();
  return {
    stream,
    flush,
    close() {
      clearInterval(timer);
      try {
        stream.flushSync();
      } catch {
        // Not opened yet or already destroyed: nothing buffered can be written.
      }
    },
  };
}
