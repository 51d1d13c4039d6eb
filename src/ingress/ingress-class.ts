/**
 * Which controller serves an Ingress. One resolver for every rule, the CLI and the webhook (whose index holds the
 * cluster's IngressClasses):
 *   1. spec.ingressClassName -> that IngressClass's spec.controller;
 *   2. the legacy kubernetes.io/ingress.class annotation -> the IngressClass of that name, if loaded;
 *   3. neither set -> the default IngressClass (is-default-class: "true"; the newest wins, ties by name);
 *   4. the IngressClass is not among the loaded objects -> the evidence at hand (class name, annotation prefixes),
 *      with a confidence that says how sure the answer is.
 */
import type { ObjectLookup } from '../k8s/lookup.js';
import { ObjectMemo } from '../k8s/memo.js';
import { asObject, asString, asStringMap, type K8sObject } from '../k8s/object.js';
import { INGRESS_NGINX_PREFIX } from './annotation-prefixes.js';
import { controllerIdOfName, type IngressControllerId } from './controller-ids.js';

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

function annotationPrefixes(ingress: K8sObject): { nginxIngress: boolean; f5: boolean } {
  const keys = Object.keys(asStringMap(ingress.metadata?.annotations));
  return {
    nginxIngress: keys.some((k) => k.startsWith(INGRESS_NGINX_PREFIX)),
    f5: keys.some((k) => F5_PREFIXES.some((p) => k.startsWith(p))),
  };
}

function fromClass(
  cls: K8sObject,
  className: string,
  classSource: IngressControllerResolution['classSource'],
): IngressControllerResolution {
  const controllerName = asString(asObject(cls.spec)?.controller) ?? '';
  const via = classSource === 'default' ? 'the default IngressClass' : `IngressClass "${className}"`;
  return {
    controller: controllerIdOfName(controllerName) ?? 'other',
    className,
    classSource,
    controllerName,
    confidence: 'high',
    evidence: `${via} has controller ${controllerName || '(none)'}`,
  };
}

/** Decides the controller from the class name and annotations alone (the IngressClass is not loaded). */
function fromEvidence(
  ingress: K8sObject,
  className: string | undefined,
  classSource: IngressControllerResolution['classSource'],
): IngressControllerResolution {
  const { nginxIngress, f5 } = annotationPrefixes(ingress);
  const base = { classSource, ...(className !== undefined ? { className } : {}) };
  const named =
    className !== undefined ? `class "${className}" (IngressClass not among the loaded objects)` : 'no class';
  const nginxLike = className !== undefined && /nginx/i.test(className);
  if (nginxIngress && !f5) {
    return {
      ...base,
      controller: 'ingress-nginx',
      confidence: className === 'nginx' || nginxLike ? 'high' : 'medium',
      evidence: `${named} and nginx.ingress.kubernetes.io/* annotations`,
    };
  }
  if (f5 && !nginxIngress) {
    return {
      ...base,
      controller: 'f5-nginx',
      confidence: nginxLike ? 'high' : 'medium',
      evidence: `${named} and nginx.org/* annotations (F5 NGINX Ingress Controller)`,
    };
  }
  if (nginxLike) {
    // Both controllers call their default class "nginx"; without annotations either may serve it.
    return {
      ...base,
      controller: 'ingress-nginx',
      confidence: 'low',
      evidence: `${named}, which both ingress-nginx and F5 NGINX use by default`,
    };
  }
  return { ...base, controller: 'unknown', confidence: 'low', evidence: named };
}

export function resolveIngressController(ingress: K8sObject, index: ObjectLookup): IngressControllerResolution {
  const specClass = asString(asObject(ingress.spec)?.ingressClassName);
  if (specClass) {
    const cls = index.get('IngressClass', '', specClass);
    return cls ? fromClass(cls, specClass, 'spec') : fromEvidence(ingress, specClass, 'spec');
  }
  const annotationClass = asStringMap(ingress.metadata?.annotations)[INGRESS_CLASS_ANNOTATION];
  if (annotationClass) {
    const cls = index.get('IngressClass', '', annotationClass);
    return cls ? fromClass(cls, annotationClass, 'annotation') : fromEvidence(ingress, annotationClass, 'annotation');
  }
  const def = defaultIngressClass(index);
  if (def) return fromClass(def, String(def.metadata?.name ?? ''), 'default');
  return fromEvidence(ingress, undefined, 'none');
}

const resolutions = new ObjectMemo<ObjectLookup, ObjectMemo<K8sObject, IngressControllerResolution>>();

/** resolveIngressController, computed once per Ingress and index (several rules ask for each Ingress). */
export function ingressControllerOf(ingress: K8sObject, index: ObjectLookup): IngressControllerResolution {
  let perIndex = resolutions.get(index);
  if (perIndex === undefined) {
    perIndex = new ObjectMemo();
    resolutions.set(index, perIndex);
  }
  let r = perIndex.get(ingress);
  if (r === undefined) {
    r = resolveIngressController(ingress, index);
    perIndex.set(ingress, r);
  }
  return r;
}

/** The resolution when ingress-nginx serves the Ingress (the deep checks run only then), else undefined. */
export function ingressNginxServing(ingress: K8sObject, index: ObjectLookup): IngressControllerResolution | undefined {
  const r = ingressControllerOf(ingress, index);
  return r.controller === 'ingress-nginx' ? r : undefined;
}
