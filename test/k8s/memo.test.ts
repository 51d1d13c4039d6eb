import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createIndex } from '../../src/engine/object-index.js';
import { inRequestScope, ObjectMemo, shareObject } from '../../src/k8s/memo.js';
import { perObject } from '../../src/k8s/object.js';
import { ROOT } from '../helpers/cli.js';

function counting() {
  let calls = 0;
  const compute = (key: { n: number }) => {
    calls++;
    return key.n * 2;
  };
  return { compute, calls: () => calls };
}

describe('ObjectMemo', () => {
  it('outside a request scope, keeps an entry as long as its key (lint, audit)', () => {
    const memo = new ObjectMemo<{ n: number }, number>();
    const { compute, calls } = counting();
    const a = { n: 1 };
    const b = { n: 2 };
    expect(memo.through(a, compute)).toBe(2);
    expect(memo.through(b, compute)).toBe(4);
    expect(memo.through(a, compute)).toBe(2);
    expect(calls()).toBe(2);
    expect(memo.get(b)).toBe(4);
  });

  it("inside a request scope, forgets the request's objects when the scope ends", () => {
    const memo = new ObjectMemo<{ n: number }, number>();
    const { compute, calls } = counting();
    const request = { n: 3 };
    inRequestScope(() => {
      expect(memo.through(request, compute)).toBe(6);
      expect(memo.through({ n: 4 }, compute)).toBe(8);
      expect(memo.through(request, compute)).toBe(6);
    });
    expect(calls()).toBe(2);
    // Neither the table nor the last-key shortcut still holds it.
    expect(memo.get(request)).toBeUndefined();
    inRequestScope(() => expect(memo.through(request, compute)).toBe(6));
    expect(calls()).toBe(3);
  });

  it('keeps the entries of frozen (shared) keys across request scopes', () => {
    const memo = new ObjectMemo<{ n: number }, number>();
    const { compute, calls } = counting();
    const cached = shareObject({ n: 5 });
    inRequestScope(() => memo.through(cached, compute));
    inRequestScope(() => memo.through(cached, compute));
    expect(calls()).toBe(1);
    expect(memo.get(cached)).toBe(10);
  });

  it('set and get follow the same rule as through', () => {
    const memo = new ObjectMemo<object, string>();
    const shared = shareObject({});
    const request = {};
    inRequestScope(() => {
      memo.set(shared, 'shared').set(request, 'request');
      expect(memo.get(request)).toBe('request');
    });
    expect(memo.get(shared)).toBe('shared');
    expect(memo.get(request)).toBeUndefined();
  });

  it('memoizes an undefined result too', () => {
    const memo = new ObjectMemo<object, number | undefined>();
    let calls = 0;
    const key = {};
    for (let i = 0; i < 3; i++) {
      memo.through(key, () => {
        calls++;
        return undefined;
      });
    }
    inRequestScope(() => {
      const request = {};
      memo.through(request, () => {
        calls++;
        return undefined;
      });
      memo.through(key, () => 1);
      memo.through(request, () => {
        calls++;
        return undefined;
      });
    });
    expect(calls).toBe(2);
  });

  it('ends the scope with the outermost one, and also when the work throws', () => {
    const memo = new ObjectMemo<object, number>();
    const request = {};
    inRequestScope(() => {
      inRequestScope(() => memo.set(request, 1));
      expect(memo.get(request)).toBe(1);
    });
    expect(memo.get(request)).toBeUndefined();
    expect(() =>
      inRequestScope(() => {
        memo.set(request, 2);
        throw new Error('rule bug');
      }),
    ).toThrow('rule bug');
    expect(memo.get(request)).toBeUndefined();
  });

  it('perObject is scoped the same way', () => {
    let calls = 0;
    const double = perObject((o: { n: number }) => {
      calls++;
      return o.n * 2;
    });
    const request = { n: 1 };
    inRequestScope(() => {
      double(request);
      double(request);
    });
    inRequestScope(() => double(request));
    expect(calls).toBe(2);
  });
});

describe('shared objects', () => {
  it('an index and the lists it answers with are frozen, so per-index aggregates outlive a request', () => {
    const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' } };
    const hpa = {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web', namespace: 'shop' },
      spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' } },
    };
    const index = createIndex([deployment, hpa]);
    expect(Object.isFrozen(index)).toBe(true);
    expect(Object.isFrozen(index.ofKind('Deployment'))).toBe(true);
    expect(Object.isFrozen(index.inNamespace('Deployment', 'shop'))).toBe(true);
    expect(Object.isFrozen(index.ofKind('Service'))).toBe(true);
    expect(Object.isFrozen(index.targeting('HorizontalPodAutoscaler', 'shop', 'Deployment', 'web'))).toBe(true);
    expect(index.targeting('HorizontalPodAutoscaler', 'shop', 'Deployment', 'web')).toEqual([hpa]);
    // The objects themselves are the caller's: a linted manifest is not frozen.
    expect(Object.isFrozen(deployment)).toBe(false);
  });
});

describe('rule modules and the helpers they use', () => {
  it('memoize by object through ObjectMemo or perObject, not a bare WeakMap (README, Development)', () => {
    const offenders: string[] = [];
    for (const layer of ['rules', 'k8s', 'ingress']) {
      const dir = join(ROOT, 'src', layer);
      for (const file of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
        // memo.ts is the table itself.
        if (!file.endsWith('.ts') || (layer === 'k8s' && file === 'memo.ts')) continue;
        const lines = readFileSync(join(dir, file), 'utf8').split('\n');
        lines.forEach((line, i) => {
          // Keyed by rule options, which live as long as the config: never a request's object.
          if (line.includes('new WeakMap') && !line.includes('optionKeys')) offenders.push(`${layer}/${file}:${i + 1}`);
        });
      }
    }
    expect(offenders).toEqual([]);
  });
});
