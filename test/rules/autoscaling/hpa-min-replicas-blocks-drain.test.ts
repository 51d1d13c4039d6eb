import { hpaMinReplicasBlocksDrain } from '../../../src/rules/autoscaling/hpa-min-replicas-blocks-drain.js';
import { ruleTester } from '../../helpers/rule-tester.js';

// Lines 1-11; the next document starts on line 12.
const APP = `apiVersion: apps/v1
kind: Deployment
metadata: {name: notifications, namespace: messaging}
spec:
  selector: {matchLabels: {app: notifications}}
  template:
    metadata: {labels: {app: notifications, tier: backend}}
    spec:
      containers:
        - {name: app, image: registry.example.com/messaging/notifications:1.8.0}
---
`;

/** 8 lines from line 12 after APP; minReplicas (if any) on line 16. */
const hpa = (name: string, min: string) => `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: ${name}, namespace: messaging}
spec:
${min}  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: notifications}
  maxReplicas: 6
---
`;

const pdb = (
  budget: string,
  selector = '  selector: {matchLabels: {app: notifications}}\n',
  apiVersion = 'policy/v1',
  namespace = 'messaging',
) =>
  `apiVersion: ${apiVersion}
kind: PodDisruptionBudget
metadata: {name: notifications-pdb, namespace: ${namespace}}
spec:
  ${budget}
${selector}`;

ruleTester.run(hpaMinReplicasBlocksDrain, {
  valid: [
    {
      name: 'accepts minReplicas 2 with minAvailable 1',
      yaml: APP + hpa('dont-fire-hpa', '  minReplicas: 2\n') + pdb('minAvailable: 1'),
    },
    {
      name: 'accepts minReplicas 1 with maxUnavailable 1',
      yaml: APP + hpa('dont-fire-hpa', '  minReplicas: 1\n') + pdb('maxUnavailable: 1'),
    },
    {
      name: 'leaves maxUnavailable 0 to the availability rules, since it blocks at any size',
      yaml: APP + hpa('dont-fire-hpa', '  minReplicas: 1\n') + pdb('maxUnavailable: 0'),
    },
    {
      name: 'accepts minReplicas 2 with minAvailable 50%',
      yaml: APP + hpa('dont-fire-hpa', '  minReplicas: 2\n') + pdb('minAvailable: 50%'),
    },
    {
      name: 'accepts a budget that selects other pods',
      yaml:
        APP +
        hpa('dont-fire-hpa', '  minReplicas: 1\n') +
        pdb('minAvailable: 1', '  selector: {matchLabels: {app: email}}\n'),
    },
    {
      name: 'accepts a budget in another namespace',
      yaml: APP + hpa('dont-fire-hpa', '  minReplicas: 1\n') + pdb('minAvailable: 1', undefined, 'policy/v1', 'email'),
    },
    {
      name: 'leaves a budget that blocks even at maxReplicas to the availability rules',
      yaml: APP + hpa('dont-fire-hpa', '  minReplicas: 2\n') + pdb('minAvailable: 100%'),
    },
    {
      name: 'accepts minReplicas 1 when another selected workload keeps enough pods for one eviction',
      yaml: `${APP}${hpa('dont-fire-hpa', '  minReplicas: 1\n')}apiVersion: apps/v1
kind: Deployment
metadata: {name: notifications-batch, namespace: messaging}
spec:
  replicas: 2
  selector: {matchLabels: {app: notifications, role: batch}}
  template:
    metadata: {labels: {app: notifications, role: batch}}
    spec:
      containers:
        - {name: batch, image: registry.example.com/messaging/notifications:1.8.0}
---
${pdb('minAvailable: 1')}`,
    },
    {
      name: 'accepts a policy/v1beta1 budget with an empty selector, which selects nothing',
      yaml:
        APP + hpa('dont-fire-hpa', '  minReplicas: 1\n') + pdb('minAvailable: 1', '  selector: {}\n', 'policy/v1beta1'),
    },
  ],
  invalid: [
    {
      name: 'reports minReplicas 1 with minAvailable 1',
      yaml: APP + hpa('fire-hpa', '  minReplicas: 1\n') + pdb('minAvailable: 1'),
      findings: [
        {
          messageId: 'drainBlocked',
          message:
            'HPA fire-hpa can scale Deployment notifications down to 1 replica (minReplicas 1), and PodDisruptionBudget notifications-pdb requires minAvailable 1: at that size no pod may be evicted, so node drains and upgrades hang until the HPA scales up. Set minReplicas to 2 or more, or use maxUnavailable: 1 in the budget.',
          line: 16,
          severity: 'warning',
          path: 'spec.minReplicas',
          // The budget's minAvailable, the other side of the problem (pdb-hpa-min-replicas states it there).
          related: ['PodDisruptionBudget notifications-pdb:24'],
        },
      ],
    },
    {
      name: 'reports the default minReplicas of 1 at the HPA spec',
      yaml: APP + hpa('fire-hpa', '') + pdb('minAvailable: 1'),
      findings: [
        { messageId: 'drainBlocked', message: /down to 1 replica \(no minReplicas, so 1 by default\)/, line: 15 },
      ],
    },
    {
      name: 'reports minReplicas 3 with minAvailable 3',
      yaml: APP + hpa('fire-hpa', '  minReplicas: 3\n') + pdb('minAvailable: 3'),
      findings: [
        {
          messageId: 'drainBlocked',
          message: /down to 3 replicas \(minReplicas 3\).*Set minReplicas to 4 or more/,
          line: 16,
        },
      ],
    },
    {
      name: 'reports minAvailable 50% with minReplicas 1, since the percentage rounds up',
      yaml: APP + hpa('fire-hpa', '  minReplicas: 1\n') + pdb('minAvailable: 50%'),
      findings: [
        { messageId: 'drainBlocked', message: /requires minAvailable 50%.*Set minReplicas to 2 or more/, line: 16 },
      ],
    },
    {
      name: 'reports the pods of every workload the budget selects, and suggests the minReplicas that frees one',
      yaml: `${APP}${hpa('fire-hpa', '  minReplicas: 1\n')}apiVersion: apps/v1
kind: Deployment
metadata: {name: notifications-batch, namespace: messaging}
spec:
  replicas: 2
  selector: {matchLabels: {app: notifications, role: batch}}
  template:
    metadata: {labels: {app: notifications, role: batch}}
    spec:
      containers:
        - {name: batch, image: registry.example.com/messaging/notifications:1.8.0}
---
${pdb('minAvailable: 3')}`,
      findings: [
        {
          messageId: 'drainBlocked',
          message:
            /down to 1 replica \(3 pods with the other workloads the budget selects\) \(minReplicas 1\).*Set minReplicas to 2 or more/,
          line: 16,
        },
      ],
    },
    {
      name: 'reports a policy/v1 budget with an empty selector, which selects every pod in the namespace',
      yaml: APP + hpa('fire-hpa', '  minReplicas: 1\n') + pdb('minAvailable: 1', '  selector: {}\n'),
      findings: [
        {
          messageId: 'drainBlocked',
          message: /PodDisruptionBudget notifications-pdb requires minAvailable 1/,
          line: 16,
        },
      ],
    },
  ],
});
