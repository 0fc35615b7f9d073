// A results folder written safely: files go into a hidden staging folder beside the target, which
// is renamed into place only when the run completed. One rule decides what may be deleted: only the
// files listed in pchat-sim's own manifest inside the folder (and folders they leave empty); an
// existing folder holding anything else, even an empty sub-folder, is never replaced, and one whose
// files cannot all be deleted is left whole (output-swap.ts).
import { existsSync, lstatSync, mkdirSync, readdirSync, renameSync, rmdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { OutputError, UsageError } from '../errors.js';
import { writeJsonAtomic } from './atomic-file.js';
import { errnoOf, outputError } from './io-error.js';
import { clearLeftovers } from './leftovers.js';
import { foreignEntries, listFiles, MANIFEST, ownedFiles } from './manifest.js';
import { OutputLock, STALE_AFTER_MS } from './output-lock.js';
import { besideName, checkOutPath, stagingName } from './output-path.js';
import { checkReplaceable, swapIn } from './output-swap.js';

export { MANIFEST } from './manifest.js';

export interface OutputOptions {
  /** Replace an existing, non-empty results folder (only if its manifest lists everything in it). */
  readonly force: boolean;
}

/** A results folder being written: write into `staging`, then `commit()` or `discard()`. */
export class OutputDir {
  /** Where files are written until commit; removed by discard. */
  readonly staging: string;
  private readonly abs: string;
  private readonly base: string;
  private readonly lock: OutputLock;
  private readonly createdParent: string | undefined;
  private settled = false;

  private constructor(
    readonly path: string,
    private readonly force: boolean,
  ) {
    this.abs = checkOutPath(path);
    const parent = dirname(this.abs);
    this.base = basename(this.abs);
    this.checkTarget();
    try {
      this.createdParent = mkdirSync(parent, { recursive: true });
    } catch (e) {
      const full = errnoOf(e) === 'ENOSPC' || errnoOf(e) === 'EDQUOT';
      throw full ? outputError(path, e) : new UsageError(outputError(path, e).message);
    }
    this.lock = OutputLock.take(parent, this.base, path);
    this.staging = join(parent, stagingName(this.base));
    try {
      // Leftovers first: a dead run's replaced folder put back is checked like any existing folder.
      clearLeftovers(parent, this.base, this.abs, this.lock);
      this.checkTarget();
      rmSync(this.staging, { recursive: true, force: true });
      mkdirSync(this.staging);
    } catch (e) {
      this.lock.release();
      throw e instanceof UsageError ? e : outputError(path, e);
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
    if (!this.lock.holds())
      throw new OutputError(
        'ELOCK',
        `${this.path}: another pchat-sim run took this folder's lock over (this run's heartbeat stopped for ${STALE_AFTER_MS / 1000} s); the results were not committed`,
      );
    const replaces = this.checkTarget();
    writeJsonAtomic(join(this.staging, MANIFEST), {
      files: listFiles(this.staging).filter((f) => f !== MANIFEST),
    });
    let note: string | null = null;
    try {
      if (replaces === null) renameSync(this.staging, this.abs);
      else if (replaces.length === 0) {
        rmdirSync(this.abs);
        renameSync(this.staging, this.abs);
      } else
        note = swapIn(this.path, this.abs, replaces, {
          staging: this.staging,
          old: join(dirname(this.abs), besideName(this.base, 'old')),
          trash: join(dirname(this.abs), besideName(this.base, 'trash')),
        });
    } catch (e) {
      throw outputError(this.path, e);
    }
    this.settled = true;
    this.lock.release();
    return note;
  }

  /**
   * null = nothing there; [] = an empty folder; otherwise the manifest's files (its own last), which are
   * all it holds and can all be deleted. @throws UsageError if the folder cannot be replaced
   */
  private checkTarget(): readonly string[] | null {
    const { path, abs } = this;
    if (!existsSync(abs)) return null;
    if (!lstatSync(abs).isDirectory())
      throw new UsageError(`${path}: exists and is not a folder; choose another --out`);
    if (readdirSync(abs).length === 0) return [];
    if (!this.force) throw new UsageError(`${path}: the results folder exists; add --force to replace it`);
    const owned = ownedFiles(abs);
    if (owned === null) throw foreignError(path, readdirSync(abs).sort());
    const foreign = foreignEntries(abs, owned);
    if (foreign.length > 0) throw foreignError(path, foreign);
    const files = [...owned, MANIFEST];
    checkReplaceable(path, abs, files, `.pchat-sim-probe-${process.pid}`);
    return files;
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
    this.lock.release();
  }
}

function foreignError(path: string, foreign: readonly string[]): UsageError {
  const shown = foreign.slice(0, 3).join(', ') + (foreign.length > 3 ? `, … (${foreign.length} in all)` : '');
  return new UsageError(
    `${path}: holds files pchat-sim did not write (${shown}); --force replaces only pchat-sim results, so move them or choose another --out`,
  );
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
