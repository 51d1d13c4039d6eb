/**
 * kubeward's version, in one place: package.json (the Helm chart's `version` and `appVersion` are checked against it
 * by a test). Read once at start-up, so `import 'kubeward'` loads nothing of the CLI to know it.
 */
import { readFileSync } from 'node:fs';
import { PACKAGE_ROOT } from './package-root.js';

export const VERSION: string = (
  JSON.parse(readFileSync(new URL('package.json', PACKAGE_ROOT), 'utf8')) as { version: string }
).version;
