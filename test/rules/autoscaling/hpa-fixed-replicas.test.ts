import { hpaFixedReplicas } from '../../../src/rules/autoscaling/hpa-fixed-replicas.js';
import { ruleTester } from '../../helpers/rule-tester.js';

/** `bounds` (indented by 2 spaces) start on line 6. */
const hpa = (name: string, bounds: string, apiVersion = 'autoscaling/v2') => `apiVersion: ${apiVersion}
kind: HorizontalPodAutoscaler
metadata: {name: ${name}, namespace: platform}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
${bounds}`;

ruleTester.run(hpaFixedReplicas, {
  valid: [
    {
      name: 'accepts minReplicas below maxReplicas',
      yaml: hpa('dont-fire-range', '  minReplicas: 2\n  maxReplicas: 8\n'),
    },
    {
      name: 'accepts an absent minReplicas with maxReplicas above the default of 1',
      yaml: hpa('dont-fire-default', '  maxReplicas: 3\n'),
    },
    {
      name: 'leaves minReplicas above maxReplicas to hpa-replica-bounds',
      yaml: hpa('dont-fire-inverted', '  minReplicas: 6\n  maxReplicas: 4\n'),
    },
    {
      name: 'leaves minReplicas and maxReplicas of 0, which the API server rejects, to hpa-replica-bounds',
      yaml: hpa('dont-fire-zero', '  minReplicas: 0\n  maxReplicas: 0\n'),
    },
    {
      name: 'leaves a maxReplicas that is not an integer to hpa-replica-bounds',
      yaml: hpa('dont-fire-string', '  minReplicas: 2\n  maxReplicas: "2"\n'),
    },
  ],
  invalid: [
    {
      name: 'reports minReplicas equal to maxReplicas at maxReplicas',
      yaml: hpa('fire-fixed', '  minReplicas: 4\n  maxReplicas: 4\n'),
      findings: [
        {
          messageId: 'fixedReplicas',
          line: 7,
          path: 'spec.maxReplicas',
          severity: 'warning',
          message:
            'HPA fire-fixed has minReplicas 4 equal to maxReplicas 4: it holds its target at 4 replicas whatever the load and never scales. Widen the range, or delete the HPA and set spec.replicas if a fixed count is meant.',
        },
      ],
    },
    {
      name: 'reports maxReplicas 1 with minReplicas left at its default of 1',
      yaml: hpa('fire-default-one', '  maxReplicas: 1\n'),
      findings: [
        {
          messageId: 'fixedReplicas',
          line: 6,
          message:
            /^HPA fire-default-one has minReplicas 1 \(the default\) equal to maxReplicas 1: it holds its target at 1 replica whatever/,
        },
      ],
    },
    {
      name: 'reports an autoscaling/v1 HPA with equal bounds too',
      yaml: hpa(
        'fire-v1',
        '  minReplicas: 2\n  maxReplicas: 2\n  targetCPUUtilizationPercentage: 70\n',
        'autoscaling/v1',
      ),
      findings: [{ messageId: 'fixedReplicas', line: 7 }],
    },
  ],
});
