// Test helper: split-run equivalence through the built CLI. `run --checkpoint-at` the first instant,
// then a chain of `branch --checkpoint-at` the next ones and a last plain `branch`: every folder must
// hold the straight run's timeline.csv, events.csv and summary.json (and replications.csv) byte for byte.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { tempDir } from '../helpers.js';
import { BUILT_CLI } from './built-cli.js';

export const SPLIT_FILES = ['timeline.csv', 'events.csv', 'summary.json', 'replications.csv'];

/** Runs the built CLI; exit code, stdout and stderr. */
export function builtCli(...argv: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BUILT_CLI, ...argv], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/**
 * Checkpoints `file` at each of `instants` (seconds, ascending) along one chain and returns the folders:
 * the first `run --checkpoint-at` (the straight run's files too), then each branch's.
 */
export function splitChain(
  file: string,
  instants: readonly number[],
  extra: readonly string[] = [],
): string[] {
  const dir = tempDir();
  const folders: string[] = [];
  instants.forEach((t, i) => {
    const out = join(dir, `at-${i}`);
    const argv =
      i === 0
        ? ['run', file, ...extra]
        : ['branch', join(folders[i - 1] as string, 'checkpoint.pchat'), '--workers', '2'];
    const r = builtCli(...argv, '--checkpoint-at', String(t), '--out', out, '--quiet');
    expect(r, `${argv.join(' ')} --checkpoint-at ${t}`).toEqual({ code: 0, out: '', err: '' });
    folders.push(out);
  });
  const last = join(dir, 'end');
  const r = builtCli('branch', join(folders.at(-1) as string, 'checkpoint.pchat'), '--out', last, '--quiet');
  expect(r, 'last branch').toEqual({ code: 0, out: '', err: '' });
  return [...folders, last];
}

/** Every folder holds the first one's files, byte for byte. */
export function expectSameRun(folders: readonly string[]): void {
  const [first, ...rest] = folders;
  for (const f of SPLIT_FILES) {
    const path = join(first as string, f);
    if (!existsSync(path)) continue;
    const want = readFileSync(path);
    for (const d of rest) expect(readFileSync(join(d, f)).equals(want), `${d}/${f}`).toBe(true);
  }
}
