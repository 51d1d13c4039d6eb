import { INGRESS_CLASS_ANNOTATION } from '../../ingress/ingress-class.js';
import { asObject, asString, rawAnnotations } from '../../k8s/object.js';
import { quoteValue } from '../../k8s/text.js';
import { defineRule } from '../define-rule.js';

export const ingressClassAnnotation = defineRule({
  meta: {
    id: 'ingress-class-annotation',
    family: 'ingress-annotations',
    severity: 'warning',
    title: 'Ingresses name their class in spec.ingressClassName, not the legacy annotation',
    rationale:
      'The kubernetes.io/ingress.class annotation is deprecated: the API server warns on every create, and an ' +
      'Ingress that sets it together with spec.ingressClassName is rejected on create, even though an update of an ' +
      'existing object still goes through. The manifest then works in the cluster where it was edited in place and ' +
      'fails the day it is applied to a new cluster or re-created during a restore.',
    remediation:
      'Delete the annotation and set spec.ingressClassName to the same class (an IngressClass of that name must ' +
      'exist). On Gateway API the class becomes the gatewayClassName of the Gateway the routes attach to through ' +
      'parentRefs.',
    kinds: ['Ingress'],
    messages: {
      deprecatedAnnotation:
        `${INGRESS_CLASS_ANNOTATION} {{value}} is deprecated: set spec.ingressClassName: {{className}} ` +
        'instead{{classCaveat}}.',
      annotationWithField:
        `${INGRESS_CLASS_ANNOTATION} {{value}} is set together with spec.ingressClassName "{{specClass}}": the API ` +
        'server rejects creating such an Ingress, so applying it to a new cluster fails{{disagreement}}; delete the ' +
        'annotation.',
    },
    severityShift: { raise: 'the Ingress also sets spec.ingressClassName, so creating it fails' },
    examples: {
      invalid: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: docs
  namespace: web
  annotations:
    kubernetes.io/ingress.class: nginx
spec:
  rules:
    - host: docs.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service: {name: docs, port: {number: 80}}
`,
      valid: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: docs
  namespace: web
spec:
  ingressClassName: nginx
  rules:
    - host: docs.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service: {name: docs, port: {number: 80}}
`,
    },
  },
  check(object, ctx) {
    const value = rawAnnotations(object)[INGRESS_CLASS_ANNOTATION];
    if (value === undefined || value === null) return [];
    const path = ['metadata', 'annotations', INGRESS_CLASS_ANNOTATION];
    const specClass = asString(asObject(object.spec)?.ingressClassName);
    if (specClass !== undefined && specClass !== '') {
      const differ = String(value) !== specClass;
      return [
        {
          messageId: 'annotationWithField',
          data: {
            value: quoteValue(value),
            specClass,
            disagreement: differ ? ', and controllers disagree on which of the two classes serves it' : '',
          },
          path,
          shift: 'raise',
        },
      ];
    }
    const className = String(value);
    const known = ctx.index.get('IngressClass', '', className) !== undefined;
    return [
      {
        messageId: 'deprecatedAnnotation',
        data: {
          value: quoteValue(value),
          className,
          classCaveat: known ? '' : ` (an IngressClass named "${className}" must exist first)`,
        },
        path,
      },
    ];
  },
});
