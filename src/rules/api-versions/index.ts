/** The api-versions family: objects written in API versions Kubernetes deprecated or stopped serving. Sorted by id. */
import type { AnyRule } from '../../engine/rule.js';
import { apiVersionRemoved } from './api-version-removed.js';

export const apiVersionsRules: readonly AnyRule[] = [apiVersionRemoved];
