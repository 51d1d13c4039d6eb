import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/engine/types.js';
import { formatStylish } from '../../src/report/stylish.js';
import {
  annotationProblem,
  cleanResult,
  helmError,
  helmWarning,
  infoFinding,
  inputError,
  SPECIAL_FILE,
  sampleContext,
  sampleResult,
  suppressedByAnnotation,
} from './sample.js';

const ESC = '\u001b';

function lines(text: string): string[] {
  return text.split('\n');
}

describe('stylish', () => {
  const out = formatStylish(sampleResult(), sampleContext());

  it('groups findings under one header per file, files in order, a blank line after each group', () => {
    const headers = lines(out).filter((l) => l !== '' && !l.startsWith(' ') && !l.startsWith('✖'));
    expect(headers).toEqual([
      'broken.yaml',
      'examples/shop/templates/reports-cronjob.yaml',
      'examples/shop/templates/web-deployment.yaml',
      SPECIAL_FILE,
      'manifests/worker.yaml',
    ]);
    const all = lines(out);
    for (const h of headers.slice(1)) expect(all[all.indexOf(h) - 1]).toBe('');
  });

  it('writes each finding as line:col, severity, message and rule id, in aligned columns within a file', () => {
    const all = lines(out);
    const start = all.indexOf('examples/shop/templates/web-deployment.yaml');
    const [first, second] = [all[start + 1] ?? '', all[start + 2] ?? ''];
    expect(first).toMatch(/^ {2}9:3 {4}info {5}Deployment shop-web has 3 replicas/);
    expect(second).toMatch(/^ {2}37:13 {2}warning {2}Container web has no memory limit/);
    expect(first.indexOf('info')).toBe(second.indexOf('warning'));
    expect(first.indexOf('Deployment')).toBe(second.indexOf('Container'));
    expect(first.indexOf('availability-pdb-missing')).toBe(second.indexOf('resources-missing-memory-limit'));
    expect(first.indexOf('(<stdin>:47:3)')).toBe(second.indexOf('(<stdin>:75:13)'));
    expect(all).toContain('  3:7  error  invalid YAML: bad indentation of a mapping entry (3:7).  input-invalid-yaml');
  });

  it('lists a Helm-attributed finding under its template, with its place in the rendered stream after the rule id', () => {
    const line = lines(out).find((l) => l.includes(helmError.message)) ?? '';
    expect(line).toMatch(/resources-request-exceeds-limit {2}\(<stdin>:162:19\)$/);
    expect(lines(out)[lines(out).indexOf(line) - 1]).toBe(helmError.file);
  });

  it('counts suppressed findings without listing them', () => {
    expect(out).not.toContain(suppressedByAnnotation.message);
    expect(out).not.toContain('bounded by -Xmx');
    expect(out).not.toContain('manifests/monitoring.yaml');
    expect(out.endsWith('\n✖ 6 problems (3 errors, 2 warnings, 1 info), 2 suppressed\n')).toBe(true);
  });

  it('says so when there is nothing to report, with what was checked and what was suppressed', () => {
    expect(formatStylish(cleanResult(), sampleContext())).toBe('✔ no problems (12 objects in 3 files)\n');
    expect(formatStylish(cleanResult([suppressedByAnnotation]), sampleContext())).toBe(
      '✔ no problems (12 objects in 3 files), 1 suppressed\n',
    );
    const one = cleanResult();
    one.summary.objects = 1;
    one.summary.files = 1;
    expect(formatStylish(one, sampleContext())).toBe('✔ no problems (1 object in 1 file)\n');
  });

  it('uses singular forms for one problem', () => {
    const result = cleanResult();
    result.findings = [helmError];
    result.summary = { ...result.summary, findings: 1, bySeverity: { error: 1, warning: 0, info: 0 } };
    expect(formatStylish(result, sampleContext())).toMatch(/\n✖ 1 problem \(1 error, 0 warnings, 0 info\)\n$/);
  });

  it('writes no ANSI codes without colour, and underlines headers and colours severities with it', () => {
    expect(out).not.toContain(ESC);
    const colored = formatStylish(sampleResult(), sampleContext({ color: true }));
    expect(colored).toContain(`${ESC}[4mbroken.yaml${ESC}[24m`);
    expect(colored).toContain(`${ESC}[31merror`);
    expect(colored).toContain(`${ESC}[33mwarning`);
    expect(colored).toContain(`${ESC}[36minfo`);
    expect(colored).toContain(`${ESC}[1m${ESC}[31m✖ 6 problems`);
    expect(formatStylish(cleanResult(), sampleContext({ color: true }))).toBe(
      `${ESC}[32m✔ no problems (12 objects in 3 files)${ESC}[39m\n`,
    );
  });

  it('shows control and bidi characters from manifests as visible escapes, one finding per line', () => {
    const line = lines(out).find((l) => l.includes('server-snippet')) ?? '';
    expect(line).toContain(String.raw`100% raw,\r\nsee: a:b, c \x1b[31mred\x1b[0m \u202eevil 🚀 数据.`);
    expect(line).toContain(`"return 200 '<b>ok</b>' & ]]>"`);
    expect(out).not.toContain('\r');
    expect(out).not.toContain('\u202e');
    // 5 headers + 6 findings + 5 blank lines + the summary + the final newline.
    expect(lines(out)).toHaveLength(5 + 6 + 5 + 1 + 1);
  });

  it('shows paths below cwd relative to it and others as given', () => {
    const absolute: Finding = { ...annotationProblem, file: '/repo/manifests/worker.yaml' };
    const outside: Finding = { ...inputError, file: '/tmp/other.yaml' };
    const result = { ...cleanResult(), findings: [absolute, outside] };
    const text = formatStylish(result, sampleContext());
    expect(lines(text)).toContain('manifests/worker.yaml');
    expect(lines(text)).toContain('/tmp/other.yaml');
  });

  it('does not depend on the order of the input', () => {
    const shuffled = sampleResult();
    shuffled.findings = [
      helmWarning,
      annotationProblem,
      infoFinding,
      inputError,
      helmError,
      ...shuffled.findings.slice(4),
    ];
    shuffled.findings = [...new Set(shuffled.findings)];
    expect(formatStylish(shuffled, sampleContext())).toBe(out);
  });

  it('formats 200,000 findings in one file (no argument-list limit on the column widths)', () => {
    const many: Finding[] = Array.from({ length: 200_000 }, (_, i) => ({ ...helmWarning, line: i + 1 }));
    const result = { ...cleanResult(), findings: many };
    result.summary = {
      ...result.summary,
      findings: many.length,
      bySeverity: { error: 0, warning: many.length, info: 0 },
    };
    const text = formatStylish(result, sampleContext());
    expect(lines(text).filter((l) => l.startsWith('  '))).toHaveLength(200_000);
  });
});
