// Seeded uniform streams on seedrandom's xor4096 (Brent's xorgens: 4096-bit state, period ~2^4096,
// passes BigCrush): many streams come from hashed string seeds, and a huge state makes their overlap
// negligible. Its `.double()` carries 53 random bits and never returns 0. seedrandom seeds the
// state; the step itself runs here on an Int32Array, 256 words at a time into a buffer that draws read.
import seedrandom from 'seedrandom';
import { EngineError } from '../errors.js';
import type { StateIn, StateOut } from '../state-io.js';

const TWO_32 = 0x1_0000_0000;
/** Words generated per refill of the buffer. */
const BUF = 256;

/** The xor4096 state seedrandom exports with `{ state: true }`. */
interface XorState {
  i: number;
  w: number;
  X: number[];
}

/** A copy of an {@link Rng}'s position in its stream (see {@link Rng.save}); reusable, so saving allocates nothing. */
export class RngState {
  readonly x = new Int32Array(128);
  readonly buf = new Int32Array(BUF);
  w = 0;
  i = 0;
  pos = BUF;
}

/**
 * One seeded stream of uniform random numbers. The same seed always gives the same sequence.
 * Give each independent source of randomness its own stream, seeded with {@link streamSeed}.
 */
export class Rng {
  private readonly x: Int32Array;
  private w: number;
  private i: number;
  // perf: words are generated in batches and draws read them from here, so the per-draw code is a
  // few loads (small enough for V8 to inline into the samplers); the stream of words is unchanged
  // (bench/README.md, "Batched draws").
  private readonly buf = new Int32Array(BUF);
  private pos = BUF;

  /** @param seed any string; derive it with {@link streamSeed} so streams stay independent. */
  constructor(seed: string) {
    const state = (seedrandom.xor4096(seed, { state: true }) as unknown as { state(): XorState }).state();
    this.x = Int32Array.from(state.X);
    this.w = state.w | 0;
    this.i = state.i | 0;
  }

  /** Copies this stream's position into `into`; {@link restore} goes back to it. Allocates nothing. */
  save(into: RngState): void {
    into.x.set(this.x);
    into.buf.set(this.buf);
    into.w = this.w;
    into.i = this.i;
    into.pos = this.pos;
  }

  /** Puts this stream back where it was at the {@link save} into `from`: the same draws follow. */
  restore(from: RngState): void {
    this.x.set(from.x);
    this.buf.set(from.buf);
    this.w = from.w;
    this.i = from.i;
    this.pos = from.pos;
  }

  /** Writes the stream's position, for a checkpoint. */
  saveState(out: StateOut): void {
    out.numbers(this.w, this.i, this.pos);
    out.array(this.x);
    out.array(this.buf);
  }

  /** Reads it back: the same draws follow. */
  restoreState(inp: StateIn): void {
    const [w = 0, i = 0, pos = BUF] = inp.numbers(3);
    this.w = w;
    this.i = i;
    this.pos = pos;
    inp.into(this.x);
    inp.into(this.buf);
  }

  /** Fills the buffer with the next {@link BUF} words: seedrandom's xor4096 step, word for word. */
  private refill(): void {
    const x = this.x;
    const buf = this.buf;
    let w = this.w;
    let i = this.i;
    for (let k = 0; k < BUF; k++) {
      w = (w + 0x61c88647) | 0;
      let v = x[(i + 34) & 127] as number;
      i = (i + 1) & 127;
      let t = x[i] as number;
      v ^= v << 13;
      t ^= t << 17;
      v ^= v >>> 15;
      t ^= t >>> 12;
      v = x[i] = v ^ t;
      buf[k] = (v + (w ^ (w >>> 16))) | 0;
    }
    this.w = w;
    this.i = i;
    this.pos = 0;
  }

  /** The next 32-bit word of the stream. */
  private word(): number {
    if (this.pos === BUF) this.refill();
    return this.buf[this.pos++] as number;
  }

  /** Uniform in [0, 1) with 53 random bits, as seedrandom's `.double()`: two words, never 0. */
  next(): number {
    const p = this.pos;
    if (p <= BUF - 2) {
      const buf = this.buf;
      this.pos = p + 2;
      const r = (((buf[p] as number) >>> 11) + ((buf[p + 1] as number) >>> 0) / TWO_32) / (1 << 21);
      if (r !== 0) return r;
    }
    return this.nextSlow();
  }

  /** {@link next} across a refill, or after a zero (two more words, as seedrandom). */
  private nextSlow(): number {
    for (;;) {
      const top = this.word() >>> 11;
      const bot = (this.word() >>> 0) / TWO_32;
      const r = (top + bot) / (1 << 21);
      if (r !== 0) return r;
    }
  }

  /** Uniform in (0, 1): safe for `Math.log`. 1 is never returned, and `next` never returns 0. */
  nextOpen(): number {
    return this.next();
  }

  /**
   * Uniform integer in [0, n), exactly unbiased (rejection on 32-bit words; rejects with probability
   * below n / 2^32). Consumes one or (rarely) more 32-bit words.
   * @param n count of outcomes: an integer in [1, 2^32].
   * @throws EngineError if n is not an integer in [1, 2^32].
   */
  int(n: number): number {
    if (!(n >= 1 && n <= TWO_32 && Number.isInteger(n))) {
      throw new EngineError(`Rng.int: n must be an integer in [1, 2^32]; received ${n}`);
    }
    const reject = TWO_32 % n;
    let x = this.word() >>> 0;
    while (x < reject) x = this.word() >>> 0;
    return x % n;
  }
}

/**
 * Seed string for a named sub-stream: `${seed}/${name}` or `${seed}/${name}/${index}`.
 * Distinct (seed, name, index) triples give distinct strings, so each stream is independent of
 * the others and of how many exist; the result is stable across runs and versions.
 * @param seed the run's seed (a replication's seed), number or string without `/`.
 * @param name stream name, e.g. `arrivals` or `faults.0`; must not contain `/`.
 * @param index optional non-negative integer, e.g. a server index.
 * @throws EngineError if a `/` would make the result ambiguous, or index is not a non-negative integer.
 */
export function streamSeed(seed: number | string, name: string, index?: number): string {
  if (typeof seed === 'string' && seed.includes('/')) {
    throw new EngineError(`streamSeed: seed must not contain '/'; received '${seed}'`);
  }
  if (name.includes('/')) {
    throw new EngineError(`streamSeed: name must not contain '/'; received '${name}'`);
  }
  if (index === undefined) return `${seed}/${name}`;
  if (!(Number.isSafeInteger(index) && index >= 0)) {
    throw new EngineError(`streamSeed: index must be a non-negative integer; received ${index}`);
  }
  return `${seed}/${name}/${index}`;
}
