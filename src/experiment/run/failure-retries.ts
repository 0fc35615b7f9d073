// The retries of the users a server's failure cuts off, beyond the reconnect and the one retry the cost
// estimate counts for each: those the surviving active servers have no room for retry until a restore
// or a promotion; those with room wait their turn at the survivors' sign-in rate limits, retrying with
// back-off meanwhile. Both in constant time whatever the parameters.
import {
  NO_ADMISSION_LIMIT,
  type FaultAction,
  type PoolConfig,
  type RandomFaultConfig,
  type RetryConfig,
  type SimConfig,
} from '../../model/config.js';
import { makeDistribution } from '../../random/distributions.js';
import { retriesIntegral, retriesWithin } from './pile-up.js';

/** What the users of one failed server add to a run. */
export interface FailureRetries {
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

const NONE: FailureRetries = Object.freeze({ stranded: 0, rateLimited: 0 });

/**
 * The retries of the users that the failure (or forced drain) of server `f.target` at `f.at` cuts off:
 * of the `load.offered` users, its pool's share spread over its active servers, at most its admission
 * limit. Those above the room its surviving active servers have below their admission limits retry
 * until a promotion or a restore makes room, or they give up: counted as retrying to the end of the run
 * (an upper bound; a later step of the run may seat them sooner). The others are rate-limited retries
 * ({@link rateLimitedRetries}) at the pool's servers still up, whose sign-ins the `down` servers of the
 * pool out of service then (this one included, {@link serversDown}) share among their users. Given
 * `backAt`, the instant a server of the pool is back (a scheduled failure's), a failure that leaves the
 * pool no active server strands all its users until then, admission limit or not.
 */
export function failureRetries(
  config: SimConfig,
  f: { readonly at: number; readonly target: number },
  load: FailureLoad,
  down = 1,
  backAt?: number,
): FailureRetries {
  const server = config.servers[f.target];
  const pool = config.pools[server?.pool ?? -1];
  if (server?.role !== 'active' || pool === undefined) return NONE;
  const limit = pool.admissionLimitPerServer;
  const active = pool.servers.filter((s) => config.servers[s]?.role === 'active').length;
  const cut = Math.min(limit, (load.offered * pool.userShare) / active);
  const none = backAt !== undefined && active - down <= 0;
  const room = none ? 0 : limit === NO_ADMISSION_LIMIT ? Infinity : (active - 1) * Math.max(0, limit - cut);
  const stranded = Math.max(0, cut - room);
  const leftS = config.durationS - f.at;
  return {
    stranded:
      stranded *
      retriesWithin(config.workload.retry, none ? Math.min(backAt, config.durationS) - f.at : leftS),
    rateLimited: rateLimitedRetries(config, pool, active - down, cut - stranded, {
      otherPerS: load.signInsPerS * pool.userShare,
      leftS,
      waves: down,
    }),
  };
}

/**
 * Retries, beyond one each, of `seated` users reconnecting at once to a pool's `survivors` active
 * servers through their sign-in rate limits (and the pool's), while `otherPerS` other sign-ins take
 * tokens too and `waves` failures' users (these included) share the rest, within the `leftS` seconds
 * left of the run; 0 without a rate limit.
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
  around: { readonly otherPerS: number; readonly leftS: number; readonly waves: number },
): number {
  const { otherPerS, leftS, waves } = around;
  if (pool.signInRatePerServer === Infinity && pool.signInRatePerPool === Infinity) return 0;
  if (!(seated > 0 && leftS > 0)) return 0;
  const retry = config.workload.retry;
  const ratePerS = survivors > 0 ? Math.min(survivors * pool.signInRatePerServer, pool.signInRatePerPool) : 0;
  const drainPerS = Math.max(0, ratePerS - otherPerS) / waves;
  let retries: number;
  if (retry.jitter === 0 && retry.delay.dist === 'fixed') {
    retries = lockstepAttempts(seated, drainPerS, retry, retriesWithin(retry, leftS));
  } else {
    // Seated evenly over spanS at drainPerS; those still waiting at the run's end retried all along.
    const spanS = Math.min(seated / drainPerS, leftS);
    retries =
      drainPerS * retriesIntegral(retry, spanS) + (seated - drainPerS * spanS) * retriesWithin(retry, leftS);
  }
  return Math.max(0, retries - seated);
}

/**
 * Attempts of `seated` users retrying in lockstep, at most `maxRounds` rounds, while `drainPerS` tokens
 * a second are theirs. Round 1 is their reconnect; round j + 1 comes min(delay × backoff^(j − 1),
 * maxDelay) after round j, and finds the tokens of that wait, at most of one second (a bucket holds one
 * second's worth): the first rounds of a delay under a second find fewer, and with a backoff the waits,
 * so the rounds' tokens, grow round by round. Round 1 is counted as finding the first wait's tokens
 * (safe side: the buckets are fuller before a failure). In closed form: the growing rounds sum as a
 * geometric series, the rounds after them each seat the same.
 */
export function lockstepAttempts(
  seated: number,
  drainPerS: number,
  retry: RetryConfig,
  maxRounds: number,
): number {
  const d = makeDistribution(retry.delay).mean;
  const b = retry.backoff;
  // The most a round's tokens come to: one second's, or the longest wait's.
  const full = Math.min(1, retry.maxDelayS);
  // m rounds whose wait grows geometrically below `full`, seating drain · d · b^(j − 1) each.
  const m = b > 1 && d > 0 && d < full ? Math.ceil(Math.log(full / d) / Math.log(b)) : 0;
  const perRound = drainPerS * (m > 0 ? full : Math.min(full, d));
  const q = drainPerS * d;
  // Seated after the first k growing rounds, and those seated before each of the first n, summed.
  const seatedBy = (k: number): number => (q * (Math.pow(b, k) - 1)) / (b - 1);
  const seatedBefore = (n: number): number => (q / (b - 1)) * ((Math.pow(b, n) - 1) / (b - 1) - n);
  const grown = m > 0 ? seatedBy(m) : 0;
  let rounds: number;
  if (seated <= grown) {
    rounds = Math.max(1, Math.ceil(Math.log((seated * (b - 1)) / q + 1) / Math.log(b)));
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
 * The rate-limited retries of one failure of each server of random fault `r`, summed over its servers:
 * every other active server of the pool that `r` fails is down mttr / (mtbf + mttr) of the time, and
 * those down when one fails share its survivors, weighed by their binomial chances.
 */
export function randomFailureRetries(config: SimConfig, r: RandomFaultConfig, load: FailureLoad): number {
  const mttr = makeDistribution(r.mttr).mean;
  const cycle = makeDistribution(r.mtbf).mean + mttr;
  const p = cycle > 0 ? mttr / cycle : 1;
  const active = r.servers.filter((s) => config.servers[s]?.role === 'active');
  let total = 0;
  for (const s of active) {
    const pool = config.servers[s]?.pool;
    const others = active.filter((o) => o !== s && config.servers[o]?.pool === pool).length;
    // chance = C(others, j) p^j (1 − p)^(others − j), for j others down with it.
    let chance = Math.pow(1 - p, others);
    for (let j = 0; j <= others; j++) {
      if (chance > 0) total += chance * failureRetries(config, { at: 0, target: s }, load, 1 + j).rateLimited;
      chance = p < 1 ? (chance * (others - j) * p) / ((j + 1) * (1 - p)) : j + 1 === others ? 1 : 0;
    }
  }
  return total;
}

/**
 * When the pool of `f`'s server has a server back after `f`: the first restore or activation of one of
 * its servers scheduled from `f.at` on, or the administrator's promotion of a standby
 * (`failover.promoteStandbyAfter`); Infinity if none.
 */
export function backInService(config: SimConfig, f: FaultAction): number {
  const pool = config.servers[f.target]?.pool;
  const hasStandby = config.servers.some((s) => s.pool === pool && s.role === 'standby');
  let at = hasStandby ? f.at + config.failover.promoteStandbyAfter : Infinity;
  for (const g of config.faults)
    if (TAKES_OUT[g.kind] === false && g.at >= f.at && config.servers[g.target]?.pool === pool)
      at = Math.min(at, g.at);
  return at;
}

/** Kinds whose target is a server: true if they take it out of service, false if they put it back. */
const TAKES_OUT: Partial<Readonly<Record<FaultAction['kind'], boolean>>> = {
  fail: true,
  drain: true,
  restore: false,
  activate: false,
};

/**
 * For each of `config.faults` that fails or drains an active server, the active servers of its pool
 * out of service at its instant (failed or drained, not restored or activated since), itself included;
 * 0 for the others. Standby servers activated meanwhile are not counted (safe side).
 */
export function serversDown(config: SimConfig): Int32Array {
  const faults = config.faults;
  const out = new Int32Array(faults.length);
  const down = new Uint8Array(config.servers.length);
  const poolDown = new Int32Array(config.pools.length);
  const atOf = (i: number): number => (faults[i] as FaultAction).at;
  /** The pool of fault `i`'s server if it is a server fault on an active server, else -1. */
  const poolOf = (i: number): number => {
    const f = faults[i] as FaultAction;
    const server = config.servers[f.target];
    return TAKES_OUT[f.kind] !== undefined && server?.role === 'active' ? server.pool : -1;
  };
  const order = faults.map((_, i) => i).sort((a, b) => atOf(a) - atOf(b));
  for (let g = 0; g < order.length;) {
    // The faults of one instant are applied together: each failure among them sees them all.
    let end = g;
    for (; end < order.length && atOf(order[end] as number) === atOf(order[g] as number); end++) {
      const i = order[end] as number;
      const pool = poolOf(i);
      const target = (faults[i] as FaultAction).target;
      const takesOut = TAKES_OUT[(faults[i] as FaultAction).kind] === true ? 1 : 0;
      if (pool < 0 || down[target] === takesOut) continue;
      down[target] = takesOut;
      poolDown[pool] = (poolDown[pool] as number) + (takesOut === 1 ? 1 : -1);
    }
    for (; g < end; g++) {
      const i = order[g] as number;
      const pool = poolOf(i);
      if (pool >= 0 && TAKES_OUT[(faults[i] as FaultAction).kind] === true) out[i] = poolDown[pool] as number;
    }
  }
  return out;
}
