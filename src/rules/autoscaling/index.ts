/** The autoscaling family: HPA and VPA, alone and together. Sorted by id. */
import type { AnyRule } from '../../engine/rule.js';
import { autoscalingDuplicateTarget } from './autoscaling-duplicate-target.js';
import { autoscalingTargetNotFound } from './autoscaling-target-not-found.js';
import { hpaManagedReplicas } from './hpa-managed-replicas.js';
import { hpaMinReplicasBlocksDrain } from './hpa-min-replicas-blocks-drain.js';
import { hpaReplicaBounds } from './hpa-replica-bounds.js';
import { hpaTargetNotScalable } from './hpa-target-not-scalable.js';
import { hpaUtilizationMissingRequests } from './hpa-utilization-missing-requests.js';
import { hpaVpaOverlap } from './hpa-vpa-overlap.js';
import { vpaDeprecatedUpdateMode } from './vpa-deprecated-update-mode.js';

export const autoscalingRules: readonly AnyRule[] = [
  autoscalingDuplicateTarget,
  autoscalingTargetNotFound,
  hpaManagedReplicas,
  hpaMinReplicasBlocksDrain,
  hpaReplicaBounds,
  hpaTargetNotScalable,
  hpaUtilizationMissingRequests,
  hpaVpaOverlap,
  vpaDeprecatedUpdateMode,
];
