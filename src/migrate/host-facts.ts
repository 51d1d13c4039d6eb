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

/** `host` is covered by a TLS host: equal, or under its wildcard (`*.example.com` covers `a.example.com`). */
function covers(tlsHost: string, host: string): boolean {
  if (tlsHost === host) return true;
  if (!tlsHost.startsWith('*.')) return false;
  const suffix = tlsHost.slice(1);
  return host.endsWith(suffix) && !host.slice(0, -suffix.length).includes('.');
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
  const tlsEntries: { hosts: string[]; secret: SecretRef }[] = [];
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
      const tlsHosts = asArray(entry?.hosts).filter((h): h is string => typeof h === 'string');
      tlsEntries.push({ hosts: tlsHosts, secret: { namespace, name: secretName } });
    }
  }
  for (const [host, f] of facts) {
    if (host === '') continue;
    for (const { hosts, secret } of tlsEntries) {
      if (!hosts.some((t) => covers(t, host))) continue;
      if (!f.certificates.some((c) => c.namespace === secret.namespace && c.name === secret.name)) {
        f.certificates.push(secret);
      }
    }
  }
  return facts;
}
