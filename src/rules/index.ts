/** Every rule, sorted by id. Explicit imports (no file-system scanning), so the registry is greppable and typed. */
import type { AnyRule } from './define-rule.js';
import { resourcesRules } from './resources/index.js';

export const allRules: readonly AnyRule[] = [...resourcesRules].sort((a, b) => (a.meta.id < b.meta.id ? -1 : 1));

export function findRule(id: string): AnyRule | undefined {
  return allRules.find((r) => r.meta.id === id);
}
