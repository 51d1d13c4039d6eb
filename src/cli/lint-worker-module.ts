/**
 * The lint worker's module: lint-worker-main.js beside this module in tsc's output (dist/cli/). The bundler
 * (scripts/bundle.mjs) replaces this module with one naming its own worker bundle. Undefined when this runs from the
 * TypeScript source (the tests): a worker cannot load a .ts module, so the lint stays on the thread it started on.
 */
export function lintWorkerModule(): URL | undefined {
  return import.meta.url.endsWith('.js') ? new URL('./lint-worker-main.js', import.meta.url) : undefined;
}
