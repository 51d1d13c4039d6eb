import { describe, expect, it } from 'vitest';
import { createIndex } from '../../src/engine/object-index.js';
import type { ControllerOptions } from '../../src/ingress/controller-evidence.js';
import { detectIngressController, servingContainers } from '../../src/ingress/controllers.js';
import type { K8sObject } from '../../src/k8s/object.js';
import { describeDetection } from '../../src/rules/shared/controller-options.js';

interface PodOptions {
  kind?: string;
  name?: string;
  labels?: Record<string, string>;
  podLabels?: Record<string, string>;
  annotations?: Record<string, string>;
  podAnnotations?: Record<string, string>;
  containers: Record<string, unknown>[];
  initContainers?: Record<string, unknown>[];
}

const workload = (o: PodOptions): K8sObject => ({
  apiVersion: 'apps/v1',
  kind: o.kind ?? 'Deployment',
  metadata: {
    name: o.name ?? 'subject',
    namespace: 'edge',
    ...(o.labels ? { labels: o.labels } : {}),
    ...(o.annotations ? { annotations: o.annotations } : {}),
  },
  spec: {
    selector: { matchLabels: o.podLabels ?? { app: 'subject' } },
    template: {
      metadata: {
        labels: o.podLabels ?? { app: 'subject' },
        ...(o.podAnnotations ? { annotations: o.podAnnotations } : {}),
      },
      spec: { containers: o.containers, ...(o.initContainers ? { initContainers: o.initContainers } : {}) },
    },
  },
});

const c = (name: string, image: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  name,
  image,
  ...extra,
});

const detect = (w: K8sObject, others: K8sObject[] = [], extra?: ControllerOptions) =>
  detectIngressController(w, createIndex([w, ...others]), extra);

function fail(): never {
  throw new Error('expected a detection');
}

describe('detectIngressController: images', () => {
  it('detects ingress-nginx by its image and names the container', () => {
    const w = workload({
      containers: [
        c(
          'controller',
          'registry.k8s.io/ingress-nginx/controller:v1.15.1@sha256:594ceea76b01c592858f803f9ff4d2cb40542cae',
        ),
      ],
    });
    const d = detect(w);
    expect(d?.controller.id).toBe('ingress-nginx');
    expect(d?.evidence[0]).toEqual({
      kind: 'image',
      detail: 'image registry.k8s.io/ingress-nginx/controller:v1.15.1',
      path: ['spec', 'template', 'spec', 'containers', 0, 'image'],
    });
    expect(d?.controllerContainers.map((x) => x.name)).toEqual(['controller']);
    expect(describeDetection(d ?? fail())).toBe(
      'the ingress-nginx controller (image registry.k8s.io/ingress-nginx/controller:v1.15.1)',
    );
  });

  it.each([
    ['nginx/nginx-ingress:5.1.0', 'f5-nginx'],
    ['docker.io/library/traefik:v3.3.4', 'traefik'],
    ['rancher/mirrored-library-traefik:2.11.10', 'traefik'],
    ['ghcr.io/projectcontour/contour:v1.33.0', 'contour'],
    ['haproxytech/kubernetes-ingress:3.1.0', 'haproxy'],
    ['quay.io/jcmoraisjr/haproxy-ingress:v0.15.0', 'haproxy-ingress'],
    ['kong/kubernetes-ingress-controller:3.4', 'kong'],
    ['docker.io/emissaryingress/emissary:3.10.0', 'emissary'],
    ['ghcr.io/nginx/nginx-gateway-fabric:2.1.0', 'nginx-gateway-fabric'],
    ['docker.io/envoyproxy/gateway:v1.5.0', 'envoy-gateway'],
    ['public.ecr.aws/eks/aws-load-balancer-controller:v2.13.0', 'aws-alb'],
    ['mcr.microsoft.com/azure-application-gateway/kubernetes-ingress:1.8.1', 'azure-agic'],
  ])('detects %s as %s', (image, id) => {
    expect(detect(workload({ containers: [c('main', image)] }))?.controller.id).toBe(id);
  });

  it('does not take a web server, a demo app or a plain HAProxy for an ingress controller', () => {
    for (const image of ['docker.io/bitnami/nginx:1.29.1', 'nginx:1.27', 'traefik/whoami', 'haproxy:3.0']) {
      expect(detect(workload({ labels: { 'app.kubernetes.io/name': 'web' }, containers: [c('web', image)] }))).toBe(
        undefined,
      );
    }
  });

  it('takes an Envoy or Istio proxy next to an application container for a sidecar, not a gateway', () => {
    const envoySidecar = workload({
      containers: [c('app', 'registry.example.com/shop/api:1.0'), c('envoy', 'envoyproxy/envoy:v1.35.0')],
    });
    const istioSidecar = workload({
      containers: [
        c('app', 'registry.example.com/shop/api:1.0'),
        c('istio-proxy', 'docker.io/istio/proxyv2:1.27.1', { args: ['proxy', 'sidecar'] }),
      ],
    });
    const nativeSidecar = workload({
      containers: [c('app', 'registry.example.com/shop/api:1.0')],
      initContainers: [c('envoy', 'envoyproxy/envoy:v1.35.0', { restartPolicy: 'Always' })],
    });
    expect(detect(envoySidecar)).toBeUndefined();
    expect(detect(istioSidecar)).toBeUndefined();
    expect(detect(nativeSidecar)).toBeUndefined();
  });

  it('detects a pod that runs only proxies as a gateway', () => {
    const standalone = workload({ containers: [c('envoy', 'docker.io/envoyproxy/envoy:distroless-v1.35.8')] });
    const istioGateway = workload({
      containers: [c('istio-proxy', 'docker.io/istio/proxyv2:1.27.1', { args: ['proxy', 'router'] })],
    });
    expect(detect(standalone)?.controller.id).toBe('envoy');
    expect(detect(istioGateway)?.controller.id).toBe('istio-gateway');
  });

  it("detects Contour's Envoy DaemonSet by both containers, the controller image first", () => {
    const d = detect(
      workload({
        kind: 'DaemonSet',
        containers: [
          c('shutdown-manager', 'ghcr.io/projectcontour/contour:v1.33.0', { args: ['envoy', 'shutdown-manager'] }),
          c('envoy', 'docker.io/envoyproxy/envoy:distroless-v1.35.8'),
        ],
        initContainers: [c('envoy-initconfig', 'ghcr.io/projectcontour/contour:v1.33.0')],
      }),
    );
    expect(d?.controller.id).toBe('contour');
    expect(d?.controllerContainers.map((x) => x.name)).toEqual(['shutdown-manager', 'envoy']);
    // The plain init container is neither serving nor evidence.
    expect(d?.containers.map((x) => x.name)).toEqual(['shutdown-manager', 'envoy']);
  });

  it('never treats a Job or a CronJob as a controller', () => {
    const job: K8sObject = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'x' },
      spec: { template: { spec: { containers: [c('c', 'registry.k8s.io/ingress-nginx/controller:v1.15.1')] } } },
    };
    expect(detect(job)).toBeUndefined();
  });
});

describe('detectIngressController: labels', () => {
  it('detects a known app.kubernetes.io/name when the image is a private build', () => {
    const d = detect(
      workload({
        podLabels: { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' },
        containers: [c('controller', 'registry.corp/edge/nginx-controller:1.2')],
      }),
    );
    expect(d?.controller.id).toBe('ingress-nginx');
    expect(d?.evidence[0]?.kind).toBe('label');
    expect(d?.evidence[0]?.path).toEqual(['spec', 'template', 'metadata', 'labels', 'app.kubernetes.io/name']);
    expect(d?.controllerContainers).toEqual([]);
    expect(servingContainers(d ?? fail()).map((x) => x.name)).toEqual(['controller']);
  });

  it("ignores a controller chart's helpers (admission webhook, default backend), which share its name label", () => {
    for (const component of ['admission-webhook', 'default-backend']) {
      const labels = { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': component };
      expect(detect(workload({ labels, podLabels: labels, containers: [c('x', 'registry.corp/x:1')] }))).toBe(
        undefined,
      );
    }
  });

  it('does not take every component: controller for an ingress controller (cert-manager, operators)', () => {
    const labels = { 'app.kubernetes.io/name': 'cert-manager', 'app.kubernetes.io/component': 'controller' };
    expect(
      detect(
        workload({
          labels,
          podLabels: labels,
          containers: [c('x', 'quay.io/jetstack/cert-manager-controller:v1.18.0')],
        }),
      ),
    ).toBe(undefined);
    const ingressLabels = { 'app.kubernetes.io/name': 'edge-ingress', 'app.kubernetes.io/component': 'controller' };
    expect(
      detect(workload({ podLabels: ingressLabels, containers: [c('x', 'registry.corp/edge:1')] }))?.controller.id,
    ).toBe('other');
  });

  it("detects an Istio gateway injected from image: auto by Istio's labels", () => {
    const d = detect(
      workload({
        podLabels: { app: 'istio-ingressgateway', istio: 'ingressgateway' },
        containers: [c('istio-proxy', 'auto')],
      }),
    );
    expect(d?.controller.id).toBe('istio-gateway');
    expect(d?.evidence.map((e) => e.detail)).toContain('label istio: ingressgateway');
  });
});

describe('detectIngressController: IngressClass and GatewayClass controller names', () => {
  const ingressClass = (name: string, controller: string): K8sObject => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'IngressClass',
    metadata: { name },
    spec: { controller },
  });

  it('detects a custom build by an argument naming a well-known controller', () => {
    const w = workload({
      containers: [
        c('controller', 'registry.corp/edge/nginx:1.2', { args: ['--controller-class=k8s.io/ingress-nginx'] }),
      ],
    });
    const d = detect(w);
    expect(d?.controller.id).toBe('ingress-nginx');
    expect(d?.evidence[0]).toMatchObject({
      kind: 'class',
      path: ['spec', 'template', 'spec', 'containers', 0, 'args', 0],
    });
  });

  it('detects a controller by the controller name or class name of a loaded IngressClass', () => {
    const w1 = workload({
      containers: [c('edge', 'registry.corp/edge:1', { args: ['serve', '--controller-class=example.com/edge'] })],
    });
    const w2 = workload({
      containers: [c('edge', 'registry.corp/edge:1', { command: ['/edge', '--ingress-class=public'] })],
    });
    const cls = [ingressClass('public', 'example.com/edge')];
    expect(detect(w1, cls)?.evidence[0]?.detail).toBe(
      'argument --controller-class=example.com/edge, the controller of IngressClass public',
    );
    expect(detect(w1, cls)?.controller.id).toBe('other');
    expect(detect(w2, cls)?.evidence[0]?.path).toEqual(['spec', 'template', 'spec', 'containers', 0, 'command', 1]);
    // Without the IngressClass, neither argument says anything.
    expect(detect(w1)).toBeUndefined();
    expect(detect(w2)).toBeUndefined();
  });

  it('detects a Gateway API controller by the controllerName of a loaded GatewayClass', () => {
    const gc: K8sObject = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'GatewayClass',
      metadata: { name: 'nginx' },
      spec: { controllerName: 'gateway.nginx.org/nginx-gateway-controller' },
    };
    const w = workload({
      containers: [
        c('ngf', 'registry.corp/ngf:2.1', {
          args: ['controller', '--gateway-ctlr-name=gateway.nginx.org/nginx-gateway-controller'],
        }),
      ],
    });
    expect(detect(w, [gc])?.controller.id).toBe('nginx-gateway-fabric');
  });
});

describe('detectIngressController: the controllers option and the critical annotation', () => {
  const plain = (o: Partial<PodOptions> = {}) =>
    workload({ containers: [c('edge', 'registry.example.com/edge/proxy:4.2@sha256:abc')], ...o });

  it('detects images matching an option glob, with or without tag and digest', () => {
    for (const glob of ['registry.example.com/edge/*', 'registry.example.com/edge/proxy', '*/proxy:4.*']) {
      const d = detect(plain(), [], { images: [glob] });
      expect(d?.controller.id, glob).toBe('critical');
      expect(d?.evidence[0]?.kind).toBe('config');
    }
    expect(detect(plain(), [], { images: ['registry.example.com/other/*'] })).toBeUndefined();
  });

  it('detects labels matching the option, on the pod template or the workload', () => {
    expect(
      detect(plain({ podLabels: { team: 'edge-platform' } }), [], { labels: { team: 'edge-*' } })?.evidence[0]?.path,
    ).toEqual(['spec', 'template', 'metadata', 'labels', 'team']);
    expect(
      detect(plain({ labels: { tier: 'ingress' } }), [], { labels: { tier: 'ingress' } })?.evidence[0]?.path,
    ).toEqual(['metadata', 'labels', 'tier']);
    expect(detect(plain({ podLabels: { team: 'shop' } }), [], { labels: { team: 'edge-*' } })).toBeUndefined();
  });

  it('detects kubeward.io/critical: "true" on the workload or its pod template', () => {
    const onWorkload = detect(plain({ annotations: { 'kubeward.io/critical': 'true' } }));
    expect(onWorkload?.controller.id).toBe('critical');
    expect(onWorkload?.evidence[0]?.path).toEqual(['metadata', 'annotations', 'kubeward.io/critical']);
    expect(detect(plain({ podAnnotations: { 'kubeward.io/critical': 'true' } }))?.controller.name).toBe(
      'critical workload',
    );
  });

  it('lets kubeward.io/critical: "false" override every other evidence', () => {
    const w = workload({
      annotations: { 'kubeward.io/critical': 'false' },
      containers: [c('controller', 'registry.k8s.io/ingress-nginx/controller:v1.15.1')],
    });
    expect(detect(w)).toBeUndefined();
  });

  it('caches per index and options', () => {
    const w = plain();
    const idx = createIndex([w]);
    const opts = { images: ['registry.example.com/edge/*'] };
    expect(detectIngressController(w, idx)).toBeUndefined();
    const first = detectIngressController(w, idx, opts);
    expect(first).toBeDefined();
    expect(detectIngressController(w, idx, { images: ['registry.example.com/edge/*'] })).toBe(first);
    expect(detectIngressController(w, idx)).toBeUndefined();
  });
});
