import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dump } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { loadInputs } from '../../../src/engine/lint.js';
import { type ControllerExposure, type Exposure, exposureOf } from '../../../src/report/migration/exposure.js';
import { CORPUS } from '../../helpers/cli.js';

function exposureOfText(file: string, text: string): Exposure {
  const { objects, index, problems } = loadInputs([{ file, text }], {});
  if (problems.length > 0) throw new Error(`test input does not load: ${problems.map((p) => p.message).join('; ')}`);
  return exposureOf(objects, index);
}

const exposureOfCorpus = (file: string): Exposure => exposureOfText(file, readFileSync(join(CORPUS, file), 'utf8'));
const exposureOfObjects = (objects: readonly unknown[]): Exposure =>
  exposureOfText('in.yaml', objects.map((o) => dump(o)).join('---\n'));

interface ControllerSpec {
  name?: string;
  namespace?: string;
  image?: string;
  args?: string[];
  labels?: Record<string, string>;
}

const NAMESPACE = 'ingress';
const CONFIGMAP_FLAG = '--configmap=$(POD_NAMESPACE)/ingress-nginx-controller';
/** The chart's v1.15.1 image without its tag. */
const DIGEST_ONLY =
  'registry.k8s.io/ingress-nginx/controller@sha256:594ceea76b01c592858f803f9ff4d2cb40542cae2060410b2c95f75907d659e1';
const imageOf = (tag: string): string => `registry.k8s.io/ingress-nginx/controller:${tag}`;

function controller(s: ControllerSpec = {}): unknown {
  const labels = { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: s.name ?? 'ingress-nginx-controller', namespace: s.namespace ?? NAMESPACE, labels: s.labels },
    spec: {
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            {
              name: 'controller',
              image: s.image ?? imageOf('v1.15.1'),
              args: ['/nginx-ingress-controller', ...(s.args ?? [CONFIGMAP_FLAG])],
            },
          ],
        },
      },
    },
  };
}

function configMap(data: Record<string, string>, name = 'ingress-nginx-controller'): unknown {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: NAMESPACE }, data };
}

/** The one controller of the objects. */
function only(objects: readonly unknown[]): ControllerExposure {
  const { controllers } = exposureOfObjects(objects);
  expect(controllers).toHaveLength(1);
  const [c] = controllers;
  if (c === undefined) throw new Error('no controller');
  return c;
}

/** A controller of that version whose admission webhook is on, with its (empty) ConfigMap. */
function withWebhook(tag: string): ControllerExposure {
  return only([
    controller({ image: imageOf(tag), args: [CONFIGMAP_FLAG, '--validating-webhook=:8443'] }),
    configMap({}),
  ]);
}

const snippetPosture = (c: ControllerExposure) => ({
  allowSnippetAnnotations: c.allowSnippetAnnotations,
  annotationsRiskLevel: c.annotationsRiskLevel,
  snippetsLive: c.snippetsLive,
});

const CHART_CONTROLLER: ControllerExposure = {
  namespace: 'ingress-nginx',
  name: 'ingress-nginx-controller',
  kind: 'Deployment',
  image:
    'registry.k8s.io/ingress-nginx/controller:v1.15.1@sha256:594ceea76b01c592858f803f9ff4d2cb40542cae2060410b2c95f75907d659e1',
  version: 'v1.15.1',
  classes: ['nginx', 'k8s.io/ingress-nginx'],
  cves: [],
  admissionWebhook: 'on',
  allowSnippetAnnotations: 'false',
  annotationsRiskLevel: 'High',
  snippetsLive: 'no',
  criticalWithWebhook: false,
};

describe('exposureOf on the corpus', () => {
  it('finds the chart default install: v1.15.1 with no open CVE, its webhook on, snippets off by default', () => {
    expect(exposureOfCorpus('ingress-nginx-default.yaml')).toEqual({
      controllers: [CHART_CONTROLLER],
      notes: [],
      unlistedKinds: [],
    });
  });

  it('finds the same one controller in the HA install (an HPA and a PDB add no controller)', () => {
    expect(exposureOfCorpus('ingress-nginx-ha.yaml')).toEqual({
      controllers: [CHART_CONTROLLER],
      notes: [],
      unlistedKinds: [],
    });
  });

  it('finds the static-ip example controller v1.0.5: 20 open CVEs, no webhook, snippets live by its defaults', () => {
    const { controllers, notes } = exposureOfCorpus('ingress-nginx-examples.yaml');
    expect(controllers).toHaveLength(1);
    const c = controllers[0];
    expect(c).toMatchObject({
      namespace: 'default',
      name: 'ingress-nginx-controller',
      kind: 'Deployment',
      image: imageOf('v1.0.5'),
      version: 'v1.0.5',
      classes: ['nginx', 'k8s.io/ingress-nginx'],
      worstScore: 9.8,
      // No final release on its line: the first final release no CVE of the data affects.
      upgradeTo: 'v1.13.9',
      admissionWebhook: 'off',
      // No --configmap: v1.0.5 defaults, before allow-snippet-annotations turned false and before any risk level.
      allowSnippetAnnotations: 'true',
      annotationsRiskLevel: 'none',
      snippetsLive: 'yes',
      criticalWithWebhook: false,
    });
    expect(c?.cves.map((x) => x.id)).toEqual([
      'CVE-2025-1974',
      'CVE-2026-4342',
      'CVE-2025-15566',
      'CVE-2026-24512',
      'CVE-2025-1097',
      'CVE-2025-1098',
      'CVE-2025-24514',
      'CVE-2026-1580',
      'CVE-2024-7646',
      'CVE-2022-4886',
      'CVE-2023-5043',
      'CVE-2023-5044',
      'CVE-2021-25748',
      'CVE-2021-25745',
      'CVE-2021-25746',
      // Fixed in v1.0.1 by a setting only, and v1.0.5 has snippets live.
      'CVE-2021-25742',
      'CVE-2026-24514',
      'CVE-2026-24513',
      'CVE-2026-3288',
      'CVE-2025-24513',
    ]);
    expect(c?.cves[0]).toEqual({
      id: 'CVE-2025-1974',
      score: 9.8,
      severity: 'critical',
      fixedIn: ['v1.11.5', 'v1.12.1'],
      title: 'IngressNightmare (admission controller)',
    });
    expect(notes).toEqual([
      'Deployment default/ingress-nginx-controller: CVE-2021-25742 counts as open although its version has the fix, ' +
        'because the fix is a setting and snippets are live; set allow-snippet-annotations: "false".',
    ]);
  });
});

describe('exposureOf: snippets live', () => {
  it.each([
    [
      'yes with allow-snippet-annotations "true" and annotations-risk-level Critical',
      'v1.15.1',
      'true',
      'Critical',
      ['true', 'Critical', 'yes'],
    ],
    [
      'no with "true" when the v1.12+ default risk level High rejects them',
      'v1.12.1',
      'true',
      undefined,
      ['true', 'High', 'no'],
    ],
    [
      'yes with "true" on v1.11, whose default risk level Critical rejects nothing',
      'v1.11.8',
      'true',
      undefined,
      ['true', 'Critical', 'yes'],
    ],
    ['no with "true" and an explicit High on v1.11', 'v1.11.8', 'true', 'High', ['true', 'High', 'no']],
    [
      'no with "false" and annotations-risk-level Critical',
      'v1.15.1',
      'false',
      'Critical',
      ['false', 'Critical', 'no'],
    ],
  ] as const)('says %s', (_, tag, allow, risk, expected) => {
    const data: Record<string, string> = {};
    if (allow !== undefined) data['allow-snippet-annotations'] = allow;
    if (risk !== undefined) data['annotations-risk-level'] = risk;
    const c = only([controller({ image: imageOf(tag) }), configMap(data)]);
    expect([c.allowSnippetAnnotations, c.annotationsRiskLevel, c.snippetsLive]).toEqual(expected);
  });

  it.each([
    ['v1.15.1', 'false', 'High', 'no'],
    ['v1.10.0', 'false', 'Critical', 'no'],
    ['v1.8.5', 'true', 'none', 'yes'],
  ] as const)('takes the defaults of %s when its ConfigMap sets neither key', (tag, allow, risk, live) => {
    const image = imageOf(tag);
    const expected = { allowSnippetAnnotations: allow, annotationsRiskLevel: risk, snippetsLive: live };
    expect(snippetPosture(only([controller({ image }), configMap({ 'proxy-body-size': '8m' })]))).toEqual(expected);
    // Without --configmap the controller reads no ConfigMap: the same defaults, a ConfigMap of the chart's name or not.
    expect(
      snippetPosture(only([controller({ image, args: [] }), configMap({ 'allow-snippet-annotations': 'true' })])),
    ).toEqual(expected);
  });

  it('keeps snippets live on v1.0.0, which has no allow-snippet-annotations to turn them off', () => {
    const c = only([controller({ image: imageOf('v1.0.0') }), configMap({ 'allow-snippet-annotations': 'false' })]);
    expect(snippetPosture(c)).toEqual({
      allowSnippetAnnotations: 'true',
      annotationsRiskLevel: 'none',
      snippetsLive: 'yes',
    });
    expect(c.cves.map((x) => x.id)).toContain('CVE-2021-25742');
  });

  it('reads an unquoted boolean and a lower-case level as the controller does', () => {
    const text =
      `${dump(controller({ image: imageOf('v1.13.9') }))}---\n` +
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ingress-nginx-controller, namespace: ingress}\n' +
      'data: {allow-snippet-annotations: true, annotations-risk-level: critical}\n';
    const [c] = exposureOfText('in.yaml', text).controllers;
    expect(c && snippetPosture(c)).toEqual({
      allowSnippetAnnotations: 'true',
      annotationsRiskLevel: 'Critical',
      snippetsLive: 'yes',
    });
  });

  it('says unknown, with a note, when the ConfigMap named by --configmap is not among the inputs', () => {
    const { controllers, notes } = exposureOfObjects([controller()]);
    expect(controllers[0] && snippetPosture(controllers[0])).toEqual({
      allowSnippetAnnotations: 'unknown',
      annotationsRiskLevel: 'unknown',
      snippetsLive: 'unknown',
    });
    expect(notes).toEqual([
      'Deployment ingress/ingress-nginx-controller: its ConfigMap ingress/ingress-nginx-controller (--configmap) is ' +
        "not among the inputs, so allow-snippet-annotations and annotations-risk-level are unknown; add the ConfigMap's " +
        'manifest to the inputs, or run with --cluster, which reads it from the cluster.',
    ]);
  });

  it('still says no when an unknown version has allow-snippet-annotations "false" in its ConfigMap', () => {
    const image = DIGEST_ONLY;
    const c = only([controller({ image }), configMap({ 'allow-snippet-annotations': 'false' })]);
    expect(snippetPosture(c)).toEqual({
      allowSnippetAnnotations: 'false',
      annotationsRiskLevel: 'unknown',
      snippetsLive: 'no',
    });
  });
});

describe('exposureOf: versions, CVEs and the admission webhook', () => {
  it('flags a v1.11.3 controller with its webhook on as critical with webhook (CVE-2025-1974)', () => {
    const c = withWebhook('v1.11.3');
    expect(c.admissionWebhook).toBe('on');
    expect(c.criticalWithWebhook).toBe(true);
    expect(c.worstScore).toBe(9.8);
    expect(c.cves.find((x) => x.id === 'CVE-2025-1974')?.fixedIn).toEqual(['v1.11.5', 'v1.12.1']);
  });

  it('gives only the fixes after its own version: v1.12.0 is past the v1.11 line and its fix', () => {
    const c = withWebhook('v1.12.0');
    expect(c.criticalWithWebhook).toBe(true);
    expect(c.cves.find((x) => x.id === 'CVE-2025-1974')?.fixedIn).toEqual(['v1.12.1']);
  });

  it('does not flag the same version with its webhook off, nor a fixed version with it on', () => {
    const old = only([controller({ image: imageOf('v1.11.3') }), configMap({})]);
    expect(old).toMatchObject({ admissionWebhook: 'off', criticalWithWebhook: false });
    const fixed = withWebhook('v1.12.1');
    expect(fixed).toMatchObject({ admissionWebhook: 'on', criticalWithWebhook: false });
    expect(fixed.cves.map((x) => x.id)).not.toContain('CVE-2025-1974');
    // Only the fixes after its own version: v1.12.1 is past the v1.11 fixes.
    expect(fixed.cves.find((x) => x.id === 'CVE-2026-4342')?.fixedIn).toEqual(['v1.13.9', 'v1.14.5', 'v1.15.1']);
  });

  it('leaves the version of an image pinned by digest only unknown, with no CVE and a note', () => {
    const image = DIGEST_ONLY;
    const { controllers, notes } = exposureOfObjects([controller({ image }), configMap({})]);
    const c = controllers[0];
    expect(c?.version).toBeUndefined();
    expect(c?.worstScore).toBeUndefined();
    expect(c?.cves).toEqual([]);
    expect(c && snippetPosture(c)).toEqual({
      allowSnippetAnnotations: 'unknown',
      annotationsRiskLevel: 'unknown',
      snippetsLive: 'unknown',
    });
    expect(notes).toEqual([
      `Deployment ingress/ingress-nginx-controller: the version cannot be read (image ${image} is pinned by digest ` +
        'only, and no helm.sh/chart or app.kubernetes.io/version label gives it), so its CVEs and ConfigMap defaults ' +
        'are unknown; pin the image by version tag (and digest).',
    ]);
  });

  it('reads the version from the chart label when the image is pinned by digest only', () => {
    const image = DIGEST_ONLY;
    const c = only([controller({ image, labels: { 'helm.sh/chart': 'ingress-nginx-4.11.3' } }), configMap({})]);
    expect(c.version).toBe('v1.11.3');
    expect(c.cves.map((x) => x.id)).toContain('CVE-2025-1974');
  });
});

describe('exposureOf: classes, order and notes', () => {
  it('lists the IngressClasses a custom --controller-class serves, then its class values', () => {
    const classes = [
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'IngressClass',
        metadata: { name: 'public' },
        spec: { controller: 'example.com/public' },
      },
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'IngressClass',
        metadata: { name: 'edge' },
        spec: { controller: 'example.com/public' },
      },
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'IngressClass',
        metadata: { name: 'nginx' },
        spec: { controller: 'k8s.io/ingress-nginx' },
      },
    ];
    const args = [CONFIGMAP_FLAG, '--controller-class=example.com/public', '--ingress-class=public'];
    expect(only([controller({ args }), configMap({}), ...classes]).classes).toEqual([
      'edge',
      'public',
      'example.com/public',
    ]);
  });

  it('lists an IngressClass named by --ingress-class under --ingress-class-by-name, whatever its controller', () => {
    const other = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'IngressClass',
      metadata: { name: 'public' },
      spec: { controller: 'example.com/other' },
    };
    const byName = [CONFIGMAP_FLAG, '--ingress-class=public', '--ingress-class-by-name'];
    expect(only([controller({ args: byName }), configMap({}), other]).classes).toEqual([
      'public',
      'k8s.io/ingress-nginx',
    ]);
    const notByName = [CONFIGMAP_FLAG, '--ingress-class=public'];
    expect(only([controller({ args: notByName }), configMap({}), other]).classes).toEqual([
      'k8s.io/ingress-nginx',
      'public',
    ]);
  });

  it('orders controllers by namespace and name', () => {
    const { controllers } = exposureOfObjects([
      controller({ name: 'b', namespace: 'z', args: [] }),
      controller({ name: 'c', namespace: 'a', args: [] }),
      controller({ name: 'a', namespace: 'z', args: [] }),
    ]);
    expect(controllers.map((c) => `${c.namespace}/${c.name}`)).toEqual(['a/c', 'z/a', 'z/b']);
  });

  it('says when the inputs hold no ingress-nginx controller, and nothing for no inputs at all', () => {
    expect(exposureOfObjects([configMap({ 'allow-snippet-annotations': 'true' })])).toEqual({
      controllers: [],
      notes: [
        'No ingress-nginx controller (Deployment or DaemonSet) is among the inputs, so no version, CVE, admission ' +
          'webhook or snippet setting can be shown; add the controller manifests, or run with --cluster.',
      ],
      unlistedKinds: [],
    });
    expect(exposureOfText('empty.yaml', '')).toEqual({ controllers: [], notes: [], unlistedKinds: [] });
  });
});
