/**
 * The validators generated at build time (src/engine/validators.gen.ts, scripts/gen-validators.mjs): the committed
 * file is what the generator makes of the config schema and the built-in rules, and each generated validator
 * answers exactly as ajv compiling the same schema at run time does, errors included (config.ts words its messages
 * from them), on valid and invalid inputs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';
import { AJV_OPTIONS, hasGeneratedOptionsValidator } from '../../src/engine/schema-validators.js';
import { configValidator, ruleOptions } from '../../src/engine/validators.gen.js';
import { allRules } from '../../src/rules/index.js';
import { ROOT } from '../helpers/cli.js';

interface Generator {
  generateValidators(configSchema: unknown, rules: unknown, ajvOptions: unknown): string;
}

let generator: Generator;
const configSchema: unknown = JSON.parse(readFileSync(join(ROOT, 'schema', 'kubeward-config.schema.json'), 'utf8'));

beforeAll(async () => {
  // A plain .mjs script without type declarations: imported by URL and typed here.
  generator = (await import(pathToFileURL(join(ROOT, 'scripts', 'gen-validators.mjs')).href)) as Generator;
});

/** What a validator says of `data`: its answer and its errors. */
function verdict(validate: (data: unknown) => boolean, data: unknown): { valid: boolean; errors: unknown } {
  const valid = validate(data);
  return { valid, errors: (validate as unknown as { errors?: unknown }).errors ?? null };
}

const generated = configValidator as unknown as ValidateFunction;
const generatedOptions = ruleOptions as unknown as Record<string, { validate: ValidateFunction }>;

describe('src/engine/validators.gen.ts', () => {
  it('is what scripts/gen-validators.mjs makes of the config schema and the built-in rules', () => {
    const fresh = generator.generateValidators(configSchema, allRules, AJV_OPTIONS);
    const committed = readFileSync(join(ROOT, 'src', 'engine', 'validators.gen.ts'), 'utf8');
    expect(committed === fresh, 'stale: run npm run build && node scripts/gen-validators.mjs').toBe(true);
  });

  it('has a validator for every built-in rule with options', async () => {
    const withOptions = allRules.filter((r) => r.meta.options?.schema !== undefined);
    expect(withOptions.length).toBeGreaterThan(10);
    for (const rule of withOptions) expect(await hasGeneratedOptionsValidator(rule), rule.meta.id).toBe(true);
    // A changed schema is not the generated one: it would be compiled at run time instead.
    const changed = { ...withOptions[0], meta: { ...withOptions[0]?.meta, options: { schema: { type: 'object' } } } };
    expect(await hasGeneratedOptionsValidator(changed as never)).toBe(false);
  });

  const configs: unknown[] = [
    {},
    { failOn: 'warning', eachProblemOnce: false, kubeVersion: '1.33' },
    { failOn: 'sometimes' },
    { rules: { 'resources-qos-class': 'error', 'ingress-annotation-sprawl': { severity: 'info', options: {} } } },
    { rules: { x: { severity: 'loud', enabled: 'yes' } } },
    { exclude: { namespaces: ['kube-system'], objects: [{ kind: 'Deployment', name: 'web', rules: ['a'] }] } },
    { exclude: { objects: [{ kind: 3 }], paths: 'vendor' } },
    { ingressNginx: { annotationPrefix: 'Not A Prefix!' } },
    { unknownKey: true, eachProblemOnce: 'yes' },
    [],
    'text',
  ];

  it('answers as ajv at run time does for the config schema, errors included', () => {
    const runtime = new Ajv({ ...AJV_OPTIONS }).compile(configSchema as object);
    let invalid = 0;
    for (const data of configs) {
      const g = verdict(generated, data);
      expect(g, JSON.stringify(data)).toEqual(verdict(runtime, data));
      if (!g.valid) invalid++;
    }
    expect(invalid).toBeGreaterThanOrEqual(5);
  });

  it("answers as ajv at run time does for every rule's options, errors included", () => {
    const ajv = new Ajv({ ...AJV_OPTIONS });
    const samples: unknown[] = [{}, { nope: 1 }, { minimum: [{ class: 'Platinum' }] }, { warnAbove: -1 }, [], null];
    for (const rule of allRules) {
      const schema = rule.meta.options?.schema;
      if (schema === undefined) continue;
      const runtime = ajv.compile(schema);
      const g = generatedOptions[rule.meta.id]?.validate;
      expect(g, rule.meta.id).toBeDefined();
      for (const data of [rule.meta.options?.defaults ?? {}, ...samples]) {
        expect(verdict(g as ValidateFunction, data), `${rule.meta.id} ${JSON.stringify(data)}`).toEqual(
          verdict(runtime, data),
        );
      }
    }
  });
});
