import {
  compareKubeMinor,
  formatKubeMinor,
  type KubeMinor,
  type ManifestChange,
  NEWEST_KNOWN_KUBE_MINOR,
  NEWEST_KNOWN_KUBE_VERSION,
  parseKubeVersion,
  RETIRED_KINDS,
  retiredApiVersionOf,
} from '../../k8s/api-versions.js';
import { qualifiedName } from '../../k8s/names.js';
import { defineRule } from '../define-rule.js';

/** Changes named in one message; the rest are counted. */
const MAX_CHANGES = 4;

/** The target the manifests are applied to: the config's (`major.minor`, validated there), else the newest known. */
function targetOf(kubeVersion: string | undefined): KubeMinor {
  if (kubeVersion === undefined) return NEWEST_KNOWN_KUBE_MINOR;
  const parsed = parseKubeVersion(kubeVersion);
  if (!parsed.ok) throw new Error(`kubeVersion reached the rules unvalidated: ${parsed.problem}`);
  return parsed.version;
}

/** `, and rename …; set …` or `; nothing else in the manifest changes`. */
function changesText(changes: readonly ManifestChange[]): string {
  if (changes.length === 0) return '; nothing else in the manifest changes';
  const named = changes.slice(0, MAX_CHANGES).map((c) => c.text);
  const more = changes.length - named.length;
  return `, and ${named.join('; ')}${more > 0 ? ` (and ${more} more)` : ''}`;
}

export const apiVersionRemoved = defineRule({
  meta: {
    id: 'api-version-removed',
    family: 'api-versions',
    severity: 'error',
    title: 'Objects must use an API version the target Kubernetes version serves',
    rationale:
      'Kubernetes stops serving beta API versions some releases after their replacement is stable: extensions/v1beta1 ' +
      'and networking.k8s.io/v1beta1 Ingress and networking.k8s.io/v1beta1 IngressClass in 1.22, policy/v1beta1 PodDisruptionBudget, ' +
      'batch/v1beta1 CronJob and autoscaling/v2beta1 HorizontalPodAutoscaler in 1.25, autoscaling/v2beta2 in 1.26, ' +
      'the extensions/v1beta1, apps/v1beta1 and apps/v1beta2 workloads in 1.16. A manifest written in one of them ' +
      'fails to apply on such a cluster ("no matches for kind … in version …"), so a Helm release or a GitOps sync ' +
      'fails as a whole, usually found on the day of the cluster upgrade. The target is `kubeVersion:` in ' +
      '.kubeward.yaml or `--kube-version` (default: the newest Kubernetes minor kubeward knows, ' +
      `${NEWEST_KNOWN_KUBE_VERSION}); a version that is deprecated but still served there is a warning that says ` +
      'when it goes. The replacement is not always a rename: the finding names the fields of the manifest that ' +
      'change (Ingress backends and pathType, HorizontalPodAutoscaler metric targets, the selector of a ' +
      'PodDisruptionBudget or workload). The VerticalPodAutoscaler, a custom resource, has its own rule: ' +
      'vpa-unserved-api-version. Only manifests are checked: the API server never returns or admits an object in a ' +
      'version it does not serve.',
    remediation:
      'Change apiVersion to the replacement the finding names and make the field changes it lists; `kubectl convert` ' +
      '(the kubectl-convert plugin) rewrites a manifest for you.',
    kinds: RETIRED_KINDS,
    messages: {
      removed:
        '{{kind}} {{name}} uses {{apiVersion}}, removed in Kubernetes {{removed}} (target {{target}}): the apply fails. ' +
        'Use {{replacement}}{{changes}}.',
      deprecated:
        '{{kind}} {{name}} uses {{apiVersion}}, deprecated since Kubernetes {{deprecated}} and removed in {{removed}} ' +
        '(target {{target}}): from {{removed}} on the apply fails. Move to {{replacement}} (served since ' +
        '{{replacementSince}}){{changes}}.',
    },
    severityShift: { lower: 'the version is deprecated but still served by the target Kubernetes version' },
    // The API server never returns an object in a version it does not serve (audit) nor admits one (admission):
    // only manifests can be written in a removed version.
    runsOn: ['lint'],
    examples: {
      invalid: `apiVersion: extensions/v1beta1
kind: Ingress
metadata:
  name: web
  namespace: shop
spec:
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            backend:
              serviceName: web
              servicePort: 80
`,
      valid: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: shop
spec:
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: web
                port: {number: 80}
`,
    },
  },
  check(object, ctx) {
    const retired = retiredApiVersionOf(object);
    if (retired === undefined) return [];
    const target = targetOf(ctx.kubeVersion);
    if (compareKubeMinor(target, retired.deprecated) < 0) return [];
    const data = {
      kind: object.kind,
      name: qualifiedName(object),
      apiVersion: object.apiVersion,
      removed: formatKubeMinor(retired.removed),
      target: formatKubeMinor(target),
      replacement: retired.replacement,
      changes: changesText(retired.changes(object)),
    };
    if (compareKubeMinor(target, retired.removed) >= 0) {
      return [{ messageId: 'removed', data, path: ['apiVersion'] }];
    }
    return [
      {
        messageId: 'deprecated',
        data: {
          ...data,
          deprecated: formatKubeMinor(retired.deprecated),
          replacementSince: formatKubeMinor(retired.replacementSince),
        },
        path: ['apiVersion'],
        shift: 'lower',
      },
    ];
  },
});
