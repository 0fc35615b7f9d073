// The draw feed's thread's work (loaded by draw-thread-entry.ts): makes each stream's batches ahead,
// in turn, one batch per stream per pass, and sleeps while every ring is full (until one runs down to
// LOW_WATER).
import { makeDistribution } from './distributions.js';
import {
  BATCH,
  CTRL_RELEASED,
  CTRL_STOP,
  produced,
  readState,
  released,
  SLOTS,
  STATE_WORDS,
  writeState,
  type FeedThreadData,
} from './feed-layout.js';
import { Rng, RngState } from './rng.js';

/**
 * Fills the rings of `data.streams` until CTRL_STOP is set; returns only then.
 * @throws whatever a sampler throws (the entry flags the feed failed)
 */
export function runDrawThread(data: FeedThreadData): void {
  const ctrl = data.ctrl;
  const before = new RngState();
  const feeds = data.streams.map((s) => {
    const rng = new Rng('draw-thread');
    readState(s.start, 0, before);
    rng.restore(before);
    return { rng, dist: makeDistribution(s.spec), draws: s.draws, states: s.states };
  });
  const made = new Int32Array(feeds.length);
  while (Atomics.load(ctrl, CTRL_STOP) === 0) {
    const seen = Atomics.load(ctrl, CTRL_RELEASED);
    let any = false;
    for (let k = 0; k < feeds.length; k++) {
      const b = made[k] as number;
      if (b - Atomics.load(ctrl, released(k)) >= SLOTS) continue;
      const f = feeds[k] as (typeof feeds)[number];
      const slot = b % SLOTS;
      f.rng.save(before);
      writeState(before, f.states, slot * STATE_WORDS);
      const base = slot * BATCH;
      for (let j = 0; j < BATCH; j++) f.draws[base + j] = f.dist.sample(f.rng);
      made[k] = b + 1;
      Atomics.store(ctrl, produced(k), b + 1);
      Atomics.notify(ctrl, produced(k));
      any = true;
    }
    if (!any) Atomics.wait(ctrl, CTRL_RELEASED, seen);
  }
}
