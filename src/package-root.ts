/**
 * The directory kubeward is installed in (where package.json and schema/ are), as a URL ending in `/`.
 *
 * From the compiled modules (dist/<file>.js) that is one level up. The bundled CLI (dist/bundle/, see
 * scripts/bundle.mjs) sits one level deeper, and the bundler replaces this module's `PACKAGE_ROOT` with its own.
 */
export const PACKAGE_ROOT: URL = new URL('../', import.meta.url);
