/** Gates every rule must pass (ESLint's checkRuleFiles, typescript-eslint's docs tests, kube-linter's remediation test). */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { FAMILIES } from '../../src/engine/types.js';
import { ruleDocFiles } from '../../src/rules/docs.js';
import { allRules } from '../../src/rules/index.js';

const root = join(import.meta.dirname, '..', '..');

describe('rule metadata', () => {
  it('has rules', () => {
    expect(allRules.length).toBeGreaterThan(0);
  });

  it('ids are unique, kebab-case and sorted', () => {
    const ids = allRules.map((r) => r.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
    expect([...ids].sort()).toEqual(ids);
  });

  it('every rule file under src/rules/<family>/ is registered, and every rule lives in its family folder', () => {
    const registered = new Set(allRules.map((r) => `${r.meta.family}/${r.meta.id}`));
    for (const family of FAMILIES) {
      const dir = join(root, 'src', 'rules', family);
      if (!existsSync(dir)) continue;
      for (const f of readdirSync(dir)) {
        if (!f.endsWith('.ts') || f === 'index.ts') continue;
        expect(registered, `src/rules/${family}/${f} is not in allRules`).toContain(
          `${family}/${f.replace(/\.ts$/, '')}`,
        );
      }
    }
    for (const r of allRules) {
      expect(
        existsSync(join(root, 'src', 'rules', r.meta.family, `${r.meta.id}.ts`)),
        `src/rules/${r.meta.family}/${r.meta.id}.ts`,
      ).toBe(true);
    }
  });

  it('every rule has a test file', () => {
    for (const r of allRules) {
      const f = join(root, 'test', 'rules', r.meta.family, `${r.meta.id}.test.ts`);
      expect(existsSync(f), `missing ${f}`).toBe(true);
    }
  });

  it('titles have no final period; rationale and remediation are sentences ending with a period', () => {
    for (const { meta } of allRules) {
      expect(meta.title, meta.id).not.toMatch(/\.$/);
      expect(meta.title.length, meta.id).toBeGreaterThan(10);
      expect(meta.rationale, meta.id).toMatch(/\.$/);
      expect(meta.rationale.length, `${meta.id}: a rationale should explain the failure`).toBeGreaterThan(120);
      expect(meta.remediation, meta.id).toMatch(/\.$/);
      expect(meta.kinds.length, meta.id).toBeGreaterThan(0);
    }
  });

  it('messages: camelCase ids, templates that are sentences with at least three words of their own', () => {
    for (const { meta } of allRules) {
      const ids = Object.keys(meta.messages);
      expect(ids.length, `${meta.id} declares no messages`).toBeGreaterThan(0);
      for (const id of ids) {
        expect(id, meta.id).toMatch(/^[a-z][a-zA-Z0-9]*$/);
        const template = meta.messages[id] ?? '';
        const literal = template.replace(/\{\{\s*[A-Za-z_][A-Za-z0-9_]*\s*\}\}/g, ' ');
        expect(literal, `${meta.id}.${id}: a placeholder that is not {{name}}`).not.toMatch(/\{\{|\}\}/);
        const words = literal.split(/\s+/).filter((w) => /[a-z]{2}/i.test(w));
        expect(words.length, `${meta.id}.${id}: "${template}" is not a sentence of its own`).toBeGreaterThanOrEqual(3);
      }
    }
  });

  it('severity shifts complete "when …": lower-case start, no final period', () => {
    for (const { meta } of allRules) {
      for (const text of Object.values(meta.severityShift ?? {})) {
        expect(text, meta.id).toMatch(/^[a-z].*[^.]$/);
      }
    }
  });

  it('options schemas compile under ajv strict mode and their defaults are valid', () => {
    const ajv = new Ajv({ strict: true, allErrors: true });
    for (const { meta } of allRules) {
      if (!meta.options) continue;
      const validate = ajv.compile(meta.options.schema);
      expect(validate(meta.options.defaults), `${meta.id}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  it('docs/rules/ matches the rule metadata (run `npm run docs` to regenerate)', () => {
    const dir = join(root, 'docs', 'rules');
    const expected = ruleDocFiles(allRules);
    const present = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.md')) : [];
    expect(present.sort()).toEqual([...expected.keys()].sort());
    for (const [name, content] of expected) {
      expect(readFileSync(join(dir, name), 'utf8'), `docs/rules/${name} is stale: run npm run docs`).toBe(content);
    }
  });
});
