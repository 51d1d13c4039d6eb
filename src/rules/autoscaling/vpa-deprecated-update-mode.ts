import { VPA_KIND } from '../../k8s/kinds.js';
import { nameOf } from '../../k8s/names.js';
import { vpaUpdateMode } from '../../k8s/vpa.js';
import { defineRule } from '../define-rule.js';

/** `updateMode: Auto`, deprecated since VPA 1.5 and currently an alias of Recreate. An unset mode is not reported. */
export const vpaDeprecatedUpdateMode = defineRule({
  meta: {
    id: 'vpa-deprecated-update-mode',
    family: 'autoscaling',
    severity: 'info',
    title: 'VPA updateMode Auto is deprecated',
    rationale:
      'Since VPA 1.5 the admission controller warns on every apply of a VPA with updateMode Auto, and the mode is ' +
      'due to be removed from a future API version; today it behaves exactly like Recreate (evict the pod to apply ' +
      'new requests). When it is removed, manifests that still say Auto will be rejected and the VPA will stop ' +
      'being updated by CI, usually noticed only when the pipeline breaks.',
    remediation:
      'Write the mode explicitly: Recreate for the current behaviour, or InPlaceOrRecreate to resize running pods ' +
      'without restarting them where the cluster supports it (Kubernetes 1.33 or later, VPA 1.4 or later).',
    kinds: [VPA_KIND],
    messages: {
      autoUpdateMode:
        'VPA {{name}} uses updateMode Auto, deprecated since VPA 1.5 and for now the same as Recreate. Write ' +
        'Recreate to keep this behaviour, or InPlaceOrRecreate to resize pods without restarting them (Kubernetes ' +
        '1.33+).',
    },
    examples: {
      invalid: `apiVersion: autoscaling.k8s.io/v1
kind: VerticalPodAutoscaler
metadata:
  name: reporting
  namespace: analytics
spec:
  targetRef: {apiVersion: apps/v1, kind: Deployment, name: reporting}
  updatePolicy:
    updateMode: Auto
`,
      valid: `apiVersion: autoscaling.k8s.io/v1
kind: VerticalPodAutoscaler
metadata:
  name: reporting
  namespace: analytics
spec:
  targetRef: {apiVersion: apps/v1, kind: Deployment, name: reporting}
  updatePolicy:
    updateMode: Recreate
`,
    },
  },
  check(vpa) {
    const mode = vpaUpdateMode(vpa);
    if (!mode.explicit || mode.mode !== 'Auto') return [];
    return [{ messageId: 'autoUpdateMode', data: { name: nameOf(vpa) }, path: mode.path }];
  },
});
