// A run whose draw thread dies mid-run ends in one line, exit 1, and leaves no results, not even staged
// ones, on the built CLI (the thread runs from dist/ only). A preload has the CLI start the real thread
// made to throw from inside its work; the CLI itself is the built one, unchanged.
import { spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.js';
import { BUILT_CLI, ensureBuilt } from './built-cli.js';

/**
 * Node flags that have the CLI start, where it would start the draw thread, the real one made to throw
 * from inside its work after `batches` batches of its first stream, as a failing sampler would.
 */
function dyingThread(dir: string, batches: number): string[] {
  const real = pathToFileURL(resolve('dist', 'random', 'draw-thread.js')).href;
  const thread = join(dir, 'dying-thread.mjs');
  writeFileSync(
    thread,
    `import { workerData } from 'node:worker_threads';
     const s = workerData.streams[0];
     let left = ${256 * batches};
     s.draws = new Proxy(s.draws, {
       set(t, k, v) {
         if (--left < 0) throw new Error('injected failure');
         t[k] = v;
         return true;
       },
     });
     await import(${JSON.stringify(real)});`,
  );
  const preload = join(dir, 'preload.mjs');
  writeFileSync(
    preload,
    `import wt from 'node:worker_threads';
     import { syncBuiltinESMExports } from 'node:module';
     const Real = wt.Worker;
     wt.Worker = class extends Real {
       constructor(file, options) {
         super(String(file).endsWith('draw-thread.js') ? ${JSON.stringify(thread)} : file, options);
       }
     };
     syncBuiltinESMExports();`,
  );
  return ['--import', pathToFileURL(preload).href];
}

beforeAll(ensureBuilt, 120_000);

describe('a run whose draw thread dies', () => {
  it('exits 1 with one line and leaves no results, not even staged ones', () => {
    const parent = tempDir();
    // default.yaml takes about 250 batches of sessions: the thread dies mid-run, its output files
    // begun in the staging folder. A flagged failure ends the run within seconds, not after the
    // feed's minute of waits (past the limit, the run is killed: code null).
    const r = spawnSync(
      process.execPath,
      [
        ...dyingThread(tempDir(), 100),
        BUILT_CLI,
        'run',
        'scenarios/default.yaml',
        '--out',
        join(parent, 'out'),
      ],
      {
        encoding: 'utf8',
        env: { ...process.env, PCHAT_SIM_THREADS: 'on' },
        timeout: 30_000,
        killSignal: 'SIGKILL',
      },
    );
    expect({ code: r.status, out: r.stdout, err: r.stderr }).toEqual({
      code: 1,
      out: '',
      err: 'pchat-sim: E_ENGINE: the draw thread stopped before the run ended\n',
    });
    expect(readdirSync(parent)).toEqual([]);
  });
});
