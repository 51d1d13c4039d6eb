// Generates data/gateway-api/schemas.gen.json from the Gateway API standard-channel CRDs copied in
// data/gateway-api/v1.6.1-standard/: one JSON Schema per served version of every CRD, keyed "<apiVersion>/<Kind>".
// Usage: node scripts/gen-gateway-api-schemas.mjs [--stdout | --check]
//   (no flag) writes the file; --stdout prints it; --check exits 1 when the committed file is stale.
//
// The API server prunes unknown fields without a word, so an experimental or misspelled field in a generated object
// would vanish on apply. The schemas are therefore closed where pruning applies: every object schema of the
// structural part (properties, items, additionalProperties) that lists properties gets `additionalProperties: false`.
// The CEL rules (x-kubernetes-validations) are left out (src/migrate/constraints.ts checks them by code); their count
// per schema is in "celRules". Descriptions are dropped (about 0.3 MB remain, pretty-printed). A `set` list becomes
// uniqueItems; a `map` list keeps its keys in one keyword of our own, and the file names that keyword and the
// formats the schemas use ("keywords", "formats"), which a validator must define (test/helpers/gateway-api.ts does).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAll } from 'js-yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const crdDir = join(root, 'data', 'gateway-api', 'v1.6.1-standard');
const outFile = join(root, 'data', 'gateway-api', 'schemas.gen.json');

export const SOURCE = {
  repository: 'kubernetes-sigs/gateway-api',
  tag: 'v1.6.1',
  commit: '8bb74df00e56ec8f944d48c25e6c1c9c2f6848e3',
  path: 'config/crd/standard',
  channel: 'standard',
  license: 'Apache-2.0',
};

/** Formats the schemas use; ajv in strict mode refuses a schema whose format it has no definition for. */
export const FORMATS = ['date-time', 'int32', 'int64', 'ipv4', 'ipv6'];

/**
 * The one keyword of our own the schemas keep: a list of type `map` must not hold two items with the same keys
 * (the API server rejects the duplicate, e.g. two RequestHeaderModifier `set` entries for one header). JSON Schema
 * cannot say "unique by these properties", so the validator defines this keyword.
 */
export const LIST_MAP_KEYS = 'x-kubernetes-list-map-keys';

/** JSON Schema keywords copied as they are. */
const PLAIN = new Set([
  'type',
  'format',
  'enum',
  'pattern',
  'maxLength',
  'minLength',
  'maxItems',
  'minItems',
  'maximum',
  'minimum',
  'exclusiveMaximum',
  'exclusiveMinimum',
  'multipleOf',
  'required',
  'default',
  'maxProperties',
  'minProperties',
  'uniqueItems',
  'nullable',
]);

/** Dropped: prose, and what only server-side apply reads. */
const DROPPED = new Set(['description', 'title', 'example', 'x-kubernetes-map-type']);

const STRING_KEYWORDS = ['pattern', 'maxLength', 'minLength', 'format'];
const NUMBER_KEYWORDS = ['maximum', 'minimum', 'exclusiveMaximum', 'exclusiveMinimum', 'multipleOf'];

/**
 * `x-kubernetes-int-or-string` accepts an integer or a string. The string keywords (a pattern above all) restrict
 * only the string form and the number keywords only the integer form, so each goes to its own branch.
 */
function intOrString(out) {
  const integer = { type: 'integer' };
  const string = { type: 'string' };
  const rest = {};
  for (const [k, v] of Object.entries(out)) {
    if (NUMBER_KEYWORDS.includes(k)) integer[k] = v;
    else if (STRING_KEYWORDS.includes(k)) string[k] = v;
    else if (k !== 'type' && k !== 'anyOf') rest[k] = v;
  }
  // controller-gen writes `anyOf: [{type: integer}, {type: string}]` beside the marker, which the branches replace;
  // any other anyOf still applies, under allOf.
  const plainPair =
    Array.isArray(out.anyOf) &&
    out.anyOf.every((s) => Object.keys(s).length === 1 && (s.type === 'integer' || s.type === 'string'));
  if (out.anyOf !== undefined && !plainPair) rest.allOf = [...(rest.allOf ?? []), { anyOf: out.anyOf }];
  return { ...rest, anyOf: [integer, string] };
}

/**
 * One openAPIV3Schema node as JSON Schema. `structural`: the node is where pruning applies (a property, the items
 * of a list, the values of a map), not a branch of allOf/anyOf/oneOf/not: those only validate, and closing a branch
 * that lists a subset of the properties (Gateway addresses' oneOf) would reject valid objects.
 * `shape`: the structural schema of the same data. A branch without a `type` takes the type from it, which ajv's
 * strict mode wants beside a type-specific keyword (`format: ipv4` in Gateway addresses' oneOf); the structural
 * schema requires that type of the data anyway, so the result accepts the same objects.
 * `counts.cel` collects the number of CEL rules met on the way.
 */
export function toJsonSchema(node, structural, counts, shape = node) {
  const out = {};
  let open = false;
  let listType;
  const sub = (value, at) => toJsonSchema(value, structural, counts, structural ? value : at);
  for (const [key, value] of Object.entries(node)) {
    if (PLAIN.has(key)) out[key] = value;
    else if (DROPPED.has(key)) continue;
    else if (key === 'properties') {
      out.properties = Object.fromEntries(
        Object.entries(value).map(([name, s]) => [name, sub(s, shape?.properties?.[name])]),
      );
    } else if (key === 'items') out.items = sub(value, shape?.items);
    else if (key === 'additionalProperties') {
      out.additionalProperties = typeof value === 'boolean' ? value : sub(value, shape?.additionalProperties);
    } else if (key === 'allOf' || key === 'anyOf' || key === 'oneOf') {
      out[key] = value.map((s) => toJsonSchema(s, false, counts, shape));
    } else if (key === 'not') out.not = toJsonSchema(value, false, counts, shape);
    else if (key === 'x-kubernetes-validations') counts.cel += value.length;
    else if (key === 'x-kubernetes-preserve-unknown-fields') open = value === true;
    else if (key === 'x-kubernetes-list-type') listType = value;
    else if (key === 'x-kubernetes-list-map-keys' || key === 'x-kubernetes-int-or-string') continue;
    // A keyword nobody decided on (a new CRD feature) stops the generator instead of passing silently.
    else throw new Error(`gen-gateway-api-schemas: unknown schema keyword ${key}`);
  }
  if (!structural && out.type === undefined && typeof shape?.type === 'string') out.type = shape.type;
  // `set`: the API server rejects a duplicate item; `map`: a duplicate key; `atomic` says nothing about items.
  if (listType === 'set') out.uniqueItems = true;
  if (listType === 'map') out[LIST_MAP_KEYS] = node['x-kubernetes-list-map-keys'];
  const closable = structural && !open && out.properties !== undefined && !('additionalProperties' in out);
  if (closable && out.type === 'object') out.additionalProperties = false;
  return node['x-kubernetes-int-or-string'] === true ? intOrString(out) : out;
}

/** The root schema of one CRD version: apiVersion and kind fixed, `metadata` left as the CRD has it (open). */
function rootSchema(group, version, kind, openAPIV3Schema, counts) {
  const schema = toJsonSchema(openAPIV3Schema, true, counts);
  schema.properties.apiVersion = { type: 'string', const: `${group}/${version}` };
  schema.properties.kind = { type: 'string', const: kind };
  schema.required = [...new Set(['apiVersion', 'kind', ...(schema.required ?? [])])];
  return schema;
}

/** Every object's keys in code-point order, so the output does not depend on how the YAML lists them. */
function sorted(value) {
  if (Array.isArray(value)) return value.map(sorted);
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(keys.map((k) => [k, sorted(value[k])]));
}

/** The CRDs among `files` (name -> YAML text); the folder also holds a ValidatingAdmissionPolicy, which is skipped. */
function crdsOf(files) {
  return Object.keys(files)
    .sort()
    .flatMap((name) => loadAll(files[name]).map((doc) => ({ name, doc })))
    .filter(({ doc }) => doc?.kind === 'CustomResourceDefinition');
}

/** The generated file's text from the CRD files (name -> YAML text). Pure: the test calls it on the copies. */
export function render(files) {
  const schemas = {};
  const celRules = {};
  for (const { name, doc } of crdsOf(files)) {
    const annotations = doc.metadata?.annotations ?? {};
    const bundle = annotations['gateway.networking.k8s.io/bundle-version'];
    const channel = annotations['gateway.networking.k8s.io/channel'];
    if (bundle !== SOURCE.tag || channel !== SOURCE.channel) {
      throw new Error(`gen-gateway-api-schemas: ${name} is ${bundle}/${channel}, not ${SOURCE.tag}/${SOURCE.channel}`);
    }
    const { group, names, versions } = doc.spec;
    for (const v of versions.filter((x) => x.served)) {
      const key = `${group}/${v.name}/${names.kind}`;
      const counts = { cel: 0 };
      schemas[key] = rootSchema(group, v.name, names.kind, v.schema.openAPIV3Schema, counts);
      celRules[key] = counts.cel;
    }
  }
  // Pretty-printed: about 0.3 MB, so a regenerated schema reads as a normal diff.
  const out = { source: SOURCE, ...sorted({ celRules, formats: FORMATS, keywords: [LIST_MAP_KEYS], schemas }) };
  return `${JSON.stringify(out, null, 2)}\n`;
}

/** The CRD folder's files, name -> text. */
export function readCrds(dir = crdDir) {
  return Object.fromEntries(
    readdirSync(dir)
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => [f, readFileSync(join(dir, f), 'utf8')]),
  );
}

function main() {
  const text = render(readCrds());
  const mode = process.argv[2];
  if (mode === '--stdout') {
    process.stdout.write(text);
  } else if (mode === '--check') {
    let current = '';
    try {
      current = readFileSync(outFile, 'utf8');
    } catch {}
    if (current !== text) {
      console.error(`${relative(root, outFile)} is stale: run node scripts/gen-gateway-api-schemas.mjs`);
      process.exit(1);
    }
  } else {
    writeFileSync(outFile, text);
    console.log(`wrote ${relative(root, outFile)} (${Buffer.byteLength(text)} bytes)`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
