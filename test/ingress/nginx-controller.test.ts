import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { createIndex } from '../../src/engine/object-index.js';
import { admissionWebhookOf } from '../../src/ingress/nginx-admission.js';
import { configMapFlagOf, ingressNginxControllerOf, webhookPortsOf } from '../../src/ingress/nginx-controller.js';
import { controllerVersionOf } from '../../src/ingress/nginx-controller-version.js';
import type { K8sObject } from '../../src/k8s/object.js';

const objectOf = (yaml: string): K8sObject => load(yaml) as K8sObject;

/** The version of the controller a workload runs; undefined when it runs none. */
function versionOfWorkload(workload: K8sObject) {
  const controller = ingressNginxControllerOf(workload);
  return controller === undefined ? undefined : controllerVersionOf(controller);
}

/** A controller Deployment as the chart renders it, with the image and extra labels/args of a case. */
function controllerDeployment(image: string, opts: { labels?: string; args?: string[]; namespace?: string } = {}) {
  const args = opts.args ?? ['/nginx-ingress-controller', '--configmap=$(POD_NAMESPACE)/ingress-nginx-controller'];
  return objectOf(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: ingress-nginx-controller
  namespace: ${opts.namespace ?? 'ingress-nginx'}
spec:
  selector:
    matchLabels: {app.kubernetes.io/name: ingress-nginx, app.kubernetes.io/component: controller}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: ingress-nginx
        app.kubernetes.io/component: controller
${(opts.labels ?? '')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => `        ${l.trim()}`)
  .join('\n')}
    spec:
      containers:
        - name: controller
          image: ${JSON.stringify(image)}
          args: ${JSON.stringify(args)}
          ports:
            - {name: http, containerPort: 80}
            - {name: webhook, containerPort: 8443}
`);
}

describe('controller workloads', () => {
  it('recognises the controller by its image, its command or the chart labels', () => {
    expect(
      ingressNginxControllerOf(controllerDeployment('registry.k8s.io/ingress-nginx/controller:v1.11.2'))?.evidence,
    ).toBe('image');
    expect(ingressNginxControllerOf(controllerDeployment('mirror.example.com/edge/nginx:custom'))?.evidence).toBe(
      'args',
    );
    expect(
      ingressNginxControllerOf(controllerDeployment('mirror.example.com/edge/nginx:custom', { args: [] }))?.evidence,
    ).toBe('labels');
  });

  it('ignores the F5 NGINX controller and the admission Jobs', () => {
    const f5 = objectOf(`apiVersion: apps/v1
kind: Deployment
metadata: {name: nginx-ingress-controller, namespace: nginx-ingress}
spec:
  selector: {matchLabels: {app.kubernetes.io/name: nginx-ingress}}
  template:
    metadata: {labels: {app.kubernetes.io/name: nginx-ingress, app.kubernetes.io/component: controller}}
    spec:
      containers:
        - name: nginx-ingress
          image: nginx/nginx-ingress:5.6.0
          args: [-nginx-configmaps=$(POD_NAMESPACE)/nginx-ingress, -ingress-class=nginx]
`);
    const job = objectOf(`apiVersion: batch/v1
kind: Job
metadata: {name: ingress-nginx-admission-create, namespace: ingress-nginx}
spec:
  template:
    metadata: {labels: {app.kubernetes.io/name: ingress-nginx, app.kubernetes.io/component: admission-webhook}}
    spec:
      restartPolicy: OnFailure
      containers:
        - name: create
          image: registry.k8s.io/ingress-nginx/kube-webhook-certgen:v1.6.9
`);
    expect(ingressNginxControllerOf(f5)).toBeUndefined();
    expect(ingressNginxControllerOf(job)).toBeUndefined();
  });

  it('reads the version from the image tag first', () => {
    const d = controllerDeployment('registry.k8s.io/ingress-nginx/controller:v1.11.2@sha256:abc', {
      labels: 'helm.sh/chart: ingress-nginx-4.12.0',
    });
    expect(versionOfWorkload(d)).toMatchObject({ known: true, source: 'image', version: { text: '1.11.2' } });
  });

  it('falls back to the chart label for a digest-only image, then to the version label', () => {
    const byChart = controllerDeployment('registry.k8s.io/ingress-nginx/controller@sha256:abc', {
      labels: 'helm.sh/chart: ingress-nginx-4.8.3',
    });
    expect(versionOfWorkload(byChart)).toMatchObject({
      known: true,
      source: 'chart-label',
      version: { text: '1.9.4' },
    });
    const byVersion = controllerDeployment('registry.k8s.io/ingress-nginx/controller:latest', {
      labels: 'app.kubernetes.io/version: "1.10.1"',
    });
    expect(versionOfWorkload(byVersion)).toMatchObject({ known: true, source: 'version-label' });
  });

  it('says why the version is unknown when neither the image nor the labels give it', () => {
    expect(
      versionOfWorkload(controllerDeployment('registry.k8s.io/ingress-nginx/controller@sha256:abc')),
    ).toMatchObject({ known: false, reason: 'digest-only' });
    expect(versionOfWorkload(controllerDeployment('registry.k8s.io/ingress-nginx/controller:latest'))).toMatchObject({
      known: false,
      reason: 'unknown-tag',
    });
  });

  it('reads the --configmap and --validating-webhook flags', () => {
    const d = controllerDeployment('registry.k8s.io/ingress-nginx/controller:v1.12.1', {
      args: ['/nginx-ingress-controller', '--configmap=$(POD_NAMESPACE)/edge-config', '--validating-webhook=:8443'],
    });
    const controller = ingressNginxControllerOf(d);
    if (controller === undefined) throw new Error('not detected');
    expect(configMapFlagOf(controller, 'ingress-nginx')).toMatchObject({
      namespace: 'ingress-nginx',
      name: 'edge-config',
    });
    expect(webhookPortsOf(controller)).toEqual([8443, 'webhook']);
    expect(controllerVersionOf(controller).known).toBe(true);
  });

  it('finds the admission webhook through the flag or a ValidatingWebhookConfiguration', () => {
    const withoutFlag = controllerDeployment('registry.k8s.io/ingress-nginx/controller:v1.11.3');
    const service = objectOf(`apiVersion: v1
kind: Service
metadata: {name: ingress-nginx-controller-admission, namespace: ingress-nginx}
spec:
  ports: [{name: https-webhook, port: 443, targetPort: webhook}]
  selector: {app.kubernetes.io/name: ingress-nginx, app.kubernetes.io/component: controller}
`);
    const vwc = objectOf(`apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata: {name: ingress-nginx-admission}
webhooks:
  - name: validate.nginx.ingress.kubernetes.io
    clientConfig:
      service: {name: ingress-nginx-controller-admission, namespace: ingress-nginx, port: 443}
`);
    const controller = ingressNginxControllerOf(withoutFlag);
    if (controller === undefined) throw new Error('not detected');
    expect(admissionWebhookOf(controller, createIndex([withoutFlag]))).toBeUndefined();
    expect(admissionWebhookOf(controller, createIndex([withoutFlag, service, vwc]))).toMatchObject({
      how: 'configuration',
    });
    // Without the Service loaded, the chart's <controller>-admission name ties the webhook to the controller.
    expect(admissionWebhookOf(controller, createIndex([withoutFlag, vwc]))).toMatchObject({ how: 'configuration' });
  });
});
