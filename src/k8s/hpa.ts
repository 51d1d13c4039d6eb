/**
 * HorizontalPodAutoscaler semantics (autoscaling/v1, v2beta1, v2beta2, v2):
 * - v1 knows only `targetCPUUtilizationPercentage`; absent, the controller uses 80% cpu utilization;
 * - v2beta1 writes targets as `targetAverageUtilization` / `targetAverageValue` next to the resource name,
 *   v2beta2 and v2 as `target: {type, averageUtilization | averageValue | value}`;
 * - an empty or absent `metrics` list is defaulted to one Resource metric: cpu at 80% Utilization;
 * - `minReplicas` defaults to 1; `maxReplicas` is required.
 */
import { isScaledResource, type ScaledResource } from './autoscalers.js';
import { asArray, asObject, asString, type JsonObject, type JsonPath, type K8sObject, perObject } from './object.js';

export type MetricTargetType = 'Utilization' | 'AverageValue' | 'Value';

export interface HpaMetric {
  /** `Resource`, `ContainerResource`, `Pods`, `Object`, `External` (as written, or inferred from the fields). */
  source: string;
  /** The resource of a Resource or ContainerResource metric. */
  resource?: string;
  /** The container of a ContainerResource metric. */
  container?: string;
  target?: MetricTargetType;
  /** The 80% cpu utilization the HPA uses when it names no metric. */
  implicit: boolean;
  /** Path of the metric (the list item, the v1 field, or `spec.metrics` for the implicit one). */
  path: JsonPath;
  /** Path of the target value (averageUtilization, targetAverageUtilization, …); equals `path` when implicit. */
  targetPath: JsonPath;
}

/** The default target when an HPA names no metric. */
export const DEFAULT_CPU_UTILIZATION = 80;

const METRIC_FIELDS: Readonly<Record<string, string>> = {
  Resource: 'resource',
  ContainerResource: 'containerResource',
  Pods: 'pods',
  Object: 'object',
  External: 'external',
};

/** The metrics an HPA scales on, across API versions, with the implicit cpu metric when none is given. */
export const hpaMetrics: (hpa: K8sObject) => readonly HpaMetric[] = perObject(readHpaMetrics);

function readHpaMetrics(hpa: K8sObject): HpaMetric[] {
  const spec = asObject(hpa.spec) ?? {};
  if (hpa.apiVersion === 'autoscaling/v1') {
    const path: JsonPath = ['spec', 'targetCPUUtilizationPercentage'];
    const explicit = spec.targetCPUUtilizationPercentage !== undefined && spec.targetCPUUtilizationPercentage !== null;
    return [
      { source: 'Resource', resource: 'cpu', target: 'Utilization', implicit: !explicit, path, targetPath: path },
    ];
  }
  const list = asArray(spec.metrics);
  if (list.length === 0) {
    const path: JsonPath = ['spec', 'metrics'];
    return [{ source: 'Resource', resource: 'cpu', target: 'Utilization', implicit: true, path, targetPath: path }];
  }
  const out: HpaMetric[] = [];
  list.forEach((item, i) => {
    const m = asObject(item);
    if (m !== undefined) out.push(parseMetric(m, ['spec', 'metrics', i]));
  });
  return out;
}

function parseMetric(m: JsonObject, path: JsonPath): HpaMetric {
  const source = asString(m.type) ?? Object.keys(METRIC_FIELDS).find((t) => m[METRIC_FIELDS[t] as string]) ?? '';
  const field = METRIC_FIELDS[source];
  const body = field === undefined ? undefined : asObject(m[field]);
  if (body === undefined || (source !== 'Resource' && source !== 'ContainerResource')) {
    return { source, implicit: false, path, targetPath: path };
  }
  const bodyPath = [...path, field as string];
  const resource = asString(body.name);
  const container = asString(body.container);
  const { target, targetPath } = metricTarget(body, bodyPath);
  return {
    source,
    implicit: false,
    path,
    targetPath,
    ...(resource !== undefined ? { resource } : {}),
    ...(container !== undefined ? { container } : {}),
    ...(target !== undefined ? { target } : {}),
  };
}

/** The target of a Resource/ContainerResource metric: v2/v2beta2 `target`, or v2beta1 `targetAverage*`. */
function metricTarget(body: JsonObject, bodyPath: JsonPath): { target?: MetricTargetType; targetPath: JsonPath } {
  const t = asObject(body.target);
  if (t !== undefined) {
    const tPath = [...bodyPath, 'target'];
    const written = asString(t.type);
    if (written === 'Utilization' || (written === undefined && t.averageUtilization !== undefined)) {
      return { target: 'Utilization', targetPath: [...tPath, 'averageUtilization'] };
    }
    if (written === 'AverageValue' || (written === undefined && t.averageValue !== undefined)) {
      return { target: 'AverageValue', targetPath: [...tPath, 'averageValue'] };
    }
    if (written === 'Value' || (written === undefined && t.value !== undefined)) {
      return { target: 'Value', targetPath: [...tPath, 'value'] };
    }
    return { targetPath: tPath };
  }
  if (body.targetAverageUtilization !== undefined) {
    return { target: 'Utilization', targetPath: [...bodyPath, 'targetAverageUtilization'] };
  }
  if (body.targetAverageValue !== undefined) {
    return { target: 'AverageValue', targetPath: [...bodyPath, 'targetAverageValue'] };
  }
  return { targetPath: bodyPath };
}

/** True for a Resource or ContainerResource metric on cpu or memory. */
export function isScaledResourceMetric(metric: HpaMetric): metric is HpaMetric & { resource: ScaledResource } {
  return (metric.source === 'Resource' || metric.source === 'ContainerResource') && isScaledResource(metric.resource);
}

export interface ReplicaBound {
  /** The value as written, or the default. */
  value: number | undefined;
  explicit: boolean;
  path: JsonPath;
}

/** `spec.minReplicas`, defaulting to 1 when absent. A non-integer value is reported as undefined. */
export function hpaMinReplicas(hpa: K8sObject): ReplicaBound {
  const raw = asObject(hpa.spec)?.minReplicas;
  const path: JsonPath = ['spec', 'minReplicas'];
  if (raw === undefined || raw === null) return { value: 1, explicit: false, path };
  return { value: typeof raw === 'number' && Number.isInteger(raw) ? raw : undefined, explicit: true, path };
}

/** `spec.maxReplicas` (required, no default). */
export function hpaMaxReplicas(hpa: K8sObject): ReplicaBound {
  const raw = asObject(hpa.spec)?.maxReplicas;
  const path: JsonPath = ['spec', 'maxReplicas'];
  if (raw === undefined || raw === null) return { value: undefined, explicit: false, path };
  return { value: typeof raw === 'number' && Number.isInteger(raw) ? raw : undefined, explicit: true, path };
}
