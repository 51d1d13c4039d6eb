import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createIndex, type ObjectIndex } from '../../src/engine/object-index.js';
import type { K8sObject } from '../../src/k8s/object.js';
import { compileSelector } from '../../src/k8s/selector.js';
import { createOverlayIndex } from '../../src/webhook/overlay-index.js';

const KINDS = [
  'Deployment',
  'StatefulSet',
  'HorizontalPodAutoscaler',
  'VerticalPodAutoscaler',
  'PodDisruptionBudget',
  'Namespace',
];
const NAMESPACES = ['a', 'b'];
const NAMES = ['x', 'y', 'z'];
const LABEL_SETS: Record<string, string>[] = [{ app: 'x' }, { app: 'y' }, { app: 'x', tier: 'web' }, {}];

const objectArb: fc.Arbitrary<K8sObject> = fc
  .record({
    kind: fc.constantFrom(...KINDS),
    namespace: fc.option(fc.constantFrom(...NAMESPACES), { nil: undefined }),
    name: fc.option(fc.constantFrom(...NAMES), { nil: undefined }),
    labels: fc.constantFrom(...LABEL_SETS),
    target: fc.constantFrom(...NAMES),
    selector: fc.constantFrom(...LABEL_SETS),
  })
  .map(({ kind, namespace, name, labels, target, selector }) => {
    const metadata = {
      ...(name !== undefined ? { name } : { generateName: 'gen-' }),
      ...(namespace !== undefined ? { namespace } : {}),
    };
    if (kind === 'Deployment' || kind === 'StatefulSet') {
      return {
        apiVersion: 'apps/v1',
        kind,
        metadata,
        spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [] } } },
      };
    }
    if (kind === 'HorizontalPodAutoscaler' || kind === 'VerticalPodAutoscaler') {
      const field = kind === 'HorizontalPodAutoscaler' ? 'scaleTargetRef' : 'targetRef';
      return { apiVersion: 'autoscaling/v2', kind, metadata, spec: { [field]: { kind: 'Deployment', name: target } } };
    }
    if (kind === 'PodDisruptionBudget') {
      return { apiVersion: 'policy/v1', kind, metadata, spec: { selector: { matchLabels: selector } } };
    }
    return { apiVersion: 'v1', kind, metadata };
  });

/** A cluster: keys (kind, namespace, name) are unique, as in a real cache. */
function uniqueByKey(objects: K8sObject[]): K8sObject[] {
  const index = createIndex([]);
  const seen = new Set<string>();
  return objects.filter((o) => {
    const name = o.metadata?.name;
    if (name === undefined) return true;
    const key = `${o.kind}/${index.namespaceOf(o)}/${name}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** What the overlay must behave like: an index built over the cluster with the object swapped in (or appended). */
function expectedIndex(base: readonly K8sObject[], incoming: K8sObject): ObjectIndex {
  const probe = createIndex(base);
  const name = incoming.metadata?.name;
  const replaced = name === undefined ? undefined : probe.get(incoming.kind, probe.namespaceOf(incoming), name);
  const list = replaced === undefined ? [...base, incoming] : base.map((o) => (o === replaced ? incoming : o));
  return createIndex(list);
}

/** The same objects (by identity), in any order: where the overlaid object newly joins a list, it comes last. */
function sameMembers(actual: readonly K8sObject[], expected: readonly K8sObject[]): void {
  expect(actual).toHaveLength(expected.length);
  for (const o of actual) expect(expected).toContain(o);
}

function sameAnswers(actual: ObjectIndex, expected: ObjectIndex, incoming: K8sObject): void {
  expect(actual.objects).toEqual(expected.objects);
  for (const kind of KINDS) {
    expect(actual.ofKind(kind)).toEqual(expected.ofKind(kind));
    for (const ns of [...NAMESPACES, 'default', '']) {
      expect(actual.inNamespace(kind, ns)).toEqual(expected.inNamespace(kind, ns));
      for (const name of NAMES) {
        expect(actual.get(kind, ns, name)).toBe(expected.get(kind, ns, name));
        for (const target of ['Deployment', 'StatefulSet']) {
          sameMembers(actual.targeting(kind, ns, target, name), expected.targeting(kind, ns, target, name));
        }
      }
    }
  }
  for (const ns of [...NAMESPACES, 'default']) {
    for (const selector of LABEL_SETS) {
      const matcher = compileSelector({ matchLabels: selector }, true);
      sameMembers(actual.workloadsMatching(matcher, ns), expected.workloadsMatching(matcher, ns));
    }
  }
  expect(actual.namespaceOf(incoming)).toBe(expected.namespaceOf(incoming));
  for (const emptyMatches of [true, false]) {
    for (const labels of LABEL_SETS) {
      expect(actual.selectorOf(incoming, emptyMatches)(labels)).toBe(
        expected.selectorOf(incoming, emptyMatches)(labels),
      );
    }
  }
}

describe('createOverlayIndex', () => {
  it('answers every lookup like an index built over the cluster with the object laid over it', () => {
    fc.assert(
      fc.property(fc.array(objectArb, { maxLength: 25 }), objectArb, (objects, incoming) => {
        const base = uniqueByKey(objects);
        sameAnswers(createOverlayIndex(createIndex(base), incoming), expectedIndex(base, incoming), incoming);
      }),
      { numRuns: 300 },
    );
  });

  it('replaces the cached version of the same object instead of adding a second one', () => {
    const old = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'shop' }, spec: { v: 1 } };
    const other = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'db', namespace: 'shop' } };
    const incoming = { ...old, spec: { v: 2 } };
    const overlay = createOverlayIndex(createIndex([old, other]), incoming);
    expect(overlay.inNamespace('Service', 'shop')).toEqual([incoming, other]);
    expect(overlay.get('Service', 'shop', 'web')).toBe(incoming);
    expect(overlay.objects).toHaveLength(2);
  });

  it('does not walk the cache for lookups of other kinds and namespaces', () => {
    const base = createIndex([]);
    let objectsRead = 0;
    const spy: ObjectIndex = {
      ...base,
      get objects() {
        objectsRead++;
        return base.objects;
      },
    };
    const overlay = createOverlayIndex(spy, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' } });
    overlay.ofKind('Service');
    overlay.inNamespace('Service', 'default');
    overlay.get('Deployment', 'default', 'web');
    expect(objectsRead).toBe(0);
  });

  it('is made without an accessor of its own, so V8 does not promote it with the request object it holds', () => {
    // One overlay is made per admission request. An object literal with a getter is promoted to the old generation
    // with everything it reaches, which under load meant a full mark-compact every half second (see the class).
    const overlay = createOverlayIndex(createIndex([]), {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web' },
    });
    const accessors = Object.entries(Object.getOwnPropertyDescriptors(overlay)).filter(
      ([, d]) => d.get !== undefined || d.set !== undefined,
    );
    expect(accessors.map(([key]) => key)).toEqual([]);
    expect(overlay.objects).toHaveLength(1);
  });
});
