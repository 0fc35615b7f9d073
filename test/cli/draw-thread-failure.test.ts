// A run whose draw thread fails (its module or its work fails to load, its work fails or falls silent
// mid-run) draws on in the event thread: the same files as without the thread, exit 0, one note line
// saying why (none with --quiet), and run.json says the thread did not make the draws to the end. Ctrl-C while the event thread waits
// on a silent thread ends the run within about a second, as it would in one thread; a sampler that
// fails reads the same whichever thread drew it. On the built CLI (the thread runs from dist/ only): a
// preload has the CLI's real thread start other modules; the CLI itself is the built one, unchanged.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.js';
import { BUILT_CLI, ensureBuilt } from './built-cli.js';
import { brokenWork, changedThread, loadFailures, type ThreadChange } from './thread-faults.js';

const ENTRY = 'draw-thread-entry.js';
const RUN = ['run', 'scenarios/default.yaml', '--quiet'];
const FILES = ['summary.json', 'timeline.csv', 'events.csv'];
/** Past this a run is killed (code null): well short of the minute a run once waited on a dead thread. */
const KILL_MS = 20_000;

interface Ran {
  code: number | null;
  out: string;
  err: string;
}

/** The built CLI run with `node` flags before it and PCHAT_SIM_THREADS=`mode`. */
function cli(node: string[], mode: string, ...argv: string[]): Ran {
  const r = spawnSync(process.execPath, [...node, BUILT_CLI, ...argv], {
    encoding: 'utf8',
    env: { ...process.env, PCHAT_SIM_THREADS: mode },
    timeout: KILL_MS,
    killSignal: 'SIGKILL',
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const dir = tempDir();
const off = join(dir, 'off');

beforeAll(() => {
  ensureBuilt();
  expect(cli([], 'off', ...RUN, '--out', off)).toEqual({ code: 0, out: '', err: '' });
}, 120_000);

/** The files of `out` are those of the run without the thread, and its run.json says so. */
function expectSameAsOneThread(out: string): void {
  for (const f of FILES) expect(readFileSync(join(out, f)).equals(readFileSync(join(off, f))), f).toBe(true);
  const run = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as Record<string, unknown>;
  expect(run['draw_thread']).toBe(false);
}

const changes: { what: string; change: ThreadChange; why: string }[] = [
  ...loadFailures(dir).map(({ name, url }) => ({
    what: `whose module ${name}`,
    change: { name: ENTRY, file: url },
    why: 'failed to start',
  })),
  ...loadFailures(dir).map(({ name, url }) => ({
    what: `whose work ${name}`,
    change: { name: ENTRY, work: url },
    why: 'failed to start',
  })),
  // default.yaml takes about 250 batches of sessions: these break mid-run.
  {
    what: 'that fails mid-run',
    change: { name: ENTRY, work: brokenWork(dir, 100, 'throws') },
    why: 'failed mid-run',
  },
  {
    what: 'that falls silent mid-run',
    change: { name: ENTRY, work: brokenWork(dir, 100, 'hangs') },
    why: 'made no draws for 1 s',
  },
];

describe('a run whose draw thread fails', () => {
  it.each(changes)(
    'draws on in one thread when the thread is one $what: the same files, exit 0, a note',
    ({ change, why }) => {
      const out = join(tempDir(), 'out');
      const r = cli(changedThread(dir, change), 'on', ...RUN.slice(0, 2), '--out', out);
      expect({ code: r.code, err: r.err }).toEqual({
        code: 0,
        err: `note: the draw thread ${why}: the draws were made on the event thread, results unaffected\n`,
      });
      expect(r.out).toMatch(/^wrote /m);
      expectSameAsOneThread(out);
    },
  );

  it('says nothing with --quiet', () => {
    const out = join(tempDir(), 'out');
    const change = { name: ENTRY, work: brokenWork(dir, 100, 'throws') };
    expect(cli(changedThread(dir, change), 'on', ...RUN, '--out', out)).toEqual({
      code: 0,
      out: '',
      err: '',
    });
    expectSameAsOneThread(out);
  });
});

describe('Ctrl-C while the run waits on a silent draw thread', () => {
  // The wait blocks the event thread, its signal handlers included, so only the wait's end lets the
  // signal be served: it once took the run's minute of waits.
  it('ends the run within about a second, as in one thread: no results, the usual line and signal', async () => {
    const marker = join(dir, 'silent');
    const out = join(tempDir(), 'out');
    const node = changedThread(dir, { name: ENTRY, work: brokenWork(dir, 0, 'hangs', marker) });
    const child = spawn(process.execPath, [...node, BUILT_CLI, ...RUN, '--out', out], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, PCHAT_SIM_THREADS: 'on' },
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const ended = new Promise<{ code: number | null; signal: string | null }>((done) =>
      child.on('close', (code, signal) => done({ code, signal })),
    );
    const killer = setTimeout(() => child.kill('SIGKILL'), KILL_MS);
    try {
      for (let t = 0; !existsSync(marker) && t < KILL_MS; t += 20) await sleep(20);
      // The thread fell silent before its first batch: the event thread is waiting on it by now.
      await sleep(300);
      const t0 = performance.now();
      child.kill('SIGINT');
      const r = await ended;
      const ms = performance.now() - t0;
      expect({ ...r, err }).toEqual({
        code: null,
        signal: 'SIGINT',
        err: `pchat-sim: interrupted by SIGINT; removed the partial results, ${out} is as it was\n`,
      });
      // The wait budget is a second; a busy machine's late wake-ups stay well under 5×.
      expect(ms).toBeLessThan(5000);
      expect(existsSync(out)).toBe(false);
    } finally {
      clearTimeout(killer);
    }
  }, 30_000);
});

/**
 * Node flags that make the lognormal sampler throw on a draw above 18 hours (about one session draw
 * in 3,000 with default.yaml's 8 h ± 2 h) in every thread: a preload runs in workers too.
 */
function failingSampler(): string[] {
  const dist = pathToFileURL(resolve('dist', 'random', 'distributions.js')).href;
  const preload = join(dir, 'failing-sampler.mjs');
  writeFileSync(
    preload,
    `import { makeDistribution } from ${JSON.stringify(dist)};
     const proto = Object.getPrototypeOf(makeDistribution({ dist: 'lognormal', mean: 1, sd: 1 }));
     const sample = proto.sample;
     proto.sample = function (rng) {
       const x = sample.call(this, rng);
       if (x > 18 * 3600) throw new Error('injected sampler failure');
       return x;
     };`,
  );
  return ['--import', pathToFileURL(preload).href];
}

describe('a sampler that fails', () => {
  // A bug, not bad input: validation builds every distribution of a scenario before a run, so bad
  // parameters end in a scenario issue, exit 2. A sampler's own failure is an internal error.
  it('reads the same whichever thread drew it: one internal-error line, exit 1, no results', () => {
    const ran = ['on', 'off'].map((mode) => {
      const parent = tempDir();
      const r = cli(failingSampler(), mode, ...RUN, '--out', join(parent, 'out'));
      expect(readdirSync(parent)).toEqual([]);
      return r;
    });
    expect(ran[0]).toEqual({
      code: 1,
      out: '',
      err: 'pchat-sim: internal error: injected sampler failure\n',
    });
    expect(ran[1]).toEqual(ran[0]);
  });
});
