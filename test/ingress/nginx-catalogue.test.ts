import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { controllerPrefixOf } from '../../src/ingress/annotation-prefixes.js';
import { captureGroupCount, looksLikeRegex, maxCaptureRef } from '../../src/ingress/ingress-paths.js';
import { NGINX_ANNOTATIONS } from '../../src/ingress/nginx-catalogue.gen.js';
import { type NginxValueSpec, nginxAnnotationByKey, nginxAnnotationByName } from '../../src/ingress/nginx-catalogue.js';
import { nginxValueProblem } from '../../src/ingress/nginx-values.js';
import { annotationGroupsText, suggestNginxName } from '../../src/rules/shared/annotation-text.js';

const root = join(import.meta.dirname, '..', '..');
const research = join(root, 'data', 'research');
const haveResearch = existsSync(join(research, 'nginx-annotations.json'));
const skipNote = haveResearch ? '' : ' (skipped: ../shared/research is not present)';

const count = (pred: (a: (typeof NGINX_ANNOTATIONS)[number]) => boolean): number =>
  NGINX_ANNOTATIONS.filter(pred).length;

function specOf(name: string): NginxValueSpec {
  const entry = nginxAnnotationByName(name);
  if (entry === undefined) throw new Error(`no catalogue entry ${name}`);
  return entry.value;
}

const problem = (name: string, value: string): string | undefined => nginxValueProblem(specOf(name), value)?.reason;

describe('the ingress-nginx annotation catalogue', () => {
  it('has the counts of the research: 136 active keys, 2 aliases, 29 removed, 5 Critical, 10 High', () => {
    expect(NGINX_ANNOTATIONS).toHaveLength(167);
    expect(count((a) => a.status === 'active')).toBe(136);
    expect(count((a) => a.status === 'alias')).toBe(2);
    expect(count((a) => a.status === 'removed')).toBe(29);
    expect(count((a) => a.status === 'active' && a.riskLevel === 'Critical')).toBe(5);
    expect(count((a) => a.status === 'active' && a.riskLevel === 'High')).toBe(10);
  });

  it('marks the five snippets as Critical snippet keys, and nothing else', () => {
    const snippets = NGINX_ANNOTATIONS.filter((a) => a.snippet).map((a) => a.name);
    expect(snippets.sort()).toEqual([
      'auth-snippet',
      'configuration-snippet',
      'modsecurity-snippet',
      'server-snippet',
      'stream-snippet',
    ]);
    for (const name of snippets) {
      expect(nginxAnnotationByName(name)).toMatchObject({ riskLevel: 'Critical', value: { kind: 'snippet' } });
    }
  });

  it('links each legacy alias to its canonical key and back', () => {
    expect(nginxAnnotationByName('whitelist-source-range')).toMatchObject({
      status: 'alias',
      aliasOf: 'allowlist-source-range',
    });
    expect(nginxAnnotationByName('allowlist-source-range')?.aliases).toEqual(['whitelist-source-range']);
    expect(nginxAnnotationByName('limit-whitelist')?.aliasOf).toBe('limit-allowlist');
  });

  it('records removal versions and successors of removed keys', () => {
    expect(nginxAnnotationByName('secure-backends')).toMatchObject({
      status: 'removed',
      removedIn: '0.21.0',
      replacement: 'backend-protocol: HTTPS',
    });
    expect(nginxAnnotationByName('global-rate-limit')?.removedIn).toBe('1.12.0');
    expect(nginxAnnotationByName('mirror-uri')?.replacement).toBe('mirror-target');
    expect(nginxAnnotationByName('vts-filter-key')?.replacement).toBeNull();
  });

  it('carries what ingress2gateway does with each key', () => {
    expect(nginxAnnotationByName('enable-cors')?.i2g).toMatchObject({ status: 'translated', supported: true });
    expect(nginxAnnotationByName('proxy-body-size')?.i2g).toMatchObject({
      status: 'emitter-specific',
      supported: false,
    });
    expect(nginxAnnotationByName('auth-url')?.i2g.status).toBe('not-recognized');
    expect(nginxAnnotationByName('auth-url')?.cves).toContain('CVE-2025-24514');
  });

  it('looks keys up by full key and by name', () => {
    expect(nginxAnnotationByKey('nginx.ingress.kubernetes.io/rewrite-target')?.group).toBe('rewrite');
    expect(nginxAnnotationByKey('nginx.org/rewrites')).toBeUndefined();
    expect(nginxAnnotationByKey('nginx.ingress.kubernetes.io/rewrite-targe')).toBeUndefined();
    expect(nginxAnnotationByName('ssl-passthrough')?.group).toBe('ssl-passthrough');
  });

  it('suggests the nearest live key for a typo, and nothing for an unrelated name', () => {
    expect(suggestNginxName('rewrite-targe')).toBe('rewrite-target');
    expect(suggestNginxName('proxy-body-szie')).toBe('proxy-body-size');
    expect(suggestNginxName('enable-cros')).toBe('enable-cors');
    expect(suggestNginxName('team-owner-contact-email')).toBeUndefined();
  });

  it('types values from the validators', () => {
    expect(specOf('proxy-read-timeout')).toEqual({ kind: 'int', unit: 'seconds', min: null, max: null });
    expect(specOf('backend-protocol')).toMatchObject({ kind: 'enum', caseSensitive: false });
    expect(specOf('load-balance')).toMatchObject({ kind: 'enum', values: expect.arrayContaining(['ewma']) });
    expect(specOf('affinity')).toEqual({ kind: 'enum', values: ['cookie'], caseSensitive: true });
    expect(specOf('session-cookie-secure').kind).toBe('boolean');
    expect(specOf('proxy-body-size').kind).toBe('size');
    expect(specOf('denylist-source-range').kind).toBe('cidr-list');
    expect(specOf('custom-http-errors').kind).toBe('status-list');
    expect(specOf('auth-url').kind).toBe('url');
    expect(specOf('cors-allow-origin').kind).toBe('string');
    expect(specOf('add-base-url').kind).toBe('none');
  });
});

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

describe('controller prefixes', () => {
  it('knows the prefixes of other controllers, and that cert-manager is not one', () => {
    expect(controllerPrefixOf('traefik.ingress.kubernetes.io/router.tls')?.controller).toBe('traefik');
    expect(controllerPrefixOf('nginx.com/health-checks')?.controller).toBe('f5-nginx');
    expect(controllerPrefixOf('haproxy.router.openshift.io/timeout')?.controller).toBe('openshift-router');
    expect(controllerPrefixOf('alb.ingress.kubernetes.io/scheme')?.controller).toBe('aws-alb');
    expect(controllerPrefixOf('networking.gke.io/managed-certificates')?.controller).toBe('gce');
    expect(controllerPrefixOf('cert-manager.io/cluster-issuer')).toBeUndefined();
    expect(controllerPrefixOf('kubernetes.io/ingress.class')).toBeUndefined();
  });

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

describe('the generated file', () => {
  it.skipIf(!haveResearch)(`is up to date with ../shared/research${skipNote}`, () => {
    const fresh = execFileSync(process.execPath, [join(root, 'scripts', 'gen-nginx-catalogue.mjs'), '--stdout'], {
      encoding: 'utf8',
      env: { ...process.env, KUBEWARD_RESEARCH: research },
    });
    const committed = readFileSync(join(root, 'src', 'ingress', 'nginx-catalogue.gen.ts'), 'utf8');
    expect(committed, 'stale: run node scripts/gen-nginx-catalogue.mjs').toBe(fresh);
  });

  it.skipIf(!haveResearch)(`agrees key by key with nginx-annotations.json${skipNote}`, () => {
    const data = JSON.parse(readFileSync(join(research, 'nginx-annotations.json'), 'utf8')) as {
      key: string;
      status: string;
      riskLevel: string | null;
    }[];
    for (const e of data) {
      expect(nginxAnnotationByKey(e.key), e.key).toMatchObject({ status: e.status, riskLevel: e.riskLevel });
    }
  });
});
