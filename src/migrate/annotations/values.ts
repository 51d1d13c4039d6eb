/** Reading annotation values as ingress-nginx's parsers do, for the translators. */
import { parseGoBool } from '../../ingress/nginx-values.js';
import type { TranslationContext } from '../draft.js';

/** The value of a key the Ingress sets, else undefined. */
export function annotationValue(ctx: TranslationContext, name: string): string | undefined {
  return ctx.annotations.get(name)?.value;
}

/** A boolean key: its value, `fallback` when absent or not a boolean (the parser then keeps the default). */
export function boolOf(ctx: TranslationContext, name: string, fallback: boolean): boolean {
  const v = annotationValue(ctx, name);
  return v === undefined ? fallback : (parseGoBool(v) ?? fallback);
}

/** A whole number (strconv.Atoi after trimming), else undefined. */
export function intOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  return /^[+-]?\d{1,9}$/.test(v) ? Number(v) : undefined;
}

/** A comma-separated list, entries trimmed, empty entries dropped. */
export function listOf(value: string): string[] {
  return value
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
}
