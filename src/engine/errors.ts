/** Errors a user sees: what was wrong, where (file:line), what to do. All of them exit with code 2. */

export type KubewardErrorCode =
  | 'USAGE'
  | 'CONFIG_NOT_FOUND'
  | 'CONFIG_INVALID'
  | 'INPUT_NOT_FOUND'
  | 'INPUT_UNREADABLE'
  | 'UNKNOWN_RULE'
  | 'UNKNOWN_FORMAT'
  | 'TLS_INVALID'
  | 'LISTEN_FAILED';

export interface ErrorWhere {
  file: string;
  line?: number;
  column?: number;
}

export class KubewardError extends Error {
  readonly code: KubewardErrorCode;
  readonly where: ErrorWhere | undefined;
  readonly hint: string | undefined;
  readonly exitCode = 2;

  constructor(code: KubewardErrorCode, message: string, options: { where?: ErrorWhere; hint?: string } = {}) {
    super(message);
    this.name = 'KubewardError';
    this.code = code;
    this.where = options.where;
    this.hint = options.hint;
  }

  /** `file:line:col: message` then the hint on its own line. */
  format(): string {
    const w = this.where;
    const at = w
      ? `${w.file}${w.line !== undefined ? `:${w.line}` : ''}${w.column !== undefined ? `:${w.column}` : ''}: `
      : '';
    return `${at}${this.message}${this.hint ? `\n  hint: ${this.hint}` : ''}`;
  }
}
