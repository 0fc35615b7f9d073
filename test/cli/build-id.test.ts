// The build id: `npm run build` (and the tests' own build) records the SHA-256 of dist/**/*.js, paths
// sorted, source maps left out, with the package version and git commit as labels; run.json and every
// shard's partial.json carry it, and merge refuses shards of two builds, naming both.
import { createHash } from 'node:crypto';
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.js';
import { BUILT_CLI, ensureBuilt } from './built-cli.js';

function cli(args: string[]): Promise<{ code: number | null; err: string }> {
  const child = spawn(process.execPath, [BUILT_CLI, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((done) => child.on('close', (code) => done({ code, err })));
}

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

describe('the build id in results', () => {
  beforeAll(ensureBuilt, 120_000);

  it('is in run.json and partial.json, and merge refuses shards of two builds, naming both', async () => {
    const dir = tempDir();
    const record = JSON.parse(readFileSync(join('dist', 'build-id.json'), 'utf8'));
    for (const i of [0, 1]) {
      const args = ['run', 'scenarios/standard-separate.yaml', '--replications', '2', '--shard', `${i}/2`];
      expect(await cli([...args, '--out', join(dir, `s${i}`), '--quiet'])).toEqual({ code: 0, err: '' });
      expect(JSON.parse(readFileSync(join(dir, `s${i}`, 'partial.json'), 'utf8')).build).toEqual(record);
      expect(JSON.parse(readFileSync(join(dir, `s${i}`, 'run.json'), 'utf8')).build).toEqual(record);
    }
    const partial = join(dir, 's1', 'partial.json');
    const other = { id: 'f'.repeat(64), version: '0.0.9', commit: 'abc1234' };
    writeFileSync(partial, JSON.stringify({ ...JSON.parse(readFileSync(partial, 'utf8')), build: other }));
    const label = (b: { id: string; version: string; commit: string | null }): string =>
      `${b.id.slice(0, 8)}… (${b.version}${b.commit === null ? '' : `, ${b.commit}`})`;
    expect(await cli(['merge', join(dir, 's0'), join(dir, 's1'), '--out', join(dir, 'm')])).toEqual({
      code: 2,
      err: `${join(dir, 's1')}: written by build ${label(other)}; ${join(dir, 's0')} by ${label(record)}: run every shard with one build\n`,
    });
    expect(readdirSync(dir).sort()).toEqual(['s0', 's1']);
  });
});
