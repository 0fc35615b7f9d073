// `initialConnected: stationary`: per pool, the distribution of the users on at t = 0 of the pool as
// a loss system without failures (open: Poisson truncated at the pool's admission total or its mean
// + 40σ; closed: Engset, at most the pool's users), so a run starts in steady state however short it is.
import { makeDistribution } from '../random/distributions.js';
import { TruncatedCount } from '../random/stationary-count.js';
import type { Rng } from '../random/rng.js';
import type { PoolConfig, ServerConfig, SimConfig, WorkloadConfig } from './config.js';
import { splitByShare } from './streams.js';

type Workload = Pick<WorkloadConfig, 'arrivals' | 'population' | 'offTime' | 'session'>;

/** Per pool, the stationary distribution of its users on at t = 0 (active servers' admission in all). */
export function stationaryCounts(
  pools: readonly PoolConfig[],
  servers: readonly ServerConfig[],
  w: Workload,
): TruncatedCount[] {
  const session = makeDistribution(w.session).mean;
  const population =
    w.population === null
      ? null
      : splitByShare(
          w.population,
          pools.map((p) => p.userShare),
        );
  return pools.map((p, i) => {
    const limit = p.servers
      .filter((s) => servers[s]?.role === 'active')
      .reduce((sum) => sum + p.admissionLimitPerServer, 0);
    if (population !== null && w.offTime !== null) {
      const off = makeDistribution(w.offTime).mean;
      return TruncatedCount.engset(population[i] ?? 0, off > 0 ? session / off : Infinity, limit);
    }
    const a = (w.arrivals?.[0]?.rate ?? 0) * p.userShare * session;
    // Beyond the mean + 40σ the weights are below the smallest double: the same distribution, and a
    // finite table when the servers have no admission limit.
    return TruncatedCount.poisson(a, Math.min(limit, Math.ceil(a + 40 * Math.sqrt(a) + 40)));
  });
}

/** The expected users on at t = 0, all pools, rounded (sizes tables and scales `plan`). */
export function expectedStationary(
  pools: readonly PoolConfig[],
  servers: readonly ServerConfig[],
  w: Workload,
): number {
  return Math.round(stationaryCounts(pools, servers, w).reduce((a, c) => a + c.mean, 0));
}

/** The users of each pool at t = 0: how many are on, and (closed model) how many there are in all. */
export interface StartingUsers {
  readonly on: readonly number[];
  /** Per pool, its share of the closed population; null for an open model. */
  readonly population: readonly number[] | null;
}

/**
 * Splits the workload's users at t = 0 over the pools: stationary counts drawn from `rng`, or the
 * initial users split by share. A closed pool's initial users are a share of its own population, so
 * they never outnumber it.
 */
export function startingUsers(config: SimConfig, rng: Rng): StartingUsers {
  const w = config.workload;
  const shares = config.pools.map((p) => p.userShare);
  const population = w.population === null ? null : splitByShare(w.population, shares);
  const on = w.initialStationary
    ? stationaryCounts(config.pools, config.servers, w).map((c) => c.sample(rng))
    : splitByShare(
        w.initialConnected,
        population === null || w.population === 0
          ? shares
          : population.map((n) => n / (w.population as number)),
      );
  return { on, population };
}
