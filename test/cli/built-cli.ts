// Test helper: the built CLI (dist/cli/main.js), rebuilt first when missing or older than src/.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Path of the built entry point, relative to the repository root. */
export const BUILT_CLI = join('dist', 'cli', 'main.js');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }
  return newest;
}

const BUILD_ID = join('dist', 'build-id.json');

/**
 * Builds dist/ with the project's build config, and its build-id.json, if either is missing or older
 * than src/ (type errors elsewhere do not stop tsc emitting).
 */
export function ensureBuilt(): void {
  const newest = newestSource('src');
  const fresh = (f: string): boolean => existsSync(f) && statSync(f).mtimeMs >= newest;
  if (fresh(BUILT_CLI) && fresh(BUILD_ID)) return;
  try {
    execFileSync(
      process.execPath,
      [join('node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
      { stdio: 'pipe' },
    );
  } catch {
    // tsc exits non-zero on a type error but still emits; the check below is what matters.
  }
  if (!existsSync(BUILT_CLI)) throw new Error(`could not build ${BUILT_CLI}`);
  execFileSync(process.execPath, [join('dist', 'io', 'write-build-id.js')], { stdio: 'pipe' });
}
