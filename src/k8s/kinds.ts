/** Kinds as kinds: which are cluster-scoped, which are custom resources, and the names of the ones rules look up. */

/** Kinds that have no namespace. Objects of other kinds without one are in the default namespace. */
export const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([
  'APIService',
  'CertificateSigningRequest',
  'ClusterIssuer',
  'ClusterRole',
  'ClusterRoleBinding',
  'ComponentStatus',
  'CSIDriver',
  'CSINode',
  'CustomResourceDefinition',
  'FlowSchema',
  'GatewayClass',
  'IngressClass',
  'MutatingAdmissionPolicy',
  'MutatingAdmissionPolicyBinding',
  'MutatingWebhookConfiguration',
  'Namespace',
  'Node',
  'PersistentVolume',
  'PodSecurityPolicy',
  'PriorityClass',
  'PriorityLevelConfiguration',
  'RuntimeClass',
  'StorageClass',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'ValidatingWebhookConfiguration',
  'VolumeAttachment',
]);

/** A kind served by an API group outside Kubernetes itself (a CRD). */
export function isCustomResource(object: { readonly apiVersion: string }): boolean {
  const slash = object.apiVersion.indexOf('/');
  if (slash < 0) return false;
  const group = object.apiVersion.slice(0, slash);
  return group.includes('.') && !group.endsWith('.k8s.io');
}

export const HPA_KIND = 'HorizontalPodAutoscaler';
export const VPA_KIND = 'VerticalPodAutoscaler';
export const PDB_KIND = 'PodDisruptionBudget';
