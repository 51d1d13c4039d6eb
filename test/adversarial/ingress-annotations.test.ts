/**
 * The ingress-annotations rules on adversarial Ingresses at the API server's limits (objects.ts). No timing
 * assertions: each test checks the findings, and where a cost used to be super-linear, a count of the work done (or
 * the default test timeout, which the old code overran many times over).
 */
import { describe, expect, it } from 'vitest';
import { maskOpaque } from '../../src/ingress/nginx-snippet.js';
import { check, checkFamilies, countReads, scenario } from './check.js';
import { ingress } from './objects.js';

/** The expression maskOpaque replaces, as the oracle on short texts (quadratic on long ones). */
const OPAQUE = /"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\$\{[^}]*\}/g;

/** A small deterministic generator (mulberry32), so a failure reproduces. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('snippet annotations', () => {
  it('masks quoted strings and $-brace references exactly as the regular expression did, on 50,000 random texts', () => {
    const next = random(11);
    const alphabet = ['"', "'", '\\', '$', '{', '}', 'a', '\n', '\r', ';', '#', ' ', '\u2028'];
    for (let t = 0; t < 50_000; t++) {
      let text = '';
      const length = Math.floor(next() * 18);
      for (let i = 0; i < length; i++) text += alphabet[Math.floor(next() * alphabet.length)];
      expect(maskOpaque(text), JSON.stringify(text)).toBe(text.replace(OPAQUE, '""'));
    }
  });

  it('reads a 256 KiB snippet of unterminated quotes and $-braces (25 s before; the regex rescanned from each)', () => {
    const s = scenario('snippet soup');
    const { objects } = s.build(s.n * 2);
    const [findings] = check('ingress-snippet-annotation', objects);
    expect(findings?.map((f) => f.path)).toEqual([
      ['metadata', 'annotations', 'nginx.ingress.kubernetes.io/configuration-snippet'],
      ['metadata', 'annotations', 'nginx.ingress.kubernetes.io/server-snippet'],
    ]);
    expect(findings?.[0]?.message).toMatch(/injects 1 line of raw nginx configuration into the location block/);
  });

  it('still names the directives of a long, well-formed snippet', () => {
    const s = scenario('snippet:');
    const [findings] = check('ingress-snippet-annotation', s.build(s.n * 2).objects);
    expect(findings).toHaveLength(1);
    expect(findings?.[0]?.message).toMatch(
      /It uses location .*, proxy_pass .* and add_header \(a ResponseHeaderModifier/,
    );
  });
});

describe('thousands of annotations', () => {
  it('reports each of 6,000 unknown ingress-nginx keys once, and the snippet', () => {
    const s = scenario('unknown annotations');
    const { objects } = s.build(s.n * 2);
    const counts = checkFamilies(s.families, objects);
    expect(counts.get('ingress-unknown-annotation')).toBe(6000);
    expect(counts.get('ingress-snippet-annotation')).toBe(1);
  });

  it('checks list-valued annotations of 16,000 items each', () => {
    const s = scenario('annotation values');
    const counts = checkFamilies(s.families, s.build(s.n * 2).objects);
    expect(counts.get('ingress-invalid-annotation-value')).toBe(1);
  });
});

describe('thousands of paths and hosts', () => {
  it('reports each of 16,000 regex paths whose pathType is not ImplementationSpecific', () => {
    const s = scenario('paths:');
    const counts = checkFamilies(s.families, s.build(s.n * 2).objects);
    expect(counts.get('ingress-regex-path-type')).toBe(8000);
  });

  it('groups an Ingress of 12,000 hosts in regex mode without reporting it against itself', () => {
    const s = scenario('hosts:');
    const { objects } = s.build(s.n * 2);
    expect(check('ingress-regex-host-wide', objects)).toEqual([[]]);
    // A second Ingress with plain paths on one of those hosts is affected, and the cause names it.
    const plain = ingress('plain', {}, { rules: [{ host: 'h7.example.com', http: { paths: [] } }] });
    (plain.spec as { rules: { http: { paths: unknown[] } }[] }).rules[0]?.http.paths.push({
      path: '/api',
      pathType: 'Prefix',
      backend: { service: { name: 'api', port: { number: 80 } } },
    });
    const [cause, affected] = check('ingress-regex-host-wide', [...objects, plain]);
    expect(cause?.[0]?.message).toMatch(/switches every path of host h7\.example\.com .* of adv\/plain match/);
    expect(affected?.[0]?.message).toMatch(
      /host h7\.example\.com \(class nginx\) is in regex mode because of adv\/hosts/,
    );
  });

  it('reads a 400,000-character regex path, host and rewrite target', () => {
    const s = scenario('long path');
    const counts = checkFamilies(s.families, s.build(s.n * 2).objects);
    expect([...counts]).toEqual([['ingress-regex-path-type', 1]]);
  });
});

describe('many Ingresses', () => {
  it('picks the default IngressClass once per list, not once per Ingress without a class', () => {
    const s = scenario('default class');
    const { objects, subjects } = s.build(400);
    const classes = objects.filter((o) => o.kind === 'IngressClass');
    const reads = classes.map((c) => countReads(c.metadata as Record<string, unknown>, 'annotations'));
    const findings = check('ingress-nginx-retired-ingress', objects, subjects);
    expect(findings.every((f) => f.length === 1)).toBe(true);
    // Every class's annotations are read once (the default pick), not 400 times (once per Ingress).
    expect(Math.max(...reads.map((r) => r.reads))).toBeLessThanOrEqual(2);
  });

  it('reports each of 10,000 Ingresses on one host once, against the one that sets use-regex', () => {
    const s = scenario('one host');
    const { objects } = s.build(s.n * 2);
    const findings = check('ingress-regex-host-wide', objects);
    expect(findings.filter((f) => f.length === 1)).toHaveLength(10_000);
    expect(findings[0]?.[0]?.message).toMatch(
      /changes what the plain paths of adv\/ing-1, adv\/ing-2, adv\/ing-3 and 9996 more match/,
    );
  });
});
