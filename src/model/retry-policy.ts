// How long a refused client waits before its next sign-in attempt: exponential backoff with a cap
// and a jitter factor [param: the 503 retry interval, back-off and cap are undocumented].
import { makeDistribution, type Distribution } from '../random/distributions.js';
import type { Rng } from '../random/rng.js';
import type { RetryConfig } from './config.js';

/** The k-th retry waits min(delay × backoff^k, maxDelay) × U[1 − jitter, 1 + jitter]. */
export class RetryPolicy {
  private readonly delay: Distribution;
  private readonly backoff: number;
  private readonly jitter: number;
  private readonly maxDelayS: number;
  /** Retries after a refused attempt; Infinity = never give up. */
  readonly maxAttempts: number;

  constructor(c: RetryConfig) {
    this.delay = makeDistribution(c.delay);
    this.backoff = c.backoff;
    this.jitter = c.jitter;
    this.maxDelayS = c.maxDelayS;
    this.maxAttempts = c.maxAttempts;
  }

  /** Seconds before retry number `k + 1` (k = retries so far); draws from `rng`. */
  wait(k: number, rng: Rng): number {
    const d = this.delay.sample(rng);
    // A zero delay stays zero (0 × Infinity would be NaN once backoff^k overflows).
    const grown = d === 0 ? 0 : d * Math.pow(this.backoff, k);
    const base = grown < this.maxDelayS ? grown : this.maxDelayS;
    return this.jitter === 0 ? base : base * (1 - this.jitter + 2 * this.jitter * rng.next());
  }
}
