/** The programmatic API, as an embedding tool uses it (through the package entry point). */
import { describe, expect, it } from 'vitest';
import { allRules, formatResult, KubewardError, lintObjects, lintText } from '../src/index.js';

const pod = `apiVersion: v1
kind: Pod
metadata:
  name: batch
  namespace: jobs
spec:
  containers:
    - name: main
      image: busybox:1.36
`;

describe('programmatic API', () => {
  it('lintText returns findings with file and line', async () => {
    const result = await lintText(pod, { file: 'pod.yaml' });
    const f = result.findings.find((x) => x.ruleId === 'resources-qos-class');
    expect(f).toMatchObject({ file: 'pod.yaml', line: 8, object: { kind: 'Pod', name: 'batch', namespace: 'jobs' } });
    expect(result.summary.objects).toBe(1);
  });

  it('takes a config object in the .kubeward.yaml format, and validates it', async () => {
    const quiet = await lintText(pod, {
      config: {
        rules: {
          'resources-qos-class': 'off',
          'resources-missing-requests': 'off',
          'resources-missing-memory-limit': 'error',
        },
      },
    });
    expect(quiet.findings.map((f) => [f.ruleId, f.severity])).toEqual([['resources-missing-memory-limit', 'error']]);
    await expect(lintText(pod, { config: { rules: { 'no-such-rule': 'off' } } })).rejects.toBeInstanceOf(KubewardError);
  });

  it('lintObjects lints objects already in memory, without positions', async () => {
    const result = await lintObjects(
      [
        {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: 'p', namespace: 'x' },
          spec: { containers: [{ name: 'c', image: 'i' }] },
        },
      ],
      { name: 'cluster:test' },
    );
    expect(result.findings.length).toBeGreaterThan(0);
    for (const f of result.findings) expect(f).toMatchObject({ file: 'cluster:test', line: 0 });
  });

  it('formats a result in every CLI format', async () => {
    const result = await lintText(pod, { file: 'pod.yaml' });
    expect(JSON.parse(formatResult(result, 'json')).findings.length).toBe(result.findings.length);
    expect(JSON.parse(formatResult(result, 'sarif')).version).toBe('2.1.0');
    expect(formatResult(result, 'github')).toMatch(/^::warning file=pod.yaml,line=8/m);
    expect(allRules.length).toBeGreaterThan(0);
  });
});
