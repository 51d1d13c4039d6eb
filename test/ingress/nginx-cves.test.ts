import { describe, expect, it } from 'vitest';
import { INGRESS_NGINX_CVES } from '../../src/ingress/ingress-nginx-data.gen.js';
import { cvesAffecting, nextFixFor } from '../../src/ingress/nginx-cves.js';
import {
  FINAL_RELEASES,
  FINAL_RELEASES_TEXT,
  formatVersion,
  isAfterRetirement,
  nearestFinalRelease,
  RETIRED_IN,
  versionConstant,
} from '../../src/ingress/nginx-versions.js';

const v = versionConstant;

const ids = (version: string): string[] => cvesAffecting(version).map((c) => c.id);

const cve = (id: string) => {
  const found = INGRESS_NGINX_CVES.find((c) => c.id === id);
  if (found === undefined) throw new Error(`no ${id} in the data`);
  return found;
};

describe('the CVE data', () => {
  it('holds every advisory of the research file, each with a fixed version per release line', () => {
    expect(INGRESS_NGINX_CVES).toHaveLength(21);
    for (const c of INGRESS_NGINX_CVES) {
      expect(c.fixed.length, c.id).toBeGreaterThan(0);
      const lines = c.fixed.map((f) => f.split('.').slice(0, 2).join('.'));
      expect(new Set(lines).size, c.id).toBe(lines.length);
    }
  });

  it('rates IngressNightmare critical and needing only the webhook', () => {
    expect(cve('CVE-2025-1974')).toMatchObject({
      score: 9.8,
      severity: 'critical',
      fixed: ['1.11.5', '1.12.1'],
      needsWebhookReachable: true,
      needsIngressCreate: false,
    });
    expect(cve('CVE-2025-24513').severity).toBe('unknown');
    expect(cve('CVE-2026-4342').severity).toBe('high');
    expect(cve('CVE-2026-24514')).toMatchObject({ severity: 'medium', needsWebhookReachable: true });
  });

  it('marks the advisories that only a setting mitigates', () => {
    expect(cve('CVE-2021-25742')).toMatchObject({ fixed: ['0.49.1', '1.0.1'], fixKind: 'mitigation' });
    expect(cve('CVE-2023-5043')).toMatchObject({ fixed: ['1.9.0'], fixKind: 'mitigation' });
    expect(cve('CVE-2025-1974').fixKind).toBe('release');
  });

  it('knows the final releases and when the project retired', () => {
    expect(FINAL_RELEASES.map(formatVersion)).toEqual(['v1.13.9', 'v1.14.5', 'v1.15.1']);
    expect(FINAL_RELEASES_TEXT).toBe('v1.15.1, v1.14.5 and v1.13.9');
    expect(RETIRED_IN).toBe('March 2026');
  });
});

describe('cvesAffecting', () => {
  it('exposes v1.11.4 and v1.12.0 to IngressNightmare, and not v1.11.5 or v1.12.1', () => {
    expect(ids('v1.11.4')).toContain('CVE-2025-1974');
    expect(ids('v1.12.0')).toContain('CVE-2025-1974');
    expect(ids('v1.12.0-beta.0')).toContain('CVE-2025-1974');
    expect(ids('v1.11.5')).not.toContain('CVE-2025-1974');
    expect(ids('v1.12.1')).not.toContain('CVE-2025-1974');
    expect(ids('v1.13.0')).not.toContain('CVE-2025-1974');
  });

  it('treats a line newer than every fixed one as fixed, and an older line as exposed', () => {
    expect(ids('v1.14.0')).not.toContain('CVE-2025-15566');
    expect(ids('v1.13.0')).toContain('CVE-2025-15566');
    expect(ids('v1.12.4')).toContain('CVE-2025-15566');
    expect(ids('v1.12.5')).not.toContain('CVE-2025-15566');
    expect(ids('v1.11.8')).toContain('CVE-2025-15566');
  });

  it('uses the backport of each line', () => {
    expect(ids('v1.10.3')).toContain('CVE-2024-7646');
    expect(ids('v1.10.4')).not.toContain('CVE-2024-7646');
    expect(ids('v1.11.1')).toContain('CVE-2024-7646');
    expect(ids('v1.11.2')).not.toContain('CVE-2024-7646');
  });

  it('keeps a line between two fixed lines exposed when it got no fix of its own', () => {
    // The setting that mitigates CVE-2021-25742 came with v0.49.1 and v1.0.1; 0.50 is its own line.
    expect(ids('0.49.1')).not.toContain('CVE-2021-25742');
    expect(ids('0.50.0')).toContain('CVE-2021-25742');
    expect(ids('v1.0.0')).toContain('CVE-2021-25742');
    expect(ids('v1.0.1')).not.toContain('CVE-2021-25742');
  });

  it('finds nothing in the final releases, and only the last advisory in v1.15.0', () => {
    for (const f of FINAL_RELEASES) expect(cvesAffecting(f), f.text).toEqual([]);
    expect(ids('v1.15.0')).toEqual(['CVE-2026-4342']);
    expect(ids('v1.14.4')).toEqual(['CVE-2026-4342']);
  });

  it('lists the most severe first and returns nothing for a tag that is not a version', () => {
    expect(ids('v1.11.4')[0]).toBe('CVE-2025-1974');
    expect(cvesAffecting('latest')).toEqual([]);
  });

  it('names the next version that fixes each advisory, and the final release to move to', () => {
    expect(nextFixFor(cve('CVE-2025-1974'), v('1.11.2'))?.text).toBe('1.11.5');
    expect(nextFixFor(cve('CVE-2025-1974'), v('1.12.0'))?.text).toBe('1.12.1');
    expect(nextFixFor(cve('CVE-2025-15566'), v('1.11.8'))?.text).toBe('1.12.5');
    expect(nearestFinalRelease(v('1.11.2')).text).toBe('1.13.9');
    expect(nearestFinalRelease(v('1.14.0')).text).toBe('1.14.5');
    expect(nearestFinalRelease(v('1.15.0')).text).toBe('1.15.1');
  });

  it('tells versions the retired project never released', () => {
    expect(isAfterRetirement(v('1.15.2'))).toBe(true);
    expect(isAfterRetirement(v('1.14.6'))).toBe(true);
    expect(isAfterRetirement(v('1.16.0'))).toBe(true);
    expect(isAfterRetirement(v('1.15.1'))).toBe(false);
    expect(isAfterRetirement(v('1.12.8'))).toBe(false);
  });
});
