// Non-homogeneous Poisson arrivals with a piecewise-constant rate repeating every period (a daily
// profile by default), sampled exactly by the time-change method: one Exp(1) draw per arrival.
import { EngineError } from '../errors.js';
import type { Rng } from './rng.js';

/** A rate change: from `at` seconds into the period on, arrivals come at `rate` per second. */
export interface RatePoint {
  readonly at: number;
  readonly rate: number;
}

/**
 * A piecewise-constant arrival rate over a repeating period. Segment i covers
 * [at_i, at_{i+1}) within each period, the last one running to the period's end.
 * If the first point's `at` is > 0, the last point's rate wraps around and also covers
 * [0, at_0): the rate in force at the end of one day continues after midnight.
 */
export class PiecewiseRate {
  /** Length of the repeating period, in seconds. */
  readonly periodS: number;
  /** Time-averaged rate over a period, in arrivals per second. */
  readonly meanRatePerS: number;
  private readonly starts: Float64Array;
  private readonly rates: Float64Array;
  /** Expected arrivals per period (∫ rate over one period). */
  private readonly perPeriod: number;

  /**
   * @param points rate changes: `at` in seconds within [0, periodS), strictly ascending; `rate`
   *   in arrivals per second, finite and ≥ 0. A constant rate is `[{ at: 0, rate }]`.
   * @param periodS period length in seconds (default 86,400: one day).
   * @throws EngineError if points is empty or breaks the rules above, or periodS is not finite and > 0.
   */
  constructor(points: readonly RatePoint[], periodS = 86_400) {
    checkPoints(points, periodS);
    const first = points[0] as RatePoint;
    const last = points[points.length - 1] as RatePoint;
    const wrap = first.at > 0 ? 1 : 0;
    const m = points.length + wrap;
    this.starts = new Float64Array(m);
    this.rates = new Float64Array(m);
    if (wrap === 1) this.rates[0] = last.rate;
    for (let i = 0; i < points.length; i++) {
      const p = points[i] as RatePoint;
      this.starts[i + wrap] = p.at;
      this.rates[i + wrap] = p.rate;
    }
    this.periodS = periodS;
    let total = 0;
    for (let i = 0; i < m; i++) {
      total += (this.rates[i] as number) * (this.segmentEnd(i) - (this.starts[i] as number));
    }
    this.perPeriod = total;
    this.meanRatePerS = total / periodS;
  }

  /** The rate in force at absolute time `t` (seconds), in arrivals per second. */
  rateAt(t: number): number {
    const period = this.periodS;
    let tau = t - Math.floor(t / period) * period;
    if (tau < 0) tau += period; // t/period rounded up to an integer: t is at the very end of a period
    return this.rates[this.segmentIndex(tau)] as number;
  }

  /**
   * The first arrival after `now`, exactly: draws E ~ Exp(1) and walks the segments from `now`,
   * integrating the rate until the integral reaches E (whole periods are skipped at once).
   * Arrivals never fall in a rate-0 segment. Allocates nothing.
   * @param now current time, in seconds.
   * @returns the arrival time in seconds (≥ now), or Infinity if the rate is 0 everywhere.
   */
  nextArrival(now: number, rng: Rng): number {
    return this.timeAfter(now, -Math.log(rng.nextOpen()));
  }

  /**
   * The time t ≥ `now` at which ∫ₙₒw^t rate = `amount` (the time change of {@link nextArrival}, whose
   * amount is an Exp(1) draw); Infinity if the rate is 0 everywhere. Allocates nothing.
   */
  timeAfter(now: number, amount: number): number {
    const perPeriod = this.perPeriod;
    if (perPeriod === 0) return Infinity;
    const starts = this.starts;
    const rates = this.rates;
    const m = starts.length;
    const period = this.periodS;
    let rem = amount;
    let base = Math.floor(now / period) * period;
    let tau = now - base;
    if (tau < 0) {
      // now/period rounded up to an integer: now is at the very end of the previous period.
      base -= period;
      tau += period;
    }
    let i = this.segmentIndex(tau);
    for (;;) {
      const rate = rates[i] as number;
      const end = i + 1 < m ? (starts[i + 1] as number) : period; // perf: inlined segmentEnd
      if (rate > 0) {
        const cap = rate * (end - tau);
        if (rem < cap) {
          const t = base + tau + rem / rate;
          if (t < base + end) return t;
          // Rounding put t on the boundary: arrive at the start of the next positive-rate segment.
          rem = 0;
        } else {
          rem -= cap;
        }
      }
      if (++i === m) {
        i = 0;
        base += period;
        if (rem >= perPeriod) {
          const k = Math.floor(rem / perPeriod);
          base += k * period;
          rem = Math.max(0, rem - k * perPeriod);
        }
      }
      tau = starts[i] as number;
    }
  }

  /** ∫ from `a` to `b` of the rate (a ≤ b, seconds): the expected arrivals in between. */
  integral(a: number, b: number): number {
    if (!(b > a)) return 0;
    const period = this.periodS;
    const whole = Math.floor((b - a) / period);
    let t = a + whole * period;
    let total = whole * this.perPeriod;
    while (t < b) {
      const base = Math.floor(t / period) * period;
      const i = this.segmentIndex(Math.min(period, Math.max(0, t - base)));
      const end = Math.min(b, base + this.segmentEnd(i));
      total += (this.rates[i] as number) * (end - t);
      if (!(end > t)) break;
      t = end;
    }
    return total;
  }

  /** End of segment i within the period, in seconds. */
  private segmentEnd(i: number): number {
    return i + 1 < this.starts.length ? (this.starts[i + 1] as number) : this.periodS;
  }

  /** Index of the last segment starting at or before tau (binary search; tau in [0, period)). */
  private segmentIndex(tau: number): number {
    const starts = this.starts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((starts[mid] as number) <= tau) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

function checkPoints(points: readonly RatePoint[], periodS: number): void {
  if (!(periodS > 0 && periodS < Infinity)) {
    throw new EngineError(`PiecewiseRate: periodS must be finite and > 0; received ${periodS}`);
  }
  if (points.length === 0) throw new EngineError('PiecewiseRate: points must not be empty');
  let prev = -Infinity;
  for (let i = 0; i < points.length; i++) {
    const p = points[i] as RatePoint;
    if (!(p.at >= 0 && p.at < periodS && p.at > prev)) {
      const rule = `must be in [0, ${periodS}) and above the previous point's`;
      throw new EngineError(`PiecewiseRate: points[${i}].at ${rule}; received ${p.at}`);
    }
    if (!(p.rate >= 0 && p.rate < Infinity)) {
      throw new EngineError(`PiecewiseRate: points[${i}].rate must be finite and ≥ 0; received ${p.rate}`);
    }
    prev = p.at;
  }
}
