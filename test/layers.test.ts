/**
 * The layers of src/ depend one way (README, Development): Kubernetes semantics at the bottom, ingress-controller
 * knowledge and the engine on it, the rules on those, and the entry points on top. Every import of every module under
 * src/ is checked against the direction, static (`import … from`, `export … from`, `import '…'`) and dynamic
 * (`import('…')`), type-only imports included: a type is a dependency too.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/cli.js';

/** What each layer may import besides itself. `*`: anything (the entry points). */
const ALLOWED: Readonly<Record<string, readonly string[] | '*'>> = {
  k8s: [],
  ingress: ['k8s'],
  engine: ['k8s', 'package-root', 'import-dependency'],
  rules: ['k8s', 'ingress', 'engine'],
  // The rules' types reach the formatters only through the engine.
  report: ['engine', 'k8s'],
  // src/report/migration: the migration report is built on the translation record and the controller knowledge;
  // nothing but the entry points imports it (the formatters of src/report/ do not). It names kubeward's version.
  'report/migration': ['report', 'migrate', 'ingress', 'engine', 'k8s', 'version'],
  cluster: ['engine', 'k8s', 'import-dependency'],
  webhook: ['engine', 'k8s', 'cluster'],
  migrate: ['k8s', 'ingress', 'engine'],
  cli: '*',
  // src/index.ts: the programmatic API, which wires the rule registry in as the CLI does.
  index: '*',
  // src/package-root.ts: where package.json and schema/ are, for the compiled modules and the bundle alike.
  'package-root': [],
  // src/import-dependency.ts: import() of a dependency in node_modules, which the bundle replaces.
  'import-dependency': [],
  // src/version.ts reads package.json and nothing else of ours.
  version: ['package-root'],
};

/** The only importers of src/rules from outside it: the rule registry is wired in by the CLI and the API. */
const RULE_IMPORTERS: readonly string[] = ['cli', 'index'];

interface Edge {
  /** The importing file, relative to the repository (`src/k8s/object.ts`). */
  readonly file: string;
  readonly line: number;
  /** The module specifier as written. */
  readonly specifier: string;
}

/** `k8s` for src/k8s/…, `index` for src/index.ts, `report/migration` for src/report/migration/…. */
function layerOf(path: string): string {
  const [, first, ...rest] = path.split('/');
  if (first === 'report' && rest[0] === 'migration' && rest.length > 1) return 'report/migration';
  return rest.length === 0 ? (first ?? '').replace(/\.ts$/, '') : (first ?? '');
}

/** The source with comments blanked (newlines kept, so offsets keep their line), strings and templates left alone. */
function withoutComments(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    const next = text[i + 1];
    if (c === '/' && next === '/') {
      while (i < text.length && text[i] !== '\n') {
        out += ' ';
        i++;
      }
    } else if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? text.length : end + 2;
      out += text.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
    } else if (c === "'" || c === '"' || c === '`') {
      let j = i + 1;
      while (j < text.length && text[j] !== c) j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

const STATIC = /^[ \t]*(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/gm;
const SIDE_EFFECT = /^[ \t]*import\s*['"]([^'"]+)['"]/gm;
const DYNAMIC = /\bimport\s*\(\s*['"`]([^'"`]+)['"`]\s*\)/g;

/** Every module specifier a file imports or re-exports from, with the line it is on. */
function importsOf(file: string, text: string): Edge[] {
  const code = withoutComments(text);
  const edges: Edge[] = [];
  for (const re of [STATIC, SIDE_EFFECT, DYNAMIC]) {
    for (const m of code.matchAll(re)) {
      const at = (m.index ?? 0) + m[0].indexOf(m[0].trimStart());
      edges.push({ file, line: code.slice(0, at).split('\n').length, specifier: m[1] ?? '' });
    }
  }
  return edges.sort((a, b) => a.line - b.line);
}

/** The file a relative specifier names, relative to the repository; undefined for packages and `node:` modules. */
function targetOf(edge: Edge): string | undefined {
  if (!edge.specifier.startsWith('.')) return undefined;
  return posix.normalize(posix.join(posix.dirname(edge.file), edge.specifier)).replace(/\.js$/, '.ts');
}

/** One line per import that breaks the direction: file, line, the import, and what the layer may import. */
function violations(edges: readonly Edge[]): string[] {
  const out: string[] = [];
  for (const edge of edges) {
    const target = targetOf(edge);
    if (target === undefined || !target.startsWith('src/')) continue;
    const from = layerOf(edge.file);
    const to = layerOf(target);
    const allowed = ALLOWED[from];
    if (allowed === undefined) {
      out.push(`${edge.file}:${edge.line}: ${from} is no layer of the table in test/layers.test.ts`);
    } else if (from !== to && allowed !== '*' && !allowed.includes(to)) {
      const may = allowed.length === 0 ? `only ${from}` : `only ${[from, ...allowed].join(', ')}`;
      out.push(`${edge.file}:${edge.line}: imports ${edge.specifier} (${to}); ${from} may import ${may}`);
    }
  }
  return out;
}

/** The imports of src/rules from outside it, but by the CLI and the API. */
function ruleImportsFromOutside(edges: readonly Edge[]): string[] {
  return edges
    .filter((e) => {
      const from = layerOf(e.file);
      const target = targetOf(e);
      return from !== 'rules' && !RULE_IMPORTERS.includes(from) && target?.startsWith('src/rules/') === true;
    })
    .map((e) => `${e.file}:${e.line}: imports ${e.specifier}`);
}

function sourceEdges(): Edge[] {
  const edges: Edge[] = [];
  for (const rel of readdirSync(join(ROOT, 'src'), { recursive: true, encoding: 'utf8' })) {
    if (!rel.endsWith('.ts')) continue;
    const file = `src/${rel.split('\\').join('/')}`;
    edges.push(...importsOf(file, readFileSync(join(ROOT, file), 'utf8')));
  }
  return edges;
}

describe('the layers of src/', () => {
  const edges = sourceEdges();

  it('reads the imports of every module', () => {
    expect(edges.length).toBeGreaterThan(300);
    const layers = new Set(edges.map((e) => layerOf(e.file)));
    for (const layer of ['k8s', 'ingress', 'engine', 'rules', 'report', 'cluster', 'webhook', 'cli']) {
      expect(layers, layer).toContain(layer);
    }
  });

  it('import one way: k8s, then ingress and engine, then rules, then the entry points', () => {
    expect(violations(edges)).toEqual([]);
  });

  it('leave the rules to the CLI and the API, which wire the registry in', () => {
    expect(ruleImportsFromOutside(edges)).toEqual([]);
  });
});

describe('the layer check itself', () => {
  const module = [
    "/** A comment that mentions import('../engine/run.js') and from '../rules/index.js'. */",
    "import type { JsonObject } from './object.js';",
    'import {',
    '  asObject,',
    "} from '../engine/types.js';",
    "export { cleanText } from '../webhook/warnings.js';",
    "const lazy = () => import('../rules/index.js');",
    "import 'node:fs';",
    'const text = \'import x from "../cli/main.js"\';',
  ].join('\n');
  const edges = importsOf('src/k8s/fake.ts', module);

  it('finds static, re-exported and dynamic imports with their lines, and none in comments or strings', () => {
    expect(edges.map((e) => `${e.line} ${e.specifier}`)).toEqual([
      '2 ./object.js',
      '3 ../engine/types.js',
      '6 ../webhook/warnings.js',
      '7 ../rules/index.js',
      '8 node:fs',
    ]);
  });

  it('reports each forbidden edge with file, line and import', () => {
    expect(violations(edges)).toEqual([
      'src/k8s/fake.ts:3: imports ../engine/types.js (engine); k8s may import only k8s',
      'src/k8s/fake.ts:6: imports ../webhook/warnings.js (webhook); k8s may import only k8s',
      'src/k8s/fake.ts:7: imports ../rules/index.js (rules); k8s may import only k8s',
    ]);
    expect(ruleImportsFromOutside(edges)).toEqual(['src/k8s/fake.ts:7: imports ../rules/index.js']);
    expect(violations([{ file: 'src/report/json.ts', line: 1, specifier: '../rules/define-rule.js' }])).toEqual([
      'src/report/json.ts:1: imports ../rules/define-rule.js (rules); report may import only report, engine, k8s',
    ]);
    expect(violations([{ file: 'src/cli/main.ts', line: 1, specifier: '../rules/index.js' }])).toEqual([]);
    expect(
      violations([{ file: 'src/report/migration/model.ts', line: 2, specifier: '../../migrate/translate.js' }]),
    ).toEqual([]);
    expect(violations([{ file: 'src/report/json.ts', line: 3, specifier: './migration/model.js' }])).toEqual([
      'src/report/json.ts:3: imports ./migration/model.js (report/migration); report may import only report, engine, k8s',
    ]);
    expect(violations([{ file: 'src/migrate/emit.ts', line: 3, specifier: '../report/migration/model.js' }])).toEqual([
      'src/migrate/emit.ts:3: imports ../report/migration/model.js (report/migration); migrate may import only migrate, k8s, ingress, engine',
    ]);
    expect(violations([{ file: 'src/tools/x.ts', line: 4, specifier: '../k8s/object.js' }])).toEqual([
      'src/tools/x.ts:4: tools is no layer of the table in test/layers.test.ts',
    ]);
  });
});
