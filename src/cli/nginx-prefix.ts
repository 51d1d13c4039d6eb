/**
 * The ingress-nginx annotation prefix of `.kubeward.yaml` (or `-c FILE`), for the commands that translate Ingresses
 * (`migrate`, `migration-report`): what an install the inputs do not show uses; a loaded controller's flag wins.
 */
import { resolve } from 'node:path';
import { loadConfig } from '../engine/config.js';
import { allRules } from '../rules/index.js';
import type { CliIo } from './io.js';

export async function configAnnotationsPrefix(opts: Record<string, unknown>, io: CliIo): Promise<string | undefined> {
  const config = await loadConfig({
    cwd: io.cwd,
    ...(typeof opts.config === 'string' ? { explicitPath: resolve(io.cwd, opts.config) } : {}),
    rules: allRules,
  });
  return config.ingressNginx?.annotationsPrefix;
}
