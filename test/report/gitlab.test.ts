/**
 * `--format gitlab`: GitLab Code Quality JSON, validated against a schema written from GitLab's documented fields
 * (gitlab-code-quality.schema.json), with fingerprints that survive line moves and agree with SARIF's.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { afterAll, describe, expect, it } from 'vitest';
import { createProgram } from '../../src/cli/program.js';
import { lintInputs } from '../../src/engine/lint.js';
import type { Finding, LintResult } from '../../src/engine/types.js';
import { buildCodeQuality, type CodeQualityIssue, formatGitlab } from '../../src/report/gitlab.js';
import { buildSarif, FINGERPRINT_KEY } from '../../src/report/sarif.js';
import { allRules } from '../../src/rules/index.js';
import { commandFlags, ROOT, runCli, SILENT_IO } from '../helpers/cli.js';
import {
  annotationProblem,
  CWD,
  cleanResult,
  helmError,
  helmWarning,
  infoFinding,
  inputError,
  SPECIAL_FILE,
  sampleContext,
  sampleResult,
  specialFinding,
  suppressedByAnnotation,
  suppressedByConfig,
} from './sample.js';

const schema = JSON.parse(readFileSync(join(import.meta.dirname, 'gitlab-code-quality.schema.json'), 'utf8')) as Record<
  string,
  unknown
>;
const validate = new Ajv({ strict: true, allErrors: true }).compile(schema);

function schemaErrors(value: unknown): string[] {
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

function parse(text: string): CodeQualityIssue[] {
  return JSON.parse(text) as CodeQualityIssue[];
}

function issueOf(f: Finding, result: LintResult = { ...cleanResult(), findings: [f] }): CodeQualityIssue {
  const [issue] = buildCodeQuality(result, sampleContext());
  if (!issue) throw new Error(`no issue for ${f.ruleId}`);
  return issue;
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function scratch(): string {
  const d = mkdtempSync(join(tmpdir(), 'kubeward-gitlab-'));
  dirs.push(d);
  return d;
}

describe('gitlab: the report GitLab reads', () => {
  it('the schema rejects what GitLab would not read (so the checks below can fail)', () => {
    const good = issueOf(helmWarning);
    expect(schemaErrors([good])).toEqual([]);
    expect(schemaErrors([{ ...good, severity: 'warning' }])).not.toEqual([]);
    expect(schemaErrors([{ ...good, location: { path: '/repo/a.yaml', lines: { begin: 1 } } }])).not.toEqual([]);
    expect(schemaErrors([{ ...good, location: { path: 'a.yaml', lines: { begin: 0 } } }])).not.toEqual([]);
    const { fingerprint: _, ...noFingerprint } = good;
    expect(schemaErrors([noFingerprint])).not.toEqual([]);
    expect(schemaErrors({ issues: [good] })).not.toEqual([]);
  });

  it('validates for the sample result, a clean run and a real lint of the example chart', () => {
    expect(schemaErrors(parse(formatGitlab(sampleResult(), sampleContext())))).toEqual([]);
    expect(parse(formatGitlab(cleanResult([suppressedByConfig]), sampleContext()))).toEqual([]);
    const text = readFileSync(join(ROOT, 'examples', 'shop-rendered.yaml'), 'utf8');
    const real = lintInputs([{ file: '<stdin>', text }], { rules: allRules, sourceRoot: 'examples' });
    const issues = parse(formatGitlab(real, sampleContext({ rules: allRules, cwd: ROOT })));
    expect(issues.length).toBe(real.findings.length);
    expect(issues.length).toBeGreaterThan(0);
    expect(schemaErrors(issues)).toEqual([]);
  });

  it('starts with the JSON array itself: no byte order mark (GitLab refuses one)', () => {
    const text = formatGitlab(sampleResult(), sampleContext());
    expect(text.charCodeAt(0)).toBe('['.charCodeAt(0));
  });

  it('writes each active finding once, in report order, with its rule, path and line; suppressed ones are left out', () => {
    const issues = buildCodeQuality(sampleResult(), sampleContext());
    expect(issues.map((i) => [i.check_name, i.location.path, i.location.lines.begin])).toEqual([
      [inputError.ruleId, 'broken.yaml', 3],
      [helmError.ruleId, helmError.file, helmError.line],
      [infoFinding.ruleId, infoFinding.file, infoFinding.line],
      [helmWarning.ruleId, helmWarning.file, helmWarning.line],
      [specialFinding.ruleId, SPECIAL_FILE, specialFinding.line],
      [annotationProblem.ruleId, annotationProblem.file, annotationProblem.line],
    ]);
    const described = issues.map((i) => i.description);
    expect(described).not.toContainEqual(expect.stringContaining(suppressedByAnnotation.message));
    expect(described).not.toContainEqual(expect.stringContaining(suppressedByConfig.message));
  });

  it('maps severities to Code Climate names, and problems that leave objects unchecked to blocker', () => {
    expect(issueOf(helmError).severity).toBe('major');
    expect(issueOf(helmWarning).severity).toBe('minor');
    expect(issueOf(infoFinding).severity).toBe('info');
    expect(issueOf(inputError).severity).toBe('blocker');
    expect(issueOf({ ...helmWarning, ruleId: 'rule-crashed', family: 'kubeward', severity: 'error' }).severity).toBe(
      'blocker',
    );
  });

  it('names the object in the description and shows control and bidi characters as escapes', () => {
    expect(issueOf(helmWarning).description).toBe(`Deployment/shop/shop-web: ${helmWarning.message}`);
    expect(issueOf(inputError).description).toBe(inputError.message);
    const special = issueOf(specialFinding).description;
    expect(special).toContain('\\x1b[31mred');
    expect(special).toContain('\\u202eevil');
    expect(special.includes('\u001b') || special.includes('\u202e')).toBe(false);
  });

  it('makes paths relative to the working directory with forward slashes, keeps others as given, lines from 1', () => {
    const inside = { ...helmWarning, file: `${CWD}/charts/shop/templates/web.yaml` };
    expect(issueOf(inside).location.path).toBe('charts/shop/templates/web.yaml');
    const outside = { ...helmWarning, file: '/tmp/rendered.yaml' };
    expect(issueOf(outside).location.path).toBe('/tmp/rendered.yaml');
    expect(issueOf({ ...inputError, line: 0 }).location.lines.begin).toBe(1);
  });
});

describe('gitlab: fingerprints', () => {
  it('keeps the fingerprint when the finding moves or is reworded, and changes it with the rule, object or path', () => {
    const base = issueOf(helmWarning).fingerprint;
    expect(issueOf({ ...helmWarning, line: 99, column: 1, file: 'moved.yaml' }).fingerprint).toBe(base);
    expect(issueOf({ ...helmWarning, message: 'reworded.' }).fingerprint).toBe(base);
    expect(issueOf({ ...helmWarning, ruleId: 'other-rule' }).fingerprint).not.toBe(base);
    expect(issueOf({ ...helmWarning, path: 'spec.template.spec.containers[1].resources' }).fingerprint).not.toBe(base);
    const other = { ...helmWarning, object: { ...helmWarning.object, name: 'shop-api' } as Finding['object'] };
    expect(issueOf(other).fingerprint).not.toBe(base);
  });

  it('is the fingerprint SARIF gives the same finding, and unique within a report (GitLab keys issues by it)', () => {
    const result = sampleResult();
    const twin = { ...helmWarning, line: 50, message: 'Container web has no memory limit (second report).' };
    result.findings.push(twin);
    const gitlab = buildCodeQuality(result, sampleContext());
    const sarif = buildSarif(result, sampleContext()).runs[0].results.filter((r) => !r.suppressions);
    expect(gitlab.map((i) => i.fingerprint)).toEqual(sarif.map((r) => r.partialFingerprints[FINGERPRINT_KEY]));
    expect(new Set(gitlab.map((i) => i.fingerprint)).size).toBe(gitlab.length);
  });

  it('gives a real manifest the same fingerprints across runs when lines are added above its objects', async () => {
    const dir = scratch();
    mkdirSync(join(dir, 'k8s'));
    const manifest = readFileSync(join(ROOT, 'test', 'corpus', 'vpa-hpa-examples.yaml'), 'utf8');
    const lint = async (text: string) => {
      writeFileSync(join(dir, 'k8s', 'app.yaml'), text);
      const out = await runCli(
        ['lint', 'k8s/app.yaml', '--no-helm-source', '--format', 'gitlab', '--fail-on', 'never'],
        { cwd: dir },
      );
      expect(out.stderr).toBe('');
      expect(out.code).toBe(0);
      return parse(out.stdout);
    };
    const before = await lint(manifest);
    const after = await lint(`# moved down by a comment\n# and another\n\n${manifest}`);
    expect(before.length).toBeGreaterThan(0);
    expect(schemaErrors(before)).toEqual([]);
    expect(before.every((i) => i.location.path === 'k8s/app.yaml')).toBe(true);
    const byPrint = new Map(after.map((i) => [i.fingerprint, i]));
    for (const issue of before) {
      const moved = byPrint.get(issue.fingerprint);
      expect(moved?.check_name, issue.description).toBe(issue.check_name);
      expect(moved?.location.lines.begin).toBe(issue.location.lines.begin + 3);
    }
    expect(after.length).toBe(before.length);
  });
});

describe('gitlab: the CLI', () => {
  it('lint and audit accept --format gitlab', () => {
    const program = createProgram(SILENT_IO, { exitCode: 0 });
    for (const name of ['lint', 'audit']) {
      const format = program.commands.find((c) => c.name() === name)?.options.find((o) => o.long === '--format');
      expect(format?.argChoices, name).toContain('gitlab');
    }
    expect(commandFlags('lint')).toContain('--format');
  });
});
