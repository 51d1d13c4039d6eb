/** The availability family: ingress/gateway controllers and PodDisruptionBudgets. Sorted by id. */
import type { AnyRule } from '../../engine/rule.js';
import { controllerMissingPdb } from './controller-missing-pdb.js';
import { controllerMissingReadinessProbe } from './controller-missing-readiness-probe.js';
import { controllerReadinessProbeSignalsStart } from './controller-readiness-probe-signals-start.js';
import { controllerResources } from './controller-resources.js';
import { controllerSingleReplica } from './controller-single-replica.js';
import { controllerUnsafeRollout } from './controller-unsafe-rollout.js';
import { pdbHpaMinReplicas } from './pdb-hpa-min-replicas.js';
import { pdbIneffectiveBudget } from './pdb-ineffective-budget.js';
import { pdbInvalidBudget } from './pdb-invalid-budget.js';
import { pdbOverlappingSelectors } from './pdb-overlapping-selectors.js';
import { pdbSelectsNothing } from './pdb-selects-nothing.js';
import { pdbUnhealthyPodEvictionPolicy } from './pdb-unhealthy-pod-eviction-policy.js';

export const availabilityRules: readonly AnyRule[] = [
  controllerMissingPdb,
  controllerMissingReadinessProbe,
  controllerReadinessProbeSignalsStart,
  controllerResources,
  controllerSingleReplica,
  controllerUnsafeRollout,
  pdbHpaMinReplicas,
  pdbIneffectiveBudget,
  pdbInvalidBudget,
  pdbOverlappingSelectors,
  pdbSelectsNothing,
  pdbUnhealthyPodEvictionPolicy,
];
