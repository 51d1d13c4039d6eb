import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { createIndex } from '../../src/engine/object-index.js';
import type { K8sObject } from '../../src/engine/types.js';
import { knownControllerImage } from '../../src/ingress/controller-images.js';
import { INGRESS_NGINX_CHARTS, INGRESS_NGINX_CVES } from '../../src/ingress/ingress-nginx-data.gen.js';
import { admissionWebhookOf } from '../../src/ingress/nginx-admission.js';
import { chartVersionOfLabel, controllerVersionOfChart } from '../../src/ingress/nginx-charts.js';
import {
  configMapFlagOf,
  ingressNginxControllerOf,
  isIngressNginxController,
  webhookPortsOf,
} from '../../src/ingress/nginx-controller.js';
import { controllerVersionOf, controllerVersionOfWorkload } from '../../src/ingress/nginx-controller-version.js';
import { cvesAffecting, nextFixFor } from '../../src/ingress/nginx-cves.js';
import { ingressNginxImageOf, isIngressNginxImage } from '../../src/ingress/nginx-images.js';
import {
  compareVersions,
  FINAL_RELEASES,
  FINAL_RELEASES_TEXT,
  formatVersion,
  isAfterRetirement,
  nearestFinalRelease,
  parseVersion,
  RETIRED_IN,
  versionConstant,
} from '../../src/ingress/nginx-versions.js';

const CONTROLLER_IMAGE_VARIANTS: readonly (readonly [string, string])[] = [
  ['registry.k8s.io/ingress-nginx/controller:v1.11.2@sha256:abc', 'controller'],
  ['registry.k8s.io/ingress-nginx/controller@sha256:abc', 'controller'],
  ['registry.k8s.io/ingress-nginx/controller-chroot:v1.10.1', 'chroot'],
  ['k8s.gcr.io/ingress-nginx/controller:v1.1.1', 'controller'],
  ['us.gcr.io/k8s-artifacts-prod/ingress-nginx/controller:v0.34.1', 'controller'],
  ['quay.io/kubernetes-ingress-controller/nginx-ingress-controller:0.26.1', 'legacy'],
  ['quay.io/kubernetes-ingress-controller/nginx-ingress-controller-arm64:0.24.1', 'legacy'],
  ['gcr.io/google_containers/nginx-ingress-controller:0.9.0-beta.15', 'legacy'],
  ['harbor.example.com/mirror/ingress-nginx/controller:v1.12.1', 'controller'],
];
const CONTROLLER_IMAGE_SAMPLES = CONTROLLER_IMAGE_VARIANTS.map(([image]) => image);
const NOT_CONTROLLER_SAMPLES: readonly string[] = [
  'registry.k8s.io/ingress-nginx/kube-webhook-certgen:v1.6.9',
  'registry.k8s.io/ingress-nginx/custom-error-pages:v1.2.9',
  'registry.k8s.io/ingress-nginx/e2e-test-echo:v1.2.9',
  'nginx/nginx-ingress:5.6.0',
  'private-registry.nginx.com/nginx-ic/nginx-plus-ingress:5.6.0',
  'nginx:1.27',
  'rancher/nginx-ingress-controller:nginx-1.12.1-rancher1',
];

const root = join(import.meta.dirname, '..', '..');
const research = join(root, 'data', 'research');
const haveResearch = existsSync(join(research, 'ingress-nginx-cves.json'));
const skipNote = haveResearch ? '' : ' (skipped: ../shared/research not found)';

const v = versionConstant;
const ids = (version: string): string[] => cvesAffecting(version).map((c) => c.id);
const cve = (id: string) => {
  const found = INGRESS_NGINX_CVES.find((c) => c.id === id);
  if (found === undefined) throw new Error(`no ${id} in the data`);
  return found;
};
const objectOf = (yaml: string): K8sObject => load(yaml) as K8sObject;

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

describe('controller versions', () => {
  it('parses v-prefixed, bare, legacy and pre-release versions', () => {
    expect(parseVersion('v1.11.2')?.text).toBe('1.11.2');
    expect(parseVersion('1.11.2')?.text).toBe('1.11.2');
    expect(parseVersion('0.26.1')).toMatchObject({ major: 0, minor: 26, patch: 1, prerelease: [] });
    expect(parseVersion('v1.12.0-beta.0')).toMatchObject({ minor: 12, prerelease: ['beta', '0'] });
    expect(parseVersion('v1.12.0-beta.0')?.text).toBe('1.12.0-beta.0');
  });

  it('rejects tags that are not versions', () => {
    for (const tag of ['latest', 'v1.11', 'main', '1.11.2.1', 'nginx-1.12.1-rancher1', '']) {
      expect(parseVersion(tag), tag).toBeUndefined();
    }
  });

  it('orders versions numerically, with pre-releases before their release', () => {
    const order = ['0.49.3', '1.0.0-beta.1', '1.0.0', '1.9.6', '1.10.0', '1.12.0-beta.0', '1.12.0', '1.12.1'];
    const sorted = [...order].reverse().map(v).sort(compareVersions);
    expect(sorted.map((x) => x.text)).toEqual(order);
    expect(compareVersions(v('1.0.0-beta.2'), v('1.0.0-beta.10'))).toBeLessThan(0);
    expect(compareVersions(v('v1.11.5'), v('1.11.5'))).toBe(0);
  });

  it('formats versions the way the project tags them', () => {
    expect(formatVersion(v('1.11.2'))).toBe('v1.11.2');
  });
});

describe('images', () => {
  it('recognises the controller images of every registry the project used, and mirrors of them', () => {
    const images = CONTROLLER_IMAGE_VARIANTS;
    for (const [image, variant] of images) expect(ingressNginxImageOf(image)?.variant, image).toBe(variant);
  });

  it('agrees with the controller detection of the availability rules on which images are ingress-nginx', () => {
    const images = [
      ...CONTROLLER_IMAGE_SAMPLES,
      ...['amd64', 'arm64', 'arm', 'ppc64le', 's390x'].map(
        (arch) => `quay.io/kubernetes-ingress-controller/nginx-ingress-controller-${arch}:0.20.0`,
      ),
      'gcr.io/google_containers/nginx-ingress-controller-amd64:0.9.0',
      ...NOT_CONTROLLER_SAMPLES,
    ];
    for (const image of images) {
      expect(knownControllerImage(image)?.controller === 'ingress-nginx', image).toBe(isIngressNginxImage(image));
    }
  });

  it('does not take the chart helpers, the F5 NGINX controller or plain nginx for the controller', () => {
    for (const image of NOT_CONTROLLER_SAMPLES) {
      expect(isIngressNginxImage(image), image).toBe(false);
    }
  });
});

describe('the CVE data', () => {
  it('holds every advisory of the research file, each with a fixed version per release line', () => {
    expect(INGRESS_NGINX_CVES).toHaveLength(21);
    for (const c of INGRESS_NGINX_CVES) {
      expect(c.fixed.length, c.id).toBeGreaterThan(0);
      const lines = c.fixed.map((f) => f.split('.').slice(0, 2).join('.'));
      expect(new Set(lines).size, c.id).toBe(lines.length);
    }
  });

  it('rates IngressNightmare critical and needing only the webhook', () => {
    expect(cve('CVE-2025-1974')).toMatchObject({
      score: 9.8,
      severity: 'critical',
      fixed: ['1.11.5', '1.12.1'],
      needsWebhookReachable: true,
      needsIngressCreate: false,
    });
    expect(cve('CVE-2025-24513').severity).toBe('unknown');
    expect(cve('CVE-2026-4342').severity).toBe('high');
    expect(cve('CVE-2026-24514')).toMatchObject({ severity: 'medium', needsWebhookReachable: true });
  });

  it('marks the advisories that only a setting mitigates', () => {
    expect(cve('CVE-2021-25742')).toMatchObject({ fixed: ['0.49.1', '1.0.1'], fixKind: 'mitigation' });
    expect(cve('CVE-2023-5043')).toMatchObject({ fixed: ['1.9.0'], fixKind: 'mitigation' });
    expect(cve('CVE-2025-1974').fixKind).toBe('release');
  });

  it('knows the final releases and when the project retired', () => {
    expect(FINAL_RELEASES.map(formatVersion)).toEqual(['v1.13.9', 'v1.14.5', 'v1.15.1']);
    expect(FINAL_RELEASES_TEXT).toBe('v1.15.1, v1.14.5 and v1.13.9');
    expect(RETIRED_IN).toBe('March 2026');
  });
});

describe('cvesAffecting', () => {
  it('exposes v1.11.4 and v1.12.0 to IngressNightmare, and not v1.11.5 or v1.12.1', () => {
    expect(ids('v1.11.4')).toContain('CVE-2025-1974');
    expect(ids('v1.12.0')).toContain('CVE-2025-1974');
    expect(ids('v1.12.0-beta.0')).toContain('CVE-2025-1974');
    expect(ids('v1.11.5')).not.toContain('CVE-2025-1974');
    expect(ids('v1.12.1')).not.toContain('CVE-2025-1974');
    expect(ids('v1.13.0')).not.toContain('CVE-2025-1974');
  });

  it('treats a line newer than every fixed one as fixed, and an older line as exposed', () => {
    expect(ids('v1.14.0')).not.toContain('CVE-2025-15566');
    expect(ids('v1.13.0')).toContain('CVE-2025-15566');
    expect(ids('v1.12.4')).toContain('CVE-2025-15566');
    expect(ids('v1.12.5')).not.toContain('CVE-2025-15566');
    expect(ids('v1.11.8')).toContain('CVE-2025-15566');
  });

  it('uses the backport of each line', () => {
    expect(ids('v1.10.3')).toContain('CVE-2024-7646');
    expect(ids('v1.10.4')).not.toContain('CVE-2024-7646');
    expect(ids('v1.11.1')).toContain('CVE-2024-7646');
    expect(ids('v1.11.2')).not.toContain('CVE-2024-7646');
  });

  it('keeps a line between two fixed lines exposed when it got no fix of its own', () => {
    // The setting that mitigates CVE-2021-25742 came with v0.49.1 and v1.0.1; 0.50 is its own line.
    expect(ids('0.49.1')).not.toContain('CVE-2021-25742');
    expect(ids('0.50.0')).toContain('CVE-2021-25742');
    expect(ids('v1.0.0')).toContain('CVE-2021-25742');
    expect(ids('v1.0.1')).not.toContain('CVE-2021-25742');
  });

  it('finds nothing in the final releases, and only the last advisory in v1.15.0', () => {
    for (const f of FINAL_RELEASES) expect(cvesAffecting(f), f.text).toEqual([]);
    expect(ids('v1.15.0')).toEqual(['CVE-2026-4342']);
    expect(ids('v1.14.4')).toEqual(['CVE-2026-4342']);
  });

  it('lists the most severe first and returns nothing for a tag that is not a version', () => {
    expect(ids('v1.11.4')[0]).toBe('CVE-2025-1974');
    expect(cvesAffecting('latest')).toEqual([]);
  });

  it('names the next version that fixes each advisory, and the final release to move to', () => {
    expect(nextFixFor(cve('CVE-2025-1974'), v('1.11.2'))?.text).toBe('1.11.5');
    expect(nextFixFor(cve('CVE-2025-1974'), v('1.12.0'))?.text).toBe('1.12.1');
    expect(nextFixFor(cve('CVE-2025-15566'), v('1.11.8'))?.text).toBe('1.12.5');
    expect(nearestFinalRelease(v('1.11.2')).text).toBe('1.13.9');
    expect(nearestFinalRelease(v('1.14.0')).text).toBe('1.14.5');
    expect(nearestFinalRelease(v('1.15.0')).text).toBe('1.15.1');
  });

  it('tells versions the retired project never released', () => {
    expect(isAfterRetirement(v('1.15.2'))).toBe(true);
    expect(isAfterRetirement(v('1.14.6'))).toBe(true);
    expect(isAfterRetirement(v('1.16.0'))).toBe(true);
    expect(isAfterRetirement(v('1.15.1'))).toBe(false);
    expect(isAfterRetirement(v('1.12.8'))).toBe(false);
  });
});

describe('chart versions', () => {
  it('holds the whole chart table', () => {
    expect(INGRESS_NGINX_CHARTS).toHaveLength(174);
  });

  it('reads the chart version from the helm.sh/chart label of ingress-nginx only', () => {
    expect(chartVersionOfLabel('ingress-nginx-4.11.2')).toBe('4.11.2');
    expect(chartVersionOfLabel('ingress-nginx-4.12.0-beta.0')).toBe('4.12.0-beta.0');
    expect(chartVersionOfLabel('nginx-ingress-2.7.0')).toBeUndefined();
  });

  it('maps the irregular 4.0-4.9 charts through the table', () => {
    const mapped = (chart: string): string | undefined => controllerVersionOfChart(chart)?.text;
    expect(mapped('4.8.0')).toBe('1.9.0');
    expect(mapped('4.8.3')).toBe('1.9.4');
    expect(mapped('4.9.1')).toBe('1.9.6');
    expect(mapped('4.0.1')).toBe('1.0.0');
    expect(mapped('3.39.0')).toBe('0.49.3');
    expect(mapped('2.11.0')).toBe('0.34.0');
    expect(mapped('4.15.1')).toBe('1.15.1');
  });

  it('maps chart 4.X.Y to controller 1.X.Y from 4.10.0 on, even for versions missing from the table', () => {
    expect(controllerVersionOfChart('4.12.0-beta.0')?.text).toBe('1.12.0-beta.0');
    expect(controllerVersionOfChart('4.16.0')?.text).toBe('1.16.0');
    expect(controllerVersionOfChart('4.0.14')).toBeUndefined();
  });
});

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
    expect(isIngressNginxController(f5)).toBe(false);
    expect(isIngressNginxController(job)).toBe(false);
  });

  it('reads the version from the image tag first', () => {
    const d = controllerDeployment('registry.k8s.io/ingress-nginx/controller:v1.11.2@sha256:abc', {
      labels: 'helm.sh/chart: ingress-nginx-4.12.0',
    });
    expect(controllerVersionOfWorkload(d)).toMatchObject({ known: true, source: 'image', version: { text: '1.11.2' } });
  });

  it('falls back to the chart label for a digest-only image, then to the version label', () => {
    const byChart = controllerDeployment('registry.k8s.io/ingress-nginx/controller@sha256:abc', {
      labels: 'helm.sh/chart: ingress-nginx-4.8.3',
    });
    expect(controllerVersionOfWorkload(byChart)).toMatchObject({
      known: true,
      source: 'chart-label',
      version: { text: '1.9.4' },
    });
    const byVersion = controllerDeployment('registry.k8s.io/ingress-nginx/controller:latest', {
      labels: 'app.kubernetes.io/version: "1.10.1"',
    });
    expect(controllerVersionOfWorkload(byVersion)).toMatchObject({ known: true, source: 'version-label' });
  });

  it('says why the version is unknown when neither the image nor the labels give it', () => {
    expect(
      controllerVersionOfWorkload(controllerDeployment('registry.k8s.io/ingress-nginx/controller@sha256:abc')),
    ).toMatchObject({ known: false, reason: 'digest-only' });
    expect(
      controllerVersionOfWorkload(controllerDeployment('registry.k8s.io/ingress-nginx/controller:latest')),
    ).toMatchObject({ known: false, reason: 'unknown-tag' });
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

describe('the generated file', () => {
  it.skipIf(!haveResearch)(`is up to date with ../shared/research${skipNote}`, () => {
    const fresh = execFileSync(process.execPath, [join(root, 'scripts', 'gen-ingress-nginx-data.mjs'), '--stdout'], {
      encoding: 'utf8',
      env: { ...process.env, KUBEWARD_RESEARCH: research },
    });
    const committed = readFileSync(join(root, 'src', 'ingress', 'ingress-nginx-data.gen.ts'), 'utf8');
    expect(committed, 'stale: run node scripts/gen-ingress-nginx-data.mjs').toBe(fresh);
  });

  it.skipIf(!haveResearch)(`agrees with the chart table of the research file${skipNote}`, () => {
    const data = JSON.parse(readFileSync(join(research, 'ingress-nginx-chart-versions.json'), 'utf8')) as {
      charts: { chart: string; app: string }[];
    };
    for (const c of data.charts) expect(controllerVersionOfChart(c.chart)?.text, c.chart).toBe(c.app);
  });
});
