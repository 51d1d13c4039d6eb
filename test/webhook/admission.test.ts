import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type ResolvedConfig } from '../../src/engine/config-types.js';
import { createIndex } from '../../src/engine/object-index.js';
import type { Finding } from '../../src/engine/types.js';
import type { K8sObject } from '../../src/k8s/object.js';
import { hpaVpaOverlap } from '../../src/rules/autoscaling/hpa-vpa-overlap.js';
import { defineRule } from '../../src/rules/define-rule.js';
import {
  type AdmissionDeps,
  type AdmissionReview,
  admit,
  failureDecision,
  preexistingFindings,
} from '../../src/webhook/admission.js';
import { clusterObjects, fixtureReview, objectOf, settingsWith, WEBHOOK_TEST_RULES } from './helpers/fixtures.js';

function deps(overrides: Partial<AdmissionDeps> = {}): AdmissionDeps {
  return { rules: WEBHOOK_TEST_RULES, config: DEFAULT_CONFIG, settings: settingsWith(), ...overrides };
}

const REQUEST_EXCEEDS_LIMIT = 'resources-request-exceeds-limit';

function withAnnotation(review: AdmissionReview, key: string, value: string): AdmissionReview {
  const object = objectOf(review);
  object.metadata = { ...object.metadata, annotations: { ...object.metadata?.annotations, [key]: value } };
  return review;
}

describe('admit: the response contract', () => {
  it('answers with the request uid, the admission.k8s.io/v1 AdmissionReview kind, and allowed', () => {
    const d = admit(fixtureReview('deployment-create.json'), deps());
    expect(d.review).toEqual({
      apiVersion: 'admission.k8s.io/v1',
      kind: 'AdmissionReview',
      response: { uid: '0f6d5b2e-6c0e-4b8f-9a51-3d1a2e7c4b11', allowed: true },
    });
    expect(d.result).toBe('allowed');
  });

  it('denies in enforce mode with a 403 whose message lists the rule id and message', () => {
    const d = admit(fixtureReview('deployment-create-invalid.json'), deps());
    expect(d.result).toBe('denied');
    expect(d.review.response.allowed).toBe(false);
    expect(d.review.response.status?.code).toBe(403);
    expect(d.review.response.status?.reason).toBe('Forbidden');
    const message = d.review.response.status?.message ?? '';
    expect(message).toContain('Deployment billing/billing-api');
    expect(message).toContain(`[${REQUEST_EXCEEDS_LIMIT}] Container billing-api requests memory 1Gi`);
    expect(message).not.toMatch(/[\n\r]/);
    expect(d.denying.map((f) => f.ruleId)).toEqual([REQUEST_EXCEEDS_LIMIT]);
  });

  it('evaluates dryRun requests the same way', () => {
    const dry = admit(fixtureReview('deployment-create-dry-run.json'), deps());
    const wet = admit(fixtureReview('deployment-create-invalid.json'), deps());
    expect(dry.result).toBe('denied');
    expect(dry.review.response.status).toEqual(wet.review.response.status);
  });

  it('turns findings below the deny severity into warnings, and denies from a lower configured severity', () => {
    const review = fixtureReview('deployment-create.json');
    const container = (objectOf(review).spec as { template: { spec: { containers: { resources: unknown }[] } } })
      .template.spec.containers[0];
    if (container) container.resources = {};
    const warned = admit(review, deps());
    expect(warned.result).toBe('warned');
    expect(warned.review.response.allowed).toBe(true);
    expect(warned.review.response.warnings?.length).toBeGreaterThan(0);
    for (const w of warned.review.response.warnings ?? []) expect(w).toMatch(/^resources-[a-z-]+ \((warning|info)\): /);

    const strict = admit(review, deps({ settings: settingsWith({ denySeverity: 'warning' }) }));
    expect(strict.result).toBe('denied');
    // What does not deny still comes back as warnings next to the deny.
    const infos = strict.findings.filter((f) => f.severity === 'info');
    expect(strict.review.response.warnings?.length ?? 0).toBe(infos.length);
  });

  it('never denies in warn mode, and allows without warnings in audit mode', () => {
    const warn = admit(
      fixtureReview('deployment-create-invalid.json'),
      deps({ settings: settingsWith({ mode: 'warn' }) }),
    );
    expect(warn.result).toBe('warned');
    expect(warn.review.response).toMatchObject({ allowed: true });
    expect(warn.review.response.warnings?.[0]).toMatch(/^resources-request-exceeds-limit \(error\): Container/);
    expect(warn.denying).toHaveLength(1); // what enforce would have denied, for the log

    const audit = admit(
      fixtureReview('deployment-create-invalid.json'),
      deps({ settings: settingsWith({ mode: 'audit' }) }),
    );
    expect(audit.result).toBe('audited');
    expect(audit.review.response).toEqual({ uid: '1a7e3c9d-2f4b-4e6a-8c1d-5b9e0f2a3c44', allowed: true });
    expect(audit.findings).toHaveLength(1);
  });

  it('applies per-namespace mode overrides, first match wins', () => {
    const settings = settingsWith({
      namespaceModes: [
        { namespace: 'bill*', mode: 'warn' },
        { namespace: 'billing', mode: 'audit' },
      ],
    });
    const d = admit(fixtureReview('deployment-create-invalid.json'), deps({ settings }));
    expect(d.mode).toBe('warn');
    expect(d.result).toBe('warned');
    const other = admit(
      fixtureReview('deployment-create-invalid.json'),
      deps({ settings: settingsWith({ namespaceModes: [{ namespace: 'shop', mode: 'audit' }] }) }),
    );
    expect(other.mode).toBe('enforce');
  });
});

describe('admit: UPDATE ratcheting', () => {
  it('allows an edit of a legacy object and returns its pre-existing findings as warnings', () => {
    const d = admit(fixtureReview('deployment-update-legacy.json'), deps());
    expect(d.result).toBe('warned');
    expect(d.preexisting).toBe(1);
    expect(d.review.response.warnings).toEqual([
      expect.stringMatching(/^resources-request-exceeds-limit \(error, pre-existing\): Container billing-api/),
    ]);
  });

  it('denies an UPDATE that introduces the finding', () => {
    const d = admit(fixtureReview('deployment-update-introduces.json'), deps());
    expect(d.result).toBe('denied');
    expect(d.review.response.status?.message).toContain('introduced by this change');
  });

  it('denies pre-existing findings too when ratcheting is off', () => {
    const d = admit(
      fixtureReview('deployment-update-legacy.json'),
      deps({ settings: settingsWith({ ratchetUpdates: false }) }),
    );
    expect(d.result).toBe('denied');
  });

  it('treats an UPDATE without a readable oldObject as introducing everything', () => {
    const review = fixtureReview('deployment-update-legacy.json');
    review.request.oldObject = null;
    expect(admit(review, deps()).result).toBe('denied');
  });

  it("counts a finding the old object's report stood for as pre-existing: a BestEffort pod given one container's requests", () => {
    // The old pod is BestEffort: its resources-qos-class finding stands for both containers' missing requests. The
    // UPDATE gives `app` requests; `proxy`'s missing request was there before, so it is not introduced.
    const pod = (app: Record<string, unknown>) => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'shop' },
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: {
            containers: [
              { name: 'app', image: 'registry.example.com/web:1.0', ...app },
              { name: 'proxy', image: 'registry.example.com/proxy:1.0' },
            ],
          },
        },
      },
    });
    const review = fixtureReview('deployment-update-legacy.json');
    review.request.oldObject = pod({});
    review.request.object = pod({ resources: { requests: { cpu: '10m', memory: '16Mi' } } });
    const config: ResolvedConfig = {
      ...DEFAULT_CONFIG,
      rules: { 'resources-missing-requests': { severity: 'error' }, 'resources-qos-class': { severity: 'error' } },
    };
    const d = admit(review, deps({ config }));
    expect(d.result).toBe('warned');
    expect(d.review.response.warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^resources-missing-requests \(error, pre-existing\): Container proxy/),
      ]),
    );
    // The same change to a pod whose old version set requests on proxy introduces the finding: denied.
    review.request.oldObject = pod({});
    (review.request.oldObject as ReturnType<typeof pod>).spec.template.spec.containers[1] = {
      name: 'proxy',
      image: 'registry.example.com/proxy:1.0',
      resources: { requests: { cpu: '10m', memory: '16Mi' } },
    } as never;
    expect(admit(review, deps({ config })).result).toBe('denied');
  });

  it('matches findings by rule and path, the same message first, and counts a severity increase as new', () => {
    const f = (ruleId: string, path: string, message: string, severity: Finding['severity']): Finding => ({
      ruleId,
      family: 'resources',
      severity,
      message,
      object: null,
      file: 'admission',
      line: 0,
      column: 0,
      path,
    });
    const before = [
      f('a', 'spec.x', 'old text', 'error'),
      f('b', 'spec.y', 'same', 'warning'),
      f('c', 'spec.z', 'm', 'warning'),
    ];
    const now = [
      f('a', 'spec.x', 'new text', 'error'), // same rule and path, message changed: pre-existing
      f('b', 'spec.y', 'same', 'error'), // got more severe: introduced
      f('c', 'spec.z', 'm', 'warning'), // unchanged: pre-existing
      f('c', 'spec.z', 'm', 'warning'), // a second copy: only one old finding to match
      f('d', 'spec.x', 'old text', 'error'), // other rule: introduced
    ];
    const pre = preexistingFindings(now, before);
    expect(now.map((x) => pre.has(x))).toEqual([true, false, true, false, false]);
  });
});

describe('admit: requests that are not checked', () => {
  it.each([
    ['deployment-delete.json', 'DELETE is not checked'],
    ['pod-exec-connect.json', 'CONNECT is not checked'],
    ['deployment-scale-update.json', 'subresource scale is not checked'],
  ])('allows %s without checks', (fixture, reason) => {
    const d = admit(fixtureReview(fixture), deps());
    expect(d.result).toBe('skipped');
    expect(d.reason).toBe(reason);
    expect(d.review.response).toEqual({ uid: fixtureReview(fixture).request.uid, allowed: true });
  });

  it('exempts kube-system by default, and configured namespaces, users and groups', () => {
    expect(admit(fixtureReview('kube-system-create.json'), deps()).result).toBe('exempt');
    const invalid = () => fixtureReview('deployment-create-invalid.json');
    const exempt = (exemptions: Partial<ReturnType<typeof settingsWith>['exempt']>) =>
      admit(
        invalid(),
        deps({ settings: settingsWith({ exempt: { namespaces: [], users: [], groups: [], ...exemptions } }) }),
      );
    expect(exempt({ namespaces: ['bill*'] }).reason).toBe('exempt namespace billing');
    expect(exempt({ users: ['jane@*'] }).reason).toBe('exempt user jane@example.com');
    expect(exempt({ groups: ['shop-developers'] }).reason).toBe('exempt group shop-developers');
    expect(exempt({ namespaces: ['kube-system'] }).result).toBe('denied');
  });

  it('allows an object it cannot read, with a warning', () => {
    const d = admit(fixtureReview('unreadable-object.json'), deps());
    expect(d.result).toBe('unreadable');
    expect(d.review.response.allowed).toBe(true);
    expect(d.review.response.warnings).toEqual([
      'kubeward could not read this object (the object is not a mapping); allowed without checks.',
    ]);
    for (const object of [
      null,
      [],
      { kind: 'Deployment' },
      { apiVersion: 'v1' },
      { apiVersion: 'v1', kind: 'X', metadata: 'x' },
    ]) {
      const review = fixtureReview('deployment-create.json');
      review.request.object = object;
      expect(admit(review, deps()).result).toBe('unreadable');
    }
  });

  it('answers with the failure mode when a rule crashes, never a deny of its own', () => {
    const broken = defineRule({
      meta: { ...hpaVpaOverlap.meta, id: 'zz-broken', kinds: ['Deployment'] },
      check: () => {
        throw new Error('boom');
      },
    });
    const rules = [...WEBHOOK_TEST_RULES, broken];
    const open = admit(fixtureReview('deployment-create.json'), deps({ rules }));
    expect(open.result).toBe('fail_open');
    expect(open.review.response.allowed).toBe(true);
    expect(open.review.response.warnings?.[0]).toContain('kubeward rule zz-broken crashed on it');
    expect(open.denying).toEqual([]);
    const closed = admit(
      fixtureReview('deployment-create.json'),
      deps({ rules, settings: settingsWith({ failureMode: 'closed' }) }),
    );
    expect(closed.result).toBe('fail_closed');
    expect(closed.review.response.status?.message).toContain('zz-broken crashed on it');
    // An object that other rules deny is still denied.
    const invalid = admit(fixtureReview('deployment-create-invalid.json'), deps({ rules }));
    expect(invalid.result).toBe('denied');
  });
});

describe('admit: suppressions', () => {
  it('honours ignore-check.kubeward.io/<rule-id> annotations like the CLI', () => {
    const review = withAnnotation(
      fixtureReview('deployment-create-invalid.json'),
      `ignore-check.kubeward.io/${REQUEST_EXCEEDS_LIMIT}`,
      'LimitRange raises it',
    );
    const d = admit(review, deps());
    expect(d.result).toBe('allowed');
    expect(d.suppressed).toBe(1);
  });

  it('ignores the annotations when the config forbids them, and says so in a warning', () => {
    const config: ResolvedConfig = { ...DEFAULT_CONFIG, allowAnnotationSuppression: false };
    const review = withAnnotation(
      fixtureReview('deployment-create-invalid.json'),
      `ignore-check.kubeward.io/${REQUEST_EXCEEDS_LIMIT}`,
      'please',
    );
    const d = admit(review, deps({ config }));
    expect(d.result).toBe('denied');
    expect(d.review.response.warnings?.[0]).toMatch(/^suppression-not-allowed \(info\): /);
    expect(d.review.response.status?.message).not.toContain('annotate the object');
  });

  it('skips namespaces the config excludes', () => {
    const config: ResolvedConfig = { ...DEFAULT_CONFIG, excludeNamespaces: ['billing'] };
    expect(admit(fixtureReview('deployment-create-invalid.json'), deps({ config })).result).toBe('allowed');
  });

  it('does not run the rules that do not run at admission, without forgetting them', () => {
    const lintOnly = defineRule({
      meta: {
        ...hpaVpaOverlap.meta,
        id: 'zz-lint-only',
        kinds: ['Deployment'],
        runsOn: ['lint'],
        messages: { lintOnly: 'A finding only a manifest can have.' },
      },
      check: () => [{ messageId: 'lintOnly' }],
    });
    const review = fixtureReview('deployment-create.json');
    const meta = objectOf(review).metadata as { annotations?: Record<string, string> };
    meta.annotations = { ...meta.annotations, 'ignore-check.kubeward.io/zz-lint-only': 'known, so not unknown' };
    const d = admit(review, deps({ rules: [...WEBHOOK_TEST_RULES, lintOnly] }));
    expect(d.findings.map((f) => f.ruleId)).not.toContain('zz-lint-only');
    expect(d.findings.map((f) => f.ruleId)).not.toContain('suppression-unknown-rule');
  });
});

describe('admit: cross-object rules against the cluster cache', () => {
  const objects = clusterObjects();
  const deployment = objects.find((o) => o.kind === 'Deployment') as K8sObject;
  const vpa = objects.find((o) => o.kind === 'VerticalPodAutoscaler') as K8sObject;
  const hpa = objectOf(fixtureReview('hpa-create.json'));

  it('denies an HPA created while a VPA in an acting mode targets the same Deployment', () => {
    const d = admit(fixtureReview('hpa-create.json'), deps({ cacheIndex: createIndex([deployment, vpa]) }));
    expect(d.result).toBe('denied');
    expect(d.review.response.status?.message).toContain('[hpa-vpa-overlap] HPA checkout scales Deployment checkout');
  });

  it('reports the overlap on the HPA written, although lint keeps the VPA side, with the cached VPA related', () => {
    // Lint checks both objects and reports the problem once, at the VPA; admission checks only the object written,
    // so its side is the one reported (and denied), naming the cached VPA, which has no file.
    const d = admit(fixtureReview('hpa-create.json'), deps({ cacheIndex: createIndex([deployment, vpa]) }));
    const overlap = d.findings.filter((f) => f.ruleId === 'hpa-vpa-overlap');
    expect(overlap.map((f) => `${f.messageId} ${f.object?.kind}/${f.object?.name}`)).toEqual([
      'hpaOverlap HorizontalPodAutoscaler/checkout',
    ]);
    expect(overlap[0]?.related).toEqual([
      {
        object: {
          apiVersion: 'autoscaling.k8s.io/v1',
          kind: 'VerticalPodAutoscaler',
          namespace: 'shop',
          name: 'checkout',
        },
        path: '',
      },
    ]);
  });

  it('denies it with the VPA in Auto mode too', () => {
    const auto = { ...vpa, spec: { ...(vpa.spec as object), updatePolicy: { updateMode: 'Auto' } } };
    const d = admit(fixtureReview('hpa-create.json'), deps({ cacheIndex: createIndex([deployment, auto]) }));
    expect(d.result).toBe('denied');
    expect(d.denying.map((f) => f.ruleId)).toEqual(['hpa-vpa-overlap']);
  });

  it('denies a VPA created while an HPA scales the same Deployment on cpu', () => {
    const d = admit(fixtureReview('vpa-create.json'), deps({ cacheIndex: createIndex([deployment, hpa]) }));
    expect(d.result).toBe('denied');
    expect(d.review.response.status?.message).toContain('[hpa-vpa-overlap] VPA checkout (updateMode Recreate)');
  });

  it('allows either one alone, and an HPA without a cache (--no-cluster: the object alone)', () => {
    expect(admit(fixtureReview('hpa-create.json'), deps({ cacheIndex: createIndex([deployment]) })).result).toBe(
      'allowed',
    );
    expect(admit(fixtureReview('hpa-create.json'), deps()).result).toBe('allowed');
  });

  it('allows a VPA update that turns the overlap off (the cached version is replaced, not added)', () => {
    const review = fixtureReview('vpa-create.json');
    review.request.operation = 'UPDATE';
    review.request.oldObject = vpa;
    (objectOf(review).spec as { updatePolicy: { updateMode: string } }).updatePolicy.updateMode = 'Off';
    const d = admit(review, deps({ cacheIndex: createIndex([deployment, vpa, hpa]) }));
    expect(d.result).toBe('allowed');
  });

  it('warns about an ingress controller Deployment without a PodDisruptionBudget, not with one', () => {
    const without = admit(
      fixtureReview('ingress-controller-create.json'),
      deps({ cacheIndex: createIndex([deployment]) }),
    );
    expect(without.result).toBe('warned');
    const pdbWarning =
      /^controller-missing-pdb \(warning\): The ingress-nginx controller .* has no PodDisruptionBudget/;
    expect(without.review.response.warnings).toContainEqual(expect.stringMatching(pdbWarning));
    const withPdb = admit(fixtureReview('ingress-controller-create.json'), deps({ cacheIndex: createIndex(objects) }));
    expect(withPdb.findings.map((f) => f.ruleId)).not.toContain('controller-missing-pdb');
    expect(withPdb.review.response.warnings?.some((w) => pdbWarning.test(w)) ?? false).toBe(false);
  });

  it('does not report missing objects without a cluster cache (--no-cluster: the index is the object alone)', () => {
    const alone = admit(fixtureReview('ingress-controller-create.json'), deps());
    expect(alone.findings.map((f) => f.ruleId)).not.toContain('controller-missing-pdb');
    const hpa = admit(fixtureReview('hpa-create.json'), deps());
    expect(hpa.review.response.warnings).toBeUndefined();
  });

  it('fills the namespace from the request when the object has none', () => {
    const review = fixtureReview('hpa-create.json');
    delete objectOf(review).metadata?.namespace;
    const d = admit(review, deps({ cacheIndex: createIndex([deployment, vpa]) }));
    expect(d.result).toBe('denied');
  });
});

describe('failureDecision', () => {
  it('fails open with a warning, or closed with a 503 status', () => {
    const review = fixtureReview('deployment-create.json');
    const open = failureDecision(review, settingsWith(), 'it took too long\n');
    expect(open.result).toBe('fail_open');
    expect(open.review.response).toEqual({
      uid: review.request.uid,
      allowed: true,
      warnings: ['kubeward did not check this object: it took too long; allowed (fail-open).'],
    });
    const closed = failureDecision(review, settingsWith({ failureMode: 'closed' }), 'it took too long');
    expect(closed.result).toBe('fail_closed');
    expect(closed.review.response.allowed).toBe(false);
    expect(closed.review.response.status).toMatchObject({ code: 503, reason: 'ServiceUnavailable' });
  });
});
