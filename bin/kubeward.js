#!/usr/bin/env node
// V8's on-disk compile cache (Node 22.1+): later runs skip compiling the CLI's bundle (dist/bundle/, built by
// scripts/bundle.mjs), which is most of the start-up time of a `kubeward lint` on a small file.
// NODE_DISABLE_COMPILE_CACHE=1 turns it off.
import module from 'node:module';

module.enableCompileCache?.();
const { main } = await import('../dist/bundle/main.js');

main(process.argv).then((code) => {
  process.exitCode = code;
});
