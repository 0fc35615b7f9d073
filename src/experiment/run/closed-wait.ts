// The retries of a closed population held back by sign-in rate limits: its users come back faster than
// the pool's sign-in tokens seat them, so some of them wait, retrying, at any time. The cost estimate
// counts them from a fluid model of the population, in constant time whatever the parameters.
import type { PoolConfig, RetryConfig, SimConfig } from '../../model/config.js';
import { makeDistribution } from '../../random/distributions.js';
import { bucketTokens } from './bucket-rounds.js';
import { trapezoid } from './pile-up.js';
import { giveUpAfterS, retriesWithin } from './retry-waits.js';
import { activeServers, signInTokensPerS } from './sign-in-tokens.js';

/** Mean sessions or off-times after which the waiting are taken as settled (assumption: e^−8 of the start is left, 0.03%). */
const SETTLE_MEANS = 8;

/**
 * Retries of a closed population's users refused by sign-in rate limits, summed over the pools; 0 where
 * no pool's users come back faster than its tokens seat them. Per pool, its share of the users, N, its
 * tokens a second, R (its active servers' limits, its own). While some wait, R are seated a second, so
 * (fluid) the users on, x, and off, y, follow x' = R − x / S and y' = x / S − y / O from those on and off
 * at t = 0 (S the mean session, O the mean off-time), and N − x − y wait; at length R·S are on, R·O off
 * and W = N − R(S + O) wait, each for W / R seconds on average (Little). Each waiting user retries at
 * the rate of a wait of that length, retriesWithin(w) / w, or of one that ends in giving up sooner
 * (then at most a share giveUp / (O + giveUp) of the N − R·S users not on wait).
 *
 * Safe side: the waiting from the fluid model, never fewer than none; the rate of a mean wait is at
 * least the mean rate when waits vary (retries grow no faster than the wait). Not counted: chance
 * fluctuations that add waiting users when the users come back almost as fast as the tokens.
 */
export function closedRateRetries(config: SimConfig): number {
  const w = config.workload;
  if (w.population === null || !(w.population > 0)) return 0;
  const sessionS = makeDistribution(w.session).mean;
  const offS = w.offTime === null ? 0 : makeDistribution(w.offTime).mean;
  let total = 0;
  for (const p of config.pools) {
    const tokensPerS = signInTokensPerS(p, activeServers(config, p));
    if (tokensPerS === Infinity) continue;
    const n = w.population * p.userShare;
    const on = Math.min(n, w.initialConnected * p.userShare);
    const fluid = { n, on0: on, r: tokensPerS, s: sessionS, o: offS, durationS: config.durationS };
    const giveUpS = giveUpAfterS(w.retry);
    if (!(giveUpS > 0)) {
      const cycles = atOnceCycles(fluid, startSeats(config, p));
      // Each refused return is an attempt, and so is each retry it makes at the same instant.
      total += cycles > 0 ? cycles * (1 + retriesWithin(w.retry, 0)) : 0;
      continue;
    }
    // Users who give up go off and come back: each episode waits at most giveUpS, so at most that share
    // of the users not on, N − R·S, wait (every episode counted as waiting so long).
    const most = giveUpS === Infinity ? n : ((n - tokensPerS * sessionS) * giveUpS) / (offS + giveUpS);
    const waiting = waitingOverTime(fluid, most);
    if (!(waiting.userS > 0)) continue;
    // No one waits longer than the run (nor, with no tokens, less).
    const waitS = Math.min(waiting.settled / tokensPerS, config.durationS);
    total += waiting.userS * retryRate(w.retry, waitS, giveUpS, offS);
  }
  return total;
}

/**
 * A pool's share of a closed population in the fluid model: its `n` users, `on0` of them on at t = 0,
 * its `r` tokens a second, the mean session `s` and off-time `o`, over the run's `durationS`.
 */
interface PoolFluid {
  readonly n: number;
  readonly on0: number;
  readonly r: number;
  readonly s: number;
  readonly o: number;
  readonly durationS: number;
}

/**
 * Refused returns of a pool's users who try every attempt at once and go off again when refused (no
 * retry, or a retry delay of 0): nobody waits, the users not on cycle through off-times. Per pool, its
 * `n` users, `on0` on at t = 0, `r` tokens a second, mean session `s` and off-time `o`: while the
 * returns, y / O a second, outnumber the tokens, R are seated a second, so (fluid) x' = R − x / S,
 * x(t) = R·S + (on0 − R·S) e^(−t/S), y = N − x, and (N − x(t)) / O − R returns a second are refused,
 * summed over the run in closed form. Every fluid refusal counts even when it comes at the start only:
 * the users off at t = 0 all come back within an off-time, a start-up storm a short off-time makes long.
 *
 * An off-time of 0 is the limit: a refused user comes back at the same instant, finds no token refilled,
 * and the run never leaves that instant (Infinity) as soon as anyone is refused: more users off at t = 0
 * than the full buckets' `startTokens`, or more sign-ins a second, N / S, than the tokens. Not counted:
 * chance fluctuations that refuse someone when the tokens only just keep up (that run never ends either).
 */
function atOnceCycles(pool: PoolFluid, startTokens: number): number {
  const { n, on0, r, s, o, durationS } = pool;
  if (!(o > 0)) return n - on0 > startTokens || n > r * s ? Infinity : 0;
  return positivePartIntegral(n - r * (s + o), on0 - r * s, s, durationS) / o;
}

/**
 * ∫₀ᵀ max(0, d − a e^(−t/s)) dt, in closed form: the integrand is monotone, so it changes sign at most
 * once, at s ln(a / d). With s = 0 the exponential is gone at once (d over the whole span).
 */
function positivePartIntegral(d: number, a: number, s: number, durationS: number): number {
  if (!(s > 0)) return Math.max(0, d) * durationS;
  const h = (t: number): number => d - a * Math.exp(-t / s);
  const antiderivative = (t: number): number => d * t + a * s * Math.exp(-t / s);
  const cross = a / d > 1 ? Math.min(durationS, s * Math.log(a / d)) : durationS;
  let total = 0;
  for (const [from, to] of [
    [0, cross],
    [cross, durationS],
  ] as const)
    if (to > from && h((from + to) / 2) > 0) total += antiderivative(to) - antiderivative(from);
  return Math.max(0, total);
}

/**
 * Users pool `p` seats at once at t = 0: the whole tokens its full buckets hold, its active servers'
 * together and its own (a bucket holds one second's worth, at least one: bucket-rounds.ts).
 */
function startSeats(config: SimConfig, p: PoolConfig): number {
  return Math.min(
    activeServers(config, p) * Math.floor(bucketTokens(p.signInRatePerServer)),
    Math.floor(bucketTokens(p.signInRatePerPool)),
  );
}

/**
 * ∫₀ᵀ of the users waiting (the fluid model of {@link closedRateRetries}, never below 0), user-seconds,
 * and the users waiting once settled (W, at least the mean over the run's start); never more than `most`.
 */
function waitingOverTime(
  pool: PoolFluid,
  most: number,
): { readonly userS: number; readonly settled: number } {
  const { n, on0, r, s, o, durationS } = pool;
  const settled = Math.min(most, n - r * (s + o));
  const a = s > 0 ? 1 / s : Infinity;
  const c = o > 0 ? 1 / o : Infinity;
  const A = on0 - r * s;
  // y(t) = R·O + B e^(−c t) + K e^(−a t), from y(0) = n − on0 (K t e^(−a t) when a = c).
  const K = c === Infinity || a === Infinity ? 0 : a === c ? A * a : (A * a) / (c - a);
  const B = c === Infinity ? 0 : n - on0 - r * o - (a === c ? 0 : K);
  const waitingAt = (t: number): number => {
    const x = r * s + (a === Infinity ? 0 : A * Math.exp(-a * t));
    const y = c === Infinity ? 0 : r * o + B * Math.exp(-c * t) + (a === c ? K * t : K) * Math.exp(-a * t);
    return Math.max(0, Math.min(most, n - x - y));
  };
  const startS = Math.min(durationS, SETTLE_MEANS * Math.max(s, o));
  const start = trapezoid(waitingAt, 0, startS);
  const rest = Math.max(0, settled) * (durationS - startS);
  return { userS: start + rest, settled: Math.max(settled, startS > 0 ? start / startS : 0) };
}

/**
 * Retries a second of one user waiting `waitS` on average: those of a wait of that length, or of one
 * cut short by giving up after `giveUpS` (a closed user who gives up comes back after an off-time of
 * `offS` and waits again). A delay of 0 makes every attempt at once, once an off-time.
 */
function retryRate(retry: RetryConfig, waitS: number, giveUpS: number, offS: number): number {
  const span = Math.min(waitS, giveUpS);
  if (span > 0) return retriesWithin(retry, span) / span;
  return retriesWithin(retry, 0) / Math.max(1, offS);
}
