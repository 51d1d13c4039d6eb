/**
 * Loading manifests: text -> Kubernetes objects that remember where they came from.
 *
 * - One js-yaml event parse per input; documents are constructed from it, and the events are kept so that a
 *   finding's path is turned into a line only when it is reported.
 * - A stream that fails to parse is split at `---` lines and parsed per document, so one broken document
 *   does not hide the findings of the others.
 * - Helm output: a document preceded by `# Source: chart/templates/x.yaml` is attributed to that template.
 * - Hostile input is bounded: nesting depth (js-yaml maxDepth), alias count and alias expansion, NUL bytes.
 */
import { CORE_SCHEMA, constructFromEvents, type Event, mergeTag, parseEvents } from 'js-yaml';
import { formatPath } from './path.js';
import { locateInTemplate } from './template-lines.js';
import type { JsonPath, K8sObject, ObjectRef, ObjectSource, SourcedObject, SourceLocation } from './types.js';
import {
  EV_ALIAS,
  EV_DOCUMENT,
  EV_POP,
  lineStarts,
  nodeOffset,
  offsetToPosition,
  resolvePath,
  skipNode,
} from './yaml-events.js';

export type InputRuleId =
  | 'input-invalid-yaml'
  | 'input-not-an-object'
  | 'input-missing-kind'
  | 'input-alias-expansion'
  | 'input-binary'
  | 'input-too-large'
  | 'input-unreadable';

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

interface DocSlice {
  /** The string the events' offsets refer to. */
  source: string;
  /** Offset of `source` inside the whole input text. */
  base: number;
  events: readonly Event[];
  root: number;
  aliases: number;
}

/** Loads every Kubernetes object of one input (a file's text or stdin). Never throws on bad input. */
export function loadText(file: string, text: string, options: LoadOptions = {}): LoadResult {
  const result: LoadResult = { objects: [], problems: [], documents: 0 };
  let starts: Uint32Array | undefined;
  const position = (offset: number): { line: number; column: number } => {
    starts ??= lineStarts(text);
    return offsetToPosition(starts, Math.max(0, Math.min(offset, text.length)));
  };
  const problem = (ruleId: InputRuleId, message: string, offset: number): void => {
    result.problems.push({ ruleId, message, file, ...position(offset) });
  };

  const nul = text.indexOf('\0');
  if (nul >= 0) {
    problem(
      'input-binary',
      'the file contains NUL bytes: it is binary, not YAML or JSON; pass only manifest files.',
      nul,
    );
    return result;
  }

  const maxDepth = options.maxDepth ?? 1000;
  const maxAliases = options.maxAliases ?? 10_000;
  let slices: { slice: DocSlice; value: unknown }[];
  try {
    const events = parseEvents(text, { filename: file, maxDepth });
    const values = constructFromEvents(events, { source: text, filename: file, schema: SCHEMA, maxAliases });
    const docs = splitDocuments(events);
    slices = docs.map((d, i) => ({ slice: { source: text, base: 0, events, ...d }, value: values[i] }));
  } catch {
    // Localise the error(s): parse each `---`-separated chunk on its own.
    slices = [];
    for (const chunk of splitChunks(text)) {
      const source = text.slice(chunk.start, chunk.end);
      try {
        const events = parseEvents(source, { filename: file, maxDepth });
        const values = constructFromEvents(events, { source, filename: file, schema: SCHEMA, maxAliases });
        splitDocuments(events).forEach((d, i) => {
          slices.push({ slice: { source, base: chunk.start, events, ...d }, value: values[i] });
        });
      } catch (err) {
        const { reason, offset } = describeYamlError(err);
        problem('input-invalid-yaml', `invalid YAML: ${reason}.`, chunk.start + offset);
      }
    }
  }

  let previousRoot = 0;
  for (const { slice, value } of slices) {
    if (value === null || value === undefined) continue;
    result.documents++;
    const rootOffset = slice.base + Math.max(0, nodeOffset(slice.events, slice.root));
    const helm = options.helmSource === false ? undefined : helmSourceOf(text, previousRoot, rootOffset, position);
    previousRoot = rootOffset;
    const make = (prefix: JsonPath): ObjectSource => makeSource(file, slice, prefix, helm, position, options);

    if (typeof value !== 'object' || Array.isArray(value)) {
      problem(
        'input-not-an-object',
        `the document is ${describeType(value)}, not a Kubernetes object (a mapping with apiVersion and kind).`,
        rootOffset,
      );
      continue;
    }
    if (slice.aliases > 0) {
      const verdict = aliasVerdict(value, options.maxExpandedNodes ?? 1_000_000);
      if (verdict !== undefined) {
        problem('input-alias-expansion', verdict, rootOffset);
        continue;
      }
    }
    addObject(value as Record<string, unknown>, [], make, result, file);
  }
  return result;
}

function addObject(
  value: Record<string, unknown>,
  prefix: JsonPath,
  make: (prefix: JsonPath) => ObjectSource,
  result: LoadResult,
  file: string,
): void {
  const source = make(prefix);
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
    value.items.forEach((item, i) => {
      const itemPath = [...prefix, 'items', i];
      if (item === null || typeof item !== 'object' || Array.isArray(item)) {
        const loc = make(itemPath).locate([]);
        result.problems.push({
          ruleId: 'input-not-an-object',
          message: `${formatPath(itemPath)} of the ${kind} is ${describeType(item)}, not a Kubernetes object.`,
          file,
          line: loc.rendered?.line ?? loc.line,
          column: loc.rendered?.column ?? loc.column,
        });
        return;
      }
      addObject(item as Record<string, unknown>, itemPath, make, result, file);
    });
    return;
  }
  const object = value as K8sObject;
  result.objects.push({ object, ref: refOf(object), source });
}

/** How findings name an object. */
export function refOf(object: K8sObject): ObjectRef {
  const meta = object.metadata;
  const name =
    typeof meta?.name === 'string' && meta.name !== ''
      ? meta.name
      : typeof meta?.generateName === 'string'
        ? `${meta.generateName}*`
        : '<unnamed>';
  const ref: ObjectRef = { apiVersion: object.apiVersion, kind: object.kind, name };
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
  if (template === '') return undefined;
  return { template, commentLine: position(at).line };
}

function makeSource(
  file: string,
  slice: DocSlice,
  prefix: JsonPath,
  helm: HelmOrigin | undefined,
  position: (offset: number) => { line: number; column: number },
  options: LoadOptions,
): ObjectSource {
  const templateFile = helm ? joinRoot(options.sourceRoot, helm.template) : undefined;
  const locate = (path: JsonPath): SourceLocation => {
    const full = [...prefix, ...path];
    const r = resolvePath(slice.source, slice.events, slice.root, full);
    const pos = position(slice.base + Math.max(0, r.offset));
    if (helm === undefined || templateFile === undefined) return { file, ...pos };
    const template = options.readTemplate?.(templateFile);
    const inTemplate = template === undefined ? undefined : locateInTemplate(template, full.slice(0, r.depth));
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

/** The documents of an event stream: the index of each document's root node and its alias count. */
function splitDocuments(events: readonly Event[]): { root: number; aliases: number }[] {
  const docs: { root: number; aliases: number }[] = [];
  let i = 0;
  while (i < events.length) {
    const e = events[i] as Event;
    if (e.type !== EV_DOCUMENT) {
      i++;
      continue;
    }
    const root = i + 1;
    const end = skipNode(events, root);
    let aliases = 0;
    for (let j = root; j < end; j++) if ((events[j] as Event).type === EV_ALIAS) aliases++;
    docs.push({ root, aliases });
    i = end;
    if ((events[i] as Event | undefined)?.type === EV_POP) i++;
  }
  return docs;
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
