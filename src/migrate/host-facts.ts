/**
 * What ingress-nginx decides per host, across every Ingress of a class: regex mode (any `use-regex` or
 * `rewrite-target` on the host switches all its paths; canaries do not count, their own keys are not read), and the
 * TLS certificates (a host has TLS when any Ingress of the class lists it under `spec.tls`).
 */
import { isCanary, regexModeKey } from '../ingress/ingress-paths.js';
import { asArray, asObject, asString, type K8sObject, rawAnnotations } from '../k8s/object.js';
import { routePaths } from './matches.js';

export interface SecretRef {
  readonly namespace: string;
  readonly name: string;
}

export interface HostFacts {
  /** Ingresses (namespace/name) whose key switches the host to regex mode. */
  readonly regexCauses: string[];
  readonly certificates: SecretRef[];
}

export interface ClassIngress {
  readonly ingress: K8sObject;
  readonly namespace: string;
  readonly name: string;
}

/** The facts of each host of one class. */
export function hostFactsOf(ingresses: readonly ClassIngress[]): Map<string, HostFacts> {
  const facts = new Map<string, HostFacts>();
  const get = (host: string): HostFacts => {
    let f = facts.get(host);
    if (f === undefined) {
      f = { regexCauses: [], certificates: [] };
      facts.set(host, f);
    }
    return f;
  };
  // TLS hosts by name, and wildcards (`*.example.com`, one label) by their suffix (`.example.com`), with the order of
  // their entries: a host looks up both instead of testing every entry (linear in the input, not hosts x entries).
  const exact = new Map<string, { order: number; secret: SecretRef }[]>();
  const wildcard = new Map<string, { order: number; secret: SecretRef }[]>();
  let order = 0;
  for (const { ingress, namespace, name } of ingresses) {
    const annotations = rawAnnotations(ingress);
    const hosts = new Set(routePaths(ingress).map((p) => p.host));
    if (!isCanary(annotations) && regexModeKey(annotations) !== undefined) {
      for (const h of hosts) get(h).regexCauses.push(`${namespace}/${name}`);
    }
    for (const h of hosts) get(h);
    for (const t of asArray(asObject(ingress.spec)?.tls)) {
      const entry = asObject(t);
      const secretName = asString(entry?.secretName);
      if (secretName === undefined || secretName === '') continue;
      const secret = { namespace, name: secretName };
      for (const h of asArray(entry?.hosts)) {
        if (typeof h !== 'string') continue;
        const [table, key] = h.startsWith('*.') ? [wildcard, h.slice(1)] : [exact, h];
        const list = table.get(key);
        if (list) list.push({ order, secret });
        else table.set(key, [{ order, secret }]);
      }
      order++;
    }
  }
  for (const [host, f] of facts) {
    if (host === '') continue;
    const dot = host.indexOf('.');
    const covering = [...(exact.get(host) ?? []), ...(dot > 0 ? (wildcard.get(host.slice(dot)) ?? []) : [])];
    const seen = new Set<string>();
    for (const { secret } of covering.sort((a, b) => a.order - b.order)) {
      const key = `${secret.namespace}/${secret.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      f.certificates.push(secret);
    }
  }
  return facts;
}
