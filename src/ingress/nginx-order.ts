/**
 * The order ingress-nginx reads the Ingresses of a class in (store `sortIngressSlice`): the oldest
 * `creationTimestamp` first, ties by reverse lexical `namespace/name`. Where two Ingresses claim the same thing
 * (host, path and pathType; the upstream of a canary), the first in this order wins.
 */
import type { K8sObject } from '../k8s/object.js';

export interface OrderedIngress {
  readonly ingress: K8sObject;
  readonly namespace: string;
  readonly name: string;
}

function created(ingress: K8sObject): number {
  const t = ingress.metadata?.creationTimestamp;
  const ms = typeof t === 'string' ? Date.parse(t) : Number.NaN;
  // Files carry no timestamp: they all tie.
  return Number.isNaN(ms) ? 0 : ms;
}

/** Compares two Ingresses in ingress-nginx's order. */
export function nginxOrder(a: OrderedIngress, b: OrderedIngress): number {
  const byTime = created(a.ingress) - created(b.ingress);
  if (byTime !== 0) return byTime;
  const ka = `${a.namespace}/${a.name}`;
  const kb = `${b.namespace}/${b.name}`;
  return ka < kb ? 1 : ka > kb ? -1 : 0;
}
