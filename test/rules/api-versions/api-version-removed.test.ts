import { apiVersionRemoved } from '../../../src/rules/api-versions/api-version-removed.js';
import type { ExpectedFinding, InvalidCase } from '../../helpers/rule-tester.js';
import { ruleTester } from '../../helpers/rule-tester.js';

/** An object of `kind` in `apiVersion`, named `name` in namespace shop, with `spec` (indented by 2) from line 4. */
const obj = (apiVersion: string, kind: string, name: string, spec = '  {}\n') => `apiVersion: ${apiVersion}
kind: ${kind}
metadata: {name: ${name}, namespace: shop}
spec:
${spec}`;

const POD = `  selector:
    matchLabels: {app: web}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: app, image: ghcr.io/example/web:1.0}]
`;
const POD_NO_SELECTOR = `  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: app, image: ghcr.io/example/web:1.0}]
`;
const V1_PATHS = `  rules:
    - host: shop.example.com
      http:
        paths:
          - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
`;
const HPA_V2 = `  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 2
  maxReplicas: 5
  metrics:
    - type: Resource
      resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}
`;
const CRON = `  schedule: "0 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers: [{name: job, image: ghcr.io/example/job:1.0}]
`;

/** One error at apiVersion (line 1) whose message says it is removed in `removed` and to use `replacement`. */
function removedAt(removed: string, replacement: string, changes: RegExp | string = ''): ExpectedFinding<'removed'> {
  const tail = typeof changes === 'string' ? changes : changes.source;
  return {
    messageId: 'removed',
    line: 1,
    path: 'apiVersion',
    severity: 'error',
    message: new RegExp(
      `, removed in Kubernetes ${removed.replace('.', '\\.')} \\(target 1\\.36\\): the apply fails\\. Use ${replacement.replace(/[./]/g, '\\$&')}${tail}`,
    ),
  };
}

/** Each row of the table, at the default target: an error naming the release that removed it and the replacement. */
const TABLE: [apiVersion: string, kind: string, removed: string, replacement: string, spec: string][] = [
  ['extensions/v1beta1', 'Deployment', '1.16', 'apps/v1', POD],
  ['extensions/v1beta1', 'DaemonSet', '1.16', 'apps/v1', POD],
  ['extensions/v1beta1', 'ReplicaSet', '1.16', 'apps/v1', POD],
  ['apps/v1beta1', 'Deployment', '1.16', 'apps/v1', POD],
  ['apps/v1beta1', 'StatefulSet', '1.16', 'apps/v1', POD],
  ['apps/v1beta2', 'Deployment', '1.16', 'apps/v1', POD],
  ['apps/v1beta2', 'DaemonSet', '1.16', 'apps/v1', POD],
  ['apps/v1beta2', 'ReplicaSet', '1.16', 'apps/v1', POD],
  ['apps/v1beta2', 'StatefulSet', '1.16', 'apps/v1', POD],
  ['extensions/v1beta1', 'Ingress', '1.22', 'networking.k8s.io/v1', V1_PATHS],
  ['networking.k8s.io/v1beta1', 'Ingress', '1.22', 'networking.k8s.io/v1', V1_PATHS],
  ['networking.k8s.io/v1beta1', 'IngressClass', '1.22', 'networking.k8s.io/v1', '  controller: k8s.io/ingress-nginx\n'],
  [
    'policy/v1beta1',
    'PodDisruptionBudget',
    '1.25',
    'policy/v1',
    '  minAvailable: 1\n  selector: {matchLabels: {app: web}}\n',
  ],
  ['batch/v1beta1', 'CronJob', '1.25', 'batch/v1', CRON],
  ['autoscaling/v2beta1', 'HorizontalPodAutoscaler', '1.25', 'autoscaling/v2', HPA_V2],
  ['autoscaling/v2beta2', 'HorizontalPodAutoscaler', '1.26', 'autoscaling/v2', HPA_V2],
];

const tableCases: InvalidCase<Record<string, never>, 'removed' | 'deprecated'>[] = TABLE.map(
  ([apiVersion, kind, removed, replacement, spec]) => ({
    name: `reports a ${kind} in ${apiVersion} as removed in ${removed}, to be written in ${replacement}`,
    yaml: obj(apiVersion, kind, `fire-${kind.toLowerCase()}`, spec),
    findings: [removedAt(removed, replacement)],
  }),
);

const INGRESS_V1BETA1 = `  backend: {serviceName: fallback, servicePort: http}
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            backend: {serviceName: web, servicePort: 80}
`;

ruleTester.run(apiVersionRemoved, {
  valid: [
    {
      name: 'accepts a networking.k8s.io/v1 Ingress',
      yaml: obj('networking.k8s.io/v1', 'Ingress', 'dont-fire-ing', V1_PATHS),
    },
    {
      name: 'accepts a networking.k8s.io/v1 IngressClass',
      yaml: obj('networking.k8s.io/v1', 'IngressClass', 'dont-fire-class', '  controller: k8s.io/ingress-nginx\n'),
    },
    { name: 'accepts an apps/v1 Deployment', yaml: obj('apps/v1', 'Deployment', 'dont-fire-deploy', POD) },
    {
      name: 'accepts a policy/v1 PodDisruptionBudget',
      yaml: obj('policy/v1', 'PodDisruptionBudget', 'dont-fire-pdb', '  minAvailable: 1\n  selector: {}\n'),
    },
    { name: 'accepts a batch/v1 CronJob', yaml: obj('batch/v1', 'CronJob', 'dont-fire-cron', CRON) },
    {
      name: 'accepts an autoscaling/v2 HPA',
      yaml: obj('autoscaling/v2', 'HorizontalPodAutoscaler', 'dont-fire-hpa', HPA_V2),
    },
    {
      name: 'accepts an autoscaling/v1 HPA, which is not deprecated',
      yaml: obj(
        'autoscaling/v1',
        'HorizontalPodAutoscaler',
        'dont-fire-hpa-v1',
        '  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  maxReplicas: 3\n',
      ),
    },
    {
      name: 'leaves VPAs to vpa-unserved-api-version',
      yaml: obj(
        'autoscaling.k8s.io/v1beta2',
        'VerticalPodAutoscaler',
        'dont-fire-vpa',
        '  targetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n',
      ),
    },
    {
      name: 'accepts a custom resource whose kind is a retired one, such as an OpenKruise apps.kruise.io/v1beta1 StatefulSet',
      yaml: obj('apps.kruise.io/v1beta1', 'StatefulSet', 'dont-fire-kruise', POD),
    },
    {
      name: 'accepts an extensions/v1beta1 Ingress on a target before its deprecation (1.13)',
      yaml: obj('extensions/v1beta1', 'Ingress', 'dont-fire-old-target', INGRESS_V1BETA1),
      kubeVersion: '1.13',
    },
    {
      name: 'accepts a policy/v1beta1 PodDisruptionBudget on 1.20, before policy/v1 exists',
      yaml: obj('policy/v1beta1', 'PodDisruptionBudget', 'dont-fire-pdb-1-20', '  minAvailable: 1\n  selector: {}\n'),
      kubeVersion: 'v1.20.15',
    },
  ],
  invalid: [
    ...tableCases,
    {
      name: 'reports an extensions/v1beta1 Ingress with the fields v1 renames and the pathType it requires, in full',
      yaml: obj('extensions/v1beta1', 'Ingress', 'web', INGRESS_V1BETA1),
      findings: [
        {
          messageId: 'removed',
          line: 1,
          path: 'apiVersion',
          severity: 'error',
          message:
            'Ingress shop/web uses extensions/v1beta1, removed in Kubernetes 1.22 (target 1.36): the apply fails. Use ' +
            'networking.k8s.io/v1, and rename spec.backend to spec.defaultBackend; rename ' +
            'spec.defaultBackend.serviceName to service.name; rename spec.defaultBackend.servicePort to ' +
            'service.port.name; set spec.rules[0].http.paths[0].pathType, which v1 requires (ImplementationSpecific ' +
            'keeps the v1beta1 matching) (and 2 more).',
        },
      ],
    },
    {
      name: 'reports an Ingress in v1beta1 whose only change is the apiVersion, saying nothing else changes',
      yaml: obj('networking.k8s.io/v1beta1', 'Ingress', 'fire-only-version', V1_PATHS),
      findings: [removedAt('1.22', 'networking.k8s.io/v1', '; nothing else in the manifest changes\\.$')],
    },
    {
      name: 'names the v2beta1 metric fields an autoscaling/v2 HPA writes as a target',
      yaml: obj(
        'autoscaling/v2beta1',
        'HorizontalPodAutoscaler',
        'fire-v2beta1-metrics',
        `  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: 5
  metrics:
    - type: Resource
      resource: {name: cpu, targetAverageUtilization: 70}
    - type: Pods
      pods: {metricName: rps, targetAverageValue: "10"}
`,
      ),
      findings: [
        removedAt(
          '1.25',
          'autoscaling/v2',
          ', and replace spec\\.metrics\\[0\\]\\.resource\\.targetAverageUtilization with target: \\{type: Utilization, averageUtilization: …\\}; replace spec\\.metrics\\[1\\]\\.pods\\.metricName with metric\\.name; replace spec\\.metrics\\[1\\]\\.pods\\.targetAverageValue with target: \\{type: AverageValue, averageValue: …\\}\\.$',
        ),
      ],
    },
    {
      name: 'warns that an empty policy/v1beta1 selector selects every pod once in policy/v1',
      yaml: obj(
        'policy/v1beta1',
        'PodDisruptionBudget',
        'fire-empty-selector',
        '  maxUnavailable: 1\n  selector: {}\n',
      ),
      findings: [
        removedAt(
          '1.25',
          'policy/v1',
          ', and check spec\\.selector: the empty selector selects no pods in policy/v1beta1 and every pod of the namespace in policy/v1\\.$',
        ),
      ],
    },
    {
      name: 'tells an extensions/v1beta1 Deployment without a selector to add one and names the defaults that change',
      yaml: obj('extensions/v1beta1', 'Deployment', 'fire-no-selector', POD_NO_SELECTOR),
      findings: [
        removedAt(
          '1.16',
          'apps/v1',
          ', and add spec\\.selector with the labels of spec\\.template\\.metadata\\.labels \\(apps/v1 requires it and it cannot change after creation; the old version took those labels when it was unset\\); note that spec\\.progressDeadlineSeconds now defaults to 600',
        ),
      ],
    },
    {
      name: 'says nothing else changes for an apps/v1beta2 Deployment that already has a selector',
      yaml: obj('apps/v1beta2', 'Deployment', 'fire-v1beta2-selector', POD),
      findings: [removedAt('1.16', 'apps/v1', '; nothing else in the manifest changes\\.$')],
    },
    {
      name: 'warns about an extensions/v1beta1 Ingress on 1.21, deprecated but still served, saying when it goes',
      yaml: obj('extensions/v1beta1', 'Ingress', 'fire-deprecated-1-21', V1_PATHS),
      kubeVersion: '1.21',
      findings: [
        {
          messageId: 'deprecated',
          line: 1,
          path: 'apiVersion',
          severity: 'warning',
          message:
            'Ingress shop/fire-deprecated-1-21 uses extensions/v1beta1, deprecated since Kubernetes 1.14 and removed in ' +
            '1.22 (target 1.21): from 1.22 on the apply fails. Move to networking.k8s.io/v1 (served since 1.19); ' +
            'nothing else in the manifest changes.',
        },
      ],
    },
    {
      name: 'warns about an apps/v1beta1 Deployment on 1.15 (deprecated in 1.8), naming apps/v1 served since 1.9',
      yaml: obj('apps/v1beta1', 'Deployment', 'fire-deprecated-1-15', POD),
      kubeVersion: 'v1.15.12-gke.100',
      findings: [
        {
          messageId: 'deprecated',
          line: 1,
          severity: 'warning',
          message:
            /deprecated since Kubernetes 1\.8 and removed in 1\.16 \(target 1\.15\): from 1\.16 on the apply fails\. Move to apps\/v1 \(served since 1\.9\), and note that spec\.revisionHistoryLimit now defaults to 10 \(apps\/v1beta1: 2\)\.$/,
        },
      ],
    },
    {
      name: 'warns about an autoscaling/v2beta2 HPA on 1.25 and reports it as removed on 1.26',
      yaml: obj('autoscaling/v2beta2', 'HorizontalPodAutoscaler', 'fire-v2beta2-1-25', HPA_V2),
      kubeVersion: '1.25',
      findings: [
        { messageId: 'deprecated', line: 1, severity: 'warning', message: /removed in 1\.26 \(target 1\.25\)/ },
      ],
    },
    {
      name: 'reports an autoscaling/v2beta2 HPA as removed on exactly 1.26',
      yaml: obj('autoscaling/v2beta2', 'HorizontalPodAutoscaler', 'fire-v2beta2-1-26', HPA_V2),
      kubeVersion: '1.26',
      findings: [
        { messageId: 'removed', line: 1, severity: 'error', message: /removed in Kubernetes 1\.26 \(target 1\.26\)/ },
      ],
    },
  ],
});
