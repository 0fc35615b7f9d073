// plan's cost policy: what a plan is expected to simulate, checked against the cost limits before
// anything runs, and the runtime guard of each of its runs (the same limits and guard as every
// command's).
import type { SimConfig } from '../../model/config.js';
import { estimateCost, estimateRuns, refuseCostly } from '../run/cost-estimate.js';
import { runGuard, type RunGuard } from '../run/run-guard.js';
import { planRunSettings, type PlanOptions } from './plan-evaluator.js';
import { buildVariant, planWarmupS, type PlanTemplate } from './plan-variant.js';

/** Evaluations of the sizing step per pool: 1 to 4 active servers with 0 to 4 standby, the checks beyond (assumption: the searches add about as many). */
const PLAN_EVALUATIONS_PER_POOL = 2 * (4 * 5 + 2);

/**
 * Share of candidates expected to straddle a target until `maxReplications` (assumption, from
 * measured plans: 0 of 25 candidates in the walkthrough's `plan n-minus-1-refused --users 60000`,
 * 2 of 22 in `plan default.yaml`; a deliberately borderline test scenario has 4 of 10).
 */
export const STRADDLING_SHARE = 0.1;

/**
 * Replications a candidate is expected to run, for the up-front cost estimate: most candidates lie
 * clearly on one side of every target and stop after the first batch; {@link STRADDLING_SHARE} of them
 * run to the maximum. Neither the first batch nor the maximum.
 */
export function expectedReplications(first: number, max: number): number {
  return first + STRADDLING_SHARE * Math.max(0, max - first);
}

/** Replications a candidate of a plan with `o` is expected to run. */
function candidateReplications(o: PlanOptions): number {
  return expectedReplications(o.replications, o.maxReplications);
}

/**
 * The plan's cost up front: its evaluations at the users it sizes for (each pool its share), each with the replications a
 * candidate is expected to run (expectedReplications: not the first batch, not the maximum).
 * @throws UsageError
 */
export function refusePlanCost(t: PlanTemplate, o: PlanOptions, yes: boolean): void {
  const users = o.users ?? t.config.workload.initialConnected;
  // Every candidate runs a set time after the failure; its instant is not known yet: assume mid-run,
  // and never inside the warm-up (plan.ts moves a failure found there to its end).
  const run = planRunSettings(t, o);
  const failAtS = Math.max(o.failAtS ?? t.config.durationS / 2, planWarmupS(t, o.warmupS));
  const configs = t.config.pools.map(
    (p, pool) =>
      buildVariant(
        t,
        {
          pool,
          count: null,
          users: Math.round(users * p.userShare),
          failed: 0,
          failAtS,
        },
        run,
      ).config,
  );
  const evaluations = configs.flatMap((c) => Array.from({ length: PLAN_EVALUATIONS_PER_POOL }, () => c));
  refuseCostly(evaluations, candidateReplications(o), t.file, yes);
}

/**
 * The guard of each run of a candidate `config` (its own servers, users and failure): 4 times the
 * events of one of its runs unless `confirmed` (--yes); memory as for its expected replications.
 */
export function planGuard(config: SimConfig, o: PlanOptions, confirmed: boolean): RunGuard {
  return runGuard(estimateCost(config), estimateRuns([config], candidateReplications(o)), confirmed);
}
