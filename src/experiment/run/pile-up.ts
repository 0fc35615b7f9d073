// The retries of users who pile up: when sign-ins arrive faster than a pool admits them (its servers'
// sign-in rate limits, or, once full, the rate its admission limits free places), the users refused
// wait and retry, and more arrive behind them, so the waiting grow with time and their retries with
// its square. The cost estimate counts them, in constant time whatever the parameters.
import type { RetryConfig, SimConfig } from '../../model/config.js';
import { makeDistribution } from '../../random/distributions.js';

/** Steps of the trapezoid rule over a span for the retries of users waiting for each part of it. */
const STEPS = 64;
/** The sign-in profile's period: a day. */
const DAY_S = 86_400;

/**
 * Retries one refused user makes within `spanS` seconds: waits of min(delay × backoff^k, maxDelay)
 * (jitter averages out), at most `maxAttempts`; all of them at once when the delay is 0.
 */
export function retriesWithin(retry: RetryConfig, spanS: number): number {
  const { delay, backoff, maxDelayS, maxAttempts } = retry;
  const d = Math.min(makeDistribution(delay).mean, maxDelayS);
  if (d <= 0) return maxAttempts;
  // Retries whose base wait grows geometrically, before the cap, and the time they take.
  const growing = backoff > 1 ? Math.max(0, Math.ceil(Math.log(maxDelayS / d) / Math.log(backoff))) : 0;
  const grown = backoff > 1 ? (d * (Math.pow(backoff, growing) - 1)) / (backoff - 1) : 0;
  // k = how many prefix sums of the waits stay within the span.
  let k: number;
  if (backoff <= 1) k = Math.floor(spanS / d) + 1;
  else if (grown > spanS) k = Math.floor(Math.log((spanS * (backoff - 1)) / d + 1) / Math.log(backoff)) + 1;
  else k = growing + Math.floor((spanS - grown) / maxDelayS) + 1;
  return Math.min(maxAttempts, k);
}

/** What piling-up users add to a run. */
export interface PileUp {
  /** Sign-ins per second arriving above what the pools admit, summed over the pools. */
  readonly excessPerS: number;
  /** Their retries over the run. */
  readonly retries: number;
  /** Users waiting at the end, at most (memory: their records stay). */
  readonly waiting: number;
}

/** Sign-ins per second arriving at the pools above what they admit in the long run, at a rate of `rate`. */
function excessAt(config: SimConfig, rate: number, sessionS: number): number {
  let excess = 0;
  for (const p of config.pools) {
    const active = p.servers.filter((s) => config.servers[s]?.role === 'active').length;
    const arriving = rate * p.userShare;
    const places = active * p.admissionLimitPerServer;
    const fills = arriving * sessionS > places;
    const freed = sessionS > 0 ? places / sessionS : Infinity;
    const admitted = Math.min(active * p.signInRatePerServer, fills ? freed : arriving);
    excess += Math.max(0, arriving - admitted);
  }
  return excess;
}

/**
 * The pile-up of an open-model run: per pool, arrivals (its share of the sign-in rate) above what it
 * admits in the long run, min(its active servers' sign-in rate limits, their admission total / the mean
 * session once full), averaged over the day's profile (a morning peak piles up even when the day's mean
 * rate fits) or over the run when it is shorter; each such user retries for the rest of the run.
 * Not counted: a closed population held back by sign-in rate limits (the run's guard stops such a run).
 */
export function pileUp(config: SimConfig): PileUp {
  const w = config.workload;
  if (w.population !== null || w.arrivals === null) return { excessPerS: 0, retries: 0, waiting: 0 };
  const sessionS = makeDistribution(w.session).mean;
  const points = w.arrivals;
  const span = Math.min(config.durationS, DAY_S);
  let excessPerS = 0;
  // The rate before the first change of the day is the day's last one (the profile repeats).
  const last = points[points.length - 1];
  const segments = [{ from: 0, rate: last?.rate ?? 0 }, ...points.map((p) => ({ from: p.at, rate: p.rate }))];
  segments.forEach((seg, i) => {
    const to = Math.min(span, segments[i + 1]?.from ?? DAY_S);
    if (to > seg.from) excessPerS += (excessAt(config, seg.rate, sessionS) * (to - seg.from)) / span;
  });
  if (!(excessPerS > 0)) return { excessPerS: 0, retries: 0, waiting: 0 };
  // A user arriving at t retries for T − t: the retries are excess × ∫₀ᵀ retriesWithin(s) ds.
  const T = config.durationS;
  return { excessPerS, retries: excessPerS * retriesIntegral(w.retry, T), waiting: excessPerS * T };
}

/**
 * ∫₀^spanS retriesWithin(retry, s) ds, by the trapezoid rule over STEPS steps: the retries of users who
 * start waiting evenly over `spanS` and wait to its end (or wait from its start, seated evenly over it),
 * one a second.
 */
export function retriesIntegral(retry: RetryConfig, spanS: number): number {
  let integral = 0;
  for (let i = 0; i <= STEPS; i++) {
    const weight = i === 0 || i === STEPS ? 0.5 : 1;
    integral += weight * retriesWithin(retry, (spanS * i) / STEPS);
  }
  return integral * (spanS / STEPS);
}
