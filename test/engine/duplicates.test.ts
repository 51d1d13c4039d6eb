/** The same object defined twice across the inputs: a notice on the later definition naming the first. */
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/engine/config.js';
import { KubewardError } from '../../src/engine/errors.js';
import { type LintInput, lintInputs } from '../../src/engine/lint.js';
import { allRules } from '../../src/rules/index.js';

const cm = (name: string, namespace?: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n${namespace !== undefined ? `  namespace: ${namespace}\n` : ''}data: {}\n`;

function duplicates(inputs: LintInput[]) {
  return lintInputs(inputs, { rules: allRules }).findings.filter((f) => f.ruleId === 'duplicate-object');
}

describe('duplicate-object', () => {
  it('is one info finding on the later definition, naming the first by file and line', () => {
    const found = duplicates([
      { file: 'a.yaml', text: `${cm('x', 'shop')}---\n${cm('y', 'shop')}` },
      { file: 'b.yaml', text: cm('x', 'shop') },
    ]);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      severity: 'info',
      family: 'kubeward',
      file: 'b.yaml',
      line: 1,
      object: { kind: 'ConfigMap', namespace: 'shop', name: 'x' },
    });
    expect(found[0]?.message).toMatch(/^ConfigMap shop\/x is also defined at a\.yaml:1: a cluster holds one object/);
    // The first definition is its related location (SARIF relatedLocations, JSON related, stylish).
    expect(found[0]?.related).toEqual([
      {
        object: { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'shop', name: 'x' },
        file: 'a.yaml',
        line: 1,
        column: 1,
        path: '',
      },
    ]);
  });

  it('compares the namespace an object lands in (none given is the default one), not kinds or other names', () => {
    expect(duplicates([{ file: 'a.yaml', text: `${cm('x')}---\n${cm('x', 'default')}` }])).toHaveLength(1);
    expect(duplicates([{ file: 'a.yaml', text: `${cm('x', 'a')}---\n${cm('x', 'b')}---\n${cm('y', 'a')}` }])).toEqual(
      [],
    );
    const secret = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: x\n  namespace: a\n';
    expect(duplicates([{ file: 'a.yaml', text: `${cm('x', 'a')}---\n${secret}` }])).toEqual([]);
  });

  it('compares within what one apply applies: a file, a directory or a render, not across them', () => {
    const render = (file: string, text = cm('x', 'shop')) => ({ file, text, rendered: true });
    const file = (name: string) => ({ file: name, text: cm('x', 'shop') });
    expect(
      duplicates([render('overlays/staging (kustomize build)'), render('overlays/prod (kustomize build)')]),
    ).toEqual([]);
    expect(
      duplicates([render('overlays/prod (kustomize build)', `${cm('x', 'shop')}---\n${cm('x', 'shop')}`)]),
    ).toHaveLength(1);
    expect(duplicates([file('envs/dev/x.yaml'), file('envs/prod/x.yaml')])).toEqual([]);
    expect(duplicates([file('k8s/a.yaml'), file('k8s/b.yaml')])).toHaveLength(1);
  });

  it('tells API groups apart, and names a Helm-attributed first definition by its place in the stream', () => {
    const gw = (apiVersion: string) =>
      `apiVersion: ${apiVersion}\nkind: Gateway\nmetadata:\n  name: g\n  namespace: a\n`;
    expect(
      duplicates([
        { file: 'a.yaml', text: `${gw('networking.istio.io/v1')}---\n${gw('gateway.networking.k8s.io/v1')}` },
      ]),
    ).toEqual([]);
    const helm = `# Source: shop/templates/cm.yaml\n${cm('x', 'shop')}`;
    const found = duplicates([
      { file: 'rendered/prod.yaml', text: helm },
      { file: 'rendered/staging.yaml', text: helm },
    ]);
    expect(found).toHaveLength(1);
    expect(found[0]?.file).toBe('shop/templates/cm.yaml');
    expect(found[0]?.message).toMatch(/is also defined at rendered\/prod\.yaml:2:/);
  });

  it('reports at most 20 per file or directory, the last saying how many more', () => {
    const text = Array.from({ length: 30 }, (_, i) => cm(`c${i}`, 's')).join('---\n');
    const found = duplicates([
      { file: 'k8s/a.yaml', text },
      { file: 'k8s/b.yaml', text },
    ]);
    expect(found).toHaveLength(20);
    expect(found.at(-1)?.message).toMatch(
      / 10 more objects of k8s are defined twice too \(the first 20 are reported\)/,
    );
    expect(found.slice(0, -1).every((f) => !f.message.includes('more objects'))).toBe(true);
  });

  it('counts three definitions as two notices, each naming the first', () => {
    const found = duplicates([{ file: 'a.yaml', text: [cm('x', 's'), cm('x', 's'), cm('x', 's')].join('---\n') }]);
    expect(found.map((f) => f.line)).toEqual([8, 15]);
    expect(found.every((f) => f.message.includes('a.yaml:1:'))).toBe(true);
  });

  it('is configured under rules like a rule: off, or a severity; options are refused', async () => {
    const inputs = [{ file: 'a.yaml', text: `${cm('x', 'shop')}---\n${cm('x', 'shop')}` }];
    const run = async (setting: unknown) => {
      const config = await resolveConfig({ rules: { 'duplicate-object': setting } }, '.kubeward.yaml', allRules);
      return lintInputs(inputs, { rules: allRules, config }).findings.filter((f) => f.ruleId === 'duplicate-object');
    };
    expect(await run('off')).toEqual([]);
    expect((await run('error')).map((f) => f.severity)).toEqual(['error']);
    expect((await run(true)).map((f) => f.severity)).toEqual(['info']);
    await expect(run({ options: { x: 1 } })).rejects.toThrow(KubewardError);
    await expect(run({ options: { x: 1 } })).rejects.toThrow(/rule duplicate-object takes no options/);
  });
});
