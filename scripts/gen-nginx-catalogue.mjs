// Generates src/ingress/nginx-catalogue.gen.ts from the research data files:
//   ../shared/research/nginx-annotations.json        (ingress-nginx annotation keys, read from the controller source)
//   ../shared/research/ingress2gateway-support.json  (what ingress2gateway does with each key)
//   ../shared/research/ingress-nginx.md              (only for the snapshot commits named in the header)
// Usage: node scripts/gen-nginx-catalogue.mjs [--stdout | --check]
//   (no flag) writes the file; --stdout prints it; --check exits 1 when the committed file is stale.
// KUBEWARD_RESEARCH overrides the research directory.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const researchDir = process.env.KUBEWARD_RESEARCH ?? join(root, 'data', 'research');
const outFile = join(root, 'src', 'ingress', 'nginx-catalogue.gen.ts');
const PREFIX = 'nginx.ingress.kubernetes.io/';

const EXPECTED = { active: 136, alias: 2, removed: 29, Critical: 5, High: 10 };

/**
 * Validators that name a Go variable instead of listing their values. The values come from the entry's own `notes`
 * or `valueType` in the research file; `render` fails if one of them is not written there.
 */
const NAMED_ENUMS = {
  cookieAffinity: { values: ['cookie'], caseSensitive: true },
  validProtocols: { values: ['HTTP', 'HTTPS', 'AUTO_HTTP', 'GRPC', 'GRPCS', 'FCGI'], caseSensitive: false },
  loadBalanceAlgorithms: {
    values: ['round_robin', 'chash', 'chashsubset', 'sticky_balanced', 'sticky_persistent', 'ewma'],
    caseSensitive: true,
  },
  authTypeRegex: { values: ['basic', 'digest'], caseSensitive: true },
  authVerifyClientRegex: { values: ['on', 'off', 'optional', 'optional_no_ca'], caseSensitive: true },
  OnOffRegex: { values: ['on', 'off'], caseSensitive: true },
  proxySSLOnOffRegex: { values: ['on', 'off'], caseSensitive: true },
  authSecretTypeRegex: { values: ['auth-file', 'auth-map'], caseSensitive: true },
};

/** Keys whose parser checks more than the validator says (the redirect parser accepts only http(s) URLs and 3xx codes). */
const NAME_OVERRIDES = {
  'permanent-redirect': { kind: 'url' },
  'temporal-redirect': { kind: 'url' },
  'permanent-redirect-code': { kind: 'int', unit: null, min: 300, max: 308 },
  'temporal-redirect-code': { kind: 'int', unit: null, min: 300, max: 308 },
};

const SECONDS_SUFFIXES = ['-timeout', '-expires', '-max-age'];

function validatorArg(validator) {
  const m = /^parser\.Validate(?:Regex|Options)\((\[\]string\{[^}]*\}|[^,)]+)/.exec(validator ?? '');
  return m ? m[1].trim().replace(/^parser\./, '') : undefined;
}

function caseSensitiveArg(validator) {
  const m = /,\s*(true|false)\s*,\s*(true|false)\s*\)$/.exec(validator);
  return m ? m[1] === 'true' : true;
}

function checkWritten(entry, values) {
  const text = `${entry.notes ?? ''} ${entry.valueType ?? ''}`.toLowerCase();
  for (const v of values) {
    if (!text.includes(v.toLowerCase())) throw new Error(`${entry.key}: enum value ${v} is not in its notes/valueType`);
  }
}

/** The typed value kind of one entry, from its validator expression. */
function valueSpec(entry) {
  const { name, validator } = entry;
  if (entry.status === 'removed' || !validator) return { kind: 'none' };
  if (NAME_OVERRIDES[name]) return NAME_OVERRIDES[name];
  if (validator === 'parser.ValidateNull') return { kind: 'snippet' };
  if (validator === 'parser.ValidateBool') return { kind: 'boolean' };
  if (validator === 'parser.ValidateCIDRs') return { kind: 'cidr-list' };
  const seconds = SECONDS_SUFFIXES.some((s) => name.endsWith(s)) ? 'seconds' : null;
  if (validator === 'parser.ValidateInt') return { kind: 'int', unit: seconds, min: null, max: null };
  const arg = validatorArg(validator);
  if (validator.startsWith('parser.ValidateOptions(')) {
    const literal = /^\[\]string\{([^}]*)\}$/.exec(arg ?? '');
    const values = literal ? [...literal[1].matchAll(/"([^"]*)"/g)].map((m) => m[1]) : [];
    if (values.length > 0) return { kind: 'enum', values, caseSensitive: caseSensitiveArg(validator) };
    // A variable, alone (`validProtocols`) or inside a literal (`[]string{cookieAffinity}`).
    const variable = literal ? literal[1].trim() : arg;
    const named = NAMED_ENUMS[variable];
    if (!named) throw new Error(`${entry.key}: unknown options variable ${variable}`);
    checkWritten(entry, named.values);
    return { kind: 'enum', values: named.values, caseSensitive: named.caseSensitive };
  }
  if (arg && NAMED_ENUMS[arg]) {
    checkWritten(entry, NAMED_ENUMS[arg].values);
    return { kind: 'enum', ...NAMED_ENUMS[arg] };
  }
  if (arg === 'SizeRegex') return { kind: 'size' };
  if (arg === 'affinityCookieExpiresRegex') return { kind: 'int', unit: 'seconds', min: null, max: null };
  if (arg === 'arrayOfHTTPErrors') return { kind: 'status-list' };
  if (arg === 'URLWithNginxVariableRegex') return { kind: 'url' };
  if (arg === 'RegexPathWithCapture') return { kind: 'path' };
  return { kind: 'string' };
}

/** What a removed key's notes tell the reader to use instead (`use X`, `Renamed to X`), or null. */
function replacementOf(entry) {
  if (entry.status !== 'removed') return null;
  const m = /(?:\buse|[Rr]enamed to) ([a-z][a-z0-9-]*(?::\s*[A-Z]+(?: or [A-Z]+)?)?(?:\/[a-z][a-z0-9-]*)*)/.exec(
    entry.notes ?? '',
  );
  return m ? m[1] : null;
}

function snapshotCommit(md, repo) {
  const escaped = repo.replace(/[/.-]/g, '\\$&');
  const m = new RegExp(`^\\|\\s*${escaped}\\s*\\|\\s*\`([0-9a-f]{40})\`[^|]*\\|\\s*([0-9-]+)\\s*\\|`, 'm').exec(md);
  if (!m) throw new Error(`ingress-nginx.md: no snapshot commit for ${repo}`);
  return { commit: m[1], date: m[2] };
}

const sha256 = (text) => createHash('sha256').update(text).digest('hex');

function count(entries, pred) {
  return entries.filter(pred).length;
}

function checkCounts(entries) {
  const got = {
    active: count(entries, (e) => e.status === 'active'),
    alias: count(entries, (e) => e.status === 'alias'),
    removed: count(entries, (e) => e.status === 'removed'),
    Critical: count(entries, (e) => e.status === 'active' && e.riskLevel === 'Critical'),
    High: count(entries, (e) => e.status === 'active' && e.riskLevel === 'High'),
  };
  for (const [k, v] of Object.entries(EXPECTED)) {
    if (got[k] !== v) throw new Error(`nginx-annotations.json: expected ${v} ${k} keys, found ${got[k]}`);
  }
}

function tsValue(v) {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(tsValue).join(', ')}]`;
  const parts = Object.entries(v).map(([k, x]) => `${/^[a-zA-Z_]\w*$/.test(k) ? k : JSON.stringify(k)}: ${tsValue(x)}`);
  return `{ ${parts.join(', ')} }`;
}

function toEntry(e, i2g) {
  const support = i2g[e.key];
  if (!support) throw new Error(`ingress2gateway-support.json has no entry for ${e.key}`);
  if (!e.key.startsWith(PREFIX) || e.key.slice(PREFIX.length) !== e.name) throw new Error(`bad key ${e.key}`);
  const group = e.group ?? (e.status === 'active' ? 'ssl-passthrough' : null);
  return {
    key: e.key,
    name: e.name,
    status: e.status,
    group,
    riskLevel: e.riskLevel,
    scope: e.scope,
    value: valueSpec(e),
    since: e.sinceVersion,
    removedIn: e.removedIn,
    aliasOf: e.aliasOf ? e.aliasOf.slice(PREFIX.length) : null,
    aliases: (e.aliases ?? []).map((a) => a.slice(PREFIX.length)),
    replacement: replacementOf(e),
    snippet: e.snippet === true,
    cves: [...new Set((e.notes ?? '').match(/CVE-\d{4}-\d{4,}/g) ?? [])],
    i2g: {
      status: support.status,
      supported: support.supported === true,
      construct: support.gatewayApiConstruct ?? null,
    },
  };
}

/** Renders the generated module from the three research texts. Pure: the test calls the script with --stdout. */
export function render(annotationsText, i2gText, mdText) {
  const entries = JSON.parse(annotationsText);
  const i2g = JSON.parse(i2gText);
  checkCounts(entries);
  const names = new Set(entries.map((e) => e.name));
  for (const e of entries) {
    if (e.aliasOf && !names.has(e.aliasOf.slice(PREFIX.length))) throw new Error(`${e.key}: alias of unknown key`);
  }
  const nginx = snapshotCommit(mdText, 'kubernetes/ingress-nginx');
  const i2gw = snapshotCommit(mdText, 'kubernetes-sigs/ingress2gateway');
  const sorted = [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const lines = [
    '// GENERATED by scripts/gen-nginx-catalogue.mjs. Do not edit: change the research data and run',
    '// `node scripts/gen-nginx-catalogue.mjs` (the catalogue test fails while this file is stale).',
    '// Sources (../shared/research/):',
    `//   nginx-annotations.json (sha256 ${sha256(annotationsText).slice(0, 16)}): annotation parsers of`,
    `//     kubernetes/ingress-nginx at ${nginx.commit} (${nginx.date}, final release)`,
    `//   ingress2gateway-support.json (sha256 ${sha256(i2gText).slice(0, 16)}): ingress-nginx provider of`,
    `//     kubernetes-sigs/ingress2gateway at ${i2gw.commit} (${i2gw.date})`,
    "// Value kinds are derived from each key's validator; enum values of validators that name a Go variable are",
    "// listed in the script and checked against the entry's notes.",
    "import type { NginxAnnotation } from './nginx-catalogue.js';",
    '',
    `export const NGINX_SOURCE_COMMIT = '${nginx.commit}';`,
    `export const I2GW_SOURCE_COMMIT = '${i2gw.commit}';`,
    '',
    'export const NGINX_ANNOTATIONS: readonly NginxAnnotation[] = [',
    ...sorted.map((e) => `  ${tsValue(toEntry(e, i2g))},`),
    '];',
    '',
  ];
  return lines.join('\n');
}

function main() {
  const read = (f) => {
    const p = join(researchDir, f);
    if (!existsSync(p)) {
      console.error(`gen-nginx-catalogue: ${p} not found (set KUBEWARD_RESEARCH).`);
      process.exit(2);
    }
    return readFileSync(p, 'utf8');
  };
  const text = render(read('nginx-annotations.json'), read('ingress2gateway-support.json'), read('ingress-nginx.md'));
  const mode = process.argv[2];
  if (mode === '--stdout') {
    process.stdout.write(text);
  } else if (mode === '--check') {
    const current = existsSync(outFile) ? readFileSync(outFile, 'utf8') : '';
    if (current !== text) {
      console.error(`${relative(root, outFile)} is stale: run node scripts/gen-nginx-catalogue.mjs`);
      process.exit(1);
    }
  } else {
    writeFileSync(outFile, text);
    console.log(`wrote ${relative(root, outFile)}`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
