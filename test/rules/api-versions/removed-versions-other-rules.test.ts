/**
 * Objects in removed API versions are still checked by the other rules as far as their shape allows (issue 16): the
 * workload, PDB, HPA and Ingress semantics read the old shapes (a selector-less extensions/v1beta1 Deployment, the
 * policy/v1beta1 empty selector, v2beta1 metric targets, serviceName backends), and nothing crashes on them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src/engine/config.js';
import { lintInputs } from '../../../src/engine/lint.js';
import { RULE_CRASHED } from '../../../src/engine/run.js';
import { allRules } from '../../../src/rules/index.js';

const YAML = readFileSync(
  join(import.meta.dirname, '..', '..', 'fixtures', 'api-versions', 'removed-versions.yaml'),
  'utf8',
);

function rulesByObject(): Map<string, Set<string>> {
  const { findings } = lintInputs([{ file: 'removed-versions.yaml', text: YAML }], {
    rules: allRules,
    config: defaultConfig(),
  });
  const out = new Map<string, Set<string>>();
  for (const f of findings) {
    const key = `${f.object?.apiVersion} ${f.object?.kind} ${f.object?.name}`;
    const ids = out.get(key) ?? new Set();
    // A rule whose finding another one stands for (alsoReportedBy) has checked the object too.
    for (const id of [f.ruleId, ...(f.alsoReportedBy ?? [])]) ids.add(id);
    out.set(key, ids);
  }
  return out;
}

describe('objects in removed API versions, under the other rules', () => {
  const found = rulesByObject();
  const rulesOf = (key: string) => [...(found.get(key) ?? [])];

  it('crash no rule, and each is reported as removed', () => {
    expect([...found.values()].some((ids) => ids.has(RULE_CRASHED))).toBe(false);
    expect(found.size).toBe(6);
    for (const [key, ids] of found) expect(ids.has('api-version-removed'), key).toBe(true);
  });

  it('check the pod template of extensions/v1beta1 and apps/v1beta1 Deployments, which have no selector', () => {
    expect(rulesOf('extensions/v1beta1 Deployment web')).toEqual(
      expect.arrayContaining(['resources-missing-requests', 'resources-qos-class', 'hpa-managed-replicas']),
    );
    expect(rulesOf('apps/v1beta1 Deployment api')).toEqual(expect.arrayContaining(['resources-missing-requests']));
  });

  it('read a policy/v1beta1 empty selector as selecting nothing, and its budget as the API server validates it', () => {
    expect(rulesOf('policy/v1beta1 PodDisruptionBudget web')).toEqual(
      expect.arrayContaining(['pdb-selects-nothing', 'pdb-invalid-budget']),
    );
  });

  it('read the metrics of autoscaling/v2beta2 (target) and v2beta1 (targetAverageUtilization) HPAs', () => {
    expect(rulesOf('autoscaling/v2beta2 HorizontalPodAutoscaler web')).toEqual(
      expect.arrayContaining(['hpa-utilization-missing-requests', 'hpa-fixed-replicas']),
    );
    expect(rulesOf('autoscaling/v2beta1 HorizontalPodAutoscaler api')).toEqual(
      expect.arrayContaining(['hpa-utilization-missing-requests']),
    );
  });

  it('check the annotations and paths of an extensions/v1beta1 Ingress with serviceName backends', () => {
    expect(rulesOf('extensions/v1beta1 Ingress web')).toEqual(
      expect.arrayContaining([
        'ingress-snippet-annotation',
        'ingress-rewrite-capture-mismatch',
        'ingress-class-annotation',
      ]),
    );
  });
});
