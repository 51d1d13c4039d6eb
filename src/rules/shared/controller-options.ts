/** The `controllers` option every rule that detects ingress and gateway controllers takes, and how they name one. */
import type { ControllerOptions } from '../../ingress/controller-evidence.js';
import type { ControllerDetection } from '../../ingress/controllers.js';

/** JSON Schema of the `controllers` option, shared by every rule that detects controllers. */
export const CONTROLLERS_OPTION_SCHEMA = {
  type: 'object',
  description:
    'Extra ingress/gateway controller detection: `images` (globs over the image reference) and `labels` (key to value glob, any one matching).',
  additionalProperties: false,
  properties: {
    images: { type: 'array', items: { type: 'string', minLength: 1 } },
    labels: { type: 'object', additionalProperties: { type: 'string' } },
  },
} as const;

/** Options of every rule that detects controllers. */
export interface ControllerRuleOptions {
  controllers: ControllerOptions;
}

/** The options schema and defaults of a rule whose only option is `controllers`. */
export const CONTROLLER_RULE_OPTIONS: { schema: Record<string, unknown>; defaults: ControllerRuleOptions } = {
  schema: { type: 'object', additionalProperties: false, properties: { controllers: CONTROLLERS_OPTION_SCHEMA } },
  defaults: { controllers: {} },
};

/** The workload kinds the controller rules check (Pods and ReplicaSets are owned by these in practice). */
export const CONTROLLER_WORKLOAD_KINDS: readonly string[] = ['Deployment', 'StatefulSet', 'DaemonSet'];

/** `the ingress-nginx controller (image registry.k8s.io/ingress-nginx/controller:v1.15.1)`, for messages. */
export function describeDetection(d: ControllerDetection): string {
  const first = d.evidence[0];
  return first === undefined ? `the ${d.controller.name}` : `the ${d.controller.name} (${first.detail})`;
}
