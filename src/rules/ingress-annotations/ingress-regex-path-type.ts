import type { RuleFinding } from '../../engine/rule.js';
import { ingressPaths, looksLikeRegex, regexModeKey } from '../../ingress/ingress-paths.js';
import { servingStrictPathType } from '../../ingress/nginx-path-validation.js';
import { rawAnnotations } from '../../k8s/object.js';
import { defineRule } from '../define-rule.js';
import { confidenceNote } from '../shared/annotation-text.js';
import { nginxServing } from '../shared/nginx-serving.js';

export const ingressRegexPathType = defineRule({
  meta: {
    id: 'ingress-regex-path-type',
    family: 'ingress-annotations',
    severity: 'error',
    title: 'Regular-expression paths use pathType ImplementationSpecific',
    severityShift: {
      lower:
        'the loaded controller does not validate path types strictly (a version before v1.12.0, or strict-validate-path-type: "false" in its ConfigMap), so the Ingress is accepted and only its matching is wrong',
    },
    rationale:
      'Prefix and Exact paths are literal by definition. ingress-nginx only reads them as regular expressions while ' +
      'the host is in regex mode, and since v1.12 strict-validate-path-type refuses any Prefix or Exact path with ' +
      'characters other than letters, digits, "/", "-" and "_". A path like /api/v[0-9]+ with pathType Prefix ' +
      'therefore matches nothing on one controller, everything on another, and takes the Ingress down after an ' +
      'upgrade.',
    remediation:
      'Set pathType: ImplementationSpecific on regex paths and turn on use-regex (or keep the rewrite-target that ' +
      'implies it), or rewrite the path as a plain prefix. On Gateway API a regex becomes an HTTPRoute path match of ' +
      'type RegularExpression, whose support is implementation-specific.',
    kinds: ['Ingress'],
    messages: {
      readAsRegexForNow:
        'Path "{{path}}" looks like a regular expression but has pathType {{pathType}}: {{key}} makes ingress-nginx ' +
        'read it as a regex for now, and ingress-nginx v1.12+ (strict-validate-path-type) refuses the ' +
        'Ingress.{{confidence}}',
      matchedLiterally:
        'Path "{{path}}" looks like a regular expression but has pathType {{pathType}}: unless another Ingress puts ' +
        'the host in regex mode, ingress-nginx matches it literally, and ingress-nginx v1.12+ ' +
        '(strict-validate-path-type) refuses the Ingress.{{confidence}}',
    },
    examples: {
      invalid: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: api-versions
  namespace: shop
  annotations:
    nginx.ingress.kubernetes.io/use-regex: "true"
spec:
  ingressClassName: nginx
  rules:
    - host: api.shop.example.com
      http:
        paths:
          - path: /v[0-9]+/orders
            pathType: Prefix
            backend:
              service: {name: orders, port: {number: 8080}}
`,
      valid: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: api-versions
  namespace: shop
  annotations:
    nginx.ingress.kubernetes.io/use-regex: "true"
spec:
  ingressClassName: nginx
  rules:
    - host: api.shop.example.com
      http:
        paths:
          - path: /v[0-9]+/orders
            pathType: ImplementationSpecific
            backend:
              service: {name: orders, port: {number: 8080}}
`,
    },
  },
  check(object, ctx) {
    const paths = ingressPaths(object).filter(
      (p) => (p.pathType === 'Prefix' || p.pathType === 'Exact') && looksLikeRegex(p.path),
    );
    if (paths.length === 0) return [];
    const serving = nginxServing(object, ctx);
    if (serving === undefined) return [];
    const regexKey = regexModeKey(rawAnnotations(object), serving.annotationsPrefix);
    const confidence = confidenceNote(serving);
    // Refused at admission by default (v1.12.0+); accepted, and only matched wrongly, when the controller says so.
    const shift = servingStrictPathType(serving, ctx.index) === false ? { shift: 'lower' as const } : {};
    const findings: RuleFinding<'readAsRegexForNow' | 'matchedLiterally'>[] = [];
    for (const p of paths) {
      const data = { path: p.path, pathType: p.pathType ?? '', confidence };
      findings.push(
        regexKey
          ? { messageId: 'readAsRegexForNow', data: { ...data, key: regexKey }, path: p.at, ...shift }
          : { messageId: 'matchedLiterally', data, path: p.at, ...shift },
      );
    }
    return findings;
  },
});
