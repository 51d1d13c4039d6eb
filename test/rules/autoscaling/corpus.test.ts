/**
 * The autoscaling rules on real manifests from the corpus (test/corpus, copied from ../shared/corpus): the exact findings, each with why a platform
 * engineer would agree. Lines are lines of the corpus file (Helm `# Source:` attribution aside).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../../src/engine/config-types.js';
import { lintInputs } from '../../../src/engine/lint.js';
import type { Finding, Severity } from '../../../src/engine/types.js';
import { autoscalingRules } from '../../../src/rules/autoscaling/index.js';
import { CORPUS } from '../../helpers/cli.js';

const present = existsSync(CORPUS);

type Row = [ruleId: string, severity: Severity, kind: string, name: string, line: number];

function lintFile(file: string): Finding[] {
  const result = lintInputs([{ file, text: readFileSync(join(CORPUS, file), 'utf8') }], {
    rules: autoscalingRules,
    config: DEFAULT_CONFIG,
  });
  expect(result.findings.filter((f) => f.family === 'input' || f.ruleId === 'rule-crashed')).toEqual([]);
  return result.findings.filter((f) => f.family === 'autoscaling');
}

function findings(file: string): Row[] {
  return lintFile(file)
    .map((f): Row => [f.ruleId, f.severity, f.object?.kind ?? '', f.object?.name ?? '', f.rendered?.line ?? f.line])
    .sort((a, b) => a[4] - b[4] || a[0].localeCompare(b[0]));
}

describe.skipIf(!present)(`autoscaling rules on the corpus${present ? '' : ` (skipped: ${CORPUS} not found)`}`, () => {
  it('vpa-hpa-examples.yaml: unserved v1beta1 VPAs, targets outside the file, two VPAs on my-app, and Auto', () => {
    expect(findings('vpa-hpa-examples.yaml')).toEqual([
      // v1beta1 VPAs (selecting pods by label): the current VPA CRD serves only v1, so their apply fails.
      ['vpa-unserved-api-version', 'error', 'VerticalPodAutoscaler', 'hamster-vpa-deprecated', 9],
      ['vpa-unserved-api-version', 'error', 'VerticalPodAutoscaler', 'redis-vpa', 107],
      // Doc snippets whose Deployments are not in the file: info only, the file set is partial.
      ['autoscaling-target-not-found', 'info', 'VerticalPodAutoscaler', 'resource-specific-vpa', 500],
      // features.md snippets without targetRef, which the CRD requires: the API server rejects them.
      ['autoscaling-missing-target-ref', 'error', 'VerticalPodAutoscaler', 'my-vpa', 516],
      ['autoscaling-missing-target-ref', 'error', 'VerticalPodAutoscaler', 'my-vpa', 525],
      ['autoscaling-target-not-found', 'info', 'VerticalPodAutoscaler', 'example-vpa', 535],
      // resource-specific-vpa and my-app-vpa (declared twice, which is one object) both target Deployment my-app:
      // applied together, VPA would honour only the older one. One problem, reported once, at the last definition of
      // my-app-vpa (the one a cluster would hold), with resource-specific-vpa related.
      ['autoscaling-target-not-found', 'info', 'VerticalPodAutoscaler', 'my-app-vpa', 603],
      ['autoscaling-duplicate-target', 'error', 'VerticalPodAutoscaler', 'my-app-vpa', 616],
      ['autoscaling-target-not-found', 'info', 'VerticalPodAutoscaler', 'my-app-vpa', 616],
      ['vpa-deprecated-update-mode', 'info', 'VerticalPodAutoscaler', 'my-app-vpa', 621],
      ['autoscaling-target-not-found', 'info', 'VerticalPodAutoscaler', 'web-app-vpa', 650],
      ['vpa-deprecated-update-mode', 'info', 'VerticalPodAutoscaler', 'web-app-vpa', 655],
    ]);
    // The other VPA of the problem is its related location, at its targetRef.
    const duplicate = lintFile('vpa-hpa-examples.yaml').filter((f) => f.ruleId === 'autoscaling-duplicate-target');
    expect(duplicate[0]?.related?.[0]).toMatchObject({
      object: { kind: 'VerticalPodAutoscaler', name: 'resource-specific-vpa' },
      line: 500,
      path: 'spec.targetRef',
    });
    // Not reported: hamster-vpa (declared twice under one name, so not a duplicate; no HPA on hamster), the HPA on
    // the Balancer custom resource (loaded, so not dangling; not a kind without /scale), and the Balancer's replicas.
  });

  it('k8s-website-examples.yaml: the autoscaling/v1 HPA on a ReplicaSet whose nginx container requests no cpu', () => {
    expect(findings('k8s-website-examples.yaml')).toEqual([
      // hpa-rs.yaml: targetCPUUtilizationPercentage 50 on frontend.yaml, which has no resources at all.
      ['hpa-utilization-missing-requests', 'error', 'HorizontalPodAutoscaler', 'frontend-scaler', 239],
      // frontend.yaml sets replicas: 3 while frontend-scaler scales it.
      ['hpa-managed-replicas', 'warning', 'ReplicaSet', 'frontend', 994],
    ]);
    // php-apache: its HPA scales on cpu utilization and the Deployment requests cpu 200m; no PDB selects it.
  });

  it('ingress-nginx-ha.yaml: the chart gets HPA, PDB and replicas right', () => {
    // The Deployment omits replicas when autoscaling is on, requests cpu and memory for both HPA metrics, and
    // minReplicas 3 leaves room for the PDB's minAvailable 1.
    expect(findings('ingress-nginx-ha.yaml')).toEqual([]);
  });

  it('bitnami-redis-sentinel.yaml: the StatefulSet keeps replicas: 3 although its HPA scales it', () => {
    expect(findings('bitnami-redis-sentinel.yaml')).toEqual([
      ['hpa-managed-replicas', 'warning', 'StatefulSet', 'redis-node', 787],
    ]);
    // The HPA's cpu utilization is computable: redis, sentinel and metrics all request cpu. The PDB uses
    // maxUnavailable 1, which allows an eviction at minReplicas 3.
  });

  it('argo-cd-ha-install.yaml: no HPA or VPA, so nothing to report', () => {
    expect(findings('argo-cd-ha-install.yaml')).toEqual([]);
  });
});
