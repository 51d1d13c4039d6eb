/** An HPA and a VPA on the same workload: the resources both of them change. */
import { nameSetOf, regularContainerNames, type ScaledResource } from './autoscalers.js';
import { type HpaMetric, hpaMetrics, isScaledResourceMetric } from './hpa.js';
import type { K8sObject } from './object.js';
import { controlsAny, type VpaControl, vpaControl, vpaPolicyOf, vpaUpdateMode } from './vpa.js';

export interface Overlap {
  metric: HpaMetric & { resource: ScaledResource };
  resource: ScaledResource;
  control: VpaControl;
}

/**
 * The HPA metrics that fight the VPA: each cpu/memory Resource or ContainerResource metric on a resource the VPA
 * changes in running pods (of the named container, for ContainerResource). Empty when the VPA does not act on
 * running pods. `workload` is the common target, when loaded: its regular containers make the answer exact.
 */
export function hpaVpaOverlaps(hpa: K8sObject, vpa: K8sObject, workload: K8sObject | undefined): Overlap[] {
  if (!vpaUpdateMode(vpa).acting) return [];
  const names = regularContainerNames(workload);
  const nameSet = names === undefined ? undefined : nameSetOf(names);
  // A Resource metric's answer depends only on its resource: two at most, however many metrics name them.
  const byResource = new Map<ScaledResource, VpaControl>();
  const out: Overlap[] = [];
  for (const metric of hpaMetrics(hpa)) {
    if (!isScaledResourceMetric(metric)) continue;
    const resource = metric.resource;
    let control: VpaControl;
    if (metric.source === 'ContainerResource') {
      const container = metric.container;
      if (container === undefined || (nameSet !== undefined && !nameSet.has(container))) continue;
      const policy = vpaPolicyOf(vpa, container);
      control = { containers: policy.controlled.has(resource) ? [container] : [], otherContainers: false };
    } else {
      control = byResource.get(resource) ?? vpaControl(vpa, resource, names);
      byResource.set(resource, control);
    }
    if (controlsAny(control)) out.push({ metric, resource, control });
  }
  return out;
}
