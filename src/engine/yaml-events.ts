/**
 * Walking js-yaml's flat event stream: subtree skipping, path resolution and node offsets.
 * The loader keeps each document as a compact node table (not the events) so that a finding's JSON path becomes a
 * source offset only when it is reported (the Spectral model: rules return paths, the engine works out positions).
 */
import { type Event, getScalarValue, type ScalarEvent } from 'js-yaml';
import type { JsonPath } from '../k8s/object.js';

export const EV_DOCUMENT = 1;
export const EV_SEQUENCE = 2;
export const EV_MAPPING = 3;
export const EV_SCALAR = 4;
export const EV_ALIAS = 5;
export const EV_POP = 6;

/** Index just past the node starting at `i` (a scalar, an alias, or a whole collection). */
export function skipNode(events: readonly Event[], i: number): number {
  const e = events[i];
  if (e === undefined) return i + 1;
  if (e.type !== EV_MAPPING && e.type !== EV_SEQUENCE) return i + 1;
  let depth = 0;
  for (let j = i; j < events.length; j++) {
    const t = (events[j] as Event).type;
    if (t === EV_MAPPING || t === EV_SEQUENCE) depth++;
    else if (t === EV_POP) {
      depth--;
      if (depth === 0) return j + 1;
    }
  }
  return events.length;
}

/** Source offset where the node at `i` starts (its anchor or tag when it has one), or -1. */
export function nodeOffset(events: readonly Event[], i: number): number {
  const e = events[i];
  if (e === undefined) return -1;
  let off = -1;
  const consider = (n: number): void => {
    if (n >= 0 && (off < 0 || n < off)) off = n;
  };
  switch (e.type) {
    case EV_MAPPING:
    case EV_SEQUENCE:
      consider(e.start);
      consider(e.anchorStart >= 0 ? e.anchorStart - 1 : -1);
      consider(e.tagStart);
      break;
    case EV_SCALAR:
      // Quoted scalars start one character before their value.
      consider(e.valueStart >= 0 && (e.style === 2 || e.style === 3) ? e.valueStart - 1 : e.valueStart);
      consider(e.anchorStart >= 0 ? e.anchorStart - 1 : -1);
      consider(e.tagStart);
      break;
    case EV_ALIAS:
      consider(e.anchorStart >= 0 ? e.anchorStart - 1 : -1);
      break;
    default:
      break;
  }
  return off;
}

export interface ResolvedPath {
  /** Offset of the deepest node found (for a mapping entry: its key). */
  offset: number;
  /** How many segments of the path were found. */
  depth: number;
}

/** Offsets of line starts, for turning offsets into 1-based line and column. */
export function lineStarts(text: string): Uint32Array {
  let count = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count++;
  const starts = new Uint32Array(count);
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts[n++] = i + 1;
  return starts;
}

export function offsetToPosition(starts: Uint32Array, offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if ((starts[mid] as number) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - (starts[lo] as number) + 1 };
}

/**
 * One document's nodes in compact form: the loader keeps this, not js-yaml's event objects (about a tenth of their
 * memory), and resolves finding paths against it. Document and pop events are left out; each node records where its
 * subtree ends, so stepping over a sibling costs O(1), and long collections get a lookup index on first use.
 */
export interface NodeTable {
  readonly source: string;
  /**
   * Per node, STRIDE words: its type and key flags, its start offset, the index past its subtree. A mapping key's
   * value range is implied by its start (KEY_AT_START or one later for a quoted key) and KEY_LENGTH.
   */
  readonly words: Int32Array;
  /** Keys whose text is not a raw source range next to their start (escapes, block or multi-line keys, tags). */
  readonly slowKeys: ReadonlyMap<number, ScalarEvent>;
  /** Alias nodes in the document. */
  readonly aliases: number;
  /** Lazily built lookups of long collections: key -> key node (mappings), item position -> node (sequences). */
  readonly lookups: Map<number, Map<string, number> | Int32Array>;
}

const STRIDE = 3;
const TYPE_MASK = 7;
/** A key whose text is the source range from its start offset (plain), */
const KEY_AT_START = 8;
/** or from one past it (quoted), */
const KEY_AFTER_START = 16;
/** of this length (the word's upper bits). */
const KEY_LENGTH_SHIFT = 5;
const MAX_KEY_LENGTH = 2 ** (31 - KEY_LENGTH_SHIFT) - 1;
/** Collections shorter than this are searched linearly. */
const INDEX_FROM = 16;

/**
 * The compact table of the node at `events[root]` and its subtree: 12 bytes a node. Only mapping keys keep their
 * text's range (values are never compared), so a scalar value costs its type, offset and end, nothing more.
 */
export function nodeTable(source: string, events: readonly Event[], root: number): NodeTable {
  const last = skipNode(events, root);
  let count = 0;
  for (let i = root; i < last; i++) if ((events[i] as Event).type !== EV_POP) count++;
  const words = new Int32Array(count * STRIDE);
  const slowKeys = new Map<number, ScalarEvent>();
  // Open collections: node index, and for mappings how many children so far (even: the next child is a key).
  const open: number[] = [];
  const children: number[] = [];
  let aliases = 0;
  let n = 0;
  for (let i = root; i < last; i++) {
    const e = events[i] as Event;
    if (e.type === EV_POP) {
      const node = open.pop() as number;
      children.pop();
      words[node * STRIDE + 2] = n;
      continue;
    }
    const depth = open.length - 1;
    const isKey =
      depth >= 0 && nodeTypeOf(words, open[depth] as number) === EV_MAPPING && (children[depth] as number) % 2 === 0;
    if (depth >= 0) children[depth] = (children[depth] as number) + 1;
    const w = n * STRIDE;
    const offset = nodeOffset(events, i);
    words[w + 1] = offset;
    words[w + 2] = n + 1;
    let type: number = e.type;
    if (e.type === EV_SCALAR && isKey) {
      const length = e.valueStart < 0 ? 0 : e.valueEnd - e.valueStart;
      const simple = (e.fast || e.valueStart < 0) && e.tagStart < 0 && e.anchorStart < 0 && length <= MAX_KEY_LENGTH;
      if (simple && (e.valueStart < 0 || e.valueStart === offset)) type |= KEY_AT_START | (length << KEY_LENGTH_SHIFT);
      else if (simple && e.valueStart === offset + 1) type |= KEY_AFTER_START | (length << KEY_LENGTH_SHIFT);
      else slowKeys.set(n, e);
    } else if (e.type === EV_ALIAS) aliases++;
    else if (e.type === EV_MAPPING || e.type === EV_SEQUENCE) {
      open.push(n);
      children.push(0);
    }
    words[w] = type;
    n++;
  }
  // An unterminated collection (cannot happen after a successful parse) ends with the table.
  for (const node of open) words[node * STRIDE + 2] = n;
  return { source, words, slowKeys, aliases, lookups: new Map() };
}

function nodeTypeOf(words: Int32Array, i: number): number {
  return (words[i * STRIDE] as number) & TYPE_MASK;
}

/** The node type (EV_*) of node `i`. */
export function nodeType(t: NodeTable, i: number): number {
  return nodeTypeOf(t.words, i);
}

/** Source offset where node `i` starts, or -1. */
export function nodeStart(t: NodeTable, i: number): number {
  return t.words[i * STRIDE + 1] as number;
}

function nodeEnd(t: NodeTable, i: number): number {
  return t.words[i * STRIDE + 2] as number;
}

/** The source range of a simple key, or undefined for a slow one. */
function keyRange(t: NodeTable, i: number): { start: number; end: number } | undefined {
  const word = t.words[i * STRIDE] as number;
  if ((word & (KEY_AT_START | KEY_AFTER_START)) === 0) return undefined;
  const start = nodeStart(t, i) + ((word & KEY_AFTER_START) !== 0 ? 1 : 0);
  return { start, end: start + (word >>> KEY_LENGTH_SHIFT) };
}

/** The decoded text of key node `i`. */
function keyText(t: NodeTable, i: number): string {
  const slow = t.slowKeys.get(i);
  if (slow !== undefined) return getScalarValue(t.source, slow);
  const range = keyRange(t, i);
  return range === undefined ? '' : t.source.slice(range.start, range.end);
}

function keyEquals(t: NodeTable, i: number, key: string): boolean {
  if (nodeType(t, i) !== EV_SCALAR) return false;
  const range = keyRange(t, i);
  if (range !== undefined) return range.end - range.start === key.length && t.source.startsWith(key, range.start);
  return t.slowKeys.has(i) && keyText(t, i) === key;
}

/** How many children collection node `i` has (for a mapping: keys and values), counting at most to `limit`. */
function childCount(t: NodeTable, i: number, limit = Number.POSITIVE_INFINITY): number {
  let n = 0;
  const end = nodeEnd(t, i);
  for (let j = i + 1; j < end && n < limit; j = nodeEnd(t, j)) n++;
  return n;
}

/** The key node of `key` in mapping `map`, or -1 (the first one when a key repeats). */
function findKey(t: NodeTable, map: number, key: string): number {
  const cached = t.lookups.get(map);
  if (cached instanceof Map) return cached.get(key) ?? -1;
  const end = nodeEnd(t, map);
  if (childCount(t, map, 2 * INDEX_FROM) < 2 * INDEX_FROM) {
    for (let j = map + 1; j < end; j = nodeEnd(t, nodeEnd(t, j))) if (keyEquals(t, j, key)) return j;
    return -1;
  }
  const index = new Map<string, number>();
  for (let j = map + 1; j < end; j = nodeEnd(t, nodeEnd(t, j))) {
    if (nodeType(t, j) !== EV_SCALAR) continue;
    const k = keyText(t, j);
    if (!index.has(k)) index.set(k, j);
  }
  t.lookups.set(map, index);
  return index.get(key) ?? -1;
}

/** The node of item `n` of sequence `seq`, or -1. */
export function itemNode(t: NodeTable, seq: number, n: number): number {
  if (n < 0) return -1;
  const cached = t.lookups.get(seq);
  if (cached instanceof Int32Array) return n < cached.length ? (cached[n] as number) : -1;
  const end = nodeEnd(t, seq);
  if (n < INDEX_FROM) {
    let k = 0;
    for (let j = seq + 1; j < end; j = nodeEnd(t, j)) if (k++ === n) return j;
    return -1;
  }
  const items = new Int32Array(childCount(t, seq));
  let k = 0;
  for (let j = seq + 1; j < end; j = nodeEnd(t, j)) items[k++] = j;
  t.lookups.set(seq, items);
  return n < items.length ? (items[n] as number) : -1;
}

/** The value node of `key` in mapping node `map`, or -1 (also when `map` is not a mapping). */
export function valueNode(t: NodeTable, map: number, key: string): number {
  if (nodeType(t, map) !== EV_MAPPING) return -1;
  const k = findKey(t, map, key);
  return k < 0 ? -1 : nodeEnd(t, k);
}

/**
 * Resolves `path` from node `root` of a table, stopping at the deepest segment that exists; a mapping entry resolves
 * to its key's offset. Each step costs O(1) once a long collection has been indexed, so a finding's position costs
 * O(path length), whatever the document's size.
 */
export function resolveInTable(t: NodeTable, root: number, path: JsonPath): ResolvedPath {
  let node = root;
  let offset = nodeStart(t, root);
  let depth = 0;
  for (const seg of path) {
    const type = nodeType(t, node);
    let found = -1;
    let keyOffset = -1;
    if (type === EV_MAPPING && typeof seg === 'string') {
      const key = findKey(t, node, seg);
      if (key >= 0) {
        found = nodeEnd(t, key);
        keyOffset = nodeStart(t, key);
      }
    } else if (type === EV_SEQUENCE && typeof seg === 'number') {
      found = itemNode(t, node, seg);
      if (found >= 0) keyOffset = nodeStart(t, found);
    }
    if (found < 0) break;
    node = found;
    if (keyOffset >= 0) offset = keyOffset;
    depth++;
  }
  return { offset, depth };
}
