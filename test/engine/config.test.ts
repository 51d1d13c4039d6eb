import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import {
  findConfigFile,
  loadConfig,
  locateYamlPath,
  mergeOptions,
  parseConfigText,
  resolveConfig,
  ruleEnabled,
  ruleOptions,
  ruleSeverity,
} from '../../src/engine/config.js';
import { DEFAULT_CONFIG, type ResolvedConfig } from '../../src/engine/config-types.js';
import { KubewardError } from '../../src/engine/errors.js';
import type { AnyRule, RuleMeta } from '../../src/engine/rule.js';
import { closestMatch } from '../../src/engine/suggest.js';
import { defineRule } from '../../src/rules/define-rule.js';
import { allRules } from '../../src/rules/index.js';

// ---------------------------------------------------------------------------------------------------------------
// Fake rules.

function meta<O>(id: string, extra: Partial<RuleMeta<O>> = {}): RuleMeta<O> {
  return {
    id,
    family: 'resources',
    severity: 'warning',
    title: `Fake rule ${id}`,
    rationale: 'A fake rule for the config tests.',
    remediation: 'Nothing to do.',
    kinds: ['Deployment'],
    messages: { fake: 'A fake finding.' },
    examples: { invalid: '', valid: '' },
    ...extra,
  };
}

interface CpuPolicyOptions {
  policy: 'allow' | 'forbid' | 'require';
  maxCores: number;
  exempt: { containers: string[]; sidecars: boolean };
}

const cpuLimitPolicy = defineRule<CpuPolicyOptions>({
  meta: meta('resources-cpu-limit-policy', {
    options: {
      schema: {
        type: 'object',
        additionalProperties: false,
        properties: {
          policy: { description: 'What to do about CPU limits.', enum: ['allow', 'forbid', 'require'] },
          maxCores: { type: 'number', minimum: 0 },
          exempt: {
            type: 'object',
            additionalProperties: false,
            properties: {
              containers: { type: 'array', items: { type: 'string' } },
              sidecars: { type: 'boolean' },
            },
          },
        },
      },
      defaults: { policy: 'allow', maxCores: 4, exempt: { containers: [], sidecars: true } },
    },
  }),
  check: () => [],
});

const missingMemoryLimit = defineRule({
  meta: meta('resources-missing-memory-limit', { severity: 'error' }),
  check: () => [],
});
const missingRequests = defineRule({ meta: meta('resources-missing-requests'), check: () => [] });
const pdbRequired = defineRule({
  meta: meta('availability-pdb-required', { family: 'availability', disabledByDefault: true }),
  check: () => [],
});

const RULES: readonly AnyRule[] = [cpuLimitPolicy, missingMemoryLimit, missingRequests, pdbRequired];

// ---------------------------------------------------------------------------------------------------------------
// Temp directories.

const roots: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kubeward-config-'));
  roots.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of roots) rmSync(dir, { recursive: true, force: true });
});

function writeConfig(yaml: string, name = '.kubeward.yaml'): { dir: string; file: string } {
  const dir = tempDir();
  const file = join(dir, name);
  writeFileSync(file, yaml);
  return { dir, file };
}

async function loadYaml(yaml: string): Promise<ResolvedConfig> {
  return loadConfig({ cwd: writeConfig(yaml).dir, rules: RULES });
}

async function loadError(yaml: string): Promise<KubewardError> {
  try {
    await loadYaml(yaml);
  } catch (e) {
    if (e instanceof KubewardError) return e;
    throw e;
  }
  throw new Error('expected loadConfig to throw');
}

const EXAMPLE = `failOn: warning
rules:
  resources-missing-memory-limit: off
  resources-missing-requests: info
  availability-pdb-required: true
  resources-cpu-limit-policy:
    severity: error
    options: { policy: forbid }
exclude:
  namespaces: [kube-system, "sandbox-*"]
  objects:
    - { kind: Deployment, namespace: legacy, name: "old-*", rules: [resources-missing-requests], reason: "replaced in Q3" }
suppressions:
  annotations: false
`;

// ---------------------------------------------------------------------------------------------------------------

describe('findConfigFile', () => {
  it('walks up from the start directory and stops at the nearest config', () => {
    const root = tempDir();
    const deep = join(root, 'a', 'b', 'c');
    mkdirSync(deep, { recursive: true });
    writeFileSync(join(root, '.kubeward.yaml'), 'failOn: info\n');
    writeFileSync(join(root, 'a', '.kubeward.yml'), 'failOn: error\n');
    expect(findConfigFile(deep)).toBe(join(root, 'a', '.kubeward.yml'));
    expect(findConfigFile(join(root, 'a'))).toBe(join(root, 'a', '.kubeward.yml'));
    expect(findConfigFile(root)).toBe(join(root, '.kubeward.yaml'));
  });

  it('prefers .kubeward.yaml over .kubeward.yml in the same directory', () => {
    const root = tempDir();
    writeFileSync(join(root, '.kubeward.yml'), '');
    writeFileSync(join(root, '.kubeward.yaml'), '');
    expect(findConfigFile(root)).toBe(join(root, '.kubeward.yaml'));
  });

  it('skips a directory named .kubeward.yaml', () => {
    const root = tempDir();
    mkdirSync(join(root, 'x', '.kubeward.yaml'), { recursive: true });
    writeFileSync(join(root, '.kubeward.yaml'), '');
    expect(findConfigFile(join(root, 'x'))).toBe(join(root, '.kubeward.yaml'));
  });

  it('returns undefined when no directory up to the root has one', () => {
    const root = tempDir();
    mkdirSync(join(root, 'a'));
    expect(findConfigFile(join(root, 'a'))).toBeUndefined();
  });
});

describe('loadConfig', () => {
  it('returns the built-in defaults when there is no config file', async () => {
    const config = await loadConfig({ cwd: tempDir(), rules: RULES });
    expect(config).toEqual(DEFAULT_CONFIG);
    expect(config).not.toBe(DEFAULT_CONFIG);
  });

  it('resolves every key of a full config', async () => {
    const { dir } = writeConfig(EXAMPLE);
    const config = await loadConfig({ cwd: dir, rules: RULES });
    expect(config).toEqual({
      file: '.kubeward.yaml',
      baseDir: dir,
      failOn: 'warning',
      rules: {
        'resources-missing-memory-limit': { enabled: false },
        'resources-missing-requests': { enabled: true, severity: 'info' },
        'availability-pdb-required': { enabled: true },
        'resources-cpu-limit-policy': {
          enabled: true,
          severity: 'error',
          options: { policy: 'forbid', maxCores: 4, exempt: { containers: [], sidecars: true } },
        },
      },
      excludeNamespaces: ['kube-system', 'sandbox-*'],
      excludeObjects: [
        {
          kind: 'Deployment',
          namespace: 'legacy',
          name: 'old-*',
          rules: ['resources-missing-requests'],
          reason: 'replaced in Q3',
        },
      ],
      allowAnnotationSuppression: false,
    } satisfies ResolvedConfig);
  });

  it('finds the config in a parent directory and names it relative to the working directory', async () => {
    const root = tempDir();
    const deep = join(root, 'apps', 'web');
    mkdirSync(deep, { recursive: true });
    writeFileSync(join(root, '.kubeward.yml'), 'failOn: info\n');
    const config = await loadConfig({ cwd: deep, rules: RULES });
    expect(config.failOn).toBe('info');
    expect(config.file).toBe(join('..', '..', '.kubeward.yml'));
  });

  it('uses an explicit file instead of searching', async () => {
    const { dir } = writeConfig('failOn: info\n');
    writeFileSync(join(dir, 'strict.yaml'), 'failOn: warning\n');
    const config = await loadConfig({ cwd: dir, explicitPath: 'strict.yaml', rules: RULES });
    expect(config.failOn).toBe('warning');
    expect(config.file).toBe('strict.yaml');
  });

  it('reports a missing explicit file as CONFIG_NOT_FOUND', async () => {
    const dir = tempDir();
    const err = await loadConfig({ cwd: dir, explicitPath: 'nope.yaml', rules: RULES }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KubewardError);
    expect(err).toMatchObject({ code: 'CONFIG_NOT_FOUND', where: { file: 'nope.yaml' } });
    expect((err as KubewardError).message).toContain('nope.yaml');
  });

  it('treats an empty file as an empty config', async () => {
    const { baseDir, ...empty } = await loadYaml('');
    expect(empty).toEqual({ ...DEFAULT_CONFIG, file: '.kubeward.yaml' });
    expect(baseDir).toMatch(/^\//);
    const { baseDir: _, ...comment } = await loadYaml('# nothing yet\n');
    expect(comment).toEqual({ ...DEFAULT_CONFIG, file: '.kubeward.yaml' });
  });

  it('accepts every rule shorthand', async () => {
    const config = await loadYaml(
      'rules:\n  resources-missing-memory-limit: false\n  resources-missing-requests: warning\n  resources-cpu-limit-policy: error\n',
    );
    expect(config.rules).toEqual({
      'resources-missing-memory-limit': { enabled: false },
      'resources-missing-requests': { enabled: true, severity: 'warning' },
      'resources-cpu-limit-policy': { enabled: true, severity: 'error' },
    });
  });
});

describe('config errors', () => {
  it('reports a value of the wrong type with file:line:col, path, expectation and hint', async () => {
    const err = await loadError('rules: {}\nfailOn: 3\n');
    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.where).toEqual({ file: '.kubeward.yaml', line: 2, column: 1 });
    expect(err.message).toContain('failOn: must be one of "error", "warning", "info", "never", got 3');
    expect(err.hint).toMatch(/severity/);
    expect(err.format()).toMatch(/^\.kubeward\.yaml:2:1: failOn: must be one of/);
  });

  it('reports a non-mapping where a mapping is expected', async () => {
    const err = await loadError('exclude:\n  namespaces: kube-system\n');
    expect(err.where).toMatchObject({ line: 2, column: 3 });
    expect(err.message).toContain('exclude.namespaces: must be a list, got "kube-system"');
  });

  it('reports a config that is not a mapping', async () => {
    const err = await loadError('- failOn\n');
    expect(err.where).toMatchObject({ line: 1, column: 1 });
    expect(err.message).toContain('config: must be a mapping, got a list');
  });

  it('reports an unknown key at the key, with the allowed keys and a suggestion', async () => {
    const err = await loadError('rules: {}\nfailon: error\n');
    expect(err.where).toEqual({ file: '.kubeward.yaml', line: 2, column: 1 });
    expect(err.message).toContain(
      'failon: unknown key "failon"; expected one of: failOn, rules, exclude, suppressions',
    );
    expect(err.hint).toContain('Did you mean "failOn"?');
  });

  it('reports an unknown key deep in the config', async () => {
    const err = await loadError('rules:\n  resources-cpu-limit-policy:\n    severty: error\n');
    expect(err.where).toMatchObject({ line: 3, column: 5 });
    expect(err.message).toContain('rules.resources-cpu-limit-policy.severty: unknown key "severty"');
    expect(err.hint).toContain('Did you mean "severity"?');
  });

  it('reports a bad rule shorthand with the allowed values', async () => {
    const err = await loadError('rules:\n  resources-missing-requests: of\n');
    expect(err.where).toMatchObject({ line: 2, column: 3 });
    expect(err.message).toContain('rules.resources-missing-requests: must be one of "off", "error", "warning", "info"');
    expect(err.hint).toContain('Did you mean "off"?');
  });

  it('reports a rule setting of the wrong type', async () => {
    const err = await loadError('rules:\n  resources-missing-requests: 1\n');
    expect(err.message).toContain('must be a string, true or false or a mapping, got 1');
  });

  it('reports an unknown rule id with the nearest id', async () => {
    const err = await loadError('failOn: error\nrules:\n  resources-missing-memroy-limit: off\n');
    expect(err.where).toEqual({ file: '.kubeward.yaml', line: 3, column: 3 });
    expect(err.message).toContain(
      'rules.resources-missing-memroy-limit: unknown rule id "resources-missing-memroy-limit"',
    );
    expect(err.hint).toContain('Did you mean "resources-missing-memory-limit"?');
  });

  it('reports an unknown rule id far from every id without a suggestion', async () => {
    const err = await loadError('rules:\n  totally-different: off\n');
    expect(err.hint).not.toContain('Did you mean');
    expect(err.hint).toContain('kubeward rules');
  });

  it('reports a bad option value at the option, with the allowed values and a suggestion', async () => {
    const err = await loadError(
      'rules:\n  resources-cpu-limit-policy:\n    severity: error\n    options:\n      policy: forbidd\n',
    );
    expect(err.where).toEqual({ file: '.kubeward.yaml', line: 5, column: 7 });
    expect(err.message).toContain(
      'rules.resources-cpu-limit-policy.options.policy: must be one of "allow", "forbid", "require", got "forbidd"',
    );
    expect(err.hint).toContain('Did you mean "forbid"?');
    expect(err.format()).toContain('.kubeward.yaml:5:7: rules.resources-cpu-limit-policy.options.policy');
  });

  it('reports an option of the wrong type and an unknown option', async () => {
    const err = await loadError(
      'rules:\n  resources-cpu-limit-policy:\n    options:\n      maxCores: lots\n      exempt: { sidecar: false }\n',
    );
    expect(err.where).toMatchObject({ line: 4, column: 7 });
    expect(err.message).toContain('rules.resources-cpu-limit-policy.options.maxCores: must be a number, got "lots"');
    expect(err.message).toContain('1 more problem');
    expect(err.message).toMatch(
      /\.kubeward\.yaml:5:\d+: rules\.resources-cpu-limit-policy\.options\.exempt\.sidecar: unknown key "sidecar"/,
    );
    expect(err.message).toContain('Did you mean "sidecars"?');
  });

  it('merges options over the defaults before validating them', async () => {
    const config = await loadYaml(
      'rules:\n  resources-cpu-limit-policy:\n    options: { exempt: { sidecars: false } }\n',
    );
    expect(config.rules['resources-cpu-limit-policy']?.options).toEqual({
      policy: 'allow',
      maxCores: 4,
      exempt: { containers: [], sidecars: false },
    });
  });

  it('reports options given to a rule that takes none', async () => {
    const err = await loadError('rules:\n  resources-missing-requests:\n    options: { x: 1 }\n');
    expect(err.where).toMatchObject({ line: 3, column: 5 });
    expect(err.message).toContain(
      'rules.resources-missing-requests.options: rule resources-missing-requests takes no options',
    );
  });

  it('reports an object exclusion without a name', async () => {
    const err = await loadError('exclude:\n  objects:\n    - kind: Deployment\n');
    expect(err.where).toMatchObject({ line: 3, column: 7 });
    expect(err.message).toContain('exclude.objects[0]: missing required key "name"');
    expect(err.hint).toMatch(/^Add name: A glob over `metadata.name`/);
  });

  it('reports an unknown rule id in an object exclusion', async () => {
    const err = await loadError(
      'exclude:\n  objects:\n    - name: web\n      rules: [resources-missing-requests, resources-missing-request]\n',
    );
    expect(err.where).toMatchObject({ line: 4, column: 43 });
    expect(err.message).toContain('exclude.objects[0].rules[1]: unknown rule id "resources-missing-request"');
    expect(err.hint).toContain('Did you mean "resources-missing-requests"?');
  });

  it('lists every problem in file order', async () => {
    const err = await loadError('rules:\n  nope-rule: off\nfailOn: fatal\nsuppressions: { annotations: "no" }\n');
    expect(err.where).toMatchObject({ line: 2, column: 3 });
    expect(err.message).toMatch(/^rules\.nope-rule: unknown rule id "nope-rule"/);
    expect(err.message).toContain('2 more problems');
    expect(err.message).toMatch(
      /\.kubeward\.yaml:3:1: failOn: must be one of "error", "warning", "info", "never", got "fatal"/,
    );
    expect(err.message).toMatch(/\.kubeward\.yaml:4:\d+: suppressions\.annotations: must be true or false, got "no"/);
  });

  it('reports invalid YAML with its line', async () => {
    const err = await loadError('failOn: error\nrules:\n  a: b: c\n');
    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.message).toMatch(/^invalid YAML: /);
    expect(err.where).toEqual({ file: '.kubeward.yaml', line: 3, column: 7 });
    expect(err.format()).toMatch(/^\.kubeward\.yaml:3:7: invalid YAML: /);
  });

  it('reports a duplicated key as invalid YAML', async () => {
    const err = await loadError('failOn: error\nfailOn: info\n');
    expect(err.message).toContain('duplicated mapping key');
    expect(err.where).toMatchObject({ line: 2, column: 1 });
  });

  it('reports a file with several YAML documents', async () => {
    const err = await loadError('failOn: error\n---\nfailOn: info\n');
    expect(err.message).toContain('more than one YAML document');
    expect(err.where).toMatchObject({ line: 3 });
  });
});

describe('resolveConfig', () => {
  it('resolves a parsed value without source text (no line, file only)', async () => {
    const err = await resolveConfig({ failOn: 'bad' }, 'inline.yaml', RULES).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CONFIG_INVALID', where: { file: 'inline.yaml' } });
    expect(await resolveConfig(null, undefined, RULES)).toEqual(DEFAULT_CONFIG);
  });
});

describe('ingressNginx settings', () => {
  it('carry the annotation prefix of an ingress-nginx install the manifests do not show', async () => {
    const config = await loadYaml('ingressNginx:\n  annotationsPrefix: ingress.example.com\n');
    expect(config.ingressNginx).toEqual({ annotationsPrefix: 'ingress.example.com' });
    expect((await loadYaml('failOn: error\n')).ingressNginx).toBeUndefined();
  });

  it('reject a prefix that is not a DNS subdomain, at the key, saying the form in words', async () => {
    const err = await loadError('ingressNginx:\n  annotationsPrefix: ingress.example.com/\n');
    expect(err.where).toEqual({ file: '.kubeward.yaml', line: 2, column: 3 });
    expect(err.message).toBe(
      'ingressNginx.annotationsPrefix: must be a DNS subdomain such as ingress.example.com, without a final /, ' +
        'got "ingress.example.com/"',
    );
    expect(err.hint).toContain("The controller's `--annotations-prefix`");
    const unknown = await loadError('ingressNginx:\n  prefix: x\n');
    expect(unknown.message).toContain('ingressNginx.prefix: unknown key "prefix"; expected one of: annotationsPrefix');
  });
});

describe('rule settings', () => {
  it('derive enablement, severity and options from the config and the rule defaults', async () => {
    const config = await loadYaml(EXAMPLE);
    expect(ruleEnabled(missingMemoryLimit, config)).toBe(false);
    expect(ruleEnabled(pdbRequired, config)).toBe(true);
    expect(ruleSeverity(cpuLimitPolicy, config)).toBe('error');
    expect(ruleSeverity(missingRequests, config)).toBe('info');
    expect(ruleOptions(cpuLimitPolicy, config)).toMatchObject({ policy: 'forbid', maxCores: 4 });
  });

  it('fall back to the rule meta without a config', () => {
    expect(ruleEnabled(missingRequests, DEFAULT_CONFIG)).toBe(true);
    expect(ruleEnabled(pdbRequired, DEFAULT_CONFIG)).toBe(false);
    expect(ruleSeverity(missingMemoryLimit, DEFAULT_CONFIG)).toBe('error');
    expect(ruleOptions(cpuLimitPolicy, DEFAULT_CONFIG)).toEqual({
      policy: 'allow',
      maxCores: 4,
      exempt: { containers: [], sidecars: true },
    });
    expect(ruleOptions(missingRequests, DEFAULT_CONFIG)).toEqual({});
  });

  it('keep a rule that is disabled by default off when configured with enabled: false', async () => {
    const config = await loadYaml('rules:\n  availability-pdb-required: { enabled: false, severity: error }\n');
    expect(ruleEnabled(pdbRequired, config)).toBe(false);
  });

  it('ignore inherited property names as rule ids', () => {
    const constructorRule = defineRule({ meta: meta('constructor'), check: () => [] });
    expect(ruleEnabled(constructorRule, DEFAULT_CONFIG)).toBe(true);
    expect(ruleSeverity(constructorRule, DEFAULT_CONFIG)).toBe('warning');
  });
});

describe('mergeOptions', () => {
  it('deep-merges mappings and replaces lists and scalars', () => {
    expect(mergeOptions({ a: 1, b: { c: [1, 2], d: true } }, { b: { c: [3] } })).toEqual({
      a: 1,
      b: { c: [3], d: true },
    });
    expect(mergeOptions({ a: 1 }, undefined)).toEqual({ a: 1 });
  });
});

describe('closestMatch', () => {
  it('suggests the nearest candidate when it is a likely typo', () => {
    expect(
      closestMatch('resources-missing-requets', ['resources-missing-requests', 'resources-cpu-limit-policy']),
    ).toBe('resources-missing-requests');
    expect(closestMatch('zzz', ['resources-missing-requests'])).toBeUndefined();
  });

  it('suggests the only candidate containing the name', () => {
    expect(closestMatch('cpu-limit-policy', ['resources-cpu-limit-policy', 'resources-missing-requests'])).toBe(
      'resources-cpu-limit-policy',
    );
  });
});

describe('locateYamlPath', () => {
  const text = 'failOn: error\nrules:\n  a-rule:\n    options:\n      list: [x, "y"]\n';

  it('finds a key', () => {
    expect(locateYamlPath(text, ['rules', 'a-rule', 'options'])).toEqual({ line: 4, column: 5, found: true });
  });

  it('finds a list item', () => {
    expect(locateYamlPath(text, ['rules', 'a-rule', 'options', 'list', 1])).toEqual({
      line: 5,
      column: 17,
      found: true,
    });
  });

  it('falls back to the nearest existing parent', () => {
    expect(locateYamlPath(text, ['rules', 'a-rule', 'severity'])).toEqual({ line: 3, column: 3, found: false });
    expect(locateYamlPath(text, ['exclude', 'objects'])).toEqual({ line: 1, column: 1, found: false });
  });

  it('copes with empty and invalid text', () => {
    expect(locateYamlPath('', ['a'])).toEqual({ line: 1, column: 1, found: false });
    expect(locateYamlPath('a: [', ['a'])).toEqual({ line: 1, column: 1, found: false });
  });
});

describe('start-up cost', () => {
  it('does not load ajv, with or without a config file: the built-in validators are generated at build time', async () => {
    vi.resetModules();
    let ajvLoads = 0;
    vi.doMock('ajv', async (importOriginal) => {
      ajvLoads++;
      return { ...(await importOriginal<Record<string, unknown>>()) };
    });
    try {
      const fresh = await import('../../src/engine/config.js');
      await fresh.loadConfig({ cwd: tempDir(), rules: RULES });
      expect(ajvLoads).toBe(0);
      await fresh.loadConfig({ cwd: writeConfig('failOn: error\n').dir, rules: RULES });
      // Every built-in rule's options, validated by the validators generated at build time.
      const withOptions = 'rules:\n  resources-qos-class:\n    options: {minimum: [{class: Burstable}]}\n';
      await fresh.loadConfig({ cwd: writeConfig(withOptions).dir, rules: allRules });
      expect(ajvLoads).toBe(0);
      // A rule that is not built in (this file's resources-cpu-limit-policy has a schema of its own) has no generated
      // validator: its options schema is compiled with ajv.
      await fresh.loadConfig({
        cwd: writeConfig('rules:\n  resources-cpu-limit-policy:\n    options: {policy: forbid}\n').dir,
        rules: RULES,
      });
      expect(ajvLoads).toBe(1);
    } finally {
      vi.doUnmock('ajv');
      vi.resetModules();
    }
  });
});

describe('options of a rule that is not built in', () => {
  it('are compiled at run time, and may $ref the config schema', async () => {
    const base = allRules[0] as AnyRule;
    const items = { $ref: 'https://kubeward.io/schema/kubeward-config.schema.json#/definitions/glob' };
    const schema = { type: 'object', additionalProperties: false, properties: { ns: { type: 'array', items } } };
    const plugin = { ...base, meta: { ...base.meta, id: 'x-plugin', options: { defaults: {}, schema } } } as AnyRule;
    const ok = await resolveConfig({ rules: { 'x-plugin': { options: { ns: ['a*'] } } } }, 'k.yaml', [plugin]);
    expect(ok.rules['x-plugin']?.options).toEqual({ ns: ['a*'] });
    await expect(
      resolveConfig({ rules: { 'x-plugin': { options: { ns: [3] } } } }, 'k.yaml', [plugin]),
    ).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
  });
});

describe('config validation cost', () => {
  it('places each of 20,000 unknown rule ids on its own line (the text is parsed once, not once per problem)', async () => {
    const n = 20_000;
    const text = `rules:\n${Array.from({ length: n }, (_, i) => `  no-such-rule-${i}: error\n`).join('')}`;
    // Before, every problem parsed the whole config again to find its line: 4,000 ids took 20 s, so this would take
    // minutes; it now takes about a second.
    const err = await resolveConfig(parseConfigText(text, 'big.yaml'), 'big.yaml', RULES, text).catch((e) => e);
    expect(err).toBeInstanceOf(KubewardError);
    const lines = (err as KubewardError).message.split('\n');
    expect(lines).toHaveLength(n + 1);
    expect((err as KubewardError).where).toEqual({ file: 'big.yaml', line: 2, column: 3 });
    expect(lines.at(-1)).toMatch(
      new RegExp(`^  big\\.yaml:${n + 1}:3: rules\\.no-such-rule-${n - 1}: unknown rule id`),
    );
  }, 60_000);
});
