/**
 * Redirects: HTTP to HTTPS (`ssl-redirect`, `force-ssl-redirect`), a fixed target (`permanent-redirect`,
 * `temporal-redirect` and their codes) and `app-root`. Gateway API's RequestRedirect takes the codes 301, 302, 303,
 * 307 and 308.
 */
import type { AnnotationTranslator, RedirectEffect, TranslationContext } from '../draft.js';
import { annotationValue, boolOf, intOf } from './values.js';

const GATEWAY_REDIRECT_CODES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

export const httpsRedirect: AnnotationTranslator = {
  names: ['ssl-redirect', 'force-ssl-redirect'],
  translate(ctx) {
    const ssl = boolOf(ctx, 'ssl-redirect', true);
    const force = boolOf(ctx, 'force-ssl-redirect', false);
    const preserveTrailingSlash = boolOf(ctx, 'preserve-trailing-slash', false);
    ctx.effects.https = { ...ctx.effects.https, sslRedirect: ssl, force, preserveTrailingSlash };
    const code = ctx.effects.https.statusCode;
    if (ssl && !ctx.hasTls) {
      ctx.record('ssl-redirect', {
        class: 'not-needed',
        translated: true,
        reason: 'none of its hosts has TLS, and ingress-nginx redirects only hosts that have',
      });
    } else if (ssl) {
      ctx.record('ssl-redirect', {
        class: 'standard',
        translated: true,
        construct: `HTTPRoute on the port-80 listener with RequestRedirect scheme https (${code}), for the hosts with TLS`,
      });
    } else {
      ctx.record('ssl-redirect', {
        class: 'standard',
        translated: true,
        construct: 'the same rules on the port-80 listener as on the port-443 one (no redirect)',
      });
    }
    if (force) {
      ctx.record('force-ssl-redirect', {
        class: 'standard',
        translated: true,
        construct:
          `HTTPRoute on the port-80 listener with RequestRedirect scheme https (${code}); on hosts without TLS ` +
          'here, requests with X-Forwarded-Proto: https (TLS ended at a load balancer in front) are proxied',
      });
    } else {
      ctx.record('force-ssl-redirect', { class: 'not-needed', translated: true, reason: 'false is the default' });
    }
  },
};

/** ingress-nginx sends the client to an absolute http(s) URL, verbatim; it ignores anything else. */
function parseTarget(value: string): Omit<RedirectEffect, 'statusCode'> | string | undefined {
  const v = value.trim();
  if (!/^https?:/i.test(v)) return undefined;
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    return `"${v}" is not a URL`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `the scheme ${url.protocol} is not http or https`;
  if (url.search !== '' || url.hash !== '') {
    return 'a target with a query string or fragment has no RequestRedirect form';
  }
  if (url.username !== '' || url.password !== '') return 'a target with credentials has no RequestRedirect form';
  return {
    scheme: url.protocol === 'https:' ? 'https' : 'http',
    hostname: url.hostname,
    ...(url.port !== '' ? { port: Number(url.port) } : {}),
    // nginx sends the client to exactly this URL: an empty path is "/", not the request's path.
    path: url.pathname === '' ? '/' : decodeURI(url.pathname),
  };
}

/**
 * The status code a `*-redirect-code` key gives: the controller keeps its default (302 temporal, 301 permanent) for
 * a code outside 300-307 (temporal) or 300-308 (permanent).
 */
function codeOf(ctx: TranslationContext, name: string, fallback: number, max: number): { code: number; note?: string } {
  const raw = annotationValue(ctx, name);
  if (raw === undefined) return { code: fallback };
  const code = intOf(raw);
  if (code === undefined || code < 300 || code > max) {
    return { code: fallback, note: `"${raw}" is not a redirect code ingress-nginx accepts; its default ${fallback}` };
  }
  return { code };
}

export const fixedRedirect: AnnotationTranslator = {
  names: ['temporal-redirect', 'temporal-redirect-code', 'permanent-redirect', 'permanent-redirect-code'],
  translate(ctx) {
    const temporal = annotationValue(ctx, 'temporal-redirect');
    const permanent = annotationValue(ctx, 'permanent-redirect');
    // The controller checks the temporal redirect first: with both set, the permanent one is not used.
    const [used, unused] =
      temporal !== undefined && temporal.trim() !== '' ? ['temporal', 'permanent'] : ['permanent', 'temporal'];
    const target = used === 'temporal' ? temporal : permanent;
    if (target === undefined || target.trim() === '') {
      for (const n of ['temporal-redirect', 'permanent-redirect']) {
        ctx.record(n, {
          class: 'not-needed',
          translated: true,
          reason: 'an empty target: ingress-nginx does not redirect',
        });
      }
      for (const n of ['temporal-redirect-code', 'permanent-redirect-code']) {
        ctx.record(n, { class: 'not-needed', translated: true, reason: 'no redirect target is set' });
      }
      return;
    }
    const { code, note } = codeOf(
      ctx,
      `${used}-redirect-code`,
      used === 'temporal' ? 302 : 301,
      used === 'temporal' ? 307 : 308,
    );
    const parsed = parseTarget(target);
    if (parsed === undefined) {
      // The controller drops a target that is not an absolute http(s) URL, silently: the location proxies.
      for (const n of [`${used}-redirect`, `${used}-redirect-code`, `${unused}-redirect`, `${unused}-redirect-code`]) {
        ctx.record(n, {
          class: 'not-needed',
          translated: true,
          reason: `ingress-nginx ignores the target "${target.trim()}" (not an absolute http or https URL) and proxies, as the drafts do`,
        });
      }
      return;
    }
    if (typeof parsed === 'string') {
      ctx.record(`${used}-redirect`, {
        class: 'standard',
        translated: false,
        construct: 'HTTPRoute filter RequestRedirect',
        reason: `${parsed}; the rules proxy to their backends instead of redirecting`,
      });
    } else if (!GATEWAY_REDIRECT_CODES.has(code)) {
      ctx.effects.redirect = { ...parsed, statusCode: 302 };
      ctx.record(`${used}-redirect`, {
        class: 'standard',
        translated: false,
        construct: 'HTTPRoute filter RequestRedirect (302)',
        reason: `the code ${code} is not one RequestRedirect takes (301, 302, 303, 307, 308): 302 is used`,
      });
    } else {
      ctx.effects.redirect = { ...parsed, statusCode: code };
      ctx.record(`${used}-redirect`, {
        class: 'standard',
        translated: true,
        construct: `HTTPRoute filter RequestRedirect (${code}) on every rule, in place of the backends`,
      });
    }
    ctx.record(`${used}-redirect-code`, {
      class: 'standard',
      translated: note === undefined,
      construct: `RequestRedirect statusCode ${code}`,
      ...(note !== undefined ? { reason: note } : {}),
    });
    for (const n of [`${unused}-redirect`, `${unused}-redirect-code`]) {
      ctx.record(n, {
        class: 'not-needed',
        translated: true,
        reason: `ingress-nginx uses ${used}-redirect when both are set, and ignores this`,
      });
    }
  },
};

/** The path of an `app-root` value that ingress-nginx uses (a path on the same host), else undefined. */
export function appRootPath(raw: string | undefined): string | undefined {
  const value = raw?.trim();
  return value === undefined || !value.startsWith('/') || /[?#\s]/.test(value) ? undefined : value;
}

export const appRoot: AnnotationTranslator = {
  names: ['app-root'],
  translate(ctx) {
    const value = annotationValue(ctx, 'app-root')?.trim();
    if (value === undefined) return;
    if (appRootPath(value) === undefined) {
      ctx.record('app-root', {
        class: 'not-needed',
        translated: true,
        reason: `"${value}" is not a path on the same host, which ingress-nginx ignores (with a warning)`,
      });
      return;
    }
    ctx.effects.appRoot = { path: value, statusCode: 302 };
    ctx.record('app-root', {
      class: 'standard',
      translated: true,
      construct: `HTTPRoute rule Exact / with RequestRedirect path ${value} (302), on each of its hosts`,
    });
  },
};
