/**
 * BackendTLSPolicies: one per backend Service port that an Ingress with `backend-protocol` HTTPS or GRPCS sends to
 * (its own backends and any canary Service its rules carry, since a canary takes the main location's protocol). The
 * policy names the CA as a ConfigMap (the kind every implementation supports; ingress-nginx kept it in a Secret) and
 * the hostname to verify: `proxy-ssl-name`, else the Service's cluster name. Two Ingresses that want different
 * settings for one Service port: the first one's are kept and the other is told.
 */
import type { ObjectLookup } from '../k8s/lookup.js';
import { asArray, asObject, asString, type JsonObject } from '../k8s/object.js';
import type { BackendTlsEffect } from './draft.js';
import { GATEWAY_V1, objectName, sourceAnnotation } from './gateway-api.js';
import type { BuiltObject } from './gateways.js';
import type { IngressProblem } from './record.js';

interface PolicyDraft {
  readonly namespace: string;
  readonly service: string;
  readonly sectionName?: string;
  readonly port: number;
  readonly hostname: string;
  readonly configMap: string;
  readonly secret?: { readonly namespace: string; readonly name: string };
  readonly sources: Set<string>;
}

/** The name of the Service port with this number, when the Service is among the inputs and names it. */
function portName(index: ObjectLookup, namespace: string, service: string, port: number): string | undefined {
  const svc = index.get('Service', namespace, service);
  const match = asArray(asObject(svc?.spec)?.ports)
    .map(asObject)
    .find((p) => p?.port === port);
  return asString(match?.name);
}

export class BackendTlsSet {
  readonly #policies = new Map<string, PolicyDraft>();
  readonly #index: ObjectLookup;

  constructor(index: ObjectLookup) {
    this.#index = index;
  }

  /**
   * Adds the policies for the backendRefs of a route of `routeNamespace`; returns what the Ingress must do or know
   * (the ConfigMap to create, a conflict).
   */
  add(routeNamespace: string, rules: readonly JsonObject[], tls: BackendTlsEffect, source: string): IngressProblem[] {
    const problems: IngressProblem[] = [];
    for (const rule of rules) {
      for (const ref of asArray(rule.backendRefs).map(asObject)) {
        const service = asString(ref?.name);
        const port = ref?.port;
        if (service === undefined || typeof port !== 'number') continue;
        const namespace = asString(ref?.namespace) ?? routeNamespace;
        const sectionName = portName(this.#index, namespace, service, port);
        const key = `${namespace}/${service}/${sectionName ?? ''}`;
        const hostname = tls.hostname ?? `${service}.${namespace}.svc`;
        const configMap = tls.secret !== undefined ? `${tls.secret.name}-ca` : `${service}-backend-ca`;
        const existing = this.#policies.get(key);
        if (existing !== undefined) {
          existing.sources.add(source);
          if (existing.hostname !== hostname || existing.configMap !== configMap) {
            problems.push({
              message:
                `Service ${namespace}/${service} already has a BackendTLSPolicy from ${[...existing.sources][0]} ` +
                `(hostname ${existing.hostname}, CA ConfigMap ${existing.configMap}); this Ingress's ` +
                `${hostname} / ${configMap} is not applied: one policy per Service port`,
            });
          }
          continue;
        }
        this.#policies.set(key, {
          namespace,
          service,
          ...(sectionName !== undefined ? { sectionName } : {}),
          port,
          hostname,
          configMap,
          ...(tls.secret !== undefined ? { secret: tls.secret } : {}),
          sources: new Set([source]),
        });
        problems.push({
          message:
            `the BackendTLSPolicy for Service ${namespace}/${service} needs ConfigMap ${namespace}/${configMap} with ` +
            `the CA that signs the backend's certificate (key ca.crt)` +
            (tls.secret !== undefined
              ? `, from Secret ${tls.secret.namespace}/${tls.secret.name}`
              : ': ingress-nginx verified nothing (no proxy-ssl-secret)') +
            `, and the certificate must be valid for ${hostname}; create it before applying, or the Gateway refuses ` +
            'the backend',
        });
        if (sectionName === undefined) {
          problems.push({
            message:
              `the BackendTLSPolicy for Service ${namespace}/${service} covers all its ports: the Service is not among ` +
              `the inputs or port ${port} has no name (add the Service, or a sectionName)`,
          });
        }
      }
    }
    return problems;
  }

  build(): BuiltObject[] {
    return [...this.#policies.values()].map((p) => {
      const ca = p.secret
        ? `kubectl -n ${p.namespace} create configmap ${p.configMap} --from-literal=ca.crt="$(kubectl -n ${p.secret.namespace} get secret ${p.secret.name} -o jsonpath='{.data.ca\\.crt}' | base64 -d)"`
        : `kubectl -n ${p.namespace} create configmap ${p.configMap} --from-file=ca.crt=<the CA of the backend's certificate>`;
      return {
        object: {
          apiVersion: GATEWAY_V1,
          kind: 'BackendTLSPolicy',
          metadata: {
            name: objectName(p.service, p.sectionName ?? '', 'tls'),
            namespace: p.namespace,
            annotations: sourceAnnotation(p.sources),
          },
          spec: {
            targetRefs: [
              {
                group: '',
                kind: 'Service',
                name: p.service,
                ...(p.sectionName !== undefined ? { sectionName: p.sectionName } : {}),
              },
            ],
            validation: {
              caCertificateRefs: [{ group: '', kind: 'ConfigMap', name: p.configMap }],
              hostname: p.hostname,
            },
          },
        },
        sources: [...p.sources].sort(),
        comments: [
          `TLS from the Gateway to Service ${p.namespace}/${p.service} port ${p.sectionName ?? `${p.port} (all ports: the port has no name here)`}, for backend-protocol HTTPS/GRPCS of Ingress ${[...p.sources].sort().join(', ')}.`,
          'A BackendTLSPolicy always verifies the certificate against the CA and hostname below (ingress-nginx verified only with proxy-ssl-verify: on).',
          `REQUIRED before applying: ${ca}`,
          ...(p.secret === undefined
            ? [`hostname ${p.hostname} is the Service's cluster name: set the name the backend's certificate carries.`]
            : []),
          "A client certificate (tls.crt in the proxy-ssl-secret) is the Gateway's spec.tls.backend.clientCertificateRef, one for every backend.",
        ],
      };
    });
  }
}
