import type { RuleFinding } from '../../engine/types.js';
import { defineRule } from '../define-rule.js';
import {
  type AdmissionWebhookEvidence,
  admissionWebhookOf,
  type ControllerVersion,
  compareVersions,
  controllerVersionOf,
  cvesAffecting,
  FINAL_RELEASES,
  FINAL_RELEASES_TEXT,
  formatVersion,
  INGRESS_NGINX_CONTROLLER_KINDS,
  INGRESS_NGINX_CVES,
  type IngressNginxCve,
  ingressNginxControllerOf,
  isAfterRetirement,
  isSevere,
  nearestFinalRelease,
  nextFixFor,
  RETIRED_IN,
} from '../shared/ingress-nginx.js';

export interface IngressNginxControllerVersionOptions {
  /** Also report a controller on a final release, which has no known CVE but will get no further fix. */
  reportRetired: boolean;
}

/** `critical 9.8`, `high`, `severity unknown`. */
function severityText(cve: IngressNginxCve): string {
  if (cve.severity === 'unknown') return 'severity not published';
  return cve.score !== null ? `${cve.severity} ${cve.score}` : cve.severity;
}

function fixText(cve: IngressNginxCve, version: ControllerVersion): string {
  const next = nextFixFor(cve, version);
  if (next === undefined) return 'no fixed version';
  return cve.fixKind === 'mitigation' ? `mitigation from ${formatVersion(next)}` : `fixed in ${formatVersion(next)}`;
}

function cveList(cves: readonly IngressNginxCve[], version: ControllerVersion): string {
  return cves.map((c) => `${c.id} (${severityText(c)}, ${fixText(c, version)})`).join(', ');
}

function webhookText(webhook: AdmissionWebhookEvidence, cves: readonly IngressNginxCve[]): string {
  const viaWebhook = cves.filter((c) => c.needsWebhookReachable === true).map((c) => c.id);
  const reach =
    viaWebhook.length === 0
      ? ''
      : `: ${viaWebhook.join(' and ')} ${viaWebhook.length === 1 ? 'needs' : 'need'} nothing but network access to it from any pod`;
  return ` Its validating admission webhook is on (${webhook.detail})${reach}.`;
}

const isFinalRelease = (v: ControllerVersion): boolean => FINAL_RELEASES.some((f) => compareVersions(f, v) === 0);

export const ingressNginxControllerVersion = defineRule<IngressNginxControllerVersionOptions>({
  meta: {
    id: 'ingress-nginx-controller-version',
    family: 'ingress-nginx',
    severity: 'warning',
    title: 'ingress-nginx controllers run a version without known CVEs, and the version can be checked',
    rationale:
      'Every ingress-nginx release before the final v1.15.1, v1.14.5 and v1.13.9 is exposed to published ' +
      'advisories: configuration injection through annotations or paths (auth-url, mirror-target, auth-method, ' +
      'rewrite-target, the Ingress path) that runs code in a controller able to read every Secret, and ' +
      'IngressNightmare (CVE-2025-1974, 9.8), where anything on the Pod network that reaches the admission webhook ' +
      'gets code execution without credentials. The project was retired in March 2026, so nothing found after the ' +
      'final releases will be fixed. A controller pinned only by digest, or by a tag such as latest, cannot be ' +
      'checked against any of this.',
    remediation:
      'Upgrade the controller image (or the ingress-nginx chart, 4.X.Y for controller 1.X.Y) to the final release of ' +
      'its line, v1.13.9, v1.14.5 or v1.15.1; until then disable the admission webhook ' +
      '(controller.admissionWebhooks.enabled=false, or delete the ingress-nginx-admission ' +
      'ValidatingWebhookConfiguration and drop --validating-webhook); pin the image by tag and digest; then plan ' +
      'the migration off ingress-nginx.',
    kinds: INGRESS_NGINX_CONTROLLER_KINDS,
    options: {
      schema: {
        type: 'object',
        additionalProperties: false,
        properties: {
          reportRetired: {
            type: 'boolean',
            description:
              'Also report a controller on a final release (no known CVE, but the project is retired and will fix nothing found later).',
          },
        },
      },
      defaults: { reportRetired: true },
    },
    examples: {
      invalid: `apiVersion: apps/v1
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
          image: registry.k8s.io/ingress-nginx/controller:v1.11.3
          args:
            - /nginx-ingress-controller
            - --configmap=$(POD_NAMESPACE)/ingress-nginx-controller
            - --validating-webhook=:8443
            - --validating-webhook-certificate=/usr/local/certificates/cert
            - --validating-webhook-key=/usr/local/certificates/key
`,
      valid: `apiVersion: apps/v1
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
            - --configmap=$(POD_NAMESPACE)/ingress-nginx-controller
`,
      options: { reportRetired: false },
    },
  },
  check(object, ctx) {
    const controller = ingressNginxControllerOf(object);
    if (controller === undefined) return [];
    const path = [...controller.container.path, 'image'];
    const result = controllerVersionOf(controller);
    if (!result.known) {
      return [
        {
          message:
            `The ingress-nginx controller version cannot be checked: ${result.detail}, and no helm.sh/chart or ` +
            `app.kubernetes.io/version label gives it. kubeward knows ${INGRESS_NGINX_CVES.length} CVEs of ` +
            'ingress-nginx by version; pin the image by version tag (and digest) so that it can be checked.',
          path,
          severity: 'info',
        },
      ];
    }
    const { version } = result;
    const shown = `${formatVersion(version)} (${result.detail})`;
    if (isAfterRetirement(version)) {
      return [
        {
          message:
            `ingress-nginx controller ${shown} is not an upstream release: the retired project's last releases are ` +
            `${FINAL_RELEASES_TEXT}. A fork or private build may carry fixes of its own, which kubeward cannot check.`,
          path,
          severity: 'info',
        },
      ];
    }
    const cves = cvesAffecting(version);
    if (cves.length === 0) {
      if (ctx.options.reportRetired === false) return [];
      const what = isFinalRelease(version) ? 'is a final release with' : 'has';
      return [
        {
          message:
            `ingress-nginx controller ${shown} ${what} no CVE in kubeward's data, but ingress-nginx was retired in ` +
            `${RETIRED_IN}: anything found from now on stays unfixed. Plan the migration (run \`kubeward audit\`).`,
          path,
        },
      ];
    }
    const webhook = admissionWebhookOf(controller, ctx.index);
    const finding: RuleFinding = {
      message:
        `ingress-nginx controller ${shown} is exposed to ${cves.length} known CVE${cves.length === 1 ? '' : 's'}: ` +
        `${cveList(cves, version)}.${webhook ? webhookText(webhook, cves) : ''} ` +
        `${formatVersion(nearestFinalRelease(version))} fixes ${cves.length === 1 ? 'it' : 'all of them'} and is among the last releases: ` +
        `ingress-nginx was retired in ${RETIRED_IN}.`,
      path,
    };
    if (webhook !== undefined && cves.some(isSevere)) finding.severity = 'error';
    return [finding];
  },
});
