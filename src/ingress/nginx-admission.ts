/**
 * The validating admission webhook of ingress-nginx: the ValidatingWebhookConfigurations of a set of objects, the
 * Services they call, and the controllers those Services select.
 */
import { NAME_LABEL } from '../k8s/labels.js';
import type { ObjectLookup } from '../k8s/lookup.js';
import { ObjectMemo } from '../k8s/memo.js';
import { describeOf } from '../k8s/names.js';
import { asArray, asObject, asString, type JsonPath, type K8sObject, labelsOf } from '../k8s/object.js';
import { type IngressNginxController, type ObjectKey, webhookFlagOf } from './nginx-controller.js';
import { type ControllerSelection, controllerSelectionOf, namespaceControllers } from './nginx-selection.js';

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
    labelsOf(configuration)[NAME_LABEL] === 'ingress-nginx'
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

/** By the identity of the list of configurations (index lists are never mutated). */
const webhookServicesByList = new ObjectMemo<readonly K8sObject[], readonly WebhookServiceRef[]>();

function webhookServicesIn(configurations: readonly K8sObject[]): readonly WebhookServiceRef[] {
  let refs = webhookServicesByList.get(configurations);
  if (refs === undefined) {
    refs = configurations.flatMap(webhookServicesOf);
    webhookServicesByList.set(configurations, refs);
  }
  return refs;
}

/** Every webhook of every ValidatingWebhookConfiguration of an index that calls a Service. */
function webhookServicesOfIndex(index: ObjectLookup): readonly WebhookServiceRef[] {
  return webhookServicesIn(index.ofKind('ValidatingWebhookConfiguration'));
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
  return {
    how: 'configuration',
    detail: `${describeOf(ref.configuration)} calls Service ${ref.namespace}/${ref.name}`,
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
