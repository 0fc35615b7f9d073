// A refused user's retry waits, min(delay × backoff^k, maxDelay) (jitter averages out): how many fit
// in a span, how long they last before the user gives up, and the attempts of many such users. The
// one sum of geometrically growing waits every part of the cost estimate uses.
import type { RetryConfig } from '../../model/config.js';
import { makeDistribution } from '../../random/distributions.js';

/**
 * How many of the waits d × backoff^k (k = 0, 1, …) fall below `capS`: those that grow geometrically
 * before the cap; 0 without a back-off or a wait.
 */
export function growingWaits(d: number, backoff: number, capS: number): number {
  return backoff > 1 && d > 0 ? Math.max(0, Math.ceil(Math.log(capS / d) / Math.log(backoff))) : 0;
}

/** The sum of the first `n` terms d × backoff^k: `n` growing waits, seconds (backoff > 1). */
export function sumOfWaits(d: number, backoff: number, n: number): number {
  return (d * (Math.pow(backoff, n) - 1)) / (backoff - 1);
}

/**
 * How many terms d × backoff^k sum to `totalS`: the real n with {@link sumOfWaits}(d, backoff, n) =
 * totalS, for the caller to round (backoff > 1).
 */
export function waitsSummingTo(d: number, backoff: number, totalS: number): number {
  return Math.log((totalS * (backoff - 1)) / d + 1) / Math.log(backoff);
}

/**
 * Retries one refused user makes within `spanS` seconds: waits of min(delay × backoff^k, maxDelay)
 * (jitter averages out), at most `maxAttempts`; all of them at once when the delay is 0.
 */
export function retriesWithin(retry: RetryConfig, spanS: number): number {
  const { delay, backoff, maxDelayS, maxAttempts } = retry;
  const d = Math.min(makeDistribution(delay).mean, maxDelayS);
  if (d <= 0) return maxAttempts;
  // Retries whose base wait grows geometrically, before the cap, and the time they take.
  const growing = growingWaits(d, backoff, maxDelayS);
  const grown = backoff > 1 ? sumOfWaits(d, backoff, growing) : 0;
  // k = how many prefix sums of the waits stay within the span.
  let k: number;
  if (backoff <= 1) k = Math.floor(spanS / d) + 1;
  else if (grown > spanS) k = Math.floor(waitsSummingTo(d, backoff, spanS)) + 1;
  else k = growing + Math.floor((spanS - grown) / maxDelayS) + 1;
  return Math.min(maxAttempts, k);
}

/** Seconds a refused user retries before giving up: the sum of its maxAttempts waits (Infinity: never). */
export function giveUpAfterS(retry: RetryConfig): number {
  const { backoff: b, maxDelayS, maxAttempts: k } = retry;
  if (k === Infinity) return Infinity;
  const d = Math.min(makeDistribution(retry.delay).mean, maxDelayS);
  if (!(d > 0)) return 0;
  if (b <= 1) return k * d;
  // Waits grow geometrically up to maxDelay, then stay there.
  const growing = Math.min(k, growingWaits(d, b, maxDelayS));
  return sumOfWaits(d, b, growing) + (k - growing) * maxDelayS;
}

/**
 * Attempts of `users` users who make `each` each: none without users, even where each would make
 * endless ones (retries at once without end), so an empty product is 0, never NaN.
 */
export function attemptsOf(users: number, each: number): number {
  return users === 0 ? 0 : users * each;
}
