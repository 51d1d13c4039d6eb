/**
 * The JSON Schema validators of the config file and of the rules' options. The built-in ones are compiled at build
 * time (validators.gen.ts, made by scripts/gen-validators.mjs), so a run with a `.kubeward.yaml` loads neither ajv
 * nor a schema compiler: compiling them at run time cost about 100 ms of CPU, four times node's own start-up. A rule
 * that is not built in, or whose options schema is not the one generated, is compiled with ajv, which is loaded
 * only then. The generated module itself is loaded only when there is a config to validate.
 */
import { readFileSync } from 'node:fs';
import type { Ajv, ValidateFunction } from 'ajv';
import { importDependency } from '../import-dependency.js';
import { PACKAGE_ROOT } from '../package-root.js';
import type { AnyRule } from './rule.js';

/** schema/kubeward-config.schema.json, which validators.gen.ts was generated from. */
const CONFIG_SCHEMA_URL = new URL('schema/kubeward-config.schema.json', PACKAGE_ROOT);

/** The ajv options of every validator, generated or compiled (scripts/gen-validators.mjs generates with them). */
export const AJV_OPTIONS = { strict: true, allErrors: true, verbose: true, allowUnionTypes: true } as const;

interface Generated {
  configValidator: ValidateFunction;
  ruleOptions: Readonly<Record<string, { schema: string; validate: ValidateFunction }>>;
}

let generated: Promise<Generated> | undefined;
let runtimeAjv: Promise<Ajv> | undefined;
/** Per rule: its validator, once found or compiled. */
const byRule = new WeakMap<AnyRule, ValidateFunction>();

function loadGenerated(): Promise<Generated> {
  // A failed import is not kept: the next config (in a long-running webhook) tries again.
  generated ??= (import('./validators.gen.js') as unknown as Promise<Generated>).catch((e: unknown) => {
    generated = undefined;
    throw e;
  });
  return generated;
}

function loadAjv(): Promise<Ajv> {
  // ajv is CommonJS: its module.exports is the default export.
  // With the config schema added, as before the validators were generated: a rule's options schema may $ref it.
  runtimeAjv ??= importDependency<{ default: { Ajv: typeof import('ajv').Ajv } }>('ajv')
    .then(({ default: { Ajv } }) =>
      new Ajv({ ...AJV_OPTIONS }).addSchema(JSON.parse(readFileSync(CONFIG_SCHEMA_URL, 'utf8')) as object),
    )
    .catch((e: unknown) => {
      runtimeAjv = undefined;
      throw e;
    });
  return runtimeAjv;
}

/** The config file's validator (schema/kubeward-config.schema.json). */
export async function configValidator<T>(): Promise<ValidateFunction<T>> {
  return (await loadGenerated()).configValidator as ValidateFunction<T>;
}

/** The generated validator of a rule's options, when its schema is the one generated. */
function generatedFor(rule: AnyRule, g: Generated): ValidateFunction | undefined {
  const entry = Object.hasOwn(g.ruleOptions, rule.meta.id) ? g.ruleOptions[rule.meta.id] : undefined;
  return entry !== undefined && entry.schema === JSON.stringify(rule.meta.options?.schema) ? entry.validate : undefined;
}

/**
 * A function giving the options validator of each of `rules` (undefined for a rule without options), ready to call
 * synchronously: the generated one when it fits, else compiled with ajv (loaded here only if one of them needs it).
 * Throws for a rule whose options schema ajv refuses.
 */
export async function optionsValidators(
  rules: readonly AnyRule[],
): Promise<(rule: AnyRule) => ValidateFunction | undefined> {
  const g = await loadGenerated();
  const missing = rules.filter((r) => r.meta.options?.schema !== undefined && !byRule.has(r));
  const toCompile: AnyRule[] = [];
  for (const rule of missing) {
    const found = generatedFor(rule, g);
    if (found !== undefined) byRule.set(rule, found);
    else toCompile.push(rule);
  }
  if (toCompile.length > 0) {
    const ajv = await loadAjv();
    for (const rule of toCompile) {
      try {
        byRule.set(rule, ajv.compile(rule.meta.options?.schema as object));
      } catch (e) {
        throw new Error(`rule ${rule.meta.id}: invalid options schema: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }
  return (rule) => (rule.meta.options?.schema === undefined ? undefined : byRule.get(rule));
}

/** Whether a rule's options are checked by a validator generated at build time (for tests and benchmarks). */
export async function hasGeneratedOptionsValidator(rule: AnyRule): Promise<boolean> {
  return generatedFor(rule, await loadGenerated()) !== undefined;
}
