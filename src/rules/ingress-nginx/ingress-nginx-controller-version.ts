import type { RuleFinding } from '../../engine/rule.js';
import { INGRESS_NGINX_CVES } from '../../ingress/ingress-nginx-data.gen.js';
import { admissionWebhookOf } from '../../ingress/nginx-admission.js';
import { INGRESS_NGINX_CONTROLLER_KINDS, ingressNginxControllerOf } from '../../ingress/nginx-controller.js';
import { controllerVersionOf } from '../../ingress/nginx-controller-version.js';
import { cvesAffecting, type IngressNginxCve, isSevere, nextFixFor } from '../../ingress/nginx-cves.js';
import {
  type ControllerVersion,
  compareVersions,
  FINAL_RELEASES,
  FINAL_RELEASES_TEXT,
  formatVersion,
  isAfterRetirement,
  nearestFinalRelease,
  RETIRED_IN,
} from '../../ingress/nginx-versions.js';
import { defineRule } from '../define-rule.js';

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

/** The CVEs of `cves` that need nothing but network access to the admission webhook. */
function viaWebhook(cves: readonly IngressNginxCve[]): string[] {
  return cves.filter((c) => c.needsWebhookReachable === true).map((c) => c.id);
}

const isFinalRelease = (v: ControllerVersion): boolean => FINAL_RELEASES.some((f) => compareVersions(f, v) === 0);

const KNOWN_CVES_HEAD =
  'ingress-nginx controller {{version}} ({{source}}) is exposed to {{count}} known {{cveNoun}}: {{cves}}.';
const KNOWN_CVES_TAIL = `{{upgrade}} fixes {{fixesWhat}} and is among the last releases: ingress-nginx was retired in ${RETIRED_IN}.`;

const messages = {
  versionUnchecked:
    'The ingress-nginx controller version cannot be checked: {{reason}}, and no helm.sh/chart or ' +
    `app.kubernetes.io/version label gives it. kubeward knows ${INGRESS_NGINX_CVES.length} CVEs of ` +
    'ingress-nginx by version; pin the image by version tag (and digest) so that it can be checked.',
  notUpstreamRelease:
    "ingress-nginx controller {{version}} ({{source}}) is not an upstream release: the retired project's last " +
    `releases are ${FINAL_RELEASES_TEXT}. A fork or private build may carry fixes of its own, which kubeward cannot ` +
    'check.',
  retiredWithoutCves:
    "ingress-nginx controller {{version}} ({{source}}) {{release}} no CVE in kubeward's data, but ingress-nginx was " +
    `retired in ${RETIRED_IN}: anything found from now on stays unfixed. Plan the migration (run \`kubeward migration-report\`).`,
  knownCves: `${KNOWN_CVES_HEAD} ${KNOWN_CVES_TAIL}`,
  knownCvesWebhookOn: `${KNOWN_CVES_HEAD} Its validating admission webhook is on ({{webhook}}). ${KNOWN_CVES_TAIL}`,
  knownCvesWebhookReachable:
    `${KNOWN_CVES_HEAD} Its validating admission webhook is on ({{webhook}}): {{webhookCves}} {{need}} nothing but ` +
    `network access to it from any pod. ${KNOWN_CVES_TAIL}`,
} as const;

/** The option defaults (typed, so `defineRule` infers the options and the message ids). */
const DEFAULTS: IngressNginxControllerVersionOptions = { reportRetired: true };

export const ingressNginxControllerVersion = defineRule({
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
    messages,
    severityShift: {
      raise: "the controller's admission webhook is on and at least one of the CVEs is high or critical",
      lower:
        "the controller's version cannot be checked (an image pinned by digest only, or by a tag that is not a " +
        'version) or is not an upstream release (a fork or private build)',
    },
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
      defaults: DEFAULTS,
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
      return [{ messageId: 'versionUnchecked', data: { reason: result.detail }, path, shift: 'lower' }];
    }
    const { version } = result;
    const shown = { version: formatVersion(version), source: result.detail };
    if (isAfterRetirement(version)) {
      return [{ messageId: 'notUpstreamRelease', data: shown, path, shift: 'lower' }];
    }
    const cves = cvesAffecting(version);
    if (cves.length === 0) {
      if (ctx.options.reportRetired === false) return [];
      const release = isFinalRelease(version) ? 'is a final release with' : 'has';
      return [{ messageId: 'retiredWithoutCves', data: { ...shown, release }, path }];
    }
    const exposed = {
      ...shown,
      count: cves.length,
      cveNoun: cves.length === 1 ? 'CVE' : 'CVEs',
      cves: cveList(cves, version),
      upgrade: formatVersion(nearestFinalRelease(version)),
      fixesWhat: cves.length === 1 ? 'it' : 'all of them',
    };
    const webhook = admissionWebhookOf(controller, ctx.index);
    if (webhook === undefined) return [{ messageId: 'knownCves', data: exposed, path }];
    // The admission webhook on and a high or critical CVE: one level higher (an error by default).
    const shift: RuleFinding['shift'] = cves.some(isSevere) ? 'raise' : undefined;
    const webhookCves = viaWebhook(cves);
    if (webhookCves.length === 0) {
      return [{ messageId: 'knownCvesWebhookOn', data: { ...exposed, webhook: webhook.detail }, path, shift }];
    }
    const data = {
      ...exposed,
      webhook: webhook.detail,
      webhookCves: webhookCves.join(' and '),
      need: webhookCves.length === 1 ? 'needs' : 'need',
    };
    return [{ messageId: 'knownCvesWebhookReachable', data, path, shift }];
  },
});
