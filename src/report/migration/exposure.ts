/**
 * The exposure section of `kubeward migration-report`: each ingress-nginx controller found, its version and open
 * CVEs, its admission webhook, and whether snippet annotations are live. Everything is read through src/ingress
 * (the same functions the ingress-nginx rules use), so the report and `kubeward lint` never disagree.
 */
import type { SourcedObject } from '../../engine/types.js';
import { admissionWebhookOf } from '../../ingress/nginx-admission.js';
import { ALLOW_SNIPPETS, RISK_LEVEL, type SnippetGate, snippetGateOf } from '../../ingress/nginx-configmap.js';
import { classFlagsOf, configMapFlagOf, type IngressNginxController } from '../../ingress/nginx-controller.js';
import { type ControllerVersionResult, controllerVersionOf } from '../../ingress/nginx-controller-version.js';
import { cvesAffecting, type IngressNginxCve } from '../../ingress/nginx-cves.js';
import { ingressNginxControllersOf } from '../../ingress/nginx-selection.js';
import {
  type ControllerVersion,
  compareVersions,
  FINAL_RELEASES,
  formatVersion,
  nearestFinalRelease,
  versionConstant,
} from '../../ingress/nginx-versions.js';
import type { ObjectLookup } from '../../k8s/lookup.js';
import { nameOf, refText } from '../../k8s/names.js';
import { asObject, asString } from '../../k8s/object.js';

export interface ControllerCve {
  readonly id: string;
  /** The CVSS v3 base score, when published. */
  readonly score?: number;
  /** critical, high, medium, low, none; absent when the sources give none. */
  readonly severity?: string;
  /** The releases after the controller's own version that fix it (`v1.11.5`), its own line's first; empty if none. */
  readonly fixedIn: readonly string[];
  readonly title: string;
}

export interface ControllerExposure {
  readonly namespace: string;
  readonly name: string;
  /** Deployment or DaemonSet. */
  readonly kind: string;
  readonly image?: string;
  /** `v1.15.1`; absent when it cannot be read (an image by digest only, a tag such as `latest`): never a guess. */
  readonly version?: string;
  /**
   * What it serves: the loaded IngressClasses whose spec.controller is its `--controller-class` (or named by
   * `--ingress-class` under `--ingress-class-by-name`), then that controller value, then the `--ingress-class`
   * value the legacy annotation is compared with.
   */
  readonly classes: readonly string[];
  /** The CVEs in kubeward's data its version is exposed to, most severe first; empty when the version is unknown. */
  readonly cves: readonly ControllerCve[];
  readonly worstScore?: number;
  /**
   * The final ingress-nginx release to upgrade to as a bridge, when CVEs are open: its own line's final release
   * (the smallest change), else the first later final release that no CVE of the data affects.
   */
  readonly upgradeTo?: string;
  /** `on`: `--validating-webhook` or a ValidatingWebhookConfiguration calling a Service that selects it. */
  readonly admissionWebhook: 'on' | 'off' | 'unknown';
  /** The effective value: its ConfigMap's, else the default of its version. */
  readonly allowSnippetAnnotations: 'true' | 'false' | 'unknown';
  /** The effective level (`Critical`, `High`, …): its ConfigMap's, else its version's default; `none` before v1.9.0; 'unknown' when not known. */
  readonly annotationsRiskLevel: string;
  readonly snippetsLive: 'yes' | 'no' | 'unknown';
  /** A known critical CVE is open and the admission webhook is on (CVE-2025-1974 class). */
  readonly criticalWithWebhook: boolean;
}

export interface Exposure {
  /** By namespace, then name, then kind. */
  readonly controllers: readonly ControllerExposure[];
  /** Sentences for the reader: what could not be told and why, what to add to the inputs. */
  readonly notes: readonly string[];
  /** Controller kinds a partial cluster listing could not list: `controllers` may then miss some. */
  readonly unlistedKinds: readonly string[];
}

/** The CVE whose exploit needs only network access to the admission webhook (IngressNightmare). */
function isWebhookCritical(cve: IngressNginxCve): boolean {
  return cve.severity === 'critical' && cve.needsWebhookReachable !== false;
}

/** Every CVE of the data, most severe first: the order cvesAffecting gives (a version before every fix has them all). */
const ALL_CVES: readonly IngressNginxCve[] = cvesAffecting(versionConstant('0.0.0'));

/** A CVE whose only fix is turning snippet annotations off (CVE-2021-25742): open again wherever they are live. */
function fixedBySnippetsOff(cve: IngressNginxCve): boolean {
  return cve.fixKind === 'mitigation' && cve.vectorField.includes('-snippet');
}

/**
 * The CVEs open on a controller, most severe first: those its version is exposed to, and (`reopened`) those whose
 * fix is a setting that turns snippets off when its snippets are live.
 */
function openCves(
  version: ControllerVersion,
  snippetsLive: boolean | undefined,
): { cves: IngressNginxCve[]; reopened: IngressNginxCve[] } {
  const affecting = new Set(cvesAffecting(version));
  const reopened = snippetsLive === true ? ALL_CVES.filter((c) => !affecting.has(c) && fixedBySnippetsOff(c)) : [];
  const open = new Set([...affecting, ...reopened]);
  return { cves: ALL_CVES.filter((c) => open.has(c)), reopened };
}

/** The fixed releases later than `version`, ascending (the data's `fixed` is the first fix of each line). */
function fixesAfter(cve: IngressNginxCve, version: ControllerVersion): string[] {
  return cve.fixed
    .map(versionConstant)
    .filter((f) => compareVersions(f, version) > 0)
    .sort(compareVersions)
    .map(formatVersion);
}

function cveOf(cve: IngressNginxCve, version: ControllerVersion): ControllerCve {
  return {
    id: cve.id,
    ...(cve.score !== null ? { score: cve.score } : {}),
    ...(cve.severity !== 'unknown' ? { severity: cve.severity } : {}),
    fixedIn: fixesAfter(cve, version),
    title: cve.name,
  };
}

/** The classes a controller serves (see ControllerExposure.classes). */
function classesOf(controller: IngressNginxController, index: ObjectLookup): string[] {
  const flags = classFlagsOf(controller);
  const served = index
    .ofKind('IngressClass')
    .filter((c) => {
      const name = nameOf(c);
      if (flags.ingressClassByName && name === flags.ingressClass) return true;
      return asString(asObject(c.spec)?.controller) === flags.controllerClass;
    })
    .map(nameOf)
    .sort();
  return [...new Set([...served, flags.controllerClass, flags.ingressClass])];
}

/** Why a controller's `--configmap` ConfigMap is not among the objects of a cluster: what its `get` answered. */
export type ConfigMapMiss =
  | { readonly status: 'not-found' }
  | { readonly status: 'forbidden'; readonly message: string }
  | { readonly status: 'failed'; readonly message: string };

/** Where the report's objects came from, for what the notes say could not be read and what to do about it. */
export interface ExposureSource {
  /** Set when the objects are a cluster listing (absent: files or standard input). */
  readonly cluster?: {
    readonly context: string;
    /** `-n`: only this namespace's namespaced objects were listed. */
    readonly namespace?: string;
    /** By `namespace/name`: each controller ConfigMap the cluster did not give, and why. */
    readonly configMaps: ReadonlyMap<string, ConfigMapMiss>;
    /** Controller kinds (Deployment, DaemonSet) the listing could not list (`--allow-partial`). */
    readonly unlisted?: readonly string[];
  };
}

interface ConfigMapRead {
  readonly gate: SnippetGate;
  /** The ConfigMap the controller names when it is not among the objects, and what its get answered (cluster). */
  readonly missing?: { readonly namespace: string; readonly name: string; readonly miss?: ConfigMapMiss };
}

/**
 * The snippet gate of a controller from its `--configmap` ConfigMap; without the flag it reads no ConfigMap and its
 * version's defaults apply. A ConfigMap named but not among the inputs leaves what it would set unknown, unless the
 * cluster says it does not exist: ingress-nginx then runs on its defaults (its store starts from the default
 * configuration and keeps it when the get of the ConfigMap fails).
 */
function configMapReadOf(
  controller: IngressNginxController,
  namespace: string,
  version: ControllerVersion | undefined,
  index: ObjectLookup,
  source: ExposureSource,
): ConfigMapRead {
  const ref = configMapFlagOf(controller, namespace);
  if (ref === undefined) return { gate: snippetGateOf(version, {}) };
  const configMap = index.get('ConfigMap', ref.namespace, ref.name);
  if (configMap !== undefined) return { gate: snippetGateOf(version, asObject(configMap.data) ?? {}) };
  const miss = source.cluster?.configMaps.get(`${ref.namespace}/${ref.name}`);
  const missing = { namespace: ref.namespace, name: ref.name, ...(miss !== undefined ? { miss } : {}) };
  return { gate: snippetGateOf(version, miss?.status === 'not-found' ? {} : undefined), missing };
}

const yesNo = (b: boolean | undefined): 'yes' | 'no' | 'unknown' => (b === undefined ? 'unknown' : b ? 'yes' : 'no');
const trueFalse = (b: boolean | undefined): 'true' | 'false' | 'unknown' =>
  b === undefined ? 'unknown' : b ? 'true' : 'false';

function versionNote(label: string, result: ControllerVersionResult): string | undefined {
  if (result.known) return undefined;
  return (
    `${label}: the version cannot be read (${result.detail}, and no helm.sh/chart or app.kubernetes.io/version ` +
    'label gives it), so its CVEs and ConfigMap defaults are unknown; pin the image by version tag (and digest).'
  );
}

function configMapNote(
  label: string,
  read: ConfigMapRead,
  version: ControllerVersion | undefined,
  source: ExposureSource,
): string | undefined {
  const missing = read.missing;
  if (missing === undefined) return undefined;
  const what = `its ConfigMap ${missing.namespace}/${missing.name} (--configmap)`;
  const settings = `${ALLOW_SNIPPETS} and ${RISK_LEVEL}`;
  const cluster = source.cluster;
  if (cluster === undefined) {
    return (
      `${label}: ${what} is not among the inputs, so ${settings} are unknown; add the ConfigMap's manifest to the ` +
      'inputs, or run with --cluster, which reads it from the cluster.'
    );
  }
  const from = `context ${cluster.context}`;
  const miss = missing.miss;
  if (miss?.status === 'not-found') {
    const defaults = version === undefined ? ', which are unknown without its version' : '';
    return (
      `${label}: ${what} does not exist in ${from}. ingress-nginx then logs "Unexpected error reading ` +
      'configuration configmap" and runs on its defaults until a ConfigMap of that name is created, so ' +
      `${settings} are the defaults of its version${defaults}.`
    );
  }
  if (miss?.status === 'forbidden') {
    return (
      `${label}: ${what} could not be read from ${from} (${miss.message.replace(/\.$/, '')}), so ${settings} are ` +
      `unknown; grant get on configmaps in namespace ${missing.namespace} (a Role can name just ` +
      `${missing.name} in resourceNames), then run the report again.`
    );
  }
  const why = miss !== undefined ? ` (${miss.message.replace(/\.$/, '')})` : '';
  return `${label}: ${what} could not be read from ${from}${why}, so ${settings} are unknown; run the report again once the API server answers.`;
}

function reopenedNote(label: string, reopened: readonly IngressNginxCve[]): string | undefined {
  if (reopened.length === 0) return undefined;
  const ids = reopened.map((c) => c.id).join(' and ');
  return (
    `${label}: ${ids} ${reopened.length === 1 ? 'counts' : 'count'} as open although its version has the fix, ` +
    `because the fix is a setting and snippets are live; set ${ALLOW_SNIPPETS}: "false".`
  );
}

const NO_CVES: { cves: IngressNginxCve[]; reopened: IngressNginxCve[] } = { cves: [], reopened: [] };

function controllerExposure(
  controller: IngressNginxController,
  index: ObjectLookup,
  source: ExposureSource,
): { exposure: ControllerExposure; notes: string[] } {
  const workload = controller.workload;
  const namespace = index.namespaceOf(workload);
  const name = nameOf(workload);
  const label = `${workload.kind} ${refText(workload, index)}`;
  const image = asString(controller.container.container.image);
  const result = controllerVersionOf(controller);
  const version = result.known ? result.version : undefined;
  const webhookOn = admissionWebhookOf(controller, index) !== undefined;
  const read = configMapReadOf(controller, namespace, version, index, source);
  const { cves, reopened } = version === undefined ? NO_CVES : openCves(version, read.gate.live);
  const scores = cves.map((c) => c.score).filter((s): s is number => s !== null);
  const exposure: ControllerExposure = {
    namespace,
    name,
    kind: workload.kind,
    ...(image !== undefined ? { image } : {}),
    ...(version !== undefined ? { version: formatVersion(version) } : {}),
    classes: classesOf(controller, index),
    cves: version === undefined ? [] : cves.map((c) => cveOf(c, version)),
    ...(scores.length > 0 ? { worstScore: Math.max(...scores) } : {}),
    ...(version !== undefined && cves.length > 0 ? { upgradeTo: formatVersion(upgradeTargetOf(version)) } : {}),
    admissionWebhook: webhookOn ? 'on' : 'off',
    allowSnippetAnnotations: trueFalse(read.gate.allowSnippets),
    annotationsRiskLevel: read.gate.riskLevel ?? 'unknown',
    snippetsLive: yesNo(read.gate.live),
    criticalWithWebhook: webhookOn && cves.some(isWebhookCritical),
  };
  const notes = [
    versionNote(label, result),
    configMapNote(label, read, version, source),
    reopenedNote(label, reopened),
  ].filter((n): n is string => n !== undefined);
  return { exposure, notes };
}

/** The nearest final release that no CVE of the data affects (the newest one, if each is affected). */
function upgradeTargetOf(version: ControllerVersion): ControllerVersion {
  const candidates = [
    nearestFinalRelease(version),
    ...[...FINAL_RELEASES].sort(compareVersions).filter((f) => compareVersions(f, version) > 0),
  ];
  const newest = [...FINAL_RELEASES].sort(compareVersions).at(-1) ?? version;
  return candidates.find((c) => cvesAffecting(c).length === 0) ?? newest;
}

function compareExposures(a: ControllerExposure, b: ControllerExposure): number {
  const ka = `${a.namespace}\0${a.name}\0${a.kind}`;
  const kb = `${b.namespace}\0${b.name}\0${b.kind}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

const NO_CONTROLLER_SHOWN = 'so no version, CVE, admission webhook or snippet setting can be shown';

/** The note when no controller was found: what was looked at, and where else the controller may be. */
function noControllerNote(source: ExposureSource): string {
  const cluster = source.cluster;
  if (cluster === undefined) {
    return (
      `No ingress-nginx controller (Deployment or DaemonSet) is among the inputs, ${NO_CONTROLLER_SHOWN}; add the ` +
      'controller manifests, or run with --cluster.'
    );
  }
  if (cluster.namespace !== undefined) {
    return (
      `No ingress-nginx controller (Deployment or DaemonSet) was listed in namespace ${cluster.namespace} of context ` +
      `${cluster.context}, ${NO_CONTROLLER_SHOWN}; run without -n, or with -n set to the controller's namespace.`
    );
  }
  return (
    `No ingress-nginx controller (Deployment or DaemonSet) was listed from context ${cluster.context}, ` +
    `${NO_CONTROLLER_SHOWN}; a controller that runs outside this cluster is not seen.`
  );
}

/**
 * The exposure of every ingress-nginx controller of the index (the objects of the report), with notes on what could
 * not be read; `source` says where the objects came from (files, or a cluster and what its ConfigMap gets answered).
 */
export function exposureOf(
  objects: readonly SourcedObject[],
  index: ObjectLookup,
  source: ExposureSource = {},
): Exposure {
  const found = ingressNginxControllersOf(index).map((c) => controllerExposure(c, index, source));
  const controllers = found.map((f) => f.exposure).sort(compareExposures);
  const notes = found.flatMap((f) => f.notes);
  if (controllers.length === 0 && objects.length > 0) notes.push(noControllerNote(source));
  const unlisted = source.cluster?.unlisted ?? [];
  if (unlisted.length > 0) {
    notes.push(
      `${unlisted.map((k) => `${k}s`).join(' and ')} could not be listed (--allow-partial), so an ingress-nginx ` +
        `controller among them is not seen and the exposure above may be incomplete; grant list on them and run the report again.`,
    );
  }
  return { controllers, notes, unlistedKinds: [...unlisted] };
}
