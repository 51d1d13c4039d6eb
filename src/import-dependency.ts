/**
 * `import()` of a dependency left in node_modules (ajv, @kubernetes/client-node). From the compiled modules (dist/) it
 * is the plain `import()`. The bundled CLI runs as a vm.Script (bin/kubeward.cjs), where an `import()` needs node's
 * experimental loader for vm scripts, which prints a warning: there the bin passes its own `import()` in, and the
 * bundler replaces this module with one that uses it (scripts/bundle.mjs).
 */
export function importDependency<T>(specifier: string): Promise<T> {
  return import(specifier) as Promise<T>;
}
