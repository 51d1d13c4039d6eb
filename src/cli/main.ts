/** The `kubeward` binary. */
import { descriptorOutput, exitCodeAfterOutput, processIo } from './io.js';
import { run } from './program.js';

/**
 * Runs the CLI on the process's own streams and returns the exit code once they have taken the output. A reader
 * that goes away (`kubeward lint … | head -1`) ends the output quietly with the run's own exit code; stdout
 * failing otherwise (`> /dev/full`) is said on stderr and is exit 2.
 */
export async function main(argv: readonly string[]): Promise<number> {
  const stdout = descriptorOutput(1, () => process.stdout);
  const stderr = descriptorOutput(2, () => process.stderr);
  const code = await run(argv, processIo({ stdout: stdout.write, stderr: stderr.write }));
  await Promise.all([stdout.settled(), stderr.settled()]);
  if (stdout.state.failure !== undefined) {
    stderr.write(`kubeward: cannot write to standard output: ${stdout.state.failure}.\n`);
    await stderr.settled();
  }
  return exitCodeAfterOutput(code, stdout.state);
}
