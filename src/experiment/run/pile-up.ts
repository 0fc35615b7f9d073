// The retries of users who pile up: when sign-ins arrive faster than a pool admits them (its servers'
// sign-in rate limits, or, once full, the rate its admission limits free places), the users refused
// wait and retry, and more arrive behind them, so the waiting grow with time and their retries with
// its square; and those of an open model's users on at t = 0 above what the pools admit. The cost
// estimate counts them, in constant time whatever the parameters.
import type { PoolConfig, RetryConfig, SimConfig } from '../../model/config.js';
import { splitByShare } from '../../model/streams.js';
import { makeDistribution } from '../../random/distributions.js';
import { retriesWithin } from './retry-waits.js';
import { activeServers, signInTokensPerS } from './sign-in-tokens.js';

/** Steps of the trapezoid rule over a span for the retries of users waiting for each part of it. */
const STEPS = 64;
/** The sign-in profile's period: a day. */
const DAY_S = 86_400;
/**
 * Standard deviations of the seats of users waiting from t = 0 the estimate allows below their mean
 * (assumption: 2, so a run rarely takes longer to seat them; the wasted tokens of a sign-in rate
 * limit slow it a few percent more).
 */
const SLOW_SDS = 2;

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
    const active = activeServers(config, p);
    const arriving = rate * p.userShare;
    const places = active * p.admissionLimitPerServer;
    const fills = arriving * sessionS > places;
    const freed = sessionS > 0 ? places / sessionS : Infinity;
    const tokensPerS = signInTokensPerS(p, active);
    const admitted = Math.min(tokensPerS, fills ? freed : arriving);
    excess += Math.max(0, arriving - admitted);
  }
  return excess;
}

/**
 * The pile-up of an open-model run: per pool, arrivals (its share of the sign-in rate) above what it
 * admits in the long run, min(its active servers' sign-in rate limits, its own sign-in rate limit, their
 * admission total / the mean session once full), averaged over the day's profile (a morning peak piles up even when the day's mean
 * rate fits) or over the run when it is shorter; each such user retries for the rest of the run. A
 * closed population held back by sign-in rate limits is closed-wait.ts's.
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
  return trapezoid((s) => retriesWithin(retry, s), 0, spanS);
}

/** ∫ f over [from, to] by the trapezoid rule over STEPS steps. */
export function trapezoid(f: (x: number) => number, from: number, to: number): number {
  let integral = 0;
  for (let i = 0; i <= STEPS; i++) {
    const weight = i === 0 || i === STEPS ? 0.5 : 1;
    integral += weight * f(from + ((to - from) * i) / STEPS);
  }
  return integral * ((to - from) / STEPS);
}

/**
 * The retries of an open model's users on at t = 0 above what its pools' active servers admit: refused
 * at once, each retries by the retry policy until seated, out of attempts or the run's end (their session
 * is drawn when they are seated, so its end never stops them). Per pool, its share of them wait for the
 * places its connected users free, at `seatsPerS` (see {@link seatsPerS}) from `startS` on: at once when
 * the sessions found at t = 0 are residual or exponential (each place turns over t / session times by t),
 * else after one mean session (Wald: a place turns over at least t / session − 1 times by t). Arrivals
 * meanwhile, at the profile's busiest rate, take places too and wait among them.
 *
 * Safe side: counted first come, first seated, which gives the most retries when a user's retries grow
 * no faster than its wait; with the busiest rate at or above the seats, none of them is counted seated
 * (the arrivals above it are pileUp's).
 */
export function initialRetries(config: SimConfig): number {
  const w = config.workload;
  if (w.population !== null || w.initialStationary || !(w.initialConnected > 0)) return 0;
  const on = splitByShare(
    w.initialConnected,
    config.pools.map((p) => p.userShare),
  );
  const sessionS = makeDistribution(w.session).mean;
  const startS = w.initialSessions === 'residual' || w.session.dist === 'exponential' ? 0 : sessionS;
  const busiest = (w.arrivals ?? []).reduce((a, p) => Math.max(a, p.rate), 0);
  const T = config.durationS;
  const within = (s: number): number => retriesWithin(w.retry, s);
  let total = 0;
  config.pools.forEach((p, i) => {
    const active = activeServers(config, p);
    const places = active * p.admissionLimitPerServer;
    const waiting = (on[i] ?? 0) - places;
    if (!(waiting > 0)) return;
    const mean = seatsPerS(config, p, active, places / sessionS);
    const arriving = busiest * p.userShare;
    if (!(mean > arriving)) {
      total += waiting * within(T);
      return;
    }
    // Departures and arrivals are random: by the time the mean seats them all, SLOW_SDS standard
    // deviations (Poisson) fewer may have been seated, so the drain is slowed by that much.
    const sd = Math.sqrt(((mean + arriving) * waiting) / (mean - arriving));
    const seats =
      mean < Infinity ? arriving + ((mean - arriving) * waiting) / (waiting + SLOW_SDS * sd) : mean;
    // The k-th of them is seated at startS + k / seats; an arrival at t after those before it.
    total += trapezoid((k) => within(Math.min(T, startS + k / seats)), 0, waiting);
    const endS = Math.min(T, (startS + waiting / seats) / (1 - arriving / seats));
    const wait = (t: number): number =>
      Math.max(0, Math.min(T - t, startS + (waiting + arriving * t) / seats - t));
    if (arriving > 0) total += arriving * trapezoid((t) => within(wait(t)), 0, endS);
  });
  return total;
}

/**
 * Sign-ins per second a full pool of `active` servers seats while users wait: the places its users
 * free (`freedPerS`), at most its sign-in rate limits; retries in lockstep (no jitter, a fixed delay)
 * come in rounds, each finding at most one second's tokens (a bucket holds one second's worth), the
 * rounds as far apart as the longest wait.
 */
function seatsPerS(config: SimConfig, p: PoolConfig, active: number, freedPerS: number): number {
  const retry = config.workload.retry;
  const tokensPerS = signInTokensPerS(p, active);
  if (tokensPerS === Infinity) return freedPerS;
  const lockstep = retry.jitter === 0 && retry.delay.dist === 'fixed';
  const roundS =
    retry.backoff > 1 ? retry.maxDelayS : Math.min(makeDistribution(retry.delay).mean, retry.maxDelayS);
  return Math.min(freedPerS, lockstep ? tokensPerS / Math.max(1, roundS) : tokensPerS);
}
