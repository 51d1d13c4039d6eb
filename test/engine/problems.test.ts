/**
 * Each problem once (engine/problems.ts): findings that name one problem are reported once, the kept one chosen by
 * suppression, severity, specialization, fixHere and order, with the other objects as related locations; with
 * `eachProblemOnce: false` every finding is reported.
 */
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/engine/config.js';
import { DEFAULT_CONFIG, type ResolvedConfig } from '../../src/engine/config-types.js';
import { lintInputs } from '../../src/engine/lint.js';
import { loadText } from '../../src/engine/load.js';
import { createIndex } from '../../src/engine/object-index.js';
import type { AnyRule } from '../../src/engine/rule.js';
import { runRules } from '../../src/engine/run.js';
import type { Finding } from '../../src/engine/types.js';
import { formatJson } from '../../src/report/json.js';
import { formatSarif } from '../../src/report/sarif.js';
import { formatStylish } from '../../src/report/stylish.js';
import { defineRule } from '../../src/rules/define-rule.js';
import { allRules } from '../../src/rules/index.js';

/** A real rule's meta, as far as the tests need it: everywhere, on any index. */
const base = { ...(allRules[0]?.meta ?? ({} as never)), runsOn: undefined, reportsAbsence: undefined };

/** Two Deployments, each stating one shared problem with the other (a pair), and one problem of its own. */
const twoDeployments = `apiVersion: apps/v1
kind: Deployment
metadata: {name: a, namespace: shop}
spec: {replicas: 1}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: b, namespace: shop}
spec: {replicas: 1}
`;

function others(o: { metadata?: { name?: string } }, all: readonly string[]): string[] {
  return all.filter((n) => n !== o.metadata?.name);
}

/** States the pair problem on each Deployment, naming the other; `b` is where it is fixed. */
const pair = defineRule({
  meta: {
    ...base,
    id: 'zz-pair',
    severity: 'warning',
    kinds: ['Deployment'],
    messages: { pair: 'Pair with {{other}}.' },
  },
  check: (o, ctx) =>
    others(o, ['a', 'b']).map((name) => {
      const other = ctx.index.get('Deployment', 'shop', name);
      return {
        messageId: 'pair' as const,
        data: { other: name },
        path: ['spec', 'replicas'],
        problem: { key: 'zz-pair', among: other ? [o, other] : [o], fixHere: o.metadata?.name === 'b' },
      };
    }),
});

/** A general rule and a specialized one stating one problem of the object. */
const general = defineRule({
  meta: { ...base, id: 'zz-general', severity: 'warning', kinds: ['Deployment'], messages: { m: 'General.' } },
  check: () => [{ messageId: 'm' as const, problem: { key: 'zz-own' } }],
});
const special = defineRule({
  meta: {
    ...base,
    id: 'zz-special',
    severity: 'warning',
    kinds: ['Deployment'],
    messages: { m: 'Special.' },
    specialized: 'the Deployment is special',
  },
  check: () => [{ messageId: 'm' as const, problem: { key: 'zz-own' } }],
});

function lint(rules: readonly AnyRule[], config: ResolvedConfig = DEFAULT_CONFIG, text = twoDeployments) {
  return lintInputs([{ file: 'd.yaml', text }], { rules, config });
}

function brief(f: Finding): string {
  return `${f.ruleId} ${f.object?.name}:${f.line}`;
}

describe('each problem once', () => {
  it('reports a cross-object problem once, at the object where it is fixed, with the other object related', () => {
    const r = lint([pair]);
    expect(r.findings.map(brief)).toEqual(['zz-pair b:9']);
    expect(r.findings[0]?.related).toEqual([
      {
        object: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'a' },
        // The dropped finding's field: a's own statement of the problem.
        file: 'd.yaml',
        line: 4,
        column: 8,
        path: 'spec.replicas',
      },
    ]);
  });

  it('reports every finding, each naming the others as related, with eachProblemOnce: false', () => {
    const r = lint([pair], { ...DEFAULT_CONFIG, eachProblemOnce: false });
    expect(r.findings.map(brief)).toEqual(['zz-pair a:4', 'zz-pair b:9']);
    expect(r.findings.map((f) => f.related?.map((x) => x.object.name))).toEqual([['b'], ['a']]);
  });

  it('keeps the specialized rule of two that state one problem of an object, naming the other rule', () => {
    const r = lint([general, special]);
    expect(r.findings.map(brief)).toEqual(['zz-special a:1', 'zz-special b:6']);
    expect(r.findings[0]?.alsoReportedBy).toEqual(['zz-general']);
    expect(r.findings[0]?.related).toBeUndefined();
  });

  it('keeps the more severe finding over the specialized one, so a configured error is not lowered', () => {
    const config: ResolvedConfig = { ...DEFAULT_CONFIG, rules: { 'zz-general': { severity: 'error' } } };
    const r = lint([general, special], config);
    expect(r.findings.map((f) => `${f.ruleId} ${f.severity}`)).toEqual(['zz-general error', 'zz-general error']);
  });

  it('keeps the finding that is not suppressed: a suppression silences its rule, not the problem', () => {
    const annotated = twoDeployments.replace(
      'metadata: {name: a, namespace: shop}',
      'metadata: {name: a, namespace: shop, annotations: {ignore-check.kubeward.io/zz-special: "sized by hand"}}',
    );
    const r = lint([general, special], DEFAULT_CONFIG, annotated);
    expect(r.findings.map(brief)).toEqual(['zz-general a:1', 'zz-special b:6']);
    expect(r.suppressed).toEqual([]);
  });

  it('keeps a problem suppressed on every rule among the suppressed findings, once', () => {
    const annotated = twoDeployments.replace(
      'metadata: {name: a, namespace: shop}',
      'metadata: {name: a, namespace: shop, annotations: {ignore-check.kubeward.io/zz-special: "x", ignore-check.kubeward.io/zz-general: "x"}}',
    );
    const r = lint([general, special], DEFAULT_CONFIG, annotated);
    expect(r.suppressed.map(brief)).toEqual(['zz-special a:1']);
    expect(r.summary.suppressed).toBe(1);
  });

  it('joins findings that share any key (alsoKeys) into one problem', () => {
    const multi = defineRule({
      meta: { ...base, id: 'zz-multi', severity: 'warning', kinds: ['Deployment'], messages: { m: 'M.' } },
      check: (o) =>
        o.metadata?.name === 'a'
          ? [{ messageId: 'm' as const, problem: { key: 'host-1', alsoKeys: ['host-2'], among: [], fixHere: true } }]
          : [
              { messageId: 'm' as const, problem: { key: 'host-1', among: [] } },
              { messageId: 'm' as const, problem: { key: 'host-2', among: [] } },
              { messageId: 'm' as const, problem: { key: 'host-3', among: [] } },
            ],
    });
    const r = lint([multi]);
    expect(r.findings.map((f) => `${f.object?.name} ${f.related?.map((x) => x.object.name).join(',') ?? ''}`)).toEqual([
      'a b',
      'b ',
    ]);
  });

  describe('a finding that covers narrower problems (covers)', () => {
    const wide = defineRule({
      meta: { ...base, id: 'zz-wide', severity: 'warning', kinds: ['Deployment'], messages: { m: 'Wide.' } },
      check: () => [{ messageId: 'm' as const, problem: { key: 'zz-whole', covers: ['zz-part:1', 'zz-part:2'] } }],
    });
    const narrow = defineRule({
      meta: { ...base, id: 'zz-narrow', severity: 'warning', kinds: ['Deployment'], messages: { m: 'Part {{n}}.' } },
      check: () =>
        ['1', '2', '3'].map((n) => ({ messageId: 'm' as const, data: { n }, problem: { key: `zz-part:${n}` } })),
    });
    const ofA = (r: { findings: Finding[] }): string[] =>
      r.findings
        .filter((f) => f.object?.name === 'a')
        .map((f) => `${f.ruleId} ${f.message}`)
        .sort();

    it('leaves out the covered findings, naming their rule, and keeps what it does not cover', () => {
      const r = lint([wide, narrow]);
      expect(ofA(r)).toEqual(['zz-narrow Part 3.', 'zz-wide Wide.']);
      expect(r.findings.find((f) => f.ruleId === 'zz-wide')?.alsoReportedBy).toEqual(['zz-narrow']);
    });

    it('keeps a covered finding of a higher severity, and every finding with eachProblemOnce: false', () => {
      const config: ResolvedConfig = { ...DEFAULT_CONFIG, rules: { 'zz-narrow': { severity: 'error' } } };
      expect(ofA(lint([wide, narrow], config))).toHaveLength(4);
      expect(ofA(lint([wide, narrow], { ...DEFAULT_CONFIG, eachProblemOnce: false }))).toHaveLength(4);
    });

    it('keeps the covered findings when the covering one is suppressed', () => {
      const annotated = twoDeployments.replace(
        'metadata: {name: a, namespace: shop}',
        'metadata: {name: a, namespace: shop, annotations: {ignore-check.kubeward.io/zz-wide: "x"}}',
      );
      const r = lint([wide, narrow], DEFAULT_CONFIG, annotated);
      expect(ofA(r)).toEqual(['zz-narrow Part 1.', 'zz-narrow Part 2.', 'zz-narrow Part 3.']);
      expect(r.suppressed.map(brief)).toEqual(['zz-wide a:1']);
    });
  });

  it('reports on the object being written when only it is checked (admission), its partner related without a file', () => {
    const loaded = loadText('d.yaml', twoDeployments).objects;
    const index = createIndex(loaded.map((o) => o.object));
    const a = loaded.filter((o) => o.ref.name === 'a');
    const r = runRules(a, { rules: [pair], index, context: 'admission' });
    expect(r.findings.map(brief)).toEqual(['zz-pair a:4']);
    // The partner came from the index (a cluster cache in the webhook), not from the objects checked: no file.
    expect(r.findings[0]?.related).toEqual([
      { object: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'b' }, path: '' },
    ]);
  });

  it('shows related locations and the other rules in stylish, JSON and SARIF', () => {
    const ctx = { rules: [pair, general, special], cwd: '/work', color: false, toolName: 'kubeward', toolVersion: '0' };
    const r = lint([pair, general, special]);
    const stylish = formatStylish(r, ctx);
    expect(stylish).toContain('related: Deployment shop/a at d.yaml:4:8');
    expect(stylish).toContain('also reported by zz-general');
    const json = JSON.parse(formatJson(r, ctx)) as { findings: Finding[] };
    expect(json.findings.find((f) => f.ruleId === 'zz-pair')?.related?.[0]?.object.name).toBe('a');
    expect(json.findings.find((f) => f.ruleId === 'zz-special')?.alsoReportedBy).toEqual(['zz-general']);
    const sarif = JSON.parse(formatSarif(r, ctx)) as {
      runs: { results: { ruleId: string; relatedLocations?: { message: { text: string } }[] }[] }[];
    };
    const result = sarif.runs[0]?.results.find((x) => x.ruleId === 'zz-pair');
    expect(result?.relatedLocations?.map((l) => l.message.text)).toEqual(['Deployment shop/a']);
  });
});

describe('eachProblemOnce in the config', () => {
  it('is read from the config file (default on) and a non-boolean is refused', async () => {
    expect((await resolveConfig({}, '.kubeward.yaml', [pair])).eachProblemOnce).toBeUndefined();
    const off = await resolveConfig({ eachProblemOnce: false }, '.kubeward.yaml', [pair]);
    expect(lint([pair], off).findings).toHaveLength(2);
    await expect(resolveConfig({ eachProblemOnce: 'no' }, '.kubeward.yaml', [pair])).rejects.toThrow(/eachProblemOnce/);
  });
});

describe('each problem once, with the real rules', () => {
  const controller = `apiVersion: apps/v1
kind: Deployment
metadata: {name: ingress-nginx-controller, namespace: ingress-nginx}
spec:
  replicas: 2
  selector: {matchLabels: {app: c}}
  template:
    metadata: {labels: {app: c}}
    spec:
      containers:
        - name: controller
          image: registry.k8s.io/ingress-nginx/controller:v1.13.9
          args: [/nginx-ingress-controller]
`;
  it('states a BestEffort pod once, by resources-qos-class, which covers the missing requests of each container', () => {
    const pod = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - {name: app, image: registry.example.com/web:1.0}
        - {name: proxy, image: registry.example.com/proxy:1.0}
`;
    const ids = (r: { findings: Finding[] }): string[] =>
      r.findings
        .filter((f) => f.family === 'resources')
        .map((f) => f.ruleId)
        .sort();
    const r = lint(allRules, DEFAULT_CONFIG, pod);
    expect(ids(r)).toEqual(['resources-missing-memory-limit', 'resources-missing-memory-limit', 'resources-qos-class']);
    const qos = r.findings.find((f) => f.ruleId === 'resources-qos-class');
    expect(qos?.message).toMatch(/container app .*container proxy/);
    expect(qos?.alsoReportedBy).toEqual(['resources-missing-requests']);
    // One container with requests makes the pod Burstable: the other's missing requests are its own finding.
    const burstable = pod.replace(
      '{name: proxy, image: registry.example.com/proxy:1.0}',
      '{name: proxy, image: registry.example.com/proxy:1.0, resources: {requests: {cpu: 10m, memory: 16Mi}}}',
    );
    expect(ids(lint(allRules, DEFAULT_CONFIG, burstable))).toEqual([
      'resources-missing-memory-limit',
      'resources-missing-memory-limit',
      'resources-missing-requests',
    ]);
    const every = lint(allRules, { ...DEFAULT_CONFIG, eachProblemOnce: false }, pod);
    expect(ids(every).filter((id) => id === 'resources-missing-requests')).toHaveLength(2);
    // Against a configured minimum, the BestEffort finding (belowMinimum) stands for them too.
    const minimum: ResolvedConfig = {
      ...DEFAULT_CONFIG,
      rules: { 'resources-qos-class': { options: { minimum: [{ class: 'Burstable' }] } } },
    };
    const withMinimum = lint(allRules, minimum, pod);
    expect(ids(withMinimum)).toEqual([
      'resources-missing-memory-limit',
      'resources-missing-memory-limit',
      'resources-qos-class',
    ]);
    expect(withMinimum.findings.find((f) => f.ruleId === 'resources-qos-class')?.message).toMatch(
      /^The pod is BestEffort, with no requests on container app and container proxy, below the configured minimum/,
    );
  });

  it('states a BestEffort ingress controller QoS class once, by controller-resources', () => {
    const r = lint(allRules, DEFAULT_CONFIG, controller);
    const qos = r.findings.filter((f) => /BestEffort|Burstable|Guaranteed/.test(f.message));
    expect(qos.map((f) => f.ruleId)).toEqual(['controller-resources']);
    // It stands for resources-qos-class's finding, and so for what that one stands for: the missing requests.
    expect(qos[0]?.alsoReportedBy).toEqual(['resources-qos-class', 'resources-missing-requests']);
    expect(r.findings.filter((f) => f.family === 'resources').map((f) => f.ruleId)).toEqual([
      'resources-missing-memory-limit',
    ]);
    const every = lint(allRules, { ...DEFAULT_CONFIG, eachProblemOnce: false }, controller);
    expect(every.findings.filter((f) => /BestEffort/.test(f.message)).map((f) => f.ruleId)).toEqual([
      'controller-resources',
      'resources-qos-class',
    ]);
  });
});
