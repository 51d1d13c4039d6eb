import type { ObjectIndex } from '../../engine/object-index.js';
import type { RuleFinding } from '../../engine/rule.js';
import {
  ALLOW_SNIPPETS,
  configMapText as optionalText,
  RISK_BLOCK_DEFAULT,
  RISK_LEVEL,
  RISK_LEVEL_SINCE,
} from '../../ingress/nginx-configmap.js';
import { configMapFlagOf, type IngressNginxController } from '../../ingress/nginx-controller.js';
import {
  type ControllerVersionResult,
  controllerVersionFromLabels,
  controllerVersionOf,
} from '../../ingress/nginx-controller-version.js';
import { ingressNginxControllersOf } from '../../ingress/nginx-selection.js';
import { compareVersions, formatVersion } from '../../ingress/nginx-versions.js';
import { COMPONENT_LABEL, NAME_LABEL } from '../../k8s/labels.js';
import { ObjectMemo } from '../../k8s/memo.js';
import { describeOf } from '../../k8s/names.js';
import { asObject, asStringMap, type K8sObject } from '../../k8s/object.js';
import { defineRule } from '../define-rule.js';

/** The chart's and the static manifests' ConfigMap name (`<release>-controller` with Helm). */
const DEFAULT_NAME = 'ingress-nginx-controller';
/** Values Go's strconv.ParseBool reads as true (the controller decodes its ConfigMap with it). */
const TRUE_VALUES: ReadonlySet<string> = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);

interface ConfigMapUse {
  /** ConfigMap `namespace\0name` -> the controllers naming it with --configmap. */
  readonly byConfigMap: ReadonlyMap<string, readonly IngressNginxController[]>;
  /** Namespaces with a controller whose --configmap names a ConfigMap explicitly. */
  readonly explicitNamespaces: ReadonlySet<string>;
}

const uses = new ObjectMemo<ObjectIndex, ConfigMapUse>();

function configMapUseOf(index: ObjectIndex): ConfigMapUse {
  const hit = uses.get(index);
  if (hit !== undefined) return hit;
  const byConfigMap = new Map<string, IngressNginxController[]>();
  const explicitNamespaces = new Set<string>();
  for (const controller of ingressNginxControllersOf(index)) {
    const namespace = index.namespaceOf(controller.workload);
    const ref = configMapFlagOf(controller, namespace);
    if (ref === undefined) continue;
    explicitNamespaces.add(namespace);
    const key = `${ref.namespace}\0${ref.name}`;
    const list = byConfigMap.get(key);
    if (list) list.push(controller);
    else byConfigMap.set(key, [controller]);
  }
  const result = { byConfigMap, explicitNamespaces };
  uses.set(index, result);
  return result;
}

interface ControllerConfigMap {
  /** How the ConfigMap was tied to ingress-nginx, for messages. */
  readonly how: string;
  readonly version: ControllerVersionResult | undefined;
}

function isConventional(configMap: K8sObject, name: string): boolean {
  if (name === DEFAULT_NAME) return true;
  const labels = asStringMap(configMap.metadata?.labels);
  return (
    name.endsWith('-controller') && labels[NAME_LABEL] === 'ingress-nginx' && labels[COMPONENT_LABEL] === 'controller'
  );
}

/**
 * Whether the ConfigMap configures an ingress-nginx controller: a controller's `--configmap` names it, or it has the
 * chart's conventional name and no controller of its namespace names another ConfigMap.
 */
function controllerConfigMapOf(configMap: K8sObject, index: ObjectIndex): ControllerConfigMap | undefined {
  const namespace = index.namespaceOf(configMap);
  const name = String(configMap.metadata?.name ?? '');
  const use = configMapUseOf(index);
  const controllers = use.byConfigMap.get(`${namespace}\0${name}`);
  const first = controllers?.[0];
  if (first !== undefined) {
    return { how: `the ConfigMap of ${describeOf(first.workload)} (--configmap)`, version: controllerVersionOf(first) };
  }
  if (!isConventional(configMap, name) || use.explicitNamespaces.has(namespace)) return undefined;
  return {
    how: 'the ingress-nginx controller ConfigMap (by its chart name)',
    version: controllerVersionFromLabels(asStringMap(configMap.metadata?.labels)),
  };
}

const SNIPPETS_ALLOWED =
  `${ALLOW_SNIPPETS}: "{{value}}" in {{configMap}} lets Ingress authors paste raw nginx configuration ` +
  '(configuration-snippet, server-snippet, auth-snippet, …) into a controller that can read every Secret';
const SNIPPETS_OPEN = "any Ingress can read the controller's token and Secrets (CVE-2021-25742).";
const SNIPPETS_GUARDED =
  'still rejects the snippet keys, one setting away from configuration injection (CVE-2021-25742).';
const RISK_CRITICAL =
  `${RISK_LEVEL}: "{{value}}" in {{configMap}} accepts annotations of every risk level, the Critical *-snippet keys ` +
  'included;';

const messages = {
  snippetsWithCriticalRiskLevel: `${SNIPPETS_ALLOWED}, and ${RISK_LEVEL}: Critical does not reject them either: ${SNIPPETS_OPEN}`,
  snippetsBeforeRiskLevel: `${SNIPPETS_ALLOWED}, and controller {{version}} predates ${RISK_LEVEL} (v1.9.0): ${SNIPPETS_OPEN}`,
  snippetsBeforeRiskDefault:
    `${SNIPPETS_ALLOWED}, and controller {{version}} predates v1.12.0, before which ${RISK_LEVEL} rejected nothing ` +
    `by default: ${SNIPPETS_OPEN}`,
  snippetsRiskLevelGuard: `${SNIPPETS_ALLOWED}. Only ${RISK_LEVEL}: "{{riskLevel}}" ${SNIPPETS_GUARDED}`,
  snippetsDefaultGuard: `${SNIPPETS_ALLOWED}. Only ${RISK_LEVEL} (High by default from v1.12.0; before that nothing) ${SNIPPETS_GUARDED}`,
  criticalRiskLevelWithSnippets: `${RISK_CRITICAL} and ${ALLOW_SNIPPETS} is "true", so snippets reach the nginx configuration unchecked.`,
  criticalRiskLevel: `${RISK_CRITICAL} only ${ALLOW_SNIPPETS} (false by default since v1.9.0) still keeps the snippets out.`,
} as const;

type MessageId = keyof typeof messages;

/**
 * The finding on allow-snippet-annotations: true. The snippets get through (one level higher) when the risk level
 * is Critical or the controller's version has no risk level that rejects them by default; otherwise only the risk
 * level still stops them.
 */
function snippetFinding(cm: ControllerConfigMap, value: string, risk: string | undefined): RuleFinding<MessageId> {
  const path = ['data', ALLOW_SNIPPETS];
  const data = { value, configMap: cm.how };
  if (risk !== undefined && risk.toLowerCase() === 'critical') {
    return { messageId: 'snippetsWithCriticalRiskLevel', data, path, shift: 'raise' };
  }
  if (cm.version?.known === true) {
    const version = cm.version.version;
    if (compareVersions(version, RISK_LEVEL_SINCE) < 0) {
      return {
        messageId: 'snippetsBeforeRiskLevel',
        data: { ...data, version: formatVersion(version) },
        path,
        shift: 'raise',
      };
    }
    if (risk === undefined && compareVersions(version, RISK_BLOCK_DEFAULT) < 0) {
      return {
        messageId: 'snippetsBeforeRiskDefault',
        data: { ...data, version: formatVersion(version) },
        path,
        shift: 'raise',
      };
    }
  }
  return risk !== undefined
    ? { messageId: 'snippetsRiskLevelGuard', data: { ...data, riskLevel: risk }, path }
    : { messageId: 'snippetsDefaultGuard', data, path };
}

/** The finding on annotations-risk-level: Critical; one level higher when allow-snippet-annotations is true too. */
function riskFinding(cm: ControllerConfigMap, value: string, snippetsAllowed: boolean): RuleFinding<MessageId> {
  const data = { value, configMap: cm.how };
  const path = ['data', RISK_LEVEL];
  return snippetsAllowed
    ? { messageId: 'criticalRiskLevelWithSnippets', data, path, shift: 'raise' }
    : { messageId: 'criticalRiskLevel', data, path };
}

export const ingressNginxConfigmapExposure = defineRule({
  meta: {
    id: 'ingress-nginx-configmap-exposure',
    family: 'ingress-nginx',
    severity: 'warning',
    title: 'The ingress-nginx controller ConfigMap does not re-enable snippet or Critical-risk annotations',
    rationale:
      'Snippet annotations paste raw nginx configuration into a controller whose service account reads every ' +
      'Secret of the cluster: CVE-2021-25742 used them to steal the controller token, so v1.9.0 turned ' +
      'allow-snippet-annotations off by default and v1.12.0 made annotations-risk-level High reject every ' +
      'Critical-risk key. Setting allow-snippet-annotations to "true" or annotations-risk-level to Critical undoes ' +
      'that for every Ingress author, on a retired controller that will get no fix for the next injection.',
    remediation:
      'Remove allow-snippet-annotations (or set it to "false") and annotations-risk-level (or set it to High) in ' +
      'the controller ConfigMap (Helm: controller.allowSnippetAnnotations=false); rewrite the snippets as typed ' +
      'annotations or ConfigMap settings first, since Ingresses that still carry them will be rejected.',
    kinds: ['ConfigMap'],
    messages,
    severityShift: {
      raise:
        'allow-snippet-annotations is true and nothing rejects the snippets: annotations-risk-level is Critical, ' +
        'or the controller predates annotations-risk-level (v1.9.0) or, without an explicit level, its High ' +
        'default (v1.12.0)',
    },
    examples: {
      invalid: `apiVersion: v1
kind: ConfigMap
metadata:
  name: ingress-nginx-controller
  namespace: ingress-nginx
  labels: {app.kubernetes.io/name: ingress-nginx, app.kubernetes.io/component: controller}
data:
  allow-snippet-annotations: "true"
  annotations-risk-level: Critical
`,
      valid: `apiVersion: v1
kind: ConfigMap
metadata:
  name: ingress-nginx-controller
  namespace: ingress-nginx
  labels: {app.kubernetes.io/name: ingress-nginx, app.kubernetes.io/component: controller}
data:
  allow-snippet-annotations: "false"
  annotations-risk-level: High
  proxy-body-size: 8m
`,
    },
  },
  check(object, ctx) {
    const data = asObject(object.data);
    if (data === undefined) return [];
    const allow = optionalText(data[ALLOW_SNIPPETS]);
    const risk = optionalText(data[RISK_LEVEL]);
    const snippetsAllowed = allow !== undefined && TRUE_VALUES.has(allow);
    const riskCritical = risk !== undefined && risk.toLowerCase() === 'critical';
    if (!snippetsAllowed && !riskCritical) return [];
    const cm = controllerConfigMapOf(object, ctx.index);
    if (cm === undefined) return [];
    const findings: RuleFinding<MessageId>[] = [];
    if (snippetsAllowed) findings.push(snippetFinding(cm, allow, risk));
    if (riskCritical) findings.push(riskFinding(cm, risk, snippetsAllowed));
    return findings;
  },
});
