/** The RBAC the README grants `kubeward migration-report --cluster`, as objects (its section's YAML blocks). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';
import { ROOT } from './cli.js';

export interface RbacObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  rules: unknown[];
}

export function readmeReportRbac(): RbacObject[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('## The ingress-nginx exit audit: `kubeward migration-report`');
  if (start < 0) throw new Error('README has no migration-report section');
  const end = readme.indexOf('\n## ', start + 3);
  const section = readme.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/```yaml\n([\s\S]*?)```/g)].flatMap((m) => loadAll(m[1] ?? '')) as RbacObject[];
}
