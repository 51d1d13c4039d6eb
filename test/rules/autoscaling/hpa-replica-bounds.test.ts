import { hpaReplicaBounds } from '../../../src/rules/autoscaling/hpa-replica-bounds.js';
import { ruleTester } from '../../helpers/rule-tester.js';

/** `bounds` (indented by 2 spaces) start on line 6. */
const hpa = (name: string, bounds: string, metrics = '') => `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: ${name}, namespace: platform}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
${bounds}${metrics}`;

const EXTERNAL = `  metrics:
    - type: External
      external: {metric: {name: queue_depth}, target: {type: AverageValue, averageValue: "30"}}
`;

ruleTester.run(hpaReplicaBounds, {
  valid: [
    {
      name: 'accepts minReplicas 0 with an External metric where the option says the HPAScaleToZero gate is on',
      yaml: hpa('dont-fire-scale-to-zero', '  minReplicas: 0\n  maxReplicas: 5\n', EXTERNAL),
      options: { scaleToZeroGate: true },
    },
    {
      name: 'accepts minReplicas below maxReplicas',
      yaml: hpa('dont-fire-range', '  minReplicas: 2\n  maxReplicas: 8\n'),
    },
    {
      name: 'accepts minReplicas equal to maxReplicas (hpa-fixed-replicas reports it)',
      yaml: hpa('dont-fire-fixed', '  minReplicas: 4\n  maxReplicas: 4\n'),
    },
    {
      name: 'accepts an absent minReplicas, which defaults to 1',
      yaml: hpa('dont-fire-default', '  maxReplicas: 3\n'),
    },
  ],
  invalid: [
    {
      name: 'reports minReplicas greater than maxReplicas at minReplicas',
      yaml: hpa('fire-inverted', '  minReplicas: 6\n  maxReplicas: 4\n'),
      findings: [
        {
          messageId: 'minAboveMax',
          message:
            'HPA fire-inverted has minReplicas 6 greater than maxReplicas 4: the API server rejects it ("must be greater than or equal to `minReplicas`"). Raise maxReplicas or lower minReplicas.',
          line: 6,
          severity: 'error',
          path: 'spec.minReplicas',
        },
      ],
    },
    {
      name: 'reports a missing maxReplicas',
      yaml: hpa('fire-no-max', '  minReplicas: 2\n'),
      findings: [
        {
          messageId: 'maxReplicasMissing',
          message: /^HPA fire-no-max has no maxReplicas, which is required/,
          line: 4,
          path: 'spec.maxReplicas',
        },
      ],
    },
    {
      name: 'reports maxReplicas 0 once, without also comparing it with the default minReplicas',
      yaml: hpa('fire-zero-max', '  maxReplicas: 0\n'),
      findings: [
        {
          messageId: 'replicasBelowOne',
          message: /^HPA fire-zero-max has maxReplicas 0: it must be at least 1/,
          line: 6,
        },
      ],
    },
    {
      name: 'reports minReplicas 0 without an Object or External metric as an error',
      yaml: hpa('fire-zero-min', '  minReplicas: 0\n  maxReplicas: 5\n'),
      findings: [
        {
          messageId: 'scaleToZeroNeedsObjectMetric',
          message: /has minReplicas 0, which is only allowed with the alpha HPAScaleToZero gate/,
          line: 6,
          severity: 'error',
        },
      ],
    },
    {
      name: 'reports minReplicas 0 with an External metric as an error, since the alpha gate is off by default',
      yaml: hpa('fire-scale-to-zero', '  minReplicas: 0\n  maxReplicas: 5\n', EXTERNAL),
      findings: [
        {
          messageId: 'scaleToZeroNeedsGate',
          message:
            /has minReplicas 0, which needs the alpha feature gate HPAScaleToZero .* Set minReplicas to 1, or set the rule option scaleToZeroGate where the gate is on\.$/,
          line: 6,
          severity: 'error',
        },
      ],
    },
    {
      name: 'reports minReplicas 0 without an Object or External metric even where the gate is on',
      yaml: hpa('fire-zero-min-gate', '  minReplicas: 0\n  maxReplicas: 5\n'),
      options: { scaleToZeroGate: true },
      findings: [{ messageId: 'scaleToZeroNeedsObjectMetric', line: 6, severity: 'error' }],
    },
    {
      name: 'reports a minReplicas written as a string',
      yaml: hpa('fire-string', '  minReplicas: "2"\n  maxReplicas: 5\n'),
      findings: [
        {
          messageId: 'replicasNotInteger',
          message: /^HPA fire-string has a minReplicas that is not an integer/,
          line: 6,
        },
      ],
    },
    {
      name: 'reports a maxReplicas written as a string',
      yaml: hpa('fire-string-max', '  minReplicas: 2\n  maxReplicas: "5"\n'),
      findings: [
        {
          messageId: 'replicasNotInteger',
          message:
            'HPA fire-string-max has a maxReplicas that is not an integer: the API server rejects it. Set an integer of at least 1.',
          line: 7,
          path: 'spec.maxReplicas',
        },
      ],
    },
    {
      name: 'reports a negative minReplicas',
      yaml: hpa('fire-negative-min', '  minReplicas: -1\n  maxReplicas: 5\n'),
      findings: [
        {
          messageId: 'replicasBelowOne',
          message: 'HPA fire-negative-min has minReplicas -1: it must be at least 1, so the API server rejects it.',
          line: 6,
          severity: 'error',
          path: 'spec.minReplicas',
        },
      ],
    },
  ],
});
