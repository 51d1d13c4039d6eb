/** Load + run in one call: what the CLI's `lint` and the programmatic API use. */
import type { AnyRule } from '../rules/define-rule.js';
import type { ResolvedConfig } from './config-types.js';
import { type InputProblem, type LoadOptions, loadText } from './load.js';
import { buildResult, runRules } from './run.js';
import type { CheckedFile, LintResult, ObjectRef, SourcedObject } from './types.js';

export interface LintInput {
  /** A path, `<stdin>` or any name to show in reports. */
  file: string;
  text: string;
}

export interface LintOptions extends LoadOptions {
  rules: readonly AnyRule[];
  config?: ResolvedConfig;
  defaultNamespace?: string;
  /** Problems found before loading (unreadable files, too large, …), reported with the rest. */
  problems?: readonly InputProblem[];
}

export function lintInputs(inputs: readonly LintInput[], options: LintOptions): LintResult {
  const objects: SourcedObject[] = [];
  const problems: InputProblem[] = [...(options.problems ?? [])];
  for (const input of inputs) {
    const loaded = loadText(input.file, input.text, options);
    for (const o of loaded.objects) objects.push(o);
    for (const p of loaded.problems) problems.push(p);
  }
  const files = new Set([...inputs.map((i) => i.file), ...problems.map((p) => p.file)]).size;
  const run = runRules(objects, options);
  return { ...buildResult(run, problems, { files, objects: objects.length }), checked: checkedFiles(objects) };
}

function checkedFiles(objects: readonly SourcedObject[]): CheckedFile[] {
  const byFile = new Map<string, ObjectRef[]>();
  for (const o of objects) {
    const list = byFile.get(o.source.file);
    if (list) list.push(o.ref);
    else byFile.set(o.source.file, [o.ref]);
  }
  return [...byFile].map(([file, refs]) => ({ file, objects: refs }));
}
