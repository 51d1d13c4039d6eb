/** The `kubeward` binary. */
import { processIo } from './io.js';
import { run } from './program.js';

export function main(argv: readonly string[]): Promise<number> {
  return run(argv, processIo());
}
