// The number of users on at t = 0 drawn from a loss system's stationary distribution: Poisson(a)
// truncated at K (open model, Erlang's loss system) or Engset's (closed: binomial weights, truncated).
// Both are insensitive to the session distribution; drawn by inverse CDF over 0..K.
import { logGamma } from './distributions.js';
import type { Rng } from './rng.js';

/** A distribution on 0..K given by unnormalised log-weights; its CDF and mean. */
export class TruncatedCount {
  private readonly cdf: Float64Array;
  /** Expected count. */
  readonly mean: number;

  private constructor(logWeights: Float64Array) {
    let max = -Infinity;
    for (const w of logWeights) if (w > max) max = w;
    const cdf = new Float64Array(logWeights.length);
    let sum = 0;
    let mean = 0;
    for (let n = 0; n < logWeights.length; n++) {
      const p = Math.exp((logWeights[n] as number) - max);
      sum += p;
      mean += n * p;
      cdf[n] = sum;
    }
    for (let n = 0; n < cdf.length; n++) cdf[n] = (cdf[n] as number) / sum;
    this.cdf = cdf;
    this.mean = mean / sum;
  }

  /** Poisson(`a`) truncated at `limit`: users on in an M/G/K/K loss system offered `a` erlangs. */
  static poisson(a: number, limit: number): TruncatedCount {
    const w = new Float64Array(limit + 1);
    if (a <= 0) w.fill(-Infinity, 1);
    else for (let n = 0; n <= limit; n++) w[n] = n * Math.log(a) - logGamma(n + 1);
    return new TruncatedCount(w);
  }

  /**
   * Engset: `sources` users, each on for a mean session then off for a mean off-time (`rho` = session /
   * off-time), at most `limit` on at once: weights C(sources, n) · rho^n.
   */
  static engset(sources: number, rho: number, limit: number): TruncatedCount {
    const k = Math.min(sources, limit);
    const w = new Float64Array(k + 1);
    const top = logGamma(sources + 1);
    for (let n = 0; n <= k; n++)
      w[n] =
        top -
        logGamma(n + 1) -
        logGamma(sources - n + 1) +
        (rho > 0 ? n * Math.log(rho) : n === 0 ? 0 : -Infinity);
    return new TruncatedCount(w);
  }

  /** One draw from `rng`. */
  sample(rng: Rng): number {
    const u = rng.next();
    const cdf = this.cdf;
    let lo = 0;
    let hi = cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cdf[mid] as number) > u) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}
