import type { RuleFinding } from '../../engine/rule.js';
import { type ControllerPrefix, controllerPrefixOf } from '../../ingress/annotation-prefixes.js';
import { CONTROLLER_LABELS, type IngressControllerId } from '../../ingress/controller-ids.js';
import { nginxAnnotationByName } from '../../ingress/nginx-catalogue.js';
import { rawAnnotations } from '../../k8s/object.js';
import { defineRule } from '../define-rule.js';
import { annotationGroupsText } from '../shared/annotation-text.js';
import { nginxPrefix } from '../shared/nginx-serving.js';

export interface IngressAnnotationSprawlOptions {
  /** A warning when one controller's annotations on an Ingress are more than this. */
  warnAbove: number;
  /** An error when they are more than this. */
  errorAbove: number;
}

interface ControllerKeys {
  controller: IngressControllerId;
  prefixes: Set<string>;
  keys: string[];
}

/** The keys by controller; `nginxPrefix` is the one the Ingress's ingress-nginx controller reads. */
function byController(keys: readonly string[], nginxPrefix: string): ControllerKeys[] {
  const out = new Map<IngressControllerId, ControllerKeys>();
  for (const key of keys) {
    const p: ControllerPrefix | undefined = key.startsWith(nginxPrefix)
      ? { prefix: nginxPrefix, controller: 'ingress-nginx' }
      : controllerPrefixOf(key);
    if (p === undefined) continue;
    let entry = out.get(p.controller);
    if (entry === undefined) {
      entry = { controller: p.controller, prefixes: new Set(), keys: [] };
      out.set(p.controller, entry);
    }
    entry.prefixes.add(p.prefix);
    entry.keys.push(key);
  }
  return [...out.values()];
}

/** For ingress-nginx: how many of the keys ingress2gateway turns into standard Gateway API. */
function conversionNote(group: ControllerKeys): string {
  if (group.controller !== 'ingress-nginx') return '';
  const converted = group.keys.filter(
    (k) => nginxAnnotationByName(k.slice(k.indexOf('/') + 1))?.i2g.supported === true,
  ).length;
  return ` ingress2gateway converts ${converted} of them to standard Gateway API; the other ${group.keys.length - converted} need implementation-specific policies or a redesign.`;
}

/** The option defaults (typed, so `defineRule` infers the options and the message ids). */
const DEFAULTS: IngressAnnotationSprawlOptions = { warnAbove: 5, errorAbove: 20 };

export const ingressAnnotationSprawl = defineRule({
  meta: {
    id: 'ingress-annotation-sprawl',
    family: 'ingress-annotations',
    severity: 'warning',
    title: 'Ingresses keep controller annotations to a reviewable number',
    rationale:
      'Each controller annotation is behaviour that lives outside the Ingress API: it is checked by no schema, read ' +
      'by one controller only, and forgotten once its author moves on. An Ingress with five of them migrates in an ' +
      'afternoon; one with twenty, mixing auth, CORS, rate limits, rewrites and snippets, is the Ingress nobody ' +
      'dares to touch when the controller has to be replaced, as every ingress-nginx user must now that the project ' +
      'was retired in March 2026.',
    remediation:
      'Drop annotations that restate controller defaults, move repeated settings into the controller ConfigMap, and ' +
      'split unrelated concerns into separate Ingresses; on Gateway API, rewrites, redirects, header changes, CORS, ' +
      'canary weights and timeouts become HTTPRoute filters and fields, while auth, rate limiting and IP lists become ' +
      'policies of the chosen implementation.',
    kinds: ['Ingress'],
    messages: {
      aboveWarnThreshold:
        'This Ingress carries {{count}} {{controller}} annotations ({{prefixes}}), above {{threshold}}: ' +
        '{{groups}}.{{conversion}}',
      aboveErrorThreshold:
        'This Ingress carries {{count}} {{controller}} annotations ({{prefixes}}), above the error threshold of ' +
        '{{threshold}}: {{groups}}.{{conversion}}',
    },
    severityShift: { raise: 'one controller has more annotations than `errorAbove` (20 by default)' },
    options: {
      schema: {
        type: 'object',
        additionalProperties: false,
        properties: {
          warnAbove: {
            type: 'integer',
            minimum: 0,
            description: 'A warning when one controller has more annotations than this on an Ingress.',
          },
          errorAbove: {
            type: 'integer',
            minimum: 0,
            description: 'An error when one controller has more annotations than this on an Ingress.',
          },
        },
      },
      defaults: DEFAULTS,
    },
    examples: {
      invalid: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: storefront-api
  namespace: shop
  annotations:
    nginx.ingress.kubernetes.io/enable-cors: "true"
    nginx.ingress.kubernetes.io/cors-allow-origin: "https://shop.example.com"
    nginx.ingress.kubernetes.io/cors-allow-methods: "GET, POST, OPTIONS"
    nginx.ingress.kubernetes.io/cors-allow-credentials: "true"
    nginx.ingress.kubernetes.io/limit-rps: "20"
    nginx.ingress.kubernetes.io/limit-burst-multiplier: "3"
    nginx.ingress.kubernetes.io/proxy-body-size: 8m
    nginx.ingress.kubernetes.io/proxy-read-timeout: "120"
spec:
  ingressClassName: nginx
  rules:
    - host: api.shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service: {name: storefront-api, port: {number: 8080}}
`,
      valid: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: storefront-api
  namespace: shop
  annotations:
    nginx.ingress.kubernetes.io/proxy-body-size: 8m
    nginx.ingress.kubernetes.io/proxy-read-timeout: "120"
    cert-manager.io/cluster-issuer: letsencrypt
spec:
  ingressClassName: nginx
  rules:
    - host: api.shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service: {name: storefront-api, port: {number: 8080}}
`,
    },
  },
  check(object, ctx) {
    const { warnAbove, errorAbove } = ctx.options;
    const findings: RuleFinding<'aboveWarnThreshold' | 'aboveErrorThreshold'>[] = [];
    const nginxKeys = nginxPrefix(object, ctx);
    for (const group of byController(Object.keys(rawAnnotations(object)), nginxKeys)) {
      const n = group.keys.length;
      if (n <= warnAbove) continue;
      const isError = n > errorAbove;
      const data = {
        count: n,
        controller: CONTROLLER_LABELS[group.controller],
        prefixes: [...group.prefixes].map((p) => `${p}*`).join(', '),
        threshold: isError ? errorAbove : warnAbove,
        groups: annotationGroupsText(group.keys, nginxKeys),
        conversion: conversionNote(group),
      };
      const path = ['metadata', 'annotations'];
      findings.push(
        isError
          ? { messageId: 'aboveErrorThreshold', data, path, shift: 'raise' }
          : { messageId: 'aboveWarnThreshold', data, path },
      );
    }
    return findings;
  },
});
