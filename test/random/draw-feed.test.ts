// The draw feed: batches made ahead on a second thread are the draws a Variates makes itself, in the
// same order, and the stream stands where it would after a checkpoint's settle or another
// distribution's draw; a thread that fails at start, whose work fails to load, or that never makes a
// batch ends take() with one line, not a hang. The thread runs from the compiled dist/ only, so these
// tests import it there.
import { once } from 'node:events';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Worker } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type * as FeedModule from '../../src/random/draw-feed.js';
import type * as DistModule from '../../src/random/distributions.js';
import type * as RngModule from '../../src/random/rng.js';
import type * as VariatesModule from '../../src/random/variates.js';
import { ensureBuilt } from '../cli/built-cli.js';
import { tempDir } from '../helpers.js';
import { loadFailures } from '../cli/thread-faults.js';

let feedMod: typeof FeedModule;
let distMod: typeof DistModule;
let rngMod: typeof RngModule;
let varMod: typeof VariatesModule;

const built = (file: string): string => pathToFileURL(resolve(join('dist', 'random', file))).href;

beforeAll(async () => {
  ensureBuilt();
  feedMod = (await import(built('draw-feed.js'))) as typeof FeedModule;
  distMod = (await import(built('distributions.js'))) as typeof DistModule;
  rngMod = (await import(built('rng.js'))) as typeof RngModule;
  varMod = (await import(built('variates.js'))) as typeof VariatesModule;
}, 120_000);

const LOGNORMAL = { dist: 'lognormal', mean: 28_800, sd: 10_800 } as const;
const EXP = { dist: 'exponential', mean: 60 } as const;

/** A Variates on stream `seed` of `spec`, `first` draws made here, then fed from a thread. */
function fed(
  seed: string,
  first: number,
): { v: VariatesModule.Variates; feed: FeedModule.DrawFeed; rng: RngModule.Rng } {
  const rng = new rngMod.Rng(seed);
  const v = new varMod.Variates(distMod.makeDistribution(LOGNORMAL), rng);
  for (let k = 0; k < first; k++) v.next();
  const feed = feedMod.DrawFeed.start([{ spec: LOGNORMAL, rng }]);
  if (feed === null) throw new Error('no draw thread from dist/');
  v.attach(feed, 0);
  return { v, feed, rng };
}

describe('the draw feed', () => {
  it('hands out the same draws as the stream drawn here, across many rings of batches', () => {
    const oracle = new varMod.Variates(distMod.makeDistribution(LOGNORMAL), new rngMod.Rng('feed/a'));
    const { v, feed } = fed('feed/a', 100);
    for (let k = 0; k < 100; k++) oracle.next();
    try {
      for (let k = 100; k < 256 * 200; k++) expect(v.next()).toBe(oracle.next());
    } finally {
      feed.stop();
    }
  });

  it('settles the stream where it stands after the batch in hand, as a checkpoint saves it', () => {
    const { v, feed, rng } = fed('feed/b', 0);
    const here = new rngMod.Rng('feed/b');
    const dist = distMod.makeDistribution(LOGNORMAL);
    try {
      for (let k = 0; k < 256 * 3 + 17; k++) v.next();
      v.settle();
      // Four batches drawn: the stream stands after its 1,024th draw.
      for (let k = 0; k < 256 * 4; k++) dist.sample(here);
      expect(rng.next()).toBe(here.next());
    } finally {
      feed.stop();
    }
  });

  it('goes on in this thread, exactly, once another distribution draws from the stream', () => {
    const other = distMod.makeDistribution(EXP);
    const oracleRng = new rngMod.Rng('feed/c');
    const oracle = new varMod.Variates(distMod.makeDistribution(LOGNORMAL), oracleRng);
    const { v, feed } = fed('feed/c', 0);
    try {
      for (let k = 0; k < 300; k++) expect(v.next()).toBe(oracle.next());
      expect(v.sample(other)).toBe(oracle.sample(other));
      for (let k = 0; k < 600; k++) expect(v.next()).toBe(oracle.next());
    } finally {
      feed.stop();
    }
  });

  it('is not started from TypeScript sources (no compiled thread next to them)', async () => {
    const src = await import('../../src/random/draw-feed.js');
    expect(src.DrawFeed.start([{ spec: EXP, rng: new rngMod.Rng('x') }])).toBeNull();
  });
});

const STOPPED = /^the draw thread stopped before the run ended$/;

/** A thread module from source text: it gets the feed's shared memory but is not the draw thread. */
const threadOf = (code: string): URL => new URL(`data:text/javascript,${encodeURIComponent(code)}`);

/** Runs `take` and returns how long it took to throw, ms, with the error; fails if it returns. */
function timedThrow(take: () => void): { ms: number; error: unknown } {
  const t0 = performance.now();
  try {
    take();
  } catch (error) {
    return { ms: performance.now() - t0, error };
  }
  throw new Error('take() returned a batch');
}

/**
 * A feed on `thread` and its Worker. process's 'worker' events come on later ticks, in the order the
 * threads started (another test's thread may not have had its own yet), so the last one before a tick
 * queued after the start is this feed's.
 */
async function startSeen(
  thread: FeedModule.FeedThread,
): Promise<{ feed: FeedModule.DrawFeed; worker: Worker }> {
  const workers: Worker[] = [];
  const seen = (w: Worker): void => void workers.push(w);
  process.on('worker', seen);
  const feed = feedMod.DrawFeed.start([{ spec: EXP, rng: new rngMod.Rng('x') }], thread);
  await new Promise<void>((r) => process.nextTick(r));
  process.off('worker', seen);
  const worker = workers.at(-1);
  if (feed === null || worker === undefined) throw new Error('no feed for an injected thread');
  return { feed, worker };
}

/** One wait of 30 s, past the 20 s the tests below may take. */
const LONG_WAIT = { waitMs: 30_000, maxWaits: 1 };
const TIME_LIMIT_MS = 20_000;

describe('a draw thread that fails', () => {
  // A wait past the test's time limit: a take() that waited for a batch would fail the test as too slow.
  it(
    'ends take() at once with one line once the thread has thrown at start',
    async () => {
      const thread = { file: threadOf("throw new Error('failed at start')"), ...LONG_WAIT };
      const { feed, worker } = await startSeen(thread);
      try {
        await once(worker, 'error');
        expect(() => feed.take(0, new Float64Array(256))).toThrow(
          expect.objectContaining({ code: 'E_ENGINE', message: expect.stringMatching(STOPPED) }),
        );
      } finally {
        feed.stop();
      }
    },
    TIME_LIMIT_MS,
  );

  // take() is called at once, so it is waiting while the work fails to load: only the entry's flag in
  // shared memory can end its wait, as the 'error' event cannot arrive while it blocks this thread.
  it.each(loadFailures(tempDir()))(
    'ends take() with one line, within a wait, when its work $name',
    ({ url }) => {
      const thread = {
        file: new URL(built('draw-thread-entry.js')),
        work: url,
        ...LONG_WAIT,
      };
      const feed = feedMod.DrawFeed.start([{ spec: EXP, rng: new rngMod.Rng('x') }], thread);
      if (feed === null) throw new Error('no feed for an injected thread');
      try {
        expect(() => feed.take(0, new Float64Array(256))).toThrow(
          expect.objectContaining({ code: 'E_ENGINE', message: expect.stringMatching(STOPPED) }),
        );
      } finally {
        feed.stop();
      }
    },
    TIME_LIMIT_MS,
  );

  it('ends take() with one line after its wait budget when the thread never makes a batch', () => {
    const waitMs = 100;
    const maxWaits = 2;
    const thread = { file: threadOf('setInterval(() => {}, 60_000);'), waitMs, maxWaits };
    const feed = feedMod.DrawFeed.start([{ spec: EXP, rng: new rngMod.Rng('x') }], thread);
    if (feed === null) throw new Error('no feed for an injected thread');
    try {
      const { ms, error } = timedThrow(() => feed.take(0, new Float64Array(256)));
      expect(error).toMatchObject({ code: 'E_ENGINE', message: expect.stringMatching(STOPPED) });
      // The test's budget, not the run's minute: late wake-ups on a busy machine stay well under 10×.
      expect(ms).toBeGreaterThanOrEqual(waitMs * maxWaits);
      expect(ms).toBeLessThan(10 * waitMs * maxWaits);
    } finally {
      feed.stop();
    }
  });
});
