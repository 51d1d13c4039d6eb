import type { RuleFinding } from '../../engine/rule.js';
import { closestMatch, MAX_SUGGESTIONS_PER_OBJECT } from '../../engine/suggest.js';
import { controllerPrefixOf, INGRESS_NGINX_PREFIX } from '../../ingress/annotation-prefixes.js';
import { CONTROLLER_LABELS } from '../../ingress/controller-ids.js';
import { nginxAnnotationByName } from '../../ingress/nginx-catalogue.js';
import { rawAnnotations } from '../../k8s/object.js';
import { quoteValue } from '../../k8s/text.js';
import { defineRule } from '../define-rule.js';
import { confidenceNote, suggestNginxName } from '../shared/annotation-text.js';
import { nginxServing, prefixReason } from '../shared/nginx-serving.js';

/**
 * A misspelt ingress-nginx prefix (`nginx.ingress.kubernetes.com/`, `ingress.kubernetes.io/`, or one near the
 * controller's own `--annotations-prefix`) on a key it knows: the key the controller reads instead.
 */
function prefixTypo(key: string, prefix: string): string | undefined {
  const slash = key.indexOf('/');
  if (slash < 0 || controllerPrefixOf(key) !== undefined) return undefined;
  const name = key.slice(slash + 1);
  const entry = nginxAnnotationByName(name);
  if (entry === undefined || entry.status === 'removed') return undefined;
  const domains = [...new Set([prefix.slice(0, -1), INGRESS_NGINX_PREFIX.slice(0, -1)])];
  return closestMatch(key.slice(0, slash), domains) === undefined ? undefined : `${prefix}${name}`;
}

export const ingressUnknownAnnotation = defineRule({
  meta: {
    id: 'ingress-unknown-annotation',
    family: 'ingress-annotations',
    severity: 'warning',
    title: 'ingress-nginx annotations use keys the controller reads',
    rationale:
      'ingress-nginx ignores annotation keys it does not know, without an event or a log line. A typo such as ' +
      'rewrite-targe or a misspelt prefix leaves the Ingress serving something other than what the manifest says: ' +
      'the rewrite, the auth check or the IP allow-list silently does not exist, and the first to notice is a user ' +
      'or an attacker. A controller run with --annotations-prefix reads keys under that prefix only, so every ' +
      'nginx.ingress.kubernetes.io/* key copied from the documentation does nothing there.',
    remediation:
      'Correct the key to the suggested one, or delete it; the annotation reference lists every key by name. Under a ' +
      'controller with its own --annotations-prefix, move the keys under that prefix. Keys of ' +
      'another controller (nginx.org/*, traefik.ingress.kubernetes.io/*) only matter if that controller takes the ' +
      'Ingress over. When moving to Gateway API, a key that never worked needs no counterpart.',
    kinds: ['Ingress'],
    messages: {
      unknownKey:
        '{{key}} is not an annotation ingress-nginx reads, so {{value}} does nothing.{{suggestion}}{{confidence}}',
      wrongPrefix:
        '{{key}} has the wrong prefix, so ingress-nginx ignores {{value}}: it reads {{fixed}} (unless the controller ' +
        'runs with a matching --annotations-prefix).{{confidence}}',
      defaultPrefixIgnored:
        '{{key}} is under the default prefix, but the ingress-nginx controller serving this Ingress reads ' +
        '{{prefix}}* keys ({{reason}}): its admission webhook rejects the Ingress ("this deployment has a custom ' +
        'annotation prefix defined"), and without the webhook {{value}} does nothing. Use {{fixed}}.{{confidence}}',
      otherControllerKey:
        '{{key}} is read by {{controller}}, not by ingress-nginx, which serves this Ingress ({{evidence}}), so ' +
        '{{value}} has no effect.',
    },
    severityShift: {
      lower: 'the key belongs to another controller, which does not serve this Ingress',
      raise:
        'the key is under the default prefix while the serving controller reads another one: its admission webhook rejects the Ingress (controller.go CheckIngress)',
    },
    examples: {
      invalid: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: legacy-api
  namespace: shop
  annotations:
    nginx.ingress.kubernetes.io/rewrite-targe: /$2
    nginx.ingress.kubernetes.io/use-regex: "true"
spec:
  ingressClassName: nginx
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /legacy(/|$)(.*)
            pathType: ImplementationSpecific
            backend:
              service: {name: legacy-api, port: {number: 8080}}
`,
      valid: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: legacy-api
  namespace: shop
  annotations:
    nginx.ingress.kubernetes.io/rewrite-target: /$2
    nginx.ingress.kubernetes.io/use-regex: "true"
spec:
  ingressClassName: nginx
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /legacy(/|$)(.*)
            pathType: ImplementationSpecific
            backend:
              service: {name: legacy-api, port: {number: 8080}}
`,
    },
  },
  check(object, ctx) {
    const serving = nginxServing(object, ctx);
    if (serving === undefined) return [];
    const prefix = serving.annotationsPrefix;
    const findings: RuleFinding<'unknownKey' | 'wrongPrefix' | 'defaultPrefixIgnored' | 'otherControllerKey'>[] = [];
    const confidence = confidenceNote(serving);
    // Only the first unknown keys get a "did you mean": an object may carry thousands of them.
    let suggested = 0;
    for (const [key, value] of Object.entries(rawAnnotations(object))) {
      const path = ['metadata', 'annotations', key];
      if (key.startsWith(prefix)) {
        const name = key.slice(prefix.length);
        // Removed keys and aliases have their own rules, and every *-snippet key is reported as a snippet.
        if (nginxAnnotationByName(name) !== undefined || name.endsWith('-snippet')) continue;
        const suggestion = suggested++ < MAX_SUGGESTIONS_PER_OBJECT ? suggestNginxName(name) : undefined;
        findings.push({
          messageId: 'unknownKey',
          data: {
            key,
            value: quoteValue(value),
            suggestion: suggestion === undefined ? '' : ` Did you mean ${prefix}${suggestion}?`,
            confidence,
          },
          path,
        });
      } else if (key.startsWith(INGRESS_NGINX_PREFIX)) {
        // The controller runs with another --annotations-prefix: a default-prefix key is not read at all.
        const name = key.slice(INGRESS_NGINX_PREFIX.length);
        findings.push({
          messageId: 'defaultPrefixIgnored',
          data: {
            key,
            prefix,
            reason: prefixReason(serving),
            value: quoteValue(value),
            fixed: `${prefix}${name}`,
            confidence,
          },
          path,
          shift: 'raise',
        });
      } else {
        const foreign = controllerPrefixOf(key);
        if (foreign !== undefined) {
          // Keys kept for another controller are dead while ingress-nginx serves the Ingress; only say so when sure.
          if (serving.confidence !== 'high') continue;
          findings.push({
            messageId: 'otherControllerKey',
            data: {
              key,
              controller: CONTROLLER_LABELS[foreign.controller],
              evidence: serving.evidence,
              value: quoteValue(value),
            },
            path,
            shift: 'lower',
          });
          continue;
        }
        const fixed = prefixTypo(key, prefix);
        if (fixed === undefined) continue;
        findings.push({ messageId: 'wrongPrefix', data: { key, value: quoteValue(value), fixed, confidence }, path });
      }
    }
    return findings;
  },
});
