// What `sweep` checks before anything runs: the grid bound to the scenario, every point validated,
// `warmup: auto`, the shard count against the tasks, and the up-front cost of this shard's points.
import type { SimConfig } from '../../model/config.js';
import { refuseCostly } from '../run/cost-estimate.js';
import { checkAutoWarmup } from '../run/check-auto-warmup.js';
import { readScenarioData } from '../run/scenario-data.js';
import { checkShardTasks } from '../shards/check-shard-tasks.js';
import type { Shard } from '../shards/shard.js';
import { bindUsers, checkArrivalAxes, parseSet, type SweepAxis } from './sweep-spec.js';
import { sweepPoints, type SweepPoint } from './sweep.js';

/** The sweep as the command asks for it. */
export interface SweepRequest {
  /** `--set key=values`, as typed. */
  readonly sets: readonly string[];
  readonly replications: number;
  readonly shard: Shard | null;
  /** `--warmup`: seconds, `auto`, or null without the option. */
  readonly warmupS: number | 'auto' | null;
  /** --yes: run past the cost limits. */
  readonly yes: boolean;
}

/** The checked sweep: the base scenario, its axes and every grid point. */
export interface PreparedSweep {
  readonly config: SimConfig;
  readonly axes: SweepAxis[];
  readonly points: SweepPoint[];
}

/** Reads `file` and checks the whole grid. @throws ScenarioError, UsageError */
export async function prepareSweep(file: string, r: SweepRequest): Promise<PreparedSweep> {
  const parsed = r.sets.map(parseSet);
  const { config, data, profileFile } = await readScenarioData(file);
  const axes = bindUsers(parsed, config);
  checkArrivalAxes(data, axes, profileFile);
  const points = sweepPoints(file, data, axes, r.warmupS);
  checkAutoWarmup(
    points.map((p) => p.config),
    file,
    r.warmupS,
  );
  checkShardTasks(r.shard, points.length * r.replications);
  const runs = r.shard === null ? points.length : Math.ceil(points.length / r.shard.count);
  refuseCostly(
    points.slice(0, runs).map((p) => p.config),
    r.replications,
    file,
    r.yes,
  );
  return { config, axes, points };
}
