// File-system errors while writing results, as one plain line: "no space left on <path>" rather than
// a raw errno stack. Every writer of output files (CSV streams, atomic files) maps its errors here.
import { OutputError } from '../errors.js';

const REASONS: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EIO: 'input/output error',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'file name too long',
};

/** The errno code of a Node file-system error, or undefined. */
export function errnoOf(e: unknown): string | undefined {
  const code = (e as NodeJS.ErrnoException | null | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Why a file-system call failed, in words: `permission denied`, `operation not permitted`, .... */
export function reasonOf(e: unknown): string {
  const code = errnoOf(e);
  if (code === undefined) return e instanceof Error ? e.message : String(e);
  return REASONS[code] ?? code;
}

/**
 * An output error for writing `path`: `no space left on <path>` for ENOSPC (and EDQUOT, with the quota
 * named), `<path>: <reason>` otherwise.
 * An error that is already an OutputError is returned as it is.
 */
export function outputError(path: string, e: unknown): Error {
  if (e instanceof OutputError) return e;
  const code = errnoOf(e);
  if (code === undefined) return e instanceof Error ? e : new Error(String(e));
  if (code === 'ENOSPC') return new OutputError(code, `no space left on ${path}`);
  if (code === 'EDQUOT') return new OutputError(code, `no space left on ${path} (disk quota exceeded)`);
  return new OutputError(code, `${path}: ${REASONS[code] ?? code} (${code})`);
}
