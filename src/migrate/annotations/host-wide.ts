/**
 * Keys that ingress-nginx applies to a whole host (docs/migration/ingress-nginx-semantics.md §4, §12, §14), recorded
 * here and drafted from the class's host facts: `from-to-www-redirect` (the twin host redirects; routes.ts),
 * `server-alias` (more hostnames on every route of the host; routes.ts), `ssl-passthrough` (a TLSRoute on a
 * Passthrough listener; passthrough.ts).
 */
import type { AnnotationTranslator } from '../draft.js';
import { laterVersion, NEEDS } from '../gateway-api.js';
import { boolOf } from './values.js';

export const fromToWww: AnnotationTranslator = {
  names: ['from-to-www-redirect'],
  translate(ctx) {
    if (!ctx.annotations.has('from-to-www-redirect')) return;
    if (!boolOf(ctx, 'from-to-www-redirect', false)) {
      ctx.record('from-to-www-redirect', { class: 'not-needed', translated: true, reason: 'off: nothing to redirect' });
      return;
    }
    ctx.effects.wwwRedirect = true;
    ctx.record('from-to-www-redirect', {
      class: 'standard',
      translated: true,
      construct: `HTTPRoute for the www twin of each host with RequestRedirect hostname, ${ctx.effects.https.statusCode}`,
    });
  },
};

export const serverAlias: AnnotationTranslator = {
  names: ['server-alias'],
  translate(ctx) {
    if (!ctx.annotations.has('server-alias')) return;
    const hosts = new Set(ctx.paths.map((p) => p.host));
    const owners = [...hosts].map((h) => ctx.facts.get(h)?.aliases).filter((a) => a !== undefined);
    const mine = owners.filter((a) => a.source === ctx.source);
    if (!mine.some((a) => a.names.length > 0)) {
      const other = owners.find((a) => a.source !== ctx.source);
      ctx.record('server-alias', {
        class: 'not-needed',
        translated: true,
        reason:
          other !== undefined
            ? `ingress-nginx uses the server-alias of Ingress ${other.source} for these hosts, not this one`
            : `ingress-nginx drops these aliases: ${mine.flatMap((a) => a.dropped).join(', ') || 'none is usable'}`,
      });
      return;
    }
    ctx.record('server-alias', {
      class: 'standard',
      translated: true,
      construct:
        "more hostnames (and listeners) on every route of the host, from the host's first Ingress that sets it",
    });
  },
};

export const sslPassthrough: AnnotationTranslator = {
  names: ['ssl-passthrough'],
  translate(ctx) {
    if (!ctx.annotations.has('ssl-passthrough')) return;
    if (!boolOf(ctx, 'ssl-passthrough', false)) {
      ctx.record('ssl-passthrough', { class: 'not-needed', translated: true, reason: 'off' });
      return;
    }
    ctx.effects.needs = laterVersion(ctx.effects.needs, NEEDS.tlsRoute);
    ctx.record('ssl-passthrough', {
      class: 'standard',
      translated: true,
      construct: "TLSRoute on a Passthrough listener (port 443) to the host's / backend",
      reason:
        'ingress-nginx passes TLS through only when the controller runs with --enable-ssl-passthrough; without it, ' +
        'nginx ended TLS as for any host',
    });
  },
};
