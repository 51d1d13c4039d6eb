import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/engine/types.js';
import { formatJson } from '../../src/report/json.js';
import {
  annotationProblem,
  cleanResult,
  helmError,
  helmWarning,
  infoFinding,
  inputError,
  SPECIAL_MESSAGE,
  sampleContext,
  sampleResult,
  specialFinding,
  suppressedByAnnotation,
  suppressedByConfig,
} from './sample.js';

interface Report {
  findings: Record<string, unknown>[];
  suppressed: Record<string, unknown>[];
  summary: Record<string, unknown>;
}

const FINDING_KEYS = ['ruleId', 'family', 'severity', 'message', 'object', 'file', 'line', 'column', 'path'];

describe('json', () => {
  const out = formatJson(sampleResult(), sampleContext());
  const report = JSON.parse(out) as Report;

  it('is 2-space indented JSON with a trailing newline and exactly three top-level keys', () => {
    expect(out.startsWith('{\n  "findings": [\n    {\n      "ruleId": ')).toBe(true);
    expect(out.endsWith('}\n')).toBe(true);
    expect(Object.keys(report)).toEqual(['findings', 'suppressed', 'summary']);
  });

  it('writes every finding with the documented keys in the documented order, sorted by file and position', () => {
    expect(report.findings.map((f) => f.ruleId)).toEqual([
      'input-invalid-yaml',
      'resources-request-exceeds-limit',
      'availability-pdb-missing',
      'resources-missing-memory-limit',
      'ingress-nginx-snippet-annotation',
      'suppression-without-reason',
    ]);
    const [input, helm] = report.findings;
    expect(Object.keys(input ?? {})).toEqual(FINDING_KEYS);
    expect(Object.keys(helm ?? {})).toEqual([...FINDING_KEYS, 'rendered']);
    expect(helm?.rendered).toEqual({ file: '<stdin>', line: 162, column: 19 });
  });

  it('writes object refs in a fixed key order, null for input problems, without namespace when cluster-scoped', () => {
    const [input, cronJob, pdb] = report.findings;
    expect(input?.object).toBeNull();
    expect(Object.keys(cronJob?.object ?? {})).toEqual(['apiVersion', 'kind', 'name']);
    expect(Object.keys(pdb?.object ?? {})).toEqual(['apiVersion', 'kind', 'namespace', 'name']);
    const reordered: Finding = {
      ...helmWarning,
      object: { name: 'shop-web', namespace: 'shop', kind: 'Deployment', apiVersion: 'apps/v1' },
    };
    const single = JSON.parse(formatJson({ ...cleanResult(), findings: [reordered] }, sampleContext())) as Report;
    expect(Object.keys(single.findings[0]?.object ?? {})).toEqual(['apiVersion', 'kind', 'namespace', 'name']);
  });

  it('lists suppressed findings separately, each with its suppression', () => {
    expect(report.suppressed).toHaveLength(2);
    const [byConfig, byAnnotation] = report.suppressed; // monitoring.yaml sorts before worker.yaml
    expect(Object.keys(byAnnotation ?? {})).toEqual([...FINDING_KEYS, 'suppressed']);
    expect(byAnnotation?.suppressed).toEqual({ by: 'annotation', reason: 'bounded by -Xmx; see TICKET-42' });
    expect(byConfig?.suppressed).toEqual({ by: 'config', reason: 'vendor chart, tracked in OPS-7' });
    expect(report.findings.some((f) => 'suppressed' in f)).toBe(false);
  });

  it('round-trips every finding exactly, special characters included', () => {
    const sorted = [inputError, helmError, infoFinding, helmWarning, specialFinding, annotationProblem];
    expect(report.findings).toEqual(sorted);
    expect(report.suppressed).toEqual([suppressedByConfig, suppressedByAnnotation]);
    expect(report.findings[4]?.message).toBe(SPECIAL_MESSAGE);
    expect(out).toContain(String.raw`100% raw,\r\nsee: a:b, c \u001b[31mred`);
  });

  it('writes the summary with a fixed key order', () => {
    expect(report.summary).toEqual(sampleResult().summary);
    expect(Object.keys(report.summary)).toEqual([
      'files',
      'objects',
      'findings',
      'bySeverity',
      'suppressed',
      'inputErrors',
      'ruleCrashes',
      'rulesRun',
    ]);
    expect(Object.keys(report.summary.bySeverity as object)).toEqual(['error', 'warning', 'info']);
  });

  it('copies only the documented fields', () => {
    const extra = {
      ...helmWarning,
      internal: 'not for reports',
      rendered: { file: 'x', line: 1, column: 2, more: true },
    };
    const text = formatJson({ ...cleanResult(), findings: [extra] }, sampleContext());
    expect(text).not.toContain('internal');
    expect(text).not.toContain('more');
  });

  it('writes empty lists for a clean run and does not depend on the input order', () => {
    expect(JSON.parse(formatJson(cleanResult(), sampleContext()))).toEqual({
      findings: [],
      suppressed: [],
      summary: cleanResult().summary,
    });
    const shuffled = sampleResult();
    shuffled.findings.reverse();
    shuffled.suppressed.reverse();
    expect(formatJson(shuffled, sampleContext())).toBe(out);
  });
});
