/**
 * Request headers ingress-nginx sets towards the backend: `upstream-vhost` (Host), `connection-proxy-header`
 * (Connection) and `x-forwarded-prefix` (X-Forwarded-Prefix). One RequestHeaderModifier carries them all: the same
 * filter type twice in a rule is invalid.
 */
import type { AnnotationTranslator } from '../draft.js';
import { annotationValue } from './values.js';

const HEADERS: Readonly<Record<string, string>> = {
  'upstream-vhost': 'Host',
  'connection-proxy-header': 'Connection',
  'x-forwarded-prefix': 'X-Forwarded-Prefix',
};

export const requestHeaders: AnnotationTranslator = {
  names: Object.keys(HEADERS),
  translate(ctx) {
    for (const [name, header] of Object.entries(HEADERS)) {
      const value = annotationValue(ctx, name)?.trim();
      if (value === undefined) continue;
      if (name === 'x-forwarded-prefix' && ctx.effects.rewrite === undefined) {
        ctx.record(name, {
          class: 'not-needed',
          translated: true,
          reason: 'ingress-nginx sends it only with a rewrite-target',
        });
        continue;
      }
      if (value === '') {
        ctx.record(name, { class: 'not-needed', translated: true, reason: 'empty: ingress-nginx sets nothing' });
        continue;
      }
      ctx.effects.headers.push({ name: header, value });
      ctx.record(name, {
        class: 'standard',
        translated: true,
        construct: `${ctx.effects.grpc ? 'GRPCRoute' : 'HTTPRoute'} filter RequestHeaderModifier set ${header}: ${value}`,
      });
    }
  },
};
