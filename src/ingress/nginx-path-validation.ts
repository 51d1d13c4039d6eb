/**
 * Whether the ingress-nginx controller serving an Ingress refuses regex-like Exact and Prefix paths at admission
 * (strict-validate-path-type): its ConfigMap's setting, else its version's default.
 */
import type { ObjectLookup } from '../k8s/lookup.js';
import { asObject } from '../k8s/object.js';
import type { IngressControllerResolution } from './ingress-class.js';
import { strictPathTypeOf } from './nginx-configmap.js';
import { configMapFlagOf } from './nginx-controller.js';
import { controllerVersionOf } from './nginx-controller-version.js';

/** True or false when the loaded controller (its version, its ConfigMap) says; undefined when kubeward cannot tell. */
export function servingStrictPathType(r: IngressControllerResolution, index: ObjectLookup): boolean | undefined {
  const server = r.server;
  if (server === undefined) return undefined;
  const v = controllerVersionOf(server);
  const version = v.known ? v.version : undefined;
  const ref = configMapFlagOf(server, index.namespaceOf(server.workload));
  // No --configmap: the controller runs on its defaults. A ConfigMap that is not loaded: its setting is unknown.
  const configMap = ref === undefined ? undefined : index.get('ConfigMap', ref.namespace, ref.name);
  const data = ref === undefined ? {} : configMap === undefined ? undefined : (asObject(configMap.data) ?? {});
  return strictPathTypeOf(version, data);
}
