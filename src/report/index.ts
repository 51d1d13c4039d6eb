/** The report formats by name, for the CLI's `--format`. */
import { formatGithub } from './github.js';
import { formatGitlab } from './gitlab.js';
import { formatJson } from './json.js';
import { formatJunit } from './junit.js';
import { formatSarif } from './sarif.js';
import { formatStylish } from './stylish.js';
import type { Formatter } from './types.js';

export type { CheckedFile, FormatContext, Formatter } from './types.js';

export const FORMATS = {
  stylish: formatStylish,
  json: formatJson,
  sarif: formatSarif,
  junit: formatJunit,
  github: formatGithub,
  gitlab: formatGitlab,
} as const satisfies Record<string, Formatter>;

export type FormatName = keyof typeof FORMATS;

/** The formats written for a reader at a terminal: coloured, and wrapped to its width. The others use neither. */
export const TERMINAL_FORMATS: ReadonlySet<FormatName> = new Set(['stylish']);

/** Every format name, the default (`stylish`) first. */
export const formatNames: readonly FormatName[] = ['stylish', 'json', 'sarif', 'junit', 'github', 'gitlab'];

export const DEFAULT_FORMAT: FormatName = 'stylish';

export function isFormatName(name: string): name is FormatName {
  return Object.hasOwn(FORMATS, name);
}
