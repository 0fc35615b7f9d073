// The manifest of a results folder (`.pchat-sim-output.json`): the files pchat-sim wrote there, written
// last, when the folder is committed. It is the one rule of what pchat-sim may delete, and the mark of a
// finished result that merge and compare may read.
import { existsSync, lstatSync, readdirSync, readFileSync, rmdirSync, rmSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

/** Lists, inside each results folder, the files pchat-sim wrote there (relative, '/'-separated). */
export const MANIFEST = '.pchat-sim-output.json';

/** The files a folder's manifest lists, or null if it has no readable manifest (then nothing is ours). */
export function ownedFiles(dir: string): Set<string> | null {
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
export function foreignEntries(root: string, owned: ReadonlySet<string>): string[] {
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
export function listFiles(root: string): string[] {
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

/** The folders (relative, '/'-separated) that hold `files`, deepest first. */
export function foldersOf(files: readonly string[]): string[] {
  const dirs = new Set<string>();
  for (const f of files) for (let d = dirname(f); d !== '.'; d = dirname(d)) dirs.add(d);
  return [...dirs].sort((a, b) => b.length - a.length);
}

/**
 * Deletes the manifest's files of folder `root` (a replaced results folder), then its folders once
 * empty. @returns false if something else remains (kept, with the folder)
 */
export function removeOwnFiles(root: string): boolean {
  const files = [...(ownedFiles(root) ?? []), MANIFEST];
  for (const f of files) rmSync(join(root, ...f.split('/')), { force: true });
  try {
    for (const d of foldersOf(files)) rmdirSync(join(root, ...d.split('/')));
    rmdirSync(root);
    return true;
  } catch {
    return false;
  }
}
