import type { ObjectIndex } from '../../engine/object-index.js';
import type { RuleFinding } from '../../engine/rule.js';
import { webhooksCalling } from '../../ingress/nginx-admission.js';
import {
  INGRESS_NGINX_CONTROLLER_KINDS,
  type IngressNginxController,
  ingressNginxControllerOf,
  webhookFlagOf,
  webhookPortsOf,
} from '../../ingress/nginx-controller.js';
import { controllerSelectionOf, selectedControllersOf } from '../../ingress/nginx-selection.js';
import { NAME_LABEL, PART_OF_LABEL } from '../../k8s/labels.js';
import { describeOf } from '../../k8s/names.js';
import { asArray, asObject, asString, asStringMap, type JsonPath, type K8sObject } from '../../k8s/object.js';
import { defineRule } from '../define-rule.js';

const DEFAULT_ADMISSION_SERVICE = 'ingress-nginx-controller-admission';
const ADMISSION_SUFFIX = '-controller-admission';

const NIGHTMARE =
  'the webhook endpoint, through which IngressNightmare (CVE-2025-1974) ran code in the controller without ' +
  'credentials, is reachable';

const messages = {
  admissionServiceExposed:
    'Service {{service}} fronts the ingress-nginx validating admission webhook ({{role}}) and is {{exposure}}: ' +
    `${NIGHTMARE} from outside the cluster.`,
  webhookPortExposed:
    'Service {{service}} is {{exposure}} and its port {{port}} targets the admission webhook port ({{targetPort}}) ' +
    `of {{controller}}: ${NIGHTMARE} from outside the cluster.`,
  hostNetworkWebhook:
    '{{controller}} runs ingress-nginx with hostNetwork: true and its admission webhook enabled ' +
    '(--validating-webhook={{flag}}), so the webhook listens on every address of every node it runs on: ' +
    `${NIGHTMARE} by anything that can reach the node.`,
  webhookHostPort:
    '{{controller}} publishes the ingress-nginx admission webhook port {{containerPort}} as hostPort {{hostPort}}: ' +
    `${NIGHTMARE} by anything that can reach the node.`,
} as const;

type MessageId = keyof typeof messages;

interface Exposure {
  readonly text: string;
  readonly path: JsonPath;
}

/** How the Service is reachable from outside the cluster, or undefined for a ClusterIP Service. */
function exposureOf(service: K8sObject): Exposure | undefined {
  const spec = asObject(service.spec);
  const type = asString(spec?.type);
  if (type === 'LoadBalancer' || type === 'NodePort') {
    return {
      text: `type ${type} (${type === 'LoadBalancer' ? 'an external load balancer and a port on every node' : 'a port on every node'})`,
      path: ['spec', 'type'],
    };
  }
  const ips = asArray(spec?.externalIPs).filter((ip): ip is string => typeof ip === 'string');
  if (ips.length > 0) return { text: `given externalIPs ${ips.join(', ')}`, path: ['spec', 'externalIPs'] };
  return undefined;
}

function saysIngressNginx(service: K8sObject): boolean {
  const labels = asStringMap(service.metadata?.labels);
  const selector = asStringMap(asObject(service.spec)?.selector);
  return (
    labels[NAME_LABEL] === 'ingress-nginx' ||
    labels[PART_OF_LABEL] === 'ingress-nginx' ||
    selector[NAME_LABEL] === 'ingress-nginx'
  );
}

/**
 * Why the Service is ingress-nginx's admission Service, or undefined: an ingress-nginx ValidatingWebhookConfiguration
 * calls it (or any one does and the Service selects a controller), or it has the chart's admission Service name.
 */
function admissionRoleOf(service: K8sObject, index: ObjectIndex): string | undefined {
  const namespace = index.namespaceOf(service);
  const name = String(service.metadata?.name ?? '');
  const selectsController = (): boolean => selectedControllersOf(service, index).length > 0;
  for (const ref of webhooksCalling(index, namespace, name)) {
    if (ref.ingressNginx || selectsController()) {
      return `${describeOf(ref.configuration)} sends every Ingress to it`;
    }
  }
  if (name === DEFAULT_ADMISSION_SERVICE || (name.endsWith(ADMISSION_SUFFIX) && saysIngressNginx(service))) {
    return "it is named like the chart's admission webhook Service";
  }
  return undefined;
}

/** The Service ports that target the webhook port of a controller the Service selects. */
function webhookPortFindings(service: K8sObject, index: ObjectIndex, exposure: Exposure): RuleFinding<MessageId>[] {
  const namespace = index.namespaceOf(service);
  const name = String(service.metadata?.name ?? '');
  const findings: RuleFinding<MessageId>[] = [];
  const selection = controllerSelectionOf(service, index);
  asArray(asObject(service.spec)?.ports).forEach((p, i) => {
    const port = asObject(p);
    if (port === undefined) return;
    const target = port.targetPort ?? port.port;
    if (typeof target !== 'number' && typeof target !== 'string') return;
    const controller = selection.byWebhookPort.get(target);
    if (controller === undefined) return;
    findings.push({
      messageId: 'webhookPortExposed',
      data: {
        service: `${namespace}/${name}`,
        exposure: exposure.text,
        port: String(port.port),
        targetPort: String(target),
        controller: describeOf(controller.workload),
      },
      path: ['spec', 'ports', i],
    });
  });
  return findings;
}

/**
 * A controller whose webhook listens on the node's own addresses: the pod shares the host network namespace, or the
 * webhook's container port is published as a hostPort. No Service is involved, so the Service checks miss it.
 */
function hostExposureFindings(controller: IngressNginxController): RuleFinding<MessageId>[] {
  const flag = webhookFlagOf(controller);
  if (flag === undefined) return [];
  const { workload, template } = controller;
  const what = describeOf(workload);
  if (template.spec.hostNetwork === true) {
    return [
      {
        messageId: 'hostNetworkWebhook',
        data: { controller: what, flag: flag.value },
        path: [...template.specPath, 'hostNetwork'],
      },
    ];
  }
  const webhookPorts = new Set(webhookPortsOf(controller));
  const findings: RuleFinding<MessageId>[] = [];
  asArray(controller.container.container.ports).forEach((p, i) => {
    const port = asObject(p);
    if (port === undefined || typeof port.hostPort !== 'number' || port.hostPort === 0) return;
    if (!webhookPorts.has(port.containerPort as number)) return;
    findings.push({
      messageId: 'webhookHostPort',
      data: { controller: what, containerPort: String(port.containerPort), hostPort: port.hostPort },
      path: [...controller.container.path, 'ports', i, 'hostPort'],
    });
  });
  return findings;
}

export const ingressNginxAdmissionExposed = defineRule({
  meta: {
    id: 'ingress-nginx-admission-exposed',
    family: 'ingress-nginx',
    severity: 'error',
    title: 'The ingress-nginx admission webhook is not reachable from outside the cluster',
    rationale:
      'The validating admission webhook of ingress-nginx takes Ingress objects from anyone who can reach its port and ' +
      'renders them into nginx configuration. IngressNightmare (CVE-2025-1974, CVSS 9.8) turned that into code ' +
      'execution in the controller without credentials, and the controller reads every Secret of the cluster; ' +
      'CVE-2026-24514 exhausts its memory with large requests. Only the API server needs to call it, so a ' +
      'LoadBalancer, NodePort or external IP on the webhook Service hands that attack surface to the network ' +
      'outside the cluster, on a retired controller that will not be patched again. A controller on the host ' +
      'network (common for bare-metal DaemonSets), or one that publishes the webhook port as a hostPort, does the ' +
      'same without any Service: the port is open on the node itself.',
    remediation:
      'Make the admission Service type ClusterIP without externalIPs (the chart default ' +
      'controller.admissionWebhooks.service.type), and never add the webhook port (8443, named webhook) to the ' +
      "controller's public LoadBalancer Service; restrict the webhook port to the API server with a NetworkPolicy. " +
      'On the host network, bind the webhook to a port the node firewall closes to everything but the control ' +
      'plane, or leave the host network (a LoadBalancer or NodePort Service for ports 80 and 443 only); never ' +
      'publish the webhook port as a hostPort.',
    kinds: ['Service', ...INGRESS_NGINX_CONTROLLER_KINDS],
    messages,
    examples: {
      invalid: `apiVersion: v1
kind: Service
metadata:
  name: ingress-nginx-controller-admission
  namespace: ingress-nginx
  labels: {app.kubernetes.io/name: ingress-nginx, app.kubernetes.io/component: controller}
spec:
  type: LoadBalancer
  ports:
    - name: https-webhook
      port: 443
      targetPort: webhook
  selector: {app.kubernetes.io/name: ingress-nginx, app.kubernetes.io/component: controller}
`,
      valid: `apiVersion: v1
kind: Service
metadata:
  name: ingress-nginx-controller-admission
  namespace: ingress-nginx
  labels: {app.kubernetes.io/name: ingress-nginx, app.kubernetes.io/component: controller}
spec:
  type: ClusterIP
  ports:
    - name: https-webhook
      port: 443
      targetPort: webhook
  selector: {app.kubernetes.io/name: ingress-nginx, app.kubernetes.io/component: controller}
`,
    },
  },
  check(object, ctx) {
    if (object.kind !== 'Service') {
      const controller = ingressNginxControllerOf(object);
      return controller === undefined ? [] : hostExposureFindings(controller);
    }
    const exposure = exposureOf(object);
    if (exposure === undefined) return [];
    const role = admissionRoleOf(object, ctx.index);
    if (role === undefined) return webhookPortFindings(object, ctx.index, exposure);
    const ref = `${ctx.index.namespaceOf(object)}/${String(object.metadata?.name ?? '')}`;
    return [
      {
        messageId: 'admissionServiceExposed',
        data: { service: ref, role, exposure: exposure.text },
        path: exposure.path,
      },
    ];
  },
});
