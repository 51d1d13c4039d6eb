import { ingressNginxRetiredIngress } from '../../../src/rules/ingress-nginx/ingress-nginx-retired-ingress.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const communityClass = `apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: nginx
spec:
  controller: k8s.io/ingress-nginx
`;

const f5Class = `apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: nginx
  annotations:
    ingressclass.kubernetes.io/is-default-class: "true"
spec:
  controller: nginx.org/ingress-controller
`;

const rules = `  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service: {name: storefront, port: {number: 8080}}
`;

ruleTester.run(ingressNginxRetiredIngress, {
  valid: [
    {
      name: 'accepts an Ingress whose IngressClass "nginx" belongs to the F5 NGINX Ingress Controller',
      yaml: `${f5Class}---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: dont-fire-f5-class
  namespace: shop
spec:
  ingressClassName: nginx
${rules}`,
    },
    {
      name: 'accepts an F5 NGINX Ingress with nginx.org annotations when no IngressClass is loaded',
      yaml: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: dont-fire-f5-annotations
  namespace: shop
  annotations:
    nginx.org/redirect-to-https: "true"
    nginx.org/proxy-read-timeout: "120s"
spec:
  ingressClassName: nginx
${rules}`,
    },
    {
      name: 'accepts an Ingress served by another controller',
      yaml: `apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: traefik
spec:
  controller: traefik.io/ingress-controller
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: dont-fire-traefik
  namespace: shop
spec:
  ingressClassName: traefik
${rules}`,
    },
    {
      name: 'accepts a class-less Ingress when the default IngressClass is F5 NGINX',
      yaml: `${f5Class}---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: dont-fire-default-f5
  namespace: shop
spec:
${rules}`,
    },
    {
      name: 'accepts a low-confidence "nginx" class when minConfidence asks for more',
      options: { minConfidence: 'medium' },
      yaml: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: dont-fire-ambiguous-class
  namespace: shop
spec:
  ingressClassName: nginx
${rules}`,
    },
  ],
  invalid: [
    {
      name: 'reports an Ingress whose ingressClassName resolves to the ingress-nginx IngressClass',
      yaml: `${communityClass}---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: fire-class-name
  namespace: shop
spec:
  ingressClassName: nginx
${rules}`,
      findings: [
        {
          messageId: 'servedByIngressNginx',
          message:
            'Ingress shop/fire-class-name is served by the retired ingress-nginx (IngressClass "nginx" has controller ' +
            'k8s.io/ingress-nginx; confidence high): no security fixes after v1.15.1, v1.14.5 and v1.13.9; see ' +
            '`kubeward migration-report`.',
          line: 14,
          severity: 'warning',
        },
      ],
    },
    {
      name: 'reports the legacy kubernetes.io/ingress.class annotation when it names the ingress-nginx class',
      yaml: `${communityClass}---
apiVersion: networking.k8s.io/v1beta1
kind: Ingress
metadata:
  name: fire-class-annotation
  namespace: shop
  annotations:
    kubernetes.io/ingress.class: nginx
spec:
${rules}`,
      findings: [
        {
          messageId: 'servedByIngressNginx',
          message:
            /IngressClass "nginx" \(named by the kubernetes\.io\/ingress\.class annotation\) has controller k8s\.io\/ingress-nginx/,
          line: 14,
        },
      ],
    },
    {
      name: 'reports a class-less Ingress that the default ingress-nginx IngressClass picks up',
      yaml: `apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: nginx
  annotations:
    ingressclass.kubernetes.io/is-default-class: "true"
spec:
  controller: k8s.io/ingress-nginx
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: fire-default-class
  namespace: shop
spec:
${rules}`,
      findings: [
        {
          messageId: 'servedByIngressNginx',
          message: /IngressClass "nginx" \(the default IngressClass: the Ingress names none\)/,
          line: 15,
        },
      ],
    },
    {
      name: 'reports an ingress-nginx class with a custom name',
      yaml: `apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: internal
spec:
  controller: k8s.io/ingress-nginx
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: fire-custom-class
  namespace: payments
spec:
  ingressClassName: internal
${rules}`,
      findings: [
        {
          messageId: 'servedByIngressNginx',
          message: /^Ingress payments\/fire-custom-class .*\(IngressClass "internal" has controller/,
          line: 14,
        },
      ],
    },
    {
      name: 'reports an unloaded "nginx" class with nginx.ingress.kubernetes.io annotations, saying how it decided',
      yaml: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: fire-annotations
  namespace: shop
  annotations:
    nginx.ingress.kubernetes.io/proxy-body-size: 16m
spec:
  ingressClassName: nginx
${rules}`,
      findings: [
        {
          messageId: 'servedByIngressNginx',
          message:
            /class "nginx" \(IngressClass not among the loaded objects\) and nginx\.ingress\.kubernetes\.io\/\* annotations; confidence high\)/,
          line: 9,
        },
      ],
    },
    {
      name: 'reports a class-less Ingress with nginx.ingress.kubernetes.io annotations at its annotations',
      yaml: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: fire-classless
  namespace: shop
  annotations:
    nginx.ingress.kubernetes.io/ssl-redirect: "true"
spec:
${rules}`,
      findings: [
        {
          messageId: 'servedByIngressNginx',
          message:
            /^Ingress shop\/fire-classless .*\(no class and nginx\.ingress\.kubernetes\.io\/\* annotations; confidence medium\)/,
          line: 6,
        },
      ],
    },
    {
      name: 'reports an unloaded "nginx" class without annotations with low confidence by default',
      yaml: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: fire-ambiguous-class
  namespace: shop
spec:
  ingressClassName: nginx
${rules}`,
      findings: [
        {
          messageId: 'servedByIngressNginx',
          message: /which both ingress-nginx and F5 NGINX use by default; confidence low\)/,
          line: 7,
        },
      ],
    },
    {
      name: 'reports each Ingress of the ingress-nginx class once and leaves the F5 one alone',
      yaml: `${communityClass}---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: nginx-plus
spec:
  controller: nginx.org/ingress-controller
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: fire-api
  namespace: shop
spec:
  ingressClassName: nginx
${rules}---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: dont-fire-plus
  namespace: shop
spec:
  ingressClassName: nginx-plus
${rules}`,
      findings: [{ messageId: 'servedByIngressNginx', message: /^Ingress shop\/fire-api /, line: 21 }],
    },
  ],
});
