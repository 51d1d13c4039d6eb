/** Operating-system errors, sizes and paths as a user reads them in a message. */
import { relative } from 'node:path';

/** An operating-system error as a short phrase (`permission denied`), never a stack trace. */
export function errnoReason(err: unknown): string {
  if (err !== null && typeof err === 'object') {
    const e = err as { code?: unknown; message?: unknown };
    const known: Record<string, string> = {
      EACCES: 'permission denied',
      EPERM: 'operation not permitted',
      ENOENT: 'no such file or directory',
      ENOTDIR: 'a part of the path is not a directory',
      ELOOP: 'too many levels of symbolic links',
      EISDIR: 'it is a directory',
      EIO: 'input/output error',
    };
    if (typeof e.code === 'string' && known[e.code] !== undefined) return known[e.code] as string;
    if (typeof e.message === 'string') return e.message.replace(/\.$/, '');
  }
  return String(err);
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(n % (1024 * 1024) === 0 ? 0 : 1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(0)} KiB`;
  return `${n} bytes`;
}

/** A path as reports name it: relative to the working directory when below it (or as given), with `/` separators. */
export function displayName(cwd: string, abs: string, given?: string): string {
  if (given !== undefined && !given.startsWith('/')) return given.split('\\').join('/');
  const rel = relative(cwd, abs);
  return rel.startsWith('..') || rel === '' ? abs : rel.split('\\').join('/');
}

/** A directory as reports name it: `.` for the working directory itself, else as displayName. */
export function displayDir(cwd: string, abs: string): string {
  return relative(cwd, abs) === '' ? '.' : displayName(cwd, abs);
}
