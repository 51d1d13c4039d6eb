/**
 * The resources rules on adversarial workloads (objects.ts): a 3 MiB Deployment of 12,000 containers or init
 * containers, 40,000 env vars and ports, 40,000 extended resources, quantities of 1.4 million digits. Each rule
 * reads each container once (containersOf and the resource evaluation are memoized per template), so these
 * complete in time linear in the object; bench/rule-cost.mjs has the figures.
 */
import { describe, expect, it } from 'vitest';
import { check, checkFamilies, scenario } from './check.js';

describe('one workload at the request size limit', () => {
  it('finds nothing wrong with 12,000 well-formed containers', () => {
    const s = scenario('containers:');
    const { objects } = s.build(s.n * 2);
    expect(JSON.stringify(objects[0]).length).toBeGreaterThan(3 * 1024 * 1024);
    expect([...checkFamilies(['resources'], objects)]).toEqual([]);
  });

  it('finds nothing wrong with 12,000 init containers and sidecars', () => {
    const s = scenario('initContainers');
    expect([...checkFamilies(['resources'], s.build(s.n * 2).objects)]).toEqual([]);
  });

  it('reports one missing memory request and limit among 40,000 extended resources', () => {
    const s = scenario('resource keys');
    const counts = checkFamilies(['resources'], s.build(s.n * 2).objects);
    expect([...counts].sort()).toEqual([
      ['resources-missing-memory-limit', 1],
      ['resources-missing-requests', 1],
    ]);
  });

  it('parses quantities of 1.4 million digits and reports the two that are wrong', () => {
    const s = scenario('long quantities');
    const [findings] = check('resources-invalid-quantity', s.build(s.n * 2).objects);
    expect(findings?.map((f) => f.path)).toEqual([
      ['spec', 'template', 'spec', 'containers', 0, 'resources', 'requests', 'memory'],
      ['spec', 'template', 'spec', 'containers', 0, 'resources', 'limits', 'memory'],
    ]);
    expect(findings?.map((f) => f.messageId)).toEqual(['fractionalBytes', 'invalidQuantity']);
    expect(findings?.map((f) => f.severity)).toEqual(['warning', 'error']);
    expect(findings?.[0]?.message).toMatch(/is not a whole number of bytes/);
    expect(findings?.[1]?.message).toMatch(/has an exponent out of range/);
  });

  it('reads a container of 40,000 env vars and ports, and 6,000 labels and annotations', () => {
    for (const name of ['env and ports', 'labels:']) {
      const s = scenario(name);
      expect([...checkFamilies(['resources'], s.build(s.n * 2).objects)]).toEqual([]);
    }
  });
});
