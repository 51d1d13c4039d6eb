#!/usr/bin/env node
import { realpathSync } from 'node:fs';
import module from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, resolve } from 'node:path';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  // `kubeward --version` as commander (in main.js) answers it, without loading the CLI: most of that start-up.
  const { VERSION } = await import('../dist/bundle/version.js');
  process.stdout.write(`${VERSION}\n`);
} else {
  // V8's on-disk compile cache (Node 22.1+): later runs skip compiling the CLI's bundle (dist/bundle/, built by
  // scripts/bundle.mjs). NODE_DISABLE_COMPILE_CACHE=1 turns it off; where the cache directory cannot be written (a
  // read-only file system, no temporary directory) node goes on without it. Under /proc node's directory creation
  // never returns (checked on 24.21: a TMPDIR there, or a link to there, hangs the process), so a cache there is not
  // asked for. (A NODE_COMPILE_CACHE there hangs node itself, before this file runs.)
  if (!`${realDirectory(tmpdir())}/`.startsWith('/proc/')) module.enableCompileCache?.();
  const { main } = await import('../dist/bundle/main.js');
  main(process.argv).then((code) => {
    process.exitCode = code;
  });
}

/** Where a directory is, links followed: its nearest existing ancestor's real path, and the rest of it. */
function realDirectory(dir) {
  let head = resolve(dir);
  let tail = '';
  for (;;) {
    try {
      return realpathSync(head) + tail;
    } catch {
      const parent = dirname(head);
      if (parent === head) return resolve(dir);
      tail = `/${basename(head)}${tail}`;
      head = parent;
    }
  }
}
