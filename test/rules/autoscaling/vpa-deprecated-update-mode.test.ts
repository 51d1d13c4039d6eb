import { vpaDeprecatedUpdateMode } from '../../../src/rules/autoscaling/vpa-deprecated-update-mode.js';
import { ruleTester } from '../../helpers/rule-tester.js';

const vpa = (name: string, updatePolicy: string) => `apiVersion: autoscaling.k8s.io/v1
kind: VerticalPodAutoscaler
metadata: {name: ${name}, namespace: analytics}
spec:
  targetRef: {apiVersion: apps/v1, kind: Deployment, name: reporting}
${updatePolicy}`;

ruleTester.run(vpaDeprecatedUpdateMode, {
  valid: [
    {
      name: 'accepts updateMode Recreate',
      yaml: vpa('dont-fire-recreate', '  updatePolicy: {updateMode: Recreate}\n'),
    },
    {
      name: 'accepts updateMode InPlaceOrRecreate',
      yaml: vpa('dont-fire-inplace', '  updatePolicy: {updateMode: InPlaceOrRecreate}\n'),
    },
    { name: 'accepts updateMode Off', yaml: vpa('dont-fire-off', '  updatePolicy: {updateMode: "Off"}\n') },
    { name: 'accepts an unset updateMode, whose default is no longer Auto', yaml: vpa('dont-fire-unset', '') },
  ],
  invalid: [
    {
      name: 'reports updateMode Auto at the field',
      yaml: vpa('fire-auto', '  updatePolicy:\n    updateMode: "Auto"\n'),
      findings: [
        {
          messageId: 'autoUpdateMode',
          message:
            'VPA fire-auto uses updateMode Auto, deprecated since VPA 1.5 and for now the same as Recreate. Write Recreate to keep this behaviour, or InPlaceOrRecreate to resize pods without restarting them (Kubernetes 1.33+).',
          line: 7,
          severity: 'info',
          path: 'spec.updatePolicy.updateMode',
        },
      ],
    },
  ],
});
