// The temporary folders a test file makes (through helpers.ts tempDir), removed after the file
// (test/setup.ts), so test runs do not fill the machine's temporary folder.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made: string[] = [];

/** A fresh temporary folder, removed after the test file. */
export function makeTempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Removes every folder made so far; one still in use (a mount point a test left) stays. */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // EBUSY and the like: leave it rather than fail the tests.
    }
  }
}
