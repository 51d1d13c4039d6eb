/**
 * The availability rules on real manifests from ../shared/corpus: exactly the findings a platform engineer would
 * agree with, and none of the false positives these files invite (web servers named nginx, HAProxy in front of
 * Redis, example collections that repeat PDB names).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../../src/engine/config-types.js';
import { lintInputs } from '../../../src/engine/lint.js';
import type { Finding } from '../../../src/engine/types.js';
import { availabilityRules } from '../../../src/rules/availability/index.js';
import { CORPUS } from '../../helpers/cli.js';

const present = existsSync(CORPUS);

const lint = (name: string): Finding[] => {
  const text = readFileSync(join(CORPUS, name), 'utf8');
  const result = lintInputs([{ file: name, text }], { rules: availabilityRules, config: DEFAULT_CONFIG });
  // The family's findings only: the engine's own (duplicate-object) are tested in test/engine/duplicates.test.ts.
  return result.findings.filter((f) => f.family !== 'kubeward');
};

/** `rule-id Kind/name@line` per finding, with the line in the input file. */
const summary = (findings: readonly Finding[]): string[] =>
  findings.map((f) => `${f.ruleId} ${f.object?.kind}/${f.object?.name}@${f.rendered?.line ?? f.line}`).sort();

describe.skipIf(!present)(`availability rules on the corpus${present ? '' : ` (skipped: ${CORPUS} not found)`}`, () => {
  it('ingress-nginx with default values: one replica and no PodDisruptionBudget, nothing else', () => {
    const findings = lint('ingress-nginx-default.yaml');
    expect(summary(findings)).toEqual([
      'controller-missing-pdb Deployment/ingress-nginx-controller@343',
      'controller-single-replica Deployment/ingress-nginx-controller@338',
    ]);
    // The chart's readiness and liveness probes share /healthz but differ in failureThreshold: not identical.
    expect(findings.every((f) => f.severity === 'warning')).toBe(true);
    // Findings point at the field: `replicas: 1` in the rendered stream, and in the chart template it came from.
    const replicas = findings.find((f) => f.ruleId === 'controller-single-replica');
    expect(replicas?.path).toBe('spec.replicas');
    expect(replicas?.rendered).toMatchObject({ line: 338, column: 3 });
    expect(replicas?.file).toBe('ingress-nginx/templates/controller-deployment.yaml');
  });

  it('ingress-nginx HA: the HPA keeps 3 replicas and the PDB covers them; only the eviction policy is left', () => {
    const findings = lint('ingress-nginx-ha.yaml');
    expect(summary(findings)).toEqual([
      'pdb-unhealthy-pod-eviction-policy PodDisruptionBudget/ingress-nginx-controller@18',
    ]);
    expect(findings[0]?.severity).toBe('info');
  });

  it('Argo CD HA: the HAProxy in front of Redis and argocd-server are not ingress controllers, and there are no PDBs', () => {
    expect(summary(lint('argo-cd-ha-install.yaml'))).toEqual([]);
  });

  it('kubernetes.io examples: the two zk-pdb snippets that select app zookeeper match no loaded pod', () => {
    const findings = lint('k8s-website-examples.yaml');
    expect(summary(findings)).toEqual([
      'pdb-selects-nothing PodDisruptionBudget/zk-pdb@37',
      'pdb-selects-nothing PodDisruptionBudget/zk-pdb@48',
    ]);
    // The three zk-pdb documents are one object applied three times, not overlapping budgets.
    expect(findings.some((f) => f.ruleId === 'pdb-overlapping-selectors')).toBe(false);
  });

  it.each([
    ['bitnami-nginx.yaml', 'PodDisruptionBudget/nginx@42'],
    ['bitnami-redis.yaml', 'PodDisruptionBudget/redis-master@43'],
  ])('%s: a single replica under maxUnavailable 1 is unprotected, and said so once', (name, budget) => {
    const findings = lint(name);
    expect(summary(findings)).toEqual([`pdb-ineffective-budget ${budget}`]);
    expect(findings[0]?.messageId).toBe('protectsNothingAtScale');
    expect(findings[0]?.message).toMatch(/^maxUnavailable 1 is not below the pod count \(\w+ [\w-]+ runs 1 pod\)/);
  });

  it('bitnami-redis-sentinel.yaml: maxUnavailable 1 of the sentinel replicas is fine', () => {
    expect(summary(lint('bitnami-redis-sentinel.yaml'))).toEqual([]);
  });
});
