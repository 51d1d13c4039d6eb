/**
 * `proxy-ssl-*` (docs/migration/ingress-nginx-semantics.md §11): how ingress-nginx speaks TLS to an HTTPS or GRPCS
 * backend. Everything hangs on `proxy-ssl-secret` (`namespace/name`, its `ca.crt` the trusted CA): without it the
 * other keys are ignored and nginx uses TLS with no verification and no SNI. A BackendTLSPolicy always verifies the
 * backend against a CA and a hostname, so the drafts are stricter than ingress-nginx was; what they assume is in the
 * record. Protocols, ciphers and the verify depth are settings of the Gateway implementation.
 */
import type { AnnotationTranslator, TranslationContext } from '../draft.js';
import { annotationValue } from './values.js';

const PROXY_SSL = [
  'proxy-ssl-secret',
  'proxy-ssl-verify',
  'proxy-ssl-name',
  'proxy-ssl-server-name',
  'proxy-ssl-verify-depth',
  'proxy-ssl-protocols',
  'proxy-ssl-ciphers',
] as const;

/** BackendTLSPolicy's validation.hostname: an RFC 1123 name, no wildcard. */
const HOSTNAME = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const SECRET_REF = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?)\/([a-z0-9]([-a-z0-9.]*[a-z0-9])?)$/;

function onOff(ctx: TranslationContext, name: string): boolean {
  return annotationValue(ctx, name)?.trim() === 'on';
}

function recordIgnored(ctx: TranslationContext, reason: string): void {
  for (const name of PROXY_SSL) ctx.record(name, { class: 'not-needed', translated: true, reason });
}

export const proxySsl: AnnotationTranslator = {
  names: PROXY_SSL,
  translate(ctx) {
    const tls = ctx.effects.backendTls;
    if (tls === undefined) {
      recordIgnored(ctx, 'the backend protocol is not HTTPS or GRPCS, so nginx speaks no TLS to the backend');
      return;
    }
    const raw = annotationValue(ctx, 'proxy-ssl-secret')?.trim();
    const m = raw === undefined ? null : SECRET_REF.exec(raw);
    if (raw === undefined || raw === '' || m === null) {
      if (raw !== undefined) {
        ctx.record('proxy-ssl-secret', {
          class: 'not-needed',
          translated: true,
          reason: `"${raw}" is not namespace/name: ingress-nginx denies the location (503)`,
        });
        ctx.problem({
          message: `proxy-ssl-secret "${raw}" is not namespace/name, so ingress-nginx answers 503 on these paths; the drafts route them`,
        });
      }
      recordIgnored(ctx, 'ignored by ingress-nginx without a proxy-ssl-secret');
      return;
    }
    const secret = { namespace: m[1] ?? '', name: m[3] ?? '' };
    if (secret.namespace !== ctx.namespace) {
      ctx.record('proxy-ssl-secret', {
        class: 'standard',
        translated: false,
        construct: 'BackendTLSPolicy validation.caCertificateRefs',
        reason:
          `${raw} is in another namespace, which ingress-nginx refuses by default (allow-cross-namespace-resources): ` +
          'it answers 503 on these paths',
      });
      recordIgnored(ctx, 'ignored: the proxy-ssl-secret is refused');
      return;
    }
    tls.secret = secret;
    ctx.record('proxy-ssl-secret', {
      class: 'standard',
      translated: true,
      construct: `BackendTLSPolicy validation.caCertificateRefs: ConfigMap ${secret.name}-ca (the Secret's ca.crt)`,
    });
    const name = annotationValue(ctx, 'proxy-ssl-name')?.trim().toLowerCase();
    if (name !== undefined && name !== '') {
      if (HOSTNAME.test(name)) {
        tls.hostname = name;
        ctx.record('proxy-ssl-name', {
          class: 'standard',
          translated: true,
          construct: `BackendTLSPolicy validation.hostname: ${name}`,
        });
      } else {
        ctx.record('proxy-ssl-name', {
          class: 'standard',
          translated: false,
          construct: 'BackendTLSPolicy validation.hostname',
          reason: `"${name}" is not a hostname BackendTLSPolicy accepts; the Service's cluster name is used instead`,
        });
      }
    }
    ctx.record('proxy-ssl-verify', {
      class: 'standard',
      translated: true,
      construct: 'BackendTLSPolicy (it always verifies)',
      ...(onOff(ctx, 'proxy-ssl-verify')
        ? {}
        : { reason: 'off in ingress-nginx: the BackendTLSPolicy verifies the certificate anyway (stricter)' }),
    });
    ctx.record('proxy-ssl-server-name', {
      class: 'standard',
      translated: true,
      construct: 'BackendTLSPolicy validation.hostname, sent as SNI',
      ...(onOff(ctx, 'proxy-ssl-server-name')
        ? {}
        : { reason: 'off in ingress-nginx: a BackendTLSPolicy always sends the hostname as SNI' }),
    });
    for (const key of ['proxy-ssl-verify-depth', 'proxy-ssl-protocols', 'proxy-ssl-ciphers'] as const) {
      ctx.record(key, {
        class: 'implementation-specific',
        translated: false,
        construct: 'BackendTLSPolicy options (implementation-specific keys)',
        reason:
          'TLS versions, ciphers and the chain depth towards the backend are settings of the Gateway implementation',
        suggestion: 'Envoy Gateway BackendTLSPolicy options or a BackendTrafficPolicy',
      });
    }
  },
};
