import { pdbInvalidBudget } from '../../../src/rules/availability/pdb-invalid-budget.js';
import { ruleTester } from '../../helpers/rule-tester.js';

/** A PDB whose budget lines start on line 7. */
const pdb = (name: string, budget: string): string => `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: ${name}
  namespace: shop
spec:
  ${budget}
  selector: {matchLabels: {app: web}}
`;

ruleTester.run(pdbInvalidBudget, {
  valid: [
    {
      name: 'accepts minAvailable 100%, the largest percentage the API server takes',
      yaml: pdb('dont-fire-all', 'minAvailable: 100%'),
    },
    {
      name: 'accepts maxUnavailable 0, a valid (if drain-blocking) count',
      yaml: pdb('dont-fire-zero', 'maxUnavailable: 0'),
    },
    { name: 'accepts an integer count above the replica count', yaml: pdb('dont-fire-count', 'minAvailable: 7') },
    {
      name: 'accepts a PDB with no budget field, which the API server takes',
      yaml: pdb('dont-fire-none', 'unhealthyPodEvictionPolicy: AlwaysAllow'),
    },
    {
      name: 'accepts a budget field set to null, which decodes as unset',
      yaml: pdb('dont-fire-null', 'minAvailable: null\n  maxUnavailable: 1'),
    },
  ],
  invalid: [
    {
      name: 'reports minAvailable 150% as rejected by the API server, with the error severity',
      yaml: pdb('fire-150', 'minAvailable: 150%'),
      findings: [
        {
          messageId: 'over100Percent',
          message:
            'minAvailable 150% is above 100%: the API server rejects the PodDisruptionBudget ("must not be greater than 100%"), so the apply fails; use a percentage of at most 100%, or an integer count.',
          line: 7,
          severity: 'error',
          path: 'spec.minAvailable',
        },
      ],
    },
    {
      name: 'reports maxUnavailable 101% just above the limit',
      yaml: pdb('fire-101', 'maxUnavailable: "101%"'),
      findings: [{ messageId: 'over100Percent', message: /^maxUnavailable 101% is above 100%/, line: 7 }],
    },
    {
      name: 'reports a negative minAvailable and a negative maxUnavailable',
      yaml: `${pdb('fire-negative-min', 'minAvailable: -1')}---\n${pdb('fire-negative-max', 'maxUnavailable: -2')}`,
      findings: [
        {
          messageId: 'negative',
          message:
            /^minAvailable -1 is negative: the API server rejects the PodDisruptionBudget \("must be greater than or equal to 0"\)/,
          line: 7,
          path: 'spec.minAvailable',
        },
        { messageId: 'negative', message: /^maxUnavailable -2 is negative/, line: 16, path: 'spec.maxUnavailable' },
      ],
    },
    {
      name: 'reports strings the API server does not read as a percentage: a quoted number, a negative or spaced percentage, a fraction',
      yaml: [
        pdb('fire-quoted', 'minAvailable: "1"'),
        pdb('fire-negative-percent', 'maxUnavailable: "-10%"'),
        pdb('fire-spaced', 'maxUnavailable: " 50%"'),
        pdb('fire-fraction', 'minAvailable: 1.5'),
      ].join('---\n'),
      findings: [
        {
          messageId: 'notIntOrPercent',
          message: /^minAvailable "1" is neither an integer nor a percentage: the API server rejects/,
          line: 7,
        },
        { messageId: 'notIntOrPercent', message: /^maxUnavailable "-10%" is neither/, line: 16 },
        { messageId: 'notIntOrPercent', message: /^maxUnavailable " 50%" is neither/, line: 25 },
        { messageId: 'notIntOrPercent', message: /^minAvailable 1\.5 is neither/, line: 34 },
      ],
    },
    {
      name: 'reports both fields set, at maxUnavailable, and each invalid value as well',
      yaml: pdb('fire-both', 'minAvailable: 1\n  maxUnavailable: 200%'),
      findings: [
        {
          messageId: 'bothSet',
          message: /^minAvailable and maxUnavailable are both set: the API server rejects the PodDisruptionBudget/,
          line: 8,
          path: 'spec.maxUnavailable',
        },
        { messageId: 'over100Percent', message: /^maxUnavailable 200% is above 100%/, line: 8 },
      ],
    },
  ],
});
