// The servers of a pool that take sign-ins, and the sign-in tokens a second they and the pool give:
// the one count of a pool's seating speed every part of the cost estimate uses.
import type { PoolConfig, SimConfig } from '../../model/config.js';

/** Active servers of pool `p` (its standbys take no sign-in until promoted). */
export function activeServers(config: SimConfig, p: PoolConfig): number {
  return p.servers.filter((s) => config.servers[s]?.role === 'active').length;
}

/**
 * Sign-in tokens a second that `servers` servers of pool `p` and the pool itself give, the most the
 * pool seats: min(servers × signInRatePerServer, signInRatePerPool); Infinity without a limit.
 */
export function signInTokensPerS(p: PoolConfig, servers: number): number {
  return Math.min(servers * p.signInRatePerServer, p.signInRatePerPool);
}
