import { describe, expect, it } from 'vitest';
import { exitCodeFor } from '../../src/cli/report-output.js';
import { DEFAULT_CONFIG, type ResolvedConfig } from '../../src/engine/config-types.js';
import { lintInputs } from '../../src/engine/lint.js';
import { positionlessSource, refOf } from '../../src/engine/load.js';
import { runRules } from '../../src/engine/run.js';
import { defineRule } from '../../src/rules/define-rule.js';
import { allRules } from '../../src/rules/index.js';
import { admit } from '../../src/webhook/admission.js';
import { DEFAULT_WEBHOOK_SETTINGS } from '../../src/webhook/settings.js';

/** An ingress-nginx Ingress with 25 annotations: past sprawl's errorAbove (20), so the rule asks for error. */
function sprawling() {
  const annotations: Record<string, string> = {};
  const keys = ['proxy-body-size', 'proxy-read-timeout', 'proxy-send-timeout', 'proxy-connect-timeout', 'ssl-redirect'];
  for (let i = 0; i < 25; i++) annotations[`nginx.ingress.kubernetes.io/${keys[i % 5]}${i < 5 ? '' : `-x${i}`}`] = '1';
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'web', namespace: 'shop', annotations },
    spec: { ingressClassName: 'nginx', rules: [{ host: 'shop.example.com' }] },
  };
}

const demoted: ResolvedConfig = { ...DEFAULT_CONFIG, rules: { 'ingress-annotation-sprawl': { severity: 'info' } } };

function sprawlSeverities(config: ResolvedConfig) {
  const result = lintInputs([{ file: 'i.json', text: JSON.stringify(sprawling()) }], { rules: allRules, config });
  return result.findings.filter((f) => f.ruleId === 'ingress-annotation-sprawl').map((f) => f.severity);
}

describe('the configured severity wins', () => {
  it('a finding the rule escalates keeps the escalation while the config says nothing', () => {
    expect(sprawlSeverities(DEFAULT_CONFIG)).toEqual(['error']);
  });

  it('a rule demoted in the config reports at the configured severity, however a finding asks', () => {
    expect(sprawlSeverities(demoted)).toEqual(['info']);
  });

  it('and so does not deny at admission', () => {
    const review = {
      apiVersion: 'admission.k8s.io/v1' as const,
      kind: 'AdmissionReview' as const,
      request: {
        uid: 'u1',
        kind: { group: 'networking.k8s.io', version: 'v1', kind: 'Ingress' },
        namespace: 'shop',
        operation: 'CREATE' as const,
        object: sprawling(),
      },
    };
    const deps = (config: ResolvedConfig) => ({
      rules: allRules,
      config,
      settings: DEFAULT_WEBHOOK_SETTINGS,
    });
    const strict = admit(review, deps(DEFAULT_CONFIG));
    expect(strict.denying.map((f) => f.ruleId)).toContain('ingress-annotation-sprawl');
    const relaxed = admit(review, deps(demoted));
    expect(relaxed.denying.map((f) => f.ruleId)).not.toContain('ingress-annotation-sprawl');
    expect(relaxed.findings.find((f) => f.ruleId === 'ingress-annotation-sprawl')?.severity).toBe('info');
  });
});

describe('a rule that crashes', () => {
  const broken = defineRule({
    meta: { ...(allRules[0]?.meta ?? ({} as never)), id: 'zz-broken', kinds: ['Deployment'] },
    check: () => {
      throw new Error('boom');
    },
  });
  const manifest = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  annotations:
    ignore-check.kubeward.io/zz-broken: "suppressing it must not hide the crash"
spec: {template: {spec: {containers: [{name: c, image: i}]}}}
`;

  it('is a rule-crashed finding of its own, never suppressed, counted in the summary', () => {
    const r = lintInputs([{ file: 'd.yaml', text: manifest }], { rules: [broken], config: DEFAULT_CONFIG });
    const crash = r.findings.find((f) => f.ruleId === 'rule-crashed');
    expect(crash).toMatchObject({ severity: 'error', family: 'kubeward', line: 1 });
    expect(crash?.message).toContain('kubeward rule zz-broken crashed on this object (boom)');
    expect(r.suppressed).toEqual([]);
    expect(r.summary.ruleCrashes).toBe(1);
  });

  it('makes the exit code 2 (the input was not fully checked)', () => {
    const r = lintInputs([{ file: 'd.yaml', text: manifest }], { rules: [broken], config: DEFAULT_CONFIG });
    expect(exitCodeFor(r, 'never')).toBe(2);
  });
});

describe("where a rule runs is the engine's to apply", () => {
  const onlyAt = (runsOn: ('lint' | 'audit' | 'admission')[], reportsAbsence = false) =>
    defineRule({
      meta: { ...(allRules[0]?.meta ?? ({} as never)), id: 'zz-where', kinds: ['Deployment'], runsOn, reportsAbsence },
      check: () => [{ message: 'ran' }],
    });
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop' },
    spec: { template: { spec: { containers: [{ name: 'c', image: 'i' }] } } },
  };
  const ran = (
    rule: ReturnType<typeof onlyAt>,
    options: { context?: 'lint' | 'audit' | 'admission'; completeIndex?: boolean },
  ) =>
    runRules([{ object: deployment, ref: refOf(deployment), source: positionlessSource('x') }], {
      rules: [rule],
      ...options,
    }).findings.some((f) => f.ruleId === 'zz-where');

  it('a rule that runs only at admission does not run in lint or audit', () => {
    const rule = onlyAt(['admission']);
    expect(ran(rule, {})).toBe(false);
    expect(ran(rule, { context: 'lint' })).toBe(false);
    expect(ran(rule, { context: 'audit' })).toBe(false);
    expect(ran(rule, { context: 'admission' })).toBe(true);
  });

  it('a rule that reports an absence runs only on a complete index', () => {
    const rule = onlyAt(['lint', 'audit', 'admission'], true);
    expect(ran(rule, { context: 'admission', completeIndex: false })).toBe(false);
    expect(ran(rule, { context: 'admission' })).toBe(true);
  });
});
