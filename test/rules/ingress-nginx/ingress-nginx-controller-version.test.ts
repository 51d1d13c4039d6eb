import { ingressNginxControllerVersion } from '../../../src/rules/ingress-nginx/ingress-nginx-controller-version.js';
import { ruleTester } from '../../helpers/rule-tester.js';

interface ControllerCase {
  name: string;
  image: string;
  kind?: 'Deployment' | 'DaemonSet';
  /** Extra pod template labels, one `key: value` per item. */
  labels?: string[];
  webhook?: boolean;
}

/**
 * A controller as the chart renders it (trimmed). The image is always on line 17, plus one line per extra label.
 */
function controller(c: ControllerCase): string {
  const labels = (c.labels ?? []).map((l) => `        ${l}\n`).join('');
  const webhookArgs = c.webhook
    ? `            - --validating-webhook=:8443
            - --validating-webhook-certificate=/usr/local/certificates/cert
            - --validating-webhook-key=/usr/local/certificates/key
`
    : '';
  return `apiVersion: apps/v1
kind: ${c.kind ?? 'Deployment'}
metadata:
  name: ${c.name}
  namespace: ingress-nginx
spec:
  selector:
    matchLabels: {app.kubernetes.io/name: ingress-nginx, app.kubernetes.io/component: controller}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: ingress-nginx
        app.kubernetes.io/component: controller
${labels}    spec:
      containers:
        - name: controller
          image: ${c.image}
          args:
            - /nginx-ingress-controller
            - --election-id=ingress-nginx-leader
            - --controller-class=k8s.io/ingress-nginx
            - --configmap=$(POD_NAMESPACE)/${c.name}
${webhookArgs}          ports:
            - {name: http, containerPort: 80}
            - {name: https, containerPort: 443}
            - {name: webhook, containerPort: 8443}
`;
}

const admissionObjects = `---
apiVersion: v1
kind: Service
metadata:
  name: ingress-nginx-controller-admission
  namespace: ingress-nginx
spec:
  type: ClusterIP
  ports:
    - {name: https-webhook, port: 443, targetPort: webhook}
  selector: {app.kubernetes.io/name: ingress-nginx, app.kubernetes.io/component: controller}
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata:
  name: ingress-nginx-admission
webhooks:
  - name: validate.nginx.ingress.kubernetes.io
    rules:
      - apiGroups: [networking.k8s.io]
        apiVersions: [v1]
        operations: [CREATE, UPDATE]
        resources: [ingresses]
    failurePolicy: Fail
    sideEffects: None
    admissionReviewVersions: [v1]
    clientConfig:
      service: {name: ingress-nginx-controller-admission, namespace: ingress-nginx, path: /networking/v1/ingresses}
`;

ruleTester.run(ingressNginxControllerVersion, {
  valid: [
    {
      name: 'accepts the F5 NGINX Ingress Controller',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: dont-fire-f5
  namespace: nginx-ingress
spec:
  selector:
    matchLabels: {app.kubernetes.io/name: nginx-ingress}
  template:
    metadata:
      labels: {app.kubernetes.io/name: nginx-ingress, app.kubernetes.io/component: controller}
    spec:
      containers:
        - name: nginx-ingress
          image: nginx/nginx-ingress:5.6.0
          args: [-nginx-configmaps=$(POD_NAMESPACE)/nginx-ingress, -ingress-class=nginx, -enable-snippets=false]
`,
    },
    {
      name: 'accepts a plain nginx web server',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: dont-fire-web
  namespace: shop
spec:
  selector:
    matchLabels: {app.kubernetes.io/name: nginx}
  template:
    metadata:
      labels: {app.kubernetes.io/name: nginx, app.kubernetes.io/component: web}
    spec:
      containers:
        - name: nginx
          image: nginx:1.27.3
`,
    },
    {
      name: 'accepts a final release when reportRetired is off',
      options: { reportRetired: false },
      yaml: controller({
        name: 'dont-fire-final',
        image: 'registry.k8s.io/ingress-nginx/controller:v1.14.5',
        webhook: true,
      }),
    },
  ],
  invalid: [
    {
      name: 'reports IngressNightmare as an error on v1.11.4 with the admission webhook on',
      yaml: controller({
        name: 'fire-nightmare',
        image: 'registry.k8s.io/ingress-nginx/controller:v1.11.4@sha256:2a3b4c5d',
        webhook: true,
      }),
      findings: [
        {
          messageId: 'knownCvesWebhookReachable',
          message:
            /^ingress-nginx controller v1\.11\.4 \(from the image tag\) is exposed to 12 known CVEs: CVE-2025-1974 \(critical 9\.8, fixed in v1\.11\.5\), .*CVE-2026-1580 \(high, fixed in v1\.13\.7\).* Its validating admission webhook is on \(--validating-webhook=:8443\): CVE-2025-1974 and CVE-2026-24514 need nothing but network access to it from any pod\. v1\.13\.9 fixes all of them/,
          line: 17,
          severity: 'error',
        },
      ],
    },
    {
      name: 'reports the same version as a warning when the webhook is off',
      yaml: controller({ name: 'fire-no-webhook', image: 'registry.k8s.io/ingress-nginx/controller:v1.11.4' }),
      findings: [
        {
          messageId: 'knownCves',
          message: /exposed to 12 known CVEs: CVE-2025-1974 .*\. v1\.13\.9 fixes all of them/,
          line: 17,
          severity: 'warning',
        },
      ],
    },
    {
      name: 'reports an error when a ValidatingWebhookConfiguration in the set calls the controller',
      yaml: `${controller({ name: 'ingress-nginx-controller', image: 'registry.k8s.io/ingress-nginx/controller:v1.12.0' })}${admissionObjects}`,
      findings: [
        {
          messageId: 'knownCvesWebhookReachable',
          message:
            /v1\.12\.0 .*CVE-2025-1974 \(critical 9\.8, fixed in v1\.12\.1\).* Its validating admission webhook is on \(ValidatingWebhookConfiguration ingress-nginx-admission calls Service ingress-nginx\/ingress-nginx-controller-admission\)/,
          line: 17,
          severity: 'error',
        },
      ],
    },
    {
      name: 'reports as an error only the controller whose pods the webhook Service selects',
      yaml: `${controller({
        name: 'public-controller',
        image: 'registry.k8s.io/ingress-nginx/controller:v1.12.0',
        labels: ['app.kubernetes.io/instance: public'],
      })}---
${controller({
  name: 'internal-controller',
  image: 'registry.k8s.io/ingress-nginx/controller:v1.12.0',
  labels: ['app.kubernetes.io/instance: internal'],
})}---
apiVersion: v1
kind: Service
metadata:
  name: public-admission
  namespace: ingress-nginx
spec:
  ports:
    - {name: https-webhook, port: 443, targetPort: webhook}
  selector: {app.kubernetes.io/instance: public, app.kubernetes.io/component: controller}
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata:
  name: public-admission
webhooks:
  - name: validate.nginx.ingress.kubernetes.io
    clientConfig:
      service: {name: public-admission, namespace: ingress-nginx}
`,
      findings: [
        {
          messageId: 'knownCvesWebhookReachable',
          message:
            /v1\.12\.0 .*Its validating admission webhook is on \(ValidatingWebhookConfiguration public-admission/,
          line: 18,
          severity: 'error',
        },
        {
          messageId: 'knownCves',
          message: /^ingress-nginx controller v1\.12\.0 (?!.*webhook is on)/,
          line: 46,
          severity: 'warning',
        },
      ],
    },
    {
      name: 'reports v1.13.0 as an error while its webhook runs, for its high injection CVEs',
      yaml: controller({
        name: 'fire-2026-advisories',
        image: 'registry.k8s.io/ingress-nginx/controller:v1.13.0',
        webhook: true,
      }),
      findings: [
        {
          messageId: 'knownCvesWebhookReachable',
          message:
            /^ingress-nginx controller v1\.13\.0 .*CVE-2026-24512 \(high 8\.8, fixed in v1\.13\.7\).* CVE-2026-24514 needs nothing but network access to it from any pod\. v1\.13\.9 fixes all/,
          line: 17,
          severity: 'error',
        },
      ],
    },
    {
      name: 'reports the one advisory left in v1.14.4, with its fixed version',
      yaml: controller({
        name: 'fire-one-cve',
        image: 'registry.k8s.io/ingress-nginx/controller:v1.14.4',
        webhook: true,
      }),
      findings: [
        {
          messageId: 'knownCvesWebhookOn',
          message:
            'ingress-nginx controller v1.14.4 (from the image tag) is exposed to 1 known CVE: CVE-2026-4342 (high 8.8, ' +
            'fixed in v1.14.5). Its validating admission webhook is on (--validating-webhook=:8443). v1.14.5 fixes it ' +
            'and is among the last releases: ingress-nginx was retired in March 2026.',
          line: 17,
          severity: 'error',
        },
      ],
    },
    {
      name: 'reports a final release as retired, without CVEs',
      yaml: controller({
        name: 'fire-final',
        image: 'registry.k8s.io/ingress-nginx/controller:v1.15.1@sha256:594ceea7',
      }),
      findings: [
        {
          messageId: 'retiredWithoutCves',
          message:
            "ingress-nginx controller v1.15.1 (from the image tag) is a final release with no CVE in kubeward's data, " +
            'but ingress-nginx was retired in March 2026: anything found from now on stays unfixed. Plan the migration ' +
            '(run `kubeward migration-report`).',
          line: 17,
          severity: 'warning',
        },
      ],
    },
    {
      name: 'reports a digest-only image as impossible to check',
      yaml: controller({
        name: 'fire-digest-only',
        image:
          'registry.k8s.io/ingress-nginx/controller@sha256:594ceea76b01c592858f803f9ff4d2cb40542cae2060410b2c95f75907d659e1',
      }),
      findings: [
        {
          messageId: 'versionUnchecked',
          message:
            /^The ingress-nginx controller version cannot be checked: image registry\.k8s\.io\/ingress-nginx\/controller@sha256:594ceea7\S+ is pinned by digest only, and no helm\.sh\/chart or app\.kubernetes\.io\/version label gives it\. kubeward knows 21 CVEs/,
          line: 17,
          severity: 'info',
        },
      ],
    },
    {
      name: 'reports a tag that is not a version as impossible to check',
      yaml: controller({ name: 'fire-latest', image: 'registry.k8s.io/ingress-nginx/controller:latest' }),
      findings: [
        {
          messageId: 'versionUnchecked',
          message: /cannot be checked: image tag "latest" is not a controller version/,
          line: 17,
          severity: 'info',
        },
      ],
    },
    {
      name: 'reads the version of a digest-only image from the chart label',
      yaml: controller({
        name: 'fire-chart-label',
        image: 'registry.k8s.io/ingress-nginx/controller@sha256:594ceea7',
        labels: ['helm.sh/chart: ingress-nginx-4.8.3'],
      }),
      findings: [
        {
          messageId: 'knownCves',
          message:
            /^ingress-nginx controller v1\.9\.4 \(from label helm\.sh\/chart: ingress-nginx-4\.8\.3\) is exposed to \d+ known CVEs/,
          line: 18,
          severity: 'warning',
        },
      ],
    },
    {
      name: 'reads the version of a custom image from app.kubernetes.io/version when the labels say ingress-nginx',
      yaml: controller({
        name: 'fire-version-label',
        image: 'harbor.example.com/edge/ingress:2024-11-hardened',
        labels: ['app.kubernetes.io/version: "1.10.1"'],
      }),
      findings: [
        {
          messageId: 'knownCves',
          message: /^ingress-nginx controller v1\.10\.1 \(from label app\.kubernetes\.io\/version: "1\.10\.1"\)/,
          line: 18,
        },
      ],
    },
    {
      name: 'reports a chroot DaemonSet by its image tag',
      yaml: controller({
        name: 'fire-chroot',
        kind: 'DaemonSet',
        image: 'registry.k8s.io/ingress-nginx/controller-chroot:v1.13.6',
      }),
      findings: [
        {
          messageId: 'knownCves',
          message:
            /^ingress-nginx controller v1\.13\.6 .*CVE-2026-24512 \(high 8\.8, fixed in v1\.13\.7\).* v1\.13\.9 fixes all/,
          line: 17,
          severity: 'warning',
        },
      ],
    },
    {
      name: 'reports a pre-1.0 quay.io image with the advisories only a setting mitigates',
      yaml: controller({
        name: 'fire-legacy',
        image: 'quay.io/kubernetes-ingress-controller/nginx-ingress-controller:0.26.1',
      }),
      findings: [
        {
          messageId: 'knownCves',
          message:
            /^ingress-nginx controller v0\.26\.1 .*CVE-2021-25742 \(high, mitigation from v0\.49\.1\).*CVE-2020-8553 \(medium, fixed in v0\.28\.0\)/,
          line: 17,
        },
      ],
    },
    {
      name: 'reports a version the retired project never released as unknown to the data',
      yaml: controller({ name: 'fire-fork', image: 'registry.k8s.io/ingress-nginx/controller:v1.15.3' }),
      findings: [
        {
          messageId: 'notUpstreamRelease',
          message:
            "ingress-nginx controller v1.15.3 (from the image tag) is not an upstream release: the retired project's " +
            'last releases are v1.15.1, v1.14.5 and v1.13.9. A fork or private build may carry fixes of its own, which ' +
            'kubeward cannot check.',
          line: 17,
          severity: 'info',
        },
      ],
    },
  ],
});
