import type { RuleFinding } from '../../engine/rule.js';
import { nginxAnnotationByKey } from '../../ingress/nginx-catalogue.js';
import { rawAnnotations } from '../../k8s/object.js';
import { quoteValue } from '../../k8s/text.js';
import { defineRule } from '../define-rule.js';
import { confidenceNote } from '../shared/annotation-text.js';
import { nginxServing } from '../shared/nginx-serving.js';

export const ingressRemovedAnnotation = defineRule({
  meta: {
    id: 'ingress-removed-annotation',
    family: 'ingress-annotations',
    severity: 'warning',
    title: 'Ingresses do not rely on annotations ingress-nginx has removed',
    rationale:
      'When ingress-nginx drops an annotation, Ingresses that still carry it keep being accepted and the setting ' +
      'just stops applying: secure-backends no longer makes the upstream connection TLS, a lua-resty-waf no longer ' +
      'filters anything, global-rate-limit (gone in v1.12) no longer limits. Nobody notices until the traffic it ' +
      'used to stop gets through.',
    remediation:
      'Replace the key with its successor where there is one (backend-protocol for secure-backends and ' +
      'grpc-backend, enable-opentelemetry for enable-opentracing, limit-rps or limit-rpm for global-rate-limit, ' +
      'enable-modsecurity for lua-resty-waf) or delete it; removed keys need no Gateway API counterpart.',
    kinds: ['Ingress'],
    messages: {
      removedWithSuccessor:
        '{{key}} was removed in ingress-nginx v{{version}}, so {{value}} does nothing. Use {{replacement}} ' +
        'instead.{{confidence}}',
      removedWithoutSuccessor:
        '{{key}} was removed in ingress-nginx v{{version}}, so {{value}} does nothing. Delete it.{{confidence}}',
    },
    examples: {
      invalid: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: payments
  namespace: shop
  annotations:
    nginx.ingress.kubernetes.io/secure-backends: "true"
spec:
  ingressClassName: nginx
  rules:
    - host: payments.shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service: {name: payments, port: {number: 8443}}
`,
      valid: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: payments
  namespace: shop
  annotations:
    nginx.ingress.kubernetes.io/backend-protocol: HTTPS
spec:
  ingressClassName: nginx
  rules:
    - host: payments.shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service: {name: payments, port: {number: 8443}}
`,
    },
  },
  check(object, ctx) {
    const serving = nginxServing(object, ctx);
    if (serving === undefined) return [];
    const findings: RuleFinding<'removedWithSuccessor' | 'removedWithoutSuccessor'>[] = [];
    for (const [key, value] of Object.entries(rawAnnotations(object))) {
      const entry = nginxAnnotationByKey(key, serving.annotationsPrefix);
      if (entry?.status !== 'removed') continue;
      const data = {
        key,
        version: String(entry.removedIn),
        value: quoteValue(value),
        confidence: confidenceNote(serving),
      };
      const path = ['metadata', 'annotations', key];
      findings.push(
        entry.replacement === null
          ? { messageId: 'removedWithoutSuccessor', data, path }
          : { messageId: 'removedWithSuccessor', data: { ...data, replacement: entry.replacement }, path },
      );
    }
    return findings;
  },
});
