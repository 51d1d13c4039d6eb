import { controllerUnsafeRollout } from '../../../src/rules/availability/controller-unsafe-rollout.js';
import { ruleTester } from '../../helpers/rule-tester.js';

/** A Traefik workload; `spec` holds the lines between `spec:` and `selector:`. */
const traefik = (kind: string, name: string, spec: string): string => `apiVersion: apps/v1
kind: ${kind}
metadata:
  name: ${name}
  namespace: traefik
spec:
${spec}  selector:
    matchLabels: {app.kubernetes.io/name: traefik}
  template:
    metadata:
      labels: {app.kubernetes.io/name: traefik}
    spec:
      containers:
        - name: traefik
          image: docker.io/traefik:v3.3.4
`;

const hpa = (target: string, min: number): string => `---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: ${target}
  namespace: traefik
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: ${target}}
  minReplicas: ${min}
  maxReplicas: 10
`;

ruleTester.run(controllerUnsafeRollout, {
  valid: [
    {
      name: 'accepts one replica with the default strategy, which surges a new pod before removing the old one',
      yaml: traefik('Deployment', 'dont-fire-defaults', '  replicas: 1\n'),
    },
    {
      name: 'accepts maxUnavailable 1 of 3 replicas',
      yaml: traefik(
        'Deployment',
        'dont-fire-one-of-three',
        '  replicas: 3\n  strategy:\n    rollingUpdate: {maxUnavailable: 1}\n',
      ),
    },
    {
      name: 'accepts maxUnavailable 75% of 4 replicas, which rounds down to 3',
      yaml: traefik(
        'Deployment',
        'dont-fire-rounding',
        '  replicas: 4\n  strategy:\n    rollingUpdate: {maxUnavailable: 75%}\n',
      ),
    },
    {
      name: 'accepts a StatefulSet updated OnDelete',
      yaml: traefik(
        'StatefulSet',
        'dont-fire-on-delete',
        '  replicas: 3\n  updateStrategy:\n    type: OnDelete\n    rollingUpdate: {maxUnavailable: 3}\n',
      ),
    },
    {
      name: 'accepts a single-replica StatefulSet, which controller-single-replica reports',
      yaml: traefik('StatefulSet', 'dont-fire-single-sts', '  replicas: 1\n'),
    },
    {
      name: 'accepts a DaemonSet with maxUnavailable 10%',
      yaml: traefik('DaemonSet', 'dont-fire-ds', '  updateStrategy:\n    rollingUpdate: {maxUnavailable: 10%}\n'),
    },
    {
      name: 'accepts the Recreate strategy on a workload that is not a controller',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: dont-fire-batch
spec:
  strategy: {type: Recreate}
  selector:
    matchLabels: {app: batch}
  template:
    metadata:
      labels: {app: batch}
    spec:
      containers:
        - name: batch
          image: registry.example.com/batch:1.0
`,
    },
  ],
  invalid: [
    {
      name: 'reports the Recreate strategy at strategy.type',
      yaml: traefik('Deployment', 'fire-recreate', '  replicas: 3\n  strategy:\n    type: Recreate\n'),
      findings: [
        {
          messageId: 'recreateStrategy',
          message:
            'The Traefik proxy (image docker.io/traefik:v3.3.4): the Recreate strategy stops every pod before the new ones start, so each rollout is a full outage until the new pods are Ready.',
          line: 9,
          severity: 'warning',
          path: 'spec.strategy.type',
        },
      ],
    },
    {
      name: 'reports maxUnavailable equal to the replica count',
      yaml: traefik(
        'Deployment',
        'fire-all',
        '  replicas: 3\n  strategy:\n    rollingUpdate:\n      maxUnavailable: 3\n',
      ),
      findings: [
        {
          messageId: 'maxUnavailableAll',
          message: /maxUnavailable 3 allows 3 of 3 replicas to be down during a rollout/,
          line: 10,
          path: 'spec.strategy.rollingUpdate.maxUnavailable',
        },
      ],
    },
    {
      name: "reports maxUnavailable reaching the HPA's minReplicas",
      yaml:
        traefik('Deployment', 'fire-hpa', '  replicas: 6\n  strategy:\n    rollingUpdate: {maxUnavailable: 2}\n') +
        hpa('fire-hpa', 2),
      findings: [
        {
          messageId: 'maxUnavailableAll',
          message: /maxUnavailable 2 allows 2 of 2 replicas \(minReplicas of HorizontalPodAutoscaler fire-hpa\)/,
          line: 9,
        },
      ],
    },
    {
      name: 'reports maxSurge 0 on one replica, where both fenceposts round to 0 and the only pod goes first',
      yaml: traefik(
        'Deployment',
        'fire-no-surge',
        '  replicas: 1\n  strategy:\n    rollingUpdate:\n      maxSurge: 0\n',
      ),
      findings: [
        {
          messageId: 'fencepostsRoundToZero',
          message:
            /with 1 replica, maxSurge 0 and maxUnavailable 25% both round to 0, so the rollout deletes the only pod/,
          line: 10,
          path: 'spec.strategy.rollingUpdate.maxSurge',
        },
      ],
    },
    {
      name: 'reports a DaemonSet with maxUnavailable 100%',
      yaml: traefik('DaemonSet', 'fire-ds', '  updateStrategy:\n    rollingUpdate:\n      maxUnavailable: 100%\n'),
      findings: [
        {
          messageId: 'daemonSetMaxUnavailableAll',
          message: /updateStrategy maxUnavailable 100% lets the rollout replace the pod on every node at the same time/,
          line: 9,
          path: 'spec.updateStrategy.rollingUpdate.maxUnavailable',
        },
      ],
    },
    {
      name: 'reports a StatefulSet whose maxUnavailable covers every replica',
      yaml: traefik(
        'StatefulSet',
        'fire-sts',
        '  replicas: 3\n  updateStrategy:\n    rollingUpdate: {maxUnavailable: 100%}\n',
      ),
      findings: [
        {
          messageId: 'statefulSetMaxUnavailableAll',
          message: /updateStrategy maxUnavailable 100% allows all 3 replicas to be updated at once/,
          line: 9,
        },
      ],
    },
    {
      name: 'reports maxUnavailable above 100% as rejected by the API server, at error',
      yaml: traefik('DaemonSet', 'fire-ds-150', '  updateStrategy:\n    rollingUpdate:\n      maxUnavailable: 150%\n'),
      findings: [
        {
          messageId: 'rejectedRollout',
          message:
            'The Traefik proxy (image docker.io/traefik:v3.3.4): the API server rejects maxUnavailable 150% (must not be greater than 100%), so the apply fails and the running rollout settings stay.',
          line: 9,
          severity: 'error',
          path: 'spec.updateStrategy.rollingUpdate.maxUnavailable',
        },
      ],
    },
    {
      name: 'reports a Deployment with maxSurge 0 and maxUnavailable 0 as rejected, at error, whatever the replicas',
      yaml: traefik(
        'Deployment',
        'fire-zero',
        '  replicas: 3\n  strategy:\n    rollingUpdate: {maxSurge: 0, maxUnavailable: 0%}\n',
      ),
      findings: [
        {
          messageId: 'rejectedRollout',
          message: /rejects maxUnavailable 0% \(may not be 0 when maxSurge is 0\)/,
          line: 9,
          severity: 'error',
        },
      ],
    },
  ],
});
