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

/** An ingress-nginx Ingress with 25 annotations: past sprawl's errorAbove (20), so the rule asks for its raise. */
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

const base = allRules[0]?.meta ?? ({} as never);

/** A rule with two messages, one of which asks for its documented raise. */
const shifting = defineRule({
  meta: {
    ...base,
    id: 'zz-shift',
    severity: 'warning',
    kinds: ['Deployment'],
    messages: { big: 'The Deployment {{name}} has {{count}} replicas.', plain: 'The Deployment is plain.' },
    severityShift: { raise: 'the Deployment has more than ten replicas' },
  },
  check: (o) => [
    { messageId: 'big', data: { name: o.metadata?.name ?? '', count: 12 }, shift: 'raise', path: ['spec'] },
    { messageId: 'plain' },
  ],
});
const deploymentYaml = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec: {}\n';

function reported(rule: ReturnType<typeof defineRule<Record<string, never>, string>>, config: ResolvedConfig) {
  const r = lintInputs([{ file: 'd.yaml', text: deploymentYaml }], { rules: [rule], config });
  return r.findings.map((f) => `${f.messageId} ${f.severity} ${f.message}`);
}

const withSeverity = (severity: 'info' | 'warning' | 'error'): ResolvedConfig => ({
  ...DEFAULT_CONFIG,
  rules: { 'zz-shift': { enabled: true, severity } },
});

describe("messages and severities are the engine's", () => {
  it('fills the template of the message id a finding names, and reports the id', () => {
    expect(reported(shifting, DEFAULT_CONFIG)).toEqual([
      'plain warning The Deployment is plain.',
      'big error The Deployment web has 12 replicas.',
    ]);
  });

  it("the configured severity is every finding's, a documented raise one level above it", () => {
    expect(reported(shifting, withSeverity('info')).map((f) => f.split(' ').slice(0, 2).join(' '))).toEqual([
      'plain info',
      'big warning',
    ]);
    expect(reported(shifting, withSeverity('error')).map((f) => f.split(' ').slice(0, 2).join(' '))).toEqual([
      'plain error',
      'big error',
    ]);
  });

  it('a shift the rule does not document is ignored', () => {
    const undocumented = defineRule({
      meta: { ...shifting.meta, severityShift: { lower: 'never' } },
      check: shifting.check,
    });
    expect(reported(undocumented, DEFAULT_CONFIG).map((f) => f.split(' ')[1])).toEqual(['warning', 'warning']);
  });

  it('a message id the rule does not declare does not compile', () => {
    const rule = defineRule({
      meta: { ...base, messages: { declared: 'The rule declared this message.' } },
      // @ts-expect-error: 'undeclared' is not one of meta.messages (typecheck fails if this compiles)
      check: () => [{ messageId: 'undeclared' }],
    });
    expect(Object.keys(rule.meta.messages)).toEqual(['declared']);
  });

  it('a message id the rule does not declare is a crash of the rule, not a finding', () => {
    const typo = defineRule({ meta: shifting.meta, check: () => [{ messageId: 'bgi' as 'big' }] });
    const r = lintInputs([{ file: 'd.yaml', text: deploymentYaml }], { rules: [typo], config: DEFAULT_CONFIG });
    expect(r.findings.map((f) => f.ruleId)).toEqual(['rule-crashed']);
    expect(r.findings[0]?.message).toContain('it returned the undeclared message id "bgi"');
  });

  it('a rule demoted to info in the config is not denied at admission for a finding it raises', () => {
    const demoted: ResolvedConfig = { ...DEFAULT_CONFIG, rules: { 'ingress-annotation-sprawl': { severity: 'info' } } };
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
    const deps = (config: ResolvedConfig) => ({ rules: allRules, config, settings: DEFAULT_WEBHOOK_SETTINGS });
    const strict = admit(review, deps(DEFAULT_CONFIG));
    expect(strict.denying.map((f) => f.ruleId)).toContain('ingress-annotation-sprawl');
    const relaxed = admit(review, deps(demoted));
    expect(relaxed.denying.map((f) => f.ruleId)).not.toContain('ingress-annotation-sprawl');
    expect(relaxed.findings.find((f) => f.ruleId === 'ingress-annotation-sprawl')?.severity).toBe('warning');
  });
});

describe('a rule that crashes', () => {
  const broken = defineRule({
    meta: { ...base, id: 'zz-broken', kinds: ['Deployment'] },
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
      meta: {
        ...base,
        id: 'zz-where',
        kinds: ['Deployment'],
        runsOn,
        reportsAbsence,
        messages: { ran: 'The rule ran here.' },
      },
      check: () => [{ messageId: 'ran' }],
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
