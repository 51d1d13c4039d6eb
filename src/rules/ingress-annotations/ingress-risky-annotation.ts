import type { RuleFinding } from '../../engine/rule.js';
import { nginxAnnotationByKey } from '../../ingress/nginx-catalogue.js';
import { rawAnnotations } from '../../k8s/object.js';
import { listText, quoteValue } from '../../k8s/text.js';
import { defineRule } from '../define-rule.js';
import { confidenceNote, gatewayApiFate } from '../shared/annotation-text.js';
import { nginxServing } from '../shared/nginx-serving.js';

export const ingressRiskyAnnotation = defineRule({
  meta: {
    id: 'ingress-risky-annotation',
    family: 'ingress-annotations',
    severity: 'warning',
    title: 'Ingresses avoid annotations ingress-nginx rates High or Critical risk',
    rationale:
      'ingress-nginx rates each annotation by how much of the nginx configuration its value reaches. The High ' +
      'ones (auth-url, auth-signin, auth-tls-match-cn, mirror-target, mirror-host, server-alias, proxy-ssl-name, ' +
      'upstream-hash-by and others) were the injection points of CVE-2025-1097, CVE-2025-1098 and CVE-2025-24514, ' +
      "server-alias can take over another team's host, and a controller configured with a stricter " +
      'annotations-risk-level refuses the whole Ingress. After the March 2026 retirement these holes are no ' +
      'longer patched.',
    remediation:
      'Keep these values fixed and reviewed (no request-controlled nginx variables), limit who may edit Ingresses, ' +
      'and plan the Gateway API replacement: external auth becomes an implementation policy (the HTTP external auth ' +
      'filter is still experimental), mirror-target a RequestMirror filter, server-alias extra hostnames on the ' +
      'HTTPRoute, proxy-ssl-name a BackendTLSPolicy hostname, and consistent hashing an implementation policy.',
    kinds: ['Ingress'],
    messages: {
      highRisk:
        "{{key}} {{value}} is at ingress-nginx's High risk level: a controller whose annotations-risk-level is set " +
        'below High refuses the Ingress, and {{gatewayApi}}.{{cves}}{{confidence}}',
    },
    examples: {
      invalid: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: grafana
  namespace: monitoring
  annotations:
    nginx.ingress.kubernetes.io/auth-url: "https://oauth2.example.com/oauth2/auth"
    nginx.ingress.kubernetes.io/auth-signin: "https://oauth2.example.com/oauth2/start?rd=$escaped_request_uri"
spec:
  ingressClassName: nginx
  rules:
    - host: grafana.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service: {name: grafana, port: {number: 3000}}
`,
      valid: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: grafana
  namespace: monitoring
  annotations:
    nginx.ingress.kubernetes.io/auth-type: basic
    nginx.ingress.kubernetes.io/auth-secret: grafana-basic-auth
spec:
  ingressClassName: nginx
  rules:
    - host: grafana.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service: {name: grafana, port: {number: 3000}}
`,
    },
  },
  check(object, ctx) {
    const serving = nginxServing(object, ctx);
    if (serving === undefined) return [];
    const findings: RuleFinding<'highRisk'>[] = [];
    for (const [key, value] of Object.entries(rawAnnotations(object))) {
      const entry = nginxAnnotationByKey(key, serving.annotationsPrefix);
      if (entry === undefined || entry.snippet || entry.status === 'removed') continue;
      // Every Critical key of the catalogue is a snippet, which ingress-snippet-annotation reports (the test checks it).
      if (entry.riskLevel !== 'High') continue;
      findings.push({
        messageId: 'highRisk',
        data: {
          key,
          value: quoteValue(value),
          gatewayApi: gatewayApiFate(entry),
          cves: entry.cves.length > 0 ? ` It was the injection vector of ${listText(entry.cves)}.` : '',
          confidence: confidenceNote(serving),
        },
        path: ['metadata', 'annotations', key],
      });
    }
    return findings;
  },
});
