/**
 * Path rewriting and regex mode: `rewrite-target` and `use-regex`.
 *
 * nginx's `rewrite` replaces the whole URI with the target, so a target without capture references is URLRewrite
 * ReplaceFullPath. The one capture idiom with a standard form is the prefix strip, `path: /x(/|$)(.*)` with target
 * `/$2`: PathPrefix `/x` and ReplacePrefixMatch `/`. A path with fewer groups than the target references rewrites to
 * the target with those references empty, as nginx substitutes a missing capture with nothing: ReplaceFullPath. Any
 * other capture reference has no standard form (regex rewrites are not in Gateway API), and the rules that need it
 * are left out rather than emitted with a literal `$N`.
 * Regex mode itself is host-wide (paths.ts); `use-regex` is recorded here.
 */
import { captureGroupCount, maxCaptureRef } from '../../ingress/ingress-paths.js';
import type { AnnotationTranslator, PathRewrite, RewriteEffect } from '../draft.js';
import { annotationValue, boolOf } from './values.js';

/** `/x(/|$)(.*)`: the prefix `/x`, when the path is exactly the strip idiom (no other group before it). */
export function stripIdiomPrefix(path: string): string | undefined {
  const m = /^(\/[^()[\]{}|\\^$*+?]*?)\(\/\|\$\)\(\.\*\)$/.exec(path);
  if (m === null) return undefined;
  const prefix = (m[1] ?? '').replace(/\/+$/, '');
  return prefix === '' ? undefined : prefix;
}

const CAPTURE_REFS = /\$\{?[1-9]\}?/g;

/** The lowest capture group a target references. */
function minCaptureRef(target: string): number {
  let min = 10;
  for (const m of target.matchAll(/\$\{?([1-9])/g)) min = Math.min(min, Number(m[1]));
  return min;
}

/** What a rule of this path does to the request path, or undefined when no standard construct does it. */
export function pathRewrite(effect: RewriteEffect | undefined, path: string): PathRewrite | 'none' | undefined {
  if (effect === undefined) return 'none';
  if (effect.type === 'full') return { type: 'full', path: effect.path };
  const strip = stripTargetGroup(effect.target) === 2 ? stripIdiomPrefix(path) : undefined;
  if (strip !== undefined) return { type: 'strip-prefix', prefix: strip };
  if (captureGroupCount(path) < minCaptureRef(effect.target)) {
    const full = effect.target.trim().replace(CAPTURE_REFS, '');
    return { type: 'full', path: full === '' ? '/' : full };
  }
  return undefined;
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
    const effect: RewriteEffect = { type: 'captures', target: target.trim() };
    ctx.effects.rewrite = effect;
    const odd = ctx.paths.map((p) => p.path).filter((p) => pathRewrite(effect, p) === undefined);
    if (odd.length === 0) {
      ctx.record('rewrite-target', {
        class: 'standard',
        translated: true,
        construct:
          'per path: PathPrefix match with URLRewrite ReplacePrefixMatch / (the prefix strip idiom /x(/|$)(.*) with ' +
          '/$2), or URLRewrite ReplaceFullPath where the path has no group the target refers to (nginx leaves it empty)',
        reason: 'a stripped prefix is now matched case-sensitively (nginx matched the regex case-insensitively)',
      });
      return;
    }
    ctx.record('rewrite-target', {
      class: 'implementation-specific',
      translated: false,
      construct: 'a regex path rewrite (not in Gateway API; GEP-4360 is provisional)',
      reason:
        `"${target}" uses capture groups of ${odd.map((p) => `"${p}"`).join(', ')} in a way only the prefix-strip ` +
        'idiom (path /x(/|$)(.*), target /$2) expresses in standard Gateway API; the rules of those paths are left out',
      suggestion: 'Envoy Gateway HTTPRouteFilter urlRewrite path ReplaceRegexMatch',
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
