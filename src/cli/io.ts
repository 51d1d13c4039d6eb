/** What the CLI writes to and reads from; injectable so tests run commands in-process. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Reads all of standard input as the pieces it arrived in, stopping with an error past `maxBytes`. */
  readStdin: (maxBytes: number) => Promise<Buffer[]>;
  stdinIsTTY: boolean;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  cwd: string;
  env: Record<string, string | undefined>;
  /** Set when stdout is the process's own: long-running commands may then write it through a buffered stream. */
  stdoutFd?: number;
}

export function processIo(): CliIo {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    readStdin: (maxBytes) => readStream(process.stdin, maxBytes),
    stdinIsTTY: process.stdin.isTTY === true,
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    cwd: process.cwd(),
    env: process.env,
    stdoutFd: 1,
  };
}

export class InputTooLargeError extends Error {}
/** Standard input has a NUL byte: binary, not manifests (`kubeward lint - < /dev/zero` stops at the first chunk). */
export class BinaryInputError extends Error {}

/**
 * A stream's bytes as the pieces it delivered (not joined: joining would hold the input twice, and a piece that owns
 * its memory can be moved to a worker thread).
 */
export async function readStream(stream: NodeJS.ReadableStream, maxBytes: number): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buf.length;
    if (size > maxBytes) throw new InputTooLargeError(`standard input is larger than ${maxBytes} bytes`);
    if (buf.indexOf(0) >= 0) throw new BinaryInputError('standard input contains NUL bytes');
    chunks.push(buf);
  }
  return chunks;
}

/** Colour: --color/--no-color win, then NO_COLOR / FORCE_COLOR, then whether the stream is a terminal. */
export function useColor(flag: boolean | undefined, isTTY: boolean, env: Record<string, string | undefined>): boolean {
  if (flag !== undefined) return flag;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0';
  return isTTY;
}
