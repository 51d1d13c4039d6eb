/**
 * Validates generated Gateway API objects against the v1.6.1 standard-channel schemas
 * (data/gateway-api/schemas.gen.json, from scripts/gen-gateway-api-schemas.mjs). The schemas are closed where the
 * API server would prune, so an experimental field (HTTPRoute `retry`) or a misspelled one is an error here, where
 * a cluster would drop it without a word. The CRDs' CEL rules are not in the schemas: src/migrate/constraints.ts
 * checks them.
 */
import { readFileSync } from 'node:fs';
import { isIPv4, isIPv6 } from 'node:net';
import { join } from 'node:path';
import { Ajv, type ErrorObject, type SchemaObject, type ValidateFunction } from 'ajv';
import { ROOT } from './cli.js';

export const GATEWAY_API_SCHEMAS = join(ROOT, 'data', 'gateway-api', 'schemas.gen.json');

export interface GatewayApiSchemas {
  readonly source: { readonly tag: string; readonly commit: string };
  readonly celRules: Readonly<Record<string, number>>;
  readonly formats: readonly string[];
  readonly keywords: readonly string[];
  readonly schemas: Readonly<Record<string, SchemaObject>>;
}

let loaded: GatewayApiSchemas | undefined;

/** The generated file, read on first use. */
export function gatewayApiSchemas(): GatewayApiSchemas {
  loaded ??= JSON.parse(readFileSync(GATEWAY_API_SCHEMAS, 'utf8')) as GatewayApiSchemas;
  return loaded;
}

/** RFC 3339 date-time as the API server's strfmt reads it (only status fields use it). */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * A list of type `map` holds each key once: the API server rejects a second item with the same values of the
 * list-map keys (the generator keeps `x-kubernetes-list-map-keys` for this). A key the item leaves out counts as
 * absent, as in the API server's comparison.
 */
function listMapKeysDuplicates(keys: readonly string[], data: unknown): ErrorObject[] {
  if (!Array.isArray(data)) return [];
  const seen = new Map<string, number>();
  const errors: ErrorObject[] = [];
  data.forEach((item: unknown, index) => {
    if (typeof item !== 'object' || item === null) return;
    const record = item as Record<string, unknown>;
    const id = JSON.stringify(keys.map((k) => record[k] ?? null));
    const first = seen.get(id);
    if (first === undefined) seen.set(id, index);
    else {
      const what = keys.map((k) => `${k}=${JSON.stringify(record[k])}`).join(', ');
      // No instancePath: ajv fills in the list's own path (it keeps one set here); the index goes in params.
      const error: Omit<ErrorObject, 'instancePath' | 'schemaPath'> = {
        keyword: 'x-kubernetes-list-map-keys',
        params: { keys, index, first },
        message: `duplicate entry (${what}) in a list keyed by ${keys.join(', ')}; item ${first} has the same`,
      };
      errors.push(error as ErrorObject);
    }
  });
  return errors;
}

/** One ajv instance for all schemas, with the formats and the keyword the generated file names. */
function createAjv(schemas: GatewayApiSchemas): Ajv {
  // Strict: a keyword the generator let through by mistake fails the compile instead of being ignored.
  const ajv = new Ajv({ strict: true, allErrors: true });
  const formats: Record<string, Parameters<Ajv['addFormat']>[1]> = {
    ipv4: (s: string) => isIPv4(s),
    ipv6: (s: string) => isIPv6(s),
    'date-time': (s: string) => DATE_TIME.test(s) && !Number.isNaN(Date.parse(s)),
    // The API server checks no format on integers; minimum/maximum in the schemas bound what matters (ports).
    int32: { type: 'number', validate: () => true },
    int64: { type: 'number', validate: () => true },
  };
  for (const name of schemas.formats) {
    const format = formats[name];
    if (format === undefined) throw new Error(`gateway-api schemas use format ${name}, which the validator lacks`);
    ajv.addFormat(name, format);
  }
  for (const keyword of schemas.keywords) {
    if (keyword !== 'x-kubernetes-list-map-keys') throw new Error(`gateway-api schemas use keyword ${keyword}`);
    const check = (keys: string[], data: unknown): boolean => {
      const errors = listMapKeysDuplicates(keys, data);
      check.errors = errors;
      return errors.length === 0;
    };
    check.errors = [] as ErrorObject[];
    ajv.addKeyword({ keyword, type: 'array', schemaType: 'array', errors: true, validate: check });
  }
  return ajv;
}

let ajv: Ajv | undefined;
const compiled = new Map<string, ValidateFunction>();

/** The compiled validator of `<apiVersion>/<Kind>`, compiled on first use; undefined when there is no schema. */
export function gatewayApiValidator(key: string): ValidateFunction | undefined {
  const schemas = gatewayApiSchemas();
  const schema = schemas.schemas[key];
  if (schema === undefined) return undefined;
  let validate = compiled.get(key);
  if (validate === undefined) {
    ajv ??= createAjv(schemas);
    validate = ajv.compile(schema);
    compiled.set(key, validate);
  }
  return validate;
}

/**
 * Fills in the schema's defaults, as the API server does before it validates: top down through properties, list
 * items and map values. ajv's useDefaults cannot stand in: it runs oneOf before it defaults an object's properties,
 * and one schema depends on the order (a Gateway address without `type` is an IPAddress; undefaulted, both branches
 * of its oneOf match).
 */
function applyDefaults(schema: SchemaObject, data: unknown): void {
  if (Array.isArray(data)) {
    const items = schema.items as SchemaObject | undefined;
    if (items !== undefined) for (const item of data) applyDefaults(items, item);
    return;
  }
  if (typeof data !== 'object' || data === null) return;
  const record = data as Record<string, unknown>;
  const properties = (schema.properties ?? {}) as Record<string, SchemaObject>;
  for (const [name, sub] of Object.entries(properties)) {
    if (record[name] === undefined && sub.default !== undefined) record[name] = structuredClone(sub.default);
    if (record[name] !== undefined) applyDefaults(sub, record[name]);
  }
  const values = schema.additionalProperties;
  if (typeof values === 'object' && values !== null) {
    for (const [name, value] of Object.entries(record)) if (!(name in properties)) applyDefaults(values, value);
  }
}

/** A JSON pointer (`/spec/rules/0`) as the path reports show (`spec.rules[0]`); `(root)` for the object itself. */
function pointerText(pointer: string, extra?: string): string {
  const segments = pointer === '' ? [] : pointer.slice(1).split('/');
  if (extra !== undefined) segments.push(extra);
  let out = '';
  for (const raw of segments) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^\d+$/.test(seg)) out += `[${seg}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out === '' ? '(root)' : out;
}

/** One ajv error as "path: message", the path ending at the field in question. */
function errorText(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'additionalProperties') {
    return `${pointerText(error.instancePath, String(params.additionalProperty))}: unknown field (not in the ${gatewayApiSchemas().source.tag} standard-channel schema)`;
  }
  if (error.keyword === 'required') {
    return `${pointerText(error.instancePath, String(params.missingProperty))}: is required`;
  }
  if (error.keyword === 'x-kubernetes-list-map-keys') {
    return `${pointerText(error.instancePath, String(params.index))}: ${error.message}`;
  }
  if (error.keyword === 'enum') {
    return `${pointerText(error.instancePath)}: must be one of ${(params.allowedValues as unknown[]).map(String).join(', ')}`;
  }
  return `${pointerText(error.instancePath)}: ${error.message ?? error.keyword}`;
}

/**
 * The schema errors of a Gateway API object, as "path: message" strings; one "unknown apiVersion/kind" error when
 * the standard channel has no schema for its apiVersion and kind (an experimental kind, a version not served).
 */
export function validateGatewayApi(object: unknown): string[] {
  const { apiVersion, kind } = (typeof object === 'object' && object !== null ? object : {}) as Record<string, unknown>;
  const key = `${String(apiVersion)}/${String(kind)}`;
  const validate = gatewayApiValidator(key);
  if (validate === undefined) return [`(root): unknown apiVersion/kind ${key} in the Gateway API standard channel`];
  // A copy: the defaults must not reach the caller's object.
  const defaulted = structuredClone(object);
  applyDefaults(validate.schema as SchemaObject, defaulted);
  if (validate(defaulted)) return [];
  return [...new Set((validate.errors ?? []).map(errorText))];
}
