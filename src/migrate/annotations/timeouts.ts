/**
 * `proxy-connect-timeout`, `proxy-send-timeout`, `proxy-read-timeout` (seconds; the controller's defaults 5, 60 and
 * 60). nginx bounds each step (connecting, and the gap between two writes or two reads), never the whole request;
 * Gateway API's `timeouts.request` bounds the whole request. The draft takes the longest a request that waits on a
 * silent backend could last under nginx, connect + send + read, so that nothing nginx let through is cut sooner; a
 * response that keeps streaming past it is cut, which nginx would not do (said in the route's comment).
 */

import type { AnnotationTranslator } from '../draft.js';
import { laterVersion, NEEDS } from '../gateway-api.js';
import { annotationValue, intOf } from './values.js';

const DEFAULTS: Readonly<Record<string, number>> = {
  'proxy-connect-timeout': 5,
  'proxy-send-timeout': 60,
  'proxy-read-timeout': 60,
};

/** Seconds as a Gateway API duration (`^([0-9]{1,5}(h|m|s|ms)){1,4}$`). */
export function gatewayDuration(seconds: number): string {
  if (seconds <= 99_999) return `${seconds}s`;
  const h = Math.floor(seconds / 3600);
  const rest = seconds % 3600;
  return `${h}h${rest > 0 ? `${rest}s` : ''}`;
}

export const proxyTimeouts: AnnotationTranslator = {
  names: Object.keys(DEFAULTS),
  translate(ctx) {
    const set = Object.keys(DEFAULTS).filter((n) => ctx.annotations.has(n));
    if (set.length === 0) return;
    if (ctx.effects.grpc) {
      for (const n of set) {
        ctx.record(n, {
          class: 'implementation-specific',
          translated: false,
          reason:
            'a GRPCRoute has no timeouts field; set it in the Gateway implementation (e.g. Envoy Gateway BackendTrafficPolicy timeout)',
        });
      }
      return;
    }
    let total = 0;
    const bad: string[] = [];
    for (const [name, fallback] of Object.entries(DEFAULTS)) {
      const raw = annotationValue(ctx, name);
      const n = intOf(raw);
      if (raw !== undefined && (n === undefined || n <= 0)) bad.push(name);
      total += n !== undefined && n > 0 ? n : fallback;
    }
    const request = gatewayDuration(total);
    ctx.effects.requestTimeout = request;
    ctx.effects.needs = laterVersion(ctx.effects.needs, NEEDS.timeouts);
    ctx.effects.notes.push(
      `timeouts.request ${request} = connect + send + read timeouts (${total}s): no request nginx let through times out ` +
        'sooner; nginx bounded each read, not the whole response, so a response streaming past it is cut here.',
      ...bad.map(
        (name) =>
          `${name} "${annotationValue(ctx, name)}" is not a whole number of seconds: ingress-nginx ignored it and used its default (${DEFAULTS[name]}s), and so does the sum.`,
      ),
    );
    for (const name of set) {
      ctx.record(name, {
        class: 'standard',
        translated: true,
        construct: `HTTPRoute rules[].timeouts.request ${request}`,
        ...(bad.includes(name)
          ? {
              reason: `"${annotationValue(ctx, name)}" is not a number of seconds; ingress-nginx keeps its default, and so does the sum`,
            }
          : {}),
      });
    }
  },
};
