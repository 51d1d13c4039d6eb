import { isCanary } from '../../ingress/ingress-paths.js';
import { readOnCanary } from '../../ingress/nginx-canary.js';
import { nginxAnnotationByKey } from '../../ingress/nginx-catalogue.js';
import { rawAnnotations } from '../../k8s/object.js';
import { listText } from '../../k8s/text.js';
import { defineRule } from '../define-rule.js';
import { annotationGroupsText, confidenceNote } from '../shared/annotation-text.js';
import { nginxServing } from '../shared/nginx-serving.js';

export const ingressCanaryIgnoredAnnotation = defineRule({
  meta: {
    id: 'ingress-canary-ignored-annotation',
    family: 'ingress-annotations',
    severity: 'warning',
    title: 'Canary Ingresses carry only the annotations ingress-nginx reads on a canary',
    rationale:
      'ingress-nginx folds a canary Ingress into the main Ingress of the same host and path: canary requests go ' +
      "through the main Ingress's location, with its auth, CORS, rate limits, timeouts and rewrites. The canary's " +
      'own annotations are ignored, apart from the canary keys, load balancing, consistent hashing and session ' +
      'affinity. A canary copied from its main Ingress and then "tuned" (a larger body size, a different auth-url, ' +
      'a longer timeout for the new version) looks configured and is not: the new version gets the old settings, and ' +
      'whoever debugs the canary reads annotations that do nothing. Every such key is also debt a migration has to ' +
      'read and then throw away.',
    remediation:
      'Delete the ignored keys from the canary. A setting canary traffic needs belongs on the main Ingress, where it ' +
      'applies to both versions. On Gateway API the canary becomes a weighted backendRef (or a header match) in the ' +
      "main route's rule, so these keys have no counterpart there either.",
    kinds: ['Ingress'],
    messages: {
      ignoredOnCanary:
        'This canary Ingress carries {{annotations}} that ingress-nginx ignores on a canary: {{names}} ({{groups}}). ' +
        'Canary requests get the settings of the main Ingress for the same host and path instead.{{confidence}}',
    },
    examples: {
      invalid: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: checkout-canary
  namespace: shop
  annotations:
    nginx.ingress.kubernetes.io/canary: "true"
    nginx.ingress.kubernetes.io/canary-weight: "10"
    nginx.ingress.kubernetes.io/proxy-body-size: 16m
    nginx.ingress.kubernetes.io/proxy-read-timeout: "120"
spec:
  ingressClassName: nginx
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /checkout
            pathType: Prefix
            backend:
              service: {name: checkout-v2, port: {number: 8080}}
`,
      valid: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: checkout-canary
  namespace: shop
  annotations:
    nginx.ingress.kubernetes.io/canary: "true"
    nginx.ingress.kubernetes.io/canary-weight: "10"
    nginx.ingress.kubernetes.io/affinity: cookie
spec:
  ingressClassName: nginx
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /checkout
            pathType: Prefix
            backend:
              service: {name: checkout-v2, port: {number: 8080}}
`,
    },
  },
  check(object, ctx) {
    const serving = nginxServing(object, ctx);
    if (serving === undefined) return [];
    const prefix = serving.annotationsPrefix;
    const annotations = rawAnnotations(object);
    if (!isCanary(annotations, prefix)) return [];
    // Keys the controller knows; unknown and removed keys are reported by their own rules.
    const ignored = Object.keys(annotations).filter((key) => {
      const entry = nginxAnnotationByKey(key, prefix);
      return entry !== undefined && entry.status !== 'removed' && !readOnCanary(entry);
    });
    const first = ignored[0];
    if (first === undefined) return [];
    const names = ignored.map((k) => k.slice(prefix.length));
    return [
      {
        messageId: 'ignoredOnCanary',
        data: {
          annotations: ignored.length === 1 ? 'an annotation' : `${ignored.length} annotations`,
          names: listText(names, 4),
          groups: annotationGroupsText(ignored, prefix),
          confidence: confidenceNote(serving),
        },
        path: ['metadata', 'annotations', first],
      },
    ];
  },
});
