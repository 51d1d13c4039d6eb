import { describe, expect, it } from 'vitest';
import { compareVersions, formatVersion, parseVersion, versionConstant } from '../../src/ingress/nginx-versions.js';

const v = versionConstant;

describe('controller versions', () => {
  it('parses v-prefixed, bare, legacy and pre-release versions', () => {
    expect(parseVersion('v1.11.2')?.text).toBe('1.11.2');
    expect(parseVersion('1.11.2')?.text).toBe('1.11.2');
    expect(parseVersion('0.26.1')).toMatchObject({ major: 0, minor: 26, patch: 1, prerelease: [] });
    expect(parseVersion('v1.12.0-beta.0')).toMatchObject({ minor: 12, prerelease: ['beta', '0'] });
    expect(parseVersion('v1.12.0-beta.0')?.text).toBe('1.12.0-beta.0');
  });

  it('rejects tags that are not versions', () => {
    for (const tag of ['latest', 'v1.11', 'main', '1.11.2.1', 'nginx-1.12.1-rancher1', '']) {
      expect(parseVersion(tag), tag).toBeUndefined();
    }
  });

  it('orders versions numerically, with pre-releases before their release', () => {
    const order = ['0.49.3', '1.0.0-beta.1', '1.0.0', '1.9.6', '1.10.0', '1.12.0-beta.0', '1.12.0', '1.12.1'];
    const sorted = [...order].reverse().map(v).sort(compareVersions);
    expect(sorted.map((x) => x.text)).toEqual(order);
    expect(compareVersions(v('1.0.0-beta.2'), v('1.0.0-beta.10'))).toBeLessThan(0);
    expect(compareVersions(v('v1.11.5'), v('1.11.5'))).toBe(0);
  });

  it('formats versions the way the project tags them', () => {
    expect(formatVersion(v('1.11.2'))).toBe('v1.11.2');
  });
});
