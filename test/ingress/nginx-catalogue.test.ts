import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NGINX_ANNOTATIONS } from '../../src/ingress/nginx-catalogue.gen.js';
import { type NginxValueSpec, nginxAnnotationByKey, nginxAnnotationByName } from '../../src/ingress/nginx-catalogue.js';

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
