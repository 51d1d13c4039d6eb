import type { RuleFinding } from '../../engine/rule.js';
import { knownControllerImage } from '../../ingress/controller-images.js';
import {
  CONTROLLER_PROFILES,
  type ControllerProfile,
  type DetectedController,
} from '../../ingress/controller-profiles.js';
import { type ControllerDetection, detectIngressController } from '../../ingress/controllers.js';
import { asArray, asObject, asString, getPath, type JsonObject } from '../../k8s/object.js';
import { upperFirst } from '../../k8s/text.js';
import type { ContainerRef } from '../../k8s/workload.js';
import { defineRule } from '../define-rule.js';
import { CONTROLLER_RULE_OPTIONS, CONTROLLER_WORKLOAD_KINDS, describeDetection } from '../shared/controller-options.js';

export const controllerReadinessProbeSignalsStart = defineRule({
  meta: {
    id: 'controller-readiness-probe-signals-start',
    family: 'availability',
    severity: 'warning',
    title: 'Ingress controller readiness must signal reconciliation, not process start',
    rationale:
      'A readiness probe that is a bare TCP check, or a copy of the liveness probe, passes as soon as the process ' +
      'listens, long before a restarted controller has reconciled every Ingress and route. During a rolling update ' +
      'or a node drain the new pod is declared Ready and the old one is removed while the new one still answers ' +
      '404 or 503: users see errors on every rollout even though every pod looks healthy. Where the endpoint does ' +
      "wait for the first sync (ingress-nginx's /healthz on 10254 fails until the dynamic load balancer is " +
      'initialized), a liveness probe identical to readiness has the opposite problem: a first sync slower than ' +
      'the liveness budget (hundreds of Ingresses) gets the controller restarted before it is ever Ready, again ' +
      'and again.',
    remediation:
      "Point the readiness probe at the controller's reconciliation-aware endpoint (for example httpGet " +
      '/healthz/ready on 15021 for Istio gateways, /status/ready for Kong), keep liveness more tolerant than ' +
      'readiness (or add a startupProbe on the same endpoint that allows for the slowest first sync), and set ' +
      'minReadySeconds so that a pod must stay Ready for a while before the rollout continues.',
    kinds: CONTROLLER_WORKLOAD_KINDS,
    options: CONTROLLER_RULE_OPTIONS,
    messages: {
      tcpReadinessProbe:
        '{{controller}}: the readiness probe of container {{container}} is a bare TCP check on port {{port}}, which passes as soon as the process listens, before the controller has reconciled its routes; point it at {{endpoint}}{{setMinReady}}.',
      readinessSameAsLiveness:
        '{{controller}}: the readiness probe of container {{container}} is identical to its liveness probe, so it reports the process alive, not the routes reconciled, and readiness cannot fail without liveness restarting the pod; point it at {{endpoint}}{{setMinReady}}.',
      tcpReadinessProbeNoRoutesEndpoint:
        '{{controller}}: the readiness probe of container {{container}} is a bare TCP check on port {{port}}, which passes as soon as the process listens; probe {{endpoint}}, which also fails while the pod shuts down{{setMinReady}}: {{why}}.',
      readinessSameAsLivenessNoRoutesEndpoint:
        '{{controller}}: the readiness probe of container {{container}} is identical to its liveness probe, so readiness cannot fail without liveness restarting the pod; give readiness a lower failureThreshold than liveness{{setMinReady}}: {{why}}.',
      livenessRestartsFirstSync:
        '{{controller}}: the liveness probe of container {{container}} is identical to its readiness probe on {{endpoint}}, which fails until the first sync has loaded the configuration; a first sync longer than {{budget}} seconds (hundreds of Ingresses) gets the controller restarted before it is ever Ready, on every try; add a startupProbe on the same endpoint whose failureThreshold × periodSeconds covers the slowest first sync, or give liveness a larger failureThreshold than readiness.',
    },
    examples: {
      invalid: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: traefik
  namespace: traefik
spec:
  replicas: 3
  selector:
    matchLabels: {app.kubernetes.io/name: traefik}
  template:
    metadata:
      labels: {app.kubernetes.io/name: traefik}
    spec:
      containers:
        - name: traefik
          image: docker.io/traefik:v3.3.4
          args: [--ping=true, --entrypoints.web.address=:8000]
          readinessProbe:
            tcpSocket: {port: 8000}
            periodSeconds: 10
`,
      valid: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: traefik
  namespace: traefik
spec:
  replicas: 3
  minReadySeconds: 10
  selector:
    matchLabels: {app.kubernetes.io/name: traefik}
  template:
    metadata:
      labels: {app.kubernetes.io/name: traefik}
    spec:
      containers:
        - name: traefik
          image: docker.io/traefik:v3.3.4
          args: [--ping=true, --entrypoints.web.address=:8000]
          readinessProbe:
            httpGet: {path: /ping, port: 8080}
            failureThreshold: 1
          livenessProbe:
            httpGet: {path: /ping, port: 8080}
            failureThreshold: 3
`,
    },
  },
  check(object, ctx) {
    const d = detectIngressController(object, ctx.index, ctx.options.controllers);
    if (d === undefined) return [];
    const probed = d.containers.flatMap((c) => {
      const readiness = asObject(c.container.readinessProbe);
      return readiness ? [{ c, readiness, verdict: judge(c, readiness, profileOf(c, d)) }] : [];
    });
    const who = upperFirst(describeDetection(d));
    // The readiness is right there; the risk is the liveness copy of it, whatever the other containers do.
    const restarts = probed.flatMap(({ c, verdict }) =>
      verdict?.kind === 'liveness-restarts-first-sync'
        ? [
            {
              messageId: 'livenessRestartsFirstSync' as const,
              data: { controller: who, container: c.name, endpoint: verdict.endpoint, budget: verdict.budget },
              path: [...c.path, 'livenessProbe'],
            },
          ]
        : [],
    );
    // One reconciliation-aware probe gates the whole pod's readiness.
    const gated = (v: Verdict | undefined): boolean => v === undefined || v.kind === 'liveness-restarts-first-sync';
    if (probed.length === 0 || probed.some((p) => gated(p.verdict))) return restarts;
    const minReady = getPath(object, ['spec', 'minReadySeconds']);
    const setMinReady = typeof minReady === 'number' && minReady > 0 ? '' : ' and set minReadySeconds';
    const findings: RuleFinding<
      | 'tcpReadinessProbe'
      | 'readinessSameAsLiveness'
      | 'tcpReadinessProbeNoRoutesEndpoint'
      | 'readinessSameAsLivenessNoRoutesEndpoint'
    >[] = [];
    for (const { c, verdict } of probed) {
      if (verdict === undefined || verdict.kind === 'liveness-restarts-first-sync') continue;
      const profile = profileOf(c, d);
      const data = { controller: who, container: c.name, endpoint: profile.readiness, setMinReady };
      const why = profile.noRoutesEndpoint;
      if (why !== undefined) {
        // No endpoint waits for the routes: the advice is what holds traffic back instead, never "point it at" one.
        findings.push(
          verdict.kind === 'tcp'
            ? {
                messageId: 'tcpReadinessProbeNoRoutesEndpoint',
                data: {
                  ...data,
                  port: verdict.port,
                  why,
                  setMinReady: setMinReady === '' ? '' : ', and set minReadySeconds',
                },
                path: [...c.path, 'readinessProbe', 'tcpSocket'],
              }
            : {
                messageId: 'readinessSameAsLivenessNoRoutesEndpoint',
                data: {
                  controller: who,
                  container: c.name,
                  why,
                  setMinReady: setMinReady === '' ? '' : ', and set minReadySeconds',
                },
                path: [...c.path, 'readinessProbe'],
              },
        );
        continue;
      }
      findings.push(
        verdict.kind === 'tcp'
          ? {
              messageId: 'tcpReadinessProbe',
              data: { ...data, port: verdict.port },
              path: [...c.path, 'readinessProbe', 'tcpSocket'],
            }
          : { messageId: 'readinessSameAsLiveness', data, path: [...c.path, 'readinessProbe'] },
      );
    }
    return findings;
  },
});

type Verdict =
  | { kind: 'tcp'; port: string }
  | { kind: 'same-as-liveness' }
  | { kind: 'liveness-restarts-first-sync'; endpoint: string; budget: number };

/**
 * HTTP endpoints that fail until the controller's first sync has loaded its configuration, by controller. Only
 * what each controller's source shows:
 * - ingress-nginx: the health check (`Check` in internal/ingress/controller/checker.go) asks NGINX for
 *   `/is-dynamic-lb-initialized` and fails until the Lua balancer has its first configuration; it is served on
 *   `--healthz-port` (10254) at `--health-check-path` (/healthz);
 * - F5 NGINX Ingress Controller: `/nginx-ready` on `--ready-status-port` (8081, the chart's `readiness-port`)
 *   answers once NGINX has loaded the configuration after start-up (cmd/nginx-ingress/main.go, the chart's
 *   `controller.readyStatus`).
 */
const FIRST_SYNC_ENDPOINTS: Partial<Record<DetectedController, readonly FirstSyncEndpoint[]>> = {
  'ingress-nginx': [{ path: '/healthz', ports: [10254], text: 'httpGet /healthz on port 10254' }],
  'f5-nginx': [{ path: '/nginx-ready', ports: [8081, 'readiness-port'], text: 'httpGet /nginx-ready' }],
};

interface FirstSyncEndpoint {
  readonly path: string;
  readonly ports: readonly (number | string)[];
  /** How messages name it. */
  readonly text: string;
}

/** The first-sync endpoint the probe's httpGet hits, if any. */
function firstSyncEndpoint(probe: JsonObject, profile: ControllerProfile): FirstSyncEndpoint | undefined {
  const http = asObject(probe.httpGet);
  if (http === undefined) return undefined;
  const path = http.path ?? '/';
  const port = String(http.port);
  return FIRST_SYNC_ENDPOINTS[profile.id]?.find((e) => e.path === path && e.ports.some((p) => String(p) === port));
}

/** Seconds from start until liveness restarts a container whose probe never succeeds (API defaults filled in). */
function livenessBudget(liveness: JsonObject): number {
  return num(liveness.initialDelaySeconds, 0) + num(liveness.failureThreshold, 3) * num(liveness.periodSeconds, 10);
}

/**
 * Why the readiness probe only signals process start; undefined when it can reflect reconciliation. A readiness
 * probe on a first-sync endpoint is right, but a liveness probe identical to it (with no startupProbe holding
 * liveness back) restarts a controller whose first sync is slow.
 */
function judge(c: ContainerRef, readiness: JsonObject, profile: ControllerProfile): Verdict | undefined {
  const tcp = asObject(readiness.tcpSocket);
  if (tcp !== undefined) {
    const port = tcp.port;
    const reconciled = profile.reconciledTcpPorts ?? [];
    if ((typeof port === 'number' || typeof port === 'string') && reconciled.includes(port)) return undefined;
    return { kind: 'tcp', port: String(port ?? '?') };
  }
  const liveness = asObject(c.container.livenessProbe);
  if (liveness === undefined || probeKey(liveness) !== probeKey(readiness)) return undefined;
  const synced = firstSyncEndpoint(readiness, profile);
  if (synced === undefined) return { kind: 'same-as-liveness' };
  if (asObject(c.container.startupProbe) !== undefined) return undefined;
  return { kind: 'liveness-restarts-first-sync', endpoint: synced.text, budget: livenessBudget(liveness) };
}

/** The controller a container runs (by its image), else the workload's. */
function profileOf(c: ContainerRef, d: ControllerDetection): ControllerProfile {
  const image = asString(c.container.image);
  const known = image === undefined ? undefined : knownControllerImage(image);
  return known ? CONTROLLER_PROFILES[known.controller] : d.controller;
}

function num(v: unknown, fallback: number): number {
  return typeof v === 'number' ? v : fallback;
}

/** A probe's handler and timing with the API defaults filled in, as a comparable string. */
function probeKey(probe: JsonObject): string {
  const timing = [
    num(probe.initialDelaySeconds, 0),
    num(probe.periodSeconds, 10),
    num(probe.timeoutSeconds, 1),
    num(probe.successThreshold, 1),
    num(probe.failureThreshold, 3),
  ];
  return JSON.stringify([handlerKey(probe), timing]);
}

function handlerKey(probe: JsonObject): unknown {
  const http = asObject(probe.httpGet);
  if (http) {
    const headers = asArray(http.httpHeaders).map((h) => [asObject(h)?.name, asObject(h)?.value]);
    return ['http', http.path ?? '/', String(http.port), http.host ?? '', http.scheme ?? 'HTTP', headers];
  }
  const tcp = asObject(probe.tcpSocket);
  if (tcp) return ['tcp', String(tcp.port), tcp.host ?? ''];
  const grpc = asObject(probe.grpc);
  if (grpc) return ['grpc', String(grpc.port), grpc.service ?? ''];
  const exec = asObject(probe.exec);
  if (exec) return ['exec', asArray(exec.command)];
  return ['none'];
}
