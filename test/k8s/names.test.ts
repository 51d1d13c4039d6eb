import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../src/engine/types.js';
import { describeContainer } from '../../src/k8s/names.js';

type List = Record<string, string | number>;

function container(name: string, requests?: List, limits?: List, extra: JsonObject = {}): JsonObject {
  const resources: JsonObject = {};
  if (requests) resources.requests = requests;
  if (limits) resources.limits = limits;
  return { name, image: `registry.example.com/${name}:1.0`, resources, ...extra };
}

function _sidecar(name: string, requests?: List, limits?: List): JsonObject {
  return container(name, requests, limits, { restartPolicy: 'Always' });
}

describe('describeContainer', () => {
  it('names containers, init containers and sidecars', () => {
    expect(describeContainer({ name: 'app', group: 'containers', sidecar: false })).toBe('container app');
    expect(describeContainer({ name: 'migrate', group: 'initContainers', sidecar: false })).toBe(
      'init container migrate',
    );
    expect(describeContainer({ name: 'proxy', group: 'initContainers', sidecar: true })).toBe(
      'sidecar container proxy',
    );
  });
});
