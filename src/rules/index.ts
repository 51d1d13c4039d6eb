/** Every rule, sorted by id. Explicit imports (no file-system scanning), so the registry is greppable and typed. */

import type { AnyRule } from '../engine/rule.js';
import { apiVersionsRules } from './api-versions/index.js';
import { autoscalingRules } from './autoscaling/index.js';
import { availabilityRules } from './availability/index.js';
import { ingressAnnotationsRules } from './ingress-annotations/index.js';
import { ingressNginxRules } from './ingress-nginx/index.js';
import { resourcesRules } from './resources/index.js';

export const allRules: readonly AnyRule[] = [
  ...resourcesRules,
  ...ingressAnnotationsRules,
  ...ingressNginxRules,
  ...autoscalingRules,
  ...availabilityRules,
  ...apiVersionsRules,
].sort((a, b) => (a.meta.id < b.meta.id ? -1 : 1));

export function findRule(id: string): AnyRule | undefined {
  return allRules.find((r) => r.meta.id === id);
}
