// The retries of the users a server's failure cuts off, beyond the reconnect and the one retry the cost
// estimate counts for each: those the surviving active servers have no room for retry until a restore
// or a promotion; those with room wait their turn at the survivors' sign-in rate limits, retrying with
// back-off meanwhile. Both in constant time whatever the parameters.
import {
  NO_ADMISSION_LIMIT,
  type FaultAction,
  type PoolConfig,
  type RandomFaultConfig,
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
 * pool out of service then (this one included, {@link serversDown}) share among their users.
 */
export function failureRetries(
  config: SimConfig,
  f: { readonly at: number; readonly target: number },
  load: FailureLoad,
  down = 1,
): FailureRetries {
  const server = config.servers[f.target];
  const pool = config.pools[server?.pool ?? -1];
  if (server?.role !== 'active' || pool === undefined) return NONE;
  const limit = pool.admissionLimitPerServer;
  const active = pool.servers.filter((s) => config.servers[s]?.role === 'active').length;
  const cut = Math.min(limit, (load.offered * pool.userShare) / active);
  const room = limit === NO_ADMISSION_LIMIT ? Infinity : (active - 1) * Math.max(0, limit - cut);
  const stranded = Math.max(0, cut - room);
  const leftS = config.durationS - f.at;
  return {
    stranded: stranded * retriesWithin(config.workload.retry, leftS),
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
    // Round j (j ≥ 1) is the retry of those the j − 1 rounds before it did not seat.
    const perRound = drainPerS * Math.min(1, retry.delay.mean);
    const rounds = Math.min(Math.ceil(seated / perRound), retriesWithin(retry, leftS));
    retries = rounds * seated - (perRound * rounds * (rounds - 1)) / 2;
  } else {
    // Seated evenly over spanS at drainPerS; those still waiting at the run's end retried all along.
    const spanS = Math.min(seated / drainPerS, leftS);
    retries =
      drainPerS * retriesIntegral(retry, spanS) + (seated - drainPerS * spanS) * retriesWithin(retry, leftS);
  }
  return Math.max(0, retries - seated);
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
