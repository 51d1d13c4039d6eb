/**
 * The building blocks of the HTML migration report: escaped cells, tables that sort (a button per heading; a cell's
 * `data-v` is what it sorts by, its `data-f` the words a column filter matches), filter bars, badges and legends.
 * Everything that comes from the inputs goes through `esc`.
 */
import { xmlAttr as esc } from '../junit.js';

export { esc };

export function badge(value: string, title?: string): string {
  return `<span class="badge c-${esc(value)}"${title !== undefined ? ` title="${esc(title)}"` : ''}>${esc(value)}</span>`;
}

export function code(text: string): string {
  return `<code>${esc(text)}</code>`;
}

export function legend(items: readonly string[]): string {
  return `<ul class="legend">${items.map((i) => `<li class="c-${esc(i)}">${esc(i)}</li>`).join('')}</ul>`;
}

/** A heading; `num` sorts and aligns the column as numbers, `cls` classes its body cells. */
export interface Column {
  readonly head: string;
  readonly num?: boolean;
  readonly cls?: string;
}

/** A body cell: its HTML, the value it sorts by when that is not its text, the words a column filter matches. */
export interface TableCell {
  readonly html: string;
  readonly v?: string | number;
  readonly f?: readonly string[];
}

export type CellInput = string | number | TableCell;

function cellOf(c: CellInput): TableCell {
  if (typeof c === 'number') return { html: String(c), v: c };
  if (typeof c === 'string') return { html: esc(c) };
  return c;
}

export function table(
  columns: readonly Column[],
  rows: readonly (readonly CellInput[])[],
  opts: { id?: string; sortable?: boolean; narrow?: boolean } = {},
): string {
  const head = columns
    .map((c) => {
      const cls = c.num === true ? ' class="n"' : '';
      const type = c.num === true ? ' data-type="num"' : '';
      const inner = opts.sortable === true ? `<button type="button">${esc(c.head)}</button>` : esc(c.head);
      return `<th scope="col"${cls}${type}>${inner}</th>`;
    })
    .join('');
  const body = rows
    .map((r) => {
      const cells = r.map((raw, i) => {
        const c = cellOf(raw);
        const classes = [columns[i]?.num === true ? 'n' : '', columns[i]?.cls ?? ''].filter((x) => x !== '');
        const cls = classes.length > 0 ? ` class="${classes.join(' ')}"` : '';
        const v = c.v !== undefined && String(c.v) !== c.html ? ` data-v="${esc(String(c.v))}"` : '';
        const f = c.f !== undefined ? ` data-f="${esc(c.f.join(' '))}"` : '';
        return `<td${cls}${v}${f}>${c.html}</td>`;
      });
      return `<tr>${cells.join('')}</tr>`;
    })
    .join('\n');
  const id = opts.id !== undefined ? ` id="${esc(opts.id)}"` : '';
  const classes = [opts.sortable === true ? 'sortable' : '', opts.narrow === true ? 'narrow' : ''].filter((x) => x);
  const cls = classes.length > 0 ? ` class="${classes.join(' ')}"` : '';
  return `<table${id}${cls}><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** A filter bar: free text over each row (its text and tooltips), and a select per named column. */
export function filters(
  tableId: string,
  rows: number,
  selects: readonly { col: number; label: string; values: readonly string[] }[] = [],
): string {
  const options = selects
    .map(
      (s) =>
        `<label>${esc(s.label)} <select data-col="${s.col}"><option value="">all</option>${s.values
          .map((v) => `<option>${esc(v)}</option>`)
          .join('')}</select></label>`,
    )
    .join('');
  return (
    `<div class="filters" data-for="${esc(tableId)}"><input type="search" placeholder="Filter: words to match" ` +
    `aria-label="Filter the table: every word must appear in the row">${options}<span class="count">${rows} rows</span></div>`
  );
}

/** A chart with its caption and legend, and the table of its data beside it. */
export function figure(caption: string, chart: string, legendHtml: string, data: string): string {
  return (
    `<div class="pair"><figure><figcaption>${esc(caption)}</figcaption>${chart}${legendHtml}</figure>` +
    `<div class="data">${data}</div></div>`
  );
}

export function section(id: string, title: string, body: readonly string[]): string {
  return `<section id="${id}"><h2>${esc(title)}</h2>\n${body.join('\n')}\n</section>`;
}

/** A table that scrolls on screen (its heading stays) and prints whole. */
export function scroll(html: string): string {
  return `<div class="scroll">${html}</div>`;
}

export function wide(html: string): string {
  return `<div class="wide">${html}</div>`;
}
