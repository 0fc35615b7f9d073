// The retries of users who pile up: when sign-ins arrive faster than a pool admits them (its servers'
// sign-in rate limits, or, once full, the rate its admission limits free places), the users refused
// wait and retry, and more arrive behind them, so the waiting grow with time and their retries with
// its square; and the users a server's failure leaves with no room on the survivors. The cost
// estimate counts them, in constant time whatever the parameters.
import { NO_ADMISSION_LIMIT, type RetryConfig, type SimConfig } from '../../model/config.js';
import { makeDistribution } from '../../random/distributions.js';

/** Points of the trapezoid rule over the run for the retries of users arriving at each time. */
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
  let integral = 0;
  for (let i = 0; i <= STEPS; i++) {
    const weight = i === 0 || i === STEPS ? 0.5 : 1;
    integral += weight * retriesWithin(w.retry, (T * i) / STEPS);
  }
  integral *= T / STEPS;
  return { excessPerS, retries: excessPerS * integral, waiting: excessPerS * T };
}

/**
 * Retries of the users that the failure (or forced drain) of server `f.target` at `f.at` leaves with no
 * room: of the `offered` users (those who want to be on at once), its pool's share spread over its
 * active servers, those above the room its surviving active servers have below their admission limits.
 * They retry until a promotion or a restore makes room, or they give up: counted as retrying to the end
 * of the run (an upper bound; a later step of the run may seat them sooner).
 */
export function strandedRetries(
  config: SimConfig,
  f: { readonly at: number; readonly target: number },
  offered: number,
): number {
  const server = config.servers[f.target];
  const pool = config.pools[server?.pool ?? -1];
  if (server?.role !== 'active' || pool === undefined) return 0;
  const limit = pool.admissionLimitPerServer;
  if (limit === NO_ADMISSION_LIMIT) return 0;
  const active = pool.servers.filter((s) => config.servers[s]?.role === 'active').length;
  const cut = Math.min(limit, (offered * pool.userShare) / active);
  const room = (active - 1) * Math.max(0, limit - cut);
  return Math.max(0, cut - room) * retriesWithin(config.workload.retry, config.durationS - f.at);
}
