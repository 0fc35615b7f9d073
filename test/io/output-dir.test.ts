import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { MANIFEST, OutputDir } from '../../src/io/output-dir.js';
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

  it('treats a folder of the contract files from before manifests as its own', () => {
    const target = join(tempDir(), 'out');
    write(target, { 'timeline.csv': '', 'events.csv': '', 'summary.json': '', 'run.json': '' });
    const out = OutputDir.open(target, { force: true });
    write(out.staging, { 'timeline.csv': 'new' });
    out.commit();
    expect(visible(target)).toEqual(['timeline.csv']);
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
