/**
 * The ingress-annotations rules on real manifests: ingress-nginx's own examples and chart, and the F5 NGINX inputs of
 * ingress2gateway.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../../src/engine/config-types.js';
import { lintInputs } from '../../../src/engine/lint.js';
import type { Finding } from '../../../src/engine/types.js';
import { ingressAnnotationsRules } from '../../../src/rules/ingress-annotations/index.js';
import { CORPUS, I2G_FIXTURES } from '../../helpers/cli.js';

// Copies of ../shared's corpus and ingress2gateway fixtures, kept in the repository (test/corpus, test/fixtures).
const corpus = CORPUS;
const f5Inputs = join(I2G_FIXTURES, 'upstream-main/pkg/i2gw/providers/nginx/fixtures/annotations/input');
const commonInput = join(I2G_FIXTURES, 'upstream-main/pkg/i2gw/providers/common/testdata/input-file.yaml');
const haveCorpus = existsSync(join(corpus, 'ingress-nginx-examples.yaml'));
const haveF5 = existsSync(f5Inputs);

function lint(files: readonly string[]): Finding[] {
  const inputs = files.map((file) => ({ file, text: readFileSync(file, 'utf8') }));
  const result = lintInputs(inputs, { rules: ingressAnnotationsRules, config: DEFAULT_CONFIG });
  expect(result.findings.filter((f) => f.family === 'input')).toEqual([]);
  // The family's findings only: the engine's own (duplicate-object) are tested in test/engine/duplicates.test.ts.
  return result.findings.filter((f) => f.family !== 'kubeward');
}

/** `rule object line`, with the line in the input file (the examples carry `# Source:` comments). */
const summary = (findings: readonly Finding[]): string[] =>
  findings.map((f) => `${f.ruleId} ${f.object?.name} ${f.rendered?.line ?? f.line}`).sort();

describe.skipIf(!haveCorpus)(
  `ingress-annotations on the ingress-nginx corpus${haveCorpus ? '' : ' (skipped: ../shared/corpus not found)'}`,
  () => {
    it('reports exactly the expected findings on ingress-nginx-examples.yaml', () => {
      expect(summary(lint([join(corpus, 'ingress-nginx-examples.yaml')]))).toEqual(
        [
          // The documented configuration-snippet example.
          'ingress-snippet-annotation nginx-configuration-snippet 442',
          // High-risk keys: auth-tls-error-page, auth-url (5), auth-signin (2), upstream-hash-by.
          'ingress-risky-annotation nginx-test 90',
          'ingress-risky-annotation external-auth 118',
          'ingress-risky-annotation external-auth-oauth2 227',
          'ingress-risky-annotation external-auth-oauth2 228',
          'ingress-risky-annotation external-auth-oauth2 339',
          'ingress-risky-annotation external-auth-oauth2 340',
          'ingress-risky-annotation nginxhello-ingress 417',
          'ingress-risky-annotation public-demo-echo-service 687',
          'ingress-risky-annotation secure-demo-echo-service 709',
          // Seven session-affinity annotations on one Ingress.
          'ingress-annotation-sprawl cookie-samesite-none 7',
          // The path-matching guide's own example: regex Ingresses on test.com change test-ingress-1's plain paths.
          // One problem (the host in regex mode), reported once at its first cause; the other causes and
          // test-ingress-1 are its related locations.
          'ingress-regex-host-wide test-ingress 1907',
          // The networking.k8s.io/v1beta1 basic-usage example still uses the annotation.
          'ingress-class-annotation ingress-myserviceb 1739',
        ].sort(),
      );
    });

    it("names the configuration snippet, the risk level and the host-wide regex switch, with the host's other Ingresses related", () => {
      const findings = lint([join(corpus, 'ingress-nginx-examples.yaml')]);
      const message = (rule: string, name: string): string =>
        findings.find((f) => f.ruleId === rule && f.object?.name === name)?.message ?? '';
      expect(message('ingress-snippet-annotation', 'nginx-configuration-snippet')).toMatch(
        /^nginx\.ingress\.kubernetes\.io\/configuration-snippet injects 1 line .* It uses more_set_headers \(a ResponseHeaderModifier filter\)\.$/,
      );
      expect(message('ingress-risky-annotation', 'nginxhello-ingress')).toMatch(
        /upstream-hash-by "\$arg_predictorid" is at ingress-nginx's High risk level/,
      );
      expect(message('ingress-regex-host-wide', 'test-ingress')).toBe(
        'nginx.ingress.kubernetes.io/use-regex switches every path of host test.com (class nginx) to case-insensitive ' +
          'regex matching, across Ingresses (and so do default/test-ingress-2 (rewrite-target) and ' +
          'default/test-ingress-3 (use-regex)): it changes what the plain paths of default/test-ingress-1 match.',
      );
      const regex = findings.find((f) => f.ruleId === 'ingress-regex-host-wide');
      expect(regex?.related?.map((r) => `${r.object.name}:${r.line} ${r.note}`)).toEqual([
        'test-ingress-2:1954 sets nginx.ingress.kubernetes.io/rewrite-target',
        'test-ingress-3:1975 sets nginx.ingress.kubernetes.io/use-regex',
        'test-ingress-1:1933 path changed',
      ]);
    });

    it('finds nothing in the controller chart, which has no Ingress', () => {
      expect(lint([join(corpus, 'ingress-nginx-default.yaml')])).toEqual([]);
      expect(lint([join(corpus, 'ingress-nginx-ha.yaml')])).toEqual([]);
    });
  },
);

describe.skipIf(!haveF5)(
  `ingress-annotations on F5 NGINX inputs${haveF5 ? '' : ' (skipped: ../shared/i2g-fixtures not found)'}`,
  () => {
    it('reports nothing on the F5 NGINX Ingresses of ingress2gateway, path-regex and rewrites included', () => {
      const files = readdirSync(f5Inputs)
        .filter((f) => f.endsWith('.yaml'))
        .map((f) => join(f5Inputs, f));
      expect(files.length).toBe(9);
      expect(summary(lint(files))).toEqual([]);
    });

    it('reports nothing on the plain Ingresses of the common reader input', () => {
      expect(summary(lint([commonInput]))).toEqual([]);
    });
  },
);
