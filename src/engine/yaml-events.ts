/**
 * Walking js-yaml's flat event stream: subtree skipping, path resolution and node offsets.
 * The loader keeps each document's events so that a finding's JSON path becomes a source offset
 * only when it is reported (the Spectral model: rules return paths, the engine works out positions).
 */
import { type Event, getScalarValue } from 'js-yaml';
import type { JsonPath } from './types.js';

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

/**
 * Resolves `path` from the node at `root`, stopping at the deepest segment that exists.
 * A mapping entry resolves to its key's offset, so a finding on `metadata.annotations.x` points at the `x:` line.
 */
export function resolvePath(source: string, events: readonly Event[], root: number, path: JsonPath): ResolvedPath {
  let node = root;
  let offset = nodeOffset(events, root);
  let depth = 0;
  for (const seg of path) {
    const e = events[node];
    if (e === undefined) break;
    let found = -1;
    let keyOffset = -1;
    if (e.type === EV_MAPPING && typeof seg === 'string') {
      let j = node + 1;
      while (j < events.length && (events[j] as Event).type !== EV_POP) {
        const k = events[j] as Event;
        const valueIndex = skipNode(events, j);
        if (k.type === EV_SCALAR && k.valueStart >= 0 && getScalarValue(source, k) === seg) {
          found = valueIndex;
          keyOffset = nodeOffset(events, j);
          break;
        }
        j = skipNode(events, valueIndex);
      }
    } else if (e.type === EV_SEQUENCE && typeof seg === 'number') {
      let j = node + 1;
      let n = 0;
      while (j < events.length && (events[j] as Event).type !== EV_POP) {
        if (n === seg) {
          found = j;
          keyOffset = nodeOffset(events, j);
          break;
        }
        j = skipNode(events, j);
        n++;
      }
    }
    if (found < 0) break;
    node = found;
    if (keyOffset >= 0) offset = keyOffset;
    depth++;
  }
  return { offset, depth };
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
