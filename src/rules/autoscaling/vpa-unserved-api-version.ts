import { VPA_KIND } from '../../k8s/kinds.js';
import { nameOf } from '../../k8s/names.js';
import { asObject, type K8sObject } from '../../k8s/object.js';
import { defineRule } from '../define-rule.js';

/** The only version of the VPA CRD served since VPA 1.3.0 (deploy/vpa-v1-crd-gen.yaml: v1beta2 `served: false`). */
export const SERVED_VPA_VERSION = 'autoscaling.k8s.io/v1';

const VPA_GROUP = 'autoscaling.k8s.io/';

/** True for a VPA written in a version of its group that the current CRD does not serve (v1beta1, v1beta2). */
export function isUnservedVpaVersion(vpa: K8sObject): boolean {
  return vpa.kind === VPA_KIND && vpa.apiVersion.startsWith(VPA_GROUP) && vpa.apiVersion !== SERVED_VPA_VERSION;
}

/**
 * What changes besides the apiVersion. v1beta2 is a subset of v1 (MIGRATE.md); v1beta1 selected pods with
 * `spec.selector`, which v1 does not have: v1 requires `spec.targetRef`.
 */
function changeOf(vpa: K8sObject): string {
  const spec = asObject(vpa.spec);
  const hasSelector = spec?.selector !== undefined && spec.selector !== null;
  const hasTargetRef = asObject(spec?.targetRef) !== undefined;
  if (hasSelector && !hasTargetRef) {
    return (
      ` and replace spec.selector with spec.targetRef naming the workload whose pods it selects (apiVersion, kind ` +
      'and name, for example apps/v1 Deployment web)'
    );
  }
  if (hasSelector) return ' and remove spec.selector (v1 selects the pods through spec.targetRef only)';
  if (!hasTargetRef) return ' and set spec.targetRef, which v1 requires, to the workload it is meant for';
  return '; nothing else in the manifest changes';
}

export const vpaUnservedApiVersion = defineRule({
  meta: {
    id: 'vpa-unserved-api-version',
    family: 'autoscaling',
    severity: 'error',
    title: 'VPAs must use the API version the VPA CRD serves',
    rationale:
      'The current VPA CRD serves only autoscaling.k8s.io/v1: v1beta2 has not been served since VPA 1.3.0 and ' +
      'v1beta1 is no longer in the CRD at all. Applying a VPA written in either fails ("no matches for kind ' +
      'VerticalPodAutoscaler in version …"), so in a Helm release or a GitOps sync the whole apply fails, and where ' +
      'the error is ignored the workload runs without the vertical autoscaling everyone assumes it has.',
    remediation:
      'Change apiVersion to autoscaling.k8s.io/v1. A v1beta2 VPA needs nothing else (v1beta2 is a subset of v1); a ' +
      'v1beta1 VPA that selects pods with spec.selector must name its workload in spec.targetRef instead.',
    kinds: [VPA_KIND],
    messages: {
      unservedVersion:
        'VPA {{name}} is written in {{apiVersion}}, which the VPA CRD does not serve (only ' +
        `${SERVED_VPA_VERSION}, since VPA 1.3.0): the apply fails with "no matches for kind VerticalPodAutoscaler in ` +
        'version {{apiVersion}}". Change apiVersion to ' +
        `${SERVED_VPA_VERSION}{{change}}.`,
    },
    examples: {
      invalid: `apiVersion: autoscaling.k8s.io/v1beta2
kind: VerticalPodAutoscaler
metadata:
  name: reporting
  namespace: analytics
spec:
  targetRef: {apiVersion: apps/v1, kind: Deployment, name: reporting}
  updatePolicy:
    updateMode: Initial
`,
      valid: `apiVersion: autoscaling.k8s.io/v1
kind: VerticalPodAutoscaler
metadata:
  name: reporting
  namespace: analytics
spec:
  targetRef: {apiVersion: apps/v1, kind: Deployment, name: reporting}
  updatePolicy:
    updateMode: Initial
`,
    },
  },
  check(vpa) {
    if (!isUnservedVpaVersion(vpa)) return [];
    return [
      {
        messageId: 'unservedVersion',
        data: { name: nameOf(vpa), apiVersion: vpa.apiVersion, change: changeOf(vpa) },
        path: ['apiVersion'],
      },
    ];
  },
});
