/**
 * Every draft is valid by construction: against the v1.6.1 standard-channel schemas with unknown fields rejected
 * (the API server would prune them silently) and against the CRD CEL rules a translator can break, over the real
 * ingress-nginx examples, ingress2gateway's ingress-nginx fixtures and a set of every annotation translated here.
 * The YAML stream parses back to the same objects, with its comment blocks intact.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { loadInputs } from '../../src/engine/lint.js';
import type { K8sObject } from '../../src/k8s/object.js';
import { gatewayApiViolations } from '../../src/migrate/constraints.js';
import { draftsYaml } from '../../src/migrate/emit.js';
import { type MigrateOptions, type MigrationResult, migrateToGatewayApi } from '../../src/migrate/translate.js';
import { CORPUS, I2G_FIXTURES } from '../helpers/cli.js';
import { validateGatewayApi } from '../helpers/gateway-api.js';
import { EVERY_ANNOTATION, ingress, migrate, NGINX_CLASS, SHARED } from './helpers.js';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

function migrateFile(file: string, options: MigrateOptions = SHARED): MigrationResult {
  const { objects, index } = loadInputs([{ file, text: readFileSync(file, 'utf8') }], {});
  return migrateToGatewayApi(objects, index, options);
}

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function expectValid(result: MigrationResult): void {
  expect(result.objects.length).toBeGreaterThan(0);
  for (const d of result.objects) {
    const what = `${String(d.object.kind)} ${JSON.stringify(d.object.metadata)}`;
    expect(validateGatewayApi(d.object), what).toEqual([]);
    expect(gatewayApiViolations(d.object as unknown as K8sObject), what).toEqual([]);
    // The schemas leave metadata to the API server, which wants a DNS subdomain.
    const name = String((d.object.metadata as { name?: unknown }).name);
    expect(name.length <= 253 && DNS_SUBDOMAIN.test(name), what).toBe(true);
  }
}

describe('every draft validates against the v1.6.1 standard CRDs (closed schemas) and their CEL rules', () => {
  it('ingress-nginx-examples.yaml, the corpus file ingress2gateway produces nothing for', () => {
    const result = migrateFile(join(CORPUS, 'ingress-nginx-examples.yaml'));
    expect(result.ingresses.length).toBeGreaterThan(30);
    expectValid(result);
  });

  it.each([
    ['shared', SHARED],
    ['per-namespace', { placement: { mode: 'per-namespace' } }],
    ['parent-ref', { placement: { mode: 'parent-ref', kind: 'Gateway', namespace: 'infra', name: 'public' } }],
  ] as const)('every translated annotation, Gateways %s', (_name, options) => {
    expectValid(migrate(EVERY_ANNOTATION, options as MigrateOptions));
  });

  // The inputs (their expected outputs are other emitters', compared in semantics elsewhere, not here).
  const fixtures = files(I2G_FIXTURES).filter((f) => /[/]input[/][^/]+\.ya?ml$/.test(f));
  it('80 TLS hosts: the Gateway, its ListenerSets and the grants for them', () => {
    const hosts = Array.from({ length: 80 }, (_, i) => `h${i}.example.com`);
    const result = migrate([
      NGINX_CLASS,
      ...hosts.map((host, i) =>
        ingress({ name: `w${i}`, namespace: `t${i % 4}`, host, tls: [{ hosts: [host], secretName: `s${i}` }] }),
      ),
    ]);
    expect(result.objects.filter((d) => d.object.kind === 'ListenerSet')).toHaveLength(2);
    expectValid(result);
  });

  it('an Ingress of 300 paths: routes within 16 rules and 128 matches, the redirect included', () => {
    const paths = Array.from({ length: 300 }, (_, i) => ({ path: `/p${i}` }));
    const tls = [{ hosts: ['shop.example.com'], secretName: 'tls' }];
    const result = migrate([NGINX_CLASS, ingress({ name: 'big', paths, tls })]);
    expectValid(result);
    const redirectMatches = result.objects
      .filter((d) => String((d.object.metadata as { name: string }).name).includes('https-redirect'))
      .flatMap((d) => (d.object.spec as { rules: { matches: unknown[] }[] }).rules.flatMap((r) => r.matches));
    expect(redirectMatches).toHaveLength(300);
  });

  it('ingress2gateway’s ingress-nginx fixtures', () => {
    expect(fixtures.length).toBeGreaterThan(0);
    let translated = 0;
    for (const f of fixtures) {
      const { objects, index, problems } = loadInputs([{ file: f, text: readFileSync(f, 'utf8') }], {});
      if (problems.length > 0 || !objects.some((o) => o.object.kind === 'Ingress')) continue;
      const result = migrateToGatewayApi(objects, index, SHARED);
      for (const d of result.objects) {
        expect(validateGatewayApi(d.object), f).toEqual([]);
        expect(gatewayApiViolations(d.object as unknown as K8sObject), f).toEqual([]);
      }
      translated += result.ingresses.length;
    }
    expect(translated).toBeGreaterThan(5);
  });
});

describe('the YAML stream', () => {
  it('parses back to exactly the drafted objects; comment blocks hold multi-line values without breaking out', () => {
    const result = migrate([
      NGINX_CLASS,
      ingress({
        name: 'snippet',
        annotations: { 'configuration-snippet': 'more_set_headers "A: b";\napiVersion: evil/v1\nkind: Secret' },
      }),
    ]);
    const yaml = draftsYaml(result.objects);
    expect(loadAll(yaml)).toEqual(result.objects.map((d) => d.object));
    expect(yaml).toMatch(/^# .*configuration-snippet/m);
  });
});
