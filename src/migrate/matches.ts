/**
 * Ingress paths and backends as Gateway API matches and backendRefs.
 *
 * Paths: Prefix is PathPrefix (ingress-nginx renders `/a/` and `= /a`, whole path elements, as Gateway API does),
 * Exact is Exact, and ImplementationSpecific is Prefix to ingress-nginx. On a host in regex mode every path, Exact
 * ones too, is the case-insensitive regex ingress-nginx made of it, `~* "^<path>"`: RegularExpression
 * `(?i)<path>.*`, since implementations match the whole path.
 * Backends: a Service port by number, or by name resolved through the Service among the inputs.
 */
import type { ObjectLookup } from '../k8s/lookup.js';
import { asArray, asObject, asString, type K8sObject } from '../k8s/object.js';
import type { ProblemKind } from './record.js';

export interface PathMatch {
  readonly type: 'Exact' | 'PathPrefix' | 'RegularExpression';
  readonly value: string;
}

export interface BackendRef {
  readonly name: string;
  readonly port: number;
  /** The Service's namespace, when it is not the route's (a canary's Service). */
  readonly namespace?: string;
}

/** A path of an Ingress rule, with what it routes to. */
export interface IngressRoutePath {
  readonly host: string;
  readonly path: string;
  readonly pathType: string;
  readonly backend: unknown;
  /** `spec.rules[0].http.paths[1]`. */
  readonly field: string;
}

/** Every path of every rule (a rule without `http` has none), with its backend. */
export function routePaths(ingress: K8sObject): IngressRoutePath[] {
  const out: IngressRoutePath[] = [];
  asArray(asObject(ingress.spec)?.rules).forEach((r, i) => {
    const rule = asObject(r);
    const host = asString(rule?.host) ?? '';
    asArray(asObject(rule?.http)?.paths).forEach((p, j) => {
      const entry = asObject(p);
      out.push({
        host,
        path: asString(entry?.path) ?? '/',
        pathType: asString(entry?.pathType) ?? 'ImplementationSpecific',
        backend: entry?.backend,
        field: `spec.rules[${i}].http.paths[${j}]`,
      });
    });
  });
  return out;
}

/** The match for a path, in regex mode or not. */
export function pathMatch(path: string, pathType: string, regexHost: boolean): PathMatch {
  if (regexHost) return { type: 'RegularExpression', value: `(?i)${path}.*` };
  if (pathType === 'Exact') return { type: 'Exact', value: path };
  return { type: 'PathPrefix', value: path === '' ? '/' : path };
}

/** The backendRef of an Ingress backend, or why there is none. */
export function backendRefOf(
  backend: unknown,
  namespace: string,
  index: ObjectLookup,
): { ref: BackendRef } | { problem: string; kind?: ProblemKind } {
  const b = asObject(backend);
  const resource = asObject(b?.resource);
  if (resource !== undefined) {
    const what = `${asString(resource.kind) ?? 'resource'} ${asString(resource.name) ?? ''}`.trim();
    return {
      problem: `the backend is a resource (${what}), which a Gateway API route cannot reference`,
      kind: 'resource-backend',
    };
  }
  const service = asObject(b?.service);
  const name = asString(service?.name);
  if (service === undefined || name === undefined || name === '') return { problem: 'the backend names no Service' };
  const port = asObject(service.port);
  const number = port?.number;
  if (typeof number === 'number' && Number.isInteger(number) && number > 0 && number <= 65535) {
    return { ref: { name, port: number } };
  }
  const portName = asString(port?.name);
  if (portName === undefined) return { problem: `the backend Service ${name} names no port` };
  const svc = index.get('Service', namespace, name);
  if (svc === undefined) {
    return {
      problem:
        `the Service port "${portName}" of ${namespace}/${name} cannot be resolved to a number: the Service is not ` +
        'among the objects read (add its manifest to the input; with --cluster, check that Services can be listed)',
      kind: 'unresolved-port',
    };
  }
  const match = asArray(asObject(svc.spec)?.ports)
    .map(asObject)
    .find((p) => asString(p?.name) === portName);
  const resolved = match?.port;
  if (typeof resolved !== 'number') {
    return { problem: `Service ${namespace}/${name} has no port named "${portName}"`, kind: 'unresolved-port' };
  }
  return { ref: { name, port: resolved } };
}
