/**
 * Every real manifest in ../shared/corpus lints without an input error, and a few findings a platform engineer
 * would expect are there (spot checks, by object and rule).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/engine/config-types.js';
import { lintInputs } from '../../src/engine/lint.js';
import type { LintResult } from '../../src/engine/types.js';
import { allRules } from '../../src/rules/index.js';
import { CORPUS } from '../helpers/cli.js';

const present = existsSync(CORPUS);
const files = present
  ? readdirSync(CORPUS)
      .filter((f) => f.endsWith('.yaml'))
      .sort()
  : [];
const results = new Map<string, LintResult>();
const lint = (name: string): LintResult => {
  let r = results.get(name);
  if (!r) {
    r = lintInputs([{ file: name, text: readFileSync(join(CORPUS, name), 'utf8') }], {
      rules: allRules,
      config: DEFAULT_CONFIG,
    });
    results.set(name, r);
  }
  return r;
};
const has = (r: LintResult, ruleId: string, kind: string, name: string): boolean =>
  r.findings.some((f) => f.ruleId === ruleId && f.object?.kind === kind && f.object.name === name);

describe.skipIf(!present)(`the shared corpus${present ? '' : ` (skipped: ${CORPUS} not found)`}`, () => {
  it.each(files)('%s lints without an input error or a rule crash', (name) => {
    const r = lint(name);
    expect(r.findings.filter((f) => f.family === 'input')).toEqual([]);
    expect(r.findings.filter((f) => f.ruleId === 'rule-crashed')).toEqual([]);
    expect(r.summary.objects).toBeGreaterThan(0);
    for (const f of r.findings) expect(f.line, `${f.ruleId} ${f.message}`).toBeGreaterThan(0);
  });

  it('flags the BestEffort example pods and leaves the resourced ones alone', () => {
    const r = lint('k8s-website-examples.yaml');
    // php-apache requests cpu only: Burstable, but no memory request and no memory limit.
    expect(has(r, 'resources-missing-memory-limit', 'Deployment', 'php-apache')).toBe(true);
    expect(has(r, 'resources-qos-class', 'Deployment', 'php-apache')).toBe(false);
  });

  it('the ingress-nginx controller from the chart defaults requests resources but sets no memory limit', () => {
    const r = lint('ingress-nginx-default.yaml');
    expect(has(r, 'resources-missing-memory-limit', 'Deployment', 'ingress-nginx-controller')).toBe(true);
    expect(has(r, 'resources-missing-requests', 'Deployment', 'ingress-nginx-controller')).toBe(false);
  });

  it('findings in Helm-rendered corpus files point at the chart templates', () => {
    const r = lint('ingress-nginx-default.yaml');
    const f = r.findings.find(
      (x) => x.object?.name === 'ingress-nginx-controller' && x.ruleId === 'resources-missing-memory-limit',
    );
    expect(f?.file).toBe('ingress-nginx/templates/controller-deployment.yaml');
    expect(f?.rendered?.file).toBe('ingress-nginx-default.yaml');
  });
});
