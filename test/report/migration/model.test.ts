/** The migration report's model: exact figures on small inputs, and one source of classes with `migrate`. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadInputs } from '../../../src/engine/lint.js';
import { migrateToGatewayApi } from '../../../src/migrate/translate.js';
import {
  DIFFICULTY_TERMS,
  difficultyOf,
  gradeOf,
  levelOf,
  migrationClassOf,
} from '../../../src/report/migration/difficulty.js';
import { buildMigrationReport } from '../../../src/report/migration/model.js';
import { VERSION } from '../../../src/version.js';
import { CORPUS } from '../../helpers/cli.js';
import { EVERY_ANNOTATION, ingress, NGINX, NGINX_CLASS, SHARED, yamlOf } from '../../migrate/helpers.js';
import { reportOf, SMALL } from './helpers.js';

describe('buildMigrationReport on a small input', () => {
  const report = reportOf(SMALL);
  const byName = (name: string) => report.ingresses.find((i) => i.name === name);

  it('counts the ingress-nginx Ingresses out of all, by attribution, and the others by controller', () => {
    expect(report.schemaVersion).toBe(1);
    expect(report.inventory).toMatchObject({
      total: 5,
      ingressNginx: 4,
      byAttribution: { spec: 4, annotation: 0, default: 0, none: 0 },
      othersByController: [{ controller: 'traefik', count: 1 }],
    });
    expect(report.inventory.ingresses.map((i) => `${i.namespace}/${i.name}`)).toEqual([
      'shop/plain',
      'shop/limited',
      'blog/snippet',
      'blog/timeout',
    ]);
    expect(report.inventory.others.map((o) => o.name)).toEqual(['edge']);
  });

  it('measures the annotation debt', () => {
    expect(report.annotationDebt).toMatchObject({
      total: 4,
      distinctKeys: 4,
      perIngress: { min: 0, median: 1, max: 2 },
      byClass: { standard: 2, 'implementation-specific': 1, experimental: 0, 'no-equivalent': 1, 'not-needed': 0 },
      snippets: 1,
      standardShare: 0.5,
    });
    expect(report.annotationDebt.histogram.map((b) => `${b.label}:${b.count}`)).toEqual([
      '0:1',
      '1-2:3',
      '3-5:0',
      '6-10:0',
      '11-20:0',
      '21-50:0',
      '51+:0',
    ]);
    expect(report.annotationDebt.topKeys.map((k) => `${k.key} ${k.class}`)).toEqual([
      `${NGINX}configuration-snippet no-equivalent`,
      `${NGINX}limit-rps implementation-specific`,
      `${NGINX}proxy-read-timeout standard`,
      `${NGINX}use-regex standard`,
    ]);
  });

  it('classes each Ingress clean, policy or blocked, with its difficulty terms', () => {
    expect(
      report.ingresses.map((i) => `${i.name} ${i.migrationClass} ${i.difficulty.points} ${i.difficulty.level}`),
    ).toEqual(['plain clean 0 trivial', 'limited policy 3 easy', 'snippet blocked 9 moderate', 'timeout clean 5 easy']);
    const used = (name: string) =>
      byName(name)
        ?.difficulty.terms.filter((t) => t.count > 0)
        .map((t) => `${t.id} ${t.count}x${t.weight}`);
    expect(used('limited')).toEqual(['key 1x1', 'policy-key 1x2']);
    expect(used('snippet')).toEqual(['key 1x1', 'no-equivalent-key 1x8']);
    expect(used('timeout')).toEqual(['key 2x1', 'regex-mode 1x3']);
    expect(byName('limited')?.securityKeys).toEqual([`${NGINX}limit-rps`]);
    expect(byName('limited')?.requiresPolicy).toEqual([`${NGINX}limit-rps`]);
  });

  it('grades each namespace from its share of easy and of blocked Ingresses', () => {
    expect(report.namespaces.map((n) => `${n.namespace} ${n.easyShare} ${n.blockedShare} ${n.grade}`)).toEqual([
      'blog 0.5 0.5 D',
      'shop 1 0 A',
    ]);
  });

  it("finds a key under another controller's prefix, and the Ingress that switches its host to regex mode", () => {
    expect(report.findings.counts['wrong-prefix']).toBe(1);
    expect(report.findings.items).toEqual([
      expect.objectContaining({
        kind: 'wrong-prefix',
        namespace: 'shop',
        name: 'edge',
        field: `metadata.annotations.${NGINX}rewrite-target`,
      }),
    ]);
    expect(report.findings.regexCauses).toEqual(['blog/timeout']);
  });

  it('recommends Gateway API with the caveats and the minimum version', () => {
    expect(report.recommendation.path).toBe('gateway-api');
    expect(report.recommendation.minGatewayApiVersion).toBe('v1.2');
    expect(report.recommendation.caveats.join('\n')).toMatch(
      /1 Ingress relies on auth, client-certificate, allow-list or rate-limit/,
    );
    expect(report.sources.gatewayApi.minVersion).toBe('v1.2');
    expect(report.sources.catalogue.ingressNginxCommit).toMatch(/^[0-9a-f]{40}$/);
    expect(report.sources.kubeward).toBe(VERSION);
  });
});

describe('findings from the translation record', () => {
  it('names duplicate host and path, unresolved named ports, resource backends and host-wide regex mode', () => {
    const report = reportOf([
      NGINX_CLASS,
      ingress({ name: 'first', host: 'a.example.com', paths: [{ path: '/x' }] }),
      ingress({ name: 'second', host: 'a.example.com', paths: [{ path: '/x' }, { path: '/named', port: 'http' }] }),
      ingress({
        name: 'regex',
        host: 'r.example.com',
        paths: [{ path: '/r.*' }],
        annotations: { 'use-regex': 'true' },
      }),
      ingress({ name: 'plain-on-regex-host', host: 'r.example.com', paths: [{ path: '/p' }] }),
      ingress({
        name: 'bucket',
        host: 'b.example.com',
        rules: [
          {
            host: 'b.example.com',
            http: {
              paths: [
                {
                  path: '/',
                  pathType: 'Prefix',
                  backend: { resource: { apiGroup: 'k8s.example.com', kind: 'StorageBucket', name: 'static' } },
                },
              ],
            },
          },
        ],
      }),
    ]);
    const kinds = report.findings.items.map((f) => `${f.kind} ${f.name}`);
    expect(kinds).toEqual([
      'duplicate-path first',
      'unresolved-port second',
      'regex-mode plain-on-regex-host',
      'resource-backend bucket',
    ]);
    expect(report.findings.counts).toEqual({
      'regex-mode': 1,
      'duplicate-path': 1,
      'unresolved-port': 1,
      'resource-backend': 1,
      'wrong-prefix': 0,
      'duplicate-name': 0,
    });
    // The affected Ingress gets the regex-mode term of the formula too.
    const affected = report.ingresses.find((i) => i.name === 'plain-on-regex-host');
    expect(affected?.difficulty.terms.find((t) => t.id === 'regex-mode')?.count).toBe(1);
  });
});

describe('an Ingress name defined twice', () => {
  it('is one finding with both locations, and each definition is counted', () => {
    const text = yamlOf([NGINX_CLASS, ingress({ name: 'web' }), ingress({ name: 'web', host: 'b.example.com' })]);
    const other = yamlOf([
      ingress({ name: 'web', host: 'c.example.com' }),
      ingress({ name: 'web', namespace: 'blog' }),
    ]);
    const { objects, index } = loadInputs(
      [
        { file: 'a.yaml', text },
        { file: 'b.yaml', text: other },
      ],
      {},
    );
    const report = buildMigrationReport(objects, index);
    expect(report.inventory.ingressNginx).toBe(4);
    const dup = report.findings.items.filter((f) => f.kind === 'duplicate-name');
    expect(dup).toHaveLength(1);
    expect(dup[0]).toMatchObject({ namespace: 'shop', name: 'web' });
    expect(dup[0]?.message).toMatch(
      /^Ingress shop\/web is defined 3 times in the inputs \(a\.yaml:\d+, a\.yaml:\d+, b\.yaml:\d+\)/,
    );
    expect(report.findings.counts['duplicate-name']).toBe(1);
  });
});

describe('every key, with its classes', () => {
  const plain = (name: string) =>
    ingress({ name, host: `${name}.example.com`, annotations: { 'rewrite-target': '/' } });
  // Captures the target reorders: no standard rewrite, so that rule is implementation-specific.
  const reorder = ingress({
    name: 'reorder',
    host: 'r.example.com',
    paths: [{ path: '/(a|b)/(.*)' }],
    annotations: { 'rewrite-target': '/$2/$1' },
  });

  it('lists each key once with its occurrences per class; a tie goes to the harder class', () => {
    const report = reportOf([
      NGINX_CLASS,
      plain('a'),
      reorder,
      ingress({ name: 'c', host: 'c.example.com', annotations: { 'limit-rps': '5' } }),
    ]);
    const keys = report.annotationDebt.keys;
    expect(keys.map((k) => [k.key.replace(/^.*\//, ''), k.count])).toEqual([
      ['rewrite-target', 2],
      ['limit-rps', 1],
    ]);
    expect(keys[0]).toMatchObject({
      byClass: { standard: 1, 'implementation-specific': 1 },
      class: 'implementation-specific',
    });
    expect(report.annotationDebt.topKeys).toEqual(keys);
    expect(report.annotationDebt.distinctKeys).toBe(keys.length);
  });

  it('otherwise takes the most frequent class', () => {
    const report = reportOf([NGINX_CLASS, plain('a'), plain('b'), reorder]);
    expect(report.annotationDebt.keys[0]).toMatchObject({
      count: 3,
      byClass: { standard: 2, 'implementation-specific': 1 },
      class: 'standard',
    });
  });
});

describe('the recommendation rule', () => {
  const many = (n: number, annotations: Record<string, string>) =>
    Array.from({ length: n }, (_, i) => ingress({ name: `i${i}`, host: `h${i}.example.com`, annotations }));

  it('a large blocked share: a fork or vendor NGINX as a bridge', () => {
    const r = reportOf([NGINX_CLASS, ...many(3, { 'server-snippet': 'return 200;' }), ...many(0, {})]);
    expect(r.recommendation.path).toBe('bridge');
    expect(r.recommendation.reasons[0]).toBe('0% clean, 0% policy, 100% blocked, 0% with no ingress-nginx key (of 3)');
  });

  it('a majority needing policies: another controller', () => {
    expect(reportOf([NGINX_CLASS, ...many(3, { 'limit-rps': '5' })]).recommendation.path).toBe('another-controller');
  });

  it('mostly annotation-free Ingresses: leaving the ingress layer', () => {
    expect(reportOf([NGINX_CLASS, ...many(5, {})]).recommendation.path).toBe('leave-ingress-layer');
  });

  it('otherwise Gateway API, the clean first', () => {
    expect(reportOf([NGINX_CLASS, ...many(3, { 'proxy-read-timeout': '30' })]).recommendation.path).toBe('gateway-api');
  });
});

describe('the formula and the grades', () => {
  it('sums weight times count over every term', () => {
    const d = difficultyOf({
      annotations: [
        { key: 'a', value: '', class: 'no-equivalent', translated: false, securityRelevant: false },
        { key: 'b', value: '', class: 'experimental', translated: false, securityRelevant: false },
      ],
      gaps: 2,
      regexMode: true,
      auth: true,
      canary: true,
    });
    expect(d.terms.map((t) => t.id)).toEqual(DIFFICULTY_TERMS.map((t) => t.id));
    expect(d.points).toBe(2 + 8 + 2 + 2 + 3 + 3 + 2);
    expect(d.level).toBe('very-hard');
  });

  it('levels and grades at their bounds', () => {
    expect([0, 1, 5, 6, 11, 12, 19, 20].map(levelOf)).toEqual([
      'trivial',
      'easy',
      'easy',
      'moderate',
      'moderate',
      'hard',
      'hard',
      'very-hard',
    ]);
    expect(gradeOf(0.8, 0)).toBe('A');
    expect(gradeOf(1, 0.05)).toBe('B');
    expect(gradeOf(0.4, 0.25)).toBe('C');
    expect(gradeOf(0, 0.5)).toBe('D');
    expect(gradeOf(1, 0.6)).toBe('E');
    expect(migrationClassOf([])).toBe('clean');
  });
});

describe('one source of classes with migrate', () => {
  const inputs: Record<string, string> = {
    'every annotation': yamlOf([NGINX_CLASS, ...EVERY_ANNOTATION]),
    corpus: readFileSync(join(CORPUS, 'ingress-nginx-examples.yaml'), 'utf8'),
  };
  for (const [what, text] of Object.entries(inputs)) {
    it(`gives every key of ${what} the class and construct of migrate's record`, () => {
      const { objects, index } = loadInputs([{ file: 'in.yaml', text }], {});
      const record = migrateToGatewayApi(objects, index, SHARED);
      const report = buildMigrationReport(objects, index);
      const fromRecord = record.ingresses.flatMap((r) =>
        r.annotations.map((a) => `${r.namespace}/${r.name} ${a.key} ${a.class} ${a.construct ?? ''}`),
      );
      const fromReport = report.ingresses.flatMap((r) =>
        r.annotations.map((a) => `${r.namespace}/${r.name} ${a.key} ${a.class} ${a.construct ?? ''}`),
      );
      expect(fromRecord.length).toBeGreaterThan(10);
      expect(fromReport).toEqual(fromRecord);
      expect(report.annotationDebt.byClass).toEqual(record.summary.annotationsByClass);
    });
  }
});
