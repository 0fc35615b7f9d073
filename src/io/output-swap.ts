// Replacing an existing results folder, all or nothing. Checked up front what can be: write and search
// permission on the folder and its sub-folders, files that cannot be deleted (immutable), a read-only
// file system (a probe file). Then the swap: old folder aside, new one in place, the old one's files
// moved out one by one into a trash folder, a move being undone as easily as made; if one cannot move
// (an append-only file, a permission changed meanwhile), everything goes back where it was.
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  renameSync,
  rmdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { OutputError, UsageError } from '../errors.js';
import { errnoOf, outputError, reasonOf } from './io-error.js';
import { foldersOf } from './manifest.js';

/** Where the replaced folder and its files go during a swap (beside the target, same file system). */
export interface SwapPlaces {
  readonly staging: string;
  readonly old: string;
  readonly trash: string;
}

/**
 * Checks that the files `files` of results folder `abs` (shown as `shown`) can be deleted and the
 * folder written. @throws UsageError naming the first file or folder that cannot, and why
 */
export function checkReplaceable(shown: string, abs: string, files: readonly string[], probe: string): void {
  const refuse = (rel: string, e: unknown, what: string): UsageError =>
    new UsageError(
      `${rel === '' ? shown : `${shown}/${rel}`}: cannot ${what} (${reasonOf(e)}); --force cannot replace ${shown}, which is left as it was`,
    );
  for (const d of ['', ...foldersOf(files)]) {
    try {
      accessSync(join(abs, ...d.split('/').filter(Boolean)), constants.W_OK | constants.X_OK);
    } catch (e) {
      throw refuse(d, e, 'remove the files in it');
    }
  }
  for (const f of files) {
    const path = join(abs, ...f.split('/'));
    if (!existsSync(path)) continue;
    try {
      accessSync(path, constants.W_OK);
    } catch (e) {
      // EACCES is only the file's mode, which does not stop its deletion; EPERM is an immutable file.
      if (errnoOf(e) !== 'EACCES') throw refuse(f, e, 'remove it');
    }
  }
  const probeFile = join(abs, probe);
  try {
    writeFileSync(probeFile, '', { flag: 'wx' });
  } catch (e) {
    throw refuse('', e, 'write in it');
  } finally {
    rmSync(probeFile, { force: true });
  }
}

/**
 * Puts `places.staging` in place of `abs`, whose own files are `files`. Either the new results are in
 * place and the old files gone, or (an OutputError) everything is as it was.
 * @returns a note if something not pchat-sim's was left in the replaced folder, else null
 * @throws OutputError naming the file that could not be removed, the target left as it was
 */
export function swapIn(
  shown: string,
  abs: string,
  files: readonly string[],
  places: SwapPlaces,
): string | null {
  const { staging, old, trash } = places;
  try {
    renameSync(abs, old);
  } catch (e) {
    throw outputError(shown, e);
  }
  try {
    renameSync(staging, abs);
  } catch (e) {
    renameSync(old, abs);
    throw outputError(shown, e);
  }
  const stuck = moveAside(old, trash, files);
  if (stuck !== null) {
    renameSync(abs, staging);
    renameSync(old, abs);
    if (stuck.file === '') throw outputError(shown, stuck.error);
    throw new OutputError(
      errnoOf(stuck.error) ?? 'EIO',
      `${shown}/${stuck.file}: cannot remove it (${reasonOf(stuck.error)}); ${shown} is as it was`,
    );
  }
  rmSync(trash, { recursive: true, force: true });
  try {
    for (const d of foldersOf(files)) if (existsSync(join(old, d))) rmdirSync(join(old, ...d.split('/')));
    rmdirSync(old);
    return null;
  } catch {
    return `note: files added to the old results during the run are kept in ${old}`;
  }
}

/** Moves each of `files` from `from` into `to`; on the first that will not move, moves the others back. */
function moveAside(
  from: string,
  to: string,
  files: readonly string[],
): { file: string; error: unknown } | null {
  const moved: string[] = [];
  const back = (): void => {
    for (const f of moved.reverse()) renameSync(join(to, ...f.split('/')), join(from, ...f.split('/')));
    rmSync(to, { recursive: true, force: true });
  };
  try {
    mkdirSync(to);
  } catch (e) {
    return { file: '', error: e };
  }
  for (const f of files) {
    const src = join(from, ...f.split('/'));
    if (!existsSync(src)) continue;
    const dst = join(to, ...f.split('/'));
    try {
      mkdirSync(dirname(dst), { recursive: true });
      renameSync(src, dst);
      moved.push(f);
    } catch (error) {
      back();
      return { file: f, error };
    }
  }
  return null;
}
