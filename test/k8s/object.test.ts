import { describe, expect, it } from 'vitest';
import { asStringMap } from '../../src/k8s/object.js';

describe('asStringMap (labels, annotations)', () => {
  it('keeps the string values, and answers only for keys the object has', () => {
    const labels = asStringMap({ app: 'web', replicas: 3 });
    expect(labels).toEqual({ app: 'web' });
    // A key named in config or a selector (`constructor`, `toString`) must not find Object.prototype's members.
    for (const key of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) expect(labels[key]).toBeUndefined();
    expect(asStringMap(JSON.parse('{"constructor": "c", "__proto__": "p"}'))).toEqual(
      JSON.parse('{"constructor": "c", "__proto__": "p"}'),
    );
  });
});
