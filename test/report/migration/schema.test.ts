/** schema/migration-report.schema.json: strict, closed, and the reports of several inputs validate against it. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { migrationReportJson } from '../../../src/report/migration/json.js';
import type { MigrationReport } from '../../../src/report/migration/model.js';
import { CORPUS, ROOT } from '../../helpers/cli.js';
import { EVERY_ANNOTATION, NGINX_CLASS, yamlOf } from '../../migrate/helpers.js';
import { reportOf, reportOfText, SMALL } from './helpers.js';

type Schema = Record<string, unknown>;
const schema = JSON.parse(readFileSync(join(ROOT, 'schema', 'migration-report.schema.json'), 'utf8')) as Schema;
const validate = new Ajv({ strict: true, allErrors: true }).compile(schema);

/** Paths of the object schemas that are not closed (`additionalProperties: false`). */
function openObjects(node: unknown, path = '#'): string[] {
  if (node === null || typeof node !== 'object') return [];
  if (Array.isArray(node)) return node.flatMap((n, i) => openObjects(n, `${path}/${i}`));
  const s = node as Schema;
  const here = s.type === 'object' && s.additionalProperties !== false ? [path] : [];
  return [...here, ...Object.entries(s).flatMap(([k, v]) => openObjects(v, `${path}/${k}`))];
}

function errorsOf(value: unknown): string[] {
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

describe('the migration report JSON Schema', () => {
  it('closes every object', () => {
    expect(openObjects(schema)).toEqual([]);
  });

  const inputs: Record<string, () => MigrationReport> = {
    'a small input': () => reportOf(SMALL),
    'every annotation': () => reportOf([NGINX_CLASS, ...EVERY_ANNOTATION]),
    'the ingress-nginx examples corpus': () =>
      reportOfText(readFileSync(join(CORPUS, 'ingress-nginx-examples.yaml'), 'utf8')),
    'the ingress-nginx default install (a controller, no Ingress)': () =>
      reportOfText(
        `${readFileSync(join(CORPUS, 'ingress-nginx-default.yaml'), 'utf8')}\n---\n${yamlOf(SMALL.slice(2, 4))}`,
      ),
  };
  for (const [what, build] of Object.entries(inputs)) {
    it(`validates the report of ${what}, as the JSON output writes it`, () => {
      expect(errorsOf(JSON.parse(migrationReportJson(build())))).toEqual([]);
    });
  }

  it('refuses a field it does not know and a missing one', () => {
    const report = JSON.parse(migrationReportJson(reportOf(SMALL)));
    report.annotationDebt.extra = 1;
    delete report.sources.cves;
    expect(errorsOf(report)).toEqual([
      '/annotationDebt must NOT have additional properties',
      "/sources must have required property 'cves'",
    ]);
  });
});
