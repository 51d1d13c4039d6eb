import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lintInputs } from '../../src/engine/lint.js';
import { ruleDocsUrl } from '../../src/engine/rule.js';
import type { Finding, LintResult, ObjectRef } from '../../src/engine/types.js';
import {
  artifactLocation,
  buildSarif,
  FINGERPRINT_KEY,
  formatSarif,
  friendlyName,
  type SarifLog,
  type SarifResult,
} from '../../src/report/sarif.js';
import { allRules } from '../../src/rules/index.js';
import {
  annotationProblem,
  CWD,
  cleanResult,
  helmError,
  helmWarning,
  inputError,
  SPECIAL_MESSAGE,
  sampleContext,
  sampleResult,
  sampleRules,
  specialFinding,
} from './sample.js';
import { probeSarifMultitool, validateSarif } from './validators.js';

const log = JSON.parse(formatSarif(sampleResult(), sampleContext())) as SarifLog;
const run = log.runs[0];

function resultFor(ruleId: string, results: readonly SarifResult[] = run.results): SarifResult {
  const found = results.find((r) => r.ruleId === ruleId);
  if (!found) throw new Error(`no result for ${ruleId}`);
  return found;
}

function fingerprint(f: Finding): string {
  const single = buildSarif({ ...cleanResult(), findings: [f] }, sampleContext());
  return single.runs[0].results[0]?.partialFingerprints[FINGERPRINT_KEY] ?? '';
}

describe('sarif: the log', () => {
  it('is SARIF 2.1.0 with one run, a schema, and the tool named and versioned', () => {
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toMatch(/sarif-schema-2\.1\.0\.json$/);
    expect(log.runs).toHaveLength(1);
    expect(run.tool.driver).toMatchObject({
      name: 'kubeward',
      version: '0.1.0',
      semanticVersion: '0.1.0',
      informationUri: 'https://github.com/kubeward/kubeward',
    });
    expect(run.columnKind).toBe('utf16CodeUnits');
    expect(run.originalUriBaseIds['%SRCROOT%']?.uri).toBe('file:///repo/');
  });

  it('describes every rule of the context, and each pseudo-rule that occurs, sorted by id', () => {
    const ids = run.tool.driver.rules.map((r) => r.id);
    expect(ids).toEqual([
      'availability-pdb-missing',
      'ingress-nginx-snippet-annotation',
      'input-invalid-yaml',
      'resources-missing-memory-limit',
      'resources-request-exceeds-limit',
      'suppression-without-reason',
    ]);
    const clean = buildSarif(cleanResult(), sampleContext());
    expect(clean.runs[0].tool.driver.rules.map((r) => r.id)).toEqual(sampleRules.map((r) => r.meta.id).sort());
  });

  it('fills each rule descriptor from the rule meta', () => {
    const rule = run.tool.driver.rules.find((r) => r.id === 'resources-missing-memory-limit');
    expect(rule).toMatchObject({
      name: 'ResourcesMissingMemoryLimit',
      shortDescription: { text: 'Container without a memory limit' },
      fullDescription: { text: expect.stringContaining('OOM killer') },
      helpUri: ruleDocsUrl('resources-missing-memory-limit'),
      defaultConfiguration: { level: 'warning', enabled: true },
      properties: { tags: ['resources'] },
    });
    expect(rule?.help.text).toContain('How to fix: Set `resources.limits.memory` on every container.');
    expect(rule?.help.markdown).toContain('**How to fix:** Set `resources.limits.memory`');
    expect(rule?.help.markdown).toContain('```yaml\napiVersion: v1\nkind: Pod\nmetadata: {name: fire-pod}');
    const info = run.tool.driver.rules.find((r) => r.id === 'availability-pdb-missing');
    expect(info?.defaultConfiguration).toEqual({ level: 'note', enabled: false });
  });

  it('fences examples that contain backticks with a longer fence', () => {
    const rule = run.tool.driver.rules.find((r) => r.id === 'ingress-nginx-snippet-annotation');
    expect(rule?.help.markdown).toContain('````yaml\nkind: Ingress\n');
  });

  it('describes input problems and annotation problems generically', () => {
    const input = run.tool.driver.rules.find((r) => r.id === 'input-invalid-yaml');
    expect(input).toMatchObject({
      name: 'InputInvalidYaml',
      shortDescription: { text: 'The input is not valid YAML' },
      defaultConfiguration: { level: 'error' },
      properties: { tags: ['input'] },
    });
    const annotation = run.tool.driver.rules.find((r) => r.id === 'suppression-without-reason');
    expect(annotation).toMatchObject({
      defaultConfiguration: { level: 'warning' },
      properties: { tags: ['kubeward'] },
    });
  });

  it('points every ruleIndex at the descriptor of its ruleId', () => {
    expect(run.results).toHaveLength(8);
    for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex]?.id).toBe(r.ruleId);
  });

  it('maps severities to levels: error → error, warning → warning, info → note', () => {
    expect(resultFor('resources-request-exceeds-limit').level).toBe('error');
    expect(resultFor('resources-missing-memory-limit').level).toBe('warning');
    expect(resultFor('availability-pdb-missing').level).toBe('note');
  });
});

describe('sarif: locations', () => {
  it('gives paths relative to %SRCROOT%, percent-encoded', () => {
    const special = resultFor('ingress-nginx-snippet-annotation');
    expect(special.locations[0]?.physicalLocation).toEqual({
      artifactLocation: { uri: 'manifests/eu%2Cwest%3A1/ingress%20100%25.yaml', uriBaseId: '%SRCROOT%' },
      region: { startLine: 9, startColumn: 5 },
    });
    expect(special.message.text).toBe(SPECIAL_MESSAGE);
  });

  it('makes absolute paths below cwd relative, and uses file: URIs outside it', () => {
    expect(artifactLocation('/repo/a/b.yaml', CWD)).toEqual({ uri: 'a/b.yaml', uriBaseId: '%SRCROOT%' });
    expect(artifactLocation('/elsewhere/x y.yaml', CWD)).toEqual({ uri: 'file:///elsewhere/x%20y.yaml' });
    expect(artifactLocation('../sibling/x.yaml', CWD)).toEqual({ uri: 'file:///sibling/x.yaml' });
    expect(artifactLocation('<stdin>', CWD)).toEqual({ uri: '%3Cstdin%3E', uriBaseId: '%SRCROOT%' });
  });

  it('lists a Helm-attributed finding at its template, with the rendered stream as a related location', () => {
    const helm = resultFor('resources-request-exceeds-limit');
    expect(helm.locations[0]?.physicalLocation?.artifactLocation.uri).toBe(
      'examples/shop/templates/reports-cronjob.yaml',
    );
    expect(helm.relatedLocations).toEqual([
      {
        id: 1,
        physicalLocation: {
          artifactLocation: { uri: '%3Cstdin%3E', uriBaseId: '%SRCROOT%' },
          region: { startLine: 162, startColumn: 19 },
        },
        message: { text: 'The same place in the rendered manifest stream.' },
      },
    ]);
    expect(resultFor('ingress-nginx-snippet-annotation').relatedLocations).toBeUndefined();
  });

  it('names the object as a logical location (Kind/namespace/name, Kind/name when cluster-scoped)', () => {
    expect(resultFor('ingress-nginx-snippet-annotation').locations[0]?.logicalLocations).toEqual([
      { name: 'shop', fullyQualifiedName: 'Ingress/edge/shop', kind: 'resource' },
    ]);
    expect(resultFor('resources-request-exceeds-limit').locations[0]?.logicalLocations?.[0]?.fullyQualifiedName).toBe(
      'CronJob/shop-reports',
    );
    expect(resultFor('input-invalid-yaml').locations[0]?.logicalLocations).toBeUndefined();
  });

  it('never writes a line or column below 1', () => {
    const single = buildSarif({ ...cleanResult(), findings: [{ ...inputError, line: 0, column: 0 }] }, sampleContext());
    expect(single.runs[0].results[0]?.locations[0]?.physicalLocation?.region).toEqual({ startLine: 1, startColumn: 1 });
  });
});

describe('sarif: fingerprints and suppressions', () => {
  it('keeps the fingerprint when the finding moves, and changes it with the rule, object or path', () => {
    const base = fingerprint(helmWarning);
    expect(base).toMatch(/^[0-9a-f]{32}:1$/);
    expect(fingerprint({ ...helmWarning, line: 99, column: 1, file: 'moved.yaml', rendered: undefined })).toBe(base);
    expect(fingerprint({ ...helmWarning, message: 'reworded.' })).toBe(base);
    expect(fingerprint({ ...helmWarning, ruleId: 'other-rule' })).not.toBe(base);
    expect(fingerprint({ ...helmWarning, path: 'spec.template.spec.containers[1].resources' })).not.toBe(base);
    const otherObject = {
      ...helmWarning,
      object: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'shop-api' },
    };
    expect(fingerprint(otherObject)).not.toBe(base);
  });

  it('numbers results that would share a fingerprint, so GitHub does not merge them', () => {
    const twin = { ...helmWarning, line: 50, message: 'Container web has no memory limit (second report).' };
    const results = buildSarif({ ...cleanResult(), findings: [twin, helmWarning] }, sampleContext()).runs[0].results;
    const prints = results.map((r) => r.partialFingerprints[FINGERPRINT_KEY]);
    expect(prints[0]?.replace(/:1$/, ':2')).toBe(prints[1]);
  });

  it('writes suppressed findings as results with suppressions: inSource for annotations, external for config', () => {
    const suppressed = run.results.filter((r) => r.suppressions);
    expect(suppressed).toHaveLength(2);
    expect(resultFor('resources-missing-memory-limit', suppressed).suppressions).toEqual([
      { kind: 'inSource', status: 'accepted', justification: 'bounded by -Xmx; see TICKET-42' },
    ]);
    expect(resultFor('resources-request-exceeds-limit', suppressed).suppressions).toEqual([
      { kind: 'external', status: 'accepted', justification: 'vendor chart, tracked in OPS-7' },
    ]);
  });

  it('is deterministic: the same result in any order gives the same bytes', () => {
    const shuffled = sampleResult();
    shuffled.findings.reverse();
    shuffled.suppressed.reverse();
    expect(formatSarif(shuffled, sampleContext())).toBe(formatSarif(sampleResult(), sampleContext()));
    expect(friendlyName('input-invalid-yaml')).toBe('InputInvalidYaml');
  });
});

describe('sarif: Microsoft SARIF multitool validation (schema + GitHub ingestion rules)', () => {
  const probe = probeSarifMultitool();
  const dir = mkdtempSync(join(tmpdir(), 'kubeward-sarif-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function check(name: string, text: string) {
    if (!probe.ok) throw new Error('unreachable');
    const file = join(dir, name);
    writeFileSync(file, text);
    return validateSarif(probe.command, file);
  }

  it('accepts the report of the sample result', (ctx) => {
    if (!probe.ok) ctx.skip(`SARIF validator unavailable: ${probe.reason}`);
    const verdict = check('sample.sarif', formatSarif(sampleResult(), sampleContext()));
    expect(verdict.errors).toEqual([]);
    expect(verdict.errorCount).toBe(0);
    expect(verdict.warnings).toEqual([]);
  });

  it('accepts the report of a clean run and of a real lint of the example chart with every registered rule', (ctx) => {
    if (!probe.ok) ctx.skip(`SARIF validator unavailable: ${probe.reason}`);
    const text = readFileSync(new URL('../../examples/shop-rendered.yaml', import.meta.url), 'utf8');
    const real: LintResult = lintInputs([{ file: '<stdin>', text }], { rules: allRules, sourceRoot: 'examples' });
    const realCtx = sampleContext({ rules: allRules, cwd: process.cwd() });
    for (const [name, sarif] of [
      ['clean.sarif', formatSarif(cleanResult(), sampleContext())],
      ['example.sarif', formatSarif(real, realCtx)],
    ] as const) {
      const verdict = check(name, sarif);
      expect(verdict.errors, name).toEqual([]);
      expect(verdict.errorCount, name).toBe(0);
    }
  });

  it('accepts related locations: the other objects of cross-object problems, with and without a file', (ctx) => {
    if (!probe.ok) ctx.skip(`SARIF validator unavailable: ${probe.reason}`);
    const files = ['ingress-nginx-examples.yaml', 'vpa-hpa-examples.yaml', 'k8s-website-examples.yaml'];
    const inputs = files.map((f) => ({
      file: `test/corpus/${f}`,
      text: readFileSync(new URL(`../corpus/${f}`, import.meta.url), 'utf8'),
    }));
    const real = lintInputs(inputs, { rules: allRules });
    const related = real.findings.filter((f) => (f.related?.length ?? 0) > 0);
    expect(related.length).toBeGreaterThanOrEqual(3);
    // An object of a cluster cache (admission) has no file: a related location with a logical location only.
    const first = related[0] as Finding;
    const cached: LintResult = {
      ...real,
      findings: [
        { ...first, related: [{ object: first.related?.[0]?.object ?? (first.object as ObjectRef), path: '' }] },
      ],
    };
    const realCtx = sampleContext({ rules: allRules, cwd: process.cwd() });
    for (const [name, sarif] of [
      ['related.sarif', formatSarif(real, realCtx)],
      ['cached.sarif', formatSarif(cached, realCtx)],
    ] as const) {
      const parsed = JSON.parse(sarif) as { runs: { results: { relatedLocations?: unknown[] }[] }[] };
      expect(parsed.runs[0]?.results.some((r) => (r.relatedLocations?.length ?? 0) > 0)).toBe(true);
      const verdict = check(name, sarif);
      expect(verdict.errors, name).toEqual([]);
      expect(verdict.errorCount, name).toBe(0);
    }
  });

  it('rejects a broken SARIF file (so the checks above can fail)', (ctx) => {
    if (!probe.ok) ctx.skip(`SARIF validator unavailable: ${probe.reason}`);
    const broken = JSON.parse(formatSarif(sampleResult(), sampleContext())) as {
      runs: { tool: { driver: Record<string, unknown> }; results: Record<string, unknown>[] }[];
    };
    const brokenRun = broken.runs[0];
    if (!brokenRun) throw new Error('no run');
    delete brokenRun.tool.driver.name;
    const first = brokenRun.results[0] as Record<string, unknown>;
    first.level = 'info';
    delete first.message;
    const verdict = check('broken.sarif', JSON.stringify(broken, null, 2));
    expect(verdict.errorCount).toBeGreaterThanOrEqual(3);
    expect(verdict.errors.join('\n')).toMatch(/'name' is missing/);
    expect(verdict.errors.join('\n')).toMatch(/"info" does not match any of the enum values/);
    expect(check('not-json.sarif', '{"version": "2.1.0", "runs": [').errorCount).toBeGreaterThan(0);
  });
});

describe('sarif: no finding is lost', () => {
  it('writes one result per finding and per suppressed finding, messages unchanged', () => {
    const messages = run.results.map((r) => r.message.text).sort();
    const expected = [...sampleResult().findings, ...sampleResult().suppressed].map((f) => f.message).sort();
    expect(messages).toEqual(expected);
    expect(resultFor('suppression-without-reason').message.text).toBe(annotationProblem.message);
    expect(resultFor('ingress-nginx-snippet-annotation').properties).toEqual({
      family: 'ingress-nginx',
      path: specialFinding.path,
    });
    expect(resultFor('input-invalid-yaml').properties).toEqual({ family: 'input' });
    expect(helmError.rendered).toBeDefined();
  });
});
