/**
 * The charts of the HTML migration report as inline SVG strings: columns (the annotation-count histogram),
 * horizontal bars of one or more segments (top keys, namespaces), and strips of cells (a controller's CVEs). Each
 * chart has a <title> and role="img"; colours are CSS classes (html-assets.ts), and every figure is also in the table
 * the page puts beside the chart. Sizes are fixed in viewBox units and the SVG scales to its box.
 */
import { xmlAttr as esc } from '../junit.js';

export interface Segment {
  readonly value: number;
  /** The CSS class that colours it (`c-clean`). */
  readonly cls: string;
  readonly label: string;
}

export interface BarRow {
  readonly label: string;
  /** The full label, when `label` is shortened. */
  readonly title?: string;
  readonly segments: readonly Segment[];
}

export interface Cell {
  /** Text inside the cell (a score), short. */
  readonly text: string;
  readonly cls: string;
  readonly title: string;
}

export interface StripRow {
  readonly label: string;
  readonly cells: readonly Cell[];
  /** Shown instead of cells when there are none. */
  readonly empty: string;
}

const WIDTH = 640;
const FONT_CHAR = 6.6;

/** At most `max` characters, with an ellipsis: SVG text does not wrap. */
export function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(1, max - 1))}…`;
}

function svgOpen(title: string, height: number): string {
  return (
    `<svg class="chart" viewBox="0 0 ${WIDTH} ${height}" role="img" xmlns="http://www.w3.org/2000/svg">` +
    `<title>${esc(title)}</title>`
  );
}

/** A round upper bound for an axis: 1, 2, 5, 10, 20, 50, … at or above `max`. */
export function niceMax(max: number): number {
  if (max <= 0) return 1;
  const base = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 5, 10]) if (step * base >= max) return step * base;
  return 10 * base;
}

/** Steps of an axis up to a niceMax bound, each a whole number of Ingresses: 1 and 2 by ones, else fifths. */
export function tickCount(max: number): number {
  return max <= 2 ? max : 5;
}

/** Vertical columns with their value above and their label below. */
export function columnChart(title: string, columns: readonly { label: string; value: number }[]): string {
  const height = 240;
  const top = 16;
  const bottom = 28;
  const left = 36;
  const plot = height - top - bottom;
  const max = niceMax(Math.max(0, ...columns.map((c) => c.value)));
  const slot = (WIDTH - left - 8) / Math.max(1, columns.length);
  const bar = Math.min(64, slot * 0.7);
  const parts = [svgOpen(title, height)];
  const ticks = tickCount(max);
  for (let i = 0; i <= ticks; i++) {
    const y = top + plot - (plot * i) / ticks;
    parts.push(
      `<line class="grid" x1="${left}" x2="${WIDTH - 4}" y1="${y}" y2="${y}"/>`,
      `<text class="muted" x="${left - 6}" y="${y + 4}" text-anchor="end">${(max * i) / ticks}</text>`,
    );
  }
  columns.forEach((c, i) => {
    const h = (plot * c.value) / max;
    const x = left + slot * i + (slot - bar) / 2;
    const y = top + plot - h;
    parts.push(
      `<rect class="c-bar" x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${bar.toFixed(1)}" height="${h.toFixed(1)}" rx="2"><title>${esc(`${c.label}: ${c.value}`)}</title></rect>`,
      `<text x="${(x + bar / 2).toFixed(1)}" y="${(y - 4).toFixed(1)}" text-anchor="middle">${c.value}</text>`,
      `<text class="muted" x="${(x + bar / 2).toFixed(1)}" y="${height - 10}" text-anchor="middle">${esc(c.label)}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('');
}

/** Horizontal bars of stacked segments, one row each, the total at the end. */
export function barChart(title: string, rows: readonly BarRow[], labelChars = 30): string {
  const rowHeight = 24;
  const top = 6;
  const labelWidth = Math.min(280, Math.ceil(labelChars * FONT_CHAR) + 12);
  const right = 44;
  const plot = WIDTH - labelWidth - right;
  const height = top * 2 + rowHeight * Math.max(1, rows.length);
  const totals = rows.map((r) => r.segments.reduce((s, x) => s + x.value, 0));
  const max = Math.max(1, ...totals);
  const parts = [svgOpen(title, height)];
  rows.forEach((row, i) => {
    const y = top + rowHeight * i;
    const label = shorten(row.label, labelChars);
    const full = row.title ?? row.label;
    parts.push(
      `<text x="${labelWidth - 8}" y="${y + 16}" text-anchor="end">${esc(label)}${label !== full ? `<title>${esc(full)}</title>` : ''}</text>`,
    );
    let x = labelWidth;
    for (const s of row.segments) {
      if (s.value <= 0) continue;
      const w = (plot * s.value) / max;
      parts.push(
        `<rect class="${esc(s.cls)}" x="${x.toFixed(1)}" y="${y + 4}" width="${w.toFixed(1)}" height="${rowHeight - 8}"><title>${esc(`${full}: ${s.label} ${s.value}`)}</title></rect>`,
      );
      if (row.segments.length > 1 && w >= 18) {
        parts.push(
          `<text class="in" x="${(x + w / 2).toFixed(1)}" y="${y + 16}" text-anchor="middle">${s.value}</text>`,
        );
      }
      x += w;
    }
    parts.push(`<text x="${(x + 6).toFixed(1)}" y="${y + 16}">${totals[i]}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}

/** One row per subject, its label above a line of cells (a controller and its CVEs), wrapping after `perLine`. */
export function stripChart(title: string, rows: readonly StripRow[], perLine = 16): string {
  const cell = 34;
  const gap = 4;
  const labelHeight = 20;
  const lines = rows.map((r) => Math.max(1, Math.ceil(r.cells.length / perLine)));
  const height = 4 + lines.reduce((s, n) => s + labelHeight + n * (cell + gap) + 8, 0);
  const parts = [svgOpen(title, height)];
  let y = 4;
  rows.forEach((row, i) => {
    parts.push(`<text x="0" y="${y + 14}">${esc(shorten(row.label, 90))}<title>${esc(row.label)}</title></text>`);
    y += labelHeight;
    if (row.cells.length === 0) parts.push(`<text class="muted" x="0" y="${y + 21}">${esc(row.empty)}</text>`);
    row.cells.forEach((c, j) => {
      const x = (j % perLine) * (cell + gap);
      const cy = y + Math.floor(j / perLine) * (cell + gap);
      parts.push(
        `<rect class="${esc(c.cls)}" x="${x}" y="${cy}" width="${cell}" height="${cell}" rx="4"><title>${esc(c.title)}</title></rect>`,
        `<text class="in" x="${x + cell / 2}" y="${cy + 21}" text-anchor="middle">${esc(c.text)}</text>`,
      );
    });
    y += (lines[i] ?? 1) * (cell + gap) + 8;
  });
  parts.push('</svg>');
  return parts.join('');
}
