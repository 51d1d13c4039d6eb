/** A bug in kubeward itself: exit code 2 and what happened, with the stack trace only when KUBEWARD_DEBUG asks. */
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { run } from '../../src/cli/program.js';
import { hasStackTrace } from '../helpers/cli.js';

function brokenIo(env: Record<string, string | undefined>): { io: CliIo; err: () => string } {
  let err = '';
  const io: CliIo = {
    // A bug stand-in: writing the report throws a plain Error, which no command turns into a KubewardError.
    stdout: () => {
      throw new Error('writer exploded');
    },
    stderr: (t) => {
      err += t;
    },
    readStdin: async () => [],
    stdinIsTTY: true,
    stdoutIsTTY: false,
    stderrIsTTY: false,
    cwd: process.cwd(),
    env,
  };
  return { io, err: () => err };
}

describe('an internal error', () => {
  it('exits 2 with what happened and how to get the stack, without the stack', async () => {
    const { io, err } = brokenIo({});
    expect(await run(['node', 'kubeward', 'rules'], io)).toBe(2);
    expect(err()).toContain('kubeward: internal error: writer exploded');
    expect(err()).toContain('KUBEWARD_DEBUG=1');
    expect(hasStackTrace(err())).toBe(false);
  });

  it('prints the stack trace when KUBEWARD_DEBUG is set', async () => {
    const { io, err } = brokenIo({ KUBEWARD_DEBUG: '1' });
    expect(await run(['node', 'kubeward', 'rules'], io)).toBe(2);
    expect(hasStackTrace(err())).toBe(true);
  });
});
