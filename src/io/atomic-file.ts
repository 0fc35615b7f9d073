// Atomic output files: everything is written under a temporary name in the target folder and
// renamed into place when complete, so a reader never sees a half-written file. Errors of the
// machine (disk full, read-only) become one-line OutputErrors and leave no temporary file.
import { existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { OutputError, UsageError } from '../errors.js';
import { checkSpace } from './fault-seam.js';
import { errnoOf, outputError } from './io-error.js';

/** The temporary name a file is written under before it is renamed to `path`. */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
}

/** Writes `content` to `path` atomically (temporary file + rename), creating the folder. @throws OutputError */
export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  const tmp = tempPathFor(path);
  try {
    mkdirSync(dirname(path), { recursive: true });
    checkSpace(path, 0, typeof content === 'string' ? Buffer.byteLength(content) : content.byteLength);
    writeFileSync(tmp, content);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw outputError(path, e);
  }
}

/** Writes a value as pretty JSON with a trailing newline, atomically. */
export function writeJsonAtomic(path: string, value: unknown): void {
  writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Writes a file the user named (`init --out`, `schema --out`): refuses a folder, refuses an existing
 * file unless `force`, and turns a path that cannot be written into one line.
 * @throws UsageError naming the path and the reason
 */
export function writeUserFile(path: string, content: string, force: boolean): void {
  if (path.trim() === '') throw new UsageError('--out: expected a file name; received an empty string');
  if (existsSync(path)) {
    if (statSync(path).isDirectory()) throw new UsageError(`${path}: is a folder; name a file to write`);
    if (!force) throw new UsageError(`${path}: the file exists; use --force to replace it`);
  }
  try {
    writeFileAtomic(path, content);
  } catch (e) {
    const code = e instanceof OutputError ? e.errno : errnoOf(e);
    if (code === 'ENOTDIR' || code === 'EEXIST')
      throw new UsageError(`${path}: a part of the path is a file, not a folder`);
    if (code === 'ENOENT') throw new UsageError(`${path}: the folder does not exist`);
    if (code === 'ENOSPC' || !(e instanceof OutputError)) throw e;
    throw new UsageError(e.message);
  }
}
