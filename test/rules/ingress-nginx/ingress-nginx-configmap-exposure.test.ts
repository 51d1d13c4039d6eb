import { ingressNginxConfigmapExposure } from '../../../src/rules/ingress-nginx/ingress-nginx-configmap-exposure.js';
import { ruleTester } from '../../helpers/rule-tester.js';

/** A controller Deployment naming its ConfigMap with --configmap (19 lines). */
function controller(name: string, image: string, configMap: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
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
          image: ${image}
          args:
            - /nginx-ingress-controller
            - --configmap=$(POD_NAMESPACE)/${configMap}
            - --validating-webhook=:8443
`;
}

const chartLabels = (chart: string, version: string): string => `  labels:
    helm.sh/chart: ingress-nginx-${chart}
    app.kubernetes.io/name: ingress-nginx
    app.kubernetes.io/instance: ingress-nginx
    app.kubernetes.io/version: "${version}"
    app.kubernetes.io/component: controller
`;

ruleTester.run(ingressNginxConfigmapExposure, {
  valid: [
    {
      name: 'accepts the chart ConfigMap with snippets off and the default risk level',
      yaml: `apiVersion: v1
kind: ConfigMap
metadata:
  name: dont-fire-controller
  namespace: ingress-nginx
${chartLabels('4.15.1', '1.15.1')}data:
  allow-snippet-annotations: "false"
  annotations-risk-level: High
  use-forwarded-headers: "true"
`,
    },
    {
      name: 'accepts an application ConfigMap that happens to use the same keys',
      yaml: `apiVersion: v1
kind: ConfigMap
metadata:
  name: dont-fire-feature-flags
  namespace: shop
data:
  allow-snippet-annotations: "true"
  annotations-risk-level: Critical
`,
    },
    {
      name: 'accepts a ConfigMap with the chart name when the controller of its namespace uses another one',
      yaml: `${controller('ingress-nginx-controller', 'registry.k8s.io/ingress-nginx/controller:v1.12.1', 'edge-config')}---
apiVersion: v1
kind: ConfigMap
metadata:
  name: ingress-nginx-controller
  namespace: ingress-nginx
data:
  allow-snippet-annotations: "true"
`,
    },
  ],
  invalid: [
    {
      name: 'reports both keys as errors when snippets are allowed and no risk level blocks them',
      yaml: `apiVersion: v1
kind: ConfigMap
metadata:
  name: ingress-nginx-controller
  namespace: ingress-nginx
${chartLabels('4.14.3', '1.14.3')}data:
  allow-snippet-annotations: "true"
  annotations-risk-level: Critical
`,
      findings: [
        {
          messageId: 'snippetsWithCriticalRiskLevel',
          message:
            'allow-snippet-annotations: "true" in the ingress-nginx controller ConfigMap (by its chart name) lets ' +
            'Ingress authors paste raw nginx configuration (configuration-snippet, server-snippet, auth-snippet, …) ' +
            'into a controller that can read every Secret, and annotations-risk-level: Critical does not reject them ' +
            "either: any Ingress can read the controller's token and Secrets (CVE-2021-25742).",
          line: 13,
          severity: 'error',
        },
        {
          messageId: 'criticalRiskLevelWithSnippets',
          message:
            'annotations-risk-level: "Critical" in the ingress-nginx controller ConfigMap (by its chart name) accepts ' +
            'annotations of every risk level, the Critical *-snippet keys included; and allow-snippet-annotations is ' +
            '"true", so snippets reach the nginx configuration unchecked.',
          line: 14,
          severity: 'error',
        },
      ],
    },
    {
      name: 'reports snippets as an error on a chart older than v1.12, where no risk level blocks them by default',
      yaml: `apiVersion: v1
kind: ConfigMap
metadata:
  name: fire-controller
  namespace: ingress-nginx
${chartLabels('4.11.3', '1.11.3')}data:
  allow-snippet-annotations: "true"
`,
      findings: [
        {
          messageId: 'snippetsBeforeRiskDefault',
          message:
            /controller v1\.11\.3 predates v1\.12\.0, before which annotations-risk-level rejected nothing by default: any Ingress can read/,
          line: 13,
          severity: 'error',
        },
      ],
    },
    {
      name: 'reports snippets as a warning on v1.12+, where the default risk level still rejects them',
      yaml: `${controller('edge-controller', 'registry.k8s.io/ingress-nginx/controller:v1.12.1', 'fire-edge-config')}---
apiVersion: v1
kind: ConfigMap
metadata:
  name: fire-edge-config
  namespace: ingress-nginx
data:
  allow-snippet-annotations: "true"
  proxy-body-size: 16m
`,
      findings: [
        {
          messageId: 'snippetsDefaultGuard',
          message:
            /^allow-snippet-annotations: "true" in the ConfigMap of Deployment edge-controller \(--configmap\) .*\. Only annotations-risk-level \(High by default from v1\.12\.0; before that nothing\) still rejects the snippet keys/,
          line: 27,
          severity: 'warning',
        },
      ],
    },
    {
      name: 'reports snippets as a warning when an explicit risk level still rejects them',
      yaml: `apiVersion: v1
kind: ConfigMap
metadata:
  name: ingress-nginx-controller
  namespace: ingress-nginx
data:
  allow-snippet-annotations: "true"
  annotations-risk-level: High
`,
      findings: [
        {
          messageId: 'snippetsRiskLevelGuard',
          message: /Only annotations-risk-level: "High" still rejects the snippet keys/,
          line: 7,
          severity: 'warning',
        },
      ],
    },
    {
      name: 'reports a Critical risk level alone as a warning, whatever its case',
      yaml: `apiVersion: v1
kind: ConfigMap
metadata:
  name: ingress-nginx-controller
  namespace: ingress-nginx
data:
  annotations-risk-level: critical
`,
      findings: [
        {
          messageId: 'criticalRiskLevel',
          message:
            /^annotations-risk-level: "critical" .* only allow-snippet-annotations \(false by default since v1\.9\.0\) still keeps the snippets out\.$/,
          line: 7,
          severity: 'warning',
        },
      ],
    },
    {
      name: 'reports snippets as an error on a controller older than the risk level setting',
      yaml: `${controller('legacy-controller', 'k8s.gcr.io/ingress-nginx/controller:v1.1.1', 'fire-legacy-config')}---
apiVersion: v1
kind: ConfigMap
metadata:
  name: fire-legacy-config
  namespace: ingress-nginx
data:
  allow-snippet-annotations: "True"
  annotations-risk-level: High
`,
      findings: [
        {
          messageId: 'snippetsBeforeRiskLevel',
          message:
            /^allow-snippet-annotations: "True" .*, and controller v1\.1\.1 predates annotations-risk-level \(v1\.9\.0\)/,
          line: 27,
          severity: 'error',
        },
      ],
    },
  ],
});
