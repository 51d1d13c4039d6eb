/**
 * `enable-cors` and the `cors-*` keys: Gateway API's CORS filter (standard since v1.5), with ingress-nginx's defaults
 * for the keys not set. Without `enable-cors: "true"` the controller reads none of the `cors-*` keys.
 */
import type { AnnotationTranslator, TranslationContext } from '../draft.js';
import { laterVersion, NEEDS } from '../gateway-api.js';
import { annotationValue, boolOf, intOf, listOf } from './values.js';

/** Each cors-* key and the CORS filter field it sets. */
const FIELDS: Readonly<Record<string, string>> = {
  'cors-allow-origin': 'allowOrigins',
  'cors-allow-methods': 'allowMethods',
  'cors-allow-headers': 'allowHeaders',
  'cors-expose-headers': 'exposeHeaders',
  'cors-allow-credentials': 'allowCredentials',
  'cors-max-age': 'maxAge',
};
const CORS_KEYS = Object.keys(FIELDS);

/** ingress-nginx's defaults (internal/ingress/annotations/cors). */
const DEFAULT_METHODS = 'GET, PUT, POST, DELETE, PATCH, OPTIONS';
const DEFAULT_HEADERS =
  'DNT,Keep-Alive,User-Agent,X-Requested-With,If-Modified-Since,Cache-Control,Content-Type,Range,Authorization';
const DEFAULT_MAX_AGE = 1728000;

const METHODS: ReadonlySet<string> = new Set([
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'DELETE',
  'CONNECT',
  'OPTIONS',
  'TRACE',
  'PATCH',
]);
const ORIGIN = /^(\*|https?:\/\/((\*\.)?([a-zA-Z0-9-]+\.)*[a-zA-Z0-9-]+|\*)(:[0-9]{1,5})?)$/;
const TOKEN = /^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/;

interface Built {
  readonly filter: Record<string, unknown>;
  /** Key -> why its value could not be carried over. */
  readonly problems: Map<string, string>;
}

function buildCors(ctx: TranslationContext): Built {
  const problems = new Map<string, string>();
  const notes = ctx.effects.notes;
  const list = (name: string, fallback: string, valid: (v: string) => boolean, what: string): string[] => {
    const items = listOf(annotationValue(ctx, name) ?? fallback);
    const bad = items.filter((i) => !valid(i));
    if (bad.length > 0)
      problems.set(
        name,
        `${bad.map((b) => `"${b}"`).join(', ')} ${bad.length === 1 ? 'is' : 'are'} not ${what} the CORS filter takes; left out`,
      );
    return [...new Set(items.filter(valid))];
  };
  let origins = list('cors-allow-origin', '*', (o) => ORIGIN.test(o), 'an origin');
  if (origins.includes('*') && origins.length > 1) origins = ['*'];
  const methods = list('cors-allow-methods', DEFAULT_METHODS, (m) => METHODS.has(m.toUpperCase()), 'a method').map(
    (m) => m.toUpperCase(),
  );
  const headers = list('cors-allow-headers', DEFAULT_HEADERS, (h) => TOKEN.test(h), 'a header name');
  const expose = list('cors-expose-headers', '', (h) => TOKEN.test(h), 'a header name');
  let credentials = boolOf(ctx, 'cors-allow-credentials', true);
  if (credentials && origins.includes('*')) {
    // nginx answers "*" with credentials, which browsers refuse; a Gateway would echo the origin instead and
    // accept credentialed requests from every site. Without credentials the draft keeps what browsers allowed.
    credentials = false;
    notes.push('allowCredentials false: with origin "*", browsers never sent credentials to ingress-nginx');
  }
  if (origins.some((o) => o.includes('*.'))) {
    notes.push('an origin wildcard *. covers one DNS label in ingress-nginx, any number in the CORS filter');
  }
  const rawAge = annotationValue(ctx, 'cors-max-age');
  const age = intOf(rawAge);
  if (rawAge !== undefined && age === undefined)
    problems.set(
      'cors-max-age',
      `"${rawAge}" is not a number of seconds; the default ${DEFAULT_MAX_AGE} is used, as ingress-nginx does`,
    );
  const filter: Record<string, unknown> = {
    ...(origins.length > 0 ? { allowOrigins: origins } : {}),
    ...(methods.length > 0 ? { allowMethods: [...new Set(methods)] } : {}),
    ...(headers.length > 0 ? { allowHeaders: headers } : {}),
    ...(expose.length > 0 ? { exposeHeaders: expose } : {}),
    allowCredentials: credentials,
    maxAge: age ?? DEFAULT_MAX_AGE,
  };
  return { filter, problems };
}

export const cors: AnnotationTranslator = {
  names: ['enable-cors', ...CORS_KEYS],
  translate(ctx) {
    const present = CORS_KEYS.filter((k) => ctx.annotations.has(k));
    if (!boolOf(ctx, 'enable-cors', false)) {
      ctx.record('enable-cors', { class: 'not-needed', translated: true, reason: 'CORS is off (the default)' });
      for (const k of present) {
        ctx.record(k, {
          class: 'not-needed',
          translated: true,
          reason: 'without enable-cors: "true" ingress-nginx ignores it',
        });
      }
      return;
    }
    if (ctx.effects.grpc) {
      for (const k of ['enable-cors', ...present]) {
        ctx.record(k, {
          class: 'implementation-specific',
          translated: false,
          reason: 'a GRPCRoute has no CORS filter (gRPC-Web CORS is a policy of the Gateway implementation)',
        });
      }
      return;
    }
    const { filter, problems } = buildCors(ctx);
    ctx.effects.cors = filter;
    ctx.effects.needs = laterVersion(ctx.effects.needs, NEEDS.cors);
    ctx.record('enable-cors', {
      class: 'standard',
      translated: true,
      construct: "HTTPRoute filter CORS (Gateway API v1.5), with ingress-nginx's defaults for the cors-* keys not set",
    });
    for (const k of present) {
      const problem = problems.get(k);
      ctx.record(k, {
        class: 'standard',
        translated: problem === undefined || k === 'cors-max-age',
        construct: `CORS filter ${FIELDS[k]}`,
        ...(problem !== undefined ? { reason: problem } : {}),
      });
    }
  },
};
