/** Load + run in one call: what the CLI's `lint` and the programmatic API use. */

import type { ResolvedConfig } from './config-types.js';
import { type InputProblem, type LoadOptions, loadByteStream, loadBytes, loadText } from './load.js';
import { createIndex, type ObjectIndex } from './object-index.js';
import type { AnyRule } from './rule.js';
import { buildResult, effectiveRef, runRules } from './run.js';
import type { CheckedFile, LintResult, ObjectRef, SourcedObject } from './types.js';

/** One input: its text, or its bytes as read (checked for NUL bytes and UTF-8, decoded a segment at a time). */
export type LintInput =
  | {
      /** A path, `<stdin>` or any name to show in reports. */
      file: string;
      text: string;
    }
  | { file: string; bytes: Uint8Array }
  /** Read lazily, a piece at a time (a file being read); may throw InputReadError to refuse the input. */
  | { file: string; pieces: Iterable<Uint8Array> };

export interface LintOptions extends LoadOptions {
  rules: readonly AnyRule[];
  config?: ResolvedConfig;
  defaultNamespace?: string;
  /**
   * Problems found outside the loader (unreadable files, too large, …), reported with the rest. Read after every
   * input was taken, so a lazy `inputs` iterable may add to it while it reads.
   */
  problems?: readonly InputProblem[];
  /** When nothing at all was loaded (and nothing else went wrong), report that as an input problem on this name. */
  requireObjects?: string;
}

/** What the inputs hold: their objects, the problems reading them, and an index over the objects. */
export interface LoadedInputs {
  readonly objects: readonly SourcedObject[];
  readonly problems: readonly InputProblem[];
  readonly index: ObjectIndex;
  /** Files read or named by a problem. */
  readonly files: number;
}

export type LoadInputsOptions = Omit<LintOptions, 'rules' | 'config'>;

/**
 * Loads every input. `inputs` may be lazy (a generator reading one file at a time): each input is loaded and then
 * dropped, so only its objects stay in memory, not its bytes. What `lint` and `migrate` read their inputs with.
 */
export function loadInputs(inputs: Iterable<LintInput>, options: LoadInputsOptions): LoadedInputs {
  const objects: SourcedObject[] = [];
  const loadedProblems: InputProblem[] = [];
  const files = new Set<string>();
  for (const input of inputs) {
    files.add(input.file);
    const loaded =
      'pieces' in input
        ? loadByteStream(input.file, input.pieces, options)
        : 'bytes' in input
          ? loadBytes(input.file, input.bytes, options)
          : loadText(input.file, input.text, options);
    for (const o of loaded.objects) objects.push(o);
    for (const p of loaded.problems) loadedProblems.push(p);
  }
  const problems = [...(options.problems ?? []), ...loadedProblems];
  if (options.requireObjects !== undefined && objects.length === 0 && problems.length === 0) {
    problems.push(noObjects(options.requireObjects));
  }
  for (const p of problems) files.add(p.file);
  const index = createIndex(
    objects.map((o) => o.object),
    { defaultNamespace: options.defaultNamespace },
  );
  return { objects, problems, index, files: files.size };
}

/** Lints every input (see loadInputs). */
export function lintInputs(inputs: Iterable<LintInput>, options: LintOptions): LintResult {
  const { objects, problems, index, files } = loadInputs(inputs, options);
  const run = runRules(objects, { ...options, index });
  return {
    ...buildResult(run, problems, { files, objects: objects.length }),
    checked: checkedFiles(objects, index),
  };
}

function noObjects(file: string): InputProblem {
  return {
    ruleId: 'input-no-objects',
    message:
      'no Kubernetes objects were found: the input is empty or holds only comments; check the paths, or the command that produced the input.',
    file,
    line: 1,
    column: 1,
  };
}

/** The objects of each file, named as their findings name them (a namespace-less object by its default namespace). */
export function checkedFiles(objects: readonly SourcedObject[], index: ObjectIndex): CheckedFile[] {
  const byFile = new Map<string, ObjectRef[]>();
  for (const o of objects) {
    const ref = effectiveRef(o, index);
    const list = byFile.get(o.source.file);
    if (list) list.push(ref);
    else byFile.set(o.source.file, [ref]);
  }
  return [...byFile].map(([file, refs]) => ({ file, objects: refs }));
}
