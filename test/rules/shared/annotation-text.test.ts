import { describe, expect, it } from 'vitest';
import { annotationGroupsText, suggestNginxName } from '../../../src/rules/shared/annotation-text.js';

describe('suggestNginxName', () => {
  it('suggests the nearest live key for a typo, and nothing for an unrelated name', () => {
    expect(suggestNginxName('rewrite-targe')).toBe('rewrite-target');
    expect(suggestNginxName('proxy-body-szie')).toBe('proxy-body-size');
    expect(suggestNginxName('enable-cros')).toBe('enable-cors');
    expect(suggestNginxName('team-owner-contact-email')).toBeUndefined();
  });
});

describe('annotationGroupsText', () => {
  it('describes a set of keys by group, largest first', () => {
    expect(
      annotationGroupsText([
        'nginx.ingress.kubernetes.io/enable-cors',
        'nginx.ingress.kubernetes.io/cors-allow-origin',
        'nginx.ingress.kubernetes.io/auth-snippet',
        'nginx.ingress.kubernetes.io/rewrite-targe',
        'alb.ingress.kubernetes.io/healthcheck-path',
        'alb.ingress.kubernetes.io/healthcheck-port',
      ]),
    ).toBe('CORS (2), healthcheck-* (2), snippets (1), unknown keys (1)');
  });
});
