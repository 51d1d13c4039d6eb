import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/engine/types.js';
import { escapeData, escapeProperty, formatGithub } from '../../src/report/github.js';
import { cleanResult, helmWarning, inputError, sampleContext, sampleResult, suppressedByAnnotation } from './sample.js';

const out = formatGithub(sampleResult(), sampleContext());
const lines = out.split('\n');

describe('github', () => {
  it('writes one workflow command per finding, sorted, then a summary line', () => {
    expect(out.endsWith('\n')).toBe(true);
    expect(lines).toHaveLength(6 + 1 + 1);
    expect(
      lines.slice(0, 6).every((l) => /^::(error|warning|notice) file=[^,]+,line=\d+,col=\d+,title=[^,:]+::/.test(l)),
    ).toBe(true);
    expect(lines[6]).toBe('kubeward: ✖ 6 problems (3 errors, 2 warnings, 1 info), 2 suppressed');
    expect(lines[7]).toBe('');
  });

  it('annotates the Helm template (not the rendered stream), with the rule id as title', () => {
    expect(lines).toContain(
      '::warning file=examples/shop/templates/web-deployment.yaml,line=37,col=13,title=resources-missing-memory-limit::Container web has no memory limit, so it can use memory until the node runs out.',
    );
    expect(out).not.toContain('<stdin>');
  });

  it('maps error → ::error, warning → ::warning, info → ::notice', () => {
    expect(lines[0]).toBe(
      '::error file=broken.yaml,line=3,col=7,title=input-invalid-yaml::invalid YAML: bad indentation of a mapping entry (3:7).',
    );
    expect(lines.filter((l) => l.startsWith('::error ')).length).toBe(3);
    expect(lines.filter((l) => l.startsWith('::warning ')).length).toBe(2);
    expect(lines.filter((l) => l.startsWith('::notice ')).length).toBe(1);
  });

  it('escapes % CR LF in the message, and also : and , in properties', () => {
    const line = lines.find((l) => l.includes('title=ingress-nginx-snippet-annotation')) ?? '';
    expect(
      line.startsWith(
        '::error file=manifests/eu%2Cwest%3A1/ingress 100%25.yaml,line=9,col=5,title=ingress-nginx-snippet-annotation::',
      ),
    ).toBe(true);
    expect(line).toContain(`"return 200 '<b>ok</b>' & ]]>"; 100%25 raw,%0D%0Asee: a:b, c `);
    expect(escapeData('100% a:b,c\r\nx')).toBe('100%25 a:b,c%0D%0Ax');
    expect(escapeProperty('100% a:b,c\r\nx')).toBe('100%25 a%3Ab%2Cc%0D%0Ax');
    expect(escapeData('%0A')).toBe('%250A');
  });

  it('shows other control characters as visible escapes and keeps other Unicode', () => {
    const line = lines.find((l) => l.includes('title=ingress-nginx-snippet-annotation')) ?? '';
    expect(line).toContain(String.raw`\x1b[31mred\x1b[0m \u202eevil 🚀 数据.`);
    const unsafe = [...out].filter((c) => c !== '\n' && ((c.codePointAt(0) ?? 0) < 0x20 || c === '\u202e'));
    expect(unsafe).toEqual([]);
  });

  it('cannot be tricked into a second command by a message or a path', () => {
    const evil: Finding = {
      ...inputError,
      file: 'a\n::error::x.yaml',
      message: 'first\n::add-mask::secret\r::stop-commands::t',
    };
    const text = formatGithub({ ...cleanResult(), findings: [evil] }, sampleContext());
    expect(text.split('\n').filter((l) => l.startsWith('::'))).toHaveLength(1);
    expect(text).toContain('file=a%0A%3A%3Aerror%3A%3Ax.yaml,');
    expect(text).toContain('::first%0A::add-mask::secret%0D::stop-commands::t');
  });

  it('leaves suppressed findings out, counts them, and says when all is clean', () => {
    expect(out).not.toContain(suppressedByAnnotation.message);
    expect(formatGithub(cleanResult([suppressedByAnnotation]), sampleContext())).toBe(
      'kubeward: ✔ no problems (12 objects in 3 files), 1 suppressed\n',
    );
  });

  it('uses paths relative to cwd, and never a line or column below 1', () => {
    const moved: Finding = { ...helmWarning, file: '/repo/charts/shop/templates/web.yaml', line: 0, column: 0 };
    expect(formatGithub({ ...cleanResult(), findings: [moved] }, sampleContext())).toMatch(
      /^::warning file=charts\/shop\/templates\/web\.yaml,line=1,col=1,title=/,
    );
  });
});
