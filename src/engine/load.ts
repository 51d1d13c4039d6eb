/**
 * Loading manifests: text -> Kubernetes objects that remember where they came from.
 *
 * - Documents are parsed by js-yaml's event parser a group (about 64 KiB of text) at a time; each document keeps its
 *   value and a compact node table, so that a finding's path is turned into a line only when it is reported, and
 *   js-yaml's events never exist for more than one group.
 * - A group that fails to parse is split at `---` lines and parsed per document, so one broken document
 *   does not hide the findings of the others.
 * - Finding positions cost O(path length): List items are located from their own node, not from the List.
 * - Helm output: a document preceded by `# Source: chart/templates/x.yaml` is attributed to that template.
 * - Hostile input is bounded: nesting depth (js-yaml maxDepth), alias count and alias expansion, NUL bytes.
 */
import { CORE_SCHEMA, constructFromEvents, type Event, mergeTag, parseEvents } from 'js-yaml';
import { reportedName } from '../k8s/names.js';
import type { JsonPath, K8sObject } from '../k8s/object.js';
import { formatPath } from './path.js';
import { locateInTemplate } from './template-lines.js';
import type { ObjectRef, ObjectSource, SourcedObject, SourceLocation } from './types.js';
import {
  EV_DOCUMENT,
  EV_POP,
  EV_SEQUENCE,
  itemNode,
  lineStarts,
  type NodeTable,
  nodeStart,
  nodeTable,
  nodeType,
  offsetToPosition,
  resolveInTable,
  skipNode,
  valueNode,
} from './yaml-events.js';

export type InputRuleId =
  | 'input-invalid-yaml'
  | 'input-not-an-object'
  | 'input-missing-kind'
  | 'input-alias-expansion'
  | 'input-binary'
  | 'input-too-large'
  | 'input-unreadable'
  | 'input-not-found'
  | 'input-no-objects'
  | 'input-render-failed';

/** A problem with the input itself (not a lint finding). Any of these makes the exit code 2. */
export interface InputProblem {
  ruleId: InputRuleId;
  message: string;
  file: string;
  line: number;
  column: number;
}

export interface LoadResult {
  objects: SourcedObject[];
  problems: InputProblem[];
  /** Non-empty documents seen. */
  documents: number;
}

export interface LoadOptions {
  /** Attribute documents to the Helm template named by a `# Source:` comment (default true). */
  helmSource?: boolean;
  /** Directory prepended to `# Source:` paths (they are relative to the chart's parent directory). */
  sourceRoot?: string;
  /** Maps a `# Source:` path to the template's file (a chart kubeward rendered itself); wins over `sourceRoot`. */
  templatePath?: (template: string) => string;
  /**
   * A rendered stream's own file (Chart.yaml, the kustomization): an object with no readable template (a Kustomize
   * build has none; a subchart's templates are packed in a .tgz) is attributed to its line 1, with its place in the
   * stream as `rendered`, so a report names a file that exists.
   */
  attributeTo?: string;
  /**
   * A file a directory walk found, not one named: documents that are plainly not Kubernetes objects (not a mapping,
   * a mapping with no apiVersion or kind key in any spelling, YAML with tags of other tools such as GitLab's
   * `!reference`) are ignored instead of reported. A document that tries to be an object and fails (`kind` without
   * `apiVersion`, `apiversion`) is still reported.
   */
  lenient?: boolean;
  /** Deepest nesting of collections accepted (default 1000). */
  maxDepth?: number;
  /** Most aliases (`*ref`) accepted in one document (default 10000). */
  maxAliases?: number;
  /** Most nodes a document may expand to through aliases (default 1,000,000). */
  maxExpandedNodes?: number;
  /**
   * Reads a Helm template named by `# Source:` (after `sourceRoot`), when it exists: findings then point at the
   * template line that produced the field, not only at the line within the rendered document.
   */
  readTemplate?: (file: string) => string | undefined;
}

const SCHEMA = CORE_SCHEMA.withTags(mergeTag);
const SOURCE_MARK = '# Source: ';
/**
 * What helm writes after `# Source: `: `<chart>/templates/<path>` (or `crds/`), a subchart's under
 * `<chart>/charts/<sub>/`. A hand-written comment in a collection file (`# Source: docs/guide.md (code block 3)`,
 * an upstream path) is not Helm's, and leaves the object on the file and line where it is.
 */
const HELM_TEMPLATE = /^[^/\s]+\/(?:charts\/[^/\s]+\/)*(?:templates|crds)\/\S+$/;
/**
 * Documents are parsed in segments of about this many characters, so js-yaml's events never exist for a whole file.
 * Small enough that a segment's events die in the young generation (64 KiB: peak RSS 9.3 times a 40 MB file; 1 MiB:
 * 10.4 times, as events surviving two scavenges were promoted), large enough that parsing costs no more.
 */
const GROUP_CHARS = 1 << 16;

/**
 * A piece of an input that starts at a line start and holds whole `---` documents: what the loader parses at once.
 * Inputs read as bytes are decoded a segment at a time, so that a few non-ASCII characters make only their own
 * segment a two-byte string, not the whole file.
 */
interface Segment {
  text: string;
  /** 0-based line of the input where `text` starts. */
  firstLine: number;
  starts?: Uint32Array;
}

/** One parsed document: its value and its node table (root is node 0). */
interface ParsedDocument {
  table: NodeTable;
  /** Offset of the table's source inside the segment's text. */
  base: number;
  value: unknown;
}

/** Locates paths inside one object: a node of a document's table, and the object's path from the document root. */
interface ObjectAnchor {
  table: NodeTable;
  base: number;
  /** The object's node; when it could not be found (merged keys), the document root with `relative` below it. */
  node: number;
  relative: JsonPath;
  /** The object's path from the document root (`items[3]` for an item of a List). */
  prefix: JsonPath;
}

type Locator = (offset: number) => { line: number; column: number };

/**
 * Loads every Kubernetes object of one input (a file's text or stdin). Never throws on bad input.
 * Documents are parsed a segment at a time and each keeps only its value and a compact node table, so memory is the
 * objects themselves plus a small multiple of the text, not every intermediate form of the whole file at once.
 */
export function loadText(file: string, text: string, options: LoadOptions = {}): LoadResult {
  const nul = text.indexOf('\0');
  if (nul >= 0) return refused(file, 'input-binary', BINARY_MESSAGE, lineOfOffset(text, nul));
  return loadSegments(file, textSegments(text), options);
}

/** Like `loadText`, for an input read as bytes: checks for NUL bytes and UTF-8, decoding one segment at a time. */
export function loadBytes(file: string, bytes: Uint8Array, options: LoadOptions = {}): LoadResult {
  return loadByteStream(file, [bytes], options);
}

/** A problem found while reading an input (too large, unreadable): the input is refused with it. */
export class InputReadError extends Error {
  readonly ruleId: InputRuleId;
  constructor(ruleId: InputRuleId, message: string) {
    super(message);
    this.ruleId = ruleId;
  }
}

/**
 * Loads an input that arrives in pieces (a file read a megabyte at a time): each segment is decoded and parsed as
 * soon as its bytes are in, so neither the input's bytes nor js-yaml's events for the whole input are ever held.
 * A piece with a NUL byte ends the reading at once (binary input, `/dev/zero`). The iterator may throw
 * `InputReadError` (too large): the whole input is then refused with that problem.
 */
export function loadByteStream(file: string, pieces: Iterable<Uint8Array>, options: LoadOptions = {}): LoadResult {
  const stream = segmentStream(pieces);
  try {
    return loadSegments(file, stream, options);
  } catch (err) {
    if (err instanceof SegmentError) return refused(file, 'input-binary', err.message, err.line);
    if (err instanceof InputReadError) return refused(file, err.ruleId, err.message, 1);
    throw err;
  }
}

class SegmentError extends Error {
  readonly line: number;
  constructor(message: string, line: number) {
    super(message);
    this.line = line;
  }
}

/**
 * Cuts a byte stream into segments: whole `---` chunks of about GROUP_CHARS bytes, each decoded on its own (a cut
 * is always at an ASCII `---` line, so no character is split). Throws SegmentError on NUL bytes or invalid UTF-8.
 */
function* segmentStream(pieces: Iterable<Uint8Array>): Generator<Segment> {
  // Bytes not yet emitted are pending[start, length); the buffer grows by doubling, so a long stretch without a
  // cut (one huge document, or only comments) costs amortised O(1) per byte, not a copy of everything per piece.
  let pending: Buffer = Buffer.alloc(0);
  let length = 0;
  let start = 0;
  let searched = 0;
  let firstLine = 0;
  let emitted = false;
  const emit = (end: number): Segment => {
    let text: string;
    try {
      text = UTF8.decode(pending.subarray(start, end));
    } catch {
      throw new SegmentError('the file is not valid UTF-8 text; Kubernetes manifests must be UTF-8.', firstLine + 1);
    }
    const segment = { text, firstLine };
    firstLine += countNewlines(pending, start, end);
    start = end;
    emitted = true;
    return segment;
  };
  // The first piece is read in place (loadBytes' whole buffer is not copied); it is copied once more arrive.
  let borrowed = false;
  const append = (piece: Uint8Array): void => {
    if (length === 0) {
      pending = Buffer.from(piece.buffer, piece.byteOffset, piece.length);
      length = piece.length;
      start = 0;
      searched = 0;
      borrowed = true;
      return;
    }
    if (borrowed) {
      const own = Buffer.allocUnsafe(Math.max(2 * (length - start), length - start + piece.length));
      pending.copy(own, 0, start, length);
      pending = own;
      length -= start;
      searched = Math.max(0, searched - start);
      start = 0;
      borrowed = false;
    }
    if (start > 0) {
      pending.copy(pending, 0, start, length);
      length -= start;
      searched = Math.max(0, searched - start);
      start = 0;
    }
    if (length + piece.length > pending.length) {
      const grown = Buffer.allocUnsafe(Math.max(2 * pending.length, length + piece.length));
      pending.copy(grown, 0, 0, length);
      pending = grown;
    }
    pending.set(piece, length);
    length += piece.length;
  };
  for (const piece of pieces) {
    const nul = piece.indexOf(0);
    if (nul >= 0) {
      const line = firstLine + countNewlines(pending, start, length) + countNewlines(piece, 0, nul) + 1;
      throw new SegmentError(BINARY_MESSAGE, line);
    }
    append(piece);
    const view = pending.subarray(0, length);
    for (;;) {
      const cut = segmentCut(view, start, Math.max(searched, start + GROUP_CHARS - 4));
      if (cut < 0) {
        searched = Math.max(start, length - 4);
        break;
      }
      yield emit(cut);
    }
  }
  if (length > start || !emitted) yield emit(length);
}

/**
 * Where to end a segment that starts at `start`: the first `---` line found from `from` (followed by a blank, or the
 * end of a line), unless a directive line (`%YAML`, `%TAG`) stands between it and the marker before it, since a
 * directive belongs to the document after it. -1 when there is none yet.
 */
function segmentCut(buf: Buffer, start: number, from: number): number {
  for (let i = buf.indexOf('\n---', from); i >= 0; i = buf.indexOf('\n---', i + 4)) {
    const next = buf[i + 4];
    if (next === undefined) return -1; // Not known yet whether the line is a marker.
    if (next !== 0x20 && next !== 0x09 && next !== 0x0a && next !== 0x0d) continue;
    // Both searches stay within the segment: on one large buffer (standard input, read whole) a search to either
    // end of the buffer made each cut cost the whole input (40 MB from stdin: 2.7 s to load instead of 1.3 s).
    const marker = buf.subarray(start, i).lastIndexOf('\n---');
    const after = marker < 0 ? start : start + marker;
    if (buf.subarray(after, i).indexOf('\n%') >= 0 || (after === start && buf[start] === 0x25)) continue;
    return withLeadingComments(
      i + 1,
      start,
      (at) => buf.lastIndexOf(0x0a, at),
      (at) => buf[at] === 0x23,
    );
  }
  return -1;
}

/**
 * Moves a cut before a `---` line back over the comment lines just above it, which go with the next document:
 * Helm writes `# Source:` there in some streams, and the document it names must keep it.
 */
function withLeadingComments(
  cut: number,
  start: number,
  lastNewlineAt: (at: number) => number,
  isHash: (at: number) => boolean,
): number {
  let at = cut;
  for (;;) {
    if (at - 2 < start) return at;
    const line = lastNewlineAt(at - 2) + 1;
    if (line <= start || !isHash(line)) return at;
    at = line;
  }
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

const BINARY_MESSAGE = 'the file contains NUL bytes: it is binary, not YAML or JSON; pass only manifest files.';

/** An input refused as a whole: one problem, no objects. */
function refused(file: string, ruleId: InputRuleId, message: string, line: number): LoadResult {
  return { objects: [], problems: [{ ruleId, message, file, line, column: 1 }], documents: 0 };
}

function loadSegments(file: string, segments: Iterable<Segment>, options: LoadOptions): LoadResult {
  const result: LoadResult = { objects: [], problems: [], documents: 0 };
  for (const segment of segments) {
    const position: Locator = (offset) => {
      segment.starts ??= lineStarts(segment.text);
      const p = offsetToPosition(segment.starts, Math.max(0, Math.min(offset, segment.text.length)));
      return { line: p.line + segment.firstLine, column: p.column };
    };
    const problem = (ruleId: InputRuleId, message: string, offset: number): void => {
      result.problems.push({ ruleId, message, file, ...position(offset) });
    };
    const { text } = segment;
    let previousRoot = 0;
    for (const doc of parseSegment(file, text, options, problem)) {
      const { table, base, value } = doc;
      if (value === null || value === undefined) continue;
      result.documents++;
      const rootOffset = base + Math.max(0, nodeStart(table, 0));
      const helm = options.helmSource === false ? undefined : helmSourceOf(text, previousRoot, rootOffset, position);
      previousRoot = rootOffset;
      if (options.lenient === true && notAManifest(value)) continue;
      if (typeof value !== 'object' || Array.isArray(value)) {
        problem(
          'input-not-an-object',
          `the document is ${describeType(value)}, not a Kubernetes object (a mapping with apiVersion and kind).`,
          rootOffset,
        );
        continue;
      }
      if (table.aliases > 0) {
        const verdict = aliasVerdict(value, options.maxExpandedNodes ?? 1_000_000);
        if (verdict !== undefined) {
          problem('input-alias-expansion', verdict, rootOffset);
          continue;
        }
      }
      const make = (anchor: ObjectAnchor): ObjectSource => makeSource(file, anchor, helm, position, options);
      const anchor: ObjectAnchor = { table, base, node: 0, relative: [], prefix: [] };
      addObject(value as Record<string, unknown>, anchor, make, result, file);
    }
  }
  return result;
}

/** A string input cut into segments (slices share the string's memory). */
function textSegments(text: string): Segment[] {
  if (text.length <= GROUP_CHARS) return [{ text, firstLine: 0 }];
  const segments: Segment[] = [];
  let firstLine = 0;
  let previous = 0;
  const chunks = splitChunks(text).map((c, i, all) => {
    const start =
      i === 0
        ? c.start
        : withLeadingComments(
            c.start,
            (all[i - 1] as { start: number }).start + 1,
            (at) => text.lastIndexOf('\n', at),
            (at) => text.charCodeAt(at) === 0x23,
          );
    return { start, end: c.end };
  });
  for (let i = 0; i < chunks.length - 1; i++)
    (chunks[i] as { end: number }).end = (chunks[i + 1] as { start: number }).start;
  for (const { start, end } of groupChunks(chunks, (c) => /^%/m.test(text.slice(c.start, c.end)))) {
    for (let i = text.indexOf('\n', previous); i >= 0 && i < start; i = text.indexOf('\n', i + 1)) firstLine++;
    previous = start;
    segments.push({ text: text.slice(start, end), firstLine });
  }
  return segments;
}

/**
 * Consecutive chunks joined into groups of about GROUP_CHARS. A directive (`%YAML`, `%TAG`) belongs to the document
 * after it, so a group never ends right after a chunk that has one.
 */
function groupChunks(
  chunks: readonly { start: number; end: number }[],
  hasDirective: (chunk: { start: number; end: number }) => boolean,
): { start: number; end: number }[] {
  const groups: { start: number; end: number }[] = [];
  let current: { start: number; end: number } | undefined;
  let last: { start: number; end: number } | undefined;
  for (const chunk of chunks) {
    if (current === undefined || (current.end - current.start >= GROUP_CHARS && !hasDirective(last ?? chunk))) {
      current = { start: chunk.start, end: chunk.end };
      groups.push(current);
    } else current.end = chunk.end;
    last = chunk;
  }
  return groups;
}

function countNewlines(bytes: Uint8Array, start: number, end: number): number {
  let n = 0;
  for (let i = bytes.indexOf(10, start); i >= 0 && i < end; i = bytes.indexOf(10, i + 1)) n++;
  return n;
}

function lineOfOffset(text: string, offset: number): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * Parses one segment. When it does not parse, each `---` chunk is parsed on its own, so that one broken document
 * does not hide the others; the error is reported where it is.
 */
function parseSegment(
  file: string,
  text: string,
  options: LoadOptions,
  problem: (ruleId: InputRuleId, message: string, offset: number) => void,
): ParsedDocument[] {
  const whole = parseRange(file, text, 0, text.length, options);
  if (!(whole instanceof Error)) return whole;
  const chunks = splitChunks(text);
  const docs: ParsedDocument[] = [];
  for (const { start, end } of chunks) {
    const parsed = chunks.length === 1 ? whole : parseRange(file, text, start, end, options);
    if (parsed instanceof Error) {
      const { reason, offset } = describeYamlError(parsed.cause);
      // Another tool's YAML (`!reference`, `!Sub`, `!!python/name`): no Kubernetes manifest uses local tags.
      if (options.lenient === true && /^unknown (?:sequence|mapping|scalar) tag /.test(reason)) continue;
      problem('input-invalid-yaml', `invalid YAML: ${reason}.`, start + offset);
    } else for (const d of parsed) docs.push(d);
  }
  return docs;
}

function parseRange(
  file: string,
  text: string,
  start: number,
  end: number,
  options: LoadOptions,
): ParsedDocument[] | Error {
  const source = start === 0 && end === text.length ? text : text.slice(start, end);
  try {
    const events = parseEvents(source, { filename: file, maxDepth: options.maxDepth ?? 1000 });
    const values = constructFromEvents(events, {
      source,
      filename: file,
      schema: SCHEMA,
      maxAliases: options.maxAliases ?? 10_000,
    });
    return documentRoots(events).map((root, i) => ({
      table: nodeTable(source, events, root),
      base: start,
      value: values[i],
    }));
  } catch (err) {
    return new Error('invalid YAML', { cause: err });
  }
}

/** Plainly not a Kubernetes object: not a mapping, or a mapping with no apiVersion or kind key in any spelling. */
function notAManifest(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return true;
  return !Object.keys(value).some((k) => /^(?:api_?version|kind)$/i.test(k));
}

function addObject(
  value: Record<string, unknown>,
  anchor: ObjectAnchor,
  make: (anchor: ObjectAnchor) => ObjectSource,
  result: LoadResult,
  file: string,
): void {
  const source = make(anchor);
  const { prefix } = anchor;
  const { apiVersion, kind } = value;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || apiVersion === '' || kind === '') {
    const missing = [
      typeof apiVersion === 'string' && apiVersion !== '' ? '' : 'apiVersion',
      typeof kind === 'string' && kind !== '' ? '' : 'kind',
    ]
      .filter(Boolean)
      .join(' and ');
    const where = prefix.length > 0 ? ` (${formatPath(prefix)})` : '';
    const loc = source.locate([]);
    result.problems.push({
      ruleId: 'input-missing-kind',
      message: `the object${where} has no ${missing}: every Kubernetes object needs a string apiVersion and kind.`,
      file,
      line: loc.rendered?.line ?? loc.line,
      column: loc.rendered?.column ?? loc.column,
    });
    return;
  }
  if (kind.endsWith('List') && Array.isArray(value.items)) {
    // Each item is located from its own node, found once here: a finding's position then costs the same in a
    // List (what `kubectl get -o json` writes) as in a document of its own.
    const itemsNode = anchor.relative.length === 0 ? valueNode(anchor.table, anchor.node, 'items') : -1;
    const seq = itemsNode >= 0 && nodeType(anchor.table, itemsNode) === EV_SEQUENCE ? itemsNode : -1;
    value.items.forEach((item, i) => {
      const itemPath = [...prefix, 'items', i];
      const node = seq < 0 ? -1 : itemNode(anchor.table, seq, i);
      const itemAnchor: ObjectAnchor =
        node >= 0
          ? { table: anchor.table, base: anchor.base, node, relative: [], prefix: itemPath }
          : { ...anchor, relative: [...anchor.relative, 'items', i], prefix: itemPath };
      if (item === null || typeof item !== 'object' || Array.isArray(item)) {
        const loc = make(itemAnchor).locate([]);
        result.problems.push({
          ruleId: 'input-not-an-object',
          message: `${formatPath(itemPath)} of the ${kind} is ${describeType(item)}, not a Kubernetes object.`,
          file,
          line: loc.rendered?.line ?? loc.line,
          column: loc.rendered?.column ?? loc.column,
        });
        return;
      }
      addObject(item as Record<string, unknown>, itemAnchor, make, result, file);
    });
    return;
  }
  const object = value as K8sObject;
  result.objects.push({ object, ref: refOf(object), source });
}

/** How findings name an object. */
export function refOf(object: K8sObject): ObjectRef {
  const meta = object.metadata;
  const ref: ObjectRef = { apiVersion: object.apiVersion, kind: object.kind, name: reportedName(meta) };
  if (typeof meta?.namespace === 'string' && meta.namespace !== '') ref.namespace = meta.namespace;
  return ref;
}

/** A source for objects that did not come from text (the API, the webhook, the cluster audit): line 0. */
export function positionlessSource(file: string): ObjectSource {
  return { file, inputFile: file, position: { line: 0, column: 0 }, locate: () => ({ file, line: 0, column: 0 }) };
}

interface HelmOrigin {
  template: string;
  /** 1-based line of the `# Source:` comment in the input. */
  commentLine: number;
}

function helmSourceOf(
  text: string,
  lowerBound: number,
  rootOffset: number,
  position: (offset: number) => { line: number; column: number },
): HelmOrigin | undefined {
  // Search only back to the previous document, so that streams without comments stay linear.
  const rel = text.slice(lowerBound, rootOffset).lastIndexOf(SOURCE_MARK);
  const at = rel < 0 ? -1 : lowerBound + rel;
  if (at < 0 || (at > 0 && text[at - 1] !== '\n')) return undefined;
  const eol = text.indexOf('\n', at);
  if (eol < 0 || eol >= rootOffset) return undefined;
  // Only blank lines, comments and document markers may stand between the comment and the object.
  for (const line of text.slice(eol + 1, rootOffset).split('\n')) {
    const t = line.trim();
    if (t !== '' && !t.startsWith('#') && t !== '---') return undefined;
  }
  const template = text.slice(at + SOURCE_MARK.length, eol).trim();
  if (!HELM_TEMPLATE.test(template)) return undefined;
  return { template, commentLine: position(at).line };
}

function makeSource(
  file: string,
  anchor: ObjectAnchor,
  helm: HelmOrigin | undefined,
  position: (offset: number) => { line: number; column: number },
  options: LoadOptions,
): ObjectSource {
  const templateFile = helm
    ? (options.templatePath?.(helm.template) ?? joinRoot(options.sourceRoot, helm.template))
    : undefined;
  const { table, base, node, relative, prefix } = anchor;
  const locate = (path: JsonPath): SourceLocation => {
    const r = resolveInTable(table, node, relative.length === 0 ? path : [...relative, ...path]);
    const pos = position(base + Math.max(0, r.offset));
    const attribute = options.attributeTo;
    if (helm === undefined || templateFile === undefined) {
      return attribute !== undefined
        ? { file: attribute, line: 1, column: 1, rendered: { file, ...pos } }
        : { file, ...pos };
    }
    const template = options.readTemplate?.(templateFile);
    if (template === undefined && attribute !== undefined) {
      return { file: attribute, line: 1, column: 1, rendered: { file, ...pos } };
    }
    // The template is searched with the path from the document root, as far as it was found in the document.
    const found = prefix.length - relative.length + r.depth;
    const full = prefix.length === 0 ? path : [...prefix, ...path];
    const inTemplate = template === undefined ? undefined : locateInTemplate(template, full.slice(0, found));
    return {
      file: templateFile,
      ...(inTemplate ?? { line: Math.max(1, pos.line - helm.commentLine), column: pos.column }),
      rendered: { file, ...pos },
    };
  };
  const here = locate([]);
  return {
    file: here.file,
    inputFile: file,
    position: { line: here.line, column: here.column },
    locate,
  };
}

function joinRoot(root: string | undefined, template: string): string {
  if (root === undefined || root === '' || root === '.') return template;
  return `${root.replace(/\/+$/, '')}/${template}`;
}

/** The index of each document's root node in an event stream. */
function documentRoots(events: readonly Event[]): number[] {
  const roots: number[] = [];
  let i = 0;
  while (i < events.length) {
    if ((events[i] as Event).type !== EV_DOCUMENT) {
      i++;
      continue;
    }
    roots.push(i + 1);
    i = skipNode(events, i + 1);
    if ((events[i] as Event | undefined)?.type === EV_POP) i++;
  }
  return roots;
}

/** Chunks of text between `---` document markers (each chunk keeps its marker line). */
function splitChunks(text: string): { start: number; end: number }[] {
  const marks: number[] = [0];
  const re = /^---(?=[ \t]|\r?$)/gm;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) if (m.index > 0) marks.push(m.index);
  return marks.map((start, i) => ({ start, end: marks[i + 1] ?? text.length }));
}

function describeYamlError(err: unknown): { reason: string; offset: number } {
  if (err instanceof RangeError) return { reason: 'the document is nested too deeply to read', offset: 0 };
  if (err !== null && typeof err === 'object') {
    const e = err as { reason?: unknown; message?: unknown; mark?: { position?: unknown } };
    const reason = typeof e.reason === 'string' ? e.reason : typeof e.message === 'string' ? e.message : String(err);
    const offset = typeof e.mark?.position === 'number' ? e.mark.position : 0;
    return { reason: reason.replace(/\.$/, ''), offset };
  }
  return { reason: String(err), offset: 0 };
}

function describeType(v: unknown): string {
  if (Array.isArray(v)) return 'a list';
  if (v === null) return 'null';
  if (typeof v === 'string') return `a string (${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)})`;
  return `a ${typeof v}`;
}

/**
 * Aliases make a DAG, and js-yaml even builds cycles (`&a [*a]`). Anything that walks the object must not
 * explode, so documents whose expansion is cyclic or larger than `limit` nodes are rejected.
 */
function aliasVerdict(root: object, limit: number): string | undefined {
  const memo = new Map<object, number>();
  const onStack = new Set<object>();
  interface Frame {
    node: object;
    kids: unknown[];
    i: number;
    size: number;
  }
  const frame = (node: object): Frame => ({ node, kids: Object.values(node), i: 0, size: 1 });
  const stack: Frame[] = [frame(root)];
  onStack.add(root);
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as Frame;
    if (top.i < top.kids.length) {
      const kid = top.kids[top.i++];
      if (kid === null || typeof kid !== 'object') top.size++;
      else if (onStack.has(kid))
        return 'a YAML alias refers to a node that contains it (a cycle); Kubernetes objects cannot be recursive.';
      else {
        const known = memo.get(kid);
        if (known !== undefined) top.size += known;
        else {
          onStack.add(kid);
          stack.push(frame(kid));
        }
      }
    } else {
      stack.pop();
      onStack.delete(top.node);
      memo.set(top.node, top.size);
      const parent = stack[stack.length - 1];
      if (parent) parent.size += top.size;
      if (top.size > limit) {
        return `YAML aliases expand this document to more than ${limit.toLocaleString('en-US')} nodes (an alias bomb?); it was not linted.`;
      }
    }
  }
  return undefined;
}
