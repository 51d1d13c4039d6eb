/**
 * The ingress-nginx rules on adversarial objects (objects.ts): thousands of controllers, Services, ports, flags and
 * very long image references. Findings are checked; where the cost used to grow with the product of two counts
 * (every Service against every controller), a read counter checks that each Service is looked at a bounded number
 * of times.
 */
import { describe, expect, it } from 'vitest';
import { check, checkFamilies, countReads, scenario } from './check.js';

describe('many controllers and Services', () => {
  it('reads each Service a bounded number of times, not once per controller', () => {
    const s = scenario('exposed ports');
    const { objects } = s.build(300);
    const services = objects.filter((o) => o.kind === 'Service');
    const reads = services.map((svc) => countReads(svc, 'spec'));
    const findings = check('ingress-nginx-admission-exposed', objects);
    // Each Service's webhook port (named or numbered) is reported against the first controller, once.
    expect(findings.filter((f) => f.length === 1)).toHaveLength(300);
    expect(findings.flat()[0]?.message).toMatch(
      /Service adv\/public-0 is type LoadBalancer .* its port 8443 targets the admission webhook port \(8443\) of Deployment ctrl-0/,
    );
    expect(Math.max(...reads.map((r) => r.reads))).toBeLessThanOrEqual(10);
  });

  it('finds each controller its webhook configuration in one pass over the configurations', () => {
    const s = scenario('controllers');
    const { objects } = s.build(1000);
    const counts = checkFamilies(s.families, objects);
    // Every admission Service is exposed, and every controller's version finding knows its webhook is on.
    expect(counts.get('ingress-nginx-admission-exposed')).toBe(1000);
    const versions = check('ingress-nginx-controller-version', objects).flat();
    expect(versions).toHaveLength(1000);
    // Every admission Service selects every controller (one set of chart labels): the first webhook calls them all.
    expect(versions[7]?.message).toMatch(/ValidatingWebhookConfiguration ctrl-0 calls Service adv\/ctrl-0-admission/);
  });

  it('checks a Service of 20,000 ports and a controller of 40,000 flags', () => {
    const ports = scenario('service ports');
    // A NodePort Service that no webhook configuration calls, on ports that are not the (disabled) webhook's.
    expect([...checkFamilies(ports.families, ports.build(ports.n * 2).objects)]).toEqual([
      ['ingress-nginx-controller-version', 1],
    ]);
    const args = scenario('controller args');
    const counts = checkFamilies(args.families, args.build(args.n * 2).objects);
    expect(counts.get('ingress-nginx-controller-version')).toBe(1);
  });
});

describe('long strings', () => {
  it('recognises the controller behind an image reference of 400,000 path segments', () => {
    const s = scenario('long image');
    const counts = checkFamilies(s.families, s.build(s.n * 2).objects);
    expect(counts.get('ingress-nginx-controller-version')).toBe(1);
  });
});
