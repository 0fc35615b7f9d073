// The build id: `npm run build` (and the tests' own build) records the SHA-256 of dist/**/*.js, paths
// sorted, source maps left out, with the package version and git commit as labels.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from './built-cli.js';

/** The documented hash, computed here independently of src/io/build-id.ts. */
function distHash(): string {
  const files = (readdirSync('dist', { recursive: true }) as string[])
    .map((f) => relative('dist', join('dist', f)).split('\\').join('/'))
    .filter((f) => f.endsWith('.js'))
    .sort();
  const h = createHash('sha256');
  for (const f of files) {
    const bytes = readFileSync(join('dist', f));
    h.update(`${f}\0${bytes.byteLength}\0`);
    h.update(bytes);
  }
  return h.digest('hex');
}

describe('dist/build-id.json', () => {
  beforeAll(ensureBuilt, 120_000);

  it('holds the SHA-256 of the compiled JavaScript, the package version and the git commit', () => {
    const record = JSON.parse(readFileSync(join('dist', 'build-id.json'), 'utf8'));
    let commit: string | null = null;
    try {
      commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { stdio: ['ignore', 'pipe', 'ignore'] })
        .toString()
        .trim();
    } catch {
      // not a git checkout: the record says so with null
    }
    const version = JSON.parse(readFileSync('package.json', 'utf8')).version;
    expect(record).toEqual({ id: distHash(), version, commit });
  });
});
