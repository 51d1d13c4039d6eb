/**
 * The retired community ingress-nginx controller (kubernetes/ingress-nginx): controller versions, images, the CVEs
 * each version is exposed to (data in ingress-nginx-data.gen.ts, generated from the research files by
 * scripts/gen-ingress-nginx-data.mjs), and the detection of its controller workloads, admission webhook and
 * ConfigMap in a set of objects.
 *
 * Everything here is about ingress-nginx only: the F5 NGINX Ingress Controller (nginx.org) and every other controller
 * are out of scope, and a general "is this an ingress or gateway controller" question belongs in controllers.ts.
 */

import { type ImageRef, parseImageRef } from '../k8s/image.js';
import type { ObjectLookup } from '../k8s/lookup.js';
import { ObjectMemo } from '../k8s/memo.js';
import type { JsonPath, K8sObject } from '../k8s/object.js';
import { asArray, asObject, asString, asStringMap, perObject } from '../k8s/object.js';
import { compileSelector } from '../k8s/selector.js';
import { type ContainerRef, containersOf, type PodTemplate, podTemplateOf } from '../k8s/workload.js';
import {
  INGRESS_NGINX_CHARTS,
  INGRESS_NGINX_CVES,
  INGRESS_NGINX_FINAL_RELEASE_DATE,
  INGRESS_NGINX_FINAL_RELEASES,
} from './ingress-nginx-data.gen.js';

// ---- data types (the generated file is typed by these) --------------------------------------------------------

/** CVSS v3 band of the advisory's score, else its rating word; `unknown` when the sources give neither. */
export type CveSeverity = 'critical' | 'high' | 'medium' | 'low' | 'none' | 'unknown';

export interface IngressNginxCve {
  readonly id: string;
  readonly name: string;
  readonly published: string;
  /** The CVSS text as the research file wrote it (`9.8 Critical`, `8.8 (vector)`, `High`). */
  readonly cvss: string;
  readonly score: number | null;
  readonly severity: CveSeverity;
  readonly vector: string | null;
  /** The affected ranges as the advisory words them. */
  readonly affected: string;
  /** The first fixed controller version of each release line (major.minor), ascending. */
  readonly fixed: readonly string[];
  /** `mitigation`: the `fixed` versions only make a mitigating setting available (see `mitigation`). */
  readonly fixKind: 'release' | 'mitigation';
  readonly fixedCharts: readonly string[];
  /** Exploited through the validating admission webhook endpoint; null when the sources do not say. */
  readonly needsWebhookReachable: boolean | null;
  /** The attacker must be able to create or update Ingresses (or chain with CVE-2025-1974). */
  readonly needsIngressCreate: boolean;
  /** The annotation or field abused. */
  readonly vectorField: string;
  readonly mitigation: string;
  /** `medium` when the advisory was only seen through third-party copies. */
  readonly confidence: string;
  readonly sources: readonly string[];
}

export interface IngressNginxChartRelease {
  /** Helm chart version (`helm.sh/chart: ingress-nginx-<chart>`). */
  readonly chart: string;
  /** The controller version (appVersion) the chart deploys. */
  readonly controller: string;
  readonly date: string;
}

export interface PostRetirementMention {
  readonly id: string;
  readonly name: string;
  readonly note: string;
}

// ---- versions -------------------------------------------------------------------------------------------------

export interface ControllerVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  /** Dot-separated pre-release identifiers (`beta.0` -> ['beta', '0']); empty for a release. */
  readonly prerelease: readonly string[];
  /** The version without a `v` prefix or build metadata: `1.12.0-beta.0`. */
  readonly text: string;
}

const VERSION_TEXT = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z.-]+)?$/;
const NUMERIC = /^\d+$/;

/** Parses `v1.11.2`, `1.11.2`, `0.26.1`, `v1.12.0-beta.0`; undefined for anything else (`latest`, `v1.11`). */
export function parseVersion(text: string): ControllerVersion | undefined {
  const m = VERSION_TEXT.exec(text.trim());
  if (m === null) return undefined;
  const [major, minor, patch] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const prerelease = m[4] === undefined ? [] : m[4].split('.');
  const core = `${major}.${minor}.${patch}`;
  return { major, minor, patch, prerelease, text: prerelease.length > 0 ? `${core}-${m[4]}` : core };
}

function comparePrerelease(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return b.length - a.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const xn = NUMERIC.test(x);
    const yn = NUMERIC.test(y);
    if (xn && yn) {
      if (Number(x) !== Number(y)) return Number(x) - Number(y);
    } else if (xn !== yn) {
      return xn ? -1 : 1;
    } else if (x !== y) {
      return x < y ? -1 : 1;
    }
  }
  return 0;
}

/** Semantic version order: negative when a < b. A pre-release sorts before its release. */
export function compareVersions(a: ControllerVersion, b: ControllerVersion): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch || comparePrerelease(a.prerelease, b.prerelease);
}

/** `v1.11.2`, as the project tags its images and as messages show versions. */
export function formatVersion(v: ControllerVersion): string {
  return `v${v.text}`;
}

/** The release line: `1.11` for v1.11.4. */
export function releaseLine(v: ControllerVersion): string {
  return `${v.major}.${v.minor}`;
}

/** A version written in the code or the data; throws on a typo, at module load. */
export function versionConstant(text: string): ControllerVersion {
  const v = parseVersion(text);
  if (v === undefined) throw new Error(`ingress-nginx: bad version constant ${text}`);
  return v;
}

// ---- the data, typed ------------------------------------------------------------------------------------------

export { INGRESS_NGINX_POST_RETIREMENT, INGRESS_NGINX_SOURCE_COMMIT } from './ingress-nginx-data.gen.js';
export { INGRESS_NGINX_CHARTS, INGRESS_NGINX_CVES, INGRESS_NGINX_FINAL_RELEASE_DATE };

/** The last releases (v1.13.9, v1.14.5, v1.15.1), ascending. Nothing will be released after them. */
export const FINAL_RELEASES: readonly ControllerVersion[] =
  INGRESS_NGINX_FINAL_RELEASES.map(versionConstant).sort(compareVersions);

/** The newest upstream release. */
export const LATEST_RELEASE: ControllerVersion = FINAL_RELEASES[FINAL_RELEASES.length - 1] ?? versionConstant('1.15.1');

/** `v1.15.1, v1.14.5 and v1.13.9`: the final releases, newest first, for messages. */
export const FINAL_RELEASES_TEXT = [...FINAL_RELEASES]
  .reverse()
  .map(formatVersion)
  .join(', ')
  .replace(/, ([^,]*)$/, ' and $1');

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** `March 2026`: when the project published its final releases and retired. */
export const RETIRED_IN = `${MONTHS[Number(INGRESS_NGINX_FINAL_RELEASE_DATE.slice(5, 7)) - 1] ?? ''} ${INGRESS_NGINX_FINAL_RELEASE_DATE.slice(0, 4)}`;

const FIXED_VERSIONS: ReadonlyMap<string, readonly ControllerVersion[]> = new Map(
  INGRESS_NGINX_CVES.map((c) => [c.id, c.fixed.map(versionConstant).sort(compareVersions)]),
);

function fixedVersionsOf(cve: IngressNginxCve): readonly ControllerVersion[] {
  return FIXED_VERSIONS.get(cve.id) ?? [];
}

/**
 * Whether `version` carries the fix of `cve`, exactly per the data's first fixed version of each release line:
 * a version on a line that has a fixed version is fixed from that version on; a version on a newer line than every
 * fixed one is fixed; a version on an older line, or on a line between two fixed lines that got no fix of its own,
 * is not (it would have to reach the first fixed version of a later line).
 */
export function isFixedIn(cve: IngressNginxCve, version: ControllerVersion): boolean {
  const fixed = fixedVersionsOf(cve);
  const line = releaseLine(version);
  const own = fixed.find((f) => releaseLine(f) === line);
  if (own !== undefined) return compareVersions(version, own) >= 0;
  const newest = fixed[fixed.length - 1];
  return newest !== undefined && compareVersions(version, newest) > 0;
}

const SEVERITY_RANK: Readonly<Record<CveSeverity, number>> = {
  critical: 5,
  high: 4,
  medium: 3,
  low: 2,
  none: 1,
  unknown: 0,
};

/** Critical and high CVEs: what makes the controller-version finding an error while the webhook runs. */
export function isSevere(cve: IngressNginxCve): boolean {
  return cve.severity === 'critical' || cve.severity === 'high';
}

function compareCves(a: IngressNginxCve, b: IngressNginxCve): number {
  return (
    SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
    (b.score ?? 0) - (a.score ?? 0) ||
    (a.published < b.published ? 1 : a.published > b.published ? -1 : 0) ||
    (a.id < b.id ? -1 : 1)
  );
}

/** Every CVE in the data that `version` is exposed to, most severe first. Accepts a version text (`v1.11.4`). */
export function cvesAffecting(version: ControllerVersion | string): IngressNginxCve[] {
  const v = typeof version === 'string' ? parseVersion(version) : version;
  if (v === undefined) return [];
  return INGRESS_NGINX_CVES.filter((c) => !isFixedIn(c, v)).sort(compareCves);
}

/** The first version after `version` that fixes `cve` (its own line's fix, else the next line's); undefined if none. */
export function nextFixFor(cve: IngressNginxCve, version: ControllerVersion): ControllerVersion | undefined {
  return fixedVersionsOf(cve).find((f) => compareVersions(f, version) > 0);
}

/** The final release to upgrade to: the one of the version's own line, else the oldest newer one, else the latest. */
export function nearestFinalRelease(version: ControllerVersion): ControllerVersion {
  const line = releaseLine(version);
  return (
    FINAL_RELEASES.find((f) => releaseLine(f) === line) ??
    FINAL_RELEASES.find((f) => compareVersions(f, version) > 0) ??
    LATEST_RELEASE
  );
}

/**
 * A version the retired project never released on a line it finished: above the final release of its line (v1.14.6)
 * or above the newest release (v1.16.0). Such tags come from forks or private builds, whose fixes kubeward cannot know.
 */
export function isAfterRetirement(version: ControllerVersion): boolean {
  const line = releaseLine(version);
  const lineFinal = FINAL_RELEASES.find((f) => releaseLine(f) === line);
  if (lineFinal !== undefined && compareVersions(version, lineFinal) > 0) return true;
  return compareVersions(version, LATEST_RELEASE) > 0;
}

// ---- Helm chart versions --------------------------------------------------------------------------------------

export const CHART_LABEL = 'helm.sh/chart';
export const NAME_LABEL = 'app.kubernetes.io/name';
export const COMPONENT_LABEL = 'app.kubernetes.io/component';
export const PART_OF_LABEL = 'app.kubernetes.io/part-of';
export const VERSION_LABEL = 'app.kubernetes.io/version';
const CHART_PREFIX = 'ingress-nginx-';

const CHART_TABLE: ReadonlyMap<string, string> = new Map(INGRESS_NGINX_CHARTS.map((c) => [c.chart, c.controller]));

/** The chart version of an `ingress-nginx-<version>` chart label; undefined for other charts. */
export function chartVersionOfLabel(label: string): string | undefined {
  if (!label.startsWith(CHART_PREFIX)) return undefined;
  const v = parseVersion(label.slice(CHART_PREFIX.length));
  return v?.text;
}

/**
 * The controller version a chart version deploys: the chart table, else the rule that chart 4.X.Y deploys
 * controller 1.X.Y from chart 4.10.0 on; undefined for an older chart missing from the table.
 */
export function controllerVersionOfChart(chart: string): ControllerVersion | undefined {
  const v = parseVersion(chart);
  if (v === undefined) return undefined;
  const mapped = CHART_TABLE.get(v.text);
  if (mapped !== undefined) return parseVersion(mapped);
  if (v.major === 4 && v.minor >= 10) {
    const pre = v.prerelease.length > 0 ? `-${v.prerelease.join('.')}` : '';
    return parseVersion(`1.${v.minor}.${v.patch}${pre}`);
  }
  return undefined;
}

// ---- images ---------------------------------------------------------------------------------------------------

/** `controller`: ingress-nginx/controller; `chroot`: the controller-chroot variant; `legacy`: pre-1.0 repositories. */
export type IngressNginxImageVariant = 'controller' | 'chroot' | 'legacy';

export interface IngressNginxImage {
  readonly ref: ImageRef;
  readonly variant: IngressNginxImageVariant;
}

/** Before v0.34 the project also published one controller image per architecture (`…-arm64`). */
export const LEGACY_IMAGE_ARCHES: readonly string[] = ['amd64', 'arm64', 'arm', 'ppc64le', 's390x'];
const ARCH_SUFFIX = `(?:-(?:${LEGACY_IMAGE_ARCHES.join('|')}))?`;
/** Repository paths of the controller images, matched whole or after a `/` (so mirrors with a path prefix match). */
const IMAGE_PATTERNS: readonly (readonly [RegExp, IngressNginxImageVariant])[] = [
  // registry.k8s.io (v1.3+), k8s.gcr.io (v0.35-v1.2), us.gcr.io/k8s-artifacts-prod (v0.34)
  [/(?:^|\/)ingress-nginx\/controller$/, 'controller'],
  [/(?:^|\/)ingress-nginx\/controller-chroot$/, 'chroot'],
  // quay.io before v0.34 (tags without `v`), and the very first gcr.io images
  [new RegExp(`(?:^|/)kubernetes-ingress-controller/nginx-ingress-controller${ARCH_SUFFIX}$`), 'legacy'],
  [new RegExp(`(?:^|/)google_containers/nginx-ingress-controller${ARCH_SUFFIX}$`), 'legacy'],
];

/** The ingress-nginx controller image a reference names, or undefined (certgen, F5 NGINX and other images). */
export function ingressNginxImageOf(image: string): IngressNginxImage | undefined {
  const ref = parseImageRef(image);
  const repository = ref.repository.toLowerCase();
  for (const [pattern, variant] of IMAGE_PATTERNS) if (pattern.test(repository)) return { ref, variant };
  return undefined;
}

export function isIngressNginxImage(image: string): boolean {
  return ingressNginxImageOf(image) !== undefined;
}

// ---- controller workloads -------------------------------------------------------------------------------------

/** Kinds that run the controller (the chart renders a Deployment, or a DaemonSet with controller.kind). */
export const INGRESS_NGINX_CONTROLLER_KINDS: readonly string[] = ['Deployment', 'DaemonSet'];

/** The controller binary; F5 NGINX runs `/nginx-ingress`, so this name is ingress-nginx's own. */
const CONTROLLER_BINARY = '/nginx-ingress-controller';

export type ControllerEvidence = 'image' | 'args' | 'labels';

export interface IngressNginxController {
  readonly workload: K8sObject;
  readonly template: PodTemplate;
  /** The container that runs the controller. */
  readonly container: ContainerRef;
  /** How it was recognised: the image, the `/nginx-ingress-controller` command, or the chart labels. */
  readonly evidence: ControllerEvidence;
  /** The container's image, when it is a known controller image. */
  readonly image?: IngressNginxImage;
}

/** The container's command followed by its args (string items only). */
export function commandLineOf(container: ContainerRef): string[] {
  const items = [...asArray(container.container.command), ...asArray(container.container.args)];
  return items.filter((x): x is string => typeof x === 'string');
}

/** Labels of the workload and its pod template (the template's win). */
export function workloadLabels(workload: K8sObject, template?: PodTemplate): Record<string, string> {
  return { ...asStringMap(workload.metadata?.labels), ...(template?.labels ?? {}) };
}

function hasControllerLabels(labels: Record<string, string>): boolean {
  return labels[NAME_LABEL] === 'ingress-nginx' && labels[COMPONENT_LABEL] === 'controller';
}

function imageOfContainer(c: ContainerRef): IngressNginxImage | undefined {
  const image = asString(c.container.image);
  return image === undefined ? undefined : ingressNginxImageOf(image);
}

/**
 * The ingress-nginx controller a workload runs, or undefined. Evidence, strongest first: a controller image, the
 * `/nginx-ingress-controller` command, or the chart's labels `app.kubernetes.io/name: ingress-nginx` with
 * `app.kubernetes.io/component: controller` (then the container named `controller`, else the first one). Computed
 * once per object: the index's controller list and rules that look at one workload both ask.
 */
export const ingressNginxControllerOf: (workload: K8sObject) => IngressNginxController | undefined =
  perObject(readIngressNginxController);

function readIngressNginxController(workload: K8sObject): IngressNginxController | undefined {
  if (!INGRESS_NGINX_CONTROLLER_KINDS.includes(workload.kind)) return undefined;
  const template = podTemplateOf(workload);
  if (template === undefined) return undefined;
  const containers = containersOf(template).filter((c) => c.group === 'containers');
  for (const container of containers) {
    const image = imageOfContainer(container);
    if (image !== undefined) return { workload, template, container, evidence: 'image', image };
  }
  const byCommand = containers.find((c) => commandLineOf(c).includes(CONTROLLER_BINARY));
  if (byCommand !== undefined) return { workload, template, container: byCommand, evidence: 'args' };
  if (!hasControllerLabels(workloadLabels(workload, template))) return undefined;
  const container = containers.find((c) => c.name === 'controller') ?? containers[0];
  return container === undefined ? undefined : { workload, template, container, evidence: 'labels' };
}

/** Whether a Deployment or DaemonSet runs the ingress-nginx controller (see ingressNginxControllerOf). */
export function isIngressNginxController(workload: K8sObject): boolean {
  return ingressNginxControllerOf(workload) !== undefined;
}

// ---- controller flags -----------------------------------------------------------------------------------------

export interface FlagValue {
  readonly value: string;
  /** Where the argument holding the value sits in the object. */
  readonly path: JsonPath;
}

/** Where each item of commandLineOf lives in the object. */
function commandLinePaths(container: ContainerRef): JsonPath[] {
  const out: JsonPath[] = [];
  for (const field of ['command', 'args'] as const) {
    asArray(container.container[field]).forEach((x, i) => {
      if (typeof x === 'string') out.push([...container.path, field, i]);
    });
  }
  return out;
}

/** The value of a `--name=value` or `--name value` flag (the last one wins, as in the controller's flag parser). */
export function flagOf(container: ContainerRef, name: string): FlagValue | undefined {
  const line = commandLineOf(container);
  const paths = commandLinePaths(container);
  const flag = `--${name}`;
  let found: FlagValue | undefined;
  line.forEach((arg, i) => {
    const path = paths[i] ?? container.path;
    if (arg.startsWith(`${flag}=`)) found = { value: arg.slice(flag.length + 1), path };
    else if (arg === flag) {
      const next = line[i + 1];
      found = { value: next !== undefined && !next.startsWith('-') ? next : '', path };
    }
  });
  return found;
}

/** `$(POD_NAMESPACE)` (the chart's env var from metadata.namespace) replaced with the workload's namespace. */
function expandNamespace(text: string, namespace: string): string {
  return text.replace(/\$\(POD_NAMESPACE\)/g, namespace);
}

export interface ObjectKey {
  readonly namespace: string;
  readonly name: string;
}

/** The ConfigMap named by `--configmap=<namespace>/<name>`, or undefined when the flag is absent. */
export function configMapFlagOf(
  controller: IngressNginxController,
  namespace: string,
): (ObjectKey & { path: JsonPath }) | undefined {
  const flag = flagOf(controller.container, 'configmap');
  if (flag === undefined || flag.value === '') return undefined;
  const value = expandNamespace(flag.value, namespace);
  const slash = value.indexOf('/');
  return slash < 0
    ? { namespace, name: value, path: flag.path }
    : { namespace: value.slice(0, slash), name: value.slice(slash + 1), path: flag.path };
}

/** The `--validating-webhook` listen address when the controller serves its admission webhook (`:8443`). */
export function webhookFlagOf(controller: IngressNginxController): FlagValue | undefined {
  const flag = flagOf(controller.container, 'validating-webhook');
  return flag !== undefined && flag.value !== '' ? flag : undefined;
}

/** The container port the webhook listens on: the flag's port, as a number and by its container port name. */
export const webhookPortsOf: (controller: IngressNginxController) => readonly (number | string)[] =
  perObject(readWebhookPorts);

function readWebhookPorts(controller: IngressNginxController): readonly (number | string)[] {
  const flag = webhookFlagOf(controller);
  if (flag === undefined) return [];
  const m = /:(\d+)$/.exec(flag.value);
  if (m === null) return [];
  const port = Number(m[1]);
  const out: (number | string)[] = [port];
  for (const p of asArray(controller.container.container.ports)) {
    const o = asObject(p);
    const name = asString(o?.name);
    if (o?.containerPort === port && name !== undefined) out.push(name);
  }
  return out;
}

// ---- the controller version -----------------------------------------------------------------------------------

export type VersionSource = 'image' | 'chart-label' | 'version-label';

export type ControllerVersionResult =
  | {
      readonly known: true;
      readonly version: ControllerVersion;
      readonly source: VersionSource;
      /** Where the version was read, for messages: `from the image tag`, `from label helm.sh/chart: ingress-nginx-4.11.2`. */
      readonly detail: string;
    }
  | {
      readonly known: false;
      /** `digest-only`: no tag; `unknown-tag`: a tag that is not a version (`latest`); `no-image`: no image at all. */
      readonly reason: 'digest-only' | 'unknown-tag' | 'no-tag' | 'no-image';
      readonly detail: string;
    };

/** The controller version the chart labels give: `helm.sh/chart` through the chart table, else `app.kubernetes.io/version`. */
export function controllerVersionFromLabels(
  labels: Readonly<Record<string, string>>,
): ControllerVersionResult | undefined {
  const chartLabel = labels[CHART_LABEL];
  const chart = chartLabel === undefined ? undefined : chartVersionOfLabel(chartLabel);
  if (chart !== undefined) {
    const version = controllerVersionOfChart(chart);
    if (version !== undefined) {
      return { known: true, version, source: 'chart-label', detail: `from label ${CHART_LABEL}: ${chartLabel}` };
    }
  }
  const saysIngressNginx =
    chart !== undefined || labels[NAME_LABEL] === 'ingress-nginx' || labels[PART_OF_LABEL] === 'ingress-nginx';
  const versionLabel = labels[VERSION_LABEL];
  if (saysIngressNginx && versionLabel !== undefined) {
    const version = parseVersion(versionLabel);
    if (version !== undefined) {
      return {
        known: true,
        version,
        source: 'version-label',
        detail: `from label ${VERSION_LABEL}: "${versionLabel}"`,
      };
    }
  }
  return undefined;
}

function versionFromImage(image: string | undefined): ControllerVersionResult {
  if (image === undefined || image.trim() === '') return { known: false, reason: 'no-image', detail: 'no image' };
  const ref = parseImageRef(image);
  if (ref.tag === undefined) {
    return ref.digest !== undefined
      ? { known: false, reason: 'digest-only', detail: `image ${image} is pinned by digest only` }
      : { known: false, reason: 'no-tag', detail: `image ${image} has no tag` };
  }
  const version = parseVersion(ref.tag);
  return version === undefined
    ? { known: false, reason: 'unknown-tag', detail: `image tag "${ref.tag}" is not a controller version` }
    : { known: true, version, source: 'image', detail: 'from the image tag' };
}

/**
 * The controller version of a controller workload: the image tag first, else the `helm.sh/chart` label mapped
 * through the chart table, else `app.kubernetes.io/version` when the labels say ingress-nginx. When none gives a
 * version, the image's reason (digest only, a tag such as `latest`).
 */
export function controllerVersionOf(controller: IngressNginxController): ControllerVersionResult {
  const fromImage = versionFromImage(asString(controller.container.container.image));
  if (fromImage.known) return fromImage;
  return controllerVersionFromLabels(workloadLabels(controller.workload, controller.template)) ?? fromImage;
}

/** controllerVersionOf for any workload; undefined when it does not run the ingress-nginx controller. */
export function controllerVersionOfWorkload(workload: K8sObject): ControllerVersionResult | undefined {
  const controller = ingressNginxControllerOf(workload);
  return controller === undefined ? undefined : controllerVersionOf(controller);
}

// ---- the objects around the controllers, per index ------------------------------------------------------------

/** One webhook of a ValidatingWebhookConfiguration that calls a Service. */
export interface WebhookServiceRef extends ObjectKey {
  readonly configuration: K8sObject;
  readonly webhookName: string;
  /** The webhook is ingress-nginx's by its own marks (webhook name, chart labels or configuration name). */
  readonly ingressNginx: boolean;
}

const WEBHOOK_NAME_SUFFIX = '.nginx.ingress.kubernetes.io';
const DEFAULT_CONFIGURATION_NAME = 'ingress-nginx-admission';

function isIngressNginxConfiguration(configuration: K8sObject): boolean {
  return (
    configuration.metadata?.name === DEFAULT_CONFIGURATION_NAME ||
    asStringMap(configuration.metadata?.labels)[NAME_LABEL] === 'ingress-nginx'
  );
}

function webhookServicesOf(configuration: K8sObject): WebhookServiceRef[] {
  const out: WebhookServiceRef[] = [];
  const byConfiguration = isIngressNginxConfiguration(configuration);
  for (const w of asArray(configuration.webhooks)) {
    const webhook = asObject(w);
    const service = asObject(asObject(webhook?.clientConfig)?.service);
    const name = asString(service?.name);
    if (name === undefined) continue;
    const webhookName = asString(webhook?.name) ?? '';
    out.push({
      configuration,
      webhookName,
      namespace: asString(service?.namespace) ?? 'default',
      name,
      ingressNginx: byConfiguration || webhookName.endsWith(WEBHOOK_NAME_SUFFIX),
    });
  }
  return out;
}

// Cached by the identity of the list they are computed from, not by index: in the webhook every request has its own
// overlay index, but the lists of the kinds it does not touch are the cache's own arrays, so an admission does not
// re-scan every Deployment of the cluster. Index lists are never mutated.
const controllersByList = new ObjectMemo<readonly K8sObject[], readonly IngressNginxController[]>();
const webhookServicesByList = new ObjectMemo<readonly K8sObject[], readonly WebhookServiceRef[]>();

function controllersIn(workloads: readonly K8sObject[]): readonly IngressNginxController[] {
  let controllers = controllersByList.get(workloads);
  if (controllers === undefined) {
    const found: IngressNginxController[] = [];
    for (const workload of workloads) {
      const c = ingressNginxControllerOf(workload);
      if (c !== undefined) found.push(c);
    }
    controllers = found;
    controllersByList.set(workloads, controllers);
  }
  return controllers;
}

function webhookServicesIn(configurations: readonly K8sObject[]): readonly WebhookServiceRef[] {
  let refs = webhookServicesByList.get(configurations);
  if (refs === undefined) {
    refs = configurations.flatMap(webhookServicesOf);
    webhookServicesByList.set(configurations, refs);
  }
  return refs;
}

/** The ingress-nginx controller workloads of an index. */
export function ingressNginxControllersOf(index: ObjectLookup): readonly IngressNginxController[] {
  const lists = INGRESS_NGINX_CONTROLLER_KINDS.map((kind) => controllersIn(index.ofKind(kind)));
  const nonEmpty = lists.filter((l) => l.length > 0);
  return nonEmpty.length <= 1 ? (nonEmpty[0] ?? []) : nonEmpty.flat();
}

/** Every webhook of every ValidatingWebhookConfiguration of an index that calls a Service. */
export function webhookServicesOfIndex(index: ObjectLookup): readonly WebhookServiceRef[] {
  return webhookServicesIn(index.ofKind('ValidatingWebhookConfiguration'));
}

/**
 * The controllers of a namespace, filed by each label pair of their pod templates: a Service selects by matchLabels
 * only, so every one of its pairs is required and its rarest pair bounds the candidates.
 */
interface NamespaceControllers {
  readonly all: readonly IngressNginxController[];
  readonly byPair: ReadonlyMap<string, readonly IngressNginxController[]>;
  /** Selections by canonical selector: Services copied from one manifest share one. */
  readonly bySelector: Map<string, ControllerSelection>;
}

/** The controllers a selector picks, in index order, and the first of them listening on each webhook port. */
export interface ControllerSelection {
  readonly controllers: readonly IngressNginxController[];
  /** A Service port's target (number or port name) -> the first selected controller whose webhook listens there. */
  readonly byWebhookPort: ReadonlyMap<number | string, IngressNginxController>;
}

const NO_SELECTION: ControllerSelection = { controllers: [], byWebhookPort: new Map() };
const controllersByNamespace = new ObjectMemo<ObjectLookup, Map<string, NamespaceControllers>>();
const selections = new ObjectMemo<ObjectLookup, ObjectMemo<K8sObject, ControllerSelection>>();

function namespaceControllers(index: ObjectLookup, namespace: string): NamespaceControllers | undefined {
  let byNs = controllersByNamespace.get(index);
  if (byNs === undefined) {
    byNs = new Map();
    for (const c of ingressNginxControllersOf(index)) {
      const ns = index.namespaceOf(c.workload);
      let entry = byNs.get(ns);
      if (entry === undefined) {
        entry = { all: [], byPair: new Map(), bySelector: new Map() };
        byNs.set(ns, entry);
      }
      (entry.all as IngressNginxController[]).push(c);
      const byPair = entry.byPair as Map<string, IngressNginxController[]>;
      for (const [k, v] of Object.entries(c.template.labels)) {
        const key = `${k}\0${v}`;
        const list = byPair.get(key);
        if (list) list.push(c);
        else byPair.set(key, [c]);
      }
    }
    controllersByNamespace.set(index, byNs);
  }
  return byNs.get(namespace);
}

/**
 * The controllers a Service selects, computed once per Service and index. The work is the candidates of its rarest
 * selector pair, once per distinct selector of a namespace: O(services + controllers) unless many Services with
 * different selectors each select many controllers (O(services x controllers) at worst; a cluster runs few
 * controllers).
 */
export function selectedControllersOf(service: K8sObject, index: ObjectLookup): readonly IngressNginxController[] {
  return controllerSelectionOf(service, index).controllers;
}

export function controllerSelectionOf(service: K8sObject, index: ObjectLookup): ControllerSelection {
  let perIndex = selections.get(index);
  if (perIndex === undefined) {
    perIndex = new ObjectMemo();
    selections.set(index, perIndex);
  }
  return perIndex.through(service, (svc) => computeSelection(svc, index));
}

function computeSelection(service: K8sObject, index: ObjectLookup): ControllerSelection {
  const selector = asObject(asObject(service.spec)?.selector);
  if (selector === undefined) return NO_SELECTION;
  const pairs = Object.entries(selector).map(([k, v]) => `${k}\0${String(v)}`);
  if (pairs.length === 0) return NO_SELECTION;
  const ns = namespaceControllers(index, index.namespaceOf(service));
  if (ns === undefined) return NO_SELECTION;
  const key = [...pairs].sort().join('\0\0');
  const hit = ns.bySelector.get(key);
  if (hit !== undefined) return hit;
  let candidates: readonly IngressNginxController[] | undefined;
  for (const pair of pairs) {
    const list = ns.byPair.get(pair) ?? [];
    if (candidates === undefined || list.length < candidates.length) candidates = list;
  }
  const matcher = compileSelector({ matchLabels: selector }, false);
  const controllers = (candidates ?? []).filter((c) => matcher(c.template.labels));
  const byWebhookPort = new Map<number | string, IngressNginxController>();
  for (const c of controllers)
    for (const port of webhookPortsOf(c)) if (!byWebhookPort.has(port)) byWebhookPort.set(port, c);
  const selection = { controllers, byWebhookPort };
  ns.bySelector.set(key, selection);
  return selection;
}

/** The webhooks calling each Service, by `namespace\0name`, in configuration order; built once per list of refs. */
const refsByService = new ObjectMemo<readonly WebhookServiceRef[], ReadonlyMap<string, readonly WebhookServiceRef[]>>();

/** The webhooks of the index's ValidatingWebhookConfigurations that call the Service `namespace/name`. */
export function webhooksCalling(index: ObjectLookup, namespace: string, name: string): readonly WebhookServiceRef[] {
  const byService = refsByService.through(webhookServicesOfIndex(index), (refs) => {
    const m = new Map<string, WebhookServiceRef[]>();
    for (const ref of refs) {
      const key = `${ref.namespace}\0${ref.name}`;
      const list = m.get(key);
      if (list) list.push(ref);
      else m.set(key, [ref]);
    }
    return m;
  });
  return byService.get(`${namespace}\0${name}`) ?? [];
}

export type AdmissionWebhookEvidence =
  | { readonly how: 'flag'; readonly detail: string; readonly path: JsonPath }
  | { readonly how: 'configuration'; readonly detail: string; readonly ref: WebhookServiceRef };

/**
 * Whether the controller serves its validating admission webhook: the `--validating-webhook` flag, or a
 * ValidatingWebhookConfiguration in the index calling a Service that selects the controller's pods (or, when that
 * Service is not loaded, the chart's `<controller>-admission` Service in the controller's namespace).
 */
export function admissionWebhookOf(
  controller: IngressNginxController,
  index: ObjectLookup,
): AdmissionWebhookEvidence | undefined {
  const flag = webhookFlagOf(controller);
  if (flag !== undefined) return { how: 'flag', detail: `--validating-webhook=${flag.value}`, path: flag.path };
  const ref = firstWebhookCalling(index).get(controller);
  if (ref === undefined) return undefined;
  const configuration = String(ref.configuration.metadata?.name ?? '');
  return {
    how: 'configuration',
    detail: `ValidatingWebhookConfiguration ${configuration} calls Service ${ref.namespace}/${ref.name}`,
    ref,
  };
}

const firstCalls = new ObjectMemo<ObjectLookup, ReadonlyMap<IngressNginxController, WebhookServiceRef>>();

/**
 * Each controller's first webhook (in configuration order) calling a Service that selects it, or the chart's
 * `<controller>-admission` Service when that Service is not loaded. One pass over the webhooks per index, each
 * distinct selection walked once: not a pass over every webhook for every controller.
 */
function firstWebhookCalling(index: ObjectLookup): ReadonlyMap<IngressNginxController, WebhookServiceRef> {
  return firstCalls.through(index, () => {
    const first = new Map<IngressNginxController, WebhookServiceRef>();
    const walked = new Set<ControllerSelection>();
    const byAdmissionName = new Map<string, Map<string, IngressNginxController[]>>();
    const admissionNamed = (namespace: string, name: string): readonly IngressNginxController[] => {
      let names = byAdmissionName.get(namespace);
      if (names === undefined) {
        names = new Map();
        for (const c of namespaceControllers(index, namespace)?.all ?? []) {
          const n = `${String(c.workload.metadata?.name ?? '')}-admission`;
          const list = names.get(n);
          if (list) list.push(c);
          else names.set(n, [c]);
        }
        byAdmissionName.set(namespace, names);
      }
      return names.get(name) ?? [];
    };
    for (const ref of webhookServicesOfIndex(index)) {
      const service = index.get('Service', ref.namespace, ref.name);
      let called: readonly IngressNginxController[];
      if (service === undefined) called = admissionNamed(ref.namespace, ref.name);
      else {
        const selection = controllerSelectionOf(service, index);
        if (walked.has(selection)) continue;
        walked.add(selection);
        called = selection.controllers;
      }
      for (const c of called) if (!first.has(c)) first.set(c, ref);
    }
    return first;
  });
}
