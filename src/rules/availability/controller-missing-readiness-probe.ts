import type { ControllerProfile } from '../../ingress/controller-profiles.js';
import { detectIngressController, servingContainers } from '../../ingress/controllers.js';
import { isObject } from '../../k8s/object.js';
import { upperFirst } from '../../k8s/text.js';
import { defineRule } from '../define-rule.js';
import { CONTROLLER_RULE_OPTIONS, CONTROLLER_WORKLOAD_KINDS, describeDetection } from '../shared/controller-options.js';

export const controllerMissingReadinessProbe = defineRule({
  meta: {
    id: 'controller-missing-readiness-probe',
    family: 'availability',
    severity: 'error',
    title: 'Ingress and gateway controllers must have a readiness probe',
    rationale:
      'Without a readiness probe a pod is Ready the moment its containers start. A restarted ingress controller ' +
      'has not yet read a single Ingress or route, so the Service sends it live traffic that it answers with 404 or ' +
      '503, and a rolling update or a node drain removes the old, working pods as soon as the new ones "start": ' +
      'every rollout becomes a partial outage of every site behind the controller.',
    remediation:
      "Add a readinessProbe on the controller's reconciliation-aware endpoint (for ingress-nginx, httpGet /healthz " +
      'on port 10254; for Istio gateways, /healthz/ready on 15021), and set minReadySeconds on the workload.',
    kinds: CONTROLLER_WORKLOAD_KINDS,
    options: CONTROLLER_RULE_OPTIONS,
    messages: {
      missingReadinessProbe:
        '{{controller}} has no readiness probe: its pods count as Ready as soon as they start, before the controller has loaded any route, so rollouts and drains send traffic to pods that cannot route it yet; probe {{endpoint}}.',
    },
    examples: {
      invalid: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ingress-nginx-controller
  namespace: ingress-nginx
spec:
  replicas: 3
  selector:
    matchLabels: {app.kubernetes.io/name: ingress-nginx, app.kubernetes.io/component: controller}
  template:
    metadata:
      labels: {app.kubernetes.io/name: ingress-nginx, app.kubernetes.io/component: controller}
    spec:
      containers:
        - name: controller
          image: registry.k8s.io/ingress-nginx/controller:v1.15.1
          args: [/nginx-ingress-controller, --controller-class=k8s.io/ingress-nginx]
          livenessProbe:
            httpGet: {path: /healthz, port: 10254}
            failureThreshold: 5
`,
      valid: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ingress-nginx-controller
  namespace: ingress-nginx
spec:
  replicas: 3
  minReadySeconds: 10
  selector:
    matchLabels: {app.kubernetes.io/name: ingress-nginx, app.kubernetes.io/component: controller}
  template:
    metadata:
      labels: {app.kubernetes.io/name: ingress-nginx, app.kubernetes.io/component: controller}
    spec:
      containers:
        - name: controller
          image: registry.k8s.io/ingress-nginx/controller:v1.15.1
          args: [/nginx-ingress-controller, --controller-class=k8s.io/ingress-nginx]
          livenessProbe:
            httpGet: {path: /healthz, port: 10254}
            failureThreshold: 5
          readinessProbe:
            httpGet: {path: /healthz, port: 10254}
            failureThreshold: 3
`,
    },
  },
  check(object, ctx) {
    const d = detectIngressController(object, ctx.index, ctx.options.controllers);
    if (d === undefined) return [];
    // The pod is Ready only when every container is: one readiness probe anywhere gates it.
    if (d.containers.some((c) => isObject(c.container.readinessProbe))) return [];
    const target = servingContainers(d)[0];
    return [
      {
        messageId: 'missingReadinessProbe',
        data: { controller: upperFirst(describeDetection(d)), endpoint: endpointText(d.controller) },
        path: target ? target.path : d.template.specPath,
      },
    ];
  },
});

/** The endpoint to probe, and what else holds traffic back when the controller has none that waits for its routes. */
function endpointText(profile: ControllerProfile): string {
  const why = profile.noRoutesEndpoint;
  return why === undefined ? profile.readiness : `${profile.readiness}, and set minReadySeconds (${why})`;
}
