/**
 * The ingress-nginx rules on real manifests: the ingress-nginx chart 4.15.1 (default and HA), the project's own
 * examples, and the F5 NGINX inputs of ingress2gateway.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type ResolvedConfig } from '../../../src/engine/config-types.js';
import { lintInputs } from '../../../src/engine/lint.js';
import { loadText } from '../../../src/engine/load.js';
import { createIndex } from '../../../src/engine/object-index.js';
import type { Finding } from '../../../src/engine/types.js';
import { resolveIngressController } from '../../../src/ingress/ingress-class.js';
import { admissionWebhookOf } from '../../../src/ingress/nginx-admission.js';
import { ingressNginxControllerOf } from '../../../src/ingress/nginx-controller.js';
import { ingressNginxRules } from '../../../src/rules/ingress-nginx/index.js';
import { CORPUS, I2G_FIXTURES } from '../../helpers/cli.js';

// Copies of ../shared's corpus and ingress2gateway fixtures, kept in the repository (test/corpus, test/fixtures).
const corpus = CORPUS;
const upstreamMain = join(I2G_FIXTURES, 'upstream-main/pkg/i2gw/providers');
/** The ingress2gateway inputs: the F5 NGINX provider's annotation fixtures and the provider-neutral input file. */
const f5Inputs = join(upstreamMain, 'nginx/fixtures/annotations/input');
const commonInput = join(upstreamMain, 'common/testdata/input-file.yaml');
const haveCorpus = existsSync(join(corpus, 'ingress-nginx-examples.yaml'));
const haveF5 = existsSync(f5Inputs) && existsSync(commonInput);

interface Input {
  file: string;
  text: string;
}

const read = (name: string): Input => {
  const file = join(corpus, name);
  return { file, text: readFileSync(file, 'utf8') };
};

function lint(inputs: readonly Input[], config: ResolvedConfig = DEFAULT_CONFIG): Finding[] {
  const result = lintInputs(inputs, { rules: ingressNginxRules, config });
  expect(result.findings.filter((f) => f.family === 'input')).toEqual([]);
  // The family's findings only: the engine's own (duplicate-object) are tested in test/engine/duplicates.test.ts.
  return result.findings.filter((f) => f.family !== 'kubeward');
}

/** `rule severity object line`, with the line in the input file (Helm output and the examples carry `# Source:`). */
const summary = (findings: readonly Finding[]): string[] =>
  findings.map((f) => `${f.ruleId} ${f.severity} ${f.object?.name} ${f.rendered?.line ?? f.line}`).sort();

const withoutRetired: ResolvedConfig = {
  ...DEFAULT_CONFIG,
  rules: { 'ingress-nginx-controller-version': { enabled: true, options: { reportRetired: false } } },
};

function yamlFilesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .map((f) => join(dir, f))
    .sort();
}

describe.skipIf(!haveCorpus)(
  `ingress-nginx rules on the ingress-nginx corpus${haveCorpus ? '' : ' (skipped: ../shared/corpus not found)'}`,
  () => {
    it('reports the chart 4.15.1 controller (v1.15.1) as retired, and nothing else, in both renderings', () => {
      const def = lint([read('ingress-nginx-default.yaml')]);
      expect(summary(def)).toEqual(['ingress-nginx-controller-version warning ingress-nginx-controller 355']);
      expect(def[0]?.path).toBe('spec.template.spec.containers[0].image');
      expect(def[0]?.message).toMatch(
        /^ingress-nginx controller v1\.15\.1 \(from the image tag\) is a final release with no CVE in kubeward's data, but ingress-nginx was retired in March 2026/,
      );
      expect(summary(lint([read('ingress-nginx-ha.yaml')]))).toEqual([
        'ingress-nginx-controller-version warning ingress-nginx-controller 404',
      ]);
    });

    it('finds no open CVE in v1.15.1: with reportRetired off the chart is clean', () => {
      expect(lint([read('ingress-nginx-default.yaml')], withoutRetired)).toEqual([]);
      expect(lint([read('ingress-nginx-ha.yaml')], withoutRetired)).toEqual([]);
    });

    it('sees the chart admission webhook through both the flag and the ValidatingWebhookConfiguration', () => {
      const input = read('ingress-nginx-default.yaml');
      const objects = loadText(input.file, input.text).objects.map((o) => o.object);
      const index = createIndex(objects);
      const deployment = objects.find((o) => o.kind === 'Deployment');
      const controller = deployment && ingressNginxControllerOf(deployment);
      if (controller === undefined) throw new Error('the chart controller is not detected');
      expect(admissionWebhookOf(controller, index)).toMatchObject({
        how: 'flag',
        detail: '--validating-webhook=:8443',
      });
      const withoutFlag = { ...input, text: input.text.replace('            - --validating-webhook=:8443\n', '') };
      const objects2 = loadText(input.file, withoutFlag.text).objects.map((o) => o.object);
      const deployment2 = objects2.find((o) => o.kind === 'Deployment');
      const controller2 = deployment2 && ingressNginxControllerOf(deployment2);
      if (controller2 === undefined) throw new Error('the chart controller is not detected');
      expect(admissionWebhookOf(controller2, createIndex(objects2))).toMatchObject({
        how: 'configuration',
        detail:
          'ValidatingWebhookConfiguration ingress-nginx-admission calls Service ingress-nginx/ingress-nginx-controller-admission',
      });
    });

    it('reports IngressNightmare as an error when the same chart runs controller v1.11.3', () => {
      const input = read('ingress-nginx-default.yaml');
      const old = { ...input, text: input.text.replace(/controller:v1\.15\.1@sha256:[0-9a-f]+/, 'controller:v1.11.3') };
      const findings = lint([old]);
      expect(summary(findings)).toEqual(['ingress-nginx-controller-version error ingress-nginx-controller 355']);
      expect(findings[0]?.message).toMatch(
        /v1\.11\.3 \(from the image tag\) is exposed to 12 known CVEs: CVE-2025-1974 \(critical 9\.8, fixed in v1\.11\.5\),.* Its validating admission webhook is on \(--validating-webhook=:8443\)/,
      );
    });

    it('reports the admission Service of the chart once it is made a LoadBalancer', () => {
      const input = read('ingress-nginx-default.yaml');
      const exposed = {
        ...input,
        text: input.text.replace(
          /(name: ingress-nginx-controller-admission\n {2}namespace: ingress-nginx\nspec:\n {2}type: )ClusterIP/,
          '$1LoadBalancer',
        ),
      };
      expect(exposed.text).not.toBe(input.text);
      expect(summary(lint([exposed], withoutRetired))).toEqual([
        'ingress-nginx-admission-exposed error ingress-nginx-controller-admission 271',
      ]);
    });

    it('reports in the examples every Ingress the resolver gives to ingress-nginx, and the v1.0.5 controller', () => {
      const input = read('ingress-nginx-examples.yaml');
      const findings = lint([input]);
      const objects = loadText(input.file, input.text).objects.map((o) => o.object);
      const index = createIndex(objects);
      const ingresses = objects.filter((o) => o.kind === 'Ingress');
      const served = ingresses.filter((o) => resolveIngressController(o, index).controller === 'ingress-nginx');
      // The examples load an ingress-nginx IngressClass marked default, so all 37 Ingresses resolve to it.
      expect(ingresses).toHaveLength(37);
      expect(served).toHaveLength(37);
      const retired = findings.filter((f) => f.ruleId === 'ingress-nginx-retired-ingress');
      expect(retired.map((f) => `${f.object?.namespace}/${f.object?.name}`).sort()).toEqual(
        served.map((o) => `${index.namespaceOf(o)}/${String(o.metadata?.name)}`).sort(),
      );
      expect(new Set(retired.map((f) => f.path))).toEqual(
        new Set(['spec.ingressClassName', 'spec', 'metadata.annotations["kubernetes.io/ingress.class"]']),
      );
      // The OPA examples name no class: the default IngressClass serves them.
      expect(retired.filter((f) => f.path === 'spec').map((f) => f.rendered?.line ?? f.line)).toEqual([
        1116, 1135, 1154,
      ]);
      const others = findings.filter((f) => f.ruleId !== 'ingress-nginx-retired-ingress');
      expect(summary(others)).toEqual(['ingress-nginx-controller-version warning ingress-nginx-controller 1194']);
      expect(others[0]?.message).toMatch(
        /^ingress-nginx controller v1\.0\.5 \(from the image tag\) is exposed to 19 known CVEs: CVE-2025-1974 \(critical 9\.8, fixed in v1\.11\.5\),/,
      );
    });

    it('leaves the example ConfigMaps and LoadBalancer Services alone: no snippet switch, no webhook port', () => {
      const findings = lint([read('ingress-nginx-examples.yaml')]);
      expect(findings.filter((f) => f.ruleId === 'ingress-nginx-configmap-exposure')).toEqual([]);
      expect(findings.filter((f) => f.ruleId === 'ingress-nginx-admission-exposed')).toEqual([]);
    });
  },
);

describe.skipIf(!haveF5)(
  `ingress-nginx rules on the F5 NGINX inputs${haveF5 ? '' : ' (skipped: ../shared/i2g-fixtures not found)'}`,
  () => {
    it('reports nothing on the F5 NGINX inputs and the plain input file of ingress2gateway', () => {
      const files = [...yamlFilesUnder(f5Inputs), commonInput];
      expect(files).toHaveLength(10);
      const inputs = files.map((file) => ({ file, text: readFileSync(file, 'utf8') }));
      for (const input of inputs) expect(lint([input]), input.file).toEqual([]);
      expect(lint(inputs)).toEqual([]);
    });

    it('resolves every F5 NGINX Ingress to the F5 controller, not to ingress-nginx', () => {
      let ingresses = 0;
      for (const file of yamlFilesUnder(f5Inputs)) {
        const objects = loadText(file, readFileSync(file, 'utf8')).objects.map((o) => o.object);
        const index = createIndex(objects);
        for (const ingress of objects.filter((o) => o.kind === 'Ingress')) {
          ingresses++;
          expect(resolveIngressController(ingress, index).controller, file).toBe('f5-nginx');
        }
      }
      expect(ingresses).toBe(9);
    });
  },
);
