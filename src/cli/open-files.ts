// The open-file limit (ulimit -n) a command needs, checked before it loads anything or writes a byte, so
// a low limit is one line rather than "too many open files" after the work, with the results lost.
import { readFileSync } from 'node:fs';

/**
 * Files a command holds open at once, at most, for the main thread and two worker threads (assumption:
 * measured 40 to 48 for run, run --replications 2 --workers 2, sweep, plan, merge and compare, most of
 * them while Node loads the command's modules; the rest is room to spare).
 */
const BASE_FILES = 48;
/** Files each worker thread adds, loading its modules and holding its event loop (assumption). */
const FILES_PER_WORKER = 8;

/** The open files a command needs with `workers` worker threads (1 = the main thread alone). */
export function openFilesNeeded(workers = 1): number {
  return BASE_FILES + FILES_PER_WORKER * Math.max(2, workers);
}

/** The soft limit on open files, from Linux's /proc/self/limits; null where unknown or unlimited. */
export function openFilesLimit(limits?: string): number | null {
  let text = limits;
  if (text === undefined) {
    try {
      text = readFileSync('/proc/self/limits', 'utf8');
    } catch {
      return null;
    }
  }
  const m = /^Max open files\s+(\d+)\s/m.exec(text);
  return m === null ? null : Number(m[1]);
}

/** The line to print when the limit is below what the command needs, else null. */
export function openFilesProblem(workers = 1, limit = openFilesLimit()): string | null {
  const need = openFilesNeeded(workers);
  if (limit === null || limit >= need) return null;
  return `too many open files: raise ulimit -n to at least ${need} (it is ${limit} here)`;
}
