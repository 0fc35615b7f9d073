// Named random streams of one run: changing one part of a scenario leaves the other streams
// untouched, and each stream's draws depend only on the seed and its name.
import { Rng, streamSeed } from '../random/rng.js';
import type { StateIn, StateOut } from '../state-io.js';

export class Streams {
  readonly arrivals: Rng;
  readonly session: Rng;
  readonly reconnect: Rng;
  readonly retry: Rng;
  readonly offTime: Rng;
  readonly balance: Rng;
  /** How many users are on at t = 0 with `initialConnected: stationary`. */
  readonly initial: Rng;
  constructor(seed: number) {
    this.arrivals = new Rng(streamSeed(seed, 'arrivals'));
    this.session = new Rng(streamSeed(seed, 'session'));
    this.reconnect = new Rng(streamSeed(seed, 'reconnect'));
    this.retry = new Rng(streamSeed(seed, 'retry'));
    this.offTime = new Rng(streamSeed(seed, 'offTime'));
    this.balance = new Rng(streamSeed(seed, 'balance'));
    this.initial = new Rng(streamSeed(seed, 'initial'));
  }

  private all(): Rng[] {
    return [
      this.arrivals,
      this.session,
      this.reconnect,
      this.retry,
      this.offTime,
      this.balance,
      this.initial,
    ];
  }

  saveState(out: StateOut): void {
    for (const r of this.all()) r.saveState(out);
  }

  restoreState(inp: StateIn): void {
    for (const r of this.all()) r.restoreState(inp);
  }
}

/** Splits `total` into integer parts proportional to `shares` (largest remainder, ties to the first). */
export function splitByShare(total: number, shares: readonly number[]): number[] {
  const raw = shares.map((s) => total * s);
  const out = raw.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => [r - Math.floor(r), i] as const).sort((x, y) => y[0] - x[0] || x[1] - y[1]);
  for (const [, i] of order) {
    if (left <= 0) break;
    out[i] = (out[i] ?? 0) + 1;
    left--;
  }
  return out;
}
