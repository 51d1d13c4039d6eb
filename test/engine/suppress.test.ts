import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/engine/config.js';
import { DEFAULT_CONFIG, type ResolvedConfig } from '../../src/engine/config-types.js';
import type { AnyRule } from '../../src/engine/rule.js';
import {
  IGNORE_CHECK_PREFIX,
  ignoreAnnotations,
  isNamespaceExcluded,
  SUPPRESSION_NOT_ALLOWED,
  SUPPRESSION_UNKNOWN_RULE,
  SUPPRESSION_WITHOUT_REASON,
  suppressionFor,
  suppressionProblems,
} from '../../src/engine/suppress.js';
import type { K8sObject } from '../../src/k8s/object.js';
import { defineRule } from '../../src/rules/define-rule.js';

function fakeRule(id: string): AnyRule {
  return defineRule<{ mode: 'strict' | 'lenient' }>({
    meta: {
      id,
      family: 'resources',
      severity: 'warning',
      title: `Fake rule ${id}`,
      rationale: 'A fake rule for the suppression tests.',
      remediation: 'Nothing to do.',
      kinds: ['Deployment'],
      messages: { fake: 'A fake finding.' },
      options: {
        schema: { type: 'object', properties: { mode: { enum: ['strict', 'lenient'] } } },
        defaults: { mode: 'strict' },
      },
      examples: { invalid: '', valid: '' },
    },
    check: () => [],
  });
}

const RULES = [fakeRule('resources-missing-requests'), fakeRule('resources-missing-memory-limit')];
const KNOWN = new Set(RULES.map((r) => r.meta.id));

function deployment(name: string, annotations?: Record<string, unknown>, namespace?: string): K8sObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name,
      ...(namespace !== undefined ? { namespace } : {}),
      ...(annotations !== undefined ? { annotations: annotations as Record<string, string> } : {}),
    },
  };
}

function config(overrides: Partial<ResolvedConfig>): ResolvedConfig {
  return { ...DEFAULT_CONFIG, ...overrides };
}

const key = (ruleId: string): string => `${IGNORE_CHECK_PREFIX}${ruleId}`;

describe('suppressionFor: annotations', () => {
  it('suppresses the named rule with the annotation value as the reason', () => {
    const obj = deployment('web', { [key('resources-missing-requests')]: ' sized by VPA ' });
    expect(suppressionFor(obj, 'default', 'resources-missing-requests', DEFAULT_CONFIG)).toEqual({
      by: 'annotation',
      reason: 'sized by VPA',
    });
    expect(suppressionFor(obj, 'default', 'resources-missing-memory-limit', DEFAULT_CONFIG)).toBeUndefined();
  });

  it('suppresses with an empty reason too', () => {
    const obj = deployment('web', { [key('resources-missing-requests')]: '' });
    expect(suppressionFor(obj, 'default', 'resources-missing-requests', DEFAULT_CONFIG)).toEqual({
      by: 'annotation',
      reason: '',
    });
  });

  it('does not treat ignore-check.kubeward.io/all as suppressing every rule', () => {
    const obj = deployment('web', { [key('all')]: 'everything' });
    expect(suppressionFor(obj, 'default', 'resources-missing-requests', DEFAULT_CONFIG)).toBeUndefined();
  });

  it('does nothing when the config forbids annotation suppression', () => {
    const obj = deployment('web', { [key('resources-missing-requests')]: 'sized by VPA' });
    const strict = config({ allowAnnotationSuppression: false });
    expect(suppressionFor(obj, 'default', 'resources-missing-requests', strict)).toBeUndefined();
  });

  it('copes with objects without metadata or annotations', () => {
    expect(suppressionFor({ apiVersion: 'v1', kind: 'Pod' }, 'default', 'x', DEFAULT_CONFIG)).toBeUndefined();
    expect(suppressionFor(deployment('web'), 'default', 'x', DEFAULT_CONFIG)).toBeUndefined();
  });
});

describe('suppressionFor: config exclusions', () => {
  const cfg = config({
    file: '.kubeward.yaml',
    excludeObjects: [
      {
        kind: 'Deployment',
        namespace: 'legacy',
        name: 'old-*',
        rules: ['resources-missing-requests'],
        reason: 'replaced in Q3',
      },
      { name: 'batch-?' },
    ],
  });

  it('suppresses a matching object and rule with the configured reason', () => {
    expect(suppressionFor(deployment('old-api'), 'legacy', 'resources-missing-requests', cfg)).toEqual({
      by: 'config',
      reason: 'replaced in Q3',
    });
  });

  it('does not suppress other rules, kinds, namespaces or names', () => {
    expect(suppressionFor(deployment('old-api'), 'legacy', 'resources-missing-memory-limit', cfg)).toBeUndefined();
    expect(
      suppressionFor({ ...deployment('old-api'), kind: 'StatefulSet' }, 'legacy', 'resources-missing-requests', cfg),
    ).toBeUndefined();
    expect(suppressionFor(deployment('old-api'), 'legacy-2', 'resources-missing-requests', cfg)).toBeUndefined();
    expect(suppressionFor(deployment('new-api'), 'legacy', 'resources-missing-requests', cfg)).toBeUndefined();
  });

  it('matches any kind, namespace and rule when the entry does not say, with a default reason', () => {
    expect(suppressionFor(deployment('batch-1'), 'anywhere', 'resources-missing-memory-limit', cfg)).toEqual({
      by: 'config',
      reason: 'excluded by .kubeward.yaml',
    });
    expect(suppressionFor(deployment('batch-10'), 'anywhere', 'resources-missing-memory-limit', cfg)).toBeUndefined();
  });

  it('never matches a cluster-scoped object against a namespace glob', () => {
    const any = config({ excludeObjects: [{ name: '*', namespace: '*' }] });
    expect(suppressionFor(deployment('x'), '', 'resources-missing-requests', any)).toBeUndefined();
    expect(suppressionFor(deployment('x'), 'default', 'resources-missing-requests', any)?.by).toBe('config');
  });

  it('still applies when annotations are forbidden, and an allowed annotation wins over it', () => {
    const both = { ...cfg, allowAnnotationSuppression: false };
    const obj = deployment('old-api', { [key('resources-missing-requests')]: 'mine' });
    expect(suppressionFor(obj, 'legacy', 'resources-missing-requests', both)).toEqual({
      by: 'config',
      reason: 'replaced in Q3',
    });
    expect(suppressionFor(obj, 'legacy', 'resources-missing-requests', cfg)).toEqual({
      by: 'annotation',
      reason: 'mine',
    });
  });

  it('works with a config resolved from YAML', async () => {
    const resolved = await resolveConfig(
      {
        exclude: { objects: [{ kind: 'Deployment', name: 'web', rules: ['resources-missing-requests'], reason: 'r' }] },
      },
      '.kubeward.yaml',
      RULES,
    );
    expect(suppressionFor(deployment('web'), 'default', 'resources-missing-requests', resolved)).toEqual({
      by: 'config',
      reason: 'r',
    });
  });
});

describe('isNamespaceExcluded', () => {
  const cfg = config({ excludeNamespaces: ['kube-system', 'sandbox-*'] });

  it('matches namespaces by glob', () => {
    expect(isNamespaceExcluded('kube-system', cfg)).toBe(true);
    expect(isNamespaceExcluded('sandbox-alice', cfg)).toBe(true);
    expect(isNamespaceExcluded('default', cfg)).toBe(false);
    expect(isNamespaceExcluded('kube-system', DEFAULT_CONFIG)).toBe(false);
  });

  it('never excludes cluster-scoped objects', () => {
    expect(isNamespaceExcluded('', config({ excludeNamespaces: ['*'] }))).toBe(false);
    expect(isNamespaceExcluded(undefined, config({ excludeNamespaces: ['*'] }))).toBe(false);
  });
});

describe('suppressionProblems', () => {
  it('reports nothing for annotations with a known rule and a reason', () => {
    const obj = deployment('web', {
      [key('resources-missing-requests')]: 'sized by VPA',
      'example.com/other': '',
    });
    expect(suppressionProblems(obj, KNOWN, DEFAULT_CONFIG)).toEqual([]);
  });

  it('warns about an annotation without a reason', () => {
    const obj = deployment('web', { [key('resources-missing-requests')]: '  ' });
    expect(suppressionProblems(obj, KNOWN, DEFAULT_CONFIG)).toEqual([
      {
        ruleId: SUPPRESSION_WITHOUT_REASON,
        severity: 'warning',
        message: `Annotation ${key('resources-missing-requests')} suppresses resources-missing-requests without a reason; give the reason as the annotation's value.`,
        path: ['metadata', 'annotations', key('resources-missing-requests')],
      },
    ]);
  });

  it('treats an annotation without a value (null) as having no reason', () => {
    const obj = deployment('web', { [key('resources-missing-requests')]: null });
    expect(suppressionProblems(obj, KNOWN, DEFAULT_CONFIG).map((p) => p.ruleId)).toEqual([SUPPRESSION_WITHOUT_REASON]);
  });

  it('warns about an unknown rule id with a did-you-mean', () => {
    const obj = deployment('web', { [key('resources-missing-request')]: 'typo' });
    const [problem, ...rest] = suppressionProblems(obj, KNOWN, DEFAULT_CONFIG);
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({
      ruleId: SUPPRESSION_UNKNOWN_RULE,
      severity: 'warning',
      path: ['metadata', 'annotations', key('resources-missing-request')],
    });
    expect(problem?.message).toContain('names no known rule, so it suppresses nothing.');
    expect(problem?.message).toContain(`Did you mean ${key('resources-missing-requests')}?`);
  });

  it('reports ignore-check.kubeward.io/all as an unknown rule id that is not supported', () => {
    const obj = deployment('web', { [key('all')]: 'everything' });
    const problems = suppressionProblems(obj, KNOWN, DEFAULT_CONFIG);
    expect(problems.map((p) => [p.ruleId, p.severity])).toEqual([[SUPPRESSION_UNKNOWN_RULE, 'warning']]);
    expect(problems[0]?.message).toContain('Suppressing every rule at once is not supported');
  });

  it('reports each annotation as not allowed when the config forbids them', () => {
    const obj = deployment('web', {
      [key('resources-missing-requests')]: 'sized by VPA',
      [key('nope')]: '',
    });
    const strict = config({ file: '.kubeward.yaml', allowAnnotationSuppression: false });
    const problems = suppressionProblems(obj, KNOWN, strict);
    expect(problems.map((p) => [p.ruleId, p.severity])).toEqual([
      [SUPPRESSION_NOT_ALLOWED, 'info'],
      [SUPPRESSION_NOT_ALLOWED, 'info'],
    ]);
    expect(problems[0]?.message).toBe(
      `Annotation ${key('resources-missing-requests')} suppresses nothing: .kubeward.yaml sets suppressions.annotations to false.`,
    );
  });
});

describe('ignoreAnnotations', () => {
  it('lists the ignore-check annotations with their rule ids and trimmed reasons', () => {
    const obj = deployment('web', { [key('a')]: ' r ', [key('b')]: 1, other: 'x' });
    expect(ignoreAnnotations(obj)).toEqual([
      { key: key('a'), ruleId: 'a', reason: 'r' },
      { key: key('b'), ruleId: 'b', reason: '1' },
    ]);
  });
});
