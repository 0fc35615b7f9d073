// A results folder written safely: files go into a hidden staging folder beside the target, which
// is renamed into place only when the run completed. An existing folder is replaced only on request
// (--force) and only if pchat-sim wrote everything in it: nothing else is ever deleted.
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  unlinkSync,
} from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { UsageError } from '../errors.js';
import { writeJsonAtomic } from './atomic-file.js';

/** Lists, inside each results folder, the files pchat-sim wrote there (relative, '/'-separated). */
export const MANIFEST = '.pchat-sim-output.json';
/** Files a results folder held before manifests existed; such a folder counts as pchat-sim's. */
const LEGACY_OUTPUTS = new Set([
  'timeline.csv',
  'events.csv',
  'summary.json',
  'run.json',
  'report.html',
  'chart-users.svg',
  'chart-servers.svg',
  'chart-active.svg',
]);

export interface OutputOptions {
  /** Replace an existing, non-empty results folder. */
  readonly force: boolean;
}

/** A results folder being written: write into `staging`, then `commit()` or `discard()`. */
export class OutputDir {
  /** Where files are written until commit; removed by discard. */
  readonly staging: string;
  private readonly replaces: readonly string[] | null;
  private readonly createdParent: string | undefined;
  private settled = false;

  private constructor(
    readonly path: string,
    replaces: readonly string[] | null,
  ) {
    this.replaces = replaces;
    this.createdParent = mkdirSync(dirname(resolve(path)), { recursive: true });
    this.staging = join(dirname(path), `.${basename(path)}.partial-${process.pid}`);
    rmSync(this.staging, { recursive: true, force: true });
    mkdirSync(this.staging);
  }

  /**
   * Checks the target before anything runs, then creates the staging folder.
   * @throws UsageError if `path` is a file, or a non-empty folder without `force`, or a folder
   *   holding files pchat-sim did not write (never replaced, even with `force`).
   */
  static open(path: string, options: OutputOptions): OutputDir {
    return new OutputDir(path, checkTarget(path, options));
  }

  /** Moves the staged files into place, replacing the old folder's own files only. */
  commit(): void {
    if (this.settled) return;
    writeJsonAtomic(join(this.staging, MANIFEST), {
      files: listFiles(this.staging).filter((f) => f !== MANIFEST),
    });
    if (this.replaces === null || !existsSync(this.path)) {
      renameSync(this.staging, this.path);
    } else {
      const old = join(dirname(this.path), `.${basename(this.path)}.old-${process.pid}`);
      renameSync(this.path, old);
      try {
        renameSync(this.staging, this.path);
      } catch (e) {
        renameSync(old, this.path);
        throw e;
      }
      removeOwnFiles(old, this.replaces);
    }
    this.settled = true;
  }

  /** Removes the staging folder (everything in it is this run's); the target is left as it was. */
  discard(): void {
    if (this.settled) return;
    this.settled = true;
    rmSync(this.staging, { recursive: true, force: true });
    if (this.createdParent !== undefined) removeEmptyUpTo(dirname(resolve(this.path)), this.createdParent);
  }
}

/** null = nothing to replace; otherwise the files (relative) the existing folder holds, all ours. */
function checkTarget(path: string, { force }: OutputOptions): readonly string[] | null {
  if (!existsSync(path)) return null;
  if (!lstatSync(path).isDirectory())
    throw new UsageError(`${path}: exists and is not a folder; choose another --out`);
  const files = listFiles(path);
  if (files.length === 0) return files;
  if (!force) throw new UsageError(`${path}: the results folder exists; add --force to replace it`);
  const ours = ownedFiles(path);
  const foreign = files.filter((f) => f !== MANIFEST && !ours.has(f));
  if (foreign.length > 0) {
    const shown =
      foreign.slice(0, 3).join(', ') + (foreign.length > 3 ? `, … (${foreign.length} in all)` : '');
    throw new UsageError(
      `${path}: holds files pchat-sim did not write (${shown}); --force replaces only pchat-sim results, so move them or choose another --out`,
    );
  }
  return files;
}

/** The files a folder's manifest says pchat-sim wrote, or the legacy output names if it has none. */
function ownedFiles(path: string): ReadonlySet<string> {
  const manifest = join(path, MANIFEST);
  if (!existsSync(manifest)) return LEGACY_OUTPUTS;
  try {
    const parsed = JSON.parse(readFileSync(manifest, 'utf8')) as { files?: unknown };
    return new Set(
      Array.isArray(parsed.files) ? parsed.files.filter((f): f is string => typeof f === 'string') : [],
    );
  } catch {
    return new Set();
  }
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

/** Deletes the listed files of a replaced folder, then its folders if they are empty. */
function removeOwnFiles(root: string, files: readonly string[]): void {
  for (const f of files) unlinkSync(join(root, ...f.split('/')));
  const dirs = new Set<string>();
  for (const f of files) for (let d = dirname(f); d !== '.'; d = dirname(d)) dirs.add(d);
  for (const d of [...dirs].sort((a, b) => b.length - a.length)) rmdirSync(join(root, ...d.split('/')));
  rmdirSync(root);
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
