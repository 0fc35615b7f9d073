// The most users a scenario can ever have, per pool, at once on all pools, and in all: the bounds
// summary.json states beside the figures they bound (peakBound, users.bound).
import type { ChatWorld } from './chat-world.js';
import { NO_ADMISSION_LIMIT, type SimConfig } from './config.js';
import { splitByShare } from './streams.js';

/**
 * Per pool, the most users it can ever have (as ChatWorld.start places them): its share of a closed
 * population; with neither arrivals nor population, its share of the users on at t = 0 (dropped users
 * come back, nobody new arrives); otherwise (arrivals, or a stationary start) no finite bound.
 */
export function poolUserBounds(config: SimConfig): number[] {
  const w = config.workload;
  const shares = config.pools.map((p) => p.userShare);
  if (w.population !== null) return splitByShare(w.population, shares);
  if (w.arrivals === null && !w.initialStationary) return splitByShare(w.initialConnected, shares);
  return shares.map(() => Infinity);
}

/**
 * The most users all pools can hold at once: per pool, its servers' admission limits or its users if
 * fewer; null when some pool has neither (no admission limit and arrivals).
 */
export function connectedBound(world: ChatWorld): number | null {
  const { servers: sv, config } = world;
  const poolUsers = poolUserBounds(config);
  const bound = config.pools.reduce((sum, p, i) => {
    const admission = p.servers.reduce((a, s) => a + admissionOf(sv.admission[s] as number), 0);
    return sum + Math.min(admission, poolUsers[i] ?? Infinity);
  }, 0);
  return Number.isFinite(bound) ? bound : null;
}

/** A server's admission limit, Infinity for none. */
export function admissionOf(limit: number): number {
  return limit === NO_ADMISSION_LIMIT ? Infinity : limit;
}

/**
 * The most distinct users the scenario can have, and so the most that can wait at once: all pools' users
 * (a closed population, or the users on at t = 0); null when unbounded.
 */
export function usersBound(config: SimConfig): number | null {
  const users = poolUserBounds(config).reduce((a, b) => a + b, 0);
  return Number.isFinite(users) ? users : null;
}
