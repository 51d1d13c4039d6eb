import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/engine/config.js';
import { lintInputs } from '../../../src/engine/lint.js';
import { ingressSnippetAnnotation } from '../../../src/rules/ingress-annotations/ingress-snippet-annotation.js';
import { ruleTester } from '../../helpers/rule-tester.js';
import { ingressYaml, nginxInstallYaml } from './ingress-yaml.js';

/** An Ingress whose annotations start on line 7. */
const ingress = (name: string, annotations: readonly string[], className = 'nginx'): string =>
  ingressYaml(name, annotations, { className, host: 'checkout.shop.example.com', service: 'checkout' });

const ingressClass = (name: string, controller: string): string => `---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: ${name}
spec:
  controller: ${controller}
`;

const headersSnippet = [
  'nginx.ingress.kubernetes.io/proxy-body-size: 2m',
  'nginx.ingress.kubernetes.io/configuration-snippet: |',
  '  # security headers',
  '  more_set_headers "X-Frame-Options: DENY";',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: nginx ${...} syntax, not a template
  '  proxy_set_header X-Request-Start "t=${msec}";',
  '  satisfy any;',
];

ruleTester.run(ingressSnippetAnnotation, {
  valid: [
    {
      name: 'accepts typed annotations that replace a snippet',
      yaml: ingress('dont-fire-typed', [
        'nginx.ingress.kubernetes.io/custom-headers: shop/checkout-security-headers',
        'nginx.ingress.kubernetes.io/x-forwarded-prefix: /checkout',
      ]),
    },
    {
      name: 'accepts F5 NGINX snippets on an Ingress whose IngressClass belongs to F5 NGINX',
      yaml:
        ingress('dont-fire-f5', ['nginx.org/location-snippets: |', '  add_header X-Frame-Options DENY;']) +
        ingressClass('nginx', 'nginx.org/ingress-controller'),
    },
    {
      name: 'accepts an ingress-nginx snippet on an Ingress served by another controller, where it does nothing',
      yaml:
        ingress('dont-fire-traefik', ['nginx.ingress.kubernetes.io/server-snippet: "return 403;"'], 'traefik') +
        ingressClass('traefik', 'traefik.io/ingress-controller'),
    },
    {
      name: 'accepts a default-prefix snippet when the controller serving the class reads another prefix (it is ignored)',
      yaml: `${ingress('dont-fire-default-prefix', ['nginx.ingress.kubernetes.io/configuration-snippet: "deny all;"'])}---
${nginxInstallYaml(['--annotations-prefix=custom.example.com'])}`,
    },
  ],
  invalid: [
    {
      name: 'reports a snippet under the --annotations-prefix of the controller serving a custom --controller-class',
      yaml: `${ingress('fire-custom-prefix', ['custom.example.com/configuration-snippet: "deny all;"'], 'internal')}---
${nginxInstallYaml(['--controller-class=example.com/internal', '--annotations-prefix=custom.example.com'], 'internal', 'example.com/internal')}`,
      findings: [
        {
          messageId: 'snippetInjected',
          message:
            /^custom\.example\.com\/configuration-snippet injects 1 line of raw nginx configuration into the location block/,
          line: 7,
          severity: 'error',
        },
      ],
    },
    {
      name: 'reports a configuration-snippet with what each directive becomes on Gateway API',
      yaml: ingress('fire-configuration-snippet', headersSnippet),
      findings: [
        {
          messageId: 'snippetInjected',
          message:
            'nginx.ingress.kubernetes.io/configuration-snippet injects 3 lines of raw nginx configuration into the ' +
            'location block: ingress-nginx refuses it unless allow-snippet-annotations is true (default false since ' +
            'v1.9) and annotations-risk-level is Critical (default High since v1.12); it was the vector of ' +
            'CVE-2021-25742 and CVE-2023-5043, and no tool can translate it to Gateway API. It uses more_set_headers ' +
            '(a ResponseHeaderModifier filter), proxy_set_header (a RequestHeaderModifier filter) and satisfy (no ' +
            'standard Gateway API field).',
          line: 8,
          severity: 'error',
          path: 'metadata.annotations["nginx.ingress.kubernetes.io/configuration-snippet"]',
        },
      ],
    },
    {
      name: 'reports each snippet of an Ingress on its own line',
      yaml: ingress('fire-server-and-auth-snippets', [
        'nginx.ingress.kubernetes.io/auth-url: "https://auth.example.com/verify"',
        'nginx.ingress.kubernetes.io/auth-snippet: "proxy_set_header X-Api-Key $http_x_api_key;"',
        'nginx.ingress.kubernetes.io/server-snippet: |',
        '  location /internal { deny all; }',
      ]),
      findings: [
        {
          messageId: 'snippetInjected',
          message: /^nginx\.ingress\.kubernetes\.io\/auth-snippet injects 1 line .* into the external-auth location/,
          line: 8,
        },
        {
          messageId: 'snippetInjected',
          message:
            /^nginx\.ingress\.kubernetes\.io\/server-snippet injects 1 line .* into the server block: .* It uses location \(no standard Gateway API field\) and deny \(no standard Gateway API field\)\.$/,
          line: 9,
        },
      ],
    },
    {
      name: 'reports a key with the -snippet suffix that ingress-nginx does not read, since admission still refuses it',
      yaml: ingress('fire-unknown-snippet', [
        'nginx.ingress.kubernetes.io/location-snippet: "rewrite ^/old$ /new permanent;"',
      ]),
      findings: [
        {
          messageId: 'unknownSnippetKey',
          message:
            'nginx.ingress.kubernetes.io/location-snippet is not a key ingress-nginx reads, but its -snippet suffix ' +
            'alone makes the admission webhook refuse the Ingress while allow-snippet-annotations is false (the ' +
            'default since v1.9), and no tool can translate it to Gateway API. It uses rewrite (a URLRewrite or ' +
            'RequestRedirect filter).',
          line: 7,
        },
      ],
    },
    {
      name: 'reports a snippet when an IngressClass with another name belongs to ingress-nginx, with no confidence note',
      yaml:
        ingress(
          'fire-edge-class',
          ['nginx.ingress.kubernetes.io/stream-snippet: "server { listen 9000; proxy_pass db:5432; }"'],
          'edge',
        ) + ingressClass('edge', 'k8s.io/ingress-nginx'),
      findings: [
        {
          messageId: 'snippetInjected',
          message: /into the stream \(TCP\/UDP\) context: .*proxy_pass \(no standard Gateway API field\)\.$/,
          line: 7,
        },
      ],
    },
    {
      name: 'says how sure it is when the IngressClass is not among the loaded objects',
      yaml: ingress(
        'fire-public-class',
        ['nginx.ingress.kubernetes.io/modsecurity-snippet: SecRuleEngine On'],
        'public',
      ),
      findings: [
        {
          messageId: 'snippetInjected',
          message:
            /into the ModSecurity rules: .*\(ingress-nginx inferred with medium confidence: class "public" \(IngressClass not among the loaded objects\) and nginx\.ingress\.kubernetes\.io\/\* annotations\.\)$/,
          line: 7,
        },
      ],
    },
  ],
});

describe('ingress-snippet-annotation with ingressNginx.annotationsPrefix in .kubeward.yaml', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kubeward-prefix-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, '.kubeward.yaml'), 'ingressNginx:\n  annotationsPrefix: custom.example.com\n');

  const lint = async (yaml: string) => {
    const config = await loadConfig({ cwd: dir, rules: [ingressSnippetAnnotation] });
    return lintInputs([{ file: 'test.yaml', text: yaml }], { rules: [ingressSnippetAnnotation], config }).findings;
  };

  it('reads snippets under the configured prefix when no controller is loaded', async () => {
    const findings = await lint(ingress('fire-configured', ['custom.example.com/server-snippet: "return 403;"']));
    expect(findings.map((f) => [f.ruleId, f.line])).toEqual([['ingress-snippet-annotation', 7]]);
    expect(findings[0]?.message).toMatch(/^custom\.example\.com\/server-snippet injects 1 line/);
  });

  it('no longer reads the default prefix, and a loaded controller still wins over the config', async () => {
    expect(
      await lint(ingress('dont-fire-default', ['nginx.ingress.kubernetes.io/server-snippet: "return 403;"'])),
    ).toEqual([]);
    const withController = `${ingress('fire-default', ['nginx.ingress.kubernetes.io/server-snippet: "return 403;"'])}---
${nginxInstallYaml([])}`;
    expect((await lint(withController)).map((f) => f.line)).toEqual([7]);
  });
});
