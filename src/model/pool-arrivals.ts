// The open model's arrivals: per pool, a piecewise-constant Poisson process at the workload's rate
// times the pool's share of users, drawn from the arrivals stream; one pending arrival per pool.
import type { Simulator } from '../engine/simulator.js';
import { PiecewiseRate } from '../random/poisson-process.js';
import type { Rng } from '../random/rng.js';
import type { SimConfig } from './config.js';
import * as E from './event-kinds.js';

/** Schedules each pool's arrivals, one at a time (an arrival schedules the next). */
export class PoolArrivals {
  private readonly procs: readonly PiecewiseRate[];

  constructor(
    private readonly config: SimConfig,
    private readonly sim: Simulator,
    private readonly rng: Rng,
  ) {
    const points = config.workload.arrivals;
    this.procs =
      points === null
        ? []
        : config.pools.map(
            (p) => new PiecewiseRate(points.map((x) => ({ at: x.at, rate: x.rate * p.userShare }))),
          );
  }

  /** Schedules every pool's first arrival (at t = 0). */
  startAll(): void {
    for (let pool = 0; pool < this.procs.length; pool++) this.scheduleNext(pool);
  }

  /** Schedules pool `pool`'s next arrival after now; none past the end of the run, nor for a pool without arrivals. */
  scheduleNext(pool: number): void {
    const proc = this.procs[pool];
    if (proc === undefined) return;
    const next = proc.nextArrival(this.sim.now, this.rng);
    if (next <= this.config.durationS) this.sim.schedule(next, E.EV_ARRIVAL, pool);
  }
}
