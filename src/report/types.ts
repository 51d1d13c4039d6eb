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
  /**
   * The width, in terminal columns, that stylish wraps messages to: the terminal's when stdout is one, else a
   * fixed width for CI logs and files (the CLI decides). Absent: `DEFAULT_COLUMNS`.
   */
  columns?: number;
  toolName: string;
  toolVersion: string;
  /**
   * Everything that was checked, objects without findings included. Optional because `LintResult` does not
   * carry it: without it, the JUnit report only knows the files and objects that have findings.
   */
  checked?: readonly CheckedFile[];
}

/**
 * The width reports wrap to when stdout is not a terminal (a pipe, a file, a CI log). GitHub Actions and GitLab
 * wrap long lines in the viewer, so any fixed width reads there; 120 is what a CI log pane or a laptop terminal
 * shows unwrapped, and a fixed width keeps a report file the same on every machine.
 */
export const DEFAULT_COLUMNS = 120;

/** A report format: a pure function of the result. The CLI writes the string to stdout or a file. */
export type Formatter = (result: LintResult, ctx: FormatContext) => string;
