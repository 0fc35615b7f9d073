// The draw feed: batches made ahead on a second thread are the draws a Variates makes itself, in the
// same order, and the stream stands where it would after a checkpoint's settle or another
// distribution's draw; a thread that fails to load (itself or its work), fails later or falls silent
// makes the feed give out within its waits, and the Variates goes on drawing itself, exactly. The
// thread runs from the compiled dist/ only, so these tests import it there.
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type * as FeedModule from '../../src/random/draw-feed.js';
import type * as DistModule from '../../src/random/distributions.js';
import type * as RngModule from '../../src/random/rng.js';
import type * as VariatesModule from '../../src/random/variates.js';
import { ensureBuilt } from '../cli/built-cli.js';
import { tempDir } from '../helpers.js';
import { brokenWork, loadFailures } from '../cli/thread-faults.js';

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

interface Fed {
  v: VariatesModule.Variates;
  feed: FeedModule.DrawFeed;
  rng: RngModule.Rng;
}

/**
 * A Variates on stream `seed` of LOGNORMAL, `first` draws made here, then fed from a thread (the
 * compiled one, or `thread`); its start is not awaited.
 */
function fedFrom(seed: string, first: number, thread?: FeedModule.FeedThread): Fed {
  const rng = new rngMod.Rng(seed);
  const v = new varMod.Variates(distMod.makeDistribution(LOGNORMAL), rng);
  for (let k = 0; k < first; k++) v.next();
  const feed = feedMod.DrawFeed.start([{ spec: LOGNORMAL, rng }], ...(thread === undefined ? [] : [thread]));
  if (feed === null) throw new Error('no draw thread from dist/');
  v.attach(feed, 0);
  return { v, feed, rng };
}

/** {@link fedFrom} the compiled thread, once it has started. */
async function fed(seed: string, first: number): Promise<Fed> {
  const f = fedFrom(seed, first);
  expect(await f.feed.ready()).toBe(true);
  return f;
}

describe('the draw feed', () => {
  it('hands out the same draws as the stream drawn here, across many rings of batches', async () => {
    const oracle = new varMod.Variates(distMod.makeDistribution(LOGNORMAL), new rngMod.Rng('feed/a'));
    const { v, feed } = await fed('feed/a', 100);
    for (let k = 0; k < 100; k++) oracle.next();
    try {
      for (let k = 100; k < 256 * 200; k++) expect(v.next()).toBe(oracle.next());
      expect(feed.intact).toBe(true);
      expect(feed.failure).toBeNull();
    } finally {
      feed.stop();
    }
  });

  it('settles the stream where it stands after the batch in hand, as a checkpoint saves it', async () => {
    const { v, feed, rng } = await fed('feed/b', 0);
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

  it('goes on in this thread, exactly, once another distribution draws from the stream', async () => {
    const other = distMod.makeDistribution(EXP);
    const oracleRng = new rngMod.Rng('feed/c');
    const oracle = new varMod.Variates(distMod.makeDistribution(LOGNORMAL), oracleRng);
    const { v, feed } = await fed('feed/c', 0);
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

/** A thread module from source text: it gets the feed's shared memory but is not the draw thread. */
const threadOf = (code: string): string => `data:text/javascript,${encodeURIComponent(code)}`;

/** The compiled entry, loading `work` (a URL) instead of the draw thread's. */
const entryWith = (work: string): { file: URL; work: string } => ({
  file: new URL(built('draw-thread-entry.js')),
  work,
});

/** Deadlines past the 20 s a test below may take: a feed that waited for them would fail it as too slow. */
const LONG = { readyMs: 30_000, waitMs: 30_000, maxWaits: 1 };
const TIME_LIMIT_MS = 20_000;

/** Runs `f` and returns how long it took, ms, with its value. */
async function timed<T>(f: () => T | Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await f();
  return { ms: performance.now() - t0, value };
}

/** The oracle: LOGNORMAL drawn from stream `seed` in this thread only. */
function here(seed: string): { v: VariatesModule.Variates; rng: RngModule.Rng } {
  const rng = new rngMod.Rng(seed);
  return { v: new varMod.Variates(distMod.makeDistribution(LOGNORMAL), rng), rng };
}

describe('a draw thread that fails', () => {
  const dir = tempDir();

  // Before its ready handshake a run waited for its first batch; a thread module that failed to load
  // could not say so (its 'error' event cannot arrive while take() blocks), so it waited its budget.
  it.each(loadFailures(dir))(
    'gives out at start, without waiting its deadline, when the thread itself $name',
    async ({ url }) => {
      const feed = feedMod.DrawFeed.start([{ spec: EXP, rng: new rngMod.Rng('x') }], {
        file: new URL(url),
        ...LONG,
      });
      if (feed === null) throw new Error('no feed for an injected thread');
      try {
        expect(await feed.ready()).toBe(false);
        expect(feed.intact).toBe(false);
        expect(feed.failure).toBe('failed to start');
        expect(feed.take(0, new Float64Array(256))).toBe(false);
      } finally {
        feed.stop();
      }
    },
    TIME_LIMIT_MS,
  );

  it.each(loadFailures(dir))(
    'gives out at start when the work its entry loads $name',
    async ({ url }) => {
      const feed = feedMod.DrawFeed.start([{ spec: EXP, rng: new rngMod.Rng('x') }], {
        ...entryWith(url),
        ...LONG,
      });
      if (feed === null) throw new Error('no feed for an injected thread');
      try {
        expect(await feed.ready()).toBe(false);
        expect(feed.failure).toBe('failed to start');
        expect(feed.take(0, new Float64Array(256))).toBe(false);
      } finally {
        feed.stop();
      }
    },
    TIME_LIMIT_MS,
  );

  it('gives out at its deadline when the thread never says it is ready', async () => {
    const readyMs = 200;
    const feed = feedMod.DrawFeed.start([{ spec: EXP, rng: new rngMod.Rng('x') }], {
      file: new URL(threadOf('setInterval(() => {}, 60_000);')),
      ...LONG,
      readyMs,
    });
    if (feed === null) throw new Error('no feed for an injected thread');
    try {
      const { ms, value } = await timed(() => feed.ready());
      expect(value).toBe(false);
      expect(feed.failure).toBe('did not start within 0.2 s');
      // Late wake-ups on a busy machine stay well under 10×.
      expect(ms).toBeGreaterThanOrEqual(readyMs - 1);
      expect(ms).toBeLessThan(10 * readyMs);
    } finally {
      feed.stop();
    }
  });

  it("gives a ready thread up after take()'s wait budget when it makes no batch", async () => {
    const waitMs = 100;
    const maxWaits = 2;
    const feed = feedMod.DrawFeed.start([{ spec: EXP, rng: new rngMod.Rng('x') }], {
      ...entryWith(brokenWork(dir, 0, 'hangs')),
      ...LONG,
      waitMs,
      maxWaits,
    });
    if (feed === null) throw new Error('no feed for an injected thread');
    try {
      expect(await feed.ready()).toBe(true);
      const { ms, value } = await timed(() => feed.take(0, new Float64Array(256)));
      expect(value).toBe(false);
      expect(feed.intact).toBe(false);
      expect(feed.failure).toBe('made no draws for 0.2 s');
      expect(ms).toBeGreaterThanOrEqual(waitMs * maxWaits - 1);
      expect(ms).toBeLessThan(10 * waitMs * maxWaits);
    } finally {
      feed.stop();
    }
  });

  // The Variates has a batch in hand, part handed out, when it is attached; the feed may give out
  // before its first batch (a failed start) or after some (a failure or silence mid-run).
  it.each([
    {
      when: 'fails to start',
      work: () => threadOf('export const x = );'),
      first: 100,
      why: 'failed to start',
    },
    { when: 'fails mid-stream', work: () => brokenWork(dir, 5, 'throws'), first: 100, why: 'failed mid-run' },
    {
      when: 'falls silent mid-stream',
      work: () => brokenWork(dir, 5, 'hangs'),
      first: 0,
      why: 'made no draws for 0.1 s',
    },
  ])(
    'goes on in this thread, exactly, when the thread $when, and says why',
    async ({ work, first, why }) => {
      const oracle = here('feed/d');
      const { v, feed, rng } = fedFrom('feed/d', first, {
        ...entryWith(work()),
        ...LONG,
        waitMs: 50,
        maxWaits: 2,
      });
      try {
        await feed.ready();
        for (let k = 0; k < first; k++) oracle.v.next();
        for (let k = first; k < 256 * 12; k++) expect(v.next()).toBe(oracle.v.next());
        expect(feed.intact).toBe(false);
        expect(v.feedFailure).toBe(why);
        // The stream stands where it does in one thread, as a checkpoint saves it.
        v.settle();
        oracle.v.settle();
        expect(rng.next()).toBe(oracle.rng.next());
      } finally {
        feed.stop();
      }
    },
    TIME_LIMIT_MS,
  );
});
