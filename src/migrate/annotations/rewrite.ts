/**
 * Path rewriting and regex mode: `rewrite-target` and `use-regex`.
 *
 * nginx's `rewrite` replaces the whole URI with the target, so a target without capture references is URLRewrite
 * ReplaceFullPath. The one capture idiom with a standard form is the prefix strip, `path: /x(/|$)(.*)` with target
 * `/$2`: PathPrefix `/x` and ReplacePrefixMatch `/`. Any other capture reference has none (regex rewrites are not in
 * Gateway API), and the rules that need it are left out rather than emitted with a literal `$N`.
 * Regex mode itself is host-wide (paths.ts); `use-regex` is recorded here.
 */
import { maxCaptureRef } from '../../ingress/ingress-paths.js';
import type { AnnotationTranslator } from '../draft.js';
import { annotationValue, boolOf } from './values.js';

/** `/x(/|$)(.*)`: the prefix `/x`, when the path is exactly the strip idiom (no other group before it). */
export function stripIdiomPrefix(path: string): string | undefined {
  const m = /^(\/[^()[\]{}|\\^$*+?]*?)\(\/\|\$\)\(\.\*\)$/.exec(path);
  if (m === null) return undefined;
  const prefix = (m[1] ?? '').replace(/\/+$/, '');
  return prefix === '' ? undefined : prefix;
}

/** `/$2` or `/${2}`: the capture group a strip target puts after `/`, else undefined. */
function stripTargetGroup(target: string): number | undefined {
  const m = /^\/\$\{?([1-9])\}?$/.exec(target.trim());
  return m ? Number(m[1]) : undefined;
}

export const rewriteTarget: AnnotationTranslator = {
  names: ['rewrite-target'],
  translate(ctx) {
    const target = annotationValue(ctx, 'rewrite-target');
    if (target === undefined) return;
    if (target.trim() === '') {
      ctx.record('rewrite-target', {
        class: 'not-needed',
        translated: true,
        reason: 'empty: ingress-nginx does not rewrite',
      });
      return;
    }
    if (ctx.effects.grpc) {
      ctx.record('rewrite-target', {
        class: 'standard',
        translated: false,
        construct: 'URLRewrite (HTTPRoute only)',
        reason: 'a GRPCRoute has no URLRewrite filter; the gRPC rules keep the request path',
      });
      return;
    }
    if (maxCaptureRef(target) === 0) {
      ctx.effects.rewrite = { type: 'full', path: target.trim() };
      ctx.record('rewrite-target', {
        class: 'standard',
        translated: true,
        construct: `HTTPRoute filter URLRewrite path ReplaceFullPath ${target.trim()} (nginx replaces the whole URI)`,
      });
      return;
    }
    const group = stripTargetGroup(target);
    const paths = ctx.paths.map((p) => p.path);
    const strippable = group === 2 && paths.length > 0 && paths.every((p) => stripIdiomPrefix(p) !== undefined);
    if (strippable) {
      ctx.effects.rewrite = { type: 'strip-prefix', captureRef: 2 };
      ctx.record('rewrite-target', {
        class: 'standard',
        translated: true,
        construct:
          'PathPrefix match with HTTPRoute filter URLRewrite path ReplacePrefixMatch / (the prefix strip idiom)',
        reason: 'the prefix is now matched case-sensitively (nginx matched the regex case-insensitively)',
      });
      return;
    }
    ctx.effects.rewrite = { type: 'unsupported', target };
    const odd = paths.filter((p) => group !== 2 || stripIdiomPrefix(p) === undefined);
    ctx.record('rewrite-target', {
      class: 'no-equivalent',
      translated: false,
      construct: 'none: Gateway API has no regex rewrite',
      reason:
        `"${target}" uses capture groups${odd.length > 0 ? ` of ${odd.map((p) => `"${p}"`).join(', ')}` : ''} ` +
        'in a way only the prefix-strip idiom (path /x(/|$)(.*), target /$2) expresses; the rules of those paths are left out',
    });
  },
};

export const useRegex: AnnotationTranslator = {
  names: ['use-regex'],
  translate(ctx) {
    if (!ctx.annotations.has('use-regex')) return;
    if (boolOf(ctx, 'use-regex', false)) {
      ctx.record('use-regex', {
        class: 'standard',
        translated: true,
        construct:
          'HTTPRoute path match RegularExpression for every path of its hosts, across the Ingresses of the class ' +
          '(as ingress-nginx applies it)',
        reason: 'the regex dialect of RegularExpression is up to the Gateway implementation',
      });
    } else {
      ctx.record('use-regex', { class: 'not-needed', translated: true, reason: 'false is the default' });
    }
  },
};
