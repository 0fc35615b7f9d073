// A results folder written safely: files go into a hidden staging folder beside the target, which
// is renamed into place only when the run completed. One rule decides what may be deleted: only the
// files listed in pchat-sim's own manifest inside the folder (and folders they leave empty); an
// existing folder holding anything else, even an empty sub-folder, is never replaced.
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
} from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { UsageError } from '../errors.js';
import { writeJsonAtomic } from './atomic-file.js';
import { outputError } from './io-error.js';
import { removeStaleStaging, takeLock } from './output-lock.js';
import { checkOutPath, stagingName } from './output-path.js';

/** Lists, inside each results folder, the files pchat-sim wrote there (relative, '/'-separated). */
export const MANIFEST = '.pchat-sim-output.json';

export interface OutputOptions {
  /** Replace an existing, non-empty results folder (only if its manifest lists everything in it). */
  readonly force: boolean;
}

/** A results folder being written: write into `staging`, then `commit()` or `discard()`. */
export class OutputDir {
  /** Where files are written until commit; removed by discard. */
  readonly staging: string;
  private readonly abs: string;
  private readonly lock: string;
  private readonly createdParent: string | undefined;
  private settled = false;

  private constructor(
    readonly path: string,
    private readonly force: boolean,
  ) {
    this.abs = checkOutPath(path);
    const parent = dirname(this.abs);
    const base = basename(this.abs);
    checkTarget(path, this.abs, force);
    try {
      this.createdParent = mkdirSync(parent, { recursive: true });
    } catch (e) {
      throw new UsageError(outputError(path, e).message);
    }
    this.lock = takeLock(parent, base, path);
    removeStaleStaging(parent, base);
    this.staging = join(parent, stagingName(base));
    try {
      rmSync(this.staging, { recursive: true, force: true });
      mkdirSync(this.staging);
    } catch (e) {
      this.release();
      throw outputError(path, e);
    }
  }

  /**
   * Checks the target before anything runs, takes its lock and creates the staging folder.
   * @throws UsageError if `path` cannot be a results folder, is a file, is a non-empty folder without
   *   `force`, holds anything pchat-sim's manifest does not list (never replaced, even with `force`),
   *   or another live run writes it
   */
  static open(path: string, options: OutputOptions): OutputDir {
    return new OutputDir(path, options.force);
  }

  /**
   * Moves the staged files into place. The target is checked again first (it may have changed during
   * the run); a replaced folder loses only its manifest's files.
   * @returns a note if something of the old folder could not be removed, else null
   */
  commit(): string | null {
    if (this.settled) return null;
    const replaces = checkTarget(this.path, this.abs, this.force);
    writeJsonAtomic(join(this.staging, MANIFEST), {
      files: listFiles(this.staging).filter((f) => f !== MANIFEST),
    });
    let note: string | null = null;
    try {
      if (replaces === null) renameSync(this.staging, this.abs);
      else if (replaces.length === 0) {
        rmdirSync(this.abs);
        renameSync(this.staging, this.abs);
      } else note = this.swap(replaces);
    } catch (e) {
      throw outputError(this.path, e);
    }
    this.settled = true;
    this.release();
    return note;
  }

  private swap(replaces: readonly string[]): string | null {
    const old = `${this.staging}.old`;
    renameSync(this.abs, old);
    try {
      renameSync(this.staging, this.abs);
    } catch (e) {
      renameSync(old, this.abs);
      throw e;
    }
    return removeOwnFiles(old, replaces);
  }

  /** Removes the staging folder (everything in it is this run's); the target is left as it was. */
  discard(): void {
    if (this.settled) return;
    this.settled = true;
    rmSync(this.staging, { recursive: true, force: true });
    this.release();
    if (this.createdParent !== undefined) removeEmptyUpTo(dirname(this.abs), this.createdParent);
  }

  private release(): void {
    rmSync(this.lock, { force: true });
  }
}

/** null = nothing there; [] = an empty folder; otherwise the manifest's files, which are all it holds. */
function checkTarget(path: string, abs: string, force: boolean): readonly string[] | null {
  if (!existsSync(abs)) return null;
  if (!lstatSync(abs).isDirectory())
    throw new UsageError(`${path}: exists and is not a folder; choose another --out`);
  if (readdirSync(abs).length === 0) return [];
  if (!force) throw new UsageError(`${path}: the results folder exists; add --force to replace it`);
  const owned = ownedFiles(abs);
  if (owned === null) throw foreignError(path, readdirSync(abs).sort());
  const foreign = foreignEntries(abs, owned);
  if (foreign.length > 0) throw foreignError(path, foreign);
  return [...owned, MANIFEST];
}

function foreignError(path: string, foreign: readonly string[]): UsageError {
  const shown = foreign.slice(0, 3).join(', ') + (foreign.length > 3 ? `, … (${foreign.length} in all)` : '');
  return new UsageError(
    `${path}: holds files pchat-sim did not write (${shown}); --force replaces only pchat-sim results, so move them or choose another --out`,
  );
}

/** The files a folder's manifest lists, or null if it has no readable manifest (then nothing is ours). */
function ownedFiles(dir: string): Set<string> | null {
  const manifest = join(dir, MANIFEST);
  if (!existsSync(manifest) || !lstatSync(manifest).isFile()) return null;
  try {
    const parsed = JSON.parse(readFileSync(manifest, 'utf8')) as { files?: unknown };
    if (!Array.isArray(parsed.files)) return null;
    const ok = parsed.files.filter((f): f is string => typeof f === 'string' && safeRelative(f));
    return ok.length === parsed.files.length ? new Set(ok) : null;
  } catch {
    return null;
  }
}

/** A manifest entry must stay inside its folder. */
function safeRelative(f: string): boolean {
  return f !== '' && !f.startsWith('/') && !f.split('/').some((p) => p === '' || p === '.' || p === '..');
}

/** Entries not accounted for by the manifest: unlisted files, and folders (shown with '/') holding none of its files. */
function foreignEntries(root: string, owned: ReadonlySet<string>): string[] {
  const out: string[] = [];
  const walk = (dir: string): number => {
    let mine = 0;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      const rel = relative(root, full).split(sep).join('/');
      if (entry.isDirectory() && !entry.isSymbolicLink()) {
        const inside = walk(full);
        if (inside === 0 && !out.some((f) => f.startsWith(`${rel}/`))) out.push(`${rel}/`);
        mine += inside;
      } else if (rel === MANIFEST || owned.has(rel)) mine++;
      else out.push(rel);
    }
    return mine;
  };
  walk(root);
  return out.sort();
}

/** Every file (not folder) under `root`, relative and '/'-separated, sorted. */
function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.push(relative(root, full).split(sep).join('/'));
    }
  };
  walk(root);
  return out.sort();
}

/** Deletes the listed files of a replaced folder, then its folders once empty. @returns a note if some remain */
function removeOwnFiles(root: string, files: readonly string[]): string | null {
  for (const f of files) rmSync(join(root, ...f.split('/')), { force: true });
  const dirs = new Set<string>();
  for (const f of files) for (let d = dirname(f); d !== '.'; d = dirname(d)) dirs.add(d);
  try {
    for (const d of [...dirs].sort((a, b) => b.length - a.length)) rmdirSync(join(root, ...d.split('/')));
    rmdirSync(root);
    return null;
  } catch {
    return `note: files added to the old results during the run are kept in ${root}`;
  }
}

/** Removes `from` and its parents up to and including `top` while they are empty (folders this run created). */
function removeEmptyUpTo(from: string, top: string): void {
  for (let d = from; d.length >= top.length; d = dirname(d)) {
    try {
      rmdirSync(d);
    } catch {
      return;
    }
    if (d === top) return;
  }
}
