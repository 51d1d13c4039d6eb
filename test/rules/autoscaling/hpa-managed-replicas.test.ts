import { hpaManagedReplicas } from '../../../src/rules/autoscaling/hpa-managed-replicas.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const workload = (kind: string, name: string, replicas: string) => `apiVersion: apps/v1
kind: ${kind}
metadata: {name: ${name}, namespace: shop}
spec:
${replicas}  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers:
        - {name: app, image: registry.example.com/shop/${name}:1.0, resources: {requests: {cpu: 100m, memory: 128Mi}}}
---
`;

const hpa = (kind: string, name: string, namespace = 'shop') => `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: ${name}-hpa, namespace: ${namespace}}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: ${kind}, name: ${name}}
  minReplicas: 3
  maxReplicas: 30
`;

ruleTester.run(hpaManagedReplicas, {
  valid: [
    {
      name: 'accepts an HPA-managed Deployment that leaves spec.replicas out',
      yaml: workload('Deployment', 'dont-fire-web', '') + hpa('Deployment', 'dont-fire-web'),
    },
    {
      name: 'accepts spec.replicas on a Deployment no HPA targets',
      yaml: workload('Deployment', 'dont-fire-web', '  replicas: 3\n'),
    },
    {
      name: 'accepts spec.replicas when the HPA targets another kind with the same name',
      yaml: workload('Deployment', 'dont-fire-web', '  replicas: 3\n') + hpa('StatefulSet', 'dont-fire-web'),
    },
    {
      name: 'accepts spec.replicas when the HPA lives in another namespace',
      yaml: workload('Deployment', 'dont-fire-web', '  replicas: 3\n') + hpa('Deployment', 'dont-fire-web', 'staging'),
    },
  ],
  invalid: [
    {
      name: 'reports spec.replicas on a Deployment an HPA scales',
      yaml: workload('Deployment', 'fire-web', '  replicas: 3\n') + hpa('Deployment', 'fire-web'),
      findings: [
        {
          messageId: 'replicasSet',
          message:
            'Deployment fire-web sets spec.replicas (3) but HPA fire-web-hpa scales it: every apply or GitOps sync resets the replica count to this value and fights the HPA. Remove spec.replicas from the manifest and let minReplicas set the floor.',
          line: 5,
          severity: 'warning',
          path: 'spec.replicas',
        },
      ],
    },
    {
      name: 'reports spec.replicas on a StatefulSet an HPA scales, even when it equals minReplicas',
      yaml: workload('StatefulSet', 'fire-db', '  replicas: 3\n') + hpa('StatefulSet', 'fire-db'),
      findings: [
        {
          messageId: 'replicasSet',
          message: /^StatefulSet fire-db sets spec\.replicas \(3\) but HPA fire-db-hpa scales it/,
          line: 5,
        },
      ],
    },
    {
      name: 'reports every HPA that scales the workload in one finding',
      yaml:
        workload('Deployment', 'fire-web', '  replicas: 2\n') +
        hpa('Deployment', 'fire-web') +
        '---\n' +
        hpa('Deployment', 'fire-web').replace('fire-web-hpa', 'fire-web-hpa-2'),
      findings: [
        { messageId: 'replicasSet', message: /but HPA fire-web-hpa and HPA fire-web-hpa-2 scale it/, line: 5 },
      ],
    },
  ],
});
