import { describe, expect, it } from 'vitest';
import type { Finding, LintResult } from '../../src/engine/types.js';
import { displayWidth, formatStylish, wrapText } from '../../src/report/stylish.js';
import { DEFAULT_COLUMNS } from '../../src/report/types.js';
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
  specialFinding,
  suppressedByAnnotation,
  suppressedByConfig,
} from './sample.js';

const ESC = '\u001b';

function lines(text: string): string[] {
  return text.split('\n');
}

/** The lines of one file's group: from its header to the blank line after it. */
function group(text: string, file: string): string[] {
  const all = lines(text);
  const start = all.indexOf(file);
  expect(start).toBeGreaterThanOrEqual(0);
  return all.slice(start, all.indexOf('', start));
}

/** The message lines that follow the head line holding `ruleId`, joined back into one text. */
function messageAfter(groupLines: readonly string[], ruleId: string, position: string): string {
  const head = groupLines.findIndex((l) => l.startsWith(`  ${position} `) && l.includes(ruleId));
  expect(head).toBeGreaterThan(0);
  const body: string[] = [];
  for (const l of groupLines.slice(head + 1)) {
    if (!/^ {3,}\S/.test(l) || /^ {2}\d/.test(l)) break;
    if (/^ +\(.*:\d+:\d+\)$/.test(l)) continue; // the rendered location, when it is below the head line
    body.push(l.trim());
  }
  return body.join(' ');
}

function withFindings(findings: Finding[], suppressed: Finding[] = []): LintResult {
  const result = cleanResult(suppressed);
  result.findings = findings;
  const count = (s: string) => findings.filter((f) => f.severity === s).length;
  result.summary = {
    ...result.summary,
    findings: findings.length,
    bySeverity: { error: count('error'), warning: count('warning'), info: count('info') },
  };
  return result;
}

describe('stylish', () => {
  const out = formatStylish(sampleResult(), sampleContext());

  it('groups findings under one header per file, files with only suppressed findings too, a blank line after each', () => {
    const headers = lines(out).filter((l) => l !== '' && !l.startsWith(' ') && !l.startsWith('✖'));
    expect(headers).toEqual([
      'broken.yaml',
      'examples/shop/templates/reports-cronjob.yaml',
      'examples/shop/templates/web-deployment.yaml',
      SPECIAL_FILE,
      'manifests/monitoring.yaml',
      'manifests/worker.yaml',
    ]);
    const all = lines(out);
    for (const h of headers.slice(1)) expect(all[all.indexOf(h) - 1]).toBe('');
  });

  it('writes a head line of line:col, severity and rule id in aligned columns, and the message below it', () => {
    const web = group(out, 'examples/shop/templates/web-deployment.yaml');
    expect(web).toEqual([
      'examples/shop/templates/web-deployment.yaml',
      '  9:3    info     availability-pdb-missing        (<stdin>:47:3)',
      `         ${infoFinding.message}`,
      '  37:13  warning  resources-missing-memory-limit  (<stdin>:75:13)',
      `         ${helmWarning.message}`,
    ]);
    expect(group(out, 'broken.yaml')).toEqual([
      'broken.yaml',
      '  3:7  error  input-invalid-yaml',
      `       ${inputError.message}`,
    ]);
  });

  it('lists a Helm-attributed finding under its template, with its place in the rendered stream after the rule id', () => {
    expect(group(out, helmError.file)).toEqual([
      helmError.file,
      '  26:19  error  resources-request-exceeds-limit  (<stdin>:162:19)',
      `         ${helmError.message}`,
    ]);
  });

  it('keeps the rule id and the location on the head line and wraps the message to the width', () => {
    for (const columns of [40, 60, 80, 100, 120, 200]) {
      const text = formatStylish(sampleResult(), sampleContext({ columns }));
      // Message lines fit the width (the message column gets at least 40); head lines are not wrapped: they are short.
      for (const l of lines(text)) {
        if (!l.startsWith('  ')) continue; // file headers and the summary
        if (/^ {2}\d/.test(l)) expect(displayWidth(l)).toBeLessThanOrEqual(Math.max(columns, 92));
        // A word wider than the column (the 55-character annotation key) gets a line of its own.
        else if (l.trim().includes(' ')) expect(displayWidth(l)).toBeLessThanOrEqual(Math.max(columns, 2 + 5 + 2 + 40));
      }
      const web = group(text, 'examples/shop/templates/web-deployment.yaml');
      // The head lines of this file are 65 columns wide: narrower, the rendered location goes below each of them.
      if (columns >= 65) expect(web[1]).toBe('  9:3    info     availability-pdb-missing        (<stdin>:47:3)');
      else expect(web.slice(1, 3)).toEqual(['  9:3    info     availability-pdb-missing', '         (<stdin>:47:3)']);
      expect(messageAfter(web, 'availability-pdb-missing', '9:3')).toBe(infoFinding.message);
      expect(messageAfter(web, 'resources-missing-memory-limit', '37:13')).toBe(helmWarning.message);
      const worker = group(text, 'manifests/worker.yaml');
      expect(messageAfter(worker, 'suppression-without-reason', '7:5')).toBe(annotationProblem.message);
    }
    const narrow = group(formatStylish(sampleResult(), sampleContext({ columns: 80 })), 'manifests/worker.yaml');
    // Greedy: each line takes words while they fit in 80 - 9 = 71 columns.
    expect(narrow.slice(1)).toEqual([
      '  7:5    warning  suppression-without-reason',
      '         Annotation ignore-check.kubeward.io/resources-missing-memory-limit',
      '         suppresses resources-missing-memory-limit without a reason; give the',
      "         reason as the annotation's value.",
      '  40:13  warning  resources-missing-memory-limit',
      '         suppressed: bounded by -Xmx; see TICKET-42',
    ]);
  });

  it('puts a long rendered location below the head line, for every finding of the file, when it does not fit', () => {
    const rendered = {
      file: 'charts/platform/rendered/production-eu-west-1/all-manifests.yaml',
      line: 1075,
      column: 13,
    };
    const findings = [
      { ...infoFinding, rendered: { ...rendered, line: 1047 } },
      { ...helmWarning, rendered },
    ];
    const at = (line: number) => `(${rendered.file}:${line}:13)`;
    const narrow = group(formatStylish(withFindings(findings), sampleContext({ columns: 100 })), helmWarning.file);
    expect(narrow).toEqual([
      helmWarning.file,
      '  9:3    info     availability-pdb-missing',
      `         ${at(1047)}`,
      `         ${infoFinding.message}`,
      '  37:13  warning  resources-missing-memory-limit',
      `         ${at(1075)}`,
      `         ${helmWarning.message}`,
    ]);
    const wide = group(formatStylish(withFindings(findings), sampleContext({ columns: 160 })), helmWarning.file);
    expect(wide[1]).toBe(`  9:3    info     availability-pdb-missing        ${at(1047)}`);
    expect(wide[3]).toBe(`  37:13  warning  resources-missing-memory-limit  ${at(1075)}`);
  });

  it(`wraps to ${DEFAULT_COLUMNS} columns when the context gives no width`, () => {
    const long = { ...helmError, message: Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ') };
    const text = formatStylish(withFindings([long]), sampleContext());
    const body = lines(text).filter((l) => l.startsWith('         '));
    expect(body.length).toBeGreaterThan(1);
    for (const l of body) expect(l.length).toBeLessThanOrEqual(DEFAULT_COLUMNS);
    expect(body[0]?.length).toBeGreaterThan(DEFAULT_COLUMNS - 8);
    expect(formatStylish(withFindings([long]), sampleContext({ columns: DEFAULT_COLUMNS }))).toBe(text);
  });

  it('keeps a word wider than the line whole, on a line of its own', () => {
    const key = `nginx.ingress.kubernetes.io/${'x'.repeat(80)}`;
    const f = { ...specialFinding, message: `Annotation ${key} is unknown.` };
    const body = lines(formatStylish(withFindings([f]), sampleContext({ columns: 60 }))).filter((l) =>
      l.startsWith('       '),
    );
    expect(body).toEqual(['       Annotation', `       ${key}`, '       is unknown.']);
  });

  it('measures wide characters as two columns when wrapping', () => {
    expect(displayWidth('数据 🚀 ok')).toBe(2 + 2 + 1 + 2 + 1 + 2);
    expect(wrapText('数据数据 数据数据 数据', 10)).toEqual(['数据数据', '数据数据', '数据']);
    expect(wrapText('abcd efgh ij', 10)).toEqual(['abcd efgh', 'ij']);
    expect(wrapText('two  spaces kept', 40)).toEqual(['two  spaces kept']);
  });

  it('lists suppressed findings under their file with the reason, not the message, and counts them', () => {
    expect(group(out, 'manifests/monitoring.yaml')).toEqual([
      'manifests/monitoring.yaml',
      '  30:15  error  resources-request-exceeds-limit  suppressed: vendor chart, tracked in OPS-7',
    ]);
    // After the file's own findings.
    expect(group(out, 'manifests/worker.yaml').at(-1)).toBe(
      '  40:13  warning  resources-missing-memory-limit  suppressed: bounded by -Xmx; see TICKET-42',
    );
    expect(out).not.toContain(suppressedByAnnotation.message);
    expect(out).not.toContain(suppressedByConfig.message);
    expect(out.endsWith('\n✖ 6 problems (3 errors, 2 warnings, 1 info), 2 suppressed\n')).toBe(true);
  });

  it('puts a reason that does not fit after the rule id on the lines below, and says when there is none', () => {
    const reason = 'the batch job is sized by the queue length, not by a limit; reviewed by the platform team in OPS-7';
    const long = { ...suppressedByAnnotation, suppressed: { by: 'annotation' as const, reason } };
    const none = { ...suppressedByAnnotation, line: 50, suppressed: { by: 'annotation' as const, reason: '  ' } };
    const text = formatStylish(withFindings([], [long, none]), sampleContext({ columns: 80 }));
    const worker = group(text, 'manifests/worker.yaml');
    expect(worker[1]).toBe('  40:13  warning  resources-missing-memory-limit');
    expect(messageAfter(worker, 'resources-missing-memory-limit', '40:13')).toBe(`suppressed: ${reason}`);
    expect(worker.at(-1)).toBe('  50:13  warning  resources-missing-memory-limit  suppressed: (no reason given)');
  });

  it('says so when there is nothing to report, listing what was suppressed', () => {
    expect(formatStylish(cleanResult(), sampleContext())).toBe('✔ no problems (12 objects in 3 files)\n');
    expect(formatStylish(cleanResult([suppressedByAnnotation]), sampleContext())).toBe(
      [
        'manifests/worker.yaml',
        '  40:13  warning  resources-missing-memory-limit  suppressed: bounded by -Xmx; see TICKET-42',
        '',
        '✔ no problems (12 objects in 3 files), 1 suppressed',
        '',
      ].join('\n'),
    );
    const one = cleanResult();
    one.summary.objects = 1;
    one.summary.files = 1;
    expect(formatStylish(one, sampleContext())).toBe('✔ no problems (1 object in 1 file)\n');
  });

  it('uses singular forms for one problem', () => {
    expect(formatStylish(withFindings([helmError]), sampleContext())).toMatch(
      /\n✖ 1 problem \(1 error, 0 warnings, 0 info\)\n$/,
    );
  });

  it('writes no ANSI codes without colour; with it, underlines headers, colours severities and dims suppressions', () => {
    expect(out).not.toContain(ESC);
    const colored = formatStylish(sampleResult(), sampleContext({ color: true }));
    expect(colored).toContain(`${ESC}[4mbroken.yaml${ESC}[24m`);
    expect(colored).toContain(`${ESC}[31merror`);
    expect(colored).toContain(`${ESC}[33mwarning`);
    expect(colored).toContain(`${ESC}[36minfo`);
    expect(colored).toContain(`${ESC}[1m${ESC}[31m✖ 6 problems`);
    expect(colored).toContain(
      `${ESC}[2m  30:15  error  resources-request-exceeds-limit  suppressed: vendor chart, tracked in OPS-7${ESC}[22m`,
    );
    expect(formatStylish(cleanResult(), sampleContext({ color: true }))).toBe(
      `${ESC}[32m✔ no problems (12 objects in 3 files)${ESC}[39m\n`,
    );
  });

  it('shows control and bidi characters from manifests and reasons as visible escapes', () => {
    const special = group(out, SPECIAL_FILE);
    expect(messageAfter(special, 'ingress-nginx-snippet-annotation', '9:5')).toBe(
      String.raw`Annotation nginx.ingress.kubernetes.io/server-snippet injects "return 200 '<b>ok</b>' & ]]>"; 100% raw,\r\nsee: a:b, c \x1b[31mred\x1b[0m \u202eevil 🚀 数据.`,
    );
    expect(out).not.toContain('\r');
    expect(out).not.toContain('\u202e');
    const evil = { ...suppressedByConfig, suppressed: { by: 'config' as const, reason: 'ok\u001b[2J\nnext' } };
    const text = formatStylish(withFindings([], [evil]), sampleContext());
    expect(text).toContain(String.raw`suppressed: ok\x1b[2J\nnext`);
    expect(text).not.toContain(ESC);
    // 6 headers + 6 head lines + 8 message lines (two wrap at 120) + 2 suppressed + 6 blank lines + the summary +
    // the final newline.
    expect(lines(out)).toHaveLength(6 + 6 + 8 + 2 + 6 + 1 + 1);
  });

  it('shows paths below cwd relative to it and others as given', () => {
    const absolute: Finding = { ...annotationProblem, file: '/repo/manifests/worker.yaml' };
    const outside: Finding = { ...inputError, file: '/tmp/other.yaml' };
    const text = formatStylish(withFindings([absolute, outside]), sampleContext());
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
    shuffled.suppressed = [...shuffled.suppressed].reverse();
    expect(formatStylish(shuffled, sampleContext())).toBe(out);
  });

  it('formats 200,000 findings in one file (no argument-list limit on the column widths)', () => {
    const many: Finding[] = Array.from({ length: 200_000 }, (_, i) => ({ ...helmWarning, line: i + 1 }));
    const text = formatStylish(withFindings(many), sampleContext());
    expect(lines(text).filter((l) => /^ {2}\d/.test(l))).toHaveLength(200_000);
    expect(lines(text).filter((l) => l.endsWith(helmWarning.message))).toHaveLength(200_000);
  });
});
