// Seeded uniform streams on seedrandom's xor4096 (Brent's xorgens: 4096-bit state, period ~2^4096,
// passes BigCrush): many streams come from hashed string seeds, and a huge state makes their overlap
// negligible. Its `.double()` carries 53 random bits and never returns 0.
import seedrandom from 'seedrandom';
import { EngineError } from '../errors.js';

const TWO_32 = 0x1_0000_0000;

/**
 * One seeded stream of uniform random numbers. The same seed always gives the same sequence.
 * Give each independent source of randomness its own stream, seeded with {@link streamSeed}.
 */
export class Rng {
  private readonly prng: seedrandom.PRNG;

  /** @param seed any string; derive it with {@link streamSeed} so streams stay independent. */
  constructor(seed: string) {
    this.prng = seedrandom.xor4096(seed);
  }

  /** Uniform in [0, 1) with 53 random bits (xor4096 in fact never yields 0). Consumes two 32-bit words. */
  next(): number {
    return this.prng.double();
  }

  /** Uniform in (0, 1): safe for `Math.log`. 1 is never returned; a 0 is redrawn. */
  nextOpen(): number {
    let u = this.prng.double();
    while (u === 0) u = this.prng.double();
    return u;
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
    let x = this.prng.int32() >>> 0;
    while (x < reject) x = this.prng.int32() >>> 0;
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
