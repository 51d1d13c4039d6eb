import {
  type Confidence,
  INGRESS_CLASS_ANNOTATION,
  type IngressControllerResolution,
} from '../../ingress/ingress-class.js';
import { FINAL_RELEASES_TEXT, RETIRED_IN } from '../../ingress/nginx-versions.js';
import { refText } from '../../k8s/names.js';
import type { JsonPath } from '../../k8s/object.js';
import { defineRule } from '../define-rule.js';
import { nginxServing } from '../shared/nginx-serving.js';

export interface IngressNginxRetiredIngressOptions {
  /** Report only when the resolver is at least this sure that ingress-nginx serves the Ingress. */
  minConfidence: Confidence;
}

const CONFIDENCE_RANK: Readonly<Record<Confidence, number>> = { low: 1, medium: 2, high: 3 };

/** The field that picks the controller: the class name, the legacy annotation, or the spec a default class fills. */
function classPath(r: IngressControllerResolution): JsonPath {
  switch (r.classSource) {
    case 'spec':
      return ['spec', 'ingressClassName'];
    case 'annotation':
      return ['metadata', 'annotations', INGRESS_CLASS_ANNOTATION];
    case 'default':
      return ['spec'];
    case 'none':
      return ['metadata', 'annotations'];
  }
}

/** Which IngressClass serves the Ingress and how that was decided, as a clause. */
function servedBy(r: IngressControllerResolution): string {
  if (r.className === undefined || r.controllerName === undefined) return r.evidence;
  const how =
    r.classSource === 'default'
      ? ' (the default IngressClass: the Ingress names none)'
      : r.classSource === 'annotation'
        ? ` (named by the ${INGRESS_CLASS_ANNOTATION} annotation)`
        : '';
  return `IngressClass "${r.className}"${how} has controller ${r.controllerName}`;
}

const messages = {
  // One short sentence per Ingress (a cluster has hundreds): why it is retired and what to do is the rule's page.
  servedByIngressNginx:
    'Ingress {{ingress}} is served by the retired ingress-nginx ({{servedBy}}; confidence {{confidence}}): ' +
    `no security fixes after ${FINAL_RELEASES_TEXT}; see \`kubeward migration-report\`.`,
} as const;

/** The option defaults (typed, so `defineRule` infers the options and the message ids). */
const DEFAULTS: IngressNginxRetiredIngressOptions = { minConfidence: 'low' };

export const ingressNginxRetiredIngress = defineRule({
  meta: {
    id: 'ingress-nginx-retired-ingress',
    family: 'ingress-nginx',
    severity: 'warning',
    title: 'Ingresses are not served by the retired ingress-nginx controller',
    groupSummary: {
      one: `1 Ingress is served by ingress-nginx, retired in ${RETIRED_IN}: run \`kubeward migration-report\` for the migration plan.`,
      many: `{{count}} Ingresses in {{files}} are served by ingress-nginx, retired in ${RETIRED_IN}: run \`kubeward migration-report\` for the migration plan.`,
    },
    rationale:
      `The community ingress-nginx controller was retired in ${RETIRED_IN}: its repository is read-only and no CVE ` +
      `found after the final releases (${FINAL_RELEASES_TEXT}) will be fixed. Its track record is a string of ` +
      'configuration-injection advisories, IngressNightmare (CVE-2025-1974, unauthenticated code execution through ' +
      'the admission webhook) among them, in a controller whose default RBAC reads every Secret of the cluster. ' +
      'Each Ingress it serves is a route that has to move to another controller or to Gateway API before the next ' +
      'advisory, which will have no patch.',
    remediation:
      'Run `kubeward migration-report` for the migration audit of the Ingresses and their annotations, and ' +
      '`kubeward migrate --to gateway-api` for Gateway API drafts that name every gap, then move them to a ' +
      'maintained controller: a Gateway API implementation (HTTPRoute), or another Ingress controller with its own ' +
      'IngressClass; suppress the finding on Ingresses that are already scheduled for migration.',
    kinds: ['Ingress'],
    messages,
    options: {
      schema: {
        type: 'object',
        additionalProperties: false,
        properties: {
          minConfidence: {
            type: 'string',
            enum: ['high', 'medium', 'low'],
            description:
              'Report only when ingress-nginx is resolved with at least this confidence (`low` includes an `nginx` class that is not loaded, which F5 NGINX also uses).',
          },
        },
      },
      defaults: DEFAULTS,
    },
    examples: {
      invalid: `apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: nginx
spec:
  controller: k8s.io/ingress-nginx
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: storefront
  namespace: shop
spec:
  ingressClassName: nginx
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service: {name: storefront, port: {number: 8080}}
`,
      valid: `apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: nginx
spec:
  controller: nginx.org/ingress-controller
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: storefront
  namespace: shop
spec:
  ingressClassName: nginx
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service: {name: storefront, port: {number: 8080}}
`,
    },
  },
  check(object, ctx) {
    const r = nginxServing(object, ctx);
    if (r === undefined) return [];
    const min = ctx.options.minConfidence ?? 'low';
    if (CONFIDENCE_RANK[r.confidence] < CONFIDENCE_RANK[min]) return [];
    return [
      {
        messageId: 'servedByIngressNginx',
        data: { ingress: refText(object, ctx.index), servedBy: servedBy(r), confidence: r.confidence },
        path: classPath(r),
      },
    ];
  },
});
