// The identity of the running build: the SHA-256 of its compiled JavaScript, so results written by two
// different builds are never combined as one experiment. `npm run build` records it, with the package
// version and git commit as labels, in dist/build-id.json (write-build-id.ts); run.json and partial.json
// carry it.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The record's file name, at the root of the compiled tree (dist/build-id.json). */
export const BUILD_ID_FILE = 'build-id.json';

/** A build: `id` identifies it; `version` and `commit` only label it for people. */
export interface BuildId {
  /** SHA-256 (hex) of the compiled tree, see {@link hashTree}. */
  readonly id: string;
  /** package.json's version. */
  readonly version: string;
  /** The git commit built (short hash), or null when not known (no git, a copied tree). */
  readonly commit: string | null;
}

/**
 * The SHA-256 of every file under `root` whose name ends in `ext` (`.js`: source maps and the record
 * itself are left out), in order of their '/'-separated relative paths, each hashed as
 * `path NUL byte-length NUL bytes`, so no two different trees give the same input.
 */
export function hashTree(root: string, ext: string): string {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && entry.name.endsWith(ext))
        files.push(relative(root, full).split(sep).join('/'));
    }
  };
  walk(root);
  files.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const h = createHash('sha256');
  for (const f of files) {
    const bytes = readFileSync(join(root, ...f.split('/')));
    h.update(`${f}\0${bytes.byteLength}\0`);
    h.update(bytes);
  }
  return h.digest('hex');
}

/** The root of the running tree (dist/, or src/ when running from TypeScript sources) and its code's extension. */
function runningTree(): { root: string; ext: string } {
  const here = fileURLToPath(import.meta.url);
  return { root: fileURLToPath(new URL('..', import.meta.url)), ext: here.endsWith('.ts') ? '.ts' : '.js' };
}

/** package.json's version, read beside the running tree. */
export function packageVersion(root: string): string {
  try {
    const v = (JSON.parse(readFileSync(join(root, '..', 'package.json'), 'utf8')) as { version?: unknown })
      .version;
    return typeof v === 'string' ? v : 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * The running build: dist/build-id.json as `npm run build` wrote it; without that record (running from
 * TypeScript sources, or a tree compiled by tsc alone), the hash of the running tree, computed now.
 */
export function currentBuild(): BuildId {
  const { root, ext } = runningTree();
  const file = join(root, BUILD_ID_FILE);
  if (existsSync(file)) {
    try {
      const v = JSON.parse(readFileSync(file, 'utf8')) as Partial<BuildId>;
      if (typeof v.id === 'string' && /^[0-9a-f]{64}$/.test(v.id))
        return {
          id: v.id,
          version: typeof v.version === 'string' ? v.version : packageVersion(root),
          commit: typeof v.commit === 'string' ? v.commit : null,
        };
    } catch {
      // an unreadable record: the tree's own hash below is the truth it should have held
    }
  }
  return { id: hashTree(root, ext), version: packageVersion(root), commit: null };
}

/** A build in one short phrase: `3f2a9c1e… (0.1.0, 54337f8)`. */
export function buildLabel(b: BuildId): string {
  return `${b.id.slice(0, 8)}… (${b.version}${b.commit === null ? '' : `, ${b.commit}`})`;
}
