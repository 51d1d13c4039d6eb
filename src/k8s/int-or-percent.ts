/** IntOrString fields that hold a count or a percentage of a total (PDB budgets, rolling-update surge). */

export type IntOrPercent =
  | { readonly kind: 'int'; readonly value: number }
  | { readonly kind: 'percent'; readonly value: number };

/** An IntOrString field: a non-negative integer, or a percentage string such as `50%`; undefined otherwise. */
export function parseIntOrPercent(value: unknown): IntOrPercent | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? { kind: 'int', value } : undefined;
  if (typeof value !== 'string') return undefined;
  const m = /^([0-9]+)%$/.exec(value.trim());
  return m ? { kind: 'percent', value: Number(m[1]) } : undefined;
}

/** The value scaled to `total` (`GetScaledValueFromIntOrPercent`): percentages rounded up or down. */
export function scaledValue(v: IntOrPercent, total: number, roundUp: boolean): number {
  if (v.kind === 'int') return v.value;
  const exact = (v.value * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}
