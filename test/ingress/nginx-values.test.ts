import { describe, expect, it } from 'vitest';
import { type NginxValueSpec, nginxAnnotationByName } from '../../src/ingress/nginx-catalogue.js';
import { nginxValueProblem } from '../../src/ingress/nginx-values.js';

function specOf(name: string): NginxValueSpec {
  const entry = nginxAnnotationByName(name);
  if (entry === undefined) throw new Error(`no catalogue entry ${name}`);
  return entry.value;
}

const problem = (name: string, value: string): string | undefined => nginxValueProblem(specOf(name), value)?.reason;

describe('value checks', () => {
  it('booleans follow strconv.ParseBool', () => {
    expect(problem('ssl-redirect', 'true')).toBeUndefined();
    expect(problem('ssl-redirect', 'False')).toBeUndefined();
    expect(problem('ssl-redirect', 'yes')).toMatch(/not a boolean/);
    expect(problem('ssl-redirect', 'on')).toMatch(/not a boolean/);
  });

  it('timeouts are whole seconds without a unit', () => {
    expect(problem('proxy-read-timeout', '600')).toBeUndefined();
    expect(problem('proxy-read-timeout', '60s')).toBe('takes a whole number of seconds with no unit');
    expect(problem('proxy-read-timeout', '1.5')).toBe('is not a whole number of seconds');
    expect(problem('limit-rps', 'ten')).toBe('is not an integer');
  });

  it('redirect codes outside 3xx fall back to the default', () => {
    expect(nginxValueProblem(specOf('permanent-redirect-code'), '200')).toEqual({
      reason: 'is outside 300-308',
      effect: 'defaulted',
    });
    expect(problem('permanent-redirect-code', '308')).toBeUndefined();
  });

  it('sizes use nginx units', () => {
    for (const ok of ['0', '8m', '512k', '1G', '100']) expect(problem('proxy-body-size', ok)).toBeUndefined();
    for (const bad of ['10MB', '1.5m', '10 m', '']) expect(problem('proxy-body-size', bad)).toMatch(/nginx size/);
  });

  it('CIDR lists accept addresses and networks, and name the bad entries', () => {
    expect(problem('allowlist-source-range', '10.0.0.0/8, 192.168.1.7,2001:db8::/32')).toBeUndefined();
    expect(problem('allowlist-source-range', '10.0.0.0/8,')).toBe(
      'has an empty entry, which is not an IP address or CIDR',
    );
    expect(problem('allowlist-source-range', '10.0.0.0/33,office')).toBe(
      'has "10.0.0.0/33", "office", which are not IP addresses or CIDRs',
    );
  });

  it('enumerations respect the case rule of their validator', () => {
    expect(problem('backend-protocol', 'https')).toBeUndefined();
    expect(problem('session-cookie-samesite', 'None')).toBeUndefined();
    expect(problem('affinity', 'Cookie')).toBe('is not "cookie"');
    expect(problem('load-balance', 'least_conn')).toMatch(/^is not one of "round_robin", "chash"/);
    expect(problem('proxy-ssl-verify', 'true')).toBe('is not one of "on", "off"');
  });

  it('URLs, status lists and paths', () => {
    expect(problem('auth-url', 'https://$host/oauth2/auth')).toBeUndefined();
    expect(problem('auth-url', 'oauth2-proxy.auth.svc/oauth2/auth')).toBe('is not an absolute http(s) URL');
    expect(nginxValueProblem(specOf('permanent-redirect'), '/new')?.effect).toBe('ignored');
    expect(problem('custom-http-errors', '404,503')).toBeUndefined();
    expect(problem('custom-http-errors', '404,302')).toMatch(/"302"/);
    expect(nginxValueProblem(specOf('x-forwarded-prefix'), 'true')?.effect).toBe('literal');
    expect(problem('x-forwarded-prefix', '/api')).toBeUndefined();
    expect(problem('configuration-snippet', 'anything at all;')).toBeUndefined();
  });
});
