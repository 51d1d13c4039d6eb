/**
 * The autoscaling rules on adversarial objects (objects.ts): thousands of HPAs and VPAs on one target, an HPA of
 * thousands of metrics on a workload of thousands of containers. HPA-VPA pairs are inherent to hpa-vpa-overlap, so
 * it compares each autoscaler with MAX_PARTNERS partners and says how many it left out; messages list MAX_LISTED
 * names and count the rest.
 */
import { describe, expect, it } from 'vitest';
import { MAX_LISTED } from '../../src/k8s/text.js';
import { MAX_PARTNERS } from '../../src/rules/autoscaling/hpa-vpa-overlap.js';
import { check, countReads, scenario, specOf } from './check.js';

describe('thousands of autoscalers on one Deployment', () => {
  const s = scenario('autoscalers');
  const { objects } = s.build(s.n);

  it('reports each duplicate once, naming the first others and counting the rest', () => {
    const findings = check('autoscaling-duplicate-target', objects);
    expect(findings).toHaveLength(5000);
    expect(findings.every((f) => f.length === 1)).toBe(true);
    expect(findings[0]?.[0]?.message).toMatch(
      new RegExp(
        `^HPA hpa-0 and HPA hpa-1, HPA hpa-2, .*HPA hpa-${MAX_LISTED} and 2479 more all target Deployment web`,
      ),
    );
    expect(findings[0]?.[0]?.message.length).toBeLessThan(2000);
  });

  it('compares each HPA and each VPA with a bounded number of partners, and says so', () => {
    const findings = check('hpa-vpa-overlap', objects);
    expect(findings).toHaveLength(5000);
    for (const f of findings) expect(f).toHaveLength(MAX_PARTNERS + 1);
    const first = findings[0] ?? [];
    expect(first[0]?.message).toMatch(/^HPA hpa-0 scales Deployment web on cpu utilization.*, while VPA vpa-0/);
    expect(first[MAX_PARTNERS]).toMatchObject({
      severity: 'warning',
      message: expect.stringMatching(
        /^HPA hpa-0 shares Deployment web with 2500 VerticalPodAutoscalers; kubeward compared it with the first 16 only/,
      ),
    });
  });
});

describe('an HPA of thousands of metrics', () => {
  it('reads the VPA policies once, not once per metric', () => {
    const s = scenario('hpa metrics');
    const { objects, subjects } = s.build(1000);
    const reads = countReads(specOf(subjects.find((o) => o.kind === 'VerticalPodAutoscaler')), 'resourcePolicy');
    const [onHpa] = check('hpa-vpa-overlap', objects, subjects);
    // The 500 memory metrics name containers whose policy controls memory; the cpu ones are left alone.
    expect(onHpa).toHaveLength(500);
    expect(reads.reads).toBeLessThanOrEqual(2);
  });

  it('names at most MAX_LISTED containers when a metric names none of them', () => {
    const s = scenario('hpa metrics');
    const { objects, subjects } = s.build(4000);
    const hpa = subjects[0];
    (specOf(hpa).metrics as unknown[]).push({
      type: 'ContainerResource',
      containerResource: { name: 'cpu', container: 'nope', target: { type: 'Utilization', averageUtilization: 60 } },
    });
    const [findings] = check('hpa-utilization-missing-requests', objects, hpa ? [hpa] : []);
    expect(findings).toHaveLength(1);
    expect(findings?.[0]?.message).toMatch(
      /no container or sidecar named nope \(it has c-0, c-1, .*c-19 and 3980 more\)/,
    );
  });
});
