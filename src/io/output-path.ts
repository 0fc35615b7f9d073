// The one check of an output folder's path, before anything runs: not empty, not the root, every
// name short enough (with the staging name pchat-sim adds), not a mount point, and a parent that exists
// as a folder or can be made, on a writable file system. Each failure is one UsageError line (exit 2).
import { accessSync, constants, existsSync, lstatSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, resolve, sep } from 'node:path';
import { UsageError } from '../errors.js';
import { errnoOf } from './io-error.js';

/** Longest file name most file systems allow, bytes (NAME_MAX on Linux, macOS and Windows). */
const NAME_MAX = 255;
/** Longest path, bytes (PATH_MAX on Linux). */
const PATH_MAX = 4096;

/** This machine's name as it appears in staging and lock names (safe characters, at most 64). */
export function hostTag(): string {
  return (
    hostname()
      .replace(/[^A-Za-z0-9.-]/g, '_')
      .slice(0, 64) || 'host'
  );
}

/**
 * What pchat-sim keeps beside a results folder `base`, each hidden and named after it: the staged
 * results (`partial`), the replaced results while the new ones move in (`old`), the replaced results'
 * files on their way out (`trash`), and a stale lock being taken over (`lock.stale`).
 */
export type BesideKind = 'partial' | 'old' | 'trash' | 'lock.stale';

/** The name of this process's `kind` folder (or file) beside results folder `base`. */
export function besideName(base: string, kind: BesideKind, pid = process.pid, host = hostTag()): string {
  return `.${base}.${kind}-${host}-${pid}`;
}

/** The hidden staging folder's name for a results folder `base`, written by this process. */
export function stagingName(base: string, pid = process.pid, host = hostTag()): string {
  return besideName(base, 'partial', pid, host);
}

/** The lock file's name for a results folder `base`. */
export function lockName(base: string): string {
  return `.${base}.lock`;
}

/**
 * Reads a name beside results folder `base` as one of pchat-sim's (`.old` ending: a replaced folder as
 * earlier versions named it); null for anything else.
 */
export function parseBesideName(
  base: string,
  name: string,
): { kind: BesideKind; host: string; pid: number } | null {
  const prefix = `.${base}.`;
  if (!name.startsWith(prefix)) return null;
  const m = /^(partial|old|trash|lock\.stale)-(.+)-(\d+)(\.old)?$/.exec(name.slice(prefix.length));
  if (m === null || (m[4] !== undefined && m[1] !== 'partial')) return null;
  const kind = (m[4] !== undefined ? 'old' : m[1]) as BesideKind;
  return { kind, host: m[2] as string, pid: Number(m[3]) };
}

/**
 * Checks that `path` can be made a results folder. @returns its absolute form.
 * @throws UsageError naming the path and the reason
 */
export function checkOutPath(path: string): string {
  if (path.trim() === '') throw new UsageError('--out: expected a folder path; received an empty string');
  const abs = resolve(path);
  const base = basename(abs);
  if (base === '') throw new UsageError(`${path}: is the root of the file system; choose a folder to create`);
  if (Buffer.byteLength(abs) > PATH_MAX)
    throw new UsageError(`${path}: a path is at most ${PATH_MAX} bytes; received ${Buffer.byteLength(abs)}`);
  const staging = Buffer.byteLength(besideName(base, 'lock.stale', 4194304));
  if (staging > NAME_MAX)
    throw new UsageError(
      `${path}: the folder name is too long: at most ${Buffer.byteLength(base) - staging + NAME_MAX} bytes here (pchat-sim stages beside it under a longer hidden name); received ${Buffer.byteLength(base)}`,
    );
  for (const part of abs.split(sep))
    if (Buffer.byteLength(part) > NAME_MAX)
      throw new UsageError(
        `${path}: a folder name is at most ${NAME_MAX} bytes; received ${Buffer.byteLength(part)}`,
      );
  checkParent(path, dirname(abs));
  if (existsSync(abs) && lstatSync(abs).isDirectory() && isMountPoint(abs))
    throw new UsageError(
      `${path}: is a mount point; pchat-sim stages results beside the folder and renames them into place, which a mount point cannot take: choose a folder inside it`,
    );
  return abs;
}

/**
 * True if the folder `dir` is where a file system (or a bind mount) is mounted: listed in Linux's
 * /proc/self/mountinfo, or elsewhere on another device than its parent (which misses bind mounts).
 */
function isMountPoint(dir: string): boolean {
  const real = realpathSync(dir);
  let table: string;
  try {
    table = readFileSync('/proc/self/mountinfo', 'utf8');
  } catch {
    return real !== dirname(real) && statSync(real).dev !== statSync(dirname(real)).dev;
  }
  // Field 5 is the mount point, with space, tab, newline and backslash escaped as octal.
  const unescape = (p: string): string =>
    p.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
  return table.split('\n').some((line) => {
    const point = line.split(' ')[4];
    return point !== undefined && unescape(point) === real;
  });
}

/** The nearest existing ancestor of `dir` must be a writable folder. */
function checkParent(path: string, dir: string): void {
  let at = dir;
  while (!existsSync(at)) at = dirname(at);
  if (!statSync(at).isDirectory()) throw new UsageError(`${path}: ${at} is a file, not a folder`);
  try {
    accessSync(at, constants.W_OK);
  } catch (e) {
    const why = errnoOf(e) === 'EROFS' ? 'it is on a read-only file system' : 'no permission to write there';
    throw new UsageError(`${path}: cannot create it in ${at}: ${why}`);
  }
}
