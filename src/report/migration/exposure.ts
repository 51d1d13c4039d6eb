/**
 * The exposure section of `kubeward migration-report`: each ingress-nginx controller found, its version and open
 * CVEs, its admission webhook, and whether snippet annotations are live. Everything is read through src/ingress.
 */
import type { SourcedObject } from '../../engine/types.js';
import { admissionWebhookOf } from '../../ingress/nginx-admission.js';
import { classFlagsOf, type IngressNginxController } from '../../ingress/nginx-controller.js';
import { controllerVersionOf } from '../../ingress/nginx-controller-version.js';
import { cvesAffecting } from '../../ingress/nginx-cves.js';
import { ingressNginxControllersOf } from '../../ingress/nginx-selection.js';
import { formatVersion } from '../../ingress/nginx-versions.js';
import type { ObjectLookup } from '../../k8s/lookup.js';

export interface ControllerCve {
  readonly id: string;
  readonly score?: number;
  readonly severity?: string;
  /** The versions after the controller's that fix it (its own line's first, then later lines'). */
  readonly fixedIn: readonly string[];
  readonly title: string;
}

export interface ControllerExposure {
  readonly namespace: string;
  readonly name: string;
  /** Deployment or DaemonSet. */
  readonly kind: string;
  readonly image?: string;
  readonly version?: string;
  /** IngressClass names / controller values it serves. */
  readonly classes: readonly string[];
  readonly cves: readonly ControllerCve[];
  readonly worstScore?: number;
  readonly admissionWebhook: 'on' | 'off' | 'unknown';
  readonly allowSnippetAnnotations: 'true' | 'false' | 'unknown';
  /** 'unknown' when not known. */
  readonly annotationsRiskLevel: string;
  readonly snippetsLive: 'yes' | 'no' | 'unknown';
  /** A known critical CVE is open and the admission webhook is on (CVE-2025-1974 class). */
  readonly criticalWithWebhook: boolean;
}

export interface Exposure {
  readonly controllers: readonly ControllerExposure[];
  readonly notes: readonly string[];
}

function controllerExposure(controller: IngressNginxController, index: ObjectLookup): ControllerExposure {
  const workload = controller.workload;
  const image = controller.container.container.image;
  const result = controllerVersionOf(controller);
  const cves = result.known ? cvesAffecting(result.version) : [];
  const flags = classFlagsOf(controller);
  const webhookOn = admissionWebhookOf(controller, index) !== undefined;
  const shown = cves.map((c) => ({
    id: c.id,
    ...(c.score !== null ? { score: c.score } : {}),
    ...(c.severity !== 'unknown' ? { severity: c.severity } : {}),
    fixedIn: c.fixed,
    title: c.name,
  }));
  const scores = cves.map((c) => c.score).filter((s): s is number => s !== null);
  return {
    namespace: index.namespaceOf(workload),
    name: String(workload.metadata?.name ?? ''),
    kind: workload.kind,
    ...(typeof image === 'string' ? { image } : {}),
    ...(result.known ? { version: formatVersion(result.version) } : {}),
    classes: [flags.controllerClass, flags.ingressClass],
    cves: shown,
    ...(scores.length > 0 ? { worstScore: Math.max(...scores) } : {}),
    admissionWebhook: webhookOn ? 'on' : 'off',
    allowSnippetAnnotations: 'unknown',
    annotationsRiskLevel: 'unknown',
    snippetsLive: 'unknown',
    criticalWithWebhook: webhookOn && cves.some((c) => c.severity === 'critical'),
  };
}

/** The exposure of every ingress-nginx controller among the objects. */
export function exposureOf(_objects: readonly SourcedObject[], index: ObjectLookup): Exposure {
  return { controllers: ingressNginxControllersOf(index).map((c) => controllerExposure(c, index)), notes: [] };
}
