/**
 * Kubernetes versions, and the API versions of the kinds kubeward checks that Kubernetes deprecated and then stopped
 * serving. Facts only; the rule that reports them is rules/api-versions/api-version-removed.ts.
 *
 * Sources: the Deprecated API Migration Guide (kubernetes/website
 * content/en/docs/reference/using-api/deprecation-guide.md: the release that stopped serving each version, the
 * replacement, the release the replacement is served since, the notable changes) and the
 * `+k8s:prerelease-lifecycle-gen:deprecated=` tags of k8s.io/api (extensions/v1beta1, apps/v1beta1, apps/v1beta2,
 * networking/v1beta1, batch/v1beta1, autoscaling/v2beta2), which the API server's deprecation warnings are generated
 * from ("policy/v1beta1 PodDisruptionBudget is deprecated in v1.21+, unavailable in v1.25+"; autoscaling/v2beta1
 * "deprecated in v1.22+, unavailable in v1.25+").
 *
 * Left out on purpose: apps/v1beta1 ReplicaSet and DaemonSet (the guide lists apps/v1beta1 ReplicaSet, but
 * k8s.io/api apps/v1beta1 never had either type), batch/v2alpha1 CronJob (an alpha version, off unless the API
 * server enables it; its removal release is not in the guide), the VPA's versions (a CRD:
 * rules/autoscaling/vpa-unserved-api-version.ts).
 */
import { asArray, asObject, asString, type JsonObject, type JsonPath, type K8sObject } from './object.js';
import { isEmptySelector } from './selector.js';

/** A Kubernetes minor release. */
export interface KubeMinor {
  readonly major: number;
  readonly minor: number;
}

/** The newest Kubernetes minor kubeward knows: the e2e tests run kube-apiserver v1.36.3. */
export const NEWEST_KNOWN_KUBE_VERSION = '1.36';

/**
 * What helm's `--kube-version` takes (a loose semantic version: Masterminds semver's NewVersion), with the minor
 * required: `1.29`, `v1.29`, `1.29.3`, `v1.29.3-gke.100`, `1.29.3+k3s1`. The config schema uses the same pattern.
 */
export const KUBE_VERSION_PATTERN =
  '^v?([0-9]+)\\.([0-9]+)(\\.[0-9]+)?(-[0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*)?(\\+[0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*)?$';
const KUBE_VERSION = new RegExp(KUBE_VERSION_PATTERN);

export type KubeVersionParse = { ok: true; version: KubeMinor } | { ok: false; problem: string };

/** Parses a Kubernetes version as helm's `--kube-version` takes it, keeping major and minor. */
export function parseKubeVersion(text: string): KubeVersionParse {
  const m = KUBE_VERSION.exec(text.trim());
  if (m === null) {
    return {
      ok: false,
      problem: `"${text}" is not a Kubernetes version: expected major.minor, such as 1.29, v1.29 or v1.29.3-gke.100`,
    };
  }
  const major = Number(m[1]);
  const minor = Number(m[2]);
  if (major !== 1) {
    return { ok: false, problem: `"${text}" is not a Kubernetes version: every Kubernetes release is 1.x` };
  }
  return { ok: true, version: { major, minor } };
}

/** `1.29`. */
export function formatKubeMinor(v: KubeMinor): string {
  return `${v.major}.${v.minor}`;
}

/** Negative when `a` is older than `b`, zero when the same minor, positive when newer. */
export function compareKubeMinor(a: KubeMinor, b: KubeMinor): number {
  return a.major - b.major || a.minor - b.minor;
}

/** A `major.minor` known to be valid (the table below, NEWEST_KNOWN_KUBE_VERSION). */
function minor(text: string): KubeMinor {
  const parsed = parseKubeVersion(text);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.version;
}

export const NEWEST_KNOWN_KUBE_MINOR: KubeMinor = minor(NEWEST_KNOWN_KUBE_VERSION);

/** One thing to change in a manifest besides its apiVersion, at the field it concerns when there is one. */
export interface ManifestChange {
  /** An imperative clause: `rename spec.backend to spec.defaultBackend`. */
  readonly text: string;
  readonly path?: JsonPath;
}

export interface RetiredApiVersion {
  readonly apiVersion: string;
  readonly kind: string;
  /** The release that deprecated it (a warning on every request from then on). */
  readonly deprecated: KubeMinor;
  /** The first release that no longer serves it: applying it fails ("no matches for kind … in version …"). */
  readonly removed: KubeMinor;
  /** The apiVersion to use instead. */
  readonly replacement: string;
  /** The release the replacement is served since. */
  readonly replacementSince: KubeMinor;
  /** What to change in this manifest besides the apiVersion; empty when nothing else changes. */
  readonly changes: (object: K8sObject) => readonly ManifestChange[];
}

// ---------------------------------------------------------------------------------------------------------------
// What changes, by replacement.

function fmt(path: JsonPath): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out === '' ? seg : `.${seg}`;
  return out;
}

/** An Ingress backend (`spec.backend`, a path's `backend`): serviceName/servicePort become service.name/port. */
function backendChanges(backend: JsonObject | undefined, at: JsonPath): ManifestChange[] {
  if (backend === undefined) return [];
  const out: ManifestChange[] = [];
  if (backend.serviceName !== undefined) {
    out.push({ text: `rename ${fmt([...at, 'serviceName'])} to service.name`, path: [...at, 'serviceName'] });
  }
  const port = backend.servicePort;
  if (port !== undefined) {
    const target = typeof port === 'string' && !/^\d+$/.test(port) ? 'service.port.name' : 'service.port.number';
    out.push({ text: `rename ${fmt([...at, 'servicePort'])} to ${target}`, path: [...at, 'servicePort'] });
  }
  return out;
}

/** extensions/v1beta1 and networking.k8s.io/v1beta1 Ingress -> networking.k8s.io/v1 (deprecation guide, v1.22). */
function ingressV1Changes(ingress: K8sObject): ManifestChange[] {
  const spec = asObject(ingress.spec);
  if (spec === undefined) return [];
  const out: ManifestChange[] = [];
  const defaultBackend = asObject(spec.backend);
  if (spec.backend !== undefined) {
    out.push({ text: 'rename spec.backend to spec.defaultBackend', path: ['spec', 'backend'] });
    out.push(...backendChanges(defaultBackend, ['spec', 'defaultBackend']));
  }
  asArray(spec.rules).forEach((rule, i) => {
    asArray(asObject(asObject(rule)?.http)?.paths).forEach((item, j) => {
      const p = asObject(item);
      if (p === undefined) return;
      const at: JsonPath = ['spec', 'rules', i, 'http', 'paths', j];
      if (p.pathType === undefined || p.pathType === null) {
        out.push({
          text: `set ${fmt([...at, 'pathType'])}, which v1 requires (ImplementationSpecific keeps the v1beta1 matching)`,
          path: at,
        });
      }
      out.push(...backendChanges(asObject(p.backend), [...at, 'backend']));
    });
  });
  return out;
}

/** v2beta1 metric fields and what autoscaling/v2 writes instead, by metric source field. */
const HPA_V2BETA1_RENAMES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  resource: {
    targetAverageUtilization: 'target: {type: Utilization, averageUtilization: …}',
    targetAverageValue: 'target: {type: AverageValue, averageValue: …}',
  },
  containerResource: {
    targetAverageUtilization: 'target: {type: Utilization, averageUtilization: …}',
    targetAverageValue: 'target: {type: AverageValue, averageValue: …}',
  },
  pods: {
    metricName: 'metric.name',
    selector: 'metric.selector',
    targetAverageValue: 'target: {type: AverageValue, averageValue: …}',
  },
  object: {
    target: 'describedObject',
    metricName: 'metric.name',
    selector: 'metric.selector',
    targetValue: 'target: {type: Value, value: …}',
    averageValue: 'target: {type: AverageValue, averageValue: …}',
  },
  external: {
    metricName: 'metric.name',
    metricSelector: 'metric.selector',
    targetValue: 'target: {type: Value, value: …}',
    targetAverageValue: 'target: {type: AverageValue, averageValue: …}',
  },
};

/** autoscaling/v2beta1 HPA -> autoscaling/v2: the metric targets take v2's shape (deprecation guide, v1.25). */
function hpaV2beta1Changes(hpa: K8sObject): ManifestChange[] {
  const out: ManifestChange[] = [];
  asArray(asObject(hpa.spec)?.metrics).forEach((item, i) => {
    const metric = asObject(item);
    for (const [source, renames] of Object.entries(HPA_V2BETA1_RENAMES)) {
      const body = asObject(metric?.[source]);
      if (body === undefined) continue;
      for (const [field, replacement] of Object.entries(renames)) {
        // `object.target` is v2's name too: it is v2beta1's only when it is the described object (it has a kind).
        if (body[field] === undefined || (field === 'target' && asString(asObject(body.target)?.kind) === undefined)) {
          continue;
        }
        const at: JsonPath = ['spec', 'metrics', i, source, field];
        out.push({ text: `replace ${fmt(at)} with ${replacement}`, path: at });
      }
    }
  });
  return out;
}

/** policy/v1beta1 PDB -> policy/v1: an empty selector selects every pod of the namespace (deprecation guide, v1.25). */
function pdbV1Changes(pdb: K8sObject): ManifestChange[] {
  const selector = asObject(pdb.spec)?.selector;
  if (!isEmptySelector(selector)) return [];
  return [
    {
      text:
        'check spec.selector: the empty selector selects no pods in policy/v1beta1 and every pod of the namespace in ' +
        'policy/v1',
      path: ['spec', 'selector'],
    },
  ];
}

type AppsKind = 'Deployment' | 'DaemonSet' | 'ReplicaSet' | 'StatefulSet';

/**
 * extensions/v1beta1, apps/v1beta1 and apps/v1beta2 workloads -> apps/v1 (deprecation guide, v1.16): spec.selector
 * required (and immutable), removed fields, and the defaults that changed for fields the manifest leaves unset.
 */
function appsV1Changes(from: string, kind: AppsKind): (workload: K8sObject) => ManifestChange[] {
  return (workload) => {
    const spec = asObject(workload.spec);
    if (spec === undefined) return [];
    const out: ManifestChange[] = [];
    if (spec.selector === undefined || spec.selector === null) {
      out.push({
        text:
          'add spec.selector with the labels of spec.template.metadata.labels (apps/v1 requires it and it cannot ' +
          'change after creation; the old version took those labels when it was unset)',
        path: ['spec'],
      });
    }
    if (kind === 'Deployment') out.push(...deploymentChanges(from, spec));
    if (kind === 'DaemonSet') out.push(...daemonSetChanges(from, spec));
    if (kind === 'StatefulSet' && from === 'apps/v1beta1' && asObject(spec.updateStrategy)?.type === undefined) {
      out.push({
        text: 'note that spec.updateStrategy.type now defaults to RollingUpdate (apps/v1beta1: OnDelete)',
        path: ['spec'],
      });
    }
    return out;
  };
}

function deploymentChanges(from: string, spec: JsonObject): ManifestChange[] {
  const out: ManifestChange[] = [];
  if (spec.rollbackTo !== undefined) {
    out.push({ text: 'remove spec.rollbackTo, which apps/v1 does not have', path: ['spec', 'rollbackTo'] });
  }
  if (from === 'extensions/v1beta1' && spec.progressDeadlineSeconds === undefined) {
    out.push({
      text: 'note that spec.progressDeadlineSeconds now defaults to 600 (extensions/v1beta1: no deadline)',
      path: ['spec'],
    });
  }
  if (from !== 'apps/v1beta2' && spec.revisionHistoryLimit === undefined) {
    const old = from === 'extensions/v1beta1' ? 'extensions/v1beta1: all' : 'apps/v1beta1: 2';
    out.push({ text: `note that spec.revisionHistoryLimit now defaults to 10 (${old})`, path: ['spec'] });
  }
  const strategy = asObject(spec.strategy);
  const rolling = asObject(strategy?.rollingUpdate);
  const recreate = asString(strategy?.type) === 'Recreate';
  if (
    from === 'extensions/v1beta1' &&
    !recreate &&
    (rolling?.maxSurge === undefined || rolling.maxUnavailable === undefined)
  ) {
    out.push({
      text: 'note that maxSurge and maxUnavailable now default to 25% (extensions/v1beta1: 1)',
      path: ['spec'],
    });
  }
  return out;
}

function daemonSetChanges(from: string, spec: JsonObject): ManifestChange[] {
  const out: ManifestChange[] = [];
  if (spec.templateGeneration !== undefined) {
    out.push({
      text: 'remove spec.templateGeneration, which apps/v1 does not have',
      path: ['spec', 'templateGeneration'],
    });
  }
  if (from === 'extensions/v1beta1' && asObject(spec.updateStrategy)?.type === undefined) {
    out.push({
      text: 'note that spec.updateStrategy.type now defaults to RollingUpdate (extensions/v1beta1: OnDelete)',
      path: ['spec'],
    });
  }
  return out;
}

const NOTHING = (): readonly ManifestChange[] => [];

// ---------------------------------------------------------------------------------------------------------------
// The table.

function apps(apiVersion: string, kind: AppsKind, deprecated: string): RetiredApiVersion {
  return {
    apiVersion,
    kind,
    deprecated: minor(deprecated),
    removed: minor('1.16'),
    replacement: 'apps/v1',
    replacementSince: minor('1.9'),
    changes: appsV1Changes(apiVersion, kind),
  };
}

function ingress(apiVersion: string, deprecated: string): RetiredApiVersion {
  return {
    apiVersion,
    kind: 'Ingress',
    deprecated: minor(deprecated),
    removed: minor('1.22'),
    replacement: 'networking.k8s.io/v1',
    replacementSince: minor('1.19'),
    changes: ingressV1Changes,
  };
}

/** Every retired version of the kinds kubeward checks, oldest removal first. */
export const RETIRED_API_VERSIONS: readonly RetiredApiVersion[] = [
  apps('extensions/v1beta1', 'Deployment', '1.8'),
  apps('extensions/v1beta1', 'DaemonSet', '1.8'),
  apps('extensions/v1beta1', 'ReplicaSet', '1.8'),
  apps('apps/v1beta1', 'Deployment', '1.8'),
  apps('apps/v1beta1', 'StatefulSet', '1.8'),
  apps('apps/v1beta2', 'Deployment', '1.9'),
  apps('apps/v1beta2', 'DaemonSet', '1.9'),
  apps('apps/v1beta2', 'ReplicaSet', '1.9'),
  apps('apps/v1beta2', 'StatefulSet', '1.9'),
  ingress('extensions/v1beta1', '1.14'),
  ingress('networking.k8s.io/v1beta1', '1.19'),
  {
    apiVersion: 'networking.k8s.io/v1beta1',
    kind: 'IngressClass',
    deprecated: minor('1.19'),
    removed: minor('1.22'),
    replacement: 'networking.k8s.io/v1',
    replacementSince: minor('1.19'),
    changes: NOTHING,
  },
  {
    apiVersion: 'policy/v1beta1',
    kind: 'PodDisruptionBudget',
    deprecated: minor('1.21'),
    removed: minor('1.25'),
    replacement: 'policy/v1',
    replacementSince: minor('1.21'),
    changes: pdbV1Changes,
  },
  {
    apiVersion: 'batch/v1beta1',
    kind: 'CronJob',
    deprecated: minor('1.21'),
    removed: minor('1.25'),
    replacement: 'batch/v1',
    replacementSince: minor('1.21'),
    changes: NOTHING,
  },
  {
    apiVersion: 'autoscaling/v2beta1',
    kind: 'HorizontalPodAutoscaler',
    deprecated: minor('1.22'),
    removed: minor('1.25'),
    replacement: 'autoscaling/v2',
    replacementSince: minor('1.23'),
    changes: hpaV2beta1Changes,
  },
  {
    apiVersion: 'autoscaling/v2beta2',
    kind: 'HorizontalPodAutoscaler',
    deprecated: minor('1.23'),
    removed: minor('1.26'),
    replacement: 'autoscaling/v2',
    replacementSince: minor('1.23'),
    changes: NOTHING,
  },
];

const BY_KEY: ReadonlyMap<string, RetiredApiVersion> = new Map(
  RETIRED_API_VERSIONS.map((r) => [`${r.apiVersion} ${r.kind}`, r] as const),
);

/** The retired version an object is written in, or undefined when its apiVersion and kind are not in the table. */
export function retiredApiVersionOf(object: Pick<K8sObject, 'apiVersion' | 'kind'>): RetiredApiVersion | undefined {
  return BY_KEY.get(`${object.apiVersion} ${object.kind}`);
}

/** The kinds that have a retired version. */
export const RETIRED_KINDS: readonly string[] = [...new Set(RETIRED_API_VERSIONS.map((r) => r.kind))];
