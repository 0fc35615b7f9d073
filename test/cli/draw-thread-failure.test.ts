// A run whose draw thread fails, mid-run or as its work loads, ends in one line, exit 1, and leaves no
// results, not even staged ones, on the built CLI (the thread runs from dist/ only). A preload has the
// CLI's real thread entry load other work; the CLI itself is the built one, unchanged.
import { spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.js';
import { BUILT_CLI, ensureBuilt } from './built-cli.js';
import { changedThread, loadFailures } from './thread-faults.js';

/**
 * Work (its URL) that runs the real draw thread made to throw from inside its work after `batches`
 * batches of its first stream, as a failing sampler would.
 */
function dyingWork(dir: string, batches: number): string {
  const real = pathToFileURL(resolve('dist', 'random', 'draw-thread.js')).href;
  const work = join(dir, 'dying-work.mjs');
  writeFileSync(
    work,
    `import { runDrawThread as real } from ${JSON.stringify(real)};
     export function runDrawThread(data) {
       const s = data.streams[0];
       let left = ${256 * batches};
       s.draws = new Proxy(s.draws, {
         set(t, k, v) {
           if (--left < 0) throw new Error('injected failure');
           t[k] = v;
           return true;
         },
       });
       real(data);
     }`,
  );
  return pathToFileURL(work).href;
}

/**
 * The built CLI's run of default.yaml with both threads on, its draw thread's entry loading `work`;
 * past 30 s, well short of the feed's minute of waits, the run is killed (code null).
 */
function runWithWork(
  dir: string,
  work: string,
  out: string,
): { code: number | null; out: string; err: string } {
  const r = spawnSync(
    process.execPath,
    [
      ...changedThread(dir, { name: 'draw-thread-entry.js', work }),
      BUILT_CLI,
      'run',
      'scenarios/default.yaml',
      '--out',
      out,
    ],
    {
      encoding: 'utf8',
      env: { ...process.env, PCHAT_SIM_THREADS: 'on' },
      timeout: 30_000,
      killSignal: 'SIGKILL',
    },
  );
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const STOPPED = {
  code: 1,
  out: '',
  err: 'pchat-sim: E_ENGINE: the draw thread stopped before the run ended\n',
};

beforeAll(ensureBuilt, 120_000);

describe('a run whose draw thread dies', () => {
  it('exits 1 with one line and leaves no results, not even staged ones', () => {
    const dir = tempDir();
    const parent = tempDir();
    // default.yaml takes about 250 batches of sessions: the thread dies mid-run, its output files
    // begun in the staging folder. A flagged failure ends the run within seconds.
    expect(runWithWork(dir, dyingWork(dir, 100), join(parent, 'out'))).toEqual(STOPPED);
    expect(readdirSync(parent)).toEqual([]);
  });
});

describe('a run whose draw thread cannot load its work', () => {
  const dir = tempDir();
  // The event thread waits for its first batch while the load fails: only the thread's flag in shared
  // memory, not its 'error' event, reaches it before the wait budget.
  it.each(loadFailures(dir))('exits 1 with one line and leaves no results when the work $name', ({ url }) => {
    const parent = tempDir();
    expect(runWithWork(dir, url, join(parent, 'out'))).toEqual(STOPPED);
    expect(readdirSync(parent)).toEqual([]);
  });
});
