/**
 * The workloads that run the ingress-nginx controller, and what their command lines say: the controller's flags,
 * the ConfigMap it reads, the port of its validating admission webhook.
 *
 * Everything here is about ingress-nginx only: the F5 NGINX Ingress Controller (nginx.org) and every other controller
 * are out of scope, and a general "is this an ingress or gateway controller" question belongs in controllers.ts.
 */
import { COMPONENT_LABEL, NAME_LABEL } from '../k8s/labels.js';
import { asArray, asObject, asString, type JsonPath, type K8sObject, labelsOf, perObject } from '../k8s/object.js';
import { type ContainerRef, containersOf, type PodTemplate, podTemplateOf } from '../k8s/workload.js';
import { INGRESS_NGINX_PREFIX } from './annotation-prefixes.js';
import { type IngressNginxImage, ingressNginxImageOf } from './nginx-images.js';
import { parseGoBool } from './nginx-values.js';

/** Kinds that run the controller (the chart renders a Deployment, or a DaemonSet with controller.kind). */
export const INGRESS_NGINX_CONTROLLER_KINDS: readonly string[] = ['Deployment', 'DaemonSet'];

/** The controller binary; F5 NGINX runs `/nginx-ingress`, so this name is ingress-nginx's own. */
const CONTROLLER_BINARY = '/nginx-ingress-controller';

export type IngressNginxEvidence = 'image' | 'args' | 'labels';

export interface IngressNginxController {
  readonly workload: K8sObject;
  readonly template: PodTemplate;
  /** The container that runs the controller. */
  readonly container: ContainerRef;
  /** How it was recognised: the image, the `/nginx-ingress-controller` command, or the chart labels. */
  readonly evidence: IngressNginxEvidence;
  /** The container's image, when it is a known controller image. */
  readonly image?: IngressNginxImage;
}

/** The container's command followed by its args (string items only). */
function commandLineOf(container: ContainerRef): string[] {
  const items = [...asArray(container.container.command), ...asArray(container.container.args)];
  return items.filter((x): x is string => typeof x === 'string');
}

/** Labels of the workload and its pod template (the template's win). */
export function workloadLabels(workload: K8sObject, template?: PodTemplate): Record<string, string> {
  return { ...labelsOf(workload), ...(template?.labels ?? {}) };
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

// ---------------------------------------------------------------------------------------------------------------
// Controller flags

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
function flagOf(container: ContainerRef, name: string): FlagValue | undefined {
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

/**
 * A boolean flag as Go's pflag reads it: `--name` alone is true, `--name=value` is the value (the last one wins);
 * unlike a string flag it never takes the next argument.
 */
function boolFlagOf(container: ContainerRef, name: string): boolean | undefined {
  const flag = `--${name}`;
  let found: boolean | undefined;
  for (const arg of commandLineOf(container)) {
    if (arg === flag) found = true;
    else if (arg.startsWith(`${flag}=`)) found = parseGoBool(arg.slice(flag.length + 1)) ?? found;
  }
  return found;
}

/** The controller's defaults of `--controller-class` and `--ingress-class` (pkg/flags/flags.go). */
export const DEFAULT_CONTROLLER_CLASS = 'k8s.io/ingress-nginx';
export const DEFAULT_INGRESS_CLASS = 'nginx';

/** What a controller's command line says about the Ingresses it serves and the annotation keys it reads. */
export interface ClassFlags {
  /** `--controller-class`: the IngressClass `spec.controller` it serves. */
  readonly controllerClass: string;
  /** `--ingress-class`: the `kubernetes.io/ingress.class` annotation value it serves. */
  readonly ingressClass: string;
  /** Whether `--ingress-class` was given (the default `nginx` is weak evidence: F5 NGINX uses it too). */
  readonly ingressClassSet: boolean;
  /** `--ingress-class-by-name`: an IngressClass named `--ingress-class` is served whatever its controller. */
  readonly ingressClassByName: boolean;
  /** `--watch-ingress-without-class`: Ingresses without any class are served. */
  readonly watchWithoutClass: boolean;
  /** `--annotations-prefix` followed by `/`: the keys it reads are `<prefix>/<name>`. */
  readonly annotationsPrefix: string;
  /** Where `--annotations-prefix` is, when given. */
  readonly annotationsPrefixPath?: JsonPath;
}

/** The class and prefix flags of a controller, with ingress-nginx's defaults for those not given. */
export const classFlagsOf: (controller: IngressNginxController) => ClassFlags = perObject(readClassFlags);

function readClassFlags(controller: IngressNginxController): ClassFlags {
  const c = controller.container;
  const controllerClass = flagOf(c, 'controller-class')?.value;
  const ingressClass = flagOf(c, 'ingress-class')?.value;
  const prefix = flagOf(c, 'annotations-prefix');
  return {
    controllerClass: controllerClass || DEFAULT_CONTROLLER_CLASS,
    ingressClass: ingressClass || DEFAULT_INGRESS_CLASS,
    ingressClassSet: ingressClass !== undefined && ingressClass !== '',
    ingressClassByName: boolFlagOf(c, 'ingress-class-by-name') === true,
    watchWithoutClass: boolFlagOf(c, 'watch-ingress-without-class') === true,
    annotationsPrefix: prefix !== undefined && prefix.value !== '' ? `${prefix.value}/` : INGRESS_NGINX_PREFIX,
    ...(prefix !== undefined && prefix.value !== '' ? { annotationsPrefixPath: prefix.path } : {}),
  };
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
