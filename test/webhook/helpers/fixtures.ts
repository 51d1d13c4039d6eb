/** AdmissionReview fixtures (test/fixtures/admission/*.json), a fake cluster cache, and small builders. */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { onTestFinished } from 'vitest';
import { DEFAULT_CONFIG } from '../../../src/engine/config-types.js';
import { createIndex } from '../../../src/engine/object-index.js';
import type { AnyRule } from '../../../src/engine/rule.js';
import { shareObject } from '../../../src/k8s/memo.js';
import type { K8sObject } from '../../../src/k8s/object.js';
import { hpaVpaOverlap } from '../../../src/rules/autoscaling/hpa-vpa-overlap.js';
import { controllerMissingPdb } from '../../../src/rules/availability/controller-missing-pdb.js';
import { allRules } from '../../../src/rules/index.js';
import type { AdmissionReview } from '../../../src/webhook/admission.js';
import { type AppDeps, buildApp } from '../../../src/webhook/app.js';
import type { ClusterCache } from '../../../src/webhook/cache.js';
import { DEFAULT_WEBHOOK_SETTINGS, type WebhookSettings } from '../../../src/webhook/settings.js';

/** The rules the webhook tests run: the registry plus the cross-object rules the issue names (by id, once). */
export const WEBHOOK_TEST_RULES: readonly AnyRule[] = [
  ...new Map([...allRules, hpaVpaOverlap, controllerMissingPdb].map((r) => [r.meta.id, r])).values(),
];

export const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'admission');

export function fixtureText(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

/** A fresh copy of a fixture review (tests may change it). */
export function fixtureReview(name: string): AdmissionReview {
  return JSON.parse(fixtureText(name)) as AdmissionReview;
}

/** The objects of cluster-objects.json: Deployment shop/checkout, VPA shop/checkout (Recreate), a controller PDB. */
export function clusterObjects(): K8sObject[] {
  return (JSON.parse(fixtureText('cluster-objects.json')) as { items: K8sObject[] }).items;
}

export function objectOf(review: AdmissionReview): K8sObject {
  return review.request.object as K8sObject;
}

export interface FakeCache extends ClusterCache {
  setSynced(value: boolean): void;
  setAge(seconds: number): void;
  readonly started: boolean;
  readonly stopped: boolean;
}

/** An in-memory ClusterCache over fixed objects. */
export function fakeCache(objects: readonly K8sObject[], options: { synced?: boolean } = {}): FakeCache {
  // Frozen, as the real cache's objects are (clusterObject): memo tables keep their entries across requests.
  const index = createIndex(objects.map((o) => shareObject(structuredClone(o))));
  let synced = options.synced ?? true;
  let age = 0;
  let started = false;
  let stopped = false;
  return {
    index: () => index,
    synced: () => synced,
    ageSeconds: () => age,
    start: async () => {
      started = true;
    },
    stop: async () => {
      stopped = true;
    },
    setSynced: (v) => {
      synced = v;
    },
    setAge: (s) => {
      age = s;
    },
    get started() {
      return started;
    },
    get stopped() {
      return stopped;
    },
  };
}

export function settingsWith(overrides: Partial<WebhookSettings> = {}): WebhookSettings {
  return { ...DEFAULT_WEBHOOK_SETTINGS, ...overrides };
}

/** buildApp with defaults for what a test does not care about; closed when the test ends. */
export async function testApp(deps: Partial<AppDeps> & { rules: readonly AnyRule[] }): Promise<FastifyInstance> {
  const app = buildApp({ config: DEFAULT_CONFIG, settings: DEFAULT_WEBHOOK_SETTINGS, ...deps });
  onTestFinished(() => app.close());
  await app.ready();
  return app;
}

/** Lines written to a pino destination, parsed. */
export function logCapture(): {
  stream: { write(line: string): void };
  lines: Record<string, unknown>[];
  raw: string[];
} {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  return {
    stream: {
      write(line: string) {
        raw.push(line);
        lines.push(JSON.parse(line) as Record<string, unknown>);
      },
    },
    lines,
    raw,
  };
}
