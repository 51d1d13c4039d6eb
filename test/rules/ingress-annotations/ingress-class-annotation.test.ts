import { ingressClassAnnotation } from '../../../src/rules/ingress-annotations/ingress-class-annotation.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const docs = (name: string, metadataExtra: string, specExtra: string): string => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${name}
  namespace: web
${metadataExtra}spec:
${specExtra}  rules:
    - host: docs.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service: {name: docs, port: {number: 80}}
`;

const nginxClass = `---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: nginx
spec:
  controller: k8s.io/ingress-nginx
`;

ruleTester.run(ingressClassAnnotation, {
  valid: [
    {
      name: 'accepts spec.ingressClassName alone',
      yaml: docs('dont-fire-spec', '', '  ingressClassName: nginx\n'),
    },
    {
      name: 'accepts an Ingress that names no class and relies on the default IngressClass',
      yaml: docs('dont-fire-default', '  annotations:\n    cert-manager.io/cluster-issuer: letsencrypt\n', ''),
    },
  ],
  invalid: [
    {
      name: 'reports the deprecated annotation and says the IngressClass must exist when it is not loaded',
      yaml: docs('fire-annotation', '  annotations:\n    kubernetes.io/ingress.class: nginx\n', ''),
      findings: [
        {
          messageId: 'deprecatedAnnotation',
          message:
            'kubernetes.io/ingress.class "nginx" is deprecated: set spec.ingressClassName: nginx instead (an ' +
            'IngressClass named "nginx" must exist first).',
          line: 7,
          severity: 'warning',
          path: 'metadata.annotations["kubernetes.io/ingress.class"]',
        },
      ],
    },
    {
      name: 'reports the deprecated annotation without the caveat when the IngressClass is loaded',
      yaml:
        docs('fire-annotation-known-class', '  annotations:\n    kubernetes.io/ingress.class: nginx\n', '') +
        nginxClass,
      findings: [
        {
          messageId: 'deprecatedAnnotation',
          message: 'kubernetes.io/ingress.class "nginx" is deprecated: set spec.ingressClassName: nginx instead.',
          line: 7,
        },
      ],
    },
    {
      name: 'reports the annotation and the field together as an error, since creating such an Ingress fails',
      yaml: docs(
        'fire-both',
        '  annotations:\n    nginx.ingress.kubernetes.io/ssl-redirect: "true"\n    kubernetes.io/ingress.class: nginx\n',
        '  ingressClassName: nginx\n',
      ),
      findings: [
        {
          messageId: 'annotationWithField',
          message:
            'kubernetes.io/ingress.class "nginx" is set together with spec.ingressClassName "nginx": the API server ' +
            'rejects creating such an Ingress, so applying it to a new cluster fails; delete the annotation.',
          line: 8,
          severity: 'error',
        },
      ],
    },
    {
      name: 'says when the annotation and the field name different classes',
      yaml: docs(
        'fire-both-differ',
        '  annotations:\n    kubernetes.io/ingress.class: public\n',
        '  ingressClassName: nginx\n',
      ),
      findings: [
        {
          messageId: 'annotationWithField',
          message: /, and controllers disagree on which of the two classes serves it; delete the annotation\.$/,
          line: 7,
        },
      ],
    },
  ],
});
