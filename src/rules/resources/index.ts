/** The resources family: requests, limits and the pod QoS class. Sorted by id. */
import type { AnyRule } from '../../engine/rule.js';
import { resourcesCpuLimitPolicy } from './resources-cpu-limit-policy.js';
import { resourcesInvalidQuantity } from './resources-invalid-quantity.js';
import { resourcesMissingMemoryLimit } from './resources-missing-memory-limit.js';
import { resourcesMissingRequests } from './resources-missing-requests.js';
import { resourcesQosClass } from './resources-qos-class.js';
import { resourcesRequestExceedsLimit } from './resources-request-exceeds-limit.js';

export const resourcesRules: readonly AnyRule[] = [
  resourcesCpuLimitPolicy,
  resourcesInvalidQuantity,
  resourcesMissingMemoryLimit,
  resourcesMissingRequests,
  resourcesQosClass,
  resourcesRequestExceedsLimit,
];
