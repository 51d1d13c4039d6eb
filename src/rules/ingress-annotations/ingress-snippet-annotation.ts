import type { RuleFinding } from '../../engine/rule.js';
import { nginxAnnotationByName } from '../../ingress/nginx-catalogue.js';
import { maskOpaque } from '../../ingress/nginx-snippet.js';
import { rawAnnotations } from '../../k8s/object.js';
import { listText } from '../../k8s/text.js';
import { defineRule } from '../define-rule.js';
import { confidenceNote } from '../shared/annotation-text.js';
import { nginxServing } from '../shared/nginx-serving.js';

/** Where each snippet ends up in the generated nginx configuration. */
const INJECTED_INTO: Readonly<Record<string, string>> = {
  'configuration-snippet': 'the location block',
  'server-snippet': 'the server block',
  'auth-snippet': 'the external-auth location',
  'stream-snippet': 'the stream (TCP/UDP) context',
  'modsecurity-snippet': 'the ModSecurity rules',
};

/** What common snippet directives become on Gateway API. */
const DIRECTIVE_FATE: Readonly<Record<string, string>> = {
  more_set_headers: 'a ResponseHeaderModifier filter',
  add_header: 'a ResponseHeaderModifier filter',
  more_clear_headers: 'a ResponseHeaderModifier filter',
  proxy_hide_header: 'a ResponseHeaderModifier filter',
  proxy_set_header: 'a RequestHeaderModifier filter',
  more_set_input_headers: 'a RequestHeaderModifier filter',
  more_clear_input_headers: 'a RequestHeaderModifier filter',
  rewrite: 'a URLRewrite or RequestRedirect filter',
  return: 'a RequestRedirect filter, or a direct response of the implementation',
};

const COMMENT = /#[^\n]*/g;
const STATEMENT_END = /[;{}]/;
const DIRECTIVE = /^([A-Za-z_][A-Za-z0-9_]*)/;

/** The distinct directive names a snippet uses, in order. */
function snippetDirectives(snippet: string): string[] {
  const seen = new Set<string>();
  for (const part of maskOpaque(snippet).replace(COMMENT, '').split(STATEMENT_END)) {
    const m = DIRECTIVE.exec(part.trim());
    if (m?.[1] !== undefined) seen.add(m[1]);
  }
  return [...seen];
}

function directivesText(snippet: string): string {
  const directives = snippetDirectives(snippet);
  if (directives.length === 0) return '';
  const parts = directives.map((d) => {
    const fate = DIRECTIVE_FATE[d] ?? (d.includes('_by_lua') ? 'nothing (Lua)' : 'no standard Gateway API field');
    return `${d} (${fate})`;
  });
  return ` It uses ${listText(parts, 5)}.`;
}

export const ingressSnippetAnnotation = defineRule({
  meta: {
    id: 'ingress-snippet-annotation',
    family: 'ingress-annotations',
    severity: 'error',
    title: 'Ingresses do not inject raw nginx configuration through snippet annotations',
    rationale:
      'A *-snippet annotation pastes arbitrary text into the nginx configuration the controller renders for every ' +
      'host it serves. It is how CVE-2021-25742 read the controller token and every Secret, so ingress-nginx v1.9 ' +
      'turned allow-snippet-annotations off by default and v1.12 also blocks Critical-risk annotations: after an ' +
      'upgrade, or on a fresh install, the Ingress is refused and its routes disappear. No migration tool can ' +
      'translate free-form nginx into Gateway API, so each snippet is a manual rewrite.',
    remediation:
      'Replace each directive with a typed annotation or the controller ConfigMap (headers: custom-headers or ' +
      'add-headers; redirects: permanent-redirect), or drop it; on Gateway API, header changes become ' +
      'RequestHeaderModifier or ResponseHeaderModifier filters, rewrites and returns become URLRewrite or ' +
      'RequestRedirect filters, and anything else needs a policy of the chosen implementation.',
    kinds: ['Ingress'],
    messages: {
      snippetInjected:
        '{{key}} injects {{lines}} of raw nginx configuration into {{where}}: ingress-nginx refuses it unless ' +
        'allow-snippet-annotations is true (default false since v1.9) and annotations-risk-level is Critical ' +
        '(default High since v1.12){{cves}}, and no tool can translate it to Gateway API.{{directives}}{{confidence}}',
      unknownSnippetKey:
        '{{key}} is not a key ingress-nginx reads, but its -snippet suffix alone makes the admission webhook refuse ' +
        'the Ingress while allow-snippet-annotations is false (the default since v1.9), and no tool can translate it ' +
        'to Gateway API.{{directives}}{{confidence}}',
    },
    examples: {
      invalid: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: checkout
  namespace: shop
  annotations:
    nginx.ingress.kubernetes.io/configuration-snippet: |
      more_set_headers "X-Frame-Options: DENY";
      more_set_headers "Strict-Transport-Security: max-age=31536000";
spec:
  ingressClassName: nginx
  rules:
    - host: checkout.shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service: {name: checkout, port: {number: 8080}}
`,
      valid: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: checkout
  namespace: shop
  annotations:
    nginx.ingress.kubernetes.io/custom-headers: shop/checkout-security-headers
spec:
  ingressClassName: nginx
  rules:
    - host: checkout.shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service: {name: checkout, port: {number: 8080}}
`,
    },
  },
  check(object, ctx) {
    const serving = nginxServing(object, ctx);
    if (serving === undefined) return [];
    const prefix = serving.annotationsPrefix;
    const findings: RuleFinding<'snippetInjected' | 'unknownSnippetKey'>[] = [];
    for (const [key, value] of Object.entries(rawAnnotations(object))) {
      if (!key.startsWith(prefix) || !key.endsWith('-snippet')) continue;
      const name = key.slice(prefix.length);
      const entry = nginxAnnotationByName(name);
      const text = typeof value === 'string' ? value : String(value);
      const lines = text.split('\n').filter((l) => l.trim() !== '' && !l.trim().startsWith('#')).length;
      const data = { key, directives: directivesText(text), confidence: confidenceNote(serving) };
      const path = ['metadata', 'annotations', key];
      findings.push(
        entry === undefined
          ? { messageId: 'unknownSnippetKey', data, path }
          : {
              messageId: 'snippetInjected',
              data: {
                ...data,
                lines: `${lines} line${lines === 1 ? '' : 's'}`,
                where: INJECTED_INTO[name] ?? 'the generated configuration',
                cves: entry.cves.length > 0 ? `; it was the vector of ${listText(entry.cves)}` : '',
              },
              path,
            },
      );
    }
    return findings;
  },
});
