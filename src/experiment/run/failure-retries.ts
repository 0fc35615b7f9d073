// The retries of the users a server's failure cuts off, beyond the reconnect and the one retry the cost
// estimate counts for each: those the surviving active servers have no room for retry until a restore
// or a promotion; those with room wait their turn at the survivors' sign-in rate limits, retrying with
// back-off meanwhile. Both in constant time whatever the parameters.
import { NO_ADMISSION_LIMIT, type PoolConfig, type RetryConfig, type SimConfig } from '../../model/config.js';
import { makeDistribution } from '../../random/distributions.js';
import { roundSeats } from './bucket-rounds.js';
import { trapezoid } from './pile-up.js';
import type { LaterOutage } from './pool-outages.js';
import { attemptsOf, growingWaits, retriesWithin, sumOfWaits, waitsSummingTo } from './retry-waits.js';
import { activeServers, signInTokensPerS } from './sign-in-tokens.js';

/** What the users of one failed server add to a run. */
export interface FailureRetries {
  /** Users it cuts off. */
  readonly users: number;
  /** Retries of the users the survivors have no room for (below their admission limits). */
  readonly stranded: number;
  /** Retries beyond one each of the users with room, refused by the survivors' sign-in rate limits. */
  readonly rateLimited: number;
}

/** What the survivors of a failure serve besides its users. */
export interface FailureLoad {
  /** Users who want to be on at once, all pools together. */
  readonly offered: number;
  /** Sign-ins per second, all pools together, at the failure: they take the survivors' tokens too. */
  readonly signInsPerS: number;
}

const NONE: FailureRetries = Object.freeze({ users: 0, stranded: 0, rateLimited: 0 });

/** The servers of a failed server's pool out of service with it, and when one is back. */
export interface PoolOutage {
  /** Active servers out at the failure's instant, this one included. */
  readonly down: number;
  /** Active servers out just before it, whose users the survivors take (0 unless said). */
  readonly before?: number;
  /** Seconds since the first of those `before` went out: the survivors' sign-ins meanwhile seat their users. */
  readonly sinceS?: number;
  /** When a server of the pool is back (a scheduled failure's); unknown unless said. */
  readonly backAt?: number;
  /** The failures in the pool after this one. */
  readonly later?: readonly LaterOutage[];
}

/**
 * The retries of the users that the failure (or forced drain) of server `f.target` at `f.at` cuts off:
 * of the `load.offered` users, its pool's share spread over its active servers, and a share of those
 * of the `outage.before` out before it seated on it since, at most its admission limit. Those above the room its surviving active
 * servers have below their admission limits retry until a promotion or a restore makes room, or they
 * give up: counted as retrying to the end of the run (an upper bound; a later step of the run may seat
 * them sooner). The others are rate-limited retries ({@link rateLimitedRetries}) at the pool's servers
 * still up, whose sign-ins the `outage.down` servers of the pool out of service then (this one
 * included, serversDown in pool-outages.ts) share among their users, and fewer from each of the
 * `outage.later` failures in the pool on. Given `outage.backAt`, a failure that leaves the pool no
 * active server strands all its users until then, admission limit or not.
 */
export function failureRetries(
  config: SimConfig,
  f: { readonly at: number; readonly target: number },
  load: FailureLoad,
  outage: PoolOutage = { down: 1 },
): FailureRetries {
  const { down, before = 0, sinceS = 0, backAt, later = [] } = outage;
  const server = config.servers[f.target];
  const pool = config.pools[server?.pool ?? -1];
  if (server?.role !== 'active' || pool === undefined) return NONE;
  const limit = pool.admissionLimitPerServer;
  const active = activeServers(config, pool);
  const each = (load.offered * pool.userShare) / active;
  // The users of those out before, as many as the survivors' sign-ins (other sign-ins left out:
  // safe side) have seated since, are spread over the survivors.
  const up = active - before;
  const ratePerS = signInTokensPerS(pool, up);
  const tokens = up > 0 && sinceS > 0 ? ratePerS * sinceS : 0;
  const moved = before > 0 && up > 0 ? Math.min(before * each, tokens) / up : 0;
  const cut = Math.min(limit, each + moved);
  const none = backAt !== undefined && active - down <= 0;
  const room = none ? 0 : limit === NO_ADMISSION_LIMIT ? Infinity : (active - 1) * Math.max(0, limit - cut);
  const stranded = Math.max(0, cut - room);
  const leftS = config.durationS - f.at;
  return {
    users: cut,
    stranded: attemptsOf(
      stranded,
      retriesWithin(config.workload.retry, none ? Math.min(backAt, config.durationS) - f.at : leftS),
    ),
    rateLimited: rateLimitedRetries(config, pool, active - down, cut - stranded, {
      otherPerS: load.signInsPerS * pool.userShare,
      leftS,
      waves: down,
      later: later.map((o) => ({ afterS: o.afterS, survivors: active - o.down, waves: o.down })),
    }),
  };
}

/** From `afterS` seconds after a failure on, `survivors` active servers of its pool share their sign-ins among `waves` failures' users. */
export interface Survivors {
  readonly afterS: number;
  readonly survivors: number;
  readonly waves: number;
}

/** A stretch of a wave's wait from `startS` (seconds after its failure) on, seating `drainPerS` of its users a second. */
interface Phase {
  readonly startS: number;
  readonly drainPerS: number;
}

/**
 * Retries, beyond one each, of `seated` users reconnecting at once to a pool's `survivors` active
 * servers through their sign-in rate limits (and the pool's), while `otherPerS` other sign-ins take
 * tokens too and `waves` failures' users (these included) share the rest, within the `leftS` seconds
 * left of the run; 0 without a rate limit. Each of the `later` failures in the pool, from its instant
 * on, leaves its survivors to its waves: the users still waiting then are seated slower, never faster.
 *
 * Retries spread out (a jitter, or a random delay) find the tokens as they come: users get in at the
 * rate the survivors have left, one after another, so a user seated after s seconds has retried
 * retriesWithin(s) times. Retries in lockstep (no jitter and a fixed delay) come in rounds, and a round
 * finds at most the tokens of one second (a bucket holds one second's worth): the users still waiting
 * retry again, round after round, until the run ends if the rounds are far apart.
 *
 * Safe side: the users are counted as reconnecting at the same instant (their reconnect delays only
 * spread the wave) and as waiting until the survivors seat them (a restore or a promotion seats them
 * sooner, a session's end stops their trying); users seated while no one is waiting count nothing.
 */
export function rateLimitedRetries(
  config: SimConfig,
  pool: PoolConfig,
  survivors: number,
  seated: number,
  around: {
    readonly otherPerS: number;
    readonly leftS: number;
    readonly waves: number;
    readonly later?: readonly Survivors[];
  },
): number {
  const { otherPerS, leftS, waves, later = [] } = around;
  if (pool.signInRatePerServer === Infinity && pool.signInRatePerPool === Infinity) return 0;
  if (!(seated > 0 && leftS > 0)) return 0;
  const retry = config.workload.retry;
  const drainPerS = (up: number, sharing: number): number => {
    const ratePerS = up > 0 ? signInTokensPerS(pool, up) : 0;
    return Math.max(0, ratePerS - otherPerS) / sharing;
  };
  const phases: Phase[] = [{ startS: 0, drainPerS: drainPerS(survivors, waves) }];
  for (const o of later) {
    const slower = drainPerS(o.survivors, o.waves);
    const last = phases[phases.length - 1] as Phase;
    if (o.afterS < leftS && slower < last.drainPerS) phases.push({ startS: o.afterS, drainPerS: slower });
  }
  const retries =
    retry.jitter === 0 && retry.delay.dist === 'fixed'
      ? lockstepPhases(seated, phases, retry, leftS, {
          serverPerS: pool.signInRatePerServer,
          poolPerS: pool.signInRatePerPool,
        })
      : spreadRetries(seated, phases, retry, leftS);
  return Math.max(0, retries - seated);
}

/**
 * Attempts of `seated` users whose retries are spread out, seated evenly through each of `phases` at
 * its rate until they are all in; those still waiting at the run's end, `leftS`, retried all along.
 */
function spreadRetries(seated: number, phases: readonly Phase[], retry: RetryConfig, leftS: number): number {
  const within = (s: number): number => retriesWithin(retry, s);
  let waiting = seated;
  let attempts = 0;
  phases.forEach((p, i) => {
    const endS = Math.min(leftS, phases[i + 1]?.startS ?? leftS);
    const spanS = Math.min(waiting / p.drainPerS, endS - p.startS);
    if (!(spanS > 0)) return;
    attempts += attemptsOf(p.drainPerS, trapezoid(within, p.startS, p.startS + spanS));
    waiting -= p.drainPerS * spanS;
  });
  return attempts + attemptsOf(waiting, within(leftS));
}

/**
 * Attempts of `seated` users retrying in lockstep through `phases` within `leftS`: each phase's rounds
 * seat at its rate ({@link lockstepAttempts}) those still waiting when it starts, their waits going on
 * growing from where the phase before left them.
 */
function lockstepPhases(
  seated: number,
  phases: readonly Phase[],
  retry: RetryConfig,
  leftS: number,
  buckets: Buckets,
): number {
  const maxRounds = retriesWithin(retry, leftS);
  let delayS = makeDistribution(retry.delay).mean;
  let waiting = seated;
  let rounds = 0;
  let attempts = 0;
  for (let i = 0; i < phases.length && waiting > 0 && rounds < maxRounds; i++) {
    const p = phases[i] as Phase;
    const next = phases[i + 1];
    const r = { ...retry, delay: { dist: 'fixed', mean: delayS } as const };
    // The rounds that start before the next phase does, at most those the run has left.
    const span = next === undefined ? Infinity : next.startS - p.startS;
    const n = Math.min(maxRounds - rounds, retriesWithin({ ...r, maxAttempts: Infinity }, span));
    const done = lockstepAttempts(waiting, p.drainPerS, r, n, buckets);
    attempts += done;
    // Those who attempt in round n + 1 are still waiting after round n.
    if (next !== undefined) waiting = lockstepAttempts(waiting, p.drainPerS, r, n + 1, buckets) - done;
    rounds += n;
    delayS = Math.min(delayS * Math.pow(retry.backoff, n), retry.maxDelayS);
  }
  return attempts;
}

/** Sign-ins a second of each surviving server's bucket and of the pool's (Infinity: no limit). */
export interface Buckets {
  readonly serverPerS: number;
  readonly poolPerS: number;
}

const UNLIMITED: Buckets = Object.freeze({ serverPerS: Infinity, poolPerS: Infinity });
/** Waits of rounds after the first steady one followed for the buckets' share (assumption: backoff reaches maxDelay well within). */
const MAX_WAITS = 200;

/**
 * Attempts of `seated` users retrying in lockstep, at most `maxRounds` rounds, while `drainPerS` tokens
 * a second are theirs. Round 1 is their reconnect; round j + 1 comes min(delay × backoff^(j − 1),
 * maxDelay) after round j, and finds the tokens of that wait, at most of one second (a bucket holds one
 * second's worth): the first rounds of a delay under a second find fewer, and with a backoff the waits,
 * so the rounds' tokens, grow round by round. Round 1 is counted as finding the first wait's tokens
 * (safe side: the buckets are fuller before a failure). The rounds once the waits stop growing below a
 * second find the share of those tokens that `buckets` give rounds so far apart (bucket-rounds.ts: a
 * bucket full between two rounds loses its refill), the least over their waits. In closed form: the
 * growing rounds sum as a geometric series, the rounds after them each seat the same.
 */
export function lockstepAttempts(
  seated: number,
  drainPerS: number,
  retry: RetryConfig,
  maxRounds: number,
  buckets: Buckets = UNLIMITED,
): number {
  const d = makeDistribution(retry.delay).mean;
  const b = retry.backoff;
  // The most a round's tokens come to: one second's, or the longest wait's.
  const full = Math.min(1, retry.maxDelayS);
  // m rounds whose wait grows geometrically below `full`, seating drain · d · b^(j − 1) each.
  const m = growingWaits(d, b, full);
  const unitS = m > 0 ? full : Math.min(full, d);
  const steadyS = Math.min(m > 0 ? d * Math.pow(b, m) : d, retry.maxDelayS);
  const perRound = drainPerS * unitS * bucketShare(buckets, retry, steadyS, unitS);
  const q = drainPerS * d;
  // Seated after the first k growing rounds, and those seated before each of the first n, summed.
  const seatedBy = (k: number): number => sumOfWaits(q, b, k);
  const seatedBefore = (n: number): number => (q / (b - 1)) * ((Math.pow(b, n) - 1) / (b - 1) - n);
  const grown = m > 0 ? seatedBy(m) : 0;
  let rounds: number;
  if (seated <= grown) {
    rounds = Math.max(1, Math.ceil(waitsSummingTo(q, b, seated)));
    // Rounding: never past the round that seats the last of them.
    if (rounds > 1 && seatedBy(rounds - 1) >= seated) rounds--;
  } else rounds = m + Math.ceil((seated - grown) / perRound);
  const n = Math.min(rounds, maxRounds);
  if (n <= m) return n * seated - (m > 0 ? seatedBefore(n) : 0);
  const after = n - m;
  // With no tokens (perRound and grown 0) and no end to the rounds, every round retries everyone.
  const laterSeated =
    (grown > 0 ? after * grown : 0) + (perRound > 0 ? (perRound * after * (after - 1)) / 2 : 0);
  return n * seated - (m > 0 ? seatedBefore(m) : 0) - laterSeated;
}

/**
 * The least share, over the waits of the rounds from one of `firstS` on (growing by the backoff up to
 * maxDelay), of `unitS` seconds' tokens that `buckets` give a round; at most 1.
 */
function bucketShare(buckets: Buckets, retry: RetryConfig, firstS: number, unitS: number): number {
  if (!(unitS > 0 && firstS > 0)) return 1;
  let share = 1;
  let waitS = firstS;
  for (let k = 0; k < MAX_WAITS; k++) {
    for (const ratePerS of [buckets.serverPerS, buckets.poolPerS])
      if (ratePerS < Infinity) share = Math.min(share, roundSeats(ratePerS, waitS) / (ratePerS * unitS));
    if (!(retry.backoff > 1) || waitS >= retry.maxDelayS) break;
    waitS = Math.min(waitS * retry.backoff, retry.maxDelayS);
  }
  return share;
}
