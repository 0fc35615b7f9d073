import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { MANIFEST, OutputDir } from '../../src/io/output-dir.js';
import { STALE_AFTER_MS } from '../../src/io/output-lock.js';
import { besideName, hostTag, lockName, stagingName } from '../../src/io/output-path.js';
import { tempDir } from '../helpers.js';

function write(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}

function visible(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => !f.startsWith('.'))
    .sort();
}

describe('OutputDir', () => {
  it('stages files out of sight and moves them into place on commit', () => {
    const parent = tempDir();
    const target = join(parent, 'out');
    const out = OutputDir.open(target, { force: false });
    write(out.staging, { 'a.csv': 'a', 'sub/b.svg': 'b' });
    expect(existsSync(target)).toBe(false);
    expect(visible(parent)).toEqual([]);
    out.commit();
    expect(readdirSync(parent)).toEqual(['out']);
    expect(readFileSync(join(target, 'sub', 'b.svg'), 'utf8')).toBe('b');
    expect(JSON.parse(readFileSync(join(target, MANIFEST), 'utf8'))).toEqual({
      files: ['a.csv', 'sub/b.svg'],
    });
  });

  it('leaves nothing behind on discard, not even the parent folders it made', () => {
    const parent = tempDir();
    const out = OutputDir.open(join(parent, 'x', 'y', 'out'), { force: false });
    write(out.staging, { 'a.csv': 'partial' });
    out.discard();
    expect(readdirSync(parent)).toEqual([]);
  });

  it('refuses an existing results folder without --force, before anything is staged', () => {
    const parent = tempDir();
    const target = join(parent, 'out');
    write(target, { 'summary.json': '{}' });
    expect(() => OutputDir.open(target, { force: false })).toThrow(
      new UsageError(`${target}: the results folder exists; add --force to replace it`),
    );
    expect(readdirSync(parent)).toEqual(['out']);
  });

  it('uses an existing empty folder without --force', () => {
    const target = tempDir();
    const out = OutputDir.open(target, { force: false });
    write(out.staging, { 'a.csv': 'a' });
    out.commit();
    expect(visible(target)).toEqual(['a.csv']);
  });

  it('replaces, with --force, exactly the files its manifest lists', () => {
    const target = join(tempDir(), 'out');
    const first = OutputDir.open(target, { force: false });
    write(first.staging, { 'old.csv': '1', 'charts/old.svg': '1' });
    first.commit();
    const second = OutputDir.open(target, { force: true });
    write(second.staging, { 'new.csv': '2' });
    second.commit();
    expect(visible(target)).toEqual(['new.csv']);
    expect(readdirSync(join(target, '..')).sort()).toEqual(['out']);
  });

  it('never deletes a file it did not write, even with --force', () => {
    const target = join(tempDir(), 'out');
    const first = OutputDir.open(target, { force: false });
    write(first.staging, { 'timeline.csv': '1' });
    first.commit();
    write(target, { 'notes.txt': 'mine', 'charts/extra.svg': 'mine too' });
    expect(() => OutputDir.open(target, { force: true })).toThrow(
      `${target}: holds files pchat-sim did not write (charts/extra.svg, notes.txt); --force replaces only pchat-sim results, so move them or choose another --out`,
    );
    expect(readFileSync(join(target, 'notes.txt'), 'utf8')).toBe('mine');
  });

  it('never takes a folder without a manifest as its own, whatever its files are called', () => {
    const target = join(tempDir(), 'out');
    write(target, { 'summary.json': 'mine', 'report.html': 'mine' });
    expect(() => OutputDir.open(target, { force: true })).toThrow(
      `${target}: holds files pchat-sim did not write (report.html, summary.json); --force replaces only pchat-sim results, so move them or choose another --out`,
    );
    expect(readFileSync(join(target, 'summary.json'), 'utf8')).toBe('mine');
  });

  it('refuses a folder holding only an empty sub-folder, and leaves it where it was', () => {
    const parent = tempDir();
    const target = join(parent, 'out');
    mkdirSync(join(target, 'empty'), { recursive: true });
    expect(() => OutputDir.open(target, { force: false })).toThrow(
      `${target}: the results folder exists; add --force to replace it`,
    );
    expect(() => OutputDir.open(target, { force: true })).toThrow(/did not write \(empty\)/);
    expect(readdirSync(parent)).toEqual(['out']);
    expect(readdirSync(target)).toEqual(['empty']);
  });

  it('counts an empty sub-folder beside its own files as foreign', () => {
    const target = join(tempDir(), 'out');
    const first = OutputDir.open(target, { force: false });
    write(first.staging, { 'a.csv': '1' });
    first.commit();
    mkdirSync(join(target, 'mine'));
    expect(() => OutputDir.open(target, { force: true })).toThrow(/did not write \(mine\/\)/);
  });

  it('checks the target again at commit and keeps a file added during the run', () => {
    const target = join(tempDir(), 'out');
    const first = OutputDir.open(target, { force: false });
    write(first.staging, { 'a.csv': '1' });
    first.commit();
    const second = OutputDir.open(target, { force: true });
    write(target, { 'added.txt': 'mine' });
    expect(() => second.commit()).toThrow(/did not write \(added\.txt\)/);
    second.discard();
    expect(visible(target)).toEqual(['a.csv', 'added.txt']);
  });

  it('lets one run at a time write a folder, and says which holds it', () => {
    const parent = tempDir();
    const target = join(parent, 'out');
    const first = OutputDir.open(target, { force: false });
    expect(() => OutputDir.open(target, { force: false })).toThrow(
      new RegExp(`^${target}: another pchat-sim run \\(pid ${process.pid} on .+\\) is writing this folder`),
    );
    first.discard();
    OutputDir.open(target, { force: false }).discard();
    expect(readdirSync(parent)).toEqual([]);
  });

  it("removes a dead process's staging folder and lock, never another machine's", () => {
    const parent = tempDir();
    const dead = stagingName('out', 2 ** 22 + 1); // above Linux's pid_max: never alive
    const other = stagingName('out', process.pid, 'another-host');
    write(join(parent, dead), { 'timeline.csv': 'partial' });
    write(join(parent, other), { 'timeline.csv': 'live elsewhere' });
    writeFileSync(join(parent, lockName('out')), JSON.stringify({ host: hostTag(), pid: 2 ** 22 + 1 }));
    const out = OutputDir.open(join(parent, 'out'), { force: false });
    expect(readdirSync(parent).sort()).toEqual([lockName('out'), other, stagingName('out')].sort());
    out.discard();
    expect(readdirSync(parent)).toEqual([other]);
    writeFileSync(join(parent, lockName('out')), JSON.stringify({ host: 'another-host', pid: 1 }));
    expect(() => OutputDir.open(join(parent, 'out'), { force: false })).toThrow(/pid 1 on another-host/);
  });

  it("takes over another machine's lock once its heartbeat is older than 60 s, and clears what it left", () => {
    const parent = tempDir();
    const lock = join(parent, lockName('out'));
    const owner = { host: 'another-host', pid: 4242, start: '2026-01-01T00:00:00.000Z' };
    const staged = stagingName('out', 4242, 'another-host');
    write(join(parent, staged), { 'timeline.csv': 'partial' });
    writeFileSync(lock, JSON.stringify(owner));
    const ago = (ms: number): Date => new Date(Date.now() - ms);
    utimesSync(lock, ago(STALE_AFTER_MS - 10_000), ago(STALE_AFTER_MS - 10_000));
    expect(() => OutputDir.open(join(parent, 'out'), { force: false })).toThrow(
      `${join(parent, 'out')}: another pchat-sim run (pid 4242 on another-host, started 2026-01-01T00:00:00.000Z) is writing this folder; wait for it or choose another --out`,
    );
    utimesSync(lock, ago(STALE_AFTER_MS + 1000), ago(STALE_AFTER_MS + 1000));
    const out = OutputDir.open(join(parent, 'out'), { force: false });
    expect(JSON.parse(readFileSync(lock, 'utf8'))).toMatchObject({ host: hostTag(), pid: process.pid });
    expect(readdirSync(parent).sort()).toEqual([lockName('out'), stagingName('out')].sort());
    out.discard();
    expect(readdirSync(parent)).toEqual([]);
  });

  it("puts back a dead run's replaced results when its new ones never moved in, and drops them when they did", () => {
    const parent = tempDir();
    const target = join(parent, 'out');
    const first = OutputDir.open(target, { force: false });
    write(first.staging, { 'a.csv': 'old' });
    first.commit();
    const dead = 2 ** 22 + 1; // above Linux's pid_max: never alive
    const aside = join(parent, besideName('out', 'old', dead));
    const legacy = join(parent, `${stagingName('out', dead + 1)}.old`);
    // Killed between its two renames: the results sit aside, the folder is gone.
    renameSync(target, aside);
    expect(() => OutputDir.open(target, { force: false })).toThrow(
      `${target}: the results folder exists; add --force to replace it`,
    );
    expect(readFileSync(join(target, 'a.csv'), 'utf8')).toBe('old');
    // Killed after the new results moved in (an earlier version's name): the replaced files go.
    const copy = OutputDir.open(join(parent, 'copy'), { force: false });
    write(copy.staging, { 'b.csv': 'older' });
    copy.commit();
    renameSync(join(parent, 'copy'), legacy);
    write(join(parent, besideName('out', 'trash', dead)), { 'c.csv': 'on its way out' });
    OutputDir.open(target, { force: true }).discard();
    expect(readdirSync(parent).sort()).toEqual(['out']);
  });

  it('refuses, before making anything, a path that cannot be a results folder', () => {
    const parent = tempDir();
    writeFileSync(join(parent, 'afile'), 'x');
    const cases: [string, string | RegExp][] = [
      ['', '--out: expected a folder path; received an empty string'],
      ['/', '/: is the root of the file system; choose a folder to create'],
      [
        join(parent, 'afile', 'x'),
        `${join(parent, 'afile', 'x')}: ${join(parent, 'afile')} is a file, not a folder`,
      ],
      [join(parent, 'n'.repeat(250)), /the folder name is too long: at most \d+ bytes here/],
      [join(parent, 'n'.repeat(300), 'x'), /a folder name is at most 255 bytes; received 300/],
    ];
    for (const [path, message] of cases) expect(() => OutputDir.open(path, { force: true })).toThrow(message);
    expect(readdirSync(parent)).toEqual(['afile']);
  });
  it('refuses a path that is a file', () => {
    const target = join(tempDir(), 'file');
    writeFileSync(target, 'x');
    expect(() => OutputDir.open(target, { force: true })).toThrow(
      `${target}: exists and is not a folder; choose another --out`,
    );
    expect(readFileSync(target, 'utf8')).toBe('x');
  });
});
