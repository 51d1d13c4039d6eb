import type { RuleFinding } from '../../engine/rule.js';
import { nginxAnnotationByKey, nginxAnnotationByName } from '../../ingress/nginx-catalogue.js';
import { rawAnnotations } from '../../k8s/object.js';
import { quoteValue } from '../../k8s/text.js';
import { defineRule } from '../define-rule.js';
import { confidenceNote } from '../shared/annotation-text.js';
import { nginxServing } from '../shared/nginx-serving.js';

const PRERELEASE = /-.*$/;

/** " (canonical since v1.9.0)": the first release whose source has the canonical key. */
function sinceText(since: string | null): string {
  if (since === null || since.startsWith('<=')) return '';
  return ` (canonical since v${since.replace(PRERELEASE, '')})`;
}

export const ingressAnnotationAlias = defineRule({
  meta: {
    id: 'ingress-annotation-alias',
    family: 'ingress-annotations',
    severity: 'info',
    title: 'ingress-nginx annotations use the canonical key, not a legacy alias',
    rationale:
      'ingress-nginx still reads whitelist-source-range and limit-whitelist, but only when the canonical ' +
      'allowlist-source-range or limit-allowlist is absent or empty. An Ingress that carries both, typically after ' +
      'a half-done rename, silently ignores the legacy list, so an IP range someone added there is not allowed in ' +
      '(or not exempt from rate limiting) while the manifest says it is.',
    remediation:
      'Rename the key to its canonical spelling and merge the two lists when both are set. On Gateway API neither ' +
      'spelling has a standard equivalent: IP allow-lists become a security policy of the chosen implementation ' +
      '(ingress2gateway emits one for Envoy Gateway from whitelist-source-range only).',
    kinds: ['Ingress'],
    messages: {
      legacyAlias:
        '{{key}} {{value}} is the legacy alias of {{canonicalKey}}{{since}}; rename it.{{i2gNote}}{{confidence}}',
      aliasRepeatsCanonical:
        '{{key}} {{value}} is ignored because {{canonicalKey}} is also set (to the same value); delete the legacy ' +
        'key.{{confidence}}',
      aliasOverridden:
        '{{key}} {{value}} is ignored because {{canonicalKey}} is also set to {{canonicalValue}}; delete the legacy ' +
        'key after merging the lists.{{confidence}}',
    },
    severityShift: { raise: 'the canonical key is also set to a different list, which overrides the legacy one' },
    examples: {
      invalid: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: admin
  namespace: shop
  annotations:
    nginx.ingress.kubernetes.io/whitelist-source-range: "10.0.0.0/8,192.168.0.0/16"
spec:
  ingressClassName: nginx
  rules:
    - host: admin.shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service: {name: admin, port: {number: 8080}}
`,
      valid: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: admin
  namespace: shop
  annotations:
    nginx.ingress.kubernetes.io/allowlist-source-range: "10.0.0.0/8,192.168.0.0/16"
spec:
  ingressClassName: nginx
  rules:
    - host: admin.shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service: {name: admin, port: {number: 8080}}
`,
    },
  },
  check(object, ctx) {
    const serving = nginxServing(object, ctx);
    if (serving === undefined) return [];
    const prefix = serving.annotationsPrefix;
    const annotations = rawAnnotations(object);
    const findings: RuleFinding<'legacyAlias' | 'aliasRepeatsCanonical' | 'aliasOverridden'>[] = [];
    for (const [key, value] of Object.entries(annotations)) {
      const entry = nginxAnnotationByKey(key, prefix);
      if (entry?.status !== 'alias' || entry.aliasOf === null) continue;
      const canonical = nginxAnnotationByName(entry.aliasOf);
      const canonicalKey = `${prefix}${entry.aliasOf}`;
      const canonicalValue = annotations[canonicalKey];
      const at = ['metadata', 'annotations', key];
      if (typeof canonicalValue === 'string' && canonicalValue !== '') {
        const data = { key, value: quoteValue(value), canonicalKey, confidence: confidenceNote(serving) };
        findings.push(
          canonicalValue.trim() === String(value).trim()
            ? { messageId: 'aliasRepeatsCanonical', data, path: at }
            : {
                messageId: 'aliasOverridden',
                data: { ...data, canonicalValue: quoteValue(canonicalValue) },
                path: at,
                shift: 'raise',
              },
        );
        continue;
      }
      const i2gNote =
        canonical !== undefined && entry.i2g.status !== 'not-recognized' && canonical.i2g.status === 'not-recognized'
          ? ' Note that ingress2gateway reads only the legacy spelling, so convert before renaming.'
          : '';
      findings.push({
        messageId: 'legacyAlias',
        data: {
          key,
          value: quoteValue(value),
          canonicalKey,
          since: sinceText(canonical?.since ?? null),
          i2gNote,
          confidence: confidenceNote(serving),
        },
        path: at,
      });
    }
    return findings;
  },
});
