/**
 * The target Kubernetes version: `kubeVersion:` in .kubeward.yaml and `--kube-version`, which overrides it, reach the
 * api-version-removed rule and helm's rendering; invalid values are usage or config errors with what to write.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KUBE_VERSION_PATTERN, NEWEST_KNOWN_KUBE_VERSION, parseKubeVersion } from '../../src/k8s/api-versions.js';
import { hasStackTrace, ROOT, runCli, spawnCli } from '../helpers/cli.js';
import { helmBinary } from '../helpers/helm.js';
import { scratchDir } from '../helpers/scratch.js';

const INGRESS = `apiVersion: extensions/v1beta1
kind: Ingress
metadata: {name: web, namespace: shop}
spec:
  rules:
    - host: shop.example.com
      http:
        paths:
          - {path: /, pathType: Prefix, backend: {serviceName: web, servicePort: 80}}
`;

function project(files: Record<string, string>): string {
  const dir = scratchDir('kube-version');
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

interface JsonFinding {
  ruleId: string;
  severity: string;
  message: string;
  line: number;
}

function apiFindings(stdout: string): JsonFinding[] {
  return (JSON.parse(stdout).findings as JsonFinding[]).filter((f) => f.ruleId === 'api-version-removed');
}

describe('parseKubeVersion', () => {
  it('takes what helm --kube-version takes and keeps major.minor', () => {
    for (const [text, minor] of [
      ['1.29', 29],
      ['v1.29', 29],
      ['1.29.3', 29],
      ['v1.29.3-gke.100', 29],
      ['1.30.2+k3s1', 30],
      [' 1.8 ', 8],
    ] as const) {
      expect(parseKubeVersion(text), text).toEqual({ ok: true, version: { major: 1, minor } });
    }
  });

  it('rejects garbage and versions that are not 1.x, saying what it expects', () => {
    for (const text of ['', 'banana', '1', 'v1', '1.x', '1.29.', '1..29', 'latest', '129']) {
      const r = parseKubeVersion(text);
      expect(r.ok, text).toBe(false);
      if (!r.ok) expect(r.problem).toContain('expected major.minor, such as 1.29');
    }
    const two = parseKubeVersion('2.1');
    expect(two.ok).toBe(false);
    if (!two.ok) expect(two.problem).toContain('every Kubernetes release is 1.x');
  });

  it('is the pattern the config schema validates kubeVersion with', () => {
    const schema = JSON.parse(readFileSync(join(ROOT, 'schema', 'kubeward-config.schema.json'), 'utf8'));
    expect(schema.properties.kubeVersion.pattern).toBe(KUBE_VERSION_PATTERN);
  });
});

describe('kubeVersion in .kubeward.yaml and --kube-version', () => {
  it('default to the newest minor kubeward knows: a removed version is an error', async () => {
    const dir = project({ 'ing.yaml': INGRESS });
    const r = await runCli(['lint', 'ing.yaml', '-f', 'json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(1);
    expect(apiFindings(r.stdout)).toMatchObject([
      { severity: 'error', line: 1, message: expect.stringContaining(`(target ${NEWEST_KNOWN_KUBE_VERSION})`) },
    ]);
  });

  it('take the config key, normalized to major.minor: deprecated but served on 1.21 is a warning', async () => {
    const dir = project({ '.kubeward.yaml': 'kubeVersion: "v1.21.14-eks.1"\n', 'ing.yaml': INGRESS });
    const r = await runCli(['lint', 'ing.yaml', '-f', 'json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(apiFindings(r.stdout)).toMatchObject([
      { severity: 'warning', message: expect.stringContaining('removed in 1.22 (target 1.21)') },
    ]);
  });

  it('let --kube-version override the config, in the built binary', () => {
    const dir = project({ '.kubeward.yaml': 'kubeVersion: "1.21"\n', 'ing.yaml': INGRESS });
    const later = spawnCli(['lint', 'ing.yaml', '-f', 'json', '--kube-version', 'v1.22.0'], { cwd: dir });
    expect(later.code, later.stderr).toBe(1);
    expect(apiFindings(later.stdout)).toMatchObject([
      { severity: 'error', message: expect.stringContaining('removed in Kubernetes 1.22 (target 1.22)') },
    ]);
    const earlier = spawnCli(['lint', 'ing.yaml', '-f', 'json', '--kube-version', '1.13'], { cwd: dir });
    expect(earlier.code, earlier.stderr).toBe(0);
    expect(apiFindings(earlier.stdout)).toEqual([]);
  });

  it('make an invalid --kube-version a usage error (exit 2) that says what to give', () => {
    const dir = project({ 'ing.yaml': INGRESS });
    const r = spawnCli(['lint', 'ing.yaml', '--kube-version', 'banana'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('--kube-version: "banana" is not a Kubernetes version: expected major.minor');
    expect(r.stderr).toContain('hint: Give the Kubernetes version the manifests are applied to');
    expect(hasStackTrace(r.stderr)).toBe(false);
  });

  it('make an invalid kubeVersion a config error with its line, and say to quote a number', async () => {
    const bad = project({ '.kubeward.yaml': 'failOn: error\nkubeVersion: "2.1"\n', 'ing.yaml': INGRESS });
    const r = await runCli(['lint', 'ing.yaml'], { cwd: bad });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('.kubeward.yaml:2:1: kubeVersion: "2.1" is not a Kubernetes version');
    const unquoted = project({ '.kubeward.yaml': 'kubeVersion: 1.30\n', 'ing.yaml': INGRESS });
    const n = await runCli(['lint', 'ing.yaml'], { cwd: unquoted });
    expect(n.code).toBe(2);
    expect(n.stderr).toContain('kubeVersion: must be a string, got 1.3');
    expect(n.stderr).toContain('Quote it');
  });
});

const bin = helmBinary();

describe.skipIf('unavailable' in bin)('the target and helm', () => {
  // A chart that picks the Ingress apiVersion from the version helm renders for, as charts did before 1.19.
  const chart = {
    'chart/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n',
    'chart/templates/ingress.yaml': `{{- if semverCompare "<1.19-0" .Capabilities.KubeVersion.Version }}
apiVersion: extensions/v1beta1
{{- else }}
apiVersion: networking.k8s.io/v1
{{- end }}
kind: Ingress
metadata: {name: web, namespace: shop}
spec:
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              {{- if semverCompare "<1.19-0" .Capabilities.KubeVersion.Version }}
              serviceName: web
              servicePort: 80
              {{- else }}
              service: {name: web, port: {number: 80}}
              {{- end }}
`,
  };
  const helmArgs = 'path' in bin ? ['--helm', bin.path] : [];

  it('renders charts for the config kubeVersion when no --kube-version is given, and for the flag when it is', () => {
    const dir = project({ ...chart, '.kubeward.yaml': 'kubeVersion: "1.18"\n' });
    const old = spawnCli(['lint', 'chart', '-f', 'json', ...helmArgs], { cwd: dir });
    expect(old.code, old.stderr).toBe(0);
    expect(apiFindings(old.stdout)).toMatchObject([
      {
        severity: 'warning',
        message: expect.stringContaining('uses extensions/v1beta1, deprecated since Kubernetes 1.14'),
      },
    ]);
    const current = spawnCli(['lint', 'chart', '-f', 'json', '--kube-version', 'v1.36.3', ...helmArgs], { cwd: dir });
    expect(current.code, current.stderr).toBe(0);
    expect(apiFindings(current.stdout)).toEqual([]);
  });
});
