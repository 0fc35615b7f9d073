// branch's cost policy: the same limits and runtime guard as every command's, applied to the runs of a
// branch. Each run is estimated whole, from t = 0: a resumed run writes the whole run's files and its
// events counter carries on from the checkpoint's, so the guard compares like with like.
import type { SimConfig } from '../../model/config.js';
import { estimateCost, estimateRuns, refuseCostly, type EventLogUse } from '../run/cost-estimate.js';
import { runGuard, type RunGuard } from '../run/run-guard.js';
import type { OpenCheckpoint } from './open-checkpoint.js';

/** What a continuation does with its event log: a single run streams it, replications keep it. */
function eventLog(cp: OpenCheckpoint): EventLogUse {
  return cp.header.experiment === null ? 'streamed' : 'kept';
}

/**
 * Refuses, before anything runs, the branch's runs (`configs`: base, then every point, each continuing
 * every replication of `cp`) beyond the cost limits, unless `yes`. `configs` is walked to its end
 * either way (estimated before the limits are looked at), so a grid checked as it comes is checked whole.
 * @throws UsageError naming the checkpoint, with the estimate, asking for --yes
 */
export function refuseBranchCost(cp: OpenCheckpoint, configs: Iterable<SimConfig>, yes: boolean): void {
  refuseCostly(configs, cp.header.replications.length, cp.path, yes, eventLog(cp));
}

/** The guard of each replication of a continuation of `cp` with `config` (4 times its events unless `confirmed`). */
export function branchGuard(cp: OpenCheckpoint, config: SimConfig, confirmed: boolean): RunGuard {
  const runs = estimateRuns([config], cp.header.replications.length, eventLog(cp));
  return runGuard(estimateCost(config), runs, confirmed);
}
