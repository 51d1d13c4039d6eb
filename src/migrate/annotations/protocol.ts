/**
 * `backend-protocol` (upper-cased by ingress-nginx, so `grpc` is GRPC): GRPC becomes a GRPCRoute; HTTP and AUTO_HTTP
 * are the default. HTTPS and GRPCS mean TLS to the backend, which Gateway API expresses as a BackendTLSPolicy that
 * verifies the backend (CA and hostname; proxy-ssl.ts); without one the Gateway would speak plain HTTP to a TLS port.
 */
import type { AnnotationTranslator } from '../draft.js';
import { laterVersion, NEEDS } from '../gateway-api.js';
import { annotationValue } from './values.js';

export const backendProtocol: AnnotationTranslator = {
  names: ['backend-protocol'],
  translate(ctx) {
    const raw = annotationValue(ctx, 'backend-protocol');
    if (raw === undefined) return;
    const value = raw.trim().toUpperCase();
    switch (value) {
      case 'HTTP':
      case 'AUTO_HTTP':
      case '':
        ctx.record('backend-protocol', {
          class: 'not-needed',
          translated: true,
          reason: `${value || 'empty'}: plain HTTP to the backend, which is what a route does`,
        });
        return;
      case 'GRPC':
        ctx.effects.grpc = true;
        ctx.effects.needs = laterVersion(ctx.effects.needs, NEEDS.grpcRoute);
        ctx.record('backend-protocol', {
          class: 'standard',
          translated: true,
          construct: 'GRPCRoute (in place of an HTTPRoute)',
        });
        return;
      case 'HTTPS':
      case 'GRPCS':
        if (value === 'GRPCS') {
          ctx.effects.grpc = true;
          ctx.effects.needs = laterVersion(ctx.effects.needs, NEEDS.grpcRoute);
        }
        ctx.effects.backendTls = { protocol: value };
        ctx.effects.needs = laterVersion(ctx.effects.needs, NEEDS.backendTlsPolicy);
        ctx.record('backend-protocol', {
          class: 'standard',
          translated: true,
          construct: `${value === 'GRPCS' ? 'GRPCRoute and ' : ''}BackendTLSPolicy on each backend Service port`,
        });
        return;
      case 'FCGI':
        ctx.record('backend-protocol', {
          class: 'no-equivalent',
          translated: false,
          reason: 'FastCGI backends have no Gateway API form; put an HTTP server in front of the FastCGI process',
        });
        return;
      default:
        ctx.record('backend-protocol', {
          class: 'not-needed',
          translated: true,
          reason: `"${raw}" is not a protocol ingress-nginx knows; it uses HTTP, as the route does`,
        });
    }
  },
};
