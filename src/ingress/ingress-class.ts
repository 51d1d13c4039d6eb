/**
 * Which controller serves an Ingress. One resolver for every rule, the CLI and the webhook (whose index holds the
 * cluster's IngressClasses):
 *   1. spec.ingressClassName -> that IngressClass's spec.controller;
 *   2. the legacy kubernetes.io/ingress.class annotation -> the IngressClass of that name, if loaded;
 *   3. neither set -> the default IngressClass (is-default-class: "true"; the newest wins, ties by name);
 *   4. the IngressClass is not among the loaded objects -> the evidence at hand (class name, annotation prefixes),
 *      with a confidence that says how sure the answer is.
 * A loaded ingress-nginx controller (nginx-classes.ts) makes a class ingress-nginx's when its `--controller-class` is
 * the IngressClass's controller (a custom install), its `--ingress-class` is the class named (with
 * `--ingress-class-by-name` for `spec.ingressClassName`), or it runs with `--watch-ingress-without-class` and the
 * Ingress names no class. The resolution also says which annotation prefix the serving controller reads.
 */
import type { ObjectLookup } from '../k8s/lookup.js';
import { ObjectMemo } from '../k8s/memo.js';
import { asObject, asString, asStringMap, type K8sObject } from '../k8s/object.js';
import { INGRESS_NGINX_PREFIX } from './annotation-prefixes.js';
import { controllerIdOfName, type IngressControllerId } from './controller-ids.js';
import { type ClassServer, type NginxClassTable, nginxClassTableOf, serverText } from './nginx-classes.js';
import type { IngressNginxController } from './nginx-controller.js';

export const INGRESS_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';
const DEFAULT_CLASS_ANNOTATION = 'ingressclass.kubernetes.io/is-default-class';
const F5_PREFIXES = ['nginx.org/', 'nginx.com/'];

export type Confidence = 'high' | 'medium' | 'low';

export interface IngressControllerResolution {
  /**
   * The controller of the IngressClass found, `other` when its controller name is none kubeward knows; without an
   * IngressClass, what the class name and annotations say: `ingress-nginx` (the retired community controller),
   * `f5-nginx` (F5 NGINX Ingress Controller, maintained), else `unknown`.
   */
  controller: IngressControllerId | 'other' | 'unknown';
  /** The IngressClass name, when the Ingress names one or a default applies. */
  className?: string;
  /** Where the class came from. */
  classSource: 'spec' | 'annotation' | 'default' | 'none';
  /** The IngressClass's spec.controller, when the IngressClass was found. */
  controllerName?: string;
  confidence: Confidence;
  /** One sentence a finding can quote: how the answer was reached. */
  evidence: string;
  /**
   * The prefix (ending with `/`) under which the serving ingress-nginx controller reads its keys: the
   * `--annotations-prefix` of the loaded controller that serves the class, else the config's
   * `ingressNginx.annotationsPrefix`, else `nginx.ingress.kubernetes.io/`. Set for every Ingress, so that rules
   * reading ingress-nginx keys of an Ingress another controller serves read them as ingress-nginx would.
   */
  annotationsPrefix: string;
  /** Where the prefix came from. */
  prefixSource: 'controller' | 'config' | 'default';
  /** How the prefix was chosen, when a controller gave it (`Deployment ns/name runs with --annotations-prefix=…`). */
  prefixEvidence?: string;
  /** The loaded ingress-nginx controller that serves the Ingress (the one whose prefix is read), when one is loaded. */
  server?: IngressNginxController;
}

/** What the class resolution found, before the prefix is chosen: the answer and the controllers that serve it. */
interface Attribution {
  readonly r: Omit<IngressControllerResolution, 'annotationsPrefix' | 'prefixSource' | 'prefixEvidence'>;
  readonly servers: readonly ClassServer[];
}

/**
 * The default IngressClass per list of IngressClasses, chosen once: every Ingress without a class asks (10,000 of them
 * against 1,000 classes sorted each time took seconds). In the webhook the list is the cluster cache's own array.
 */
const defaultByList = new ObjectMemo<readonly K8sObject[], K8sObject | undefined>();

/** The default IngressClass as the DefaultIngressClass admission plugin picks it: newest, then by name. */
function defaultIngressClass(index: ObjectLookup): K8sObject | undefined {
  return defaultByList.through(index.ofKind('IngressClass'), pickDefaultClass);
}

function pickDefaultClass(classes: readonly K8sObject[]): K8sObject | undefined {
  const defaults = classes.filter((c) => asStringMap(c.metadata?.annotations)[DEFAULT_CLASS_ANNOTATION] === 'true');
  if (defaults.length === 0) return undefined;
  return [...defaults].sort((a, b) => {
    const ta = String(a.metadata?.creationTimestamp ?? '');
    const tb = String(b.metadata?.creationTimestamp ?? '');
    if (ta !== tb) return ta < tb ? 1 : -1;
    return String(a.metadata?.name ?? '') < String(b.metadata?.name ?? '') ? -1 : 1;
  })[0];
}

/**
 * The ingress-nginx prefix the Ingress's keys are under (the configured one, or one a loaded controller reads),
 * and whether it has F5 NGINX keys.
 */
function annotationPrefixes(
  ingress: K8sObject,
  nginxPrefixes: readonly string[],
): { nginxIngress: string | undefined; f5: boolean } {
  const keys = Object.keys(asStringMap(ingress.metadata?.annotations));
  // A key's prefix is what precedes its one `/`: one set look-up per key, however many controllers are loaded.
  const wanted = new Set(nginxPrefixes);
  const found = new Set<string>();
  for (const k of keys) {
    const prefix = k.slice(0, k.indexOf('/') + 1);
    if (prefix !== '' && wanted.has(prefix)) found.add(prefix);
  }
  return {
    nginxIngress: nginxPrefixes.find((p) => found.has(p)),
    f5: keys.some((k) => F5_PREFIXES.some((p) => k.startsWith(p))),
  };
}

const NO_SERVERS: readonly ClassServer[] = Object.freeze([]);

/**
 * The controllers serving an IngressClass: by its controller value, or by its name given as --ingress-class, which
 * ingress-nginx compares with the legacy annotation always and with spec.ingressClassName under
 * --ingress-class-by-name.
 */
function classServers(
  table: NginxClassTable,
  controllerName: string,
  className: string,
  classSource: IngressControllerResolution['classSource'],
): readonly ClassServer[] {
  const byController = table.byControllerClass.get(controllerName) ?? NO_SERVERS;
  const named = table.byIngressClass.get(className);
  if (named === undefined) return byController;
  const byName = named.filter(
    (s) =>
      s.flags.ingressClassSet &&
      (classSource === 'annotation' || s.flags.ingressClassByName) &&
      !byController.includes(s),
  );
  return byName.length === 0 ? byController : [...byController, ...byName];
}

function fromClass(
  cls: K8sObject,
  className: string,
  classSource: IngressControllerResolution['classSource'],
  table: NginxClassTable,
): Attribution {
  const controllerName = asString(asObject(cls.spec)?.controller) ?? '';
  const via = classSource === 'default' ? 'the default IngressClass' : `IngressClass "${className}"`;
  const base = { className, classSource, controllerName, confidence: 'high' as const };
  const known = controllerIdOfName(controllerName);
  // Another known controller's class stays its own; only ingress-nginx's and unknown ones have serving controllers.
  const servers =
    known === undefined || known === 'ingress-nginx'
      ? classServers(table, controllerName, className, classSource)
      : NO_SERVERS;
  const first = servers[0];
  if (known === undefined && first !== undefined) {
    // A custom install: the class is ingress-nginx's because a loaded ingress-nginx controller says it serves it.
    const how = table.byControllerClass.get(controllerName)?.includes(first)
      ? `has controller ${controllerName}, the --controller-class of ${serverText(first)}`
      : classSource === 'annotation'
        ? `is the --ingress-class of ${serverText(first)}`
        : `is the --ingress-class of ${serverText(first)}, which runs with --ingress-class-by-name`;
    return { r: { ...base, controller: 'ingress-nginx', evidence: `${via} ${how}` }, servers };
  }
  const evidence = `${via} has controller ${controllerName || '(none)'}`;
  return {
    r: { ...base, controller: known ?? 'other', evidence },
    servers: known === 'ingress-nginx' ? servers : NO_SERVERS,
  };
}

/** Decides the controller from the class name and annotations alone (the IngressClass is not loaded). */
function fromEvidence(
  ingress: K8sObject,
  className: string | undefined,
  classSource: IngressControllerResolution['classSource'],
  table: NginxClassTable,
  fallbackPrefix: string,
): Attribution {
  const base = { classSource, ...(className !== undefined ? { className } : {}) };
  const named =
    className !== undefined ? `class "${className}" (IngressClass not among the loaded objects)` : 'no class';
  const servers = className !== undefined ? (table.byIngressClass.get(className) ?? []) : table.withoutClass;
  // An explicit --ingress-class (the default "nginx" is F5 NGINX's default too), or --watch-ingress-without-class.
  const declared = servers.find((s) => className === undefined || s.flags.ingressClassSet);
  if (declared !== undefined) {
    const how =
      className === undefined
        ? `, and ${serverText(declared)} runs with --watch-ingress-without-class`
        : ` is the --ingress-class of ${serverText(declared)}`;
    const sure = classSource !== 'spec' || declared.flags.ingressClassByName;
    return {
      r: { ...base, controller: 'ingress-nginx', confidence: sure ? 'high' : 'medium', evidence: `${named}${how}` },
      servers,
    };
  }
  const { nginxIngress, f5 } = annotationPrefixes(ingress, [fallbackPrefix, ...table.prefixes]);
  const nginxLike = className !== undefined && /nginx/i.test(className);
  if (nginxIngress !== undefined && !f5) {
    return {
      r: {
        ...base,
        controller: 'ingress-nginx',
        confidence: className === 'nginx' || nginxLike ? 'high' : 'medium',
        evidence: `${named} and ${nginxIngress}* annotations`,
      },
      servers,
    };
  }
  if (f5 && nginxIngress === undefined) {
    return {
      r: {
        ...base,
        controller: 'f5-nginx',
        confidence: nginxLike ? 'high' : 'medium',
        evidence: `${named} and nginx.org/* annotations (F5 NGINX Ingress Controller)`,
      },
      servers: NO_SERVERS,
    };
  }
  if (nginxLike) {
    // Both controllers call their default class "nginx"; without annotations either may serve it.
    return {
      r: {
        ...base,
        controller: 'ingress-nginx',
        confidence: 'low',
        evidence: `${named}, which both ingress-nginx and F5 NGINX use by default`,
      },
      servers,
    };
  }
  return { r: { ...base, controller: 'unknown', confidence: 'low', evidence: named }, servers: NO_SERVERS };
}

/**
 * The prefix the serving controller reads. When controllers serving the class read different prefixes, the first by
 * kind, namespace and name wins (the same answer for files in any order and for a cluster listing) and the evidence
 * names the others: each reads only its own keys, so kubeward cannot read the Ingress as both do.
 */
function withPrefix(a: Attribution, fallbackPrefix: string, configured: boolean): IngressControllerResolution {
  const chosen = a.r.controller === 'ingress-nginx' ? a.servers[0] : undefined;
  if (chosen === undefined) {
    return { ...a.r, annotationsPrefix: fallbackPrefix, prefixSource: configured ? 'config' : 'default' };
  }
  const prefix = chosen.flags.annotationsPrefix;
  const own =
    chosen.flags.annotationsPrefixPath !== undefined
      ? `${chosen.name} runs with --annotations-prefix=${prefix.slice(0, -1)}`
      : `${chosen.name} reads the default prefix ${prefix}`;
  const others = a.servers.filter((s) => s.flags.annotationsPrefix !== prefix);
  const differ =
    others.length === 0
      ? ''
      : `; ${others.map((s) => `${s.name} reads ${s.flags.annotationsPrefix}*`).join(', ')} and serves it too, ` +
        `read as ${chosen.name}, the first by kind, namespace and name`;
  return {
    ...a.r,
    annotationsPrefix: prefix,
    prefixSource: 'controller',
    prefixEvidence: `${own}${differ}`,
    server: chosen.controller,
  };
}

/**
 * Which controller serves the Ingress, and the prefix of the ingress-nginx keys it reads. `configuredPrefix` is the
 * config's `ingressNginx.annotationsPrefix` (without the final `/`): the prefix when no loaded controller gives one.
 */
export function resolveIngressController(
  ingress: K8sObject,
  index: ObjectLookup,
  configuredPrefix?: string,
): IngressControllerResolution {
  const fallback = configuredPrefix !== undefined ? `${configuredPrefix}/` : INGRESS_NGINX_PREFIX;
  return withPrefix(attribute(ingress, index, fallback), fallback, configuredPrefix !== undefined);
}

function attribute(ingress: K8sObject, index: ObjectLookup, fallbackPrefix: string): Attribution {
  const table = nginxClassTableOf(index);
  const specClass = asString(asObject(ingress.spec)?.ingressClassName);
  if (specClass) {
    const cls = index.get('IngressClass', '', specClass);
    return cls
      ? fromClass(cls, specClass, 'spec', table)
      : fromEvidence(ingress, specClass, 'spec', table, fallbackPrefix);
  }
  const annotationClass = asStringMap(ingress.metadata?.annotations)[INGRESS_CLASS_ANNOTATION];
  if (annotationClass) {
    const cls = index.get('IngressClass', '', annotationClass);
    return cls
      ? fromClass(cls, annotationClass, 'annotation', table)
      : fromEvidence(ingress, annotationClass, 'annotation', table, fallbackPrefix);
  }
  const def = defaultIngressClass(index);
  if (def) return fromClass(def, String(def.metadata?.name ?? ''), 'default', table);
  return fromEvidence(ingress, undefined, 'none', table, fallbackPrefix);
}

/** Index -> configured prefix ('' for none) -> Ingress -> resolution. */
const resolutions = new ObjectMemo<ObjectLookup, Map<string, ObjectMemo<K8sObject, IngressControllerResolution>>>();

/**
 * resolveIngressController, computed once per Ingress, index and configured prefix (several rules ask for each
 * Ingress).
 */
export function ingressControllerOf(
  ingress: K8sObject,
  index: ObjectLookup,
  configuredPrefix?: string,
): IngressControllerResolution {
  let perIndex = resolutions.get(index);
  if (perIndex === undefined) {
    perIndex = new Map();
    resolutions.set(index, perIndex);
  }
  const key = configuredPrefix ?? '';
  let perPrefix = perIndex.get(key);
  if (perPrefix === undefined) {
    perPrefix = new ObjectMemo();
    perIndex.set(key, perPrefix);
  }
  let r = perPrefix.get(ingress);
  if (r === undefined) {
    r = resolveIngressController(ingress, index, configuredPrefix);
    perPrefix.set(ingress, r);
  }
  return r;
}

/** The resolution when ingress-nginx serves the Ingress (the deep checks run only then), else undefined. */
export function ingressNginxServing(
  ingress: K8sObject,
  index: ObjectLookup,
  configuredPrefix?: string,
): IngressControllerResolution | undefined {
  const r = ingressControllerOf(ingress, index, configuredPrefix);
  return r.controller === 'ingress-nginx' ? r : undefined;
}

/** The prefix of the ingress-nginx keys of an Ingress, whichever controller serves it (see `annotationsPrefix`). */
export function nginxPrefixOf(ingress: K8sObject, index: ObjectLookup, configuredPrefix?: string): string {
  return ingressControllerOf(ingress, index, configuredPrefix).annotationsPrefix;
}
