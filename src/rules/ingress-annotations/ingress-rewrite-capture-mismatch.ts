import { captureGroupCount, ingressPaths, maxCaptureRef } from '../../ingress/ingress-paths.js';
import { rawAnnotations } from '../../k8s/object.js';
import { listText, quoteValue } from '../../k8s/text.js';
import { defineRule } from '../define-rule.js';
import { confidenceNote } from '../shared/annotation-text.js';
import { nginxServing } from '../shared/nginx-serving.js';

function groupsText(n: number): string {
  if (n === 0) return 'no capture group';
  return `${n} capture group${n === 1 ? '' : 's'}`;
}

export const ingressRewriteCaptureMismatch = defineRule({
  meta: {
    id: 'ingress-rewrite-capture-mismatch',
    family: 'ingress-annotations',
    severity: 'error',
    title: 'rewrite-target references only capture groups its paths define',
    rationale:
      'ingress-nginx applies rewrite-target to every path of the Ingress, replacing $1, $2... with what the path ' +
      'regex captured. A path with fewer groups than the target uses (a plain /api next to /app(/|$)(.*), or a group ' +
      'removed in a refactor) rewrites every request to the same URL, usually /, and the backend answers its home ' +
      'page or a 404 for every call while the Ingress looks correct.',
    remediation:
      'Give every path of the Ingress the groups the target uses, or move paths that need another rewrite to their ' +
      'own Ingress. On Gateway API a URLRewrite filter cannot reference regex captures (ingress2gateway skips such ' +
      'rewrites), so prefer layouts that ReplacePrefixMatch can express, such as /app/(.*) -> /$1.',
    kinds: ['Ingress'],
    messages: {
      pathLacksGroups:
        '{{key}} {{target}} uses {{ref}}, but path {{paths}} defines fewer groups: requests there are ' +
        'rewritten with {{ref}} empty.{{confidence}}',
      pathsLackGroups:
        '{{key}} {{target}} uses {{ref}}, but paths {{paths}} define fewer groups: requests there are ' +
        'rewritten with {{ref}} empty.{{confidence}}',
    },
    examples: {
      invalid: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: catalog
  namespace: shop
  annotations:
    nginx.ingress.kubernetes.io/rewrite-target: /$2
spec:
  ingressClassName: nginx
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /catalog(/|$)(.*)
            pathType: ImplementationSpecific
            backend:
              service: {name: catalog, port: {number: 8080}}
          - path: /search
            pathType: ImplementationSpecific
            backend:
              service: {name: search, port: {number: 8080}}
`,
      valid: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: catalog
  namespace: shop
  annotations:
    nginx.ingress.kubernetes.io/rewrite-target: /$2
spec:
  ingressClassName: nginx
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /catalog(/|$)(.*)
            pathType: ImplementationSpecific
            backend:
              service: {name: catalog, port: {number: 8080}}
          - path: /search(/|$)(.*)
            pathType: ImplementationSpecific
            backend:
              service: {name: search, port: {number: 8080}}
`,
    },
  },
  check(object, ctx) {
    const serving = nginxServing(object, ctx);
    if (serving === undefined) return [];
    const key = `${serving.annotationsPrefix}rewrite-target`;
    const target = rawAnnotations(object)[key];
    if (typeof target !== 'string') return [];
    const refs = maxCaptureRef(target);
    if (refs === 0) return [];
    const short = ingressPaths(object)
      .map((p) => ({ path: p.path, groups: captureGroupCount(p.path) }))
      .filter((p) => p.groups < refs);
    if (short.length === 0) return [];
    const shown = short.map((p) => `"${p.path}" (${groupsText(p.groups)})`);
    return [
      {
        messageId: short.length === 1 ? 'pathLacksGroups' : 'pathsLackGroups',
        data: {
          key,
          target: quoteValue(target),
          ref: `$${refs}`,
          paths: listText(shown),
          confidence: confidenceNote(serving),
        },
        path: ['metadata', 'annotations', key],
      },
    ];
  },
});
