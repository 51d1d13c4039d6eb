/**
 * A realistic fabricated lint result shared by the formatter tests: a rendered Helm chart (findings attributed to
 * templates, with their position in the rendered stream), a hand-written Ingress in a path with `,` `:` `%` and a
 * space whose message carries markup, `]]>`, a CRLF, an ANSI escape, a bidi override and non-BMP text, an input
 * error, a kubeward annotation problem, an info finding, a cluster-scoped object, and two suppressed findings (one
 * by annotation, one by config).
 */

import type { AnyRule } from '../../src/engine/rule.js';
import type { Finding, LintResult } from '../../src/engine/types.js';
import type { CheckedFile, FormatContext } from '../../src/report/types.js';
import { defineRule } from '../../src/rules/define-rule.js';

const none = (): [] => [];

export const sampleRules: readonly AnyRule[] = [
  defineRule({
    meta: {
      id: 'resources-missing-memory-limit',
      family: 'resources',
      severity: 'warning',
      title: 'Container without a memory limit',
      rationale:
        'A container without a memory limit can use memory until the node runs out and the OOM killer picks a victim.',
      remediation: 'Set `resources.limits.memory` on every container.',
      kinds: ['Deployment', 'CronJob'],
      messages: { missing: 'The container sets no memory limit.' },
      examples: {
        invalid:
          'apiVersion: v1\nkind: Pod\nmetadata: {name: fire-pod}\nspec:\n  containers: [{name: app, image: app}]\n',
        valid:
          'apiVersion: v1\nkind: Pod\nmetadata: {name: dont-fire-pod}\nspec:\n  containers:\n    - name: app\n      image: app\n      resources: {limits: {memory: 256Mi}}\n',
      },
    },
    check: none,
  }),
  defineRule({
    meta: {
      id: 'resources-request-exceeds-limit',
      family: 'resources',
      severity: 'error',
      title: 'A request is larger than its limit',
      rationale: 'The API server rejects a pod whose request is larger than its limit, so the apply fails.',
      remediation: 'Lower the request or raise the limit.',
      kinds: ['Deployment', 'CronJob', 'DaemonSet'],
      messages: { exceeds: 'The request is larger than its limit.' },
      examples: { invalid: 'kind: Pod\n', valid: 'kind: Pod\n' },
    },
    check: none,
  }),
  defineRule({
    meta: {
      id: 'ingress-nginx-snippet-annotation',
      family: 'ingress-nginx',
      severity: 'error',
      title: 'Ingress uses a configuration snippet',
      rationale:
        'Snippets inject raw nginx configuration (```` ``` ```` fences and <html> included) into the shared controller.',
      remediation: 'Use the dedicated annotations instead of snippets.',
      kinds: ['Ingress'],
      messages: { snippet: 'The Ingress injects raw nginx configuration.' },
      examples: {
        invalid: 'kind: Ingress\nmetadata:\n  annotations:\n    nginx.ingress.kubernetes.io/server-snippet: "```"\n',
        valid: 'kind: Ingress\n',
      },
    },
    check: none,
  }),
  defineRule({
    meta: {
      id: 'availability-pdb-missing',
      family: 'availability',
      severity: 'info',
      title: 'Replicated workload without a PodDisruptionBudget',
      rationale: 'Without a PodDisruptionBudget a node drain can evict every replica at once.',
      remediation: 'Add a PodDisruptionBudget that selects the pods.',
      kinds: ['Deployment'],
      messages: { missing: 'The workload has no PodDisruptionBudget.' },
      examples: { invalid: 'kind: Deployment\n', valid: 'kind: Deployment\n' },
      disabledByDefault: true,
    },
    check: none,
  }),
];

export const SPECIAL_FILE = 'manifests/eu,west:1/ingress 100%.yaml';
export const SPECIAL_MESSAGE =
  'Annotation nginx.ingress.kubernetes.io/server-snippet injects "return 200 \'<b>ok</b>\' & ]]>"; 100% raw,\r\nsee: a:b, c \u001b[31mred\u001b[0m \u202eevil \u{1f680} 数据.';

const web = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'shop-web' };
const reports = { apiVersion: 'batch/v1', kind: 'CronJob', name: 'shop-reports' };
const ingress = { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', namespace: 'edge', name: 'shop' };
const worker = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'shop-worker' };
const batch = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'shop-batch' };
const exporter = { apiVersion: 'apps/v1', kind: 'DaemonSet', namespace: 'kube-system', name: 'node-exporter' };

/** Helm-attributed, listed under its template. */
export const helmWarning: Finding = {
  ruleId: 'resources-missing-memory-limit',
  family: 'resources',
  severity: 'warning',
  message: 'Container web has no memory limit, so it can use memory until the node runs out.',
  object: web,
  file: 'examples/shop/templates/web-deployment.yaml',
  line: 37,
  column: 13,
  path: 'spec.template.spec.containers[0].resources',
  rendered: { file: '<stdin>', line: 75, column: 13 },
};

export const helmError: Finding = {
  ruleId: 'resources-request-exceeds-limit',
  family: 'resources',
  severity: 'error',
  message: 'Container reports requests cpu 2, more than its limit 1500m; the API server rejects the CronJob.',
  object: reports,
  file: 'examples/shop/templates/reports-cronjob.yaml',
  line: 26,
  column: 19,
  path: 'spec.jobTemplate.spec.template.spec.containers[0].resources.requests.cpu',
  rendered: { file: '<stdin>', line: 162, column: 19 },
};

export const infoFinding: Finding = {
  ruleId: 'availability-pdb-missing',
  family: 'availability',
  severity: 'info',
  message: 'Deployment shop-web has 3 replicas and no PodDisruptionBudget.',
  object: web,
  file: 'examples/shop/templates/web-deployment.yaml',
  line: 9,
  column: 3,
  path: 'spec.replicas',
  rendered: { file: '<stdin>', line: 47, column: 3 },
};

export const specialFinding: Finding = {
  ruleId: 'ingress-nginx-snippet-annotation',
  family: 'ingress-nginx',
  severity: 'error',
  message: SPECIAL_MESSAGE,
  object: ingress,
  file: SPECIAL_FILE,
  line: 9,
  column: 5,
  path: 'metadata.annotations["nginx.ingress.kubernetes.io/server-snippet"]',
};

export const inputError: Finding = {
  ruleId: 'input-invalid-yaml',
  family: 'input',
  severity: 'error',
  message: 'invalid YAML: bad indentation of a mapping entry (3:7).',
  object: null,
  file: 'broken.yaml',
  line: 3,
  column: 7,
  path: '',
};

export const annotationProblem: Finding = {
  ruleId: 'suppression-without-reason',
  family: 'kubeward',
  severity: 'warning',
  message:
    "Annotation ignore-check.kubeward.io/resources-missing-memory-limit suppresses resources-missing-memory-limit without a reason; give the reason as the annotation's value.",
  object: worker,
  file: 'manifests/worker.yaml',
  line: 7,
  column: 5,
  path: 'metadata.annotations["ignore-check.kubeward.io/resources-missing-memory-limit"]',
};

export const suppressedByAnnotation: Finding = {
  ruleId: 'resources-missing-memory-limit',
  family: 'resources',
  severity: 'warning',
  message: 'Container batch has no memory limit, so it can use memory until the node runs out.',
  object: batch,
  file: 'manifests/worker.yaml',
  line: 40,
  column: 13,
  path: 'spec.template.spec.containers[0].resources',
  suppressed: { by: 'annotation', reason: 'bounded by -Xmx; see TICKET-42' },
};

export const suppressedByConfig: Finding = {
  ruleId: 'resources-request-exceeds-limit',
  family: 'resources',
  severity: 'error',
  message: 'Container node-exporter requests memory 300Mi, more than its limit 200Mi.',
  object: exporter,
  file: 'manifests/monitoring.yaml',
  line: 30,
  column: 15,
  path: 'spec.template.spec.containers[0].resources.requests.memory',
  suppressed: { by: 'config', reason: 'vendor chart, tracked in OPS-7' },
};

export function sampleResult(): LintResult {
  return {
    findings: [inputError, helmError, infoFinding, helmWarning, specialFinding, annotationProblem],
    suppressed: [suppressedByAnnotation, suppressedByConfig],
    summary: {
      files: 7,
      objects: 9,
      findings: 6,
      bySeverity: { error: 3, warning: 2, info: 1 },
      suppressed: 2,
      inputErrors: 1,
      ruleCrashes: 0,
      rulesRun: 4,
    },
  };
}

/** What was checked, including a file without findings and a file without objects. */
export const sampleChecked: readonly CheckedFile[] = [
  { file: 'broken.yaml', objects: [] },
  { file: 'examples/shop/templates/reports-cronjob.yaml', objects: [reports] },
  { file: 'examples/shop/templates/web-deployment.yaml', objects: [web] },
  {
    file: 'manifests/clean.yaml',
    objects: [
      { apiVersion: 'v1', kind: 'Namespace', name: 'shop' },
      { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'shop', name: 'settings' },
    ],
  },
  { file: 'manifests/empty.yaml', objects: [] },
  { file: 'manifests/monitoring.yaml', objects: [exporter] },
  { file: 'manifests/worker.yaml', objects: [worker, batch] },
  { file: SPECIAL_FILE, objects: [ingress] },
];

export const CWD = '/repo';

export function sampleContext(overrides: Partial<FormatContext> = {}): FormatContext {
  return { rules: sampleRules, cwd: CWD, color: false, toolName: 'kubeward', toolVersion: '0.1.0', ...overrides };
}

/** A result with nothing to report. */
export function cleanResult(suppressed: Finding[] = []): LintResult {
  return {
    findings: [],
    suppressed,
    summary: {
      files: 3,
      objects: 12,
      findings: 0,
      bySeverity: { error: 0, warning: 0, info: 0 },
      suppressed: suppressed.length,
      inputErrors: 0,
      ruleCrashes: 0,
      rulesRun: 4,
    },
  };
}
