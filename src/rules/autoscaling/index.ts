/** The autoscaling family: HPA and VPA, alone and together. Sorted by id. */
import type { AnyRule } from '../../engine/rule.js';
import { autoscalingDuplicateTarget } from './autoscaling-duplicate-target.js';
import { autoscalingMissingTargetRef } from './autoscaling-missing-target-ref.js';
import { autoscalingTargetNotFound } from './autoscaling-target-not-found.js';
import { hpaFixedReplicas } from './hpa-fixed-replicas.js';
import { hpaManagedReplicas } from './hpa-managed-replicas.js';
import { hpaMinReplicasBlocksDrain } from './hpa-min-replicas-blocks-drain.js';
import { hpaReplicaBounds } from './hpa-replica-bounds.js';
import { hpaTargetNotScalable } from './hpa-target-not-scalable.js';
import { hpaUtilizationMissingRequests } from './hpa-utilization-missing-requests.js';
import { hpaVpaOverlap } from './hpa-vpa-overlap.js';
import { vpaDeprecatedUpdateMode } from './vpa-deprecated-update-mode.js';
import { vpaUnservedApiVersion } from './vpa-unserved-api-version.js';

export const autoscalingRules: readonly AnyRule[] = [
  autoscalingDuplicateTarget,
  autoscalingMissingTargetRef,
  autoscalingTargetNotFound,
  hpaFixedReplicas,
  hpaManagedReplicas,
  hpaMinReplicasBlocksDrain,
  hpaReplicaBounds,
  hpaTargetNotScalable,
  hpaUtilizationMissingRequests,
  hpaVpaOverlap,
  vpaDeprecatedUpdateMode,
  vpaUnservedApiVersion,
];
