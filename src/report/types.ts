/** The contract between the CLI and the report formatters. */
import type { CheckedFile, LintResult } from '../engine/types.js';

export type { CheckedFile } from '../engine/types.js';

import type { AnyRule } from '../engine/rule.js';

export interface FormatContext {
  /** Every rule kubeward knows (SARIF describes each of them). */
  rules: readonly AnyRule[];
  /** Directory that relative report paths are relative to (SARIF `%SRCROOT%`, GitHub annotations). */
  cwd: string;
  /** Emit ANSI colours (stylish only); the CLI decides (TTY, FORCE_COLOR, NO_COLOR, --color). */
  color: boolean;
  toolName: string;
  toolVersion: string;
  /**
   * Everything that was checked, objects without findings included. Optional because `LintResult` does not
   * carry it: without it, the JUnit report only knows the files and objects that have findings.
   */
  checked?: readonly CheckedFile[];
}

/** A report format: a pure function of the result. The CLI writes the string to stdout or a file. */
export type Formatter = (result: LintResult, ctx: FormatContext) => string;
