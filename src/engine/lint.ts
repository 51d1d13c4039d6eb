/** Load + run in one call: what the CLI's `lint` and the programmatic API use. */

import type { ResolvedConfig } from './config-types.js';
import { duplicateFindings } from './duplicates.js';
import { type InputProblem, type LoadOptions, loadByteStream, loadBytes, loadText } from './load.js';
import { createIndex, type ObjectIndex } from './object-index.js';
import type { AnyRule } from './rule.js';
import { buildResult, effectiveRef, runRules, sortFindings } from './run.js';
import type { CheckedFile, LintResult, ObjectRef, SourcedObject } from './types.js';

/** How an input was found, and how to read it beyond the common options. */
export interface InputOrigin {
  /**
   * Found by walking a directory, not named: when it holds no Kubernetes object at all (a values file, a CI
   * workflow, package.json), it is skipped and counted instead of reported.
   */
  walked?: boolean;
  /** Maps its `# Source:` paths to template files (a chart kubeward rendered). */
  templatePath?: (template: string) => string;
  /** The output of a render (helm template, kustomize build): a deployment of its own. */
  rendered?: boolean;
  /** The file its objects are attributed to when no template file holds them (see LoadOptions.attributeTo). */
  attributeTo?: string;
}

/** One input: its text, or its bytes as read (checked for NUL bytes and UTF-8, decoded a segment at a time). */
export type LintInput = InputOrigin &
  (
    | {
        /** A path, `<stdin>` or any name to show in reports. */
        file: string;
        text: string;
      }
    | { file: string; bytes: Uint8Array }
    /** Read lazily, a piece at a time (a file being read); may throw InputReadError to refuse the input. */
    | { file: string; pieces: Iterable<Uint8Array> }
  );

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
  /** Files skipped before loading (Helm templates outside a render); read after every input was taken. */
  skippedFiles?: readonly string[];
}

/** What the inputs hold: their objects, the problems reading them, and an index over the objects. */
export interface LoadedInputs {
  readonly objects: readonly SourcedObject[];
  readonly problems: readonly InputProblem[];
  readonly index: ObjectIndex;
  /** Files read or named by a problem. */
  readonly files: number;
  /** Files found by a directory walk that hold no Kubernetes object, skipped. */
  readonly skipped: readonly string[];
  /** The inputs that were renders (their names). */
  readonly renders: ReadonlySet<string>;
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
  const skipped: string[] = [];
  const renders = new Set<string>();
  for (const input of inputs) {
    if (input.rendered === true) renders.add(input.file);
    const own =
      input.templatePath !== undefined || input.walked === true || input.attributeTo !== undefined
        ? {
            ...options,
            ...(input.templatePath !== undefined ? { templatePath: input.templatePath } : {}),
            ...(input.walked === true ? { lenient: true } : {}),
            ...(input.attributeTo !== undefined ? { attributeTo: input.attributeTo } : {}),
          }
        : options;
    const loaded =
      'pieces' in input
        ? loadByteStream(input.file, input.pieces, own)
        : 'bytes' in input
          ? loadBytes(input.file, input.bytes, own)
          : loadText(input.file, input.text, own);
    // Read leniently, a walked file with no object and no problem holds nothing Kubernetes: skipped, counted.
    if (input.walked === true && loaded.objects.length === 0 && loaded.problems.length === 0) {
      skipped.push(input.file);
      continue;
    }
    files.add(input.file);
    for (const o of loaded.objects) objects.push(o);
    for (const p of loaded.problems) loadedProblems.push(p);
  }
  const problems = [...(options.problems ?? []), ...loadedProblems];
  skipped.push(...(options.skippedFiles ?? []));
  if (options.requireObjects !== undefined && objects.length === 0 && problems.length === 0) {
    problems.push(noObjects(options.requireObjects));
  }
  for (const p of problems) files.add(p.file);
  const index = createIndex(
    objects.map((o) => o.object),
    { defaultNamespace: options.defaultNamespace },
  );
  return { objects, problems, index, files: files.size, skipped, renders };
}

/** Lints every input (see loadInputs). */
export function lintInputs(inputs: Iterable<LintInput>, options: LintOptions): LintResult {
  const { objects, problems, index, files, skipped, renders } = loadInputs(inputs, options);
  const rules = runRules(objects, { ...options, index });
  const duplicates = duplicateFindings(objects, index, renders, options.config);
  const run =
    duplicates.length === 0 ? rules : { ...rules, findings: sortFindings([...rules.findings, ...duplicates]) };
  return {
    ...buildResult(run, problems, { files, objects: objects.length, skippedFiles: skipped.length }),
    checked: checkedFiles(objects, index),
    ...(skipped.length > 0 ? { skipped } : {}),
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
