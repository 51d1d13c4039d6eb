/** How the autoscaling rules phrase metrics, update modes and what a VPA controls. */
import { DEFAULT_CPU_UTILIZATION, type HpaMetric } from '../../k8s/hpa.js';
import type { VpaControl, VpaUpdateMode } from '../../k8s/vpa.js';

/** `cpu utilization`, `memory average value of container app`, `cpu utilization (the default 80% …)`. */
export function describeMetric(metric: HpaMetric): string {
  const what =
    metric.target === 'Utilization' ? 'utilization' : metric.target === 'AverageValue' ? 'average value' : '';
  const base = [metric.resource ?? metric.source, what].filter((s) => s !== '').join(' ');
  if (metric.implicit) return `${base} (the default ${DEFAULT_CPU_UTILIZATION}% target, since it names no metric)`;
  return metric.container !== undefined ? `${base} of container ${metric.container}` : base;
}

/** `updateMode Recreate`, or `updateMode unset, so Recreate`. */
export function describeUpdateMode(mode: VpaUpdateMode): string {
  return mode.explicit ? `updateMode ${mode.mode}` : `updateMode unset, so ${mode.mode}`;
}

/** `containers app and proxy`, `container app`, `its containers` (unknown workload). */
export function describeControl(control: VpaControl): string {
  const { containers, otherContainers } = control;
  if (containers.length === 0) return 'its containers';
  const named = containers.length === 1 ? `container ${containers[0]}` : `containers ${containers.join(', ')}`;
  return otherContainers ? `${named} and any other container` : named;
}
