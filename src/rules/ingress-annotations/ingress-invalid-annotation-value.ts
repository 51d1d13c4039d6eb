import type { RuleFinding } from '../../engine/rule.js';
import { controllerPrefixOf } from '../../ingress/annotation-prefixes.js';
import type { IngressControllerResolution } from '../../ingress/ingress-class.js';
import { nginxAnnotationByKey } from '../../ingress/nginx-catalogue.js';
import { type NginxValueEffect, nginxValueProblem } from '../../ingress/nginx-values.js';
import { rawAnnotations } from '../../k8s/object.js';
import { quoteValue } from '../../k8s/text.js';
import { defineRule } from '../define-rule.js';
import { confidenceNote } from '../shared/annotation-text.js';
import { nginxPrefix, nginxServing } from '../shared/nginx-serving.js';

/** One message per effect of a bad value; `reason` is the catalogue's clause ("takes a whole number of seconds"). */
const messages = {
  valueRejected:
    '{{key}} {{value}} {{reason}}: ingress-nginx v1.12+ (annotation validation on by default) refuses the whole ' +
    'Ingress, and older controllers ignore the value.{{confidence}}',
  valueIgnored: '{{key}} {{value}} {{reason}}: ingress-nginx does not apply the annotation.{{confidence}}',
  valueDefaulted: '{{key}} {{value}} {{reason}}: ingress-nginx falls back to its default.{{confidence}}',
  valueLiteral: '{{key}} {{value}} {{reason}}: ingress-nginx uses the text as written.{{confidence}}',
  notAString:
    '{{key}} is written as a YAML {{type}} ({{value}}), not a string: the API server rejects the Ingress because ' +
    'annotation values must be strings; quote it.',
} as const;

type MessageId = keyof typeof messages;

const EFFECT: Readonly<Record<NginxValueEffect, MessageId>> = {
  rejected: 'valueRejected',
  ignored: 'valueIgnored',
  defaulted: 'valueDefaulted',
  literal: 'valueLiteral',
};

function typeName(value: unknown): string {
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number' || typeof value === 'bigint') return 'number';
  return Array.isArray(value) ? 'list' : 'mapping';
}

function nginxValueFinding(
  key: string,
  value: string,
  serving: IngressControllerResolution,
): RuleFinding<MessageId> | undefined {
  const entry = nginxAnnotationByKey(key, serving.annotationsPrefix);
  if (entry === undefined || entry.status === 'removed') return undefined;
  const problem = nginxValueProblem(entry.value, value);
  if (problem === undefined) return undefined;
  return {
    messageId: EFFECT[problem.effect],
    data: { key, value: quoteValue(value), reason: problem.reason, confidence: confidenceNote(serving) },
    path: ['metadata', 'annotations', key],
  };
}

export const ingressInvalidAnnotationValue = defineRule({
  meta: {
    id: 'ingress-invalid-annotation-value',
    family: 'ingress-annotations',
    severity: 'error',
    title: 'Controller annotations have values the controller accepts',
    rationale:
      'Annotation values are free text to Kubernetes but typed to ingress-nginx: proxy-read-timeout "60s", ' +
      'proxy-body-size "10MB", ssl-redirect "yes" or a CIDR list with a trailing comma fail its validator. Since ' +
      'v1.12 validation is on by default and the controller refuses the whole Ingress, so a harmless-looking tweak ' +
      'takes every route of the Ingress down at the next upgrade; older controllers silently use the default ' +
      'instead. A value written unquoted (true, 600) is not a string at all, and the API server rejects the manifest.',
    remediation:
      'Quote every annotation value and write it in the form the key expects: whole seconds for timeouts (60), nginx ' +
      'sizes (10m), "true" or "false", comma-separated IPs or CIDRs, one of the listed values for enumerations, and ' +
      'absolute http(s) URLs for auth-url and redirects. On Gateway API the timeouts become HTTPRoute ' +
      'rules[].timeouts, which take durations such as 60s.',
    kinds: ['Ingress'],
    messages,
    examples: {
      invalid: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: uploads
  namespace: media
  annotations:
    nginx.ingress.kubernetes.io/proxy-read-timeout: 300s
    nginx.ingress.kubernetes.io/proxy-body-size: 50MB
spec:
  ingressClassName: nginx
  rules:
    - host: uploads.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service: {name: uploads, port: {number: 8080}}
`,
      valid: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: uploads
  namespace: media
  annotations:
    nginx.ingress.kubernetes.io/proxy-read-timeout: "300"
    nginx.ingress.kubernetes.io/proxy-body-size: 50m
spec:
  ingressClassName: nginx
  rules:
    - host: uploads.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service: {name: uploads, port: {number: 8080}}
`,
    },
  },
  check(object, ctx) {
    const findings: RuleFinding<MessageId>[] = [];
    const serving = nginxServing(object, ctx);
    for (const [key, value] of Object.entries(rawAnnotations(object))) {
      if (value === null || value === undefined) continue;
      if (typeof value !== 'string') {
        if (controllerPrefixOf(key) === undefined && !key.startsWith(nginxPrefix(object, ctx))) continue;
        findings.push({
          messageId: 'notAString',
          data: { key, type: typeName(value), value: String(value) },
          path: ['metadata', 'annotations', key],
        });
        continue;
      }
      if (serving === undefined) continue;
      const finding = nginxValueFinding(key, value, serving);
      if (finding) findings.push(finding);
    }
    return findings;
  },
});
