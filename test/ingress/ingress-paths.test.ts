import { describe, expect, it } from 'vitest';
import { captureGroupCount, looksLikeRegex, maxCaptureRef } from '../../src/ingress/ingress-paths.js';

describe('regex helpers', () => {
  it('counts capture groups the way PCRE numbers them', () => {
    expect(captureGroupCount('/something(/|$)(.*)')).toBe(2);
    expect(captureGroupCount('/(?:v1|v2)/(\\d+)')).toBe(1);
    expect(captureGroupCount('/(?<id>[0-9]+)/(?=x)')).toBe(1);
    expect(captureGroupCount('/[(]literal\\(x\\)')).toBe(0);
    expect(captureGroupCount('/api')).toBe(0);
  });

  it('finds the highest capture reference of a rewrite target', () => {
    expect(maxCaptureRef('/$2')).toBe(2);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: nginx ${...} syntax, not a template
    expect(maxCaptureRef('/static/${1}/$host')).toBe(1);
    expect(maxCaptureRef('/')).toBe(0);
  });

  it('tells regex paths from plain ones', () => {
    expect(looksLikeRegex('/api/v[0-9]+')).toBe(true);
    expect(looksLikeRegex('/foo/.*')).toBe(true);
    expect(looksLikeRegex('/.well-known/acme-challenge')).toBe(false);
  });
});
