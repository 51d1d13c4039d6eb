/**
 * The ingress-nginx resolution a rule asks for, with the config's `ingressNginx` settings: one place that turns a
 * rule's context into the resolver's arguments, so no rule re-implements which prefix an Ingress's keys are under.
 */
import type { RuleContext } from '../../engine/rule.js';
import {
  type IngressControllerResolution,
  ingressControllerOf,
  ingressNginxServing,
} from '../../ingress/ingress-class.js';
import type { K8sObject } from '../../k8s/object.js';

type Scope = Pick<RuleContext<unknown>, 'index' | 'ingressNginx'>;

/** The resolution when ingress-nginx serves the Ingress, else undefined. */
export function nginxServing(ingress: K8sObject, ctx: Scope): IngressControllerResolution | undefined {
  return ingressNginxServing(ingress, ctx.index, ctx.ingressNginx?.annotationsPrefix);
}

/** The prefix (ending with `/`) of the ingress-nginx keys of any Ingress, whichever controller serves it. */
export function nginxPrefix(ingress: K8sObject, ctx: Scope): string {
  return ingressControllerOf(ingress, ctx.index, ctx.ingressNginx?.annotationsPrefix).annotationsPrefix;
}

/** Why the Ingress's ingress-nginx keys are read under its prefix, as a clause for messages. */
export function prefixReason(r: IngressControllerResolution): string {
  if (r.prefixSource === 'controller' && r.prefixEvidence !== undefined) return r.prefixEvidence;
  if (r.prefixSource === 'config') return 'ingressNginx.annotationsPrefix in the config';
  return 'the default prefix';
}
