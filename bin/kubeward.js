#!/usr/bin/env node
import module from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  // `kubeward --version` as commander (in main.js) answers it, without loading the CLI: most of that start-up.
  const { VERSION } = await import('../dist/bundle/version.js');
  process.stdout.write(`${VERSION}\n`);
} else {
  // V8's on-disk compile cache (Node 22.1+): later runs skip compiling the CLI's bundle (dist/bundle/, built by
  // scripts/bundle.mjs). NODE_DISABLE_COMPILE_CACHE=1 turns it off; where the cache directory cannot be written (a
  // read-only file system, no temporary directory) node goes on without it. Under /proc node's directory creation
  // never returns (checked on 24.21: a TMPDIR there hangs the process), so a cache there is not asked for.
  const cacheDir = process.env.NODE_COMPILE_CACHE || join(tmpdir(), 'node-compile-cache');
  if (!resolve(cacheDir).startsWith('/proc/')) module.enableCompileCache?.();
  const { main } = await import('../dist/bundle/main.js');
  main(process.argv).then((code) => {
    process.exitCode = code;
  });
}
