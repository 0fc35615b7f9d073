// The malformed-scenario corpus: every file in test/fixtures/invalid/ (and a few made at test time:
// a 200 MB file, a folder, a missing file) exits 2 with exactly its expected one-line message, writes
// nothing, and shows no stack trace. Expected messages live in test/fixtures/invalid/expected.json,
// with {file} standing for the path; they are golden: update them deliberately.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../cli-capture.js';
import { BUILT_CLI, ensureBuilt } from '../cli/built-cli.js';
import { tempDir } from '../helpers.js';

const DIR = join('test', 'fixtures', 'invalid');
const MANIFEST = 'expected.json';
const expected = JSON.parse(readFileSync(join(DIR, MANIFEST), 'utf8')) as Record<string, string>;
const fixtures = readdirSync(DIR)
  .filter((f) => f !== MANIFEST)
  .sort();

const STACK_LINE = /^\s+at |Error: |node:internal/;

describe('the invalid scenario corpus', () => {
  it('holds at least 40 malformed scenarios, each with exactly one expected message', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(40);
    expect(Object.keys(expected).sort()).toEqual(fixtures);
  });

  it.each(fixtures)('%s: validate exits 2 with its one-line message', async (f) => {
    const path = join(DIR, f);
    const r = await cli('validate', path);
    expect(r).toEqual({ code: 2, out: [], err: [(expected[f] ?? '').split('{file}').join(path)] });
  });

  it.each(fixtures)('%s: run exits 2, writes nothing, no stack trace', async (f) => {
    const out = join(tempDir(), 'out');
    const r = await cli('run', join(DIR, f), '--out', out);
    expect(r.code).toBe(2);
    expect(r.err[0]).toBe((expected[f] ?? '').split('{file}').join(join(DIR, f)));
    expect(r.err.filter((l) => STACK_LINE.test(l))).toEqual([]);
    expect(existsSync(out)).toBe(false);
  });

  it('survives every fixture in one process, deep and bomb files included, and lists them all', async () => {
    const paths = fixtures.map((f) => join(DIR, f));
    const r = await cli('validate', ...paths, ...paths);
    const lines = fixtures.map((f, i) => (expected[f] ?? '').split('{file}').join(paths[i] ?? ''));
    expect(r).toEqual({ code: 2, out: [], err: [...lines, ...lines] });
  });

  it('gives exactly those lines on the real stderr of the built CLI: no warning, no stack trace, no crash', () => {
    ensureBuilt();
    const paths = fixtures.map((f) => join(DIR, f));
    const r = spawnSync(process.execPath, [BUILT_CLI, 'validate', ...paths], { encoding: 'utf8' });
    const lines = fixtures.map((f, i) => (expected[f] ?? '').split('{file}').join(paths[i] ?? ''));
    expect({ status: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({
      status: 2,
      stdout: '',
      stderr: `${lines.join('\n')}\n`,
    });
  }, 120_000);
});

describe('inputs made at test time', () => {
  let dir = '';
  beforeAll(() => {
    dir = tempDir();
    // A sparse 200 MB file: its size is refused before a byte is read, so the disk holds almost nothing.
    const fd = openSync(join(dir, 'huge.yaml'), 'w');
    writeSync(fd, 'name: huge\n');
    writeSync(fd, '#', 200 * 1024 * 1024 - 1);
    closeSync(fd);
    mkdirSync(join(dir, 'folder.yaml'));
  });

  it('refuses a 200 MB file by its size, before reading it', async () => {
    const path = join(dir, 'huge.yaml');
    const r = await cli('validate', path);
    // The exact size comes from the file's stat: a read stops one byte past the cap, knowing no size.
    expect(r).toEqual({
      code: 2,
      out: [],
      err: [`${path}: a scenario file is at most 1048576 bytes; received 209715200 bytes`],
    });
  });

  it('names a folder and a missing file', async () => {
    const folder = join(dir, 'folder.yaml');
    const missing = join(dir, 'missing.yaml');
    const r = await cli('validate', folder, missing);
    expect(r).toEqual({
      code: 2,
      out: [],
      err: [
        `${folder}: cannot read the file (EISDIR: it is a folder)`,
        `${missing}: cannot read the file (ENOENT)`,
      ],
    });
  });

  it.runIf(existsSync('/dev/zero'))('stops reading an endless device at the size cap', async () => {
    const r = await cli('validate', '/dev/zero');
    expect(r).toEqual({
      code: 2,
      out: [],
      err: ['/dev/zero: a scenario file is at most 1048576 bytes; received more'],
    });
  });
});
