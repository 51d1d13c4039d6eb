import { ingressNginxAdmissionExposed } from '../../../src/rules/ingress-nginx/ingress-nginx-admission-exposed.js';
import { ruleTester } from '../../helpers/rule-tester.js';

/** The chart's controller Deployment with the admission webhook on port 8443 (22 lines). */
const controller = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ingress-nginx-controller
  namespace: ingress-nginx
spec:
  selector:
    matchLabels: {app.kubernetes.io/name: ingress-nginx, app.kubernetes.io/component: controller}
  template:
    metadata:
      labels: {app.kubernetes.io/name: ingress-nginx, app.kubernetes.io/component: controller}
    spec:
      containers:
        - name: controller
          image: registry.k8s.io/ingress-nginx/controller:v1.15.1
          args:
            - /nginx-ingress-controller
            - --validating-webhook=:8443
          ports:
            - {name: http, containerPort: 80}
            - {name: https, containerPort: 443}
            - {name: webhook, containerPort: 8443}
`;

/** The chart's ValidatingWebhookConfiguration calling `service` (12 lines). */
const webhookConfiguration = (service: string): string => `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata:
  name: ingress-nginx-admission
webhooks:
  - name: validate.nginx.ingress.kubernetes.io
    rules:
      - {apiGroups: [networking.k8s.io], apiVersions: [v1], operations: [CREATE, UPDATE], resources: [ingresses]}
    failurePolicy: Fail
    sideEffects: None
    admissionReviewVersions: [v1]
    clientConfig:
      service: {name: ${service}, namespace: ingress-nginx, path: /networking/v1/ingresses}
`;

/** A bare-metal controller DaemonSet: `hostNetwork` on line 13, `webhookArg` on line 19, ports on 22-24. */
const hostController = (name: string, hostNetwork: boolean, webhookArg: string, webhookHostPort: number | null) =>
  `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: ${name}
  namespace: ingress-nginx
spec:
  selector:
    matchLabels: {app.kubernetes.io/name: ingress-nginx}
  template:
    metadata:
      labels: {app.kubernetes.io/name: ingress-nginx}
    spec:
      hostNetwork: ${hostNetwork}
      dnsPolicy: ClusterFirstWithHostNet
      containers:
        - name: controller
          image: registry.k8s.io/ingress-nginx/controller:v1.15.1
          args:
            - /nginx-ingress-controller
            - ${webhookArg}
          ports:
            - {name: http, containerPort: 80, hostPort: 80}
            - {name: https, containerPort: 443, hostPort: 443}
            - {name: webhook, containerPort: 8443${webhookHostPort === null ? '' : `, hostPort: ${webhookHostPort}`}}
`;

const selector = '  selector: {app.kubernetes.io/name: ingress-nginx, app.kubernetes.io/component: controller}\n';

ruleTester.run(ingressNginxAdmissionExposed, {
  valid: [
    {
      name: 'accepts the chart admission Service, which is ClusterIP',
      yaml: `${controller}---
apiVersion: v1
kind: Service
metadata:
  name: ingress-nginx-controller-admission
  namespace: ingress-nginx
spec:
  type: ClusterIP
  ports:
    - {name: https-webhook, port: 443, targetPort: webhook}
${selector}---
${webhookConfiguration('ingress-nginx-controller-admission')}`,
    },
    {
      name: 'accepts the public LoadBalancer Service of the controller, which exposes only http and https',
      yaml: `${controller}---
apiVersion: v1
kind: Service
metadata:
  name: dont-fire-public
  namespace: ingress-nginx
spec:
  type: LoadBalancer
  externalTrafficPolicy: Local
  ports:
    - {name: http, port: 80, targetPort: http}
    - {name: https, port: 443, targetPort: https}
${selector}`,
    },
    {
      name: 'accepts an exposed webhook Service of another project',
      yaml: `apiVersion: v1
kind: Service
metadata:
  name: dont-fire-cert-manager-webhook
  namespace: cert-manager
spec:
  type: NodePort
  ports:
    - {name: https, port: 443, targetPort: 10250}
  selector: {app.kubernetes.io/name: webhook, app.kubernetes.io/instance: cert-manager}
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata:
  name: cert-manager-webhook
webhooks:
  - name: webhook.cert-manager.io
    clientConfig:
      service: {name: dont-fire-cert-manager-webhook, namespace: cert-manager, path: /validate}
`,
    },
    {
      name: 'accepts a controller on the host network without the admission webhook',
      yaml: hostController('dont-fire-no-webhook', true, '--election-id=ingress-nginx-leader', null),
    },
    {
      name: 'accepts hostPorts for http and https when the webhook port is not published',
      yaml: hostController('dont-fire-host-ports', false, '--validating-webhook=:8443', null),
    },
  ],
  invalid: [
    {
      name: 'reports a controller on the host network that runs the admission webhook',
      yaml: hostController('fire-host-network', true, '--validating-webhook=:8443', null),
      findings: [
        {
          messageId: 'hostNetworkWebhook',
          message:
            'DaemonSet fire-host-network runs ingress-nginx with hostNetwork: true and its admission webhook ' +
            'enabled (--validating-webhook=:8443), so the webhook listens on every address of every node it runs ' +
            'on: the webhook endpoint, through which IngressNightmare (CVE-2025-1974) ran code in the controller ' +
            'without credentials, is reachable by anything that can reach the node.',
          line: 13,
          path: 'spec.template.spec.hostNetwork',
          severity: 'error',
        },
      ],
    },
    {
      name: 'reports the webhook port published as a hostPort',
      yaml: hostController('fire-host-port', false, '--validating-webhook=:8443', 8443),
      findings: [
        {
          messageId: 'webhookHostPort',
          message:
            'DaemonSet fire-host-port publishes the ingress-nginx admission webhook port 8443 as hostPort 8443: the ' +
            'webhook endpoint, through which IngressNightmare (CVE-2025-1974) ran code in the controller without ' +
            'credentials, is reachable by anything that can reach the node.',
          line: 24,
          path: 'spec.template.spec.containers[0].ports[2].hostPort',
        },
      ],
    },
    {
      name: 'reports the chart admission Service made a LoadBalancer',
      yaml: `apiVersion: v1
kind: Service
metadata:
  name: ingress-nginx-controller-admission
  namespace: ingress-nginx
  labels: {app.kubernetes.io/name: ingress-nginx, app.kubernetes.io/component: controller}
spec:
  type: LoadBalancer
  ports:
    - {name: https-webhook, port: 443, targetPort: webhook}
${selector}`,
      findings: [
        {
          messageId: 'admissionServiceExposed',
          message:
            "Service ingress-nginx/ingress-nginx-controller-admission fronts the ingress-nginx validating admission webhook (it is named like the chart's admission webhook Service) and is type LoadBalancer (an external load balancer and a port on every node): the webhook endpoint, through which IngressNightmare (CVE-2025-1974) ran code in the controller without credentials, is reachable from outside the cluster.",
          line: 8,
          severity: 'error',
        },
      ],
    },
    {
      name: 'reports a NodePort Service that the ingress-nginx webhook configuration calls, whatever its name',
      yaml: `${controller}---
apiVersion: v1
kind: Service
metadata:
  name: fire-edge-webhook
  namespace: ingress-nginx
spec:
  type: NodePort
  ports:
    - {name: https-webhook, port: 443, targetPort: 8443, nodePort: 30443}
${selector}---
${webhookConfiguration('fire-edge-webhook')}`,
      findings: [
        {
          messageId: 'admissionServiceExposed',
          message:
            /^Service ingress-nginx\/fire-edge-webhook fronts the ingress-nginx validating admission webhook \(ValidatingWebhookConfiguration ingress-nginx-admission sends every Ingress to it\) and is type NodePort \(a port on every node\)/,
          line: 30,
        },
      ],
    },
    {
      name: 'reports externalIPs on a release-named admission Service',
      yaml: `apiVersion: v1
kind: Service
metadata:
  name: edge-ingress-nginx-controller-admission
  namespace: edge
  labels: {app.kubernetes.io/name: ingress-nginx, app.kubernetes.io/instance: edge}
spec:
  type: ClusterIP
  externalIPs: [203.0.113.10]
  ports:
    - {name: https-webhook, port: 443, targetPort: webhook}
  selector: {app.kubernetes.io/name: ingress-nginx, app.kubernetes.io/instance: edge}
`,
      findings: [
        {
          messageId: 'admissionServiceExposed',
          message: /is given externalIPs 203\.0\.113\.10: the webhook endpoint/,
          line: 9,
        },
      ],
    },
    {
      name: 'reports the webhook port added to the public LoadBalancer Service of the controller',
      yaml: `${controller}---
apiVersion: v1
kind: Service
metadata:
  name: fire-public-with-webhook
  namespace: ingress-nginx
spec:
  type: LoadBalancer
  ports:
    - {name: http, port: 80, targetPort: http}
    - {name: https, port: 443, targetPort: https}
    - {name: webhook, port: 8443, targetPort: webhook}
${selector}`,
      findings: [
        {
          messageId: 'webhookPortExposed',
          message:
            /^Service ingress-nginx\/fire-public-with-webhook is type LoadBalancer .* and its port 8443 targets the admission webhook port \(webhook\) of Deployment ingress-nginx-controller/,
          line: 34,
        },
      ],
    },
  ],
});
